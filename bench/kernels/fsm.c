// SPDX-License-Identifier: GPL-2.0
/*
 * Branchy: a hand-written lexer (state machine) over 64 KiB of synthetic
 * text: identifiers, decimal and hex numbers, strings with escapes,
 * comments, operators.  Counts tokens by kind.
 */
#include "kernel.h"

#define BENCH_N 500	/* passes over the text */
#define BENCH_KN 25	/* in the kernel (scripts/bench-kernel) */
#define LEN 65536

static u8 text[LEN];

enum { S_START, S_IDENT, S_NUM, S_HEX0, S_HEX, S_STR, S_ESC, S_SLASH, S_COMMENT };

static void gen(void)
{
	static const char alpha[] = "abcdefgXYZ_019 \t\n\"\\/+-*=(){};x0";
	u32 seed = 99, i;

	for (i = 0; i < LEN; i++)
		text[i] = alpha[(lcg(&seed) >> 16) % (sizeof(alpha) - 1)];
}

static int is_alpha(u8 ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static int is_digit(u8 ch)
{
	return ch >= '0' && ch <= '9';
}

int run(int n)
{
	u32 counts[8], acc = 0, val = 0;
	int p, k, st;
	u32 i;

	gen();
	for (p = 0; p < n; p++) {
		for (k = 0; k < 8; k++)
			counts[k] = 0;
		text[(p * 131) % LEN] = 'a' + p % 26;
		st = S_START;
		for (i = 0; i < LEN; i++) {
			u8 ch = text[i];
again:
			switch (st) {
			case S_START:
				if (is_alpha(ch)) {
					st = S_IDENT;
				} else if (ch == '0') {
					st = S_HEX0;
					val = 0;
				} else if (is_digit(ch)) {
					st = S_NUM;
					val = ch - '0';
				} else if (ch == '"') {
					st = S_STR;
				} else if (ch == '/') {
					st = S_SLASH;
				} else if (ch != ' ' && ch != '\t' && ch != '\n') {
					counts[0]++;	/* operator */
				}
				break;
			case S_IDENT:
				if (!is_alpha(ch) && !is_digit(ch)) {
					counts[1]++;
					st = S_START;
					goto again;
				}
				break;
			case S_HEX0:
				if (ch == 'x' || ch == 'X') {
					st = S_HEX;
					break;
				}
				st = S_NUM;
				goto again;
			case S_NUM:
				if (is_digit(ch)) {
					val = val * 10 + ch - '0';
				} else {
					counts[2]++;
					acc += val;
					st = S_START;
					goto again;
				}
				break;
			case S_HEX:
				if (is_digit(ch) || (ch >= 'a' && ch <= 'f')) {
					val = val * 16 + (is_digit(ch) ? ch - '0' : ch - 'a' + 10);
				} else {
					counts[3]++;
					acc ^= val;
					st = S_START;
					goto again;
				}
				break;
			case S_STR:
				if (ch == '\\')
					st = S_ESC;
				else if (ch == '"' || ch == '\n') {
					counts[4]++;
					st = S_START;
				}
				break;
			case S_ESC:
				st = S_STR;
				break;
			case S_SLASH:
				if (ch == '/') {
					st = S_COMMENT;
					break;
				}
				counts[0]++;
				st = S_START;
				goto again;
			case S_COMMENT:
				if (ch == '\n') {
					counts[5]++;
					st = S_START;
				}
				break;
			}
		}
		for (k = 0; k < 8; k++)
			acc = acc * 31 + counts[k];
	}
	return (int)acc;
}
