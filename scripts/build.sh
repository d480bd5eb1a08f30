#!/usr/bin/env bash
# Builds the whole workspace in release mode: the node (with its runtime Wasm) and the test
# crates, in one feature resolution, so the README's run and test commands share one build.
# The runtime's crates are linted with clippy as they compile (scripts/env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
if [ -n "${SKIP_WASM_BUILD:-}" ]; then
  echo "build: SKIP_WASM_BUILD is set; unset it: the node needs the runtime's Wasm" >&2
  exit 1
fi
cargo build --release --locked --workspace
# The runtime's code as an upgrade proposal carries it, and its hash (what
# `System::authorize_upgrade` names, and what operators compare: docs/upgrades.md).
wasm=target/release/wbuild/merit-runtime/merit_runtime.compact.compressed.wasm
echo "build: runtime $wasm: blake2-256 0x$(b2sum -l 256 "$wasm" | cut -d' ' -f1)," \
  "$(stat -c %s "$wasm") bytes, $(rustc --version)"
