// SPDX-License-Identifier: GPL-2.0
/*
 * instance.c - stores, instantiation (imports, memory, tables, globals,
 * segments, start), exports, invoke, and the runtime helpers that the
 * interpreter and the JIT call for memory.*, table.* and friends.
 */
#include "runtime.h"

#define NO_U32		0xffffffffu

const char *wasm_trap_str(int trap)
{
	static const char *const msg[WASM_TRAP_COUNT] = {
		[WASM_TRAP_NONE] = "no trap",
		[WASM_TRAP_UNREACHABLE] = "unreachable",
		[WASM_TRAP_MEM_OOB] = "out of bounds memory access",
		[WASM_TRAP_DIV_ZERO] = "integer divide by zero",
		[WASM_TRAP_INT_OVERFLOW] = "integer overflow",
		[WASM_TRAP_INVALID_CONV] = "invalid conversion to integer",
		[WASM_TRAP_UNDEFINED_ELEM] = "undefined element",
		[WASM_TRAP_UNINIT_ELEM] = "uninitialized element",
		[WASM_TRAP_INDIRECT_TYPE] = "indirect call type mismatch",
		[WASM_TRAP_TABLE_OOB] = "out of bounds table access",
		[WASM_TRAP_STACK] = "call stack exhausted",
		[WASM_TRAP_FUEL] = "fuel exhausted",
		[WASM_TRAP_DEADLINE] = "run time limit exceeded",
		[WASM_TRAP_HOST] = "host function failed",
	};

	if (trap < 0 || trap >= WASM_TRAP_COUNT)
		return "unknown trap";
	return msg[trap];
}

const char *wasm_rt_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case WASM_ELINK:
		return "unlinkable module";
	case WASM_ETRAP:
		return "instantiation trapped";
	case WASM_EBUSY:
		return "instance busy";
	case WASM_ENOTFOUND:
		return "not found";
	case WASM_ENOJIT:
		return "JIT code not available";
	default:
		return wasm_strerror(err);
	}
}

/* ---- store ---------------------------------------------------------------- */

struct canon_type {
	u8 *sig;		/* params then results */
	u32 nparams;
	u32 nresults;
	u32 hash;
};

enum { OBJ_FUNC, OBJ_MEM, OBJ_TABLE, OBJ_GLOBAL };

struct store_obj {
	struct store_obj *next;
	u8 kind;
	union {
		struct wasm_funcinst func;
		struct wasm_meminst mem;
		struct wasm_tableinst table;
		struct wasm_globalinst global;
	};
};

struct wasm_store {
	struct canon_type *types;
	u32 ntypes;
	u32 cap;
	struct store_obj *objs;
};

struct wasm_store *wasm_store_new(void)
{
	return wasm_calloc(1, sizeof(struct wasm_store));
}

static void meminst_destroy(struct wasm_meminst *mem)
{
	wasm_mem_release(mem->base, mem->reserved);
	mem->base = NULL;
}

void wasm_store_free(struct wasm_store *s)
{
	struct store_obj *o, *next;
	u32 i;

	if (!s)
		return;
	for (o = s->objs; o; o = next) {
		next = o->next;
		if (o->kind == OBJ_MEM)
			meminst_destroy(&o->mem);
		else if (o->kind == OBJ_TABLE)
			wasm_kvfree(o->table.elems);
		wasm_free(o);
	}
	for (i = 0; i < s->ntypes; i++)
		wasm_free(s->types[i].sig);
	wasm_kvfree(s->types);
	wasm_free(s);
}

static u32 sig_hash(const u8 *p, u32 np, const u8 *r, u32 nr)
{
	u32 h = 2166136261u ^ np ^ (nr << 16);
	u32 i;

	for (i = 0; i < np; i++)
		h = (h ^ p[i]) * 16777619u;
	h = (h ^ 0xff) * 16777619u;
	for (i = 0; i < nr; i++)
		h = (h ^ r[i]) * 16777619u;
	return h;
}

u32 wasm_store_type_id(struct wasm_store *s, const u8 *params, u32 nparams,
		       const u8 *results, u32 nresults)
{
	u32 h = sig_hash(params, nparams, results, nresults);
	struct canon_type *t;
	u32 i, n;

	for (i = 0; i < s->ntypes; i++) {
		t = &s->types[i];
		if (t->hash == h && t->nparams == nparams && t->nresults == nresults &&
		    (!nparams || !memcmp(t->sig, params, nparams)) &&
		    (!nresults || !memcmp(t->sig + nparams, results, nresults)))
			return i;
	}
	if (s->ntypes == s->cap) {
		struct canon_type *nt;
		u32 ncap = s->cap ? s->cap * 2 : 16;

		if (ncap > (1u << 24))
			return NO_U32;
		nt = wasm_kvcalloc(ncap, sizeof(*nt));
		if (!nt)
			return NO_U32;
		if (s->ntypes)
			memcpy(nt, s->types, s->ntypes * sizeof(*nt));
		wasm_kvfree(s->types);
		s->types = nt;
		s->cap = ncap;
	}
	n = nparams + nresults;
	t = &s->types[s->ntypes];
	t->sig = wasm_malloc(n ? n : 1);
	if (!t->sig)
		return NO_U32;
	if (nparams)
		memcpy(t->sig, params, nparams);
	if (nresults)
		memcpy(t->sig + nparams, results, nresults);
	t->nparams = nparams;
	t->nresults = nresults;
	t->hash = h;
	return s->ntypes++;
}

