#!/bin/bash
# The image's health check: the node answers `system_health` over its JSON-RPC port (9944,
# or $MERIT_RPC_PORT). A node that is up answers at once, syncing or not; a node that
# does not answer within the timeout is unhealthy. Bash only: the image has no curl.
set -euo pipefail
port="${MERIT_RPC_PORT:-9944}"
body='{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}'
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
	"${#body}" "$body" >&3
grep -q '"peers"' <&3
