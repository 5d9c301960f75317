// SPDX-License-Identifier: GPL-2.0
/*
 * module.c - wasm_module_load()/free(), the log, LEB128 readers, the
 * function-name lookup and the module accessors.
 */
#include "internal.h"

const char *wasm_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case WASM_OK:
		return "success";
	case WASM_EMALFORMED:
		return "malformed module";
	case WASM_EINVALID:
		return "invalid module";
	case WASM_ELIMIT:
		return "module exceeds a limit";
	case WASM_ENOMEM:
		return "out of memory";
	case WASM_EUNSUPPORTED:
		return "unsupported feature";
	default:
		return "unknown error";
	}
}

static void log_vappend(struct wasm_log *log, const char *fmt, va_list ap)
{
	u32 room;
	int n;

	if (!log || !log->buf || !log->size)
		return;
	if (log->len >= log->size)
		log->len = log->size - 1;
	room = log->size - log->len;
	n = vsnprintf(log->buf + log->len, room, fmt, ap);
	if (n < 0) {
		log->buf[log->len] = '\0';
		return;
	}
	if ((u32)n >= room) {
		log->truncated = true;
		log->len = log->size - 1;
	} else {
		log->len += n;
	}
	log->buf[log->len] = '\0';
}

static __printf(2, 3) void log_append(struct wasm_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vappend(log, fmt, ap);
	va_end(ap);
}

void wasm_log_printf(struct wasm_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vappend(log, fmt, ap);
	va_end(ap);
}

static const struct wasm_limits limits_default = {
	.module_size = WASM_LIMIT_MODULE_SIZE_DEFAULT,
	.types = WASM_LIMIT_TYPES_DEFAULT,
	.params = WASM_LIMIT_PARAMS_DEFAULT,
	.results = WASM_LIMIT_RESULTS_DEFAULT,
	.functions = WASM_LIMIT_FUNCTIONS_DEFAULT,
	.imports = WASM_LIMIT_IMPORTS_DEFAULT,
	.exports = WASM_LIMIT_EXPORTS_DEFAULT,
	.globals = WASM_LIMIT_GLOBALS_DEFAULT,
	.tables = WASM_LIMIT_TABLES_DEFAULT,
	.table_size = WASM_LIMIT_TABLE_SIZE_DEFAULT,
	.memory_pages = WASM_LIMIT_MEMORY_PAGES_DEFAULT,
	.elem_segments = WASM_LIMIT_ELEM_SEGMENTS_DEFAULT,
	.data_segments = WASM_LIMIT_DATA_SEGMENTS_DEFAULT,
	.locals = WASM_LIMIT_LOCALS_DEFAULT,
	.nesting = WASM_LIMIT_NESTING_DEFAULT,
	.br_table = WASM_LIMIT_BR_TABLE_DEFAULT,
	.body_size = WASM_LIMIT_BODY_SIZE_DEFAULT,
	.stack_height = WASM_LIMIT_STACK_HEIGHT_DEFAULT,
	.name_length = WASM_LIMIT_NAME_LENGTH_DEFAULT,
};

static const struct wasm_limits limits_max = {
	.module_size = WASM_LIMIT_MODULE_SIZE_MAX,
	.types = WASM_LIMIT_TYPES_MAX,
	.params = WASM_LIMIT_PARAMS_MAX,
	.results = WASM_LIMIT_RESULTS_MAX,
	.functions = WASM_LIMIT_FUNCTIONS_MAX,
	.imports = WASM_LIMIT_IMPORTS_MAX,
	.exports = WASM_LIMIT_EXPORTS_MAX,
	.globals = WASM_LIMIT_GLOBALS_MAX,
	.tables = WASM_LIMIT_TABLES_MAX,
	.table_size = WASM_LIMIT_TABLE_SIZE_MAX,
	.memory_pages = WASM_LIMIT_MEMORY_PAGES_MAX,
	.elem_segments = WASM_LIMIT_ELEM_SEGMENTS_MAX,
	.data_segments = WASM_LIMIT_DATA_SEGMENTS_MAX,
	.locals = WASM_LIMIT_LOCALS_MAX,
	.nesting = WASM_LIMIT_NESTING_MAX,
	.br_table = WASM_LIMIT_BR_TABLE_MAX,
	.body_size = WASM_LIMIT_BODY_SIZE_MAX,
	.stack_height = WASM_LIMIT_STACK_HEIGHT_MAX,
	.name_length = WASM_LIMIT_NAME_LENGTH_MAX,
};

void wasm_limits_default(struct wasm_limits *lim)
{
	*lim = limits_default;
}

void wasm_limits_max(struct wasm_limits *lim)
{
	*lim = limits_max;
}

/* struct wasm_limits is nothing but u32 fields: clamp each to its cap. */
static void limits_clamp(struct wasm_limits *lim)
{
	u32 *v = (u32 *)lim;
	const u32 *max = (const u32 *)&limits_max;
	u32 i;

	for (i = 0; i < sizeof(*lim) / sizeof(u32); i++)
		if (v[i] > max[i])
			v[i] = max[i];
}