static struct store_obj *store_obj_new(struct wasm_store *s, u8 kind)
{
	struct store_obj *o = wasm_calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->kind = kind;
	o->next = s->objs;
	s->objs = o;
	return o;
}

struct wasm_funcinst *wasm_store_host_func(struct wasm_store *s, const struct wasm_host_func *hf)
{
	u32 id = wasm_store_type_id(s, hf->params, hf->nparams, hf->results, hf->nresults);
	struct store_obj *o;

	if (id == NO_U32)
		return NULL;
	o = store_obj_new(s, OBJ_FUNC);
	if (!o)
		return NULL;
	o->func.type_id = id;
	o->func.host = hf;
	o->func.index = NO_U32;
	return &o->func;
}

/* Set up a memory of min pages growing up to max_pages (reserved now). */
static int meminst_init(struct wasm_meminst *mem, u32 min, u32 decl_max, bool has_max, u32 cap)
{
	u32 max = has_max ? decl_max : WASM_MAX_PAGES;

	if (max > cap)
		max = cap;
	if (min > max)
		return -WASM_ELIMIT;
	mem->reserved = (u64)max * WASM_PAGE_SIZE;
	mem->base = wasm_mem_reserve(mem->reserved);
	if (!mem->base)
		return -WASM_ENOMEM;
	if (wasm_mem_commit(mem->base, 0, (u64)min * WASM_PAGE_SIZE)) {
		meminst_destroy(mem);
		return -WASM_ENOMEM;
	}
	mem->pages = min;
	mem->size = (u64)min * WASM_PAGE_SIZE;
	mem->max_pages = max;
	mem->decl_max = has_max ? decl_max : WASM_MAX_PAGES;
	mem->has_max = has_max;
	return 0;
}

struct wasm_meminst *wasm_store_memory(struct wasm_store *s, u32 min, u32 max, bool has_max)
{
	struct store_obj *o = store_obj_new(s, OBJ_MEM);

	if (!o)
		return NULL;
	if (meminst_init(&o->mem, min, max, has_max, WASM_MAX_PAGES)) {
		o->kind = OBJ_GLOBAL;	/* nothing to release */
		return NULL;
	}
	return &o->mem;
}

static int tableinst_init(struct wasm_tableinst *t, u8 type, u32 min, u32 decl_max, bool has_max,
		      u32 cap)
{
	u32 max = has_max ? decl_max : NO_U32;

	if (max > cap)
		max = cap;
	if (min > max)
		return -WASM_ELIMIT;
	t->elems = wasm_kvcalloc(min ? min : 1, sizeof(u64));
	if (!t->elems)
		return -WASM_ENOMEM;
	t->size = min;
	t->cap = min;
	t->max = max;
	t->type = type;
	t->has_max = has_max;
	t->decl_max = has_max ? decl_max : NO_U32;
	return 0;
}

struct wasm_tableinst *wasm_store_table(struct wasm_store *s, u8 type, u32 min, u32 max,
					bool has_max)
{
	struct store_obj *o = store_obj_new(s, OBJ_TABLE);

	if (!o)
		return NULL;
	if (tableinst_init(&o->table, type, min, max, has_max, WASM_LIMIT_TABLE_SIZE_MAX)) {
		o->kind = OBJ_GLOBAL;
		return NULL;
	}
	return &o->table;
}

struct wasm_globalinst *wasm_store_global(struct wasm_store *s, u8 type, bool mut, u64 value)
{
	struct store_obj *o = store_obj_new(s, OBJ_GLOBAL);

	if (!o)
		return NULL;
	o->global.type = type;
	o->global.mut = mut;
	o->global.value = value;
	return &o->global;
}

/* ---- instances ------------------------------------------------------------ */

static void instance_destroy(struct wasm_instance *inst)
{
	const struct wasm_module *m = inst->module;
	u32 i;

	if (inst->jit_free)
		inst->jit_free(inst);
	wasm_interp_release(inst);
	if (inst->memory && !m->memory.imported)
		meminst_destroy(inst->memory);
	if (inst->memory && !m->memory.imported)
		wasm_free(inst->memory);
	if (inst->own_tables) {
		for (i = 0; i < m->ntables - m->nimported_tables; i++)
			wasm_kvfree(inst->own_tables[i].elems);
		wasm_kvfree(inst->own_tables);
	}
	if (inst->elem_refs) {
		for (i = 0; i < m->nelems; i++)
			wasm_kvfree(inst->elem_refs[i]);
		wasm_kvfree(inst->elem_refs);
	}
	wasm_kvfree(inst->elem_len);
	wasm_kvfree(inst->data_len);
	wasm_kvfree(inst->own_globals);
	wasm_kvfree(inst->own_funcs);
	wasm_kvfree(inst->globals);
	wasm_kvfree(inst->funcs);
	wasm_kvfree(inst->tables);
	wasm_kvfree(inst->type_ids);
	for (i = 0; i < inst->ndeps; i++)
		wasm_instance_free(inst->deps[i]);
	wasm_kvfree(inst->deps);
	wasm_free(inst);
}

