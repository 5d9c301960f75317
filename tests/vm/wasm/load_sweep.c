// SPDX-License-Identifier: GPL-2.0
/*
 * pkt_load() at every length from 0 to 48 and offsets 0..8, the sizes
 * its small-copy paths split at (pkt.c: pkt_copy()), on the 64 bytes
 * t_test_run.sh gives it, b[i] = (7 * i + 3) & 0xff: the bytes copied
 * are the packet's, nothing past n is written, and a load running off
 * the end copies what is there.  The result is 1 when all held, else
 * 2 + the first failing (off * 64 + n).
 */
#include <wasmk/guest.h>

static unsigned char buf[64 + 16];

static int check(int off, unsigned int n, unsigned int len)
{
	unsigned int i, want = n;

	/* (only the bytes a load may touch and 8 after: the interpreter is slow under emulation) */
	for (i = 0; i < n + 8; i++)
		buf[i] = 0xaa;
	if ((unsigned int)off + n > len)
		want = (unsigned int)off < len ? len - off : 0;
	if (wasmk_pkt_load(off, buf, n) != (int)want)
		return 0;
	for (i = 0; i < want; i++)
		if (buf[i] != (unsigned char)(7 * (off + i) + 3))
			return 0;
	for (i = want; i < n + 8; i++)
		if (buf[i] != 0xaa)
			return 0;
	return 1;
}

WASMK_EXPORT(handler) int handler(unsigned int len)
{
	unsigned int n;
	int off;

	for (off = 0; off <= 8; off++)
		for (n = 0; n <= 48; n++)
			if (!check(off, n, len))
				return 2 + off * 64 + n;
	/* past the end: only what is there */
	for (n = 0; n <= 16; n++)
		if (!check(56, n, len))
			return 2 + 56 * 64 + n;
	return 1;
}
