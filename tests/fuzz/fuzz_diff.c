// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: differential test of the interpreter against the JIT.
 *
 * The input drives a small generator of valid Wasm (never bytes taken as a
 * module): two functions of type (i32, i64) -> i64, "run" (exported) and a
 * helper it may call, built from i32/i64 arithmetic (div/rem/shifts/
 * rotates/compares/sign extension), locals, two mutable globals, nested
 * block/loop (with a counter bounding the trip count)/if-else, br_if,
 * br_table, return, select, value-carrying blocks, loads and stores in and
 * out of bounds, memory.size/grow/fill/copy and calls.  The module is
 * validated (a module that does not validate is a generator bug: skipped,
 * or abort() with FUZZ_DIFF_STRICT=1 in the environment), instantiated
 * twice, and "run" executes on the interpreter and on the JIT with the same
 * arguments and small fuel budget, then once more on the state left
 * behind (trap or not).  Result, trap code, fuel used, memory and globals
 * must be equal, else __builtin_trap().  Half the inputs run one tier with
 * a time budget, so that its fuel comes in small chunks through the
 * refill path (runtime.h): the accounting must not change.  FUZZ_DIFF_VERBOSE=1
 * prints each module's size, trap and fuel used.
 *
 * Input layout: 16 bytes of configuration (arguments, fuel, global
 * initializers, JIT baseline-CPU flag, fuel chunk and its tier), then generator
 * choices; a choice
 * past the end of the input is 0, which always picks a leaf, so every input
 * makes a finite module.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "runtime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BODY_MAX	(64 << 10)
#define MAX_EXPR_DEPTH	5
#define MAX_NEST	4	/* block/loop/if nesting of statements */
#define MAX_LOOPS	3	/* loop counters: locals 6, 7, 8 */
#define INSN_BUDGET	600	/* instructions per function, roughly */

struct buf {
	u8 b[BODY_MAX];
	u32 len;
	bool overflow;
};

struct gen {
	const u8 *in;
	size_t n, pos;
	struct buf *out;
	int budget;
	bool main;		/* may call the helper (function 1) */
	int nlabels;		/* enclosing statement-level (void) labels */
	int nest;
	int loops;
};

static void put(struct buf *b, u8 v)
{
	if (b->len < BODY_MAX)
		b->b[b->len++] = v;
	else
		b->overflow = true;
}

static void put_uleb(struct buf *b, u64 v)
{
	do {
		u8 c = v & 0x7f;

		v >>= 7;
		put(b, c | (v ? 0x80 : 0));
	} while (v);
}

static void put_sleb(struct buf *b, s64 v)
{
	for (;;) {
		u8 c = v & 0x7f;

		v >>= 7;	/* arithmetic shift (gcc/clang) */
		if ((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40))) {
			put(b, c);
			return;
		}
		put(b, c | 0x80);
	}
}

static void put_bytes(struct buf *b, const void *p, u32 n)
{
	const u8 *s = p;

	while (n--)
		put(b, *s++);
}

/* Section id, then its size and contents sec (which is emptied). */
static void put_section(struct buf *m, u8 id, struct buf *sec)
{
	put(m, id);
	put_uleb(m, sec->len);
	put_bytes(m, sec->b, sec->len);
	if (sec->overflow)
		m->overflow = true;
	sec->len = 0;
}

static u8 byte(struct gen *g)
{
	return g->pos < g->n ? g->in[g->pos++] : 0;
}

static u32 choose(struct gen *g, u32 n)
{
	return byte(g) % n;
}

static void op(struct gen *g, u8 v)
{
	put(g->out, v);
	g->budget--;
}

static const s64 consts[] = {
	0, 1, -1, 2, 31, 32, 63, 64, 0x7fffffff, -0x80000000ll, 0xffffffffll,
	0x7fffffffffffffffll, -0x7fffffffffffffffll - 1, 65535, 65536, -65536,
};

static s64 pick_const(struct gen *g)
{
	u8 c = byte(g);

	if (c < 0x80)
		return consts[c % (sizeof(consts) / sizeof(consts[0]))];
	u64 v = 0;
	int k;

	if (c < 0xc0)
		return (s8)byte(g);
	for (k = 0; k < 5; k++)		/* spread over the 64 bits */
		v = v << 13 ^ (u64)byte(g) * 0x0101;
	return (s64)(v << (c & 7));
}

