// SPDX-License-Identifier: GPL-2.0
/*
 * validate_bench: decode + validation throughput of the wasmk engine.
 *
 * Generates modules in memory (each close to the 16 MiB module-size hard
 * cap, thousands of varied, type-correct function bodies: integer and float
 * arithmetic, locals, globals, loads/stores, nested blocks/loops/ifs,
 * br_if/br_table, calls, call_indirect, select, bulk memory), then runs
 * wasm_module_load() on them repeatedly and reports MB/s.
 *
 *	build/bench/validate_bench [total-MB (default 200)] [seed]
 *
 * Not a test: it prints numbers.  Limits are raised to the hard caps
 * (wasm_limits_max()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "engine.h"

struct buf {
	u8 *p;
	size_t len, cap;
};

static void put(struct buf *b, u8 v)
{
	if (b->len == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 4096;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			perror("realloc");
			exit(1);
		}
	}
	b->p[b->len++] = v;
}

static void put_bytes(struct buf *b, const void *p, size_t n)
{
	const u8 *s = p;

	while (n--)
		put(b, *s++);
}

static void uleb(struct buf *b, u64 v)
{
	do {
		u8 c = v & 0x7f;

		v >>= 7;
		put(b, c | (v ? 0x80 : 0));
	} while (v);
}

static void sleb(struct buf *b, s64 v)
{
	for (;;) {
		u8 c = v & 0x7f;

		v >>= 7;
		if ((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40))) {
			put(b, c);
			return;
		}
		put(b, c | 0x80);
	}
}

static void section(struct buf *m, u8 id, struct buf *s)
{
	put(m, id);
	uleb(m, s->len);
	put_bytes(m, s->p, s->len);
	s->len = 0;
}

static u64 rng_state;

static u32 rnd(u32 n)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (u32)(rng_state >> 33) % n;
}

/*
 * All functions: (i32 i64 f32 f64) -> i32, locals: 4 i32, 2 i64, 2 f32,
 * 2 f64.  Locals by type: i32 {0,4,5,6,7}, i64 {1,8,9}, f32 {2,10,11},
 * f64 {3,12,13}.
 */
enum { I32, I64, F32, F64 };
static const u8 local_of[4][5] = {
	{ 0, 4, 5, 6, 7 }, { 1, 8, 9, 1, 8 }, { 2, 10, 11, 2, 10 }, { 3, 12, 13, 3, 12 },
};
static const u8 binop[4][6] = {
	{ 0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x74 },	/* i32 add sub mul and or shl */
	{ 0x7c, 0x7d, 0x7e, 0x83, 0x85, 0x86 },	/* i64 */
	{ 0x92, 0x93, 0x94, 0x95, 0x96, 0x98 },	/* f32 */
	{ 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa6 },	/* f64 */
};
static u32 nfuncs;

static void expr(struct buf *b, int t, int depth);

static void expr_i32(struct buf *b, int depth)
{
	expr(b, I32, depth);
}

