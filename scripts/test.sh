#!/usr/bin/env bash
# The README's test command: installs what is missing, builds the workspace once in release
# mode, then runs every test (unit tests, end-to-end tests against real nodes, a polkadot.js
# client against a node), the pallets' benchmarks as tests, the formatting check and clippy's
# panic lints on the runtime and its pallets.
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

# Every pallet benchmark runs once as a test (`impl_benchmark_test_suite!`).
SKIP_WASM_BUILD=1 cargo test --release --locked \
	-p pallet-merit-subnets -p pallet-merit-staking -p pallet-merit-consensus -p pallet-merit-slashing \
	--features pallet-merit-subnets/runtime-benchmarks,pallet-merit-staking/runtime-benchmarks \
	--features pallet-merit-consensus/runtime-benchmarks,pallet-merit-slashing/runtime-benchmarks
benched=$(date +%s)
echo "test: benchmark tests took $((benched - tested)) s"
tested=$benched

# The runtime never panics: clippy denies unwrap/expect/indexing/unchecked arithmetic in the
# runtime and every crate it is built from.
SKIP_WASM_BUILD=1 cargo clippy --release --locked \
	-p merit-runtime -p merit-primitives \
	-p pallet-merit-subnets -p pallet-merit-subnets-runtime-api \
	-p pallet-merit-staking -p pallet-merit-staking-runtime-api \
	-p pallet-merit-consensus -p pallet-merit-consensus-runtime-api -p pallet-merit-slashing \
	-- -D warnings
echo "test: clippy took $(( $(date +%s) - tested )) s; all done in $(( $(date +%s) - start )) s"
