// SPDX-License-Identifier: GPL-2.0
/* Byte shuffling: base64 encode 48 KiB, decode it back, compare. */
#include "kernel.h"

#define BENCH_N 2000	/* encode+decode rounds */
#define BENCH_KN 60	/* in the kernel (scripts/bench-kernel) */
#define LEN (48u << 10)

static u8 src[LEN], enc[LEN / 3 * 4], dec[LEN];
static u8 dtab[256];
static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static u32 encode(const u8 *in, u32 len, u8 *out)
{
	u32 i, o = 0, v;

	for (i = 0; i + 2 < len; i += 3) {
		v = (u32)in[i] << 16 | (u32)in[i + 1] << 8 | in[i + 2];
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = alphabet[v & 63];
	}
	return o;
}

/* Returns bytes written, or 0 on an invalid character. */
static u32 decode(const u8 *in, u32 len, u8 *out)
{
	u32 i, o = 0, v;
	u8 a, b, c, d;

	for (i = 0; i + 3 < len; i += 4) {
		a = dtab[in[i]];
		b = dtab[in[i + 1]];
		c = dtab[in[i + 2]];
		d = dtab[in[i + 3]];
		if ((a | b | c | d) & 0x80)
			return 0;
		v = (u32)a << 18 | (u32)b << 12 | (u32)c << 6 | d;
		out[o++] = (u8)(v >> 16);
		out[o++] = (u8)(v >> 8);
		out[o++] = (u8)v;
	}
	return o;
}

int run(int n)
{
	u32 seed = 1, i, len, acc = 0;
	int r;

	for (i = 0; i < 256; i++)
		dtab[i] = (u8)(0x80 | (i & 0x7f));	/* invalid; not a memset */
	for (i = 0; i < 64; i++)
		dtab[(u8)alphabet[i]] = (u8)i;
	for (i = 0; i < LEN; i++)
		src[i] = (u8)(lcg(&seed) >> 24);
	for (r = 0; r < n; r++) {
		src[(r * 977) % LEN] ^= (u8)r;
		len = encode(src, LEN, enc);
		len = decode(enc, len, dec);
		for (i = 0; i < len; i += 512)
			acc = acc * 31 + dec[i] + (dec[i] != src[i]) * 1000u;
		acc += enc[(r * 331) % (LEN / 3 * 4)];
	}
	return (int)acc;
}
