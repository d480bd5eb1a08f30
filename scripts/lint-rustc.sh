#!/usr/bin/env bash
# Cargo's RUSTC_WORKSPACE_WRAPPER for Merit's builds (set by scripts/env.sh): compiles the
# runtime's own crates (library code, native) with clippy-driver, which lints while it
# compiles, denying every warning and the runtime's panic lints (`[workspace.lints.clippy]`);
# compiles everything else, tests included, with plain rustc. Linting inside the one release
# build spares CI a second, `cargo clippy` pass over the runtime's ~700 dependencies.
set -euo pipefail
rustc=$1
shift
crate="" prev="" lint=1
for arg in "$@"; do
	[ "$prev" = "--crate-name" ] && crate=$arg
	case "$arg" in
	--test | wasm32*) lint=0 ;;
	esac
	prev=$arg
done
case "$crate" in
merit_runtime | merit_primitives | pallet_merit_*) ;;
*) lint=0 ;;
esac
if [ "$lint" = 1 ]; then
	exec clippy-driver "$rustc" "$@" -D warnings
fi
exec "$rustc" "$@"
