// SPDX-License-Identifier: GPL-2.0
/*
 * decode.c - binary format decoder: header, sections, types, imports,
 * index spaces, constant expressions, segments, code entries (locals only;
 * instructions are decoded by the validator in one pass).
 */
#include "internal.h"

enum {
	SEC_CUSTOM = 0, SEC_TYPE, SEC_IMPORT, SEC_FUNCTION, SEC_TABLE, SEC_MEMORY,
	SEC_GLOBAL, SEC_EXPORT, SEC_START, SEC_ELEMENT, SEC_CODE, SEC_DATA,
	SEC_DATACOUNT, SEC_COUNT
};

static const char * const section_names[SEC_COUNT] = {
	"custom", "type", "import", "function", "table", "memory", "global",
	"export", "start", "element", "code", "data", "datacount",
};

/* Required order: type import function table memory global export start
 * element datacount code data; custom sections anywhere.
 */
static const u8 section_rank[SEC_COUNT] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10,
};

/* Temporary descriptors of imports, until the index spaces exist. */
struct import_desc {
	u32 type;			/* func: type index */
	struct wasm_table table;
	struct wasm_memory mem;
	struct wasm_global global;
};

struct dec {
	struct wasm_ctx *c;
	u32 ndefined;			/* entries of the function section */
	u32 ncode;
	bool code_seen;
};