void wasm_instance_free(struct wasm_instance *inst)
{
	if (!inst)
		return;
	if (--inst->refs)
		return;
	instance_destroy(inst);
}

static void import_name(const struct wasm_import *imp, char *buf, u32 size)
{
	u32 ml = imp->module_len, nl = imp->name_len;

	if (ml > 64)
		ml = 64;
	if (nl > 64)
		nl = 64;
	snprintf(buf, size, "%.*s.%.*s", (int)ml, imp->module, (int)nl, imp->name);
}

static bool name_eq(const char *a, const char *b, u32 blen)
{
	return strlen(a) == blen && !memcmp(a, b, blen);
}

static int add_dep(struct wasm_instance *inst, struct wasm_instance *dep)
{
	u32 i;

	if (!dep || dep == inst)
		return 0;
	for (i = 0; i < inst->ndeps; i++)
		if (inst->deps[i] == dep)
			return 0;
	/* deps was sized for nimports entries */
	inst->deps[inst->ndeps++] = dep;
	dep->refs++;
	return 0;
}

static bool limits_match(u32 cur, bool has_max, u32 decl_max, const struct wasm_limits_pair *want)
{
	if (cur < want->min)
		return false;
	if (want->has_max && (!has_max || decl_max > want->max))
		return false;
	return true;
}

static int resolve_imports(struct wasm_instance *inst, const struct wasm_instance_opts *opts,
			   struct wasm_log *log)
{
	const struct wasm_module *m = inst->module;
	u32 i, j;

	for (i = 0; i < m->nimports; i++) {
		const struct wasm_import *imp = &m->imports[i];
		struct wasm_extern ext = { 0 };
		bool found = false;
		char nm[160];

		import_name(imp, nm, sizeof(nm));
		if (imp->kind == WASM_EXTERN_FUNC) {
			for (j = 0; j < opts->nhost_funcs; j++) {
				const struct wasm_host_func *hf = &opts->host_funcs[j];

				if (!name_eq(hf->module, imp->module, imp->module_len) ||
				    !name_eq(hf->name, imp->name, imp->name_len))
					continue;
				ext.kind = WASM_EXTERN_FUNC;
				ext.func = wasm_store_host_func(inst->store, hf);
				if (!ext.func)
					return -WASM_ENOMEM;
				found = true;
				break;
			}
		}
		if (!found && opts->resolve && !opts->resolve(opts->resolve_ctx, imp, &ext))
			found = true;
		if (!found) {
			wasm_log_printf(log, "unknown import %s\n", nm);
			return -WASM_ELINK;
		}
		if (ext.kind != imp->kind) {
			wasm_log_printf(log, "incompatible import type for %s: kind mismatch\n", nm);
			return -WASM_ELINK;
		}
		switch (imp->kind) {
		case WASM_EXTERN_FUNC: {
			const struct wasm_func *f = &m->funcs[imp->index];

			if (!ext.func || ext.func->type_id != inst->type_ids[f->type]) {
				wasm_log_printf(log,
						"incompatible import type for %s: function signature\n",
						nm);
				return -WASM_ELINK;
			}
			inst->funcs[imp->index] = ext.func;
			break;
		}
		case WASM_EXTERN_TABLE: {
			const struct wasm_table *t = &m->tables[imp->index];
			struct wasm_tableinst *ti = ext.table;

			if (!ti || ti->type != t->type ||
			    !limits_match(ti->size, ti->has_max, ti->decl_max, &t->lim)) {
				wasm_log_printf(log, "incompatible import type for %s: table\n", nm);
				return -WASM_ELINK;
			}
			inst->tables[imp->index] = ti;
			break;
		}
		case WASM_EXTERN_MEMORY: {
			struct wasm_meminst *mi = ext.memory;

			if (!mi || !limits_match(mi->pages, mi->has_max, mi->decl_max,
						 &m->memory.lim)) {
				wasm_log_printf(log, "incompatible import type for %s: memory\n", nm);
				return -WASM_ELINK;
			}
			inst->memory = mi;
			break;
		}
		case WASM_EXTERN_GLOBAL: {
			const struct wasm_global *g = &m->globals[imp->index];
			struct wasm_globalinst *gi = ext.global;

			if (!gi || gi->type != g->type || gi->mut != g->mut) {
				wasm_log_printf(log, "incompatible import type for %s: global\n", nm);
				return -WASM_ELINK;
			}
			inst->globals[imp->index] = &gi->value;
			break;
		}
		default:
			return -WASM_ELINK;
		}
		add_dep(inst, ext.owner);
	}
	return 0;
}

