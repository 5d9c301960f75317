// SPDX-License-Identifier: GPL-2.0
/* Call-heavy: naive doubly recursive Fibonacci. */
#include "kernel.h"

#define BENCH_N 38	/* fib(n) */
#define BENCH_KN 33	/* in the kernel (scripts/bench-kernel) */

static __attribute__((noinline)) u32 fib(u32 n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int run(int n)
{
	return (int)fib((u32)n);
}