/* A small length for memory.fill/copy: 0..511. */
static u32 small_len(struct gen *g)
{
	u32 lo = byte(g);

	return lo | (byte(g) & 1) << 8;
}

static void gen_i32(struct gen *g, int d);
static void gen_i64(struct gen *g, int d);

static bool leaf(struct gen *g, int d)
{
	return d >= MAX_EXPR_DEPTH || g->budget <= 0;
}

static const u8 i32_locals[] = { 0, 2, 3 };
static const u8 i64_locals[] = { 1, 4, 5 };

/* memarg: alignment up to the natural one, offset mostly 0. */
static void memarg(struct gen *g, u32 natural)
{
	u8 c = byte(g);

	put_uleb(g->out, c % (natural + 1));
	switch ((c >> 4) & 7) {
	case 0:
		put_uleb(g->out, 65535);
		break;
	case 1:
		put_uleb(g->out, 65536 + byte(g));
		break;
	case 2:
	case 3:
		put_uleb(g->out, byte(g));
		break;
	default:
		put_uleb(g->out, 0);
	}
}

/* An address: mostly in bounds, sometimes near or past the end. */
static void gen_addr(struct gen *g, int d)
{
	switch (choose(g, 6)) {
	case 0:
	case 1:
		op(g, 0x41);
		put_sleb(g->out, (u32)byte(g) * 8);
		break;
	case 2:
		op(g, 0x41);
		put_sleb(g->out, 65536 - 16 + (byte(g) & 31));
		break;
	case 3:
		gen_i32(g, d + 1);
		break;
	default:
		gen_i32(g, d + 1);
		op(g, 0x41);
		put_sleb(g->out, 0xfff8);
		op(g, 0x71);			/* i32.and */
	}
}

static void gen_i32(struct gen *g, int d)
{
	static const u8 loads[][2] = {
		{ 0x28, 2 }, { 0x2c, 0 }, { 0x2d, 0 }, { 0x2e, 1 }, { 0x2f, 1 },
	};
	static const u8 unops[] = { 0x67, 0x68, 0x69, 0xc0, 0xc1 };
	u32 c = leaf(g, d) ? choose(g, 2) : choose(g, 18);

	switch (c) {
	case 0:
		op(g, 0x41);
		put_sleb(g->out, (s32)pick_const(g));
		break;
	case 1:
		op(g, 0x20);
		put_uleb(g->out, i32_locals[choose(g, 3)]);
		break;
	case 2:
	case 3:
		gen_i32(g, d + 1);
		gen_i32(g, d + 1);
		op(g, 0x6a + choose(g, 15));
		break;
	case 4:
		gen_i32(g, d + 1);
		gen_i32(g, d + 1);
		op(g, 0x46 + choose(g, 10));
		break;
	case 5:
		gen_i64(g, d + 1);
		gen_i64(g, d + 1);
		op(g, 0x51 + choose(g, 10));
		break;
	case 6:
		if (byte(g) & 1) {
			gen_i32(g, d + 1);
			op(g, 0x45);
		} else {
			gen_i64(g, d + 1);
			op(g, 0x50);
		}
		break;
	case 7:
		gen_i32(g, d + 1);
		op(g, unops[choose(g, 5)]);
		break;
	case 8:
		gen_i64(g, d + 1);
		op(g, 0xa7);				/* i32.wrap_i64 */
		break;
	case 9: {
		u32 k = choose(g, 5);

		gen_addr(g, d);
		op(g, loads[k][0]);
		memarg(g, loads[k][1]);
		break;
	}
	case 10:
		gen_i32(g, d + 1);
		op(g, 0x22);				/* local.tee */
		put_uleb(g->out, i32_locals[choose(g, 3)]);
		break;
	case 11:
		gen_i32(g, d + 1);
		gen_i32(g, d + 1);
		gen_i32(g, d + 1);
		op(g, 0x1b);				/* select */
		break;
	case 12:
		gen_i32(g, d + 1);
		op(g, 0x04);				/* if (result i32) */
		put(g->out, 0x7f);
		gen_i32(g, d + 1);
		op(g, 0x05);
		gen_i32(g, d + 1);
		op(g, 0x0b);
		break;
	case 13:
		op(g, 0x23);				/* global.get 1 */
		put_uleb(g->out, 1);
		break;
	case 14:
		if (byte(g) & 1) {
			op(g, 0x3f);			/* memory.size */
			put(g->out, 0);
		} else {
			gen_i32(g, d + 1);
			op(g, 0x40);			/* memory.grow */
			put(g->out, 0);
		}
		break;
	case 15:
		/* block (result i32) V C br_if 0 drop W end */
		op(g, 0x02);
		put(g->out, 0x7f);
		gen_i32(g, d + 1);
		gen_i32(g, d + 1);
		op(g, 0x0d);
		put_uleb(g->out, 0);
		op(g, 0x1a);
		gen_i32(g, d + 1);
		op(g, 0x0b);
		break;
	default:
		if (g->main) {
			gen_i32(g, d + 1);
			gen_i64(g, d + 1);
			op(g, 0x10);			/* call 1 */
			put_uleb(g->out, 1);
			op(g, 0xa7);
		} else {
			op(g, 0x20);
			put_uleb(g->out, 0);
		}
	}
}

