// SPDX-License-Identifier: GPL-2.0
/*
 * Floating point: f32/f64 add/mul/div/sqrt, conversions, min/max by
 * comparison on edge values (signed zeros, infinities, denormals).  NaN
 * bit patterns are not portable, so NaNs hash as one constant.
 */
#include "diff.h"

static u64 bits64(double d)
{
	u64 b;

	if (d != d)
		return 0x7ff8dead;
	__builtin_memcpy(&b, &d, 8);
	return b;
}

static u64 bits32(float f)
{
	u32 b;

	if (f != f)
		return 0x7fc0beef;
	__builtin_memcpy(&b, &f, 4);
	return b;
}

static const double edge[] = {
	0.0, -0.0, 1.0, -1.0, 0.5, 3.0, 1e-310, -4.9e-324, 1e308, -1e308,
	__builtin_inf(), -__builtin_inf(), 2147483647.0, -2147483648.0,
	9007199254740993.0, 0.1, 1.0 / 3.0,
};
#define NEDGE ((int)(sizeof(edge) / sizeof(edge[0])))

static double dmin(double a, double b) { return a < b ? a : b; }
static double dmax(double a, double b) { return a > b ? a : b; }
static float fmin32(float a, float b) { return a < b ? a : b; }

/* Truncate to int only when in range (else C is undefined). */
static int to_i32(double d)
{
	if (!(d > -2147483649.0 && d < 2147483648.0))
		return -7;
	return (int)d;
}

static s64 to_i64(double d)
{
	if (!(d > -9.2e18 && d < 9.2e18))
		return -9;
	return (s64)d;
}

static u64 one(u64 h, double a, double b)
{
	float fa = (float)a, fb = (float)b;

	h = mix(h, bits64(a + b));
	h = mix(h, bits64(a - b));
	h = mix(h, bits64(a * b));
	h = mix(h, bits64(a / b));
	h = mix(h, bits64(__builtin_sqrt(a)));
	h = mix(h, bits64(dmin(a, b)));
	h = mix(h, bits64(dmax(a, b)));
	h = mix(h, bits32(fa + fb));
	h = mix(h, bits32(fa * fb));
	h = mix(h, bits32(fa / fb));
	h = mix(h, bits32(__builtin_sqrtf(fa)));
	h = mix(h, bits32(fmin32(fa, fb)));
	h = mix(h, bits64((double)fa));
	h = mix(h, (u32)to_i32(a));
	h = mix(h, (u64)to_i64(b));
	h = mix(h, (a < b) | (a == b) << 1 | (a >= b) << 2 | (fa <= fb) << 3);
	h = mix(h, bits64(__builtin_fabs(a)) ^ bits64(__builtin_copysign(a, b)));
	return h;
}

EXPORT long long test(int seed)
{
	u32 s = seed_state(seed);
	u64 h = (u32)seed;
	double acc = 1.0;
	int i, j;

	for (i = 0; i < NEDGE; i++)
		for (j = 0; j < NEDGE; j++)
			h = one(h, edge[i], edge[j]);
	for (i = 0; i < 400; i++) {
		int x = (int)rnd(&s);
		u32 y = rnd(&s);
		s64 z = (s64)rnd64(&s);
		double a = (double)x / ((double)(y | 1) / 65536.0);
		double b = (double)z * 1e-9;

		h = one(h, a, b);
		h = mix(h, bits64((double)y) ^ bits32((float)z) ^ bits32((float)y));
		h = mix(h, bits64((double)(u64)z));
		acc = acc * 1.0001 + a * 1e-12;
	}
	h = mix(h, bits64(acc));
	return (long long)h;
}
