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