static void gen_i64(struct gen *g, int d)
{
	static const u8 loads[][2] = {
		{ 0x29, 3 }, { 0x30, 0 }, { 0x31, 0 }, { 0x32, 1 }, { 0x33, 1 },
		{ 0x34, 2 }, { 0x35, 2 },
	};
	static const u8 unops[] = { 0x79, 0x7a, 0x7b, 0xc2, 0xc3, 0xc4 };
	u32 c = leaf(g, d) ? choose(g, 2) : choose(g, 16);

	switch (c) {
	case 0:
		op(g, 0x42);
		put_sleb(g->out, pick_const(g));
		break;
	case 1:
		op(g, 0x20);
		put_uleb(g->out, i64_locals[choose(g, 3)]);
		break;
	case 2:
	case 3:
	case 4:
		gen_i64(g, d + 1);
		gen_i64(g, d + 1);
		op(g, 0x7c + choose(g, 15));
		break;
	case 5:
		gen_i64(g, d + 1);
		op(g, unops[choose(g, 6)]);
		break;
	case 6:
		gen_i32(g, d + 1);
		op(g, byte(g) & 1 ? 0xac : 0xad);	/* i64.extend_i32_s/u */
		break;
	case 7: {
		u32 k = choose(g, 7);

		gen_addr(g, d);
		op(g, loads[k][0]);
		memarg(g, loads[k][1]);
		break;
	}
	case 8:
		gen_i64(g, d + 1);
		op(g, 0x22);
		put_uleb(g->out, i64_locals[choose(g, 3)]);
		break;
	case 9:
		gen_i64(g, d + 1);
		gen_i64(g, d + 1);
		gen_i32(g, d + 1);
		op(g, 0x1b);
		break;
	case 10:
		gen_i32(g, d + 1);
		op(g, 0x04);				/* if (result i64) */
		put(g->out, 0x7e);
		gen_i64(g, d + 1);
		op(g, 0x05);
		gen_i64(g, d + 1);
		op(g, 0x0b);
		break;
	case 11:
		op(g, 0x23);				/* global.get 0 */
		put_uleb(g->out, 0);
		break;
	case 12:
		/* block (result i64) V C br_if 0 drop W end */
		op(g, 0x02);
		put(g->out, 0x7e);
		gen_i64(g, d + 1);
		gen_i32(g, d + 1);
		op(g, 0x0d);
		put_uleb(g->out, 0);
		op(g, 0x1a);
		gen_i64(g, d + 1);
		op(g, 0x0b);
		break;
	default:
		if (g->main) {
			gen_i32(g, d + 1);
			gen_i64(g, d + 1);
			op(g, 0x10);
			put_uleb(g->out, 1);
		} else {
			op(g, 0x20);
			put_uleb(g->out, 1);
		}
	}
}

static void gen_stmts(struct gen *g);

/* A nested statement list as the body of a void block/loop/if arm. */
static void nested(struct gen *g)
{
	g->nlabels++;
	g->nest++;
	gen_stmts(g);
	g->nest--;
	g->nlabels--;
}