bool wasm_utf8_valid(const u8 *s, u32 len)
{
	u32 i = 0;

	while (i < len) {
		u8 b = s[i];
		u32 n, cp, min, k;

		if (b < 0x80) {
			i++;
			continue;
		}
		if ((b & 0xe0) == 0xc0) {
			n = 1;
			cp = b & 0x1f;
			min = 0x80;
		} else if ((b & 0xf0) == 0xe0) {
			n = 2;
			cp = b & 0x0f;
			min = 0x800;
		} else if ((b & 0xf8) == 0xf0) {
			n = 3;
			cp = b & 0x07;
			min = 0x10000;
		} else {
			return false;
		}
		if (len - i - 1 < n)
			return false;
		for (k = 1; k <= n; k++) {
			u8 cb = s[i + k];

			if ((cb & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (cb & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

/* Grow *arr (elsz-byte elements) so that it holds at least need elements. */
static int grow_array(struct wasm_ctx *c, void **arr, u32 *cap, u32 need, size_t elsz)
{
	u32 ncap = *cap ? *cap : 16;
	size_t bytes;
	void *n;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (check_mul_overflow(ncap, 2u, &ncap))
			return wasm_fail(c, WASM_ENOMEM, NULL, "out of memory");
	}
	if (check_mul_overflow((size_t)ncap, elsz, &bytes))
		return wasm_fail(c, WASM_ENOMEM, NULL, "out of memory");
	n = wasm_kvmalloc(bytes);
	if (!n)
		return wasm_fail(c, WASM_ENOMEM, NULL, "out of memory");
	if (*arr) {
		memcpy(n, *arr, (size_t)*cap * elsz);
		wasm_kvfree(*arr);
	}
	*arr = n;
	*cap = ncap;
	return 0;
}

static void *alloc_array(struct wasm_ctx *c, u32 n, size_t elsz)
{
	void *p = wasm_kvcalloc(n ? n : 1, elsz);

	if (!p)
		wasm_fail(c, WASM_ENOMEM, NULL, "out of memory");
	return p;
}

/* Read a vector length; each element takes at least min_bytes bytes. */
static int rd_count(struct wasm_ctx *c, struct wasm_rd *r, u32 *n, u32 min_bytes)
{
	const u8 *at = r->p;
	int err = wasm_rd_u32(c, r, n);

	if (err)
		return err;
	if (min_bytes && *n > (u32)(r->end - r->p) / min_bytes)
		return MALFORMED(c, at, "length out of bounds (%u elements)", *n);
	return 0;
}

static int rd_name(struct wasm_ctx *c, struct wasm_rd *r, const char **name, u32 *len,
		   bool limited)
{
	const u8 *at = r->p;
	u32 n;
	int err = wasm_rd_u32(c, r, &n);

	if (err)
		return err;
	if (n > (u32)(r->end - r->p))
		return MALFORMED(c, at, "unexpected end: name length %u out of bounds", n);
	if (limited && n > c->lim.name_length)
		return wasm_fail_size(c, at, "name length", c->lim.name_length);
	if (!wasm_utf8_valid(r->p, n))
		return MALFORMED(c, at, "malformed UTF-8 encoding");
	*name = (const char *)r->p;
	*len = n;
	r->p += n;
	return 0;
}

static inline void set_ref(struct wasm_ctx *c, u32 f)
{
	c->refs[f >> 3] |= (u8)(1u << (f & 7));
}

static int rd_reftype(struct wasm_ctx *c, struct wasm_rd *r, u8 *t)
{
	int err = wasm_rd_u8(c, r, t);

	if (err)
		return err;
	if (!wasm_is_reftype(*t))
		return MALFORMED(c, r->p - 1, "malformed reference type 0x%02x", *t);
	return 0;
}

static int rd_limits(struct wasm_ctx *c, struct wasm_rd *r, struct wasm_limits_pair *l)
{
	const u8 *at = r->p;
	u8 flag;
	int err = wasm_rd_u8(c, r, &flag);

	if (err)
		return err;
	if (flag > 1)
		return MALFORMED(c, at, "integer too large: malformed limits flags 0x%02x", flag);
	err = wasm_rd_u32(c, r, &l->min);
	if (err)
		return err;
	l->has_max = flag;
	l->max = 0;
	if (flag)
		return wasm_rd_u32(c, r, &l->max);
	return 0;
}

static int rd_tabletype(struct wasm_ctx *c, struct wasm_rd *r, struct wasm_table *t)
{
	const u8 *at = r->p;
	int err = rd_reftype(c, r, &t->type);

	if (!err)
		err = rd_limits(c, r, &t->lim);
	if (err)
		return err;
	if (t->lim.has_max && t->lim.min > t->lim.max)
		return INVALID(c, at, "size minimum must not be greater than maximum");
	if (t->lim.min > c->lim.table_size)
		return wasm_fail_size(c, at, "table size", c->lim.table_size);
	return 0;
}

static int rd_memtype(struct wasm_ctx *c, struct wasm_rd *r, struct wasm_memory *mem)
{
	const u8 *at = r->p;
	struct wasm_limits_pair *l = &mem->lim;
	int err = rd_limits(c, r, l);

	if (err)
		return err;
	if (l->min > 65536 || (l->has_max && l->max > 65536))
		return INVALID(c, at, "memory size must be at most 65536 pages (4GiB)");
	if (l->has_max && l->min > l->max)
		return INVALID(c, at, "size minimum must not be greater than maximum");
	if (l->min > c->lim.memory_pages)
		return wasm_fail_count(c, at, "memory pages", c->lim.memory_pages);
	return 0;
}

static int rd_globaltype(struct wasm_ctx *c, struct wasm_rd *r, struct wasm_global *g)
{
	u8 mut;
	int err = wasm_rd_valtype(c, r, &g->type);

	if (!err)
		err = wasm_rd_u8(c, r, &mut);
	if (err)
		return err;
	if (mut > 1)
		return MALFORMED(c, r->p - 1, "malformed mutability 0x%02x", mut);
	g->mut = mut;
	return 0;
}

static inline bool is_known_op(u8 op)
{
	return wasm_opinfo[op].imm != WASM_IMM_INVALID || op == WASM_PREFIX_FC;
}

/*
 * Constant expression (Wasm 2.0): one of t.const, ref.null, ref.func,
 * global.get of an imported immutable global; then end.
 */
static int rd_const_expr(struct wasm_ctx *c, struct wasm_rd *r, u8 want,
			 struct wasm_const_expr *e)
{
	struct wasm_module *m = c->m;
	const u8 *at = r->p;
	u32 idx;
	s32 v32;
	s64 v64;
	u8 op;
	int err = wasm_rd_u8(c, r, &op);

	if (err)
		return err;
	memset(e, 0, sizeof(*e));
	switch (op) {
	case WASM_OP_I32_CONST:
		err = wasm_rd_s32(c, r, &v32);
		e->kind = WASM_CONST_I32;
		e->type = WASM_TYPE_I32;
		e->bits = (u64)(s64)v32;
		break;
	case WASM_OP_I64_CONST:
		err = wasm_rd_s64(c, r, &v64);
		e->kind = WASM_CONST_I64;
		e->type = WASM_TYPE_I64;
		e->bits = (u64)v64;
		break;
	case WASM_OP_F32_CONST:
	case WASM_OP_F64_CONST: {
		u32 n = op == WASM_OP_F32_CONST ? 4 : 8, i;

		if ((u32)(r->end - r->p) < n)
			return MALFORMED(c, r->p, "unexpected end");
		for (i = 0; i < n; i++)
			e->bits |= (u64)r->p[i] << (8 * i);
		r->p += n;
		e->kind = n == 4 ? WASM_CONST_F32 : WASM_CONST_F64;
		e->type = n == 4 ? WASM_TYPE_F32 : WASM_TYPE_F64;
		break;
	}
	case WASM_OP_REF_NULL:
		err = rd_reftype(c, r, &e->type);
		e->kind = WASM_CONST_REF_NULL;
		break;
	case WASM_OP_REF_FUNC:
		err = wasm_rd_u32(c, r, &idx);
		if (err)
			return err;
		if (idx >= m->nfuncs)
			return INVALID(c, at, "unknown function %u", idx);
		set_ref(c, idx);
		e->kind = WASM_CONST_REF_FUNC;
		e->type = WASM_TYPE_FUNCREF;
		e->index = idx;
		break;
	case WASM_OP_GLOBAL_GET:
		err = wasm_rd_u32(c, r, &idx);
		if (err)
			return err;
		if (idx >= m->nimported_globals)
			return INVALID(c, at, "unknown global %u", idx);
		if (m->globals[idx].mut)
			return INVALID(c, at, "constant expression required (global %u is mutable)",
				       idx);
		e->kind = WASM_CONST_GLOBAL_GET;
		e->type = m->globals[idx].type;
		e->index = idx;
		break;
	case WASM_OP_END:
		return INVALID(c, at, "type mismatch: empty constant expression, expected [%s]",
			       wasm_type_name(want));
	case WASM_PREFIX_SIMD:
		return wasm_fail(c, WASM_EUNSUPPORTED, at, "SIMD is not supported");
	default:
		if (is_known_op(op))
			return INVALID(c, at, "constant expression required");
		return MALFORMED(c, at, "illegal opcode 0x%02x", op);
	}
	if (err)
		return err;
	at = r->p;
	err = wasm_rd_u8(c, r, &op);
	if (err)
		return err;
	if (op != WASM_OP_END) {
		if (op == WASM_PREFIX_SIMD)
			return wasm_fail(c, WASM_EUNSUPPORTED, at, "SIMD is not supported");
		if (is_known_op(op))
			return INVALID(c, at, "constant expression required");
		return MALFORMED(c, at, "illegal opcode 0x%02x", op);
	}
	if (e->type != want)
		return INVALID(c, at, "type mismatch: constant expression has type %s, expected %s",
			       wasm_type_name(e->type), wasm_type_name(want));
	if (wasm_is_float(e->type))
		m->flags |= WASM_MOD_FLOAT;
	return 0;
}

/* ---- sections ---------------------------------------------------------- */

static int sec_type(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	const u8 *at = r->p;
	u32 n, i;
	int err = rd_count(c, r, &n, 3);

	if (err)
		return err;
	if (n > c->lim.types)
		return wasm_fail_count(c, at, "types", c->lim.types);
	m->types = alloc_array(c, n, sizeof(*m->types));
	if (!m->types)
		return -WASM_ENOMEM;
	for (i = 0; i < n; i++) {
		struct wasm_functype *ft = &m->types[i];
		u32 k;
		u8 b;

		at = r->p;
		err = wasm_rd_u8(c, r, &b);
		if (err)
			return err;
		if (b != WASM_TYPE_FUNC)
			return MALFORMED(c, at, "malformed function type 0x%02x", b);
		at = r->p;
		err = rd_count(c, r, &ft->nparams, 1);
		if (err)
			return err;
		if (ft->nparams > c->lim.params)
			return wasm_fail_count(c, at, "params", c->lim.params);
		ft->params = r->p;
		for (k = 0; k < ft->nparams; k++) {
			err = wasm_rd_valtype(c, r, &b);
			if (err)
				return err;
			ft->has_float |= wasm_is_float(b);
		}
		at = r->p;
		err = rd_count(c, r, &ft->nresults, 1);
		if (err)
			return err;
		if (ft->nresults > c->lim.results)
			return wasm_fail_count(c, at, "results", c->lim.results);
		ft->results = r->p;
		for (k = 0; k < ft->nresults; k++) {
			err = wasm_rd_valtype(c, r, &b);
			if (err)
				return err;
			ft->has_float |= wasm_is_float(b);
		}
		m->ntypes = i + 1;
	}
	return 0;
}

static int sec_import(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	struct import_desc *desc;
	u32 n, i, nf = 0, nt = 0, ng = 0;
	const u8 *at = r->p;
	int err = rd_count(c, r, &n, 4);

	if (err)
		return err;
	if (n > c->lim.imports)
		return wasm_fail_count(c, at, "imports", c->lim.imports);
	m->imports = alloc_array(c, n, sizeof(*m->imports));
	desc = alloc_array(c, n, sizeof(*desc));
	if (!m->imports || !desc) {
		wasm_kvfree(desc);
		return -WASM_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		struct wasm_import *im = &m->imports[i];
		u8 kind;

		err = rd_name(c, r, &im->module, &im->module_len, true);
		if (!err)
			err = rd_name(c, r, &im->name, &im->name_len, true);
		at = r->p;
		if (!err)
			err = wasm_rd_u8(c, r, &kind);
		if (err)
			goto out;
		im->kind = kind;
		switch (kind) {
		case WASM_EXTERN_FUNC:
			err = wasm_rd_u32(c, r, &desc[i].type);
			if (err)
				goto out;
			if (desc[i].type >= m->ntypes) {
				err = INVALID(c, at, "unknown type %u", desc[i].type);
				goto out;
			}
			if (nf >= c->lim.functions) {
				err = wasm_fail_count(c, at, "functions", c->lim.functions);
				goto out;
			}
			im->index = nf++;
			break;
		case WASM_EXTERN_TABLE:
			err = rd_tabletype(c, r, &desc[i].table);
			if (err)
				goto out;
			if (nt >= c->lim.tables) {
				err = wasm_fail_count(c, at, "tables", c->lim.tables);
				goto out;
			}
			im->index = nt++;
			break;
		case WASM_EXTERN_MEMORY:
			err = rd_memtype(c, r, &desc[i].mem);
			if (err)
				goto out;
			if (m->nmemories) {
				err = INVALID(c, at, "multiple memories");
				goto out;
			}
			m->memory = desc[i].mem;
			m->memory.imported = true;
			im->index = m->nmemories++;
			break;
		case WASM_EXTERN_GLOBAL:
			err = rd_globaltype(c, r, &desc[i].global);
			if (err)
				goto out;
			if (ng >= c->lim.globals) {
				err = wasm_fail_count(c, at, "globals", c->lim.globals);
				goto out;
			}
			if (wasm_is_float(desc[i].global.type))
				m->flags |= WASM_MOD_FLOAT;
			im->index = ng++;
			break;
		default:
			err = MALFORMED(c, at, "malformed import kind 0x%02x", kind);
			goto out;
		}
		m->nimports = i + 1;
	}
	m->funcs = alloc_array(c, nf, sizeof(*m->funcs));
	m->tables = alloc_array(c, nt, sizeof(*m->tables));
	m->globals = alloc_array(c, ng, sizeof(*m->globals));
	if (!m->funcs || !m->tables || !m->globals) {
		err = -WASM_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct wasm_import *im = &m->imports[i];

		switch (im->kind) {
		case WASM_EXTERN_FUNC:
			m->funcs[im->index].type = desc[i].type;
			m->funcs[im->index].imported = true;
			break;
		case WASM_EXTERN_TABLE:
			m->tables[im->index] = desc[i].table;
			m->tables[im->index].imported = true;
			break;
		case WASM_EXTERN_GLOBAL:
			m->globals[im->index] = desc[i].global;
			m->globals[im->index].imported = true;
			break;
		}
	}
	m->nfuncs = m->nimported_funcs = nf;
	m->ntables = m->nimported_tables = nt;
	m->nglobals = m->nimported_globals = ng;
out:
	wasm_kvfree(desc);
	return err;
}

/* Extend an index space array from *have imported entries to total. */
static int extend_space(struct wasm_ctx *c, void **arr, u32 have, u32 total, size_t elsz)
{
	void *n = alloc_array(c, total, elsz);

	if (!n)
		return -WASM_ENOMEM;
	if (*arr) {
		memcpy(n, *arr, (size_t)have * elsz);
		wasm_kvfree(*arr);
	}
	*arr = n;
	return 0;
}

static int sec_function(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	const u8 *at = r->p;
	u32 n, i, total;
	int err = rd_count(c, r, &n, 1);

	if (err)
		return err;
	if (check_add_overflow(m->nfuncs, n, &total) || total > c->lim.functions)
		return wasm_fail_count(c, at, "functions", c->lim.functions);
	err = extend_space(c, (void **)&m->funcs, m->nfuncs, total, sizeof(*m->funcs));
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		struct wasm_func *f = &m->funcs[m->nfuncs];

		at = r->p;
		err = wasm_rd_u32(c, r, &f->type);
		if (err)
			return err;
		if (f->type >= m->ntypes)
			return INVALID(c, at, "unknown type %u", f->type);
		m->nfuncs++;
	}
	d->ndefined = n;
	return 0;
}

static int sec_table(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	const u8 *at = r->p;
	u32 n, i, total;
	int err = rd_count(c, r, &n, 2);

	if (err)
		return err;
	if (check_add_overflow(m->ntables, n, &total) || total > c->lim.tables)
		return wasm_fail_count(c, at, "tables", c->lim.tables);
	err = extend_space(c, (void **)&m->tables, m->ntables, total, sizeof(*m->tables));
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		err = rd_tabletype(c, r, &m->tables[m->ntables]);
		if (err)
			return err;
		m->ntables++;
	}
	return 0;
}

static int sec_memory(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	u32 n, i;
	int err = rd_count(c, r, &n, 2);

	if (err)
		return err;
	for (i = 0; i < n; i++) {
		const u8 *at = r->p;

		err = rd_memtype(c, r, &m->memory);
		if (err)
			return err;
		if (m->nmemories)
			return INVALID(c, at, "multiple memories");
		m->memory.imported = false;
		m->nmemories = 1;
	}
	return 0;
}

static int sec_global(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	const u8 *at = r->p;
	u32 n, i, total;
	int err = rd_count(c, r, &n, 3);

	if (err)
		return err;
	if (check_add_overflow(m->nglobals, n, &total) || total > c->lim.globals)
		return wasm_fail_count(c, at, "globals", c->lim.globals);
	err = extend_space(c, (void **)&m->globals, m->nglobals, total, sizeof(*m->globals));
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		struct wasm_global *g = &m->globals[m->nglobals];

		err = rd_globaltype(c, r, g);
		if (!err)
			err = rd_const_expr(c, r, g->type, &g->init);
		if (err)
			return err;
		if (wasm_is_float(g->type))
			m->flags |= WASM_MOD_FLOAT;
		m->nglobals++;
	}
	return 0;
}

static int export_cmp(const struct wasm_module *m, u32 a, u32 b)
{
	const struct wasm_export *x = &m->exports[a], *y = &m->exports[b];
	u32 l = x->name_len < y->name_len ? x->name_len : y->name_len;
	int r = memcmp(x->name, y->name, l);

	if (r)
		return r;
	return x->name_len < y->name_len ? -1 : x->name_len > y->name_len ? 1 : 0;
}

/* Heapsort of export indices by name: O(n log n), no recursion. */
static void sort_exports(struct wasm_module *m)
{
	u32 *a = m->export_order, n = m->nexports, i, end, t;

	for (i = 0; i < n; i++)
		a[i] = i;
	if (n < 2)
		return;
	for (end = n; ; ) {
		u32 root, start;

		if (end == n) {
			start = n / 2;
			while (start-- > 0) {
				root = start;
				for (;;) {
					u32 ch = 2 * root + 1;

					if (ch >= n)
						break;
					if (ch + 1 < n && export_cmp(m, a[ch], a[ch + 1]) < 0)
						ch++;
					if (export_cmp(m, a[root], a[ch]) >= 0)
						break;
					t = a[root];
					a[root] = a[ch];
					a[ch] = t;
					root = ch;
				}
			}
		}
		end--;
		t = a[0];
		a[0] = a[end];
		a[end] = t;
		if (end <= 1)
			break;
		root = 0;
		for (;;) {
			u32 ch = 2 * root + 1;

			if (ch >= end)
				break;
			if (ch + 1 < end && export_cmp(m, a[ch], a[ch + 1]) < 0)
				ch++;
			if (export_cmp(m, a[root], a[ch]) >= 0)
				break;
			t = a[root];
			a[root] = a[ch];
			a[ch] = t;
			root = ch;
		}
	}
}

static int sec_export(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	const u8 *at = r->p;
	u32 n, i;
	int err = rd_count(c, r, &n, 3);

	if (err)
		return err;
	if (n > c->lim.exports)
		return wasm_fail_count(c, at, "exports", c->lim.exports);
	m->exports = alloc_array(c, n, sizeof(*m->exports));
	m->export_order = alloc_array(c, n, sizeof(*m->export_order));
	if (!m->exports || !m->export_order)
		return -WASM_ENOMEM;
	for (i = 0; i < n; i++) {
		struct wasm_export *e = &m->exports[i];
		u32 limit;
		u8 kind;

		err = rd_name(c, r, &e->name, &e->name_len, true);
		at = r->p;
		if (!err)
			err = wasm_rd_u8(c, r, &kind);
		if (!err)
			err = wasm_rd_u32(c, r, &e->index);
		if (err)
			return err;
		e->kind = kind;
		switch (kind) {
		case WASM_EXTERN_FUNC:
			limit = m->nfuncs;
			break;
		case WASM_EXTERN_TABLE:
			limit = m->ntables;
			break;
		case WASM_EXTERN_MEMORY:
			limit = m->nmemories;
			break;
		case WASM_EXTERN_GLOBAL:
			limit = m->nglobals;
			break;
		default:
			return MALFORMED(c, at, "malformed export kind 0x%02x", kind);
		}
		if (e->index >= limit) {
			static const char * const what[] = {
				"function", "table", "memory", "global"
			};
			return INVALID(c, at, "unknown %s %u", what[kind], e->index);
		}
		if (kind == WASM_EXTERN_FUNC)
			set_ref(c, e->index);
		m->nexports = i + 1;
	}
	sort_exports(m);
	for (i = 1; i < n; i++) {
		if (!export_cmp(m, m->export_order[i - 1], m->export_order[i])) {
			const struct wasm_export *e = &m->exports[m->export_order[i]];

			return INVALID(c, (const u8 *)e->name, "duplicate export name \"%.*s\"",
				       (int)(e->name_len > 64 ? 64 : e->name_len), e->name);
		}
	}
	return 0;
}

static int sec_start(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	const struct wasm_functype *ft;
	const u8 *at = r->p;
	int err = wasm_rd_u32(c, r, &m->start);

	if (err)
		return err;
	if (m->start >= m->nfuncs)
		return INVALID(c, at, "unknown function %u", m->start);
	ft = &m->types[m->funcs[m->start].type];
	if (ft->nparams || ft->nresults)
		return INVALID(c, at, "start function must have type [] -> []");
	m->has_start = true;
	return 0;
}

static int sec_element(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	u32 n, i, nitems = 0, icap = 0;
	const u8 *at = r->p;
	int err = rd_count(c, r, &n, 2);

	if (err)
		return err;
	if (n > c->lim.elem_segments)
		return wasm_fail_count(c, at, "element segments", c->lim.elem_segments);
	m->elems = alloc_array(c, n, sizeof(*m->elems));
	if (!m->elems)
		return -WASM_ENOMEM;
	for (i = 0; i < n; i++) {
		struct wasm_elem *e = &m->elems[i];
		u32 flags, k, cnt;
		const u8 *seg = r->p;
		bool exprs;

		err = wasm_rd_u32(c, r, &flags);
		if (err)
			return err;
		if (flags > 7)
			return MALFORMED(c, seg, "malformed elements segment kind %u", flags);
		exprs = flags & 4;
		e->mode = !(flags & 1) ? WASM_SEG_ACTIVE :
			  (flags & 2) ? WASM_SEG_DECLARATIVE : WASM_SEG_PASSIVE;
		e->type = WASM_TYPE_FUNCREF;
		if ((flags & 3) == 2) {
			err = wasm_rd_u32(c, r, &e->table);
			if (err)
				return err;
		}
		if (e->mode == WASM_SEG_ACTIVE) {
			if (e->table >= m->ntables)
				return INVALID(c, seg, "unknown table %u", e->table);
			err = rd_const_expr(c, r, WASM_TYPE_I32, &e->offset);
			if (err)
				return err;
		}
		if (flags & 3) {
			if (exprs) {
				err = rd_reftype(c, r, &e->type);
			} else {
				u8 kind;

				err = wasm_rd_u8(c, r, &kind);
				if (!err && kind != 0)
					err = MALFORMED(c, r->p - 1, "malformed element kind 0x%02x",
							kind);
			}
			if (err)
				return err;
		}
		if (e->mode == WASM_SEG_ACTIVE && m->tables[e->table].type != e->type)
			return INVALID(c, seg, "type mismatch: element segment of %s for table of %s",
				       wasm_type_name(e->type),
				       wasm_type_name(m->tables[e->table].type));
		err = rd_count(c, r, &cnt, 1);
		if (err)
			return err;
		if (check_add_overflow(nitems, cnt, &k))
			return MALFORMED(c, r->p, "length out of bounds");
		err = grow_array(c, (void **)&m->elem_items, &icap, k, sizeof(u32));
		if (err)
			return err;
		e->count = cnt;
		for (k = 0; k < cnt; k++) {
			u32 *item = &m->elem_items[nitems + k];

			at = r->p;
			if (!exprs) {
				err = wasm_rd_u32(c, r, item);
				if (err)
					return err;
				if (*item >= m->nfuncs)
					return INVALID(c, at, "unknown function %u", *item);
				set_ref(c, *item);
			} else {
				struct wasm_const_expr ce;

				err = rd_const_expr(c, r, e->type, &ce);
				if (err)
					return err;
				if (ce.kind == WASM_CONST_REF_FUNC)
					*item = ce.index;
				else if (ce.kind == WASM_CONST_GLOBAL_GET)
					*item = WASM_ELEM_GLOBAL | ce.index;
				else
					*item = WASM_ELEM_NULL;
			}
		}
		/* items are fixed up to pointers once the array stops moving */
		e->items = (const u32 *)(uintptr_t)nitems;
		nitems += cnt;
		m->nelems = i + 1;
	}
	for (i = 0; i < m->nelems; i++) {
		uintptr_t first = (uintptr_t)m->elems[i].items;

		m->elems[i].items = m->elem_items ? m->elem_items + first : NULL;
	}
	return 0;
}

static int sec_datacount(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	const u8 *at = r->p;
	int err = wasm_rd_u32(c, r, &m->datacount);

	if (err)
		return err;
	if (m->datacount > c->lim.data_segments)
		return wasm_fail_count(c, at, "data segments", c->lim.data_segments);
	m->has_datacount = true;
	return 0;
}

static int sec_code(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	const u8 *at = r->p;
	u32 n, i;
	int err = rd_count(c, r, &n, 2);

	if (err)
		return err;
	d->code_seen = true;
	if (n != d->ndefined)
		return MALFORMED(c, at, "function and code section have inconsistent lengths");
	for (i = 0; i < n; i++) {
		struct wasm_func *f = &m->funcs[m->nimported_funcs + i];
		u32 size, ndecl, k, total = 0;
		struct wasm_rd b;

		f->body_start = (u32)(r->p - c->base);
		at = r->p;
		err = wasm_rd_u32(c, r, &size);
		if (err)
			return err;
		if (size > (u32)(r->end - r->p))
			return MALFORMED(c, at, "unexpected end: function body size %u out of bounds",
					 size);
		if (size > c->lim.body_size)
			return wasm_fail_size(c, at, "function body size", c->lim.body_size);
		b.p = r->p;
		b.end = r->p + size;
		r->p = b.end;
		c->in_func = true;
		c->func = m->nimported_funcs + i;
		err = wasm_rd_u32(c, &b, &ndecl);
		if (err)
			return err;
		f->run_first = m->nlocal_runs;
		for (k = 0; k < ndecl; k++) {
			struct wasm_local_run *run;
			u32 cnt;
			u8 t;

			at = b.p;
			err = wasm_rd_u32(c, &b, &cnt);
			if (err)
				return err;
			/* O(1) refusal of huge counts: check before adding. */
			if (cnt > c->lim.locals - total)
				return wasm_fail_count(c, at, "locals", c->lim.locals);
			err = wasm_rd_valtype(c, &b, &t);
			if (err)
				return err;
			if (!cnt)
				continue;
			err = grow_array(c, (void **)&m->local_runs, &c->runs_cap,
					 m->nlocal_runs + 1, sizeof(*m->local_runs));
			if (err)
				return err;
			run = &m->local_runs[m->nlocal_runs++];
			run->first = m->types[f->type].nparams + total;
			run->count = cnt;
			run->type = t;
			total += cnt;
		}
		c->in_func = false;
		f->nruns = m->nlocal_runs - f->run_first;
		f->nlocals = total;
		f->code_start = (u32)(b.p - c->base);
		f->code_end = (u32)(b.end - c->base);
	}
	d->ncode = n;
	return 0;
}

static int sec_data(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	struct wasm_module *m = c->m;
	const u8 *at = r->p;
	u32 n, i;
	int err = rd_count(c, r, &n, 2);

	if (err)
		return err;
	if (n > c->lim.data_segments)
		return wasm_fail_count(c, at, "data segments", c->lim.data_segments);
	if (m->has_datacount && n != m->datacount)
		return MALFORMED(c, at, "data count and data section have inconsistent lengths");
	m->datas = alloc_array(c, n, sizeof(*m->datas));
	if (!m->datas)
		return -WASM_ENOMEM;
	for (i = 0; i < n; i++) {
		struct wasm_data *ds = &m->datas[i];
		u32 flags;

		at = r->p;
		err = wasm_rd_u32(c, r, &flags);
		if (err)
			return err;
		if (flags > 2)
			return MALFORMED(c, at, "malformed data segment kind %u", flags);
		ds->mode = flags == 1 ? WASM_SEG_PASSIVE : WASM_SEG_ACTIVE;
		if (flags == 2) {
			err = wasm_rd_u32(c, r, &ds->memory);
			if (err)
				return err;
		}
		if (ds->mode == WASM_SEG_ACTIVE) {
			if (ds->memory >= m->nmemories)
				return INVALID(c, at, "unknown memory %u", ds->memory);
			err = rd_const_expr(c, r, WASM_TYPE_I32, &ds->offset);
			if (err)
				return err;
		}
		at = r->p;
		err = wasm_rd_u32(c, r, &ds->len);
		if (err)
			return err;
		if (ds->len > (u32)(r->end - r->p))
			return MALFORMED(c, at, "unexpected end: data segment length %u", ds->len);
		ds->bytes = r->p;
		r->p += ds->len;
		m->ndatas = i + 1;
	}
	return 0;
}

/* The "name" section: remember the function-name map, ignore any error. */
static void custom_name(struct wasm_ctx *c, const u8 *p, const u8 *end)
{
	while (p < end) {
		u8 id = *p++;
		u32 size;

		if (!wasm_leb_u32_lenient(&p, end, &size) || size > (u32)(end - p))
			return;
		if (id == 1) {
			c->m->fnames_off = (u32)(p - c->base);
			c->m->fnames_len = size;
			return;
		}
		p += size;
	}
}

static int sec_custom(struct dec *d, struct wasm_rd *r)
{
	struct wasm_ctx *c = d->c;
	const char *name;
	u32 len;
	int err = rd_name(c, r, &name, &len, false);

	if (err)
		return err;
	if (len == 4 && !memcmp(name, "name", 4) && !c->m->fnames_len)
		custom_name(c, r->p, r->end);
	r->p = r->end;
	return 0;
}

int wasm_decode(struct wasm_ctx *c)
{
	static const u8 magic[4] = { 0x00, 0x61, 0x73, 0x6d };
	static const u8 version[4] = { 0x01, 0x00, 0x00, 0x00 };
	struct wasm_module *m = c->m;
	struct wasm_rd r = { c->base, c->base + m->len };
	struct dec d = { .c = c };
	u8 last_rank = 0;
	int err = 0;

	if (m->len < 4)
		return MALFORMED(c, r.end, "unexpected end: magic header not detected");
	if (memcmp(r.p, magic, 4))
		return MALFORMED(c, r.p, "magic header not detected");
	if (m->len < 8)
		return MALFORMED(c, r.end, "unexpected end: unknown binary version");
	if (memcmp(r.p + 4, version, 4))
		return MALFORMED(c, r.p + 4, "unknown binary version");
	r.p += 8;

	/* Every function index that may be declared fits: nfuncs <= limit. */
	c->refs = wasm_kvcalloc(c->lim.functions / 8 + 1, 1);
	if (!c->refs)
		return wasm_fail(c, WASM_ENOMEM, NULL, "out of memory");

	while (r.p < r.end) {
		const u8 *at = r.p;
		struct wasm_rd s;
		u32 size;
		u8 id = *r.p++;

		if (id >= SEC_COUNT)
			return MALFORMED(c, at, "malformed section id %u", id);
		c->section = section_names[id];
		err = wasm_rd_u32(c, &r, &size);
		if (err)
			return err;
		if (size > (u32)(r.end - r.p))
			return MALFORMED(c, at, "unexpected end: section size %u out of bounds",
					 size);
		if (id != SEC_CUSTOM) {
			if (section_rank[id] <= last_rank)
				return MALFORMED(c, at, "section duplicate or out of order");
			last_rank = section_rank[id];
		}
		s.p = r.p;
		s.end = r.p + size;
		switch (id) {
		case SEC_CUSTOM:
			err = sec_custom(&d, &s);
			break;
		case SEC_TYPE:
			err = sec_type(&d, &s);
			break;
		case SEC_IMPORT:
			err = sec_import(&d, &s);
			break;
		case SEC_FUNCTION:
			err = sec_function(&d, &s);
			break;
		case SEC_TABLE:
			err = sec_table(&d, &s);
			break;
		case SEC_MEMORY:
			err = sec_memory(&d, &s);
			break;
		case SEC_GLOBAL:
			err = sec_global(&d, &s);
			break;
		case SEC_EXPORT:
			err = sec_export(&d, &s);
			break;
		case SEC_START:
			err = sec_start(&d, &s);
			break;
		case SEC_ELEMENT:
			err = sec_element(&d, &s);
			break;
		case SEC_DATACOUNT:
			err = sec_datacount(&d, &s);
			break;
		case SEC_CODE:
			err = sec_code(&d, &s);
			break;
		case SEC_DATA:
			err = sec_data(&d, &s);
			break;
		}
		if (err)
			return err;
		if (s.p != s.end)
			return MALFORMED(c, s.p, "section size mismatch");
		r.p = s.end;
	}
	c->section = NULL;
	if (!d.code_seen && d.ndefined)
		return MALFORMED(c, r.p, "function and code section have inconsistent lengths");
	if (m->has_datacount && m->datacount != m->ndatas)
		return MALFORMED(c, r.p, "data count and data section have inconsistent lengths");
	return 0;
}
