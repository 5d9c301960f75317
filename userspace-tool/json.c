// SPDX-License-Identifier: GPL-2.0
/* A streaming JSON writer: enough for flat objects and arrays. */
#include <stdio.h>
#include <string.h>

#include "wasmk.h"

#define MAX_DEPTH 16

static int depth;
static int count[MAX_DEPTH];

static void indent(void)
{
	int i;

	if (!cli.pretty)
		return;
	putchar('\n');
	for (i = 0; i < depth; i++)
		fputs("    ", stdout);
}

static void put_escaped(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void key(const char *k)
{
	if (depth > 0 && count[depth]++)
		putchar(',');
	if (depth > 0)
		indent();
	if (k) {
		put_escaped(k);
		putchar(':');
		if (cli.pretty)
			putchar(' ');
	}
}

static void jopen(const char *k, char c)
{
	key(k);
	putchar(c);
	if (depth < MAX_DEPTH - 1)
		count[++depth] = 0;
}

static void jclose(char c)
{
	int had = count[depth];

	if (depth > 0)
		depth--;
	if (had)
		indent();
	putchar(c);
}

void json_begin_obj(const char *k) { jopen(k, '{'); }
void json_end_obj(void) { jclose('}'); }
void json_begin_arr(const char *k) { jopen(k, '['); }
void json_end_arr(void) { jclose(']'); }

void json_str(const char *k, const char *val)
{
	key(k);
	put_escaped(val);
}

void json_u64(const char *k, unsigned long long val)
{
	key(k);
	printf("%llu", val);
}

void json_i64(const char *k, long long val)
{
	key(k);
	printf("%lld", val);
}

void json_bool(const char *k, bool val)
{
	key(k);
	fputs(val ? "true" : "false", stdout);
}

void json_done(void)
{
	putchar('\n');
	fflush(stdout);
}
