// SPDX-License-Identifier: GPL-2.0
/* 64-bit integer math: mul/div/rem, shifts, widening, a bignum-ish loop. */
#include "diff.h"

static const s64 edge[] = {
	0, 1, -1, 3, -3, 63, 64, 65, 0x7fffffffffffffffll,
	-0x7fffffffffffffffll - 1, 0xffffffffll, 0x100000000ll,
	-0x100000001ll, 0x123456789abcdefll,
};
#define NEDGE ((int)(sizeof(edge) / sizeof(edge[0])))

static u64 one(u64 h, s64 a, s64 b)
{
	u64 ua = (u64)a, ub = (u64)b;

	h = mix(h, ua + ub);
	h = mix(h, ua - ub);
	h = mix(h, ua * ub);
	if (b) {
		h = mix(h, ua / ub);
		h = mix(h, ua % ub);
		if (!(a == -0x7fffffffffffffffll - 1 && b == -1)) {
			h = mix(h, (u64)(a / b));
			h = mix(h, (u64)(a % b));
		}
	}
	h = mix(h, ua << (ub & 63));
	h = mix(h, ua >> (ub & 63));
	h = mix(h, (u64)(a >> (ub & 63)));
	h = mix(h, (ua >> (ub & 63)) | (ua << ((64 - (ub & 63)) & 63)));
	h = mix(h, (a < b) | (ua < ub) << 1 | (a == b) << 2);
	h = mix(h, ua ? (u64)__builtin_clzll(ua) : 64);
	h = mix(h, ua ? (u64)__builtin_ctzll(ua) : 64);
	h = mix(h, (u64)__builtin_popcountll(ua));
	h = mix(h, (u64)(s64)(int)a + (u64)(u32)b);
	return h;
}

/* 256-bit multiply of two 4-limb numbers (32-bit limbs in u64). */
static u64 bigmul(u32 s)
{
	u32 a[8], b[8];
	u64 r[16] = { 0 }, h = 0;
	int i, j;

	for (i = 0; i < 8; i++) {
		a[i] = rnd(&s);
		b[i] = rnd(&s);
	}
	for (i = 0; i < 8; i++) {
		u64 carry = 0;

		for (j = 0; j < 8; j++) {
			u64 t = (u64)a[i] * b[j] + (u32)r[i + j] + carry;

			r[i + j] = (u32)t;
			carry = t >> 32;
		}
		r[i + 8] = carry;
	}
	for (i = 0; i < 16; i++)
		h = mix(h, r[i]);
	return h;
}

EXPORT long long test(int seed)
{
	u32 s = seed_state(seed);
	u64 h = (u64)(s64)seed;
	int i, j;

	for (i = 0; i < NEDGE; i++)
		for (j = 0; j < NEDGE; j++)
			h = one(h, (s64)((u64)edge[i] + (seed & 1)), edge[j]);
	for (i = 0; i < 300; i++) {
		u64 x = rnd64(&s);
		u64 y = rnd64(&s) >> (i & 63);

		h = one(h, (s64)x, (s64)y);
	}
	for (i = 0; i < 20; i++)
		h = mix(h, bigmul(s + i));
	return (long long)h;
}
