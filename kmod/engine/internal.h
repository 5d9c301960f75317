/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h - shared by decode.c, validate.c and module.c; not an API.
 */
#ifndef WASMK_INTERNAL_H
#define WASMK_INTERNAL_H

#include "engine.h"
#include "leb.h"

/* Byte reader over [p, end). */
struct wasm_rd {
	const u8 *p;
	const u8 *end;
};

struct wasm_ctrl;

/* State of one wasm_module_load() call. */
struct wasm_ctx {
	struct wasm_module *m;
	struct wasm_limits lim;		/* clamped to the hard caps */
	struct wasm_log *log;
	const u8 *base;			/* m->bytes */
	const char *section;		/* current section name, or NULL */
	u32 func;			/* current function when in_func */
	bool in_func;
	u8 *refs;			/* bitmap: declared function references */
	u32 runs_cap;

	/* Validator scratch, reused across functions. */
	u8 *vstack;			/* operand types; 0 = unknown */
	u32 vcap;
	struct wasm_ctrl *cstack;
	u32 ccap;
	u8 *ltypes;			/* expanded local types */
	u32 lcap;
};

__printf(4, 5) int wasm_fail(struct wasm_ctx *c, int code, const u8 *at,
			     const char *fmt, ...);
int wasm_fail_count(struct wasm_ctx *c, const u8 *at, const char *what, u32 limit);
int wasm_fail_size(struct wasm_ctx *c, const u8 *at, const char *what, u32 limit);

/* Statement expressions, so that the compiler sees a non-zero result. */
#define MALFORMED(c, at, ...)						\
	({ wasm_fail((c), WASM_EMALFORMED, (at), __VA_ARGS__); -WASM_EMALFORMED; })
#define INVALID(c, at, ...)						\
	({ wasm_fail((c), WASM_EINVALID, (at), __VA_ARGS__); -WASM_EINVALID; })

int wasm_rd_u32_slow(struct wasm_ctx *c, struct wasm_rd *r, u32 *v);
int wasm_rd_s32_slow(struct wasm_ctx *c, struct wasm_rd *r, s32 *v);
int wasm_rd_s33(struct wasm_ctx *c, struct wasm_rd *r, s64 *v);
int wasm_rd_s64(struct wasm_ctx *c, struct wasm_rd *r, s64 *v);

static inline int wasm_rd_u32(struct wasm_ctx *c, struct wasm_rd *r, u32 *v)
{
	if (likely(r->p < r->end && !(*r->p & 0x80))) {
		*v = *r->p++;
		return 0;
	}
	return wasm_rd_u32_slow(c, r, v);
}

static inline int wasm_rd_s32(struct wasm_ctx *c, struct wasm_rd *r, s32 *v)
{
	if (likely(r->p < r->end && !(*r->p & 0x80))) {
		*v = (s32)((u32)*r->p++ << 25) >> 25;
		return 0;
	}
	return wasm_rd_s32_slow(c, r, v);
}

static inline int wasm_rd_u8(struct wasm_ctx *c, struct wasm_rd *r, u8 *v)
{
	if (unlikely(r->p >= r->end))
		return MALFORMED(c, r->p, "unexpected end");
	*v = *r->p++;
	return 0;
}

static inline bool wasm_is_numtype(u8 t)
{
	return t >= WASM_TYPE_F64 && t <= WASM_TYPE_I32;
}

static inline bool wasm_is_reftype(u8 t)
{
	return t == WASM_TYPE_FUNCREF || t == WASM_TYPE_EXTERNREF;
}

static inline bool wasm_is_float(u8 t)
{
	return t == WASM_TYPE_F32 || t == WASM_TYPE_F64;
}

/* Read a value type; SIMD's v128 is WASM_EUNSUPPORTED. */
int wasm_rd_valtype(struct wasm_ctx *c, struct wasm_rd *r, u8 *t);

/* Sanitized function name for messages; buf gets a NUL-terminated string. */
bool wasm_func_name_buf(const struct wasm_module *m, u32 idx, char *buf, u32 size);

/* Is [s, s + len) well-formed UTF-8 (names)? */
bool wasm_utf8_valid(const u8 *s, u32 len);
int wasm_decode(struct wasm_ctx *c);
int wasm_validate_funcs(struct wasm_ctx *c);
void wasm_validate_cleanup(struct wasm_ctx *c);

#endif /* WASMK_INTERNAL_H */
