// SPDX-License-Identifier: GPL-2.0
/*
 * memcpy/memmove/memset for the wasm32 builds without bulk memory (clang
 * lowers the builtins to calls).  Built with -fno-builtin so the loops are
 * not turned back into calls to themselves.
 */
typedef __SIZE_TYPE__ size_t;

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp < sp) {
		while (n--)
			*dp++ = *sp++;
	} else {
		while (n--)
			dp[n] = sp[n];
	}
	return d;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;

	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}
