# Sourced by the build and test scripts: the environment every Merit build shares, so the run
# command, the tests and CI reuse one build. The runtime's crates are linted by clippy as
# they compile (scripts/lint-rustc.sh); keep this identical for every cargo command that
# should share the build, or cargo recompiles the workspace's crates.
RUSTC_WORKSPACE_WRAPPER="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lint-rustc.sh"
export RUSTC_WORKSPACE_WRAPPER
# litep2p (sc-network's transport) asks for a vendored OpenSSL for WebRTC: a ~5-minute C build
# on two cores. Link Debian's libssl instead (installed by scripts/setup.sh).
export OPENSSL_NO_VENDOR=1
# The runtime's Wasm names no path of the machine that built it (docs/upgrades.md,
# "Reproducible runtime"): the source paths compiled into it (panic locations) are remapped to
# fixed names. (Its bytes still depend on the checkout's path: see there.)
merit_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_BUILD_RUSTFLAGS="--remap-path-prefix=$merit_root=/merit"
WASM_BUILD_RUSTFLAGS+=" --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
WASM_BUILD_RUSTFLAGS+=" --remap-path-prefix=$(rustc --print sysroot)=/rust"
export WASM_BUILD_RUSTFLAGS
