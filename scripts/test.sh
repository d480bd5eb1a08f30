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
# Debian's Chromium, for the dashboard's browser test (tests/tests/e2e/demo/dashboard.rs), installs
# while the Docker test's binary builds; the other tests wait for it below.
(command -v chromium >/dev/null || bash scripts/apt-install.sh chromium) \
  >target/chromium-install.log 2>&1 &
chromium_pid=$!
# The Docker compose network's test (docker_network: about 9 minutes, mostly waiting on
# 6-second blocks; it installs Docker if needed) is built first and runs beside the others,
# which build and run meanwhile. Its output goes to target/docker-network.log.
if ! cargo test --release --locked --workspace --test docker_network --no-run \
  >target/test-build.log 2>&1; then
  cat target/test-build.log >&2
  exit 1
fi
docker_test=$(grep -o 'target/release/deps/docker_network-[0-9a-f]*' target/test-build.log | head -1)
[ -x "$docker_test" ] || { echo "test: the docker_network test binary was not built" >&2; exit 1; }
# In a session of its own (one process group with every child it starts), bounded in time,
# under a compose project name this script knows, so a failure anywhere below stops it and
# removes its network.
export MERIT_COMPOSE_PROJECT="merit-docker-$$"
setsid timeout 40m "$docker_test" --ignored --nocapture >target/docker-network.log 2>&1 &
docker_pid=$!
e2e_pid=""
stop_docker_test() {
  [ -z "$e2e_pid" ] || kill -- "-$e2e_pid" 2>/dev/null || true
  kill -- "-$docker_pid" 2>/dev/null || true
  wait "$docker_pid" 2>/dev/null || true
  docker-compose -p "$MERIT_COMPOSE_PROJECT" -f docker/compose.yaml down -v >/dev/null 2>&1 || true
}
trap stop_docker_test EXIT
# The stock-client checks (tests/tests/e2e/polkadot_js.rs, cli.rs) drive @polkadot/api and
# polkadot-api from Node.js; the dashboard's drives Chromium with playwright-core.
npm ci --prefix tests/js --silent --no-audit --no-fund
if ! wait "$chromium_pid"; then
  cat target/chromium-install.log >&2
  exit 1
fi
# Every test target, compiled once. The end-to-end binary (tests/tests/e2e: real nodes, most
# of its time spent waiting on blocks) then runs in the background, in a session of its own,
# while the CPU-bound tests, the cross-CPU check and the benchmark tests' build use the cores.
if ! cargo test --release --locked --workspace --no-run >target/test-build.log 2>&1; then
  cat target/test-build.log >&2
  exit 1
fi
e2e_test=$(grep -o 'target/release/deps/e2e-[0-9a-f]*' target/test-build.log | head -1)
[ -x "$e2e_test" ] || { echo "test: the e2e test binary was not built" >&2; exit 1; }
(cd tests && exec setsid timeout 40m "../$e2e_test") >target/e2e.log 2>&1 &
e2e_pid=$!
cargo test --release --locked --workspace --exclude merit-e2e
# Scores are the golden bytes on other CPUs too: no AVX or FMA (qemu), AVX2 and FMA, aarch64.
bash scripts/cross-cpu.sh
tested=$(date +%s)
echo "test: tests took $((tested - built)) s (the end-to-end and Docker tests may still run)"

# Every pallet benchmark runs once as a test (`impl_benchmark_test_suite!`), while the
# end-to-end and Docker tests finish. Benchmark code may panic (it is never in a production
# runtime), so it is not linted.
env -u RUSTC_WORKSPACE_WRAPPER SKIP_WASM_BUILD=1 cargo test --release --locked \
	-p pallet-merit-subnets -p pallet-merit-staking -p pallet-merit-consensus -p pallet-merit-slashing \
	--features pallet-merit-subnets/runtime-benchmarks,pallet-merit-staking/runtime-benchmarks \
	--features pallet-merit-consensus/runtime-benchmarks,pallet-merit-slashing/runtime-benchmarks
echo "test: benchmark tests took $(( $(date +%s) - tested )) s"
e2e_status=0
wait "$e2e_pid" || e2e_status=$?
e2e_pid=""
grep -E '^test result|panicked|FAILED' target/e2e.log || true
if [ "$e2e_status" -ne 0 ]; then
  echo "test: the end-to-end tests failed (exit $e2e_status); their log:" >&2
  tail -150 target/e2e.log >&2
  exit 1
fi
echo "test: the end-to-end tests ended $(( $(date +%s) - built )) s after the build"
docker_status=0
wait "$docker_pid" || docker_status=$?
trap - EXIT
grep -E '^docker_network:|^test |panicked|^test result' target/docker-network.log || true
if [ "$docker_status" -ne 0 ]; then
  echo "test: docker_network failed (exit $docker_status); its log:" >&2
  tail -80 target/docker-network.log >&2
  exit 1
fi
echo "test: the Docker test ended $(( $(date +%s) - built )) s after the build; all done in $(( $(date +%s) - start )) s"