static void gen_stmt(struct gen *g)
{
	static const u8 stores[][2] = {
		{ 0x36, 2 }, { 0x3a, 0 }, { 0x3b, 1 },			/* i32 */
		{ 0x37, 3 }, { 0x3c, 0 }, { 0x3d, 1 }, { 0x3e, 2 },	/* i64 */
	};
	bool can_nest = g->nest < MAX_NEST && g->budget > 0;

	switch (choose(g, 16)) {
	case 0:
	case 1:
		if (byte(g) & 1) {
			gen_i32(g, 0);
			op(g, 0x21);
			put_uleb(g->out, i32_locals[choose(g, 3)]);
		} else {
			gen_i64(g, 0);
			op(g, 0x21);
			put_uleb(g->out, i64_locals[choose(g, 3)]);
		}
		break;
	case 2:
	case 3: {
		u32 k = choose(g, 7);

		gen_addr(g, 0);
		if (k < 3)
			gen_i32(g, 1);
		else
			gen_i64(g, 1);
		op(g, stores[k][0]);
		memarg(g, stores[k][1]);
		break;
	}
	case 4:
		if (byte(g) & 1) {
			gen_i64(g, 0);
			op(g, 0x24);
			put_uleb(g->out, 0);
		} else {
			gen_i32(g, 0);
			op(g, 0x24);
			put_uleb(g->out, 1);
		}
		break;
	case 5:
		if (!can_nest)
			break;
		gen_i32(g, 0);
		op(g, 0x04);				/* if */
		put(g->out, 0x40);
		nested(g);
		if (byte(g) & 1) {
			op(g, 0x05);
			nested(g);
		}
		op(g, 0x0b);
		break;
	case 6:
		if (!can_nest)
			break;
		op(g, 0x02);				/* block */
		put(g->out, 0x40);
		nested(g);
		op(g, 0x0b);
		break;
	case 7:
	case 8: {
		u8 cnt;

		if (!can_nest || g->loops >= MAX_LOOPS)
			break;
		/* cnt = k; block loop BODY cnt -= 1; br_if 0 (cnt) end end */
		cnt = 6 + g->loops;
		op(g, 0x41);
		put_sleb(g->out, 1 + choose(g, 6));
		op(g, 0x21);
		put_uleb(g->out, cnt);
		op(g, 0x02);
		put(g->out, 0x40);
		op(g, 0x03);
		put(g->out, 0x40);
		g->loops++;
		g->nlabels++;
		nested(g);
		g->nlabels--;
		g->loops--;
		op(g, 0x20);
		put_uleb(g->out, cnt);
		op(g, 0x41);
		put_sleb(g->out, 1);
		op(g, 0x6b);				/* i32.sub */
		op(g, 0x22);
		put_uleb(g->out, cnt);
		op(g, 0x0d);
		put_uleb(g->out, 0);
		op(g, 0x0b);
		op(g, 0x0b);
		break;
	}
	case 9:
	case 10:
		if (!g->nlabels)
			break;
		gen_i32(g, 0);
		op(g, 0x0d);				/* br_if */
		put_uleb(g->out, choose(g, g->nlabels));
		break;
	case 11: {
		u32 k, n;

		if (!g->nlabels || byte(g) < 0xc0)
			break;
		gen_i32(g, 0);
		n = choose(g, 4);
		op(g, 0x0e);				/* br_table */
		put_uleb(g->out, n);
		for (k = 0; k <= n; k++)
			put_uleb(g->out, choose(g, g->nlabels));
		break;
	}
	case 12:
		if (byte(g) < 0xe0)
			break;
		if (byte(g) & 1) {
			gen_i64(g, 0);
			op(g, 0x0f);			/* return */
		} else {
			op(g, 0x00);			/* unreachable */
		}
		break;
	case 13:
		if (byte(g) & 1)
			gen_i32(g, 0);
		else
			gen_i64(g, 0);
		op(g, 0x1a);				/* drop */
		break;
	case 14:
		/* memory.fill d v n / memory.copy d s n, n small */
		gen_addr(g, 1);
		if (byte(g) & 1) {
			gen_i32(g, 1);
			op(g, 0x41);
			put_sleb(g->out, small_len(g));
			op(g, 0xfc);
			put_uleb(g->out, 11);
			put(g->out, 0);
		} else {
			gen_addr(g, 1);
			op(g, 0x41);
			put_sleb(g->out, small_len(g));
			op(g, 0xfc);
			put_uleb(g->out, 10);
			put(g->out, 0);
			put(g->out, 0);
		}
		break;
	default:
		op(g, 0x01);				/* nop */
	}
}