static u64 const_value(struct wasm_instance *inst, const struct wasm_const_expr *e)
{
	switch (e->kind) {
	case WASM_CONST_I32:
	case WASM_CONST_F32:
		return (u32)e->bits;
	case WASM_CONST_I64:
	case WASM_CONST_F64:
		return e->bits;
	case WASM_CONST_REF_FUNC:
		return (u64)(uintptr_t)inst->funcs[e->index];
	case WASM_CONST_GLOBAL_GET:
		return *inst->globals[e->index];
	default:
		return 0;
	}
}

static int alloc_instance_arrays(struct wasm_instance *inst)
{
	const struct wasm_module *m = inst->module;
	u32 ndef_f = m->nfuncs - m->nimported_funcs;
	u32 ndef_g = m->nglobals - m->nimported_globals;
	u32 ndef_t = m->ntables - m->nimported_tables;

	inst->type_ids = wasm_kvcalloc(m->ntypes ? m->ntypes : 1, sizeof(u32));
	inst->funcs = wasm_kvcalloc(m->nfuncs ? m->nfuncs : 1, sizeof(void *));
	inst->own_funcs = wasm_kvcalloc(ndef_f ? ndef_f : 1, sizeof(struct wasm_funcinst));
	inst->globals = wasm_kvcalloc(m->nglobals ? m->nglobals : 1, sizeof(u64 *));
	inst->own_globals = wasm_kvcalloc(ndef_g ? ndef_g : 1, sizeof(struct wasm_globalinst));
	inst->tables = wasm_kvcalloc(m->ntables ? m->ntables : 1, sizeof(void *));
	inst->own_tables = wasm_kvcalloc(ndef_t ? ndef_t : 1, sizeof(struct wasm_tableinst));
	inst->deps = wasm_kvcalloc(m->nimports ? m->nimports : 1, sizeof(void *));
	inst->data_len = wasm_kvcalloc(m->ndatas ? m->ndatas : 1, sizeof(u32));
	inst->elem_len = wasm_kvcalloc(m->nelems ? m->nelems : 1, sizeof(u32));
	inst->elem_refs = wasm_kvcalloc(m->nelems ? m->nelems : 1, sizeof(u64 *));
	if (!inst->type_ids || !inst->funcs || !inst->own_funcs || !inst->globals ||
	    !inst->own_globals || !inst->tables || !inst->own_tables || !inst->deps ||
	    !inst->data_len || !inst->elem_len || !inst->elem_refs)
		return -WASM_ENOMEM;
	return 0;
}

static int setup_defined(struct wasm_instance *inst, const struct wasm_instance_opts *opts,
			 struct wasm_log *log)
{
	const struct wasm_module *m = inst->module;
	u32 i, j;
	int err;

	for (i = m->nimported_funcs; i < m->nfuncs; i++) {
		struct wasm_funcinst *f = &inst->own_funcs[i - m->nimported_funcs];

		const struct wasm_functype *ft = &m->types[m->funcs[i].type];

		f->inst = inst;
		f->index = i;
		f->type_id = inst->type_ids[m->funcs[i].type];
		f->nslots = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
		f->zext_loop = ft->nparams > 64;
		for (j = 0; j < ft->nparams && j < 64; j++)
			if (ft->params[j] == WASM_TYPE_I32 || ft->params[j] == WASM_TYPE_F32)
				f->zext |= 1ull << j;
		inst->funcs[i] = f;
	}
	if (m->nmemories && !m->memory.imported) {
		inst->memory = wasm_calloc(1, sizeof(*inst->memory));
		if (!inst->memory)
			return -WASM_ENOMEM;
		err = meminst_init(inst->memory, m->memory.lim.min, m->memory.lim.max,
			       m->memory.lim.has_max, opts->max_pages ? opts->max_pages :
			       WASM_MAX_PAGES);
		if (err) {
			wasm_free(inst->memory);
			inst->memory = NULL;
			if (err == -WASM_ELIMIT)
				wasm_log_printf(log, "memory of %u pages exceeds the cap of %u pages\n",
						m->memory.lim.min, opts->max_pages);
			return err;
		}
	}
	for (i = m->nimported_tables; i < m->ntables; i++) {
		const struct wasm_table *t = &m->tables[i];
		struct wasm_tableinst *ti = &inst->own_tables[i - m->nimported_tables];

		err = tableinst_init(ti, t->type, t->lim.min, t->lim.max, t->lim.has_max,
				 inst->max_table);
		if (err) {
			if (err == -WASM_ELIMIT)
				wasm_log_printf(log, "table of %u elements exceeds the cap of %u\n",
						t->lim.min, inst->max_table);
			return err;
		}
		inst->tables[i] = ti;
	}
	for (i = m->nimported_globals; i < m->nglobals; i++) {
		const struct wasm_global *g = &m->globals[i];
		struct wasm_globalinst *gi = &inst->own_globals[i - m->nimported_globals];

		gi->type = g->type;
		gi->mut = g->mut;
		gi->value = const_value(inst, &g->init);
		inst->globals[i] = &gi->value;
	}
	for (i = 0; i < m->nelems; i++) {
		const struct wasm_elem *e = &m->elems[i];
		u64 *refs = wasm_kvcalloc(e->count ? e->count : 1, sizeof(u64));

		if (!refs)
			return -WASM_ENOMEM;
		inst->elem_refs[i] = refs;
		for (j = 0; j < e->count; j++) {
			u32 it = e->items[j];

			if (it == WASM_ELEM_NULL)
				refs[j] = 0;
			else if (it & WASM_ELEM_GLOBAL)
				refs[j] = *inst->globals[it & ~WASM_ELEM_GLOBAL];
			else
				refs[j] = (u64)(uintptr_t)inst->funcs[it];
		}
		inst->elem_len[i] = e->count;
	}
	for (i = 0; i < m->ndatas; i++)
		inst->data_len[i] = m->datas[i].len;
	return 0;
}

