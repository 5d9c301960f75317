// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-jsoncheck: is stdin JSON?  Accepts one or more JSON values
 * separated by whitespace (so `wasmk -j events`, one object per line,
 * passes) and nothing else: strict RFC 8259 grammar, no trailing commas,
 * control characters in strings escaped.  Prints "ok: N values" or where
 * it went wrong; exit 0 or 1.  (For the VM tests, which have no jq.)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s, *start;
static int depth;

static void die(const char *what)
{
	fprintf(stderr, "not JSON at byte %ld: %s (near \"%.20s\")\n", (long)(s - start), what, s);
	exit(1);
}

static void ws(void)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
}

static void value(void);

static void string(void)
{
	int i;

	if (*s++ != '"')
		die("expected a string");
	for (;;) {
		unsigned char c = *s++;

		if (c == '"')
			return;
		if (c < 0x20)
			die("unescaped control character or end of input in a string");
		if (c != '\\')
			continue;
		c = *s++;
		if (c == 'u') {
			for (i = 0; i < 4; i++)
				if (!isxdigit((unsigned char)*s++))
					die("bad \\u escape");
		} else if (!strchr("\"\\/bfnrt", c) || !c) {
			die("bad escape");
		}
	}
}

static void number(void)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (isdigit((unsigned char)*s))
			s++;
	else
		die("bad number");
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			die("bad fraction");
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			die("bad exponent");
		while (isdigit((unsigned char)*s))
			s++;
	}
}

static void container(char close)
{
	if (++depth > 64)
		die("nested too deeply");
	s++;
	ws();
	if (*s == close) {
		s++;
		depth--;
		return;
	}
	for (;;) {
		ws();
		if (close == '}') {
			string();
			ws();
			if (*s++ != ':')
				die("expected ':'");
		}
		value();
		ws();
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s++ != close)
			die(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
		depth--;
		return;
	}
}

static void value(void)
{
	ws();
	if (*s == '{' || *s == '[')
		container(*s == '{' ? '}' : ']');
	else if (*s == '"')
		string();
	else if (!strncmp(s, "true", 4))
		s += 4;
	else if (!strncmp(s, "false", 5))
		s += 5;
	else if (!strncmp(s, "null", 4))
		s += 4;
	else
		number();
}

int main(void)
{
	static char buf[1 << 24];
	size_t n = fread(buf, 1, sizeof(buf) - 1, stdin);
	int count = 0;

	if (n == sizeof(buf) - 1)
		die("input too large");
	if (memchr(buf, 0, n))
		die("NUL byte in input");
	s = start = buf;
	for (ws(); *s; ws()) {
		value();
		count++;
	}
	if (!count)
		die("no JSON value");
	printf("ok: %d values\n", count);
	return 0;
}
