// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-uprobe-target: a program to put uprobes on (t_uprobe).  For each
 * line of stdin, wasmk_readline() returns it (as bash's readline() does)
 * and wasmk_add(length, 1000) adds; prints each sum.  noipa keeps both
 * real functions with their C signatures, whatever gcc would optimise.
 */
#include <stdio.h>
#include <string.h>

__attribute__((noipa, used)) char *wasmk_readline(FILE *in)
{
	static char line[256];
	size_t n;

	if (!fgets(line, sizeof(line), in))
		return NULL;
	n = strlen(line);
	if (n && line[n - 1] == '\n')
		line[n - 1] = 0;
	return line;
}

__attribute__((noipa, used)) long wasmk_add(long a, long b)
{
	return a + b;
}

int main(void)
{
	char *l;

	while ((l = wasmk_readline(stdin)))
		printf("%ld\n", wasmk_add((long)strlen(l), 1000));
	return 0;
}
