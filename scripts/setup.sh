#!/usr/bin/env bash
# Installs everything Merit needs to build and test, idempotently:
# Debian's C toolchain, clang, libclang-dev, protobuf-compiler, libssl-dev and pkg-config, Node.js
# and npm; the wasm targets, rust-src, rustfmt and clippy.
# Safe to run many times; does nothing when everything is already there.
set -euo pipefail

need_apt=()
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
dpkg -s libclang-dev >/dev/null 2>&1 || need_apt+=(libclang-dev)
# The system OpenSSL, instead of compiling OpenSSL's C sources (scripts/env.sh).
dpkg -s libssl-dev >/dev/null 2>&1 || need_apt+=(libssl-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
# Node.js runs the polkadot.js client check in the tests.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
bash "$(dirname "$0")/apt-install.sh" ${need_apt[@]+"${need_apt[@]}"}

if ! command -v rustup >/dev/null 2>&1; then
  echo "setup: rustup is required (https://rustup.rs) and was not found" >&2
  exit 1
fi
installed_targets=$(rustup target list --installed)
for t in wasm32-unknown-unknown wasm32v1-none; do
  grep -qx "$t" <<<"$installed_targets" || rustup target add "$t"
done
installed_components=$(rustup component list --installed)
for c in rust-src rustfmt clippy; do
  grep -q "^$c" <<<"$installed_components" || rustup component add "$c"
done