static int table_init(struct wasm_instance *inst, u32 t, u32 seg, u32 d, u32 s, u32 n);
static int memory_init(struct wasm_instance *inst, u32 seg, u32 d, u32 s, u32 n);

static int init_segments(struct wasm_instance *inst)
{
	const struct wasm_module *m = inst->module;
	u32 i;
	int trap;

	for (i = 0; i < m->nelems; i++) {
		const struct wasm_elem *e = &m->elems[i];

		if (e->mode == WASM_SEG_ACTIVE) {
			u32 off = (u32)const_value(inst, &e->offset);

			trap = table_init(inst, e->table, i, off, 0, e->count);
			if (trap)
				return trap;
		}
		if (e->mode != WASM_SEG_PASSIVE)
			wasm_rt_elem_drop(inst, i);
	}
	for (i = 0; i < m->ndatas; i++) {
		const struct wasm_data *d = &m->datas[i];

		if (d->mode != WASM_SEG_ACTIVE)
			continue;
		trap = memory_init(inst, i, (u32)const_value(inst, &d->offset), 0, d->len);
		if (trap)
			return trap;
		wasm_rt_data_drop(inst, i);
	}
	return 0;
}

int wasm_instantiate(struct wasm_store *s, const struct wasm_module *m,
		     const struct wasm_instance_opts *opts, struct wasm_log *log,
		     struct wasm_instance **out, int *trap)
{
	static const struct wasm_instance_opts no_opts;
	struct wasm_instance *inst;
	u32 i;
	int err, t;

	*out = NULL;
	if (trap)
		*trap = 0;
	if (!opts)
		opts = &no_opts;
	inst = wasm_calloc(1, sizeof(*inst));
	if (!inst)
		return -WASM_ENOMEM;
	inst->refs = 1;
	inst->module = m;
	inst->store = s;
	inst->user = opts->user;
	inst->max_table = opts->max_table ? opts->max_table : WASM_LIMIT_TABLE_SIZE_MAX;
	err = alloc_instance_arrays(inst);
	if (err)
		goto fail;
	for (i = 0; i < m->ntypes; i++) {
		const struct wasm_functype *ft = &m->types[i];

		inst->type_ids[i] = wasm_store_type_id(s, ft->params, ft->nparams,
						       ft->results, ft->nresults);
		if (inst->type_ids[i] == NO_U32) {
			err = -WASM_ENOMEM;
			goto fail;
		}
	}
	err = resolve_imports(inst, opts, log);
	if (err)
		goto fail;
	err = setup_defined(inst, opts, log);
	if (err)
		goto fail;
	err = wasm_interp_prepare(inst, log);
	if (!err && opts->stack_bytes)
		err = wasm_interp_reserve(inst, opts->stack_bytes);
	if (err)
		goto fail;
	t = init_segments(inst);
	if (t) {
		wasm_log_printf(log, "instantiation trapped: %s\n", wasm_trap_str(t));
		if (trap)
			*trap = t;
		goto trapped;
	}
	if (m->has_start) {
		struct wasm_invoke_opts io = {
			.fuel = opts->start_fuel,
			.time_ns = opts->start_time_ns,
			.stack_bytes = opts->stack_bytes,
			.tier = WASM_TIER_INTERP,
		};
		struct wasm_invoke_result res;
		u64 slots[1];

		if (opts->start_enter && !opts->start_enter(opts->user)) {
			wasm_log_printf(log, "the start function can't run here (no FPU)\n");
			err = -WASM_EBUSY;
			goto fail;
		}
		err = wasm_invoke(inst, m->start, (union wasm_value *)slots, &io, &res);
		if (opts->start_exit)
			opts->start_exit(opts->user);
		if (err)
			goto fail;
		if (res.trap) {
			wasm_log_printf(log, "start function trapped: %s\n",
					wasm_trap_str(res.trap));
			if (trap)
				*trap = res.trap;
			goto trapped;
		}
	}
	*out = inst;
	return 0;
trapped:
	/*
	 * Segments applied before the trap stay applied, and may have put our
	 * functions into imported tables: hand the instance out anyway.
	 */
	*out = inst;
	return -WASM_ETRAP;
fail:
	instance_destroy(inst);
	return err;
}

int wasm_instance_export(struct wasm_instance *inst, const char *name, u32 name_len,
			 struct wasm_extern *out)
{
	const struct wasm_module *m = inst->module;
	u8 kind;
	u32 idx;

