// SPDX-License-Identifier: GPL-2.0
/* Memory-bound: sieve of Eratosthenes over 4 Mi byte flags. */
#include "kernel.h"

#define BENCH_N 16	/* sieves */
#define BENCH_KN 1	/* in the kernel (scripts/bench-kernel) */
#define LIMIT (4u << 20)

static u8 composite[LIMIT];

int run(int n)
{
	u32 i, j, count = 0, acc = 0;
	int r;

	for (r = 0; r < n; r++) {
		/* Not a memset: mark evens directly so no libc call is emitted. */
		for (i = 0; i < LIMIT; i += 2) {
			composite[i] = i > 2;
			composite[i + 1] = 0;
		}
		composite[1] = 1;
		for (i = 3; i * i < LIMIT; i += 2)
			if (!composite[i])
				for (j = i * i; j < LIMIT; j += 2 * i)
					composite[j] = 1;
		count = 0;
		for (i = 0; i < LIMIT; i++)
			if (!composite[i]) {
				count++;
				acc = acc * 31 + i;
			}
	}
	return (int)(acc ^ count);
}
