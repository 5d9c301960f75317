// SPDX-License-Identifier: GPL-2.0
/*
 * interp_float.c - Wasm f32/f64 operations for the interpreter (and for JIT
 * helpers): the only engine unit with C float/double.  No libm and no
 * libgcc soft-float: rounding is done with bit manipulation and the
 * 2^52 trick, sqrt with the hardware instruction.
 */
#include "interp_float.h"
#include "opcodes.h"
#include "runtime.h"

union f32u {
	float f;
	u32 u;
};

union f64u {
	double f;
	u64 u;
};

static inline float f32_of(u64 b)
{
	union f32u x = { .u = (u32)b };

	return x.f;
}

static inline u64 bits_f32(float f)
{
	union f32u x = { .f = f };

	return x.u;
}

static inline double f64_of(u64 b)
{
	union f64u x = { .u = b };

	return x.f;
}

static inline u64 bits_f64(double f)
{
	union f64u x = { .f = f };

	return x.u;
}

#define F32_SIGN	0x80000000u
#define F32_QUIET	0x00400000u
#define F64_SIGN	0x8000000000000000ull
#define F64_QUIET	0x0008000000000000ull

static inline bool f32_isnan(u32 b)
{
	return (b & 0x7fffffffu) > 0x7f800000u;
}

static inline bool f64_isnan(u64 b)
{
	return (b & ~F64_SIGN) > 0x7ff0000000000000ull;
}

static float hw_sqrtf(float x)
{
#if defined(__x86_64__)
	asm("sqrtss %1, %0" : "=x"(x) : "x"(x));
	return x;
#elif defined(__aarch64__)
	asm("fsqrt %s0, %s1" : "=w"(x) : "w"(x));
	return x;
#else
	return __builtin_sqrtf(x);
#endif
}

static double hw_sqrt(double x)
{
#if defined(__x86_64__)
	asm("sqrtsd %1, %0" : "=x"(x) : "x"(x));
	return x;
#elif defined(__aarch64__)
	asm("fsqrt %d0, %d1" : "=w"(x) : "w"(x));
	return x;
#else
	return __builtin_sqrt(x);
#endif
}

/* min/max: NaN if either is NaN; -0 < +0. */
static u32 f32_minmax(u32 a, u32 b, bool max)
{
	float x = f32_of(a), y = f32_of(b);

	if (f32_isnan(a) || f32_isnan(b))
		return bits_f32(x + y);
	if (x == y)	/* equal, incl. +0/-0: the sign bits decide */
		return max ? (a & b) : (a | b);
	if (max)
		return x > y ? a : b;
	return x < y ? a : b;
}

static u64 f64_minmax(u64 a, u64 b, bool max)
{
	double x = f64_of(a), y = f64_of(b);

	if (f64_isnan(a) || f64_isnan(b))
		return bits_f64(x + y);
	if (x == y)
		return max ? (a & b) : (a | b);
	if (max)
		return x > y ? a : b;
	return x < y ? a : b;
}

enum rmode { R_TRUNC, R_FLOOR, R_CEIL };

/* ceil/floor/trunc on bits (exact, no FPU rounding involved). */
static u32 f32_round(u32 u, enum rmode mode)
{
	int e = (int)((u >> 23) & 0xff) - 127;
	bool neg = u & F32_SIGN;
	u32 m;

	if (f32_isnan(u))
		return u | F32_QUIET;
	if (e >= 23)
		return u;		/* integral, or infinity */
	if (e < 0) {
		if (!(u & 0x7fffffffu))
			return u;	/* +-0 */
		if (mode == R_FLOOR && neg)
			return 0xbf800000u;	/* -1 */
		if (mode == R_CEIL && !neg)
			return 0x3f800000u;	/* 1 */
		return u & F32_SIGN;
	}
	m = 0x007fffffu >> e;
	if (!(u & m))
		return u;
	if ((mode == R_FLOOR && neg) || (mode == R_CEIL && !neg))
		u += m;
	return u & ~m;
}