	if (wasm_module_find_export(m, name, name_len, &kind, &idx))
		return -WASM_ENOTFOUND;
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->owner = inst;
	switch (kind) {
	case WASM_EXTERN_FUNC:
		out->func = inst->funcs[idx];
		break;
	case WASM_EXTERN_TABLE:
		out->table = inst->tables[idx];
		break;
	case WASM_EXTERN_MEMORY:
		out->memory = inst->memory;
		break;
	case WASM_EXTERN_GLOBAL:
		/* the cell is the first member of its struct wasm_globalinst */
		out->global = (struct wasm_globalinst *)inst->globals[idx];
		break;
	default:
		return -WASM_ENOTFOUND;
	}
	return 0;
}

int wasm_instance_export_func(struct wasm_instance *inst, const char *name, u32 name_len,
			      u32 *funcidx)
{
	u8 kind;

	if (wasm_module_find_export(inst->module, name, name_len, &kind, funcidx) ||
	    kind != WASM_EXTERN_FUNC)
		return -WASM_ENOTFOUND;
	return 0;
}

/* ---- invoke --------------------------------------------------------------- */

static int call_host(struct wasm_instance *caller, struct wasm_funcinst *f, u64 *slots)
{
	int r = 0;

	if (caller && f->host->fuel)
		r = wasm_fuel_charge(caller, f->host->fuel);
	if (!r)
		r = f->host->fn(caller, f->host->data, slots);

	if (r < 0 || r >= WASM_TRAP_COUNT)
		r = WASM_TRAP_HOST;
	return r;
}

int wasm_invoke(struct wasm_instance *inst, u32 funcidx, union wasm_value *args_results,
		const struct wasm_invoke_opts *opts, struct wasm_invoke_result *out)
{
	static const struct wasm_invoke_opts no_opts;
	const struct wasm_module *m = inst->module;
	const struct wasm_functype *ft;
	struct wasm_funcinst *f;
	u64 *slots = (u64 *)args_results;
	struct wasm_budget *b = &inst->run_budget, *outer;
	struct wasm_budget_plan plan;
	u64 budget;
	u32 i;
	int r;

	out->trap = 0;
	out->fuel_used = 0;
	out->refills = 0;
	if (!opts)
		opts = &no_opts;
	if (funcidx >= m->nfuncs)
		return -WASM_ENOTFOUND;
	if (inst->running)
		return -WASM_EBUSY;
	f = inst->funcs[funcidx];
	if (!f->host && f->inst != inst)	/* an imported Wasm function */
		return wasm_invoke(f->inst, f->index, args_results, opts, out);
	/* i32/f32 arguments are kept zero-extended in their slots. */
	if (f->inst == inst && !f->zext_loop) {
		u64 zext;

		for (zext = f->zext; zext; zext &= zext - 1) {
			i = (u32)__builtin_ctzll(zext);
			slots[i] = (u32)slots[i];
		}
	} else {
		ft = &m->types[m->funcs[funcidx].type];
		for (i = 0; i < ft->nparams; i++)
			if (ft->params[i] == WASM_TYPE_I32 || ft->params[i] == WASM_TYPE_F32)
				slots[i] = (u32)slots[i];
	}
	/* With a time budget the fuel goes out in chunks (runtime.h). */
	plan = wasm_budget_plan(opts->fuel, opts->time_ns, opts->fuel_chunk);
	budget = plan.all;
	inst->fuel = (s64)plan.first;
	memset(b, 0, sizeof(*b));
	b->reserve = plan.reserve;
	b->chunk = plan.chunk;
	if (opts->time_ns) {
		b->time_ns = opts->time_ns;
		if (opts->start_ns)
			b->deadline = opts->start_ns + opts->time_ns;
	}
	/* (a callee of another invocation, invoked by a host function: restored) */
	outer = inst->budget;
	inst->budget = b;
	inst->running = true;
	if (f->host) {
		r = call_host(NULL, f, slots);
	} else if (opts->tier == WASM_TIER_JIT) {
		if (!inst->jit_call) {
			inst->running = false;
			inst->budget = outer;
			return -WASM_ENOJIT;
		}
		/*
		 * JIT: rsp may go down to stack_limit (prologues check it);
		 * jit_call also runs imported (other instance) functions.
		 */
		inst->stack_limit = (uintptr_t)__builtin_frame_address(0) -
				    (opts->stack_bytes ? opts->stack_bytes : WASM_STACK_DEFAULT);
		/* a function of this instance with code: straight into the image */
		if (f->inst == inst && f->code)
			r = f->entry(inst, f->code, slots, f->nslots);
		else
			r = inst->jit_call(inst, f, slots);
	} else {
		r = wasm_interp_call(inst, f, slots, opts->stack_bytes ? opts->stack_bytes :
				     WASM_STACK_DEFAULT);
	}
	inst->running = false;
	inst->budget = outer;
	if (r < 0)
		return r;
	out->trap = r;
	out->fuel_used = budget - ((u64)inst->fuel + b->reserve);
	out->refills = b->refills;
	inst->last_trap = r;
	return 0;
}

