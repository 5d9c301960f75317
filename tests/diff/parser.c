// SPDX-License-Identifier: GPL-2.0
/*
 * A recursive-descent expression parser/evaluator and a tokenizer state
 * machine over generated text (switch -> br_table).
 */
#include "diff.h"

static char text[4096];
static int pos;

/* Generate "expr" text: numbers, + - * / %, parentheses, spaces. */
static int gen(u32 *s, int at, int depth)
{
	static const char opc[] = "+-*/%";
	u32 r = rnd(s);

	if (at > 1900)
		return at;
	if (depth > 4 || (r & 3) == 0) {
		int n = (int)(rnd(s) % 100000), k = 0;
		char tmp[8];

		do {
			tmp[k++] = (char)('0' + n % 10);
			n /= 10;
		} while (n);
		while (k)
			text[at++] = tmp[--k];
		return at;
	}
	if ((r & 12) == 0) {
		text[at++] = '(';
		at = gen(s, at, depth + 1);
		text[at++] = ')';
		return at;
	}
	at = gen(s, at, depth + 1);
	if (r & 16)
		text[at++] = ' ';
	text[at++] = opc[(r >> 5) % 5];
	at = gen(s, at, depth + 1);
	return at;
}

static s64 expr(void);

static s64 primary(void)
{
	s64 v = 0;

	while (text[pos] == ' ')
		pos++;
	if (text[pos] == '(') {
		pos++;
		v = expr();
		if (text[pos] == ')')
			pos++;
		return v;
	}
	if (text[pos] == '-') {
		pos++;
		return (s64)(0 - (u64)primary());
	}
	while (text[pos] >= '0' && text[pos] <= '9')
		v = v * 10 + (text[pos++] - '0');
	return v;
}

static s64 term(void)
{
	s64 v = primary(), r;

	for (;;) {
		char c;

		while (text[pos] == ' ')
			pos++;
		c = text[pos];
		if (c != '*' && c != '/' && c != '%')
			return v;
		pos++;
		r = primary();
		if (c == '*')
			v = (s64)((u64)v * (u64)r);
		else if (r == 0 || (r == -1 && v == (s64)(1ull << 63)))
			v = 0x1234;
		else if (c == '/')
			v /= r;
		else
			v %= r;
	}
}

static s64 expr(void)
{
	s64 v = term();

	for (;;) {
		char c;

		while (text[pos] == ' ')
			pos++;
		c = text[pos];
		if (c != '+' && c != '-')
			return v;
		pos++;
		if (c == '+')
			v = (s64)((u64)v + (u64)term());
		else
			v = (s64)((u64)v - (u64)term());
	}
}

enum state { S_START, S_NUM, S_OP, S_PAREN, S_SPACE, S_OTHER };

/* Count token classes and transitions with a table-free state machine. */
static u64 scan(int n)
{
	enum state st = S_START;
	u64 h = 0, count[6] = { 0 };
	int i;

	for (i = 0; i < n; i++) {
		char c = text[i];
		enum state nx;

		switch (c) {
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			nx = S_NUM;
			break;
		case '+': case '-': case '*': case '/': case '%':
			nx = S_OP;
			break;
		case '(': case ')':
			nx = S_PAREN;
			break;
		case ' ':
			nx = S_SPACE;
			break;
		default:
			nx = S_OTHER;
		}
		if (nx != st)
			h = mix(h, (u64)st * 8 + nx);
		count[nx]++;
		st = nx;
	}
	for (i = 0; i < 6; i++)
		h = mix(h, count[i]);
	return h;
}

EXPORT long long test(int seed)
{
	u32 s = seed_state(seed);
	u64 h = 0;
	int round, n;

	for (round = 0; round < 8; round++) {
		n = gen(&s, 0, 0);
		text[n] = 0;
		pos = 0;
		h = mix(h, (u64)expr());
		h = mix(h, (u64)pos);
		h = mix(h, scan(n));
	}
	return (long long)h;
}