static void expr(struct buf *b, int t, int depth)
{
	u32 k = depth > 3 ? rnd(3) : rnd(12);

	switch (k) {
	case 0:		/* local.get */
		put(b, 0x20);
		uleb(b, local_of[t][rnd(5)]);
		return;
	case 1:		/* const */
		switch (t) {
		case I32:
			put(b, 0x41);
			sleb(b, (s32)rnd(100000) - 50000);
			return;
		case I64:
			put(b, 0x42);
			sleb(b, ((s64)rnd(1u << 30) << 20) - 12345);
			return;
		case F32:
			put(b, 0x43);
			put_bytes(b, "\x00\x00\x80\x3f", 4);
			return;
		default:
			put(b, 0x44);
			put_bytes(b, "\x00\x00\x00\x00\x00\x00\xf0\x3f", 8);
			return;
		}
	case 2:		/* global.get: globals 0..3 have types I32..F64 */
		put(b, 0x23);
		uleb(b, t);
		return;
	case 3: case 4: case 5:	/* binary op */
		expr(b, t, depth + 1);
		expr(b, t, depth + 1);
		put(b, binop[t][rnd(6)]);
		return;
	case 6:		/* load */
		expr_i32(b, depth + 1);
		put(b, 0x28 + t);
		uleb(b, t == I64 || t == F64 ? 3 : 2);
		uleb(b, rnd(64) * 8);
		return;
	case 7:		/* conversions into t */
		if (t == I32) {
			expr(b, I64, depth + 1);
			put(b, 0xa7);		/* i32.wrap_i64 */
		} else if (t == I64) {
			expr(b, I32, depth + 1);
			put(b, 0xac);		/* i64.extend_i32_s */
		} else if (t == F32) {
			expr(b, I32, depth + 1);
			put(b, 0xb2);		/* f32.convert_i32_s */
		} else {
			expr(b, F32, depth + 1);
			put(b, 0xbb);		/* f64.promote_f32 */
		}
		return;
	case 8:		/* select */
		expr(b, t, depth + 1);
		expr(b, t, depth + 1);
		expr_i32(b, depth + 1);
		put(b, 0x1b);
		return;
	case 9:		/* if with result */
		expr_i32(b, depth + 1);
		put(b, 0x04);
		put(b, 0x7f - t);
		expr(b, t, depth + 1);
		put(b, 0x05);
		expr(b, t, depth + 1);
		put(b, 0x0b);
		return;
	case 10:	/* call, result is i32 */
		if (t != I32) {
			expr(b, t, depth + 1);
			return;
		}
		expr(b, I32, depth + 1);
		expr(b, I64, depth + 1);
		expr(b, F32, depth + 1);
		expr(b, F64, depth + 1);
		if (rnd(4)) {
			put(b, 0x10);
			uleb(b, rnd(nfuncs));
		} else {
			expr_i32(b, depth + 1);
			put(b, 0x11);
			uleb(b, 0);
			uleb(b, 0);
		}
		return;
	default:	/* local.tee of a computed value */
		expr(b, t, depth + 1);
		put(b, 0x22);
		uleb(b, local_of[t][1 + rnd(2)]);
		return;
	}
}

static void stmts(struct buf *b, int depth, int n);

static void stmt(struct buf *b, int depth)
{
	int t = rnd(4);

	switch (depth > 4 ? rnd(3) : rnd(9)) {
	case 0:		/* local.set */
		expr(b, t, 0);
		put(b, 0x21);
		uleb(b, local_of[t][rnd(5)]);
		return;
	case 1:		/* store */
		expr_i32(b, 1);
		expr(b, t, 1);
		put(b, 0x36 + t);
		uleb(b, t == I64 || t == F64 ? 3 : 2);
		uleb(b, rnd(64) * 8);
		return;
	case 2:		/* global.set (globals 4..7 are mutable) */
		expr(b, t, 0);
		put(b, 0x24);
		uleb(b, 4 + t);
		return;
	case 3:		/* block with br_if */
		put(b, 0x02);
		put(b, 0x40);
		stmts(b, depth + 1, 1 + rnd(3));
		expr_i32(b, 1);
		put(b, 0x0d);
		uleb(b, 0);
		stmts(b, depth + 1, rnd(3));
		put(b, 0x0b);
		return;
	case 4:		/* loop */
		put(b, 0x03);
		put(b, 0x40);
		stmts(b, depth + 1, 1 + rnd(3));
		expr_i32(b, 1);
		put(b, 0x0d);
		uleb(b, 0);
		put(b, 0x0b);
		return;
	case 5:		/* if/else */
		expr_i32(b, 1);
		put(b, 0x04);
		put(b, 0x40);
		stmts(b, depth + 1, 1 + rnd(2));
		put(b, 0x05);
		stmts(b, depth + 1, 1 + rnd(2));
		put(b, 0x0b);
		return;
	case 6: {	/* br_table over nested blocks */
		int k, n = 2 + rnd(3);

		for (k = 0; k < n; k++) {
			put(b, 0x02);
			put(b, 0x40);
		}
		expr_i32(b, 1);
		put(b, 0x0e);
		uleb(b, n);
		for (k = 0; k < n; k++)
			uleb(b, rnd(n));
		uleb(b, 0);
		for (k = 0; k < n; k++) {
			put(b, 0x0b);
			stmts(b, depth + 2, rnd(2));
		}
		return;
	}
	case 7:		/* memory.fill / memory.copy */
		expr_i32(b, 2);
		expr_i32(b, 2);
		expr_i32(b, 2);
		put(b, 0xfc);
		if (rnd(2)) {
			uleb(b, 11);
			put(b, 0);
		} else {
			uleb(b, 10);
			put(b, 0);
			put(b, 0);
		}
		return;
	default:	/* drop a value */
		expr(b, t, 0);
		put(b, 0x1a);
		return;
	}
}

