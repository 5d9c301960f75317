# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Sourced by scripts/bench, bench-kernel and bench-arm64 (from the project
# root): the engine benchmark corpus, bench/kernels/*.c.

# bench_kernels: KERNELS=(the kernels to run: $BENCH_KERNELS, or all)
bench_kernels() {
	local f
	if [ -n "${BENCH_KERNELS:-}" ]; then
		read -r -a KERNELS <<<"$BENCH_KERNELS"
	else
		KERNELS=()
		for f in bench/kernels/*.c; do
			KERNELS+=("$(basename "$f" .c)")
		done
	fi
}

# kernel_define K NAME: the number kernel K's "#define NAME N" gives
# (BENCH_N: make bench's n, BENCH_KN: the in-kernel run's); fails without
kernel_define() {
	local v
	v=$(sed -n "s/^#define $2[[:space:]]\\+\\([0-9]\\+\\).*/\\1/p" "bench/kernels/$1.c")
	if [ -z "$v" ]; then
		echo "$(basename "$0"): bench/kernels/$1.c has no $2" >&2
		return 1
	fi
	echo "$v"
}

# corpus_wasm K DEST: kernel K as wasm32 (one make rule for every
# script: the same .wasm everywhere) copied to DEST
corpus_wasm() {
	make -s "build/bench/corpus/$1.wasm"
	cp "build/bench/corpus/$1.wasm" "$2"
}