static void gen_stmts(struct gen *g)
{
	int n = 0;

	while (g->budget > 0 && n++ < 12 && choose(g, 4) != 0)
		gen_stmt(g);
}

/* One code-section entry: size, locals, body. */
static void gen_func(struct gen *g, struct buf *code, bool main)
{
	static struct buf body;

	body.len = 0;
	body.overflow = false;
	g->out = &body;
	g->budget = INSN_BUDGET;
	g->main = main;
	g->nlabels = 0;
	g->nest = 0;
	g->loops = 0;
	/* locals: 2 i32 (2, 3), 2 i64 (4, 5), 3 i32 loop counters (6-8) */
	put_bytes(&body, "\x03\x02\x7f\x02\x7e\x03\x7f", 7);
	gen_stmts(g);
	gen_i64(g, 0);
	put(&body, 0x0b);
	put_uleb(code, body.len);
	put_bytes(code, body.b, body.len);
	if (body.overflow)
		code->overflow = true;
}

static u64 rd64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, 8);
	return v;
}

struct outcome {
	int rc;
	struct wasm_invoke_result res;
	u64 value;
	struct wasm_instance *inst;
	struct wasm_store *store;
};

static void invoke(struct outcome *o, int tier, u32 a, u64 b, u64 fuel);

/* Fuel chunk of chunk_tier's runs, 0: none (no time budget). */
static u32 chunk;
static int chunk_tier;

static void run(const struct wasm_module *m, int tier, u32 a, u64 b, u64 fuel,
		struct outcome *o)
{
	char buf[256];
	struct wasm_log log = { .buf = buf, .size = sizeof(buf) };
	int trap = 0;

	memset(o, 0, sizeof(*o));
	o->store = wasm_store_new();
	if (!o->store) {
		o->rc = -WASM_ENOMEM;
		return;
	}
	o->rc = wasm_instantiate(o->store, m, NULL, &log, &o->inst, &trap);
	if (o->rc) {
		fprintf(stderr, "fuzz_diff: instantiate: %d (trap %d): %s\n", o->rc, trap, buf);
		return;
	}
	if (tier == WASM_TIER_JIT) {
		o->rc = wasm_jit_compile(o->inst, &log);
		if (o->rc) {
			fprintf(stderr, "fuzz_diff: JIT compile: %d: %s\n", o->rc, buf);
			return;
		}
	}
	invoke(o, tier, a, b, fuel);
}

/* (Again) on the same instance: state left by the last call, trap or not. */
static void invoke(struct outcome *o, int tier, u32 a, u64 b, u64 fuel)
{
	struct wasm_invoke_opts io = { .fuel = fuel, .tier = tier };
	union wasm_value slots[2];

	if (tier == chunk_tier && chunk) {
		io.time_ns = 3600ull * 1000000000;	/* never reached */
		io.fuel_chunk = chunk;
	}
	slots[0].i32 = a;
	slots[1].i64 = b;
	memset(&o->res, 0, sizeof(o->res));
	o->rc = wasm_invoke_export(o->inst, "run", slots, &io, &o->res);
	o->value = slots[0].i64;
}

static void done(struct outcome *o)
{
	wasm_instance_free(o->inst);
	wasm_store_free(o->store);
}

static void mismatch(const char *what, const struct outcome *x, const struct outcome *y)
{
	fprintf(stderr,
		"fuzz_diff: MISMATCH (%s): interp rc %d trap %d fuel %llu value 0x%llx; "
		"jit rc %d trap %d fuel %llu value 0x%llx\n", what,
		x->rc, x->res.trap, (unsigned long long)x->res.fuel_used,
		(unsigned long long)x->value, y->rc, y->res.trap,
		(unsigned long long)y->res.fuel_used, (unsigned long long)y->value);
	__builtin_trap();
}

