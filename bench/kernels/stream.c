// SPDX-License-Identifier: GPL-2.0
/* Memory-bound: STREAM-like copy/scale/add/triad over 3 x 1 MiB of u32. */
#include "kernel.h"

#define BENCH_N 400	/* rounds of the four loops */
#define BENCH_KN 10	/* in the kernel (scripts/bench-kernel) */
#define LEN (256u << 10)

static u32 a[LEN], b[LEN], c[LEN];

int run(int n)
{
	u32 i, acc = 0;
	int r;

	for (i = 0; i < LEN; i++) {
		a[i] = i;
		b[i] = i ^ 0x5555;
		c[i] = i & 1;
	}
	for (r = 0; r < n; r++) {
		u32 s = (u32)r + 3;

		for (i = 0; i < LEN; i++)	/* copy (+1 so it is no memcpy) */
			c[i] = a[i] + 1;
		for (i = 0; i < LEN; i++)	/* scale */
			b[i] = s * c[i];
		for (i = 0; i < LEN; i++)	/* add */
			c[i] = a[i] + b[i];
		for (i = 0; i < LEN; i++)	/* triad */
			a[i] = b[i] + s * c[i];
		acc += a[(r * 4099) % LEN] ^ c[(r * 8191) % LEN];
	}
	return (int)acc;
}
