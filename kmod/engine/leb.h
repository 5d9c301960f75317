/* SPDX-License-Identifier: GPL-2.0 */
/*
 * leb.h - the one LEB128 reader of the engine (spec 5.2.2).
 *
 * Checked, for bytes nobody has looked at yet (the decoder and the
 * validator, through the wasm_rd_*() wrappers of internal.h, and the
 * lenient name-section readers): wasm_leb_read() reads an N-bit integer
 * of at most ceil(N / 7) bytes whose unused bits must be zero (unsigned)
 * or copies of the sign bit (signed), and says what is wrong otherwise.
 *
 * Trusted, for code the validator has accepted (iter.h and every walker
 * after the validator): wasm_leb_u32(), wasm_leb_s64(), wasm_leb_skip()
 * check nothing and never look past the number.
 */
#ifndef WASMK_LEB_H
#define WASMK_LEB_H

#include "platform.h"

enum wasm_leb_status {
	WASM_LEB_OK = 0,
	WASM_LEB_END,		/* "unexpected end": *pp = end */
	WASM_LEB_LONG,		/* "integer representation too long": *pp = the byte */
	WASM_LEB_LARGE,		/* "integer too large": *pp = the byte, *v truncated */
};

/*
 * Read a bits-bit integer (32 or 33 or 64; sgn: signed, sign-extended to
 * 64 bits) from [*pp, end).  WASM_LEB_OK: *v and *pp past it.  Otherwise
 * *pp points at the offending byte; for WASM_LEB_LARGE *v still holds the
 * value's low bits (what a lenient reader takes).
 */
static inline int wasm_leb_read(const u8 **pp, const u8 *end, int bits, bool sgn, u64 *v)
{
	int maxb = (bits + 6) / 7;
	int used = bits - 7 * (maxb - 1);	/* value bits in the last byte */
	const u8 *p = *pp;
	u64 res = 0;
	int i;

	for (i = 0; ; i++) {
		u8 b;

		if (p >= end) {
			*pp = p;
			return WASM_LEB_END;
		}
		b = *p++;
		res |= (u64)(b & 0x7f) << (7 * i);
		if (i == maxb - 1) {
			/* the unused bits (and for signed, the sign bit) must all agree */
			u8 mask = (u8)(0x7f & ~((1u << (used - (sgn ? 1 : 0))) - 1));
			u8 hi = b & mask;

			if (b & 0x80) {
				*pp = p - 1;
				return WASM_LEB_LONG;
			}
			if (sgn && 7 * (i + 1) < 64 && (b & 0x40))
				res |= ~0ull << (7 * (i + 1));
			*v = res;
			if (hi != 0 && !(sgn && hi == mask)) {
				*pp = p - 1;
				return WASM_LEB_LARGE;
			}
			break;
		}
		if (!(b & 0x80)) {
			if (sgn && (b & 0x40))
				res |= ~0ull << (7 * (i + 1));
			*v = res;
			break;
		}
	}
	*pp = p;
	return WASM_LEB_OK;
}

/*
 * Lenient, for the "name" section: a u32 of at most 5 bytes whose unused
 * bits are ignored; false at the end of the bytes or past 5 bytes.
 */
static inline bool wasm_leb_u32_lenient(const u8 **pp, const u8 *end, u32 *v)
{
	u64 x = 0;
	int st = wasm_leb_read(pp, end, 32, false, &x);

	if (st == WASM_LEB_LARGE) {
		(*pp)++;
		st = WASM_LEB_OK;
	}
	*v = (u32)x;
	return st == WASM_LEB_OK;
}

/* Trusted (validated code): an unsigned 32-bit LEB128. */
static inline u32 wasm_leb_u32(const u8 **pp)
{
	const u8 *p = *pp;
	u32 v = 0, s = 0;
	u8 b;

	do {
		b = *p++;
		v |= (u32)(b & 0x7f) << s;
		s += 7;
	} while ((b & 0x80) && s < 35);
	*pp = p;
	return v;
}

/* Trusted: a signed LEB128 of up to 64 bits (s32, s33, s64), sign-extended. */
static inline s64 wasm_leb_s64(const u8 **pp)
{
	const u8 *p = *pp;
	u64 v = 0;
	u32 s = 0;
	u8 b;

	do {
		b = *p++;
		v |= (u64)(b & 0x7f) << s;
		s += 7;
	} while ((b & 0x80) && s < 70);
	if (s < 64 && (b & 0x40))
		v |= ~0ull << s;
	*pp = p;
	return (s64)v;
}

/* Trusted: step over one LEB128 of any width. */
static inline void wasm_leb_skip(const u8 **pp)
{
	const u8 *p = *pp;

	while (*p++ & 0x80)
		;
	*pp = p;
}

#endif /* WASMK_LEB_H */