static u64 f64_round(u64 u, enum rmode mode)
{
	int e = (int)((u >> 52) & 0x7ff) - 1023;
	bool neg = u & F64_SIGN;
	u64 m;

	if (f64_isnan(u))
		return u | F64_QUIET;
	if (e >= 52)
		return u;
	if (e < 0) {
		if (!(u & ~F64_SIGN))
			return u;
		if (mode == R_FLOOR && neg)
			return 0xbff0000000000000ull;
		if (mode == R_CEIL && !neg)
			return 0x3ff0000000000000ull;
		return u & F64_SIGN;
	}
	m = 0x000fffffffffffffull >> e;
	if (!(u & m))
		return u;
	if ((mode == R_FLOOR && neg) || (mode == R_CEIL && !neg))
		u += m;
	return u & ~m;
}

/* Round half to even: |x| + 2^23 - 2^23 in the default rounding mode. */
static u32 f32_nearest(u32 u)
{
	float t;
	u32 r;

	if (f32_isnan(u))
		return u | F32_QUIET;
	if (((u >> 23) & 0xff) >= 127 + 23)
		return u;
	t = f32_of(u & ~F32_SIGN) + 8388608.0f;
	t = t - 8388608.0f;
	r = (u32)bits_f32(t);
	return r | (u & F32_SIGN);
}

static u64 f64_nearest(u64 u)
{
	double t;
	u64 r;

	if (f64_isnan(u))
		return u | F64_QUIET;
	if (((u >> 52) & 0x7ff) >= 1023 + 52)
		return u;
	t = f64_of(u & ~F64_SIGN) + 4503599627370496.0;
	t = t - 4503599627370496.0;
	r = bits_f64(t);
	return r | (u & F64_SIGN);
}

u64 wasm_float_binop(u32 op, u64 a, u64 b)
{
	float x = f32_of(a), y = f32_of(b);
	double p = f64_of(a), q = f64_of(b);

	switch (op) {
	case WASM_OP_F32_EQ: return x == y;
	case WASM_OP_F32_NE: return x != y;
	case WASM_OP_F32_LT: return x < y;
	case WASM_OP_F32_GT: return x > y;
	case WASM_OP_F32_LE: return x <= y;
	case WASM_OP_F32_GE: return x >= y;
	case WASM_OP_F64_EQ: return p == q;
	case WASM_OP_F64_NE: return p != q;
	case WASM_OP_F64_LT: return p < q;
	case WASM_OP_F64_GT: return p > q;
	case WASM_OP_F64_LE: return p <= q;
	case WASM_OP_F64_GE: return p >= q;
	case WASM_OP_F32_ADD: return bits_f32(x + y);
	case WASM_OP_F32_SUB: return bits_f32(x - y);
	case WASM_OP_F32_MUL: return bits_f32(x * y);
	case WASM_OP_F32_DIV: return bits_f32(x / y);
	case WASM_OP_F32_MIN: return f32_minmax((u32)a, (u32)b, false);
	case WASM_OP_F32_MAX: return f32_minmax((u32)a, (u32)b, true);
	case WASM_OP_F64_ADD: return bits_f64(p + q);
	case WASM_OP_F64_SUB: return bits_f64(p - q);
	case WASM_OP_F64_MUL: return bits_f64(p * q);
	case WASM_OP_F64_DIV: return bits_f64(p / q);
	case WASM_OP_F64_MIN: return f64_minmax(a, b, false);
	case WASM_OP_F64_MAX: return f64_minmax(a, b, true);
	default: return 0;
	}
}

/*
 * Truncation to integers.  Index k: bit 0 unsigned, bit 1 f64 source,
 * bit 2 i64 result (the order of the 0xfc saturating sub-opcodes).  The
 * source is widened to double (exact), then checked against exclusive
 * bounds: lo < x < hi.
 */
