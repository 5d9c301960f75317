/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tiny helpers for the engine unit tests: assemble Wasm binaries in memory.
 *
 *	struct wb m = WB_INIT, s = WB_INIT;
 *	wb_header(&m);
 *	wb_u32(&s, 1); wb_bytes(&s, "\x60\x00\x00", 3);
 *	wb_section(&m, 1, &s);		// appends, then empties s
 */
#ifndef WASMK_TEST_WASM_BUILDER_H
#define WASMK_TEST_WASM_BUILDER_H

#include <stdlib.h>
#include <string.h>
#include "engine.h"

struct wb {
	u8 *p;
	size_t len, cap;
};

#define WB_INIT { NULL, 0, 0 }

static inline void wb_byte(struct wb *b, u8 v)
{
	if (b->len == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	b->p[b->len++] = v;
}

static inline void wb_bytes(struct wb *b, const void *s, size_t n)
{
	const u8 *p = s;

	while (n--)
		wb_byte(b, *p++);
}

/* unsigned LEB128 */
static inline void wb_u32(struct wb *b, u64 v)
{
	do {
		u8 c = v & 0x7f;

		v >>= 7;
		wb_byte(b, c | (v ? 0x80 : 0));
	} while (v);
}

/* signed LEB128 */
static inline void wb_s64(struct wb *b, s64 v)
{
	for (;;) {
		u8 c = v & 0x7f;

		v >>= 7;
		if ((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40))) {
			wb_byte(b, c);
			return;
		}
		wb_byte(b, c | 0x80);
	}
}

static inline void wb_name(struct wb *b, const char *s, size_t n)
{
	wb_u32(b, n);
	wb_bytes(b, s, n);
}

static inline void wb_str(struct wb *b, const char *s)
{
	wb_name(b, s, strlen(s));
}

static inline void wb_header(struct wb *m)
{
	wb_bytes(m, "\0asm\1\0\0\0", 8);
}

/* Append section id with s as payload; s is emptied for reuse. */
static inline void wb_section(struct wb *m, u8 id, struct wb *s)
{
	wb_byte(m, id);
	wb_u32(m, s->len);
	wb_bytes(m, s->p, s->len);
	s->len = 0;
}

static inline void wb_free(struct wb *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Load result + log of one module. */
struct load_res {
	int err;
	char log[1024];
	struct wasm_module *m;
};

static inline int wb_load_lim(struct wb *m, const struct wasm_limits *lim, struct load_res *r)
{
	struct wasm_log log = { r->log, sizeof(r->log), 0, false };

	r->log[0] = '\0';
	r->m = NULL;
	r->err = wasm_module_load(m->p, (u32)m->len, lim, &log, &r->m);
	return r->err;
}

/* Load and free; returns the error code, log in r->log. */
static inline int wb_check(struct wb *m, const struct wasm_limits *lim, struct load_res *r)
{
	int err = wb_load_lim(m, lim, r);

	wasm_module_free(r->m);
	r->m = NULL;
	return err;
}

/*
 * A module with one function type (raw bytes after 0x60), optionally one
 * memory of 1 page, and one function whose code entry is body (local
 * declarations + instructions + end, without the size prefix).
 */
static inline void wb_func_module(struct wb *m, const void *type, size_t tlen, bool memory,
				  const void *body, size_t blen)
{
	struct wb s = WB_INIT;

	wb_header(m);
	wb_u32(&s, 1);
	wb_byte(&s, 0x60);
	wb_bytes(&s, type, tlen);
	wb_section(m, 1, &s);
	wb_bytes(&s, "\x01\x00", 2);
	wb_section(m, 3, &s);
	if (memory) {
		wb_bytes(&s, "\x01\x00\x01", 3);
		wb_section(m, 5, &s);
	}
	wb_u32(&s, 1);
	wb_u32(&s, blen);
	wb_bytes(&s, body, blen);
	wb_section(m, 10, &s);
	wb_free(&s);
}

/* Shorthands: () -> () and () -> (i32) function types. */
#define T_VOID		"\x00\x00"
#define T_I32		"\x00\x01\x7f"

/* Load a one-function module; type and body given as string literals. */
#define CHECK_BODY(type, mem, body, lim, res)				\
	({								\
		struct wb m_ = WB_INIT;					\
		int e_;							\
		wb_func_module(&m_, type, sizeof(type) - 1, mem, body,	\
			       sizeof(body) - 1);			\
		e_ = wb_check(&m_, lim, res);				\
		wb_free(&m_);						\
		e_;							\
	})

#endif