int wasm_fail(struct wasm_ctx *c, int code, const u8 *at, const char *fmt, ...)
{
	u32 off = at ? (u32)(at - c->base) : 0;
	char name[64];
	va_list ap;

	if (c->in_func) {
		if (wasm_func_name_buf(c->m, c->func, name, sizeof(name)))
			log_append(c->log, "func %u (%s) @0x%x: ", c->func, name, off);
		else
			log_append(c->log, "func %u @0x%x: ", c->func, off);
	} else if (c->section) {
		log_append(c->log, "section %s @0x%x: ", c->section, off);
	} else {
		log_append(c->log, "module @0x%x: ", off);
	}
	va_start(ap, fmt);
	log_vappend(c->log, fmt, ap);
	va_end(ap);
	log_append(c->log, "\n");
	return -code;
}

int wasm_fail_count(struct wasm_ctx *c, const u8 *at, const char *what, u32 limit)
{
	return wasm_fail(c, WASM_ELIMIT, at, "too many %s (limit %u)", what, limit);
}

int wasm_fail_size(struct wasm_ctx *c, const u8 *at, const char *what, u32 limit)
{
	return wasm_fail(c, WASM_ELIMIT, at, "%s too large (limit %u)", what, limit);
}

/* ---- LEB128 (leb.h: spec 5.2.2) ------------------------------------------ */

static noinline int leb_fail(struct wasm_ctx *c, int st, const u8 *at)
{
	if (st == WASM_LEB_END)
		return MALFORMED(c, at, "unexpected end");
	if (st == WASM_LEB_LONG)
		return MALFORMED(c, at, "integer representation too long");
	return MALFORMED(c, at, "integer too large");
}

/* Each width its own copy of wasm_leb_read(), the constants folded in. */
#define RD_LEB(c, r, bits, sgn, v)						\
	({									\
		const u8 *p_ = (r)->p;						\
		int st_ = wasm_leb_read(&p_, (r)->end, (bits), (sgn), (v));	\
										\
		if (!st_)							\
			(r)->p = p_;						\
		st_ ? leb_fail((c), st_, p_) : 0;				\
	})

int wasm_rd_u32_slow(struct wasm_ctx *c, struct wasm_rd *r, u32 *v)
{
	u64 x = 0;
	int err = RD_LEB(c, r, 32, false, &x);

	if (!err)
		*v = (u32)x;
	return err;
}

int wasm_rd_s32_slow(struct wasm_ctx *c, struct wasm_rd *r, s32 *v)
{
	u64 x = 0;
	int err = RD_LEB(c, r, 32, true, &x);

	if (!err)
		*v = (s32)(u32)x;
	return err;
}

int wasm_rd_s33(struct wasm_ctx *c, struct wasm_rd *r, s64 *v)
{
	return RD_LEB(c, r, 33, true, (u64 *)v);
}

int wasm_rd_s64(struct wasm_ctx *c, struct wasm_rd *r, s64 *v)
{
	return RD_LEB(c, r, 64, true, (u64 *)v);
}

int wasm_rd_valtype(struct wasm_ctx *c, struct wasm_rd *r, u8 *t)
{
	u8 b;
	int err = wasm_rd_u8(c, r, &b);

	if (err)
		return err;
	if (wasm_is_numtype(b) || wasm_is_reftype(b)) {
		*t = b;
		return 0;
	}
	if (b == WASM_TYPE_V128)
		return wasm_fail(c, WASM_EUNSUPPORTED, r->p - 1, "SIMD is not supported (v128)");
	return MALFORMED(c, r->p - 1, "malformed value type 0x%02x", b);
}

/* ---- names ---------------------------------------------------------------- */

/* Lenient readers for the "name" section: malformed input just fails. */
static bool nm_u32(const u8 **pp, const u8 *end, u32 *v)
{
	return wasm_leb_u32_lenient(pp, end, v);
}

static bool find_func_name(const struct wasm_module *m, u32 idx, const u8 **name, u32 *len)
{
	const u8 *p, *end;
	u32 n, i;

	if (!m || !m->fnames_len)
		return false;
	p = m->bytes + m->fnames_off;
	end = p + m->fnames_len;
	if (!nm_u32(&p, end, &n))
		return false;
	for (i = 0; i < n; i++) {
		u32 fi, l;

		if (!nm_u32(&p, end, &fi) || !nm_u32(&p, end, &l) || l > (u32)(end - p))
			return false;
		if (fi == idx) {
			*name = p;
			*len = l;
			return true;
		}
		p += l;
	}
	return false;
}

bool wasm_func_name_buf(const struct wasm_module *m, u32 idx, char *buf, u32 size)
{
	const u8 *name;
	u32 len, i, o = 0;

	if (!find_func_name(m, idx, &name, &len) || !len)
		return false;
	for (i = 0; i < len && o + 4 < size; i++) {
		u8 ch = name[i];

		buf[o++] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
	}
	if (i < len) {
		buf[o++] = '.';
		buf[o++] = '.';
		buf[o++] = '.';
	}
	buf[o] = '\0';
	return true;
}

