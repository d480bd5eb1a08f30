#!/usr/bin/env bash
# Regenerates the weights of Merit's pallets with the FRAME benchmark CLI:
#   ./scripts/bench.sh                 # every Merit pallet
#   ./scripts/bench.sh pallet_merit_subnets
# Builds merit-node with `runtime-benchmarks` (about 20 minutes the first time), then writes
# pallets/<name>/src/weights.rs from scripts/weight-template.hbs. STEPS and REPEAT override
# the sampling (defaults: 10 steps, 5 repeats).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
# Benchmark code may panic (it is never in a production runtime), so it is not linted.
env -u RUSTC_WORKSPACE_WRAPPER cargo build --release --locked -p merit-node --features runtime-benchmarks

declare -A dirs=([pallet_merit_subnets]=subnets [pallet_merit_staking]=staking [pallet_merit_consensus]=consensus [pallet_merit_slashing]=slashing)
pallets=("$@")
[ ${#pallets[@]} -eq 0 ] && pallets=(pallet_merit_subnets pallet_merit_staking pallet_merit_consensus pallet_merit_slashing)
for pallet in "${pallets[@]}"; do
	dir=${dirs[$pallet]:?unknown pallet $pallet}
	./target/release/merit-node benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "${STEPS:-10}" \
		--repeat "${REPEAT:-5}" \
		--wasm-execution compiled \
		--template scripts/weight-template.hbs \
		--output "pallets/$dir/src/weights.rs"
done