struct trunc_range {
	double lo;
	double hi;
	u64 min;
	u64 max;
};

static const struct trunc_range trunc_ranges[4] = {
	{ -2147483649.0, 2147483648.0, 0x80000000u, 0x7fffffffu },
	{ -1.0, 4294967296.0, 0, 0xffffffffu },
	{ -9223372036854777856.0, 9223372036854775808.0,
	  0x8000000000000000ull, 0x7fffffffffffffffull },
	{ -1.0, 18446744073709551616.0, 0, ~0ull },
};

static u64 trunc_op(u32 k, u64 a, bool sat, int *trap)
{
	const struct trunc_range *r = &trunc_ranges[((k >> 1) & 2) | (k & 1)];
	double d = (k & 2) ? f64_of(a) : (double)f32_of(a);

	if (d != d) {
		if (!sat)
			*trap = WASM_TRAP_INVALID_CONV;
		return 0;
	}
	if (!(d > r->lo && d < r->hi)) {
		if (!sat) {
			*trap = WASM_TRAP_INT_OVERFLOW;
			return 0;
		}
		return d < 0 ? r->min : r->max;
	}
	switch (k & 5) {
	case 0:
		return (u32)(s32)d;
	case 1:
		return (u32)d;
	case 4:
		return (u64)(s64)d;
	default:
		return (u64)d;
	}
}

u64 wasm_float_unop(u32 op, u64 a, int *trap)
{
	if (op >= WASM_FLOAT_SAT)
		return trunc_op((op - WASM_FLOAT_SAT) & 7, a, true, trap);
	switch (op) {
	case WASM_OP_F32_CEIL: return f32_round((u32)a, R_CEIL);
	case WASM_OP_F32_FLOOR: return f32_round((u32)a, R_FLOOR);
	case WASM_OP_F32_TRUNC: return f32_round((u32)a, R_TRUNC);
	case WASM_OP_F32_NEAREST: return f32_nearest((u32)a);
	case WASM_OP_F32_SQRT: return bits_f32(hw_sqrtf(f32_of(a)));
	case WASM_OP_F64_CEIL: return f64_round(a, R_CEIL);
	case WASM_OP_F64_FLOOR: return f64_round(a, R_FLOOR);
	case WASM_OP_F64_TRUNC: return f64_round(a, R_TRUNC);
	case WASM_OP_F64_NEAREST: return f64_nearest(a);
	case WASM_OP_F64_SQRT: return bits_f64(hw_sqrt(f64_of(a)));
	case WASM_OP_I32_TRUNC_F32_S ... WASM_OP_I32_TRUNC_F64_U:
		return trunc_op(op - WASM_OP_I32_TRUNC_F32_S, a, false, trap);
	case WASM_OP_I64_TRUNC_F32_S ... WASM_OP_I64_TRUNC_F64_U:
		return trunc_op(4 + op - WASM_OP_I64_TRUNC_F32_S, a, false, trap);
	case WASM_OP_F32_CONVERT_I32_S: return bits_f32((float)(s32)a);
	case WASM_OP_F32_CONVERT_I32_U: return bits_f32((float)(u32)a);
	case WASM_OP_F32_CONVERT_I64_S: return bits_f32((float)(s64)a);
	case WASM_OP_F32_CONVERT_I64_U: return bits_f32((float)a);
	case WASM_OP_F32_DEMOTE_F64: return bits_f32((float)f64_of(a));
	case WASM_OP_F64_CONVERT_I32_S: return bits_f64((double)(s32)a);
	case WASM_OP_F64_CONVERT_I32_U: return bits_f64((double)(u32)a);
	case WASM_OP_F64_CONVERT_I64_S: return bits_f64((double)(s64)a);
	case WASM_OP_F64_CONVERT_I64_U: return bits_f64((double)a);
	case WASM_OP_F64_PROMOTE_F32: return bits_f64((double)f32_of(a));
	default: return 0;
	}
}
