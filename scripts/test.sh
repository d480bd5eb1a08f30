#!/usr/bin/env bash
# The README's test command: installs what is missing, builds the workspace once in release
# mode, then runs every test (unit tests, end-to-end tests against real nodes, a polkadot.js
# client against a node), the pallets' benchmarks as tests and the formatting check. The build
# itself denies clippy's warnings and panic lints in the runtime and every crate it is built
# from (scripts/lint-rustc.sh): the runtime never panics.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/build.sh
source scripts/env.sh
built=$(date +%s)
echo "test: build took $((built - start)) s"

cargo fmt --all -- --check
# The stock-client check (tests/tests/polkadot_js.rs) drives @polkadot/api from Node.js.
npm ci --prefix tests/js --silent --no-audit --no-fund
cargo test --release --locked --workspace
# Scores are the golden bytes on other CPUs too: no AVX or FMA (qemu), AVX2 and FMA, aarch64.
bash scripts/cross-cpu.sh
tested=$(date +%s)
echo "test: tests took $((tested - built)) s"

# Every pallet benchmark runs once as a test (`impl_benchmark_test_suite!`). Benchmark code
# may panic (it is never in a production runtime), so it is not linted.
env -u RUSTC_WORKSPACE_WRAPPER SKIP_WASM_BUILD=1 cargo test --release --locked \
	-p pallet-merit-subnets -p pallet-merit-staking -p pallet-merit-consensus -p pallet-merit-slashing \
	--features pallet-merit-subnets/runtime-benchmarks,pallet-merit-staking/runtime-benchmarks \
	--features pallet-merit-consensus/runtime-benchmarks,pallet-merit-slashing/runtime-benchmarks
echo "test: benchmark tests took $(( $(date +%s) - tested )) s; all done in $(( $(date +%s) - start )) s"
