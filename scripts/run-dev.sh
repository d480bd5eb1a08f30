#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, then starts a development
# chain (a block every second, off-chain workers on; RPC on 127.0.0.1:9944) and the demo:
# a digits subnet, three miners of different quality serving their models, and the node
# itself validating (its off-chain worker scores the miners every epoch and commits, then
# reveals, its weights). The standings print after every epoch, and the live dashboard is at
# http://127.0.0.1:8080/ (`merit dashboard`; MERIT_DASHBOARD sets another address). Ctrl-C
# stops everything.
#
#   scripts/run-dev.sh [node args]             the demo (extra arguments go to merit-node)
#   scripts/run-dev.sh --no-demo [node args]   the node alone (6-second Aura blocks)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
if [ "${1:-}" = "--no-demo" ]; then
  shift
  exec ./target/release/merit-node --dev "$@"
fi
log=target/dev-node.log
./target/release/merit-node --dev --sealing 1000 --offchain-worker always "$@" >"$log" 2>&1 &
node=$!
dashboard_at=${MERIT_DASHBOARD:-127.0.0.1:8080}
./target/release/merit dashboard --listen "$dashboard_at" 2>target/dashboard.log &
dashboard=$!
trap 'kill "$node" "$dashboard" 2>/dev/null || true; wait "$node" "$dashboard" 2>/dev/null || true' EXIT
echo "run-dev: merit-node is starting (log: $log; the validator's rounds: grep 'subnet 0' $log)"
echo "run-dev: the dashboard is at http://$dashboard_at/ (log: target/dashboard.log)"
./target/release/merit-demo