static void stmts(struct buf *b, int depth, int n)
{
	while (n--)
		stmt(b, depth);
}

/* One module of about target bytes. */
static void gen_module(struct buf *m, size_t target)
{
	struct buf s = { 0 }, body = { 0 }, code = { 0 };
	u32 i, nbodies = 0;

	put_bytes(m, "\0asm\1\0\0\0", 8);
	/* type 0: (i32 i64 f32 f64) -> i32 */
	uleb(&s, 1);
	put_bytes(&s, "\x60\x04\x7f\x7e\x7d\x7c\x01\x7f", 8);
	section(m, 1, &s);
	/* bodies first, to know how many functions fit */
	while (code.len < target - 4096) {
		nfuncs = nbodies + 1;	/* calls go to this or earlier functions */
		body.len = 0;
		uleb(&body, 4);				/* local decls */
		put_bytes(&body, "\x04\x7f\x02\x7e\x02\x7d\x02\x7c", 8);
		stmts(&body, 0, 20 + rnd(40));
		expr_i32(&body, 0);
		put(&body, 0x0b);
		uleb(&code, body.len);
		put_bytes(&code, body.p, body.len);
		nbodies++;
	}
	nfuncs = nbodies;
	/* function section */
	uleb(&s, nfuncs);
	for (i = 0; i < nfuncs; i++)
		put(&s, 0);
	section(m, 3, &s);
	/* table 0: funcref, 16 entries */
	put_bytes(&s, "\x01\x70\x00\x10", 4);
	section(m, 4, &s);
	/* memory: 1 page */
	put_bytes(&s, "\x01\x00\x01", 3);
	section(m, 5, &s);
	/* globals 0..3 immutable, 4..7 mutable; types i32 i64 f32 f64 */
	uleb(&s, 8);
	for (i = 0; i < 8; i++) {
		static const u8 init[4][10] = {
			{ 0x41, 0x00, 0x0b }, { 0x42, 0x00, 0x0b },
			{ 0x43, 0, 0, 0, 0, 0x0b }, { 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b },
		};
		static const u8 len[4] = { 3, 3, 6, 10 };

		put(&s, 0x7f - (i & 3));
		put(&s, i >= 4);
		put_bytes(&s, init[i & 3], len[i & 3]);
	}
	section(m, 6, &s);
	/* export "f0" */
	put_bytes(&s, "\x01\x02" "f0" "\x00\x00", 6);
	section(m, 7, &s);
	/* element segment: table 0 offset 0, functions 0..15 */
	put_bytes(&s, "\x01\x00\x41\x00\x0b\x10", 6);
	for (i = 0; i < 16; i++)
		uleb(&s, i % nfuncs);
	section(m, 9, &s);
	/* code */
	uleb(&s, nfuncs);
	put_bytes(&s, code.p, code.len);
	section(m, 10, &s);
	free(s.p);
	free(body.p);
	free(code.p);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double total_mb = argc > 1 ? atof(argv[1]) : 200;
	struct buf mods[4] = { 0 };
	struct wasm_limits lim;
	size_t target = WASM_LIMIT_MODULE_SIZE_MAX - 64 * 1024, done = 0;
	char logbuf[512];
	double t0, t;
	int i, n = 0;

	rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 42;
	wasm_limits_max(&lim);
	for (i = 0; i < 4; i++)
		gen_module(&mods[i], target);
	printf("validate_bench: 4 generated modules of %.1f MB, ~%u functions each\n",
	       mods[0].len / 1e6, nfuncs);
	t0 = now();
	while (done < total_mb * 1e6) {
		struct buf *mb = &mods[n++ % 4];
		struct wasm_log log = { logbuf, sizeof(logbuf), 0, false };
		struct wasm_module *m;
		int err = wasm_module_load(mb->p, (u32)mb->len, &lim, &log, &m);

		if (err) {
			fprintf(stderr, "load failed: %s: %s", wasm_strerror(err), logbuf);
			return 1;
		}
		wasm_module_free(m);
		done += mb->len;
	}
	t = now() - t0;
	printf("validated %.1f MB in %d loads, %.3f s: %.1f MB/s\n", done / 1e6, n, t,
	       done / 1e6 / t);
	for (i = 0; i < 4; i++)
		free(mods[i].p);
	return 0;
}
