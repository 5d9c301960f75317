/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal userspace unit-test harness.
 *
 * Each tests/unit/test_*.c file becomes its own binary, linked with the
 * userspace engine library and tests/unit/unit.c (which holds main()).
 * A test is a function declared with TEST(name); it registers itself.
 *
 *	TEST(leb128_overlong)
 *	{
 *		CHECK_EQ(decode(...), -WASM_EMALFORMED);
 *	}
 *
 * The binary prints one line per test ("PASS name" or "FAIL name: ...")
 * and ends with "N passed, N failed"; it exits 1 if anything failed.
 */
#ifndef WASMK_UNIT_H
#define WASMK_UNIT_H

#include <stdio.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
	struct unit_test *next;
};

void unit_register(struct unit_test *t);
void unit_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define TEST(n)								\
	static void unit_fn_##n(void);					\
	static struct unit_test unit_t_##n = { #n, unit_fn_##n, NULL };	\
	__attribute__((constructor)) static void unit_reg_##n(void)	\
	{ unit_register(&unit_t_##n); }					\
	static void unit_fn_##n(void)

#define CHECK(cond) do {						\
	if (!(cond))							\
		unit_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);	\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b)							\
		unit_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld",	\
			  #a, #b, _a, _b);				\
} while (0)

#define CHECK_STR_CONTAINS(hay, needle) do {				\
	const char *_h = (hay), *_n = (needle);				\
	if (!_h || !strstr(_h, _n))					\
		unit_fail(__FILE__, __LINE__, "\"%s\" does not contain \"%s\"", \
			  _h ? _h : "(null)", _n);			\
} while (0)

#endif
