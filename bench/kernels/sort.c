// SPDX-License-Identifier: GPL-2.0
/* Branchy: insertion sort of 2048 pseudo-random ints, repeated. */
#include "kernel.h"

#define BENCH_N 120	/* sorts */
#define BENCH_KN 6	/* in the kernel (scripts/bench-kernel) */
#define LEN 2048

static int v[LEN];

int run(int n)
{
	u32 seed = 7, acc = 0;
	int i, j, x, r;

	for (r = 0; r < n; r++) {
		for (i = 0; i < LEN; i++)
			v[i] = (int)(lcg(&seed) >> 8) - (1 << 23);
		for (i = 1; i < LEN; i++) {
			x = v[i];
			for (j = i - 1; j >= 0 && v[j] > x; j--)
				v[j + 1] = v[j];
			v[j + 1] = x;
		}
		for (i = 0; i < LEN; i += 64)
			acc = acc * 33 + (u32)v[i];
	}
	return (int)acc;
}
