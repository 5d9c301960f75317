// SPDX-License-Identifier: GPL-2.0
/*
 * Memory: arrays on the stack and in .data/.bss, byte/halfword/word
 * accesses, memcpy/memset/memmove (memory.copy/memory.fill when built with
 * -mbulk-memory; rt.c's loops otherwise), a sort.
 */
#include "diff.h"

static unsigned char buf[8192];
static u32 words[1024];
static const char pattern[] = "the quick brown fox jumps over the lazy dog";

static void sort(u32 *a, int n)
{
	int i, j;

	for (i = 1; i < n; i++) {
		u32 v = a[i];

		for (j = i; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static u64 hash_bytes(u64 h, const unsigned char *p, int n)
{
	int i;

	for (i = 0; i + 8 <= n; i += 8) {
		u64 v;

		__builtin_memcpy(&v, p + i, 8);		/* unaligned i64.load */
		h = mix(h, v);
	}
	for (; i < n; i++)
		h = mix(h, p[i]);
	return h;
}

EXPORT long long test(int seed)
{
	u32 s = seed_state(seed);
	unsigned short half[300];
	signed char sc[200];
	u64 h = 0;
	int i, n;

	__builtin_memset(buf, seed & 0xff, sizeof(buf));
	for (i = 0; i < 1024; i++)
		words[i] = rnd(&s);
	for (i = 0; i < 40; i++) {
		u32 d = rnd(&s) % 7000, o = rnd(&s) % 7000;

		n = (int)(rnd(&s) % 1000);
		__builtin_memcpy(buf + d, (unsigned char *)words + (o & 3071), n);
		__builtin_memset(buf + o, (int)rnd(&s), n / 3);
		__builtin_memmove(buf + d + 1, buf + d, n);	/* overlap */
		__builtin_memcpy(buf + (i * 97 % 8000), pattern, sizeof(pattern));
	}
	h = hash_bytes(h, buf, sizeof(buf));
	for (i = 0; i < 300; i++)
		half[i] = (unsigned short)(words[i] >> (i & 15));
	for (i = 0; i < 200; i++)
		sc[i] = (signed char)buf[i * 37 % 8192];
	for (i = 0; i < 300; i++)
		h = mix(h, half[i] + (u64)(s64)sc[i % 200]);
	sort(words, 300);
	h = hash_bytes(h, (unsigned char *)words, 300 * 4);
	for (i = 1; i < 300; i++)
		if (words[i - 1] > words[i])
			return -1;
	return (long long)h;
}
