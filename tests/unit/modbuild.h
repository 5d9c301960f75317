/* SPDX-License-Identifier: GPL-2.0 */
/*
 * modbuild.h - a tiny Wasm binary builder for the runtime/interpreter unit
 * tests: types, function imports, one memory, functions, exports.
 *
 *	struct mb m;
 *	mb_init(&m);
 *	u32 t = mb_type(&m, "ii", "i");
 *	u32 f = mb_func(&m, t, "", BODY(0x20, 0, 0x20, 1, 0x6a, 0x0b));
 *	mb_export(&m, "add", f);
 *	mod = mb_load(&m);
 */
#ifndef WASMK_UNIT_MODBUILD_H
#define WASMK_UNIT_MODBUILD_H

#include <stdlib.h>
#include <string.h>

#include "engine.h"

struct mb_sec {
	unsigned char b[8192];
	unsigned int len;
	unsigned int count;
};

struct mb {
	struct mb_sec type, import, func, mem, global, export, start, code;
	unsigned int nimported;
	unsigned int ndefined;
	unsigned char out[65536];
	unsigned int outlen;
};

#define BODY(...)	(const unsigned char[]){ __VA_ARGS__ }, \
			sizeof((const unsigned char[]){ __VA_ARGS__ })

static inline void mb_init(struct mb *m)
{
	memset(m, 0, sizeof(*m));
}

static inline void mb_byte(struct mb_sec *s, unsigned char c)
{
	if (s->len < sizeof(s->b))
		s->b[s->len++] = c;
}

static inline void mb_uleb(struct mb_sec *s, unsigned int v)
{
	do {
		unsigned char c = v & 0x7f;

		v >>= 7;
		mb_byte(s, c | (v ? 0x80 : 0));
	} while (v);
}

static inline void mb_bytes(struct mb_sec *s, const void *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		mb_byte(s, ((const unsigned char *)p)[i]);
}

static inline void mb_name(struct mb_sec *s, const char *n)
{
	mb_uleb(s, strlen(n));
	mb_bytes(s, n, strlen(n));
}

static inline unsigned char mb_vt(char c)
{
	switch (c) {
	case 'i': return 0x7f;
	case 'I': return 0x7e;
	case 'f': return 0x7d;
	case 'F': return 0x7c;
	case 'r': return 0x70;
	default: return 0x6f;
	}
}

/* Value types as letters: i i32, I i64, f f32, F f64, r funcref, e externref. */
static inline unsigned int mb_type(struct mb *m, const char *params, const char *results)
{
	unsigned int i;

	mb_byte(&m->type, 0x60);
	mb_uleb(&m->type, strlen(params));
	for (i = 0; params[i]; i++)
		mb_byte(&m->type, mb_vt(params[i]));
	mb_uleb(&m->type, strlen(results));
	for (i = 0; results[i]; i++)
		mb_byte(&m->type, mb_vt(results[i]));
	return m->type.count++;
}

static inline unsigned int mb_import_func(struct mb *m, const char *mod, const char *name,
					  unsigned int type)
{
	mb_name(&m->import, mod);
	mb_name(&m->import, name);
	mb_byte(&m->import, 0x00);
	mb_uleb(&m->import, type);
	m->import.count++;
	return m->nimported++;
}

static inline void mb_memory(struct mb *m, unsigned int min, int max)
{
	mb_byte(&m->mem, max < 0 ? 0x00 : 0x01);
	mb_uleb(&m->mem, min);
	if (max >= 0)
		mb_uleb(&m->mem, max);
	m->mem.count = 1;
}

/* A mutable global of type t (letter) initialized to 0. */
static inline void mb_global(struct mb *m, char t)
{
	mb_byte(&m->global, mb_vt(t));
	mb_byte(&m->global, 0x01);
	mb_byte(&m->global, t == 'i' ? 0x41 : 0x42);
	mb_byte(&m->global, 0x00);
	mb_byte(&m->global, 0x0b);
	m->global.count++;
}

/* locals: letters, one per local; body: instructions ending with 0x0b. */
static inline unsigned int mb_func(struct mb *m, unsigned int type, const char *locals,
				   const unsigned char *body, unsigned int len)
{
	struct mb_sec tmp;
	unsigned int i;

	memset(&tmp, 0, sizeof(tmp));
	mb_uleb(&tmp, strlen(locals));
	for (i = 0; locals[i]; i++) {
		mb_uleb(&tmp, 1);
		mb_byte(&tmp, mb_vt(locals[i]));
	}
	mb_bytes(&tmp, body, len);
	mb_uleb(&m->code, tmp.len);
	mb_bytes(&m->code, tmp.b, tmp.len);
	m->code.count++;
	mb_uleb(&m->func, type);
	m->func.count++;
	return m->nimported + m->ndefined++;
}

static inline void mb_export(struct mb *m, const char *name, unsigned int func)
{
	mb_name(&m->export, name);
	mb_byte(&m->export, 0x00);
	mb_uleb(&m->export, func);
	m->export.count++;
}

static inline void mb_start(struct mb *m, unsigned int func)
{
	mb_uleb(&m->start, func);
	m->start.count = 1;
}

static inline void mb_emit_sec(struct mb *m, unsigned char id, struct mb_sec *s, bool counted)
{
	struct mb_sec hdr;

	if (!s->count)
		return;
	memset(&hdr, 0, sizeof(hdr));
	if (counted)
		mb_uleb(&hdr, s->count);
	m->out[m->outlen++] = id;
	{
		struct mb_sec sz;

		memset(&sz, 0, sizeof(sz));
		mb_uleb(&sz, hdr.len + s->len);
		memcpy(m->out + m->outlen, sz.b, sz.len);
		m->outlen += sz.len;
	}
	memcpy(m->out + m->outlen, hdr.b, hdr.len);
	m->outlen += hdr.len;
	memcpy(m->out + m->outlen, s->b, s->len);
	m->outlen += s->len;
}

static inline const unsigned char *mb_finish(struct mb *m, unsigned int *len)
{
	static const unsigned char magic[8] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };

	m->outlen = 0;
	memcpy(m->out, magic, 8);
	m->outlen = 8;
	mb_emit_sec(m, 1, &m->type, true);
	mb_emit_sec(m, 2, &m->import, true);
	mb_emit_sec(m, 3, &m->func, true);
	mb_emit_sec(m, 5, &m->mem, true);
	mb_emit_sec(m, 6, &m->global, true);
	mb_emit_sec(m, 7, &m->export, true);
	mb_emit_sec(m, 8, &m->start, false);
	mb_emit_sec(m, 10, &m->code, true);
	*len = m->outlen;
	return m->out;
}

/* Build and load; NULL (and the log on stderr) when the engine refuses it. */
static inline struct wasm_module *mb_load(struct mb *m)
{
	struct wasm_module *mod = NULL;
	char buf[512] = "";
	struct wasm_log log = { .buf = buf, .size = sizeof(buf) };
	unsigned int len;
	const unsigned char *b = mb_finish(m, &len);

	if (wasm_module_load(b, len, NULL, &log, &mod))
		fprintf(stderr, "mb_load: %s\n", buf);
	return mod;
}

#endif
