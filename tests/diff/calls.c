// SPDX-License-Identifier: GPL-2.0
/*
 * Calls: recursion (fib, ackermann, a recursive tree walk), and indirect
 * calls through function-pointer tables (call_indirect) of two signatures.
 */
#include "diff.h"

typedef u64 (*op64)(u64, u64);
typedef int (*op32)(int);

static u64 f_add(u64 a, u64 b) { return a + b; }
static u64 f_mul(u64 a, u64 b) { return a * b + 1; }
static u64 f_xor(u64 a, u64 b) { return a ^ (b << 7); }
static u64 f_rot(u64 a, u64 b) { return (a << (b & 63)) | (a >> ((64 - (b & 63)) & 63)); }
static int g_inc(int x) { return (int)((u32)x + 1); }
static int g_neg(int x) { return (int)(0 - (u32)x); }
static int g_half(int x) { return x / 2; }

static op64 volatile ops[4] = { f_add, f_mul, f_xor, f_rot };
static op32 volatile ops32[3] = { g_inc, g_neg, g_half };

__attribute__((noinline)) static u64 fib(int n)
{
	return n < 2 ? (u64)n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static int ack(int m, int n)
{
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

struct node {
	int left, right;	/* indices, -1 = none */
	u32 val;
};

static struct node tree[64];

__attribute__((noinline)) static u64 walk(int i, op64 f, int depth)
{
	u64 l, r;

	if (i < 0)
		return depth;
	l = walk(tree[i].left, f, depth + 1);
	r = walk(tree[i].right, f, depth + 1);
	return f(f(l, r), tree[i].val);
}

EXPORT long long test(int seed)
{
	u32 s = seed_state(seed);
	u64 h = 0;
	int i, x = seed;

	h = mix(h, fib(18 + (seed & 3)));
	h = mix(h, (u64)ack(2, 3 + (seed & 7)));
	for (i = 0; i < 64; i++) {
		tree[i].val = rnd(&s);
		tree[i].left = 2 * i + 1 < 64 ? 2 * i + 1 : -1;
		tree[i].right = 2 * i + 2 < 64 && (rnd(&s) & 3) ? 2 * i + 2 : -1;
	}
	for (i = 0; i < 4; i++)
		h = mix(h, walk(0, ops[(i + (seed & 3)) & 3], 0));
	for (i = 0; i < 1000; i++) {
		x = ops32[rnd(&s) % 3](x);
		h = ops[rnd(&s) & 3](h, (u64)(s64)x);
	}
	return (long long)h;
}