int wasm_invoke_export(struct wasm_instance *inst, const char *name,
		       union wasm_value *args_results, const struct wasm_invoke_opts *opts,
		       struct wasm_invoke_result *out)
{
	u32 idx;

	if (wasm_instance_export_func(inst, name, strlen(name), &idx)) {
		out->trap = 0;
		out->fuel_used = 0;
		return -WASM_ENOTFOUND;
	}
	return wasm_invoke(inst, idx, args_results, opts, out);
}

int wasm_rt_call_func(struct wasm_instance *inst, struct wasm_funcinst *f, u64 *slots)
{
	struct wasm_instance *callee = f->inst;
	int r;

	if (f->host)
		return call_host(inst, f, slots);
	if (callee != inst) {
		if (callee->running)
			return WASM_TRAP_STACK;
		callee->fuel = inst->fuel;
		callee->budget = inst->budget;
		callee->running = true;
	}
	r = wasm_interp_call(callee, f, slots, 0);
	if (callee != inst) {
		callee->running = false;
		inst->fuel = callee->fuel;
	}
	if (r < 0)
		r = WASM_TRAP_STACK;
	return r;
}

/* ---- fuel for work, chunks and the deadline (runtime.h) ------------------- */

/* Hand out fuel so that at least need is there; check the deadline. */
static int budget_refill(struct wasm_instance *inst, u64 need)
{
	struct wasm_budget *b = inst->budget;
	u64 have = (u64)inst->fuel, n;

	if (!b || have + b->reserve < need || !b->reserve)
		return WASM_TRAP_FUEL;
	if (b->time_ns) {
		u64 now = wasm_clock_ns();

		if (!b->deadline)
			b->deadline = now + b->time_ns;
		else if ((s64)(now - b->deadline) > 0)
			return WASM_TRAP_DEADLINE;
	}
	n = (need > have ? need - have : 0) + b->chunk;
	if (n > b->reserve)
		n = b->reserve;
	inst->fuel = (s64)(have + n);
	b->reserve -= n;
	b->refills++;
	return 0;
}

int wasm_rt_fuel_refill(struct wasm_instance *inst)
{
	return budget_refill(inst, 0);
}

u64 wasm_rt_clock_ns(void)
{
	return wasm_clock_ns();
}

int wasm_fuel_charge(struct wasm_instance *inst, u64 units)
{
	if (unlikely((u64)inst->fuel < units)) {
		int r = budget_refill(inst, units);

		if (r)
			return r;
	}
	inst->fuel -= (s64)units;
	return 0;
}

/* ---- memory helpers ------------------------------------------------------- */

u32 wasm_rt_memory_grow(struct wasm_instance *inst, u32 delta)
{
	struct wasm_meminst *mem = inst->memory;
	u32 old = mem->pages;
	u64 nsize;

	if (delta > mem->max_pages - old)
		return NO_U32;
	if (!delta)
		return old;
	nsize = (u64)(old + delta) * WASM_PAGE_SIZE;
	if (wasm_mem_commit(mem->base, mem->size, nsize))
		return NO_U32;
	mem->pages = old + delta;
	mem->size = nsize;
	return old;
}

static inline bool range_ok(u32 start, u32 n, u64 size)
{
	return (u64)start + n <= size;
}

int wasm_rt_memory_fill(struct wasm_instance *inst, u32 d, u32 val, u32 n)
{
	struct wasm_meminst *mem = inst->memory;
	int trap;

	if (!range_ok(d, n, mem->size))
		return WASM_TRAP_MEM_OOB;
	trap = wasm_fuel_charge(inst, wasm_fuel_bytes(n));
	if (!trap && n)
		memset(mem->base + d, (u8)val, n);
	return trap;
}

int wasm_rt_memory_copy(struct wasm_instance *inst, u32 d, u32 s, u32 n)
{
	struct wasm_meminst *mem = inst->memory;
	int trap;

	if (!range_ok(d, n, mem->size) || !range_ok(s, n, mem->size))
		return WASM_TRAP_MEM_OOB;
	trap = wasm_fuel_charge(inst, wasm_fuel_bytes(n));
	if (!trap && n)
		memmove(mem->base + d, mem->base + s, n);
	return trap;
}

static int memory_init(struct wasm_instance *inst, u32 seg, u32 d, u32 s, u32 n)
{
	struct wasm_meminst *mem = inst->memory;

	if (!range_ok(s, n, inst->data_len[seg]) || !mem || !range_ok(d, n, mem->size))
		return WASM_TRAP_MEM_OOB;
	if (n)
		memcpy(mem->base + d, inst->module->datas[seg].bytes + s, n);
	return 0;
}

int wasm_rt_memory_init(struct wasm_instance *inst, u32 seg, u32 d, u32 s, u32 n)
{
	struct wasm_meminst *mem = inst->memory;

	if (!range_ok(s, n, inst->data_len[seg]) || !mem || !range_ok(d, n, mem->size))
		return WASM_TRAP_MEM_OOB;
	return wasm_fuel_charge(inst, wasm_fuel_bytes(n)) ?: memory_init(inst, seg, d, s, n);
}

