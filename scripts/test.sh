#!/usr/bin/env bash
# The README's test command: installs what is missing, builds the workspace once in release
# mode, then runs every test (unit tests, end-to-end tests against real nodes, a polkadot.js
# client against a node), the formatting check and clippy's panic lints on the runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/build.sh
built=$(date +%s)
echo "test: build took $((built - start)) s"

cargo fmt --all -- --check
# The stock-client check (tests/tests/polkadot_js.rs) drives @polkadot/api from Node.js.
npm ci --prefix tests/js --silent --no-audit --no-fund
cargo test --release --locked --workspace
tested=$(date +%s)
echo "test: tests took $((tested - built)) s"

# The runtime never panics: clippy denies unwrap/expect/indexing/unchecked arithmetic there.
SKIP_WASM_BUILD=1 cargo clippy --release --locked -p merit-runtime -- -D warnings
echo "test: clippy took $(( $(date +%s) - tested )) s; all done in $(( $(date +%s) - start )) s"
