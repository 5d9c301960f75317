/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared definitions of the benchmark kernels.  Freestanding: no libc, no
 * headers; built both natively (gcc) and for wasm32 (clang).  Each kernel
 * defines BENCH_N (the n that scripts/bench passes) and exports
 * int run(int n), which rebuilds all its state on every call and returns a
 * checksum.  BENCH_KN is the smaller n of the in-kernel run (PROG_TEST_RUN
 * in the test VM: at most 65535, and within the 1e9 fuel cap per run).
 */
#ifndef BENCH_KERNEL_H
#define BENCH_KERNEL_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#define EXPORT __attribute__((visibility("default")))

/* 32-bit LCG (Numerical Recipes constants). */
static inline u32 lcg(u32 *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s;
}

EXPORT int run(int n);

#endif
