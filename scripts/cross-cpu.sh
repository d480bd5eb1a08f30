#!/usr/bin/env bash
# Scores are bit-exact on any CPU: the golden test of merit-scoring (fixed models, fixed
# seeds, committed score bytes: off-chain-workers/scoring/tests/golden.rs) runs
#   1. natively (built for baseline x86-64: SSE2, no FMA),
#   2. under `qemu-x86_64 -cpu Nehalem`: a CPU without AVX, AVX2, FMA or AVX-512 (SSE2),
#      and under `qemu-x86_64 -cpu Haswell`: AVX2 and FMA, no AVX-512,
#   3. built for x86-64-v3 (AVX2 and FMA compiled in everywhere), on this CPU if it has them,
#   4. built for aarch64 (NEON, FMA) and run under `qemu-aarch64`.
# Installs what it needs (Debian's qemu-user and aarch64 cross linker, the Rust aarch64
# target), idempotently. Called by scripts/test.sh; runs alone after `source scripts/env.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

need_apt=()
command -v qemu-x86_64 >/dev/null 2>&1 || need_apt+=(qemu-user)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need_apt+=(gcc-aarch64-linux-gnu)
dpkg -s libc6-dev-arm64-cross >/dev/null 2>&1 || need_apt+=(libc6-dev-arm64-cross)
bash scripts/apt-install.sh ${need_apt[@]+"${need_apt[@]}"}
rustup target list --installed | grep -qx aarch64-unknown-linux-gnu ||
	rustup target add aarch64-unknown-linux-gnu

# The golden test's executable for a target (built if needed): the path cargo reports.
golden() {
	cargo test --release --locked -p merit-scoring --test golden --no-run "$@" 2>&1 |
		sed -n 's/.*Executable tests\/golden.rs (\(.*\))$/\1/p'
}
run() {
	local name=$1
	shift
	local start=$SECONDS
	if ! out=$("$@" --test-threads 1 --nocapture 2>&1); then
		echo "$out" >&2
		echo "cross-cpu: FAILED on $name: its scores differ from the golden bytes" >&2
		exit 1
	fi
	local path
	path=$(sed -n 's/.*vector path: \([A-Za-z0-9]*\).*/\1/p' <<<"$out" | head -n 1)
	echo "cross-cpu: $name, vectors $path: the golden bytes ($((SECONDS - start)) s)"
}

native=$(golden)
[ -x "$native" ] || { echo "cross-cpu: could not build the golden test" >&2; exit 1; }
run "this CPU, baseline x86-64 build" "$native"
run "qemu-x86_64 -cpu Nehalem (no AVX, no FMA)" qemu-x86_64 -cpu Nehalem "$native"
run "qemu-x86_64 -cpu Haswell (AVX2 and FMA, no AVX-512)" qemu-x86_64 -cpu Haswell "$native"

v3=$(CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C target-cpu=x86-64-v3" \
	golden --target x86_64-unknown-linux-gnu)
if grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then
	run "this CPU, x86-64-v3 build (AVX2 and FMA compiled in)" "$v3"
else
	echo "cross-cpu: this CPU has no AVX2 or FMA: the x86-64-v3 build is not run"
fi

arm=$(CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
	golden --target aarch64-unknown-linux-gnu)
run "qemu-aarch64 (aarch64 build)" qemu-aarch64 -L /usr/aarch64-linux-gnu "$arm"