/* Both runs must agree; false when there is nothing (more) to compare. */
static bool compare(const struct outcome *x, const struct outcome *y)
{
	u32 i;

	if (x->rc || y->rc) {
		if (x->rc != -WASM_ENOMEM && y->rc != -WASM_ENOMEM)
			mismatch("setup or invoke failed", x, y);
		return false;
	}
	if (x->res.trap != y->res.trap)
		mismatch("trap", x, y);
	if (x->res.fuel_used != y->res.fuel_used)
		mismatch("fuel used", x, y);
	if (!x->res.trap && x->value != y->value)
		mismatch("result", x, y);
	for (i = 0; i < 2; i++)
		if (*x->inst->globals[i] != *y->inst->globals[i])
			mismatch("global", x, y);
	if (x->inst->memory->size != y->inst->memory->size)
		mismatch("memory size", x, y);
	if (memcmp(x->inst->memory->base, y->inst->memory->base, x->inst->memory->size))
		mismatch("memory contents", x, y);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf mod, sec;
	static char logbuf[1024];
	struct wasm_log log = { .buf = logbuf, .size = sizeof(logbuf) };
	struct wasm_module *m = NULL;
	struct outcome x, y;
	struct gen g;
	u8 cfg[16] = { 0 };
	u64 fuel;
	u32 a;

	memcpy(cfg, data, size < 16 ? size : 16);
	memset(&g, 0, sizeof(g));
	g.in = data;
	g.n = size;
	g.pos = 16;

	mod.len = 0;
	mod.overflow = false;
	sec.len = 0;
	sec.overflow = false;
	put_bytes(&mod, "\0asm\1\0\0\0", 8);
	put_bytes(&sec, "\x01\x60\x02\x7f\x7e\x01\x7e", 7);	/* (i32 i64)->i64 */
	put_section(&mod, 1, &sec);
	put_bytes(&sec, "\x02\x00\x00", 3);
	put_section(&mod, 3, &sec);
	put_bytes(&sec, "\x01\x01\x01\x02", 4);			/* memory 1..2 */
	put_section(&mod, 5, &sec);
	put(&sec, 2);						/* globals */
	put_bytes(&sec, "\x7e\x01\x42", 3);
	put_sleb(&sec, (s64)rd64(cfg));
	put(&sec, 0x0b);
	put_bytes(&sec, "\x7f\x01\x41", 3);
	put_sleb(&sec, (s32)(cfg[8] * 0x01010101u));
	put(&sec, 0x0b);
	put_section(&mod, 6, &sec);
	put_bytes(&sec, "\x01\x03run\x00\x00", 7);
	put_section(&mod, 7, &sec);
	put(&sec, 2);
	gen_func(&g, &sec, true);
	gen_func(&g, &sec, false);
	put_section(&mod, 10, &sec);
	/* data: 32 bytes at 0 (the configuration, twice) */
	put_bytes(&sec, "\x01\x00\x41\x00\x0b\x20", 6);
	put_bytes(&sec, cfg, 16);
	put_bytes(&sec, cfg, 16);
	put_section(&mod, 11, &sec);
	if (mod.overflow)
		return 0;

	if (wasm_module_load(mod.b, mod.len, NULL, &log, &m)) {
		if (getenv("FUZZ_DIFF_STRICT")) {
			fprintf(stderr, "fuzz_diff: generated module does not validate: %s\n",
				logbuf);
			abort();
		}
		return 0;
	}

	a = cfg[9] | cfg[10] << 8 | (u32)cfg[11] << 24;
	fuel = 1 + ((cfg[12] | cfg[13] << 8) % 20000);
	wasm_jit_baseline_cpu = cfg[14] & 1;
	chunk = cfg[15] & 0x80 ? 1 + (cfg[15] & 0x3f) : 0;
	chunk_tier = cfg[15] & 0x40 ? WASM_TIER_INTERP : WASM_TIER_JIT;

	run(m, WASM_TIER_INTERP, a, rd64(cfg) ^ a, fuel, &x);
	run(m, WASM_TIER_JIT, a, rd64(cfg) ^ a, fuel, &y);
	if (getenv("FUZZ_DIFF_VERBOSE"))
		fprintf(stderr, "fuzz_diff: %u-byte module, fuel %llu: trap %d, used %llu\n",
			mod.len, (unsigned long long)fuel, x.res.trap,
			(unsigned long long)x.res.fuel_used);
	if (compare(&x, &y)) {
		/* Once more with other arguments, on the state left behind. */
		a = ~a;
		invoke(&x, WASM_TIER_INTERP, a, rd64(cfg) + a, fuel);
		invoke(&y, WASM_TIER_JIT, a, rd64(cfg) + a, fuel);
		compare(&x, &y);
	}
	done(&x);
	done(&y);
	wasm_module_free(m);
	return 0;
}