void wasm_rt_data_drop(struct wasm_instance *inst, u32 seg)
{
	inst->data_len[seg] = 0;
}

/* ---- table helpers -------------------------------------------------------- */

int wasm_rt_table_get(struct wasm_instance *inst, u32 t, u32 i, u64 *out)
{
	struct wasm_tableinst *tab = inst->tables[t];

	if (i >= tab->size)
		return WASM_TRAP_TABLE_OOB;
	*out = tab->elems[wasm_index_nospec(i, tab->size)];
	return 0;
}

int wasm_rt_table_set(struct wasm_instance *inst, u32 t, u32 i, u64 v)
{
	struct wasm_tableinst *tab = inst->tables[t];

	if (i >= tab->size)
		return WASM_TRAP_TABLE_OOB;
	tab->elems[wasm_index_nospec(i, tab->size)] = v;
	return 0;
}

u64 wasm_rt_table_grow(struct wasm_instance *inst, u32 t, u64 init, u32 delta)
{
	struct wasm_tableinst *tab = inst->tables[t];
	u32 old = tab->size, nsize, i;
	int trap;

	if (delta > tab->max - old)
		return NO_U32;
	trap = wasm_fuel_charge(inst, wasm_fuel_elems(delta));
	if (trap)
		return (u64)trap << 32;
	nsize = old + delta;
	if (nsize > tab->cap) {
		u64 ncap = (u64)tab->cap * 2;
		u64 *ne;

		/* In the kernel handlers run atomically: growth that needs memory fails. */
		if (!WASM_RUN_MAY_ALLOC)
			return NO_U32;

		if (ncap < nsize)
			ncap = nsize;
		if (ncap > tab->max)
			ncap = tab->max;
		ne = wasm_kvcalloc((size_t)ncap, sizeof(u64));
		if (!ne)
			return NO_U32;
		if (old)
			memcpy(ne, tab->elems, (size_t)old * sizeof(u64));
		wasm_kvfree(tab->elems);
		tab->elems = ne;
		tab->cap = (u32)ncap;
	}
	for (i = old; i < nsize; i++)
		tab->elems[i] = init;
	tab->size = nsize;
	return old;
}

int wasm_rt_table_fill(struct wasm_instance *inst, u32 t, u32 i, u64 v, u32 n)
{
	struct wasm_tableinst *tab = inst->tables[t];
	u32 k;
	int trap;

	if (!range_ok(i, n, tab->size))
		return WASM_TRAP_TABLE_OOB;
	trap = wasm_fuel_charge(inst, wasm_fuel_elems(n));
	if (trap)
		return trap;
	for (k = 0; k < n; k++)
		tab->elems[i + k] = v;
	return 0;
}

int wasm_rt_table_copy(struct wasm_instance *inst, u32 dt, u32 st, u32 d, u32 s, u32 n)
{
	struct wasm_tableinst *dtab = inst->tables[dt], *stab = inst->tables[st];
	int trap;

	if (!range_ok(d, n, dtab->size) || !range_ok(s, n, stab->size))
		return WASM_TRAP_TABLE_OOB;
	trap = wasm_fuel_charge(inst, wasm_fuel_elems(n));
	if (!trap && n)
		memmove(dtab->elems + d, stab->elems + s, (size_t)n * sizeof(u64));
	return trap;
}

static int table_init(struct wasm_instance *inst, u32 t, u32 seg, u32 d, u32 s, u32 n)
{
	struct wasm_tableinst *tab = inst->tables[t];

	if (!range_ok(s, n, inst->elem_len[seg]) || !range_ok(d, n, tab->size))
		return WASM_TRAP_TABLE_OOB;
	if (n)
		memcpy(tab->elems + d, inst->elem_refs[seg] + s, (size_t)n * sizeof(u64));
	return 0;
}

int wasm_rt_table_init(struct wasm_instance *inst, u32 t, u32 seg, u32 d, u32 s, u32 n)
{
	struct wasm_tableinst *tab = inst->tables[t];

	if (!range_ok(s, n, inst->elem_len[seg]) || !range_ok(d, n, tab->size))
		return WASM_TRAP_TABLE_OOB;
	return wasm_fuel_charge(inst, wasm_fuel_elems(n)) ?: table_init(inst, t, seg, d, s, n);
}

void wasm_rt_elem_drop(struct wasm_instance *inst, u32 seg)
{
	inst->elem_len[seg] = 0;
}

int wasm_rt_indirect(struct wasm_instance *inst, u32 t, u32 i, u32 want,
		     struct wasm_funcinst **f)
{
	struct wasm_tableinst *tab = inst->tables[t];
	struct wasm_funcinst *fi;

	if (i >= tab->size)
		return WASM_TRAP_UNDEFINED_ELEM;
	fi = (struct wasm_funcinst *)(uintptr_t)tab->elems[wasm_index_nospec(i, tab->size)];
	if (!fi)
		return WASM_TRAP_UNINIT_ELEM;
	if (fi->type_id != want)
		return WASM_TRAP_INDIRECT_TYPE;
	*f = fi;
	return 0;
}
