/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the differential test programs (tests/diff/*.c): built both
 * natively (gcc) and to wasm32 (clang), without libc.  Each program exports
 * "long long test(int seed)" returning a checksum of its work.
 */
#ifndef WASMK_DIFF_H
#define WASMK_DIFF_H

#define EXPORT __attribute__((visibility("default"))) __attribute__((noinline))

typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;

/* Mix v into the checksum h (order-sensitive). */
static inline u64 mix(u64 h, u64 v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

/* xorshift32 pseudo-random stream (never 0 for a non-zero state). */
static inline u32 rnd(u32 *s)
{
	u32 x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

/* Two draws, sequenced (operand evaluation order is unspecified in C). */
static inline u64 rnd64(u32 *s)
{
	u64 hi = rnd(s);

	return hi << 32 | rnd(s);
}

static inline u32 seed_state(int seed)
{
	u32 s = (u32)seed * 2654435761u + 12345u;

	return s ? s : 1;
}

#endif