bool wasm_module_func_name(const struct wasm_module *m, u32 funcidx, const char **name,
			   u32 *len)
{
	const u8 *n;
	u32 l;

	if (!find_func_name(m, funcidx, &n, &l) || !wasm_utf8_valid(n, l))
		return false;
	*name = (const char *)n;
	*len = l;
	return true;
}

/* ---- load / free ------------------------------------------------------------ */

void wasm_module_free(struct wasm_module *m)
{
	if (!m)
		return;
	wasm_kvfree(m->types);
	wasm_kvfree(m->imports);
	wasm_kvfree(m->funcs);
	wasm_kvfree(m->tables);
	wasm_kvfree(m->globals);
	wasm_kvfree(m->exports);
	wasm_kvfree(m->export_order);
	wasm_kvfree(m->elems);
	wasm_kvfree(m->elem_items);
	wasm_kvfree(m->datas);
	wasm_kvfree(m->local_runs);
	wasm_kvfree(m->side);
	wasm_kvfree(m->side_labels);
	wasm_kvfree(m->bytes);
	wasm_free(m);
}

int wasm_module_load(const u8 *bytes, u32 len, const struct wasm_limits *lim,
		     struct wasm_log *log, struct wasm_module **out)
{
	struct wasm_ctx *c;
	struct wasm_module *m;
	int err;

	if (out)
		*out = NULL;
	if (log && log->buf && log->size) {
		if (log->len >= log->size)
			log->len = log->size - 1;
		log->buf[log->len] = '\0';
	}
	c = wasm_calloc(1, sizeof(*c));
	if (!c) {
		log_append(log, "module: out of memory\n");
		return -WASM_ENOMEM;
	}
	if (lim)
		c->lim = *lim;
	else
		wasm_limits_default(&c->lim);
	limits_clamp(&c->lim);
	c->log = log;

	if (!bytes && len) {
		err = wasm_fail(c, WASM_EMALFORMED, NULL, "no module bytes");
		goto out_ctx;
	}
	if (len > c->lim.module_size) {
		err = wasm_fail_size(c, NULL, "module size", c->lim.module_size);
		goto out_ctx;
	}
	m = wasm_calloc(1, sizeof(*m));
	if (!m)
		goto nomem;
	c->m = m;
	m->bytes = wasm_kvmalloc(len ? len : 1);
	if (!m->bytes)
		goto nomem;
	if (len)
		memcpy(m->bytes, bytes, len);
	m->len = len;
	c->base = m->bytes;

	err = wasm_decode(c);
	if (!err)
		err = wasm_validate_funcs(c);
	wasm_validate_cleanup(c);
	wasm_kvfree(c->refs);
	if (err) {
		wasm_module_free(m);
		goto out_ctx;
	}
	wasm_free(c);
	if (out)
		*out = m;
	else
		wasm_module_free(m);
	return 0;

nomem:
	err = wasm_fail(c, WASM_ENOMEM, NULL, "out of memory");
	wasm_module_free(c->m);
out_ctx:
	wasm_free(c);
	return err;
}

/* ---- accessors ------------------------------------------------------------- */

static int name_cmp(const char *a, u32 alen, const char *b, u32 blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r)
		return r;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

int wasm_module_find_export(const struct wasm_module *m, const char *name,
			    u32 name_len, u8 *kind, u32 *index)
{
	u32 lo = 0, hi;

	if (!m || (!name && name_len))
		return -WASM_EINVALID;
	hi = m->nexports;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct wasm_export *e = &m->exports[m->export_order[mid]];
		int r = name_cmp(e->name, e->name_len, name, name_len);

		if (!r) {
			if (kind)
				*kind = e->kind;
			if (index)
				*index = e->index;
			return 0;
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -WASM_EINVALID;
}

u32 wasm_module_num_funcs(const struct wasm_module *m)
{
	return m->nfuncs;
}

u32 wasm_module_num_imports(const struct wasm_module *m)
{
	return m->nimports;
}

u32 wasm_module_num_exports(const struct wasm_module *m)
{
	return m->nexports;
}

const struct wasm_export *wasm_module_export(const struct wasm_module *m, u32 i)
{
	return i < m->nexports ? &m->exports[i] : NULL;
}

const struct wasm_import *wasm_module_import(const struct wasm_module *m, u32 i)
{
	return i < m->nimports ? &m->imports[i] : NULL;
}

const struct wasm_functype *wasm_module_func_type(const struct wasm_module *m, u32 funcidx)
{
	if (funcidx >= m->nfuncs)
		return NULL;
	return &m->types[m->funcs[funcidx].type];
}

bool wasm_module_uses_float(const struct wasm_module *m)
{
	return m->flags & WASM_MOD_FLOAT;
}

bool wasm_module_memory_limits(const struct wasm_module *m, u32 *min_pages, u32 *max_pages,
			       bool *has_max)
{
	if (!m->nmemories)
		return false;
	if (min_pages)
		*min_pages = m->memory.lim.min;
	if (max_pages)
		*max_pages = m->memory.lim.max;
	if (has_max)
		*has_max = m->memory.lim.has_max;
	return true;
}
