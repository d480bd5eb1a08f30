#!/usr/bin/env bash
# The README's run command: installs what is missing, builds merit-node, and starts a
# development chain (Alice authors and finalizes 6-second blocks; RPC on 127.0.0.1:9944).
# Extra arguments go to merit-node, e.g. `scripts/run-dev.sh --sealing instant`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec ./target/release/merit-node --dev "$@"
