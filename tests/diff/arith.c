// SPDX-License-Identifier: GPL-2.0
/* 32-bit integer arithmetic: wrap-around, division, shifts, compares. */
#include "diff.h"

static const int edge[] = {
	0, 1, -1, 2, -2, 7, 31, 32, 33, 0x7fffffff, -0x7fffffff - 1,
	0x7ffffffe, 0x55555555, -0x55555556, 0x10000, 0xffff, 1000003,
};
#define NEDGE ((int)(sizeof(edge) / sizeof(edge[0])))

static u64 one(u64 h, int a, int b)
{
	u32 ua = (u32)a, ub = (u32)b;

	h = mix(h, ua + ub);
	h = mix(h, ua - ub);
	h = mix(h, ua * ub);
	h = mix(h, (u32)((s64)a * b >> 32));		/* high half */
	if (b != 0) {
		h = mix(h, ua / ub);
		h = mix(h, ua % ub);
		if (!(a == -0x7fffffff - 1 && b == -1)) {
			h = mix(h, (u32)(a / b));
			h = mix(h, (u32)(a % b));
		}
	}
	h = mix(h, ua << (ub & 31));
	h = mix(h, ua >> (ub & 31));
	h = mix(h, (u32)(a >> (ub & 31)));
	h = mix(h, (ua << (ub & 31)) | (ua >> ((32 - (ub & 31)) & 31)));
	h = mix(h, (a < b) | (ua < ub) << 1 | (a == b) << 2 | (a >= b) << 3);
	h = mix(h, ua ? (u32)__builtin_clz(ua) : 32);
	h = mix(h, ua ? (u32)__builtin_ctz(ua) : 32);
	h = mix(h, (u32)__builtin_popcount(ua));
	h = mix(h, (u32)(signed char)a + (u32)(short)b);
	return h;
}

EXPORT long long test(int seed)
{
	u32 s = seed_state(seed);
	u64 h = (u32)seed;
	int i, j;

	for (i = 0; i < NEDGE; i++)
		for (j = 0; j < NEDGE; j++)
			h = one(h, edge[i] ^ (seed & 3), edge[j]);
	for (i = 0; i < 500; i++) {
		int a = (int)rnd(&s);

		h = one(h, a, (int)(rnd(&s) >> (i & 31)));
	}
	return (long long)h;
}
