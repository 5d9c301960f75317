// SPDX-License-Identifier: GPL-2.0
/* Integer: table-driven CRC-32 (reflected, poly 0xEDB88320) over 64 KiB. */
#include "kernel.h"

#define BENCH_N 750	/* passes over the buffer */
#define BENCH_KN 110	/* in the kernel (scripts/bench-kernel) */

static u32 table[256];
static u8 buf[65536];

int run(int n)
{
	u32 i, j, c, seed = 12345, acc = 0;
	int p;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = lcg(&seed) >> 24;
	for (p = 0; p < n; p++) {
		buf[(p * 7919) & 0xffff] ^= (u8)p;
		c = ~0u;
		for (i = 0; i < sizeof(buf); i++)
			c = table[(c ^ buf[i]) & 0xff] ^ (c >> 8);
		acc = (acc << 1 | acc >> 31) ^ ~c;
	}
	return (int)acc;
}
