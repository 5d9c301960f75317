// SPDX-License-Identifier: GPL-2.0
/*
 * exec.c - execution side of the spec runner (see exec.h).
 *
 * Values in the JSON are decimal strings of the raw bits (i32/f32 as u32,
 * i64/f64 as u64); "nan:canonical" / "nan:arithmetic" expectations check
 * the NaN class; `ref.extern N` is passed as the host value N + 1 (0 is
 * null); an expected funcref without a value means "any non-null".
 *
 * Every invocation runs with unlimited fuel and a 1 MiB interpreter stack
 * (so that runaway recursion hits assert_exhaustion's "call stack
 * exhausted").
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "runtime.h"

#define STACK_BYTES	(1u << 20)

struct inst_entry {
	char *name;			/* "$M" or NULL */
	struct wasm_module *m;		/* owned */
	struct wasm_instance *inst;	/* owned reference, may be NULL */
	struct inst_entry *next;
};

struct reg_entry {
	char *as;
	struct wasm_instance *inst;
	struct reg_entry *next;
};

struct exec {
	bool jit;
	struct wasm_store *store;
	struct inst_entry *insts;
	struct wasm_instance *cur;
	struct reg_entry *regs;
	/* spectest objects, created on first use per store */
	struct wasm_tableinst *st_table;
	struct wasm_meminst *st_mem;
	struct wasm_globalinst *st_glob[4];
	bool unknown_module;		/* an import named an unregistered module */
	char log[4096];
};

/* ---- spectest ------------------------------------------------------------ */

static int st_print(struct wasm_instance *inst, void *data, u64 *slots)
{
	return 0;
}

static const u8 t_i32[] = { WASM_TYPE_I32 };
static const u8 t_i64[] = { WASM_TYPE_I64 };
static const u8 t_f32[] = { WASM_TYPE_F32 };
static const u8 t_f64[] = { WASM_TYPE_F64 };
static const u8 t_i32_f32[] = { WASM_TYPE_I32, WASM_TYPE_F32 };
static const u8 t_f64_f64[] = { WASM_TYPE_F64, WASM_TYPE_F64 };

static const struct wasm_host_func spectest_funcs[] = {
	{ "spectest", "print", NULL, NULL, 0, 0, st_print, NULL },
	{ "spectest", "print_i32", t_i32, NULL, 1, 0, st_print, NULL },
	{ "spectest", "print_i64", t_i64, NULL, 1, 0, st_print, NULL },
	{ "spectest", "print_f32", t_f32, NULL, 1, 0, st_print, NULL },
	{ "spectest", "print_f64", t_f64, NULL, 1, 0, st_print, NULL },
	{ "spectest", "print_i32_f32", t_i32_f32, NULL, 2, 0, st_print, NULL },
	{ "spectest", "print_f64_f64", t_f64_f64, NULL, 2, 0, st_print, NULL },
};

static bool nameq(const char *s, const char *p, u32 len)
{
	return strlen(s) == len && !memcmp(s, p, len);
}

static int resolve_spectest(struct exec *e, const struct wasm_import *imp,
			    struct wasm_extern *out)
{
	static const char *const gnames[4] = {
		"global_i32", "global_i64", "global_f32", "global_f64"
	};
	static const u8 gtypes[4] = {
		WASM_TYPE_I32, WASM_TYPE_I64, WASM_TYPE_F32, WASM_TYPE_F64
	};
	static const u64 gvals[4] = {
		666, 666, 0x4426a666u /* 666.6f */, 0x4084d4cccccccccdull /* 666.6 */
	};
	size_t i;

	for (i = 0; i < sizeof(spectest_funcs) / sizeof(spectest_funcs[0]); i++) {
		if (!nameq(spectest_funcs[i].name, imp->name, imp->name_len))
			continue;
		out->kind = WASM_EXTERN_FUNC;
		out->func = wasm_store_host_func(e->store, &spectest_funcs[i]);
		return out->func ? 0 : -1;
	}
	for (i = 0; i < 4; i++) {
		if (!nameq(gnames[i], imp->name, imp->name_len))
			continue;
		if (!e->st_glob[i])
			e->st_glob[i] = wasm_store_global(e->store, gtypes[i], false, gvals[i]);
		out->kind = WASM_EXTERN_GLOBAL;
		out->global = e->st_glob[i];
		return out->global ? 0 : -1;
	}
	if (nameq("table", imp->name, imp->name_len)) {
		if (!e->st_table)
			e->st_table = wasm_store_table(e->store, WASM_TYPE_FUNCREF, 10, 20, true);
		out->kind = WASM_EXTERN_TABLE;
		out->table = e->st_table;
		return out->table ? 0 : -1;
	}
	if (nameq("memory", imp->name, imp->name_len)) {
		if (!e->st_mem)
			e->st_mem = wasm_store_memory(e->store, 1, 2, true);
		out->kind = WASM_EXTERN_MEMORY;
		out->memory = e->st_mem;
		return out->memory ? 0 : -1;
	}
	return -1;
}

static int resolve(void *ctx, const struct wasm_import *imp, struct wasm_extern *out)
{
	struct exec *e = ctx;
	struct reg_entry *r;

	if (nameq("spectest", imp->module, imp->module_len))
		return resolve_spectest(e, imp, out);
	for (r = e->regs; r; r = r->next) {
		if (!nameq(r->as, imp->module, imp->module_len))
			continue;
		return wasm_instance_export(r->inst, imp->name, imp->name_len, out) ? -1 : 0;
	}
	e->unknown_module = true;
	return -1;
}

/* ---- context --------------------------------------------------------------- */

struct exec *exec_new(const char *engine)
{
	struct exec *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->jit = engine && !strcmp(engine, "jit");
	return e;
}

void exec_reset(struct exec *e)
{
	struct inst_entry *i;
	struct reg_entry *r;

	while ((r = e->regs)) {
		e->regs = r->next;
		wasm_instance_free(r->inst);
		free(r->as);
		free(r);
	}
	/* instances first (they reference their modules), then modules */
	for (i = e->insts; i; i = i->next) {
		wasm_instance_free(i->inst);
		i->inst = NULL;
	}
	while ((i = e->insts)) {
		e->insts = i->next;
		wasm_module_free(i->m);
		free(i->name);
		free(i);
	}
	wasm_store_free(e->store);
	e->store = NULL;
	e->cur = NULL;
	e->st_table = NULL;
	e->st_mem = NULL;
	memset(e->st_glob, 0, sizeof(e->st_glob));
}

void exec_free(struct exec *e)
{
	if (!e)
		return;
	exec_reset(e);
	free(e);
}

static bool ensure_store(struct exec *e)
{
	if (!e->store)
		e->store = wasm_store_new();
	return e->store != NULL;
}

static struct inst_entry *keep(struct exec *e, struct wasm_module *m, const char *name,
			       struct wasm_instance *inst)
{
	struct inst_entry *i = calloc(1, sizeof(*i));

	if (!i) {
		wasm_instance_free(inst);
		wasm_module_free(m);
		return NULL;
	}
	i->m = m;
	i->inst = inst;
	i->name = name ? strdup(name) : NULL;
	i->next = e->insts;
	e->insts = i;
	return i;
}

/* Instantiate m; returns 0 or -WASM_E*; *inst may be set even on ETRAP. */
static int instantiate(struct exec *e, struct wasm_module *m, struct wasm_instance **inst,
		       int *trap)
{
	struct wasm_instance_opts opts = {
		.resolve = resolve,
		.resolve_ctx = e,
		.stack_bytes = STACK_BYTES,
	};
	struct wasm_log log = { .buf = e->log, .size = sizeof(e->log) };
	int err;

	e->log[0] = 0;
	e->unknown_module = false;
	*inst = NULL;
	if (!ensure_store(e))
		return -WASM_ENOMEM;
	err = wasm_instantiate(e->store, m, &opts, &log, inst, trap);
	/* --engine jit: compile each instance after instantiation (the start
	 * function ran on the interpreter) */
	if (!err && e->jit && wasm_jit_available())
		err = wasm_jit_compile(*inst, &log);
	return err;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = 0;
}

enum exec_outcome exec_module(struct exec *e, struct wasm_module *m, const char *name,
			      char *msg, size_t msglen)
{
	struct wasm_instance *inst;
	int err, trap = 0;

	err = instantiate(e, m, &inst, &trap);
	if (!keep(e, m, name, inst)) {
		snprintf(msg, msglen, "out of memory");
		return EXEC_FAIL;
	}
	if (err) {
		chomp(e->log);
		snprintf(msg, msglen, "instantiation failed: %s (%s)", wasm_rt_strerror(err),
			 e->log);
		e->cur = NULL;
		/*
		 * A module importing from a module the script never registered
		 * (a validation-only test) can't be instantiated by anyone:
		 * not an engine failure.
		 */
		if (err == -WASM_ELINK && e->unknown_module) {
			snprintf(msg, msglen, "validates; not instantiated: %s", e->log);
			return EXEC_SKIP;
		}
		return EXEC_FAIL;
	}
	e->cur = inst;
	snprintf(msg, msglen, "instantiated");
	return EXEC_PASS;
}

/* Does the engine's message match the script's expected text? */
static bool text_match(const char *got, const char *want)
{
	size_t a = strlen(got), b = strlen(want);

	if (!want || !*want)
		return true;
	return !strncmp(got, want, a < b ? a : b);
}

enum exec_outcome exec_assert_instantiate(struct exec *e, const struct json *cmd,
					  struct wasm_module *m, char *msg, size_t msglen)
{
	bool unlinkable = !strcmp(json_get_str(cmd, "type"), "assert_unlinkable");
	const char *text = json_get_str(cmd, "text");
	struct wasm_instance *inst;
	int err, trap = 0;

	if (!text)
		text = "";
	err = instantiate(e, m, &inst, &trap);
	chomp(e->log);
	/* keep the module (and a trapped instance: its functions may sit in
	 * imported tables now) */
	keep(e, m, NULL, inst);
	if (unlinkable) {
		if (err == -WASM_ELINK) {
			snprintf(msg, msglen, "unlinkable (\"%s\"): %s", text, e->log);
			return EXEC_PASS;
		}
		snprintf(msg, msglen, "expected unlinkable (\"%s\"), got %s %s", text,
			 err ? wasm_rt_strerror(err) : "instantiated", e->log);
		return EXEC_FAIL;
	}
	if (err == -WASM_ETRAP) {
		if (text_match(wasm_trap_str(trap), text)) {
			snprintf(msg, msglen, "trapped: %s", wasm_trap_str(trap));
			return EXEC_PASS;
		}
		snprintf(msg, msglen, "expected trap \"%s\", got \"%s\"", text,
			 wasm_trap_str(trap));
		return EXEC_FAIL;
	}
	snprintf(msg, msglen, "expected uninstantiable (\"%s\"), got %s %s", text,
		 err ? wasm_rt_strerror(err) : "instantiated", e->log);
	return EXEC_FAIL;
}

/* ---- values ----------------------------------------------------------------- */

static u8 type_of(const char *t)
{
	if (!t)
		return 0;
	if (!strcmp(t, "i32"))
		return WASM_TYPE_I32;
	if (!strcmp(t, "i64"))
		return WASM_TYPE_I64;
	if (!strcmp(t, "f32"))
		return WASM_TYPE_F32;
	if (!strcmp(t, "f64"))
		return WASM_TYPE_F64;
	if (!strcmp(t, "funcref"))
		return WASM_TYPE_FUNCREF;
	if (!strcmp(t, "externref"))
		return WASM_TYPE_EXTERNREF;
	return 0;
}

static bool parse_value(const struct json *v, u64 *out)
{
	u8 t = type_of(json_get_str(v, "type"));
	const char *s = json_get_str(v, "value");
	char *end;

	if (!t || !s)
		return false;
	if (t == WASM_TYPE_FUNCREF || t == WASM_TYPE_EXTERNREF) {
		if (!strcmp(s, "null")) {
			*out = 0;
			return true;
		}
		if (t == WASM_TYPE_FUNCREF)
			return false;
		errno = 0;
		*out = strtoull(s, &end, 10) + 1;
		return !errno && !*end;
	}
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	if (t == WASM_TYPE_I32 || t == WASM_TYPE_F32)
		*out = (u32)*out;
	return true;
}

static void fmt_value(u8 t, u64 v, char *buf, size_t len)
{
	switch (t) {
	case WASM_TYPE_I32:
	case WASM_TYPE_F32:
		snprintf(buf, len, "%s:0x%08" PRIx32, wasm_type_name(t), (u32)v);
		break;
	default:
		snprintf(buf, len, "%s:0x%016" PRIx64, wasm_type_name(t), v);
		break;
	}
}

/* Check one result against an expectation; false with a message if not. */
static bool check_value(const struct json *want, u64 got, char *msg, size_t msglen)
{
	u8 t = type_of(json_get_str(want, "type"));
	const char *s = json_get_str(want, "value");
	char g[64];
	u64 w;

	fmt_value(t, got, g, sizeof(g));
	if (t == WASM_TYPE_F32 && s && !strncmp(s, "nan:", 4)) {
		u32 b = (u32)got;
		bool ok = !strcmp(s, "nan:canonical") ? (b & 0x7fffffffu) == 0x7fc00000u :
			  (b & 0x7fc00000u) == 0x7fc00000u;

		if (!ok)
			snprintf(msg, msglen, "expected %s, got %s", s, g);
		return ok;
	}
	if (t == WASM_TYPE_F64 && s && !strncmp(s, "nan:", 4)) {
		bool ok = !strcmp(s, "nan:canonical") ?
			  (got & 0x7fffffffffffffffull) == 0x7ff8000000000000ull :
			  (got & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;

		if (!ok)
			snprintf(msg, msglen, "expected %s, got %s", s, g);
		return ok;
	}
	if (t == WASM_TYPE_FUNCREF && (!s || strcmp(s, "null"))) {
		if (!got)
			snprintf(msg, msglen, "expected a non-null funcref, got null");
		return got != 0;
	}
	if (!parse_value(want, &w)) {
		snprintf(msg, msglen, "can't parse the expected value");
		return false;
	}
	if (t == WASM_TYPE_I32 || t == WASM_TYPE_F32)
		got = (u32)got;
	if (w != got) {
		char ws[64];

		fmt_value(t, w, ws, sizeof(ws));
		snprintf(msg, msglen, "expected %s, got %s", ws, g);
		return false;
	}
	return true;
}

/* ---- actions ---------------------------------------------------------------- */

static struct wasm_instance *find_instance(struct exec *e, const char *name)
{
	struct inst_entry *i;

	if (!name)
		return e->cur;
	for (i = e->insts; i; i = i->next)
		if (i->name && !strcmp(i->name, name))
			return i->inst;
	return NULL;
}

struct action_result {
	bool ok;		/* ran (results or trap valid) */
	int trap;
	u32 nresults;
	u64 *results;		/* malloc'ed */
};

static void do_action(struct exec *e, const struct json *act, struct action_result *ar,
		      char *msg, size_t msglen)
{
	const char *type = json_get_str(act, "type");
	const char *field = json_get_str(act, "field");
	const struct json *fj = json_get(act, "field");
	u32 flen = fj ? (u32)fj->len : 0;
	struct wasm_instance *inst = find_instance(e, json_get_str(act, "module"));
	const struct json *args = json_get(act, "args");
	const struct wasm_functype *ft;
	struct wasm_invoke_opts opts = {
		.stack_bytes = STACK_BYTES,
		.tier = e->jit ? WASM_TIER_JIT : WASM_TIER_INTERP,
	};
	struct wasm_invoke_result res;
	u32 idx, n, i;
	u64 *slots;
	int err;

	memset(ar, 0, sizeof(*ar));
	if (!inst || !field) {
		snprintf(msg, msglen, "no such module instance");
		return;
	}
	if (type && !strcmp(type, "get")) {
		struct wasm_extern ext;

		if (wasm_instance_export(inst, field, flen, &ext) ||
		    ext.kind != WASM_EXTERN_GLOBAL) {
			snprintf(msg, msglen, "no exported global \"%s\"", field);
			return;
		}
		ar->results = malloc(sizeof(u64));
		if (!ar->results)
			return;
		ar->results[0] = ext.global->value;
		ar->nresults = 1;
		ar->ok = true;
		return;
	}
	if (wasm_instance_export_func(inst, field, flen, &idx)) {
		snprintf(msg, msglen, "no exported function \"%s\"", field);
		return;
	}
	ft = wasm_module_func_type(inst->module, idx);
	if (json_len(args) != ft->nparams) {
		snprintf(msg, msglen, "argument count mismatch");
		return;
	}
	n = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
	slots = calloc(n ? n : 1, sizeof(u64));
	if (!slots)
		return;
	for (i = 0; i < ft->nparams; i++) {
		if (!parse_value(json_at(args, i), &slots[i])) {
			snprintf(msg, msglen, "can't parse argument %u", i);
			free(slots);
			return;
		}
	}
	err = wasm_invoke(inst, idx, (union wasm_value *)slots, &opts, &res);
	if (err) {
		snprintf(msg, msglen, "invoke failed: %s", wasm_rt_strerror(err));
		free(slots);
		return;
	}
	ar->ok = true;
	ar->trap = res.trap;
	ar->nresults = ft->nresults;
	ar->results = slots;
}

static enum exec_outcome cmd_register(struct exec *e, const struct json *cmd, char *msg,
				      size_t msglen)
{
	struct wasm_instance *inst = find_instance(e, json_get_str(cmd, "name"));
	const char *as = json_get_str(cmd, "as");
	struct reg_entry *r;

	if (!inst || !as) {
		snprintf(msg, msglen, "nothing to register");
		return EXEC_FAIL;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return EXEC_FAIL;
	r->as = strdup(as);
	r->inst = inst;
	inst->refs++;		/* the registry holds its own reference */
	r->next = e->regs;
	e->regs = r;
	snprintf(msg, msglen, "registered as \"%s\"", as);
	return EXEC_PASS;
}

enum exec_outcome exec_command(struct exec *e, const struct json *cmd, char *msg,
			       size_t msglen)
{
	const char *type = json_get_str(cmd, "type");
	const struct json *expected = json_get(cmd, "expected");
	const char *text = json_get_str(cmd, "text");
	struct action_result ar;
	enum exec_outcome oc = EXEC_FAIL;
	u32 i;

	msg[0] = 0;
	if (!strcmp(type, "register"))
		return cmd_register(e, cmd, msg, msglen);
	if (e->jit && !wasm_jit_available()) {
		snprintf(msg, msglen, "skipped: JIT not available");
		return EXEC_SKIP;
	}
	do_action(e, json_get(cmd, "action"), &ar, msg, msglen);
	if (!ar.ok)
		goto out;
	if (!strcmp(type, "assert_trap") || !strcmp(type, "assert_exhaustion")) {
		if (!text)
			text = "";
		if (!ar.trap) {
			snprintf(msg, msglen, "expected trap \"%s\", got a return", text);
		} else if (!text_match(wasm_trap_str(ar.trap), text)) {
			snprintf(msg, msglen, "expected trap \"%s\", got \"%s\"", text,
				 wasm_trap_str(ar.trap));
		} else {
			snprintf(msg, msglen, "trapped: %s", wasm_trap_str(ar.trap));
			oc = EXEC_PASS;
		}
		goto out;
	}
	if (ar.trap) {
		snprintf(msg, msglen, "unexpected trap: %s", wasm_trap_str(ar.trap));
		goto out;
	}
	if (!strcmp(type, "action")) {
		oc = EXEC_PASS;
		goto out;
	}
	if (!strcmp(type, "assert_return")) {
		if (json_len(expected) != ar.nresults) {
			snprintf(msg, msglen, "expected %zu results, got %u", json_len(expected),
				 ar.nresults);
			goto out;
		}
		for (i = 0; i < ar.nresults; i++)
			if (!check_value(json_at(expected, i), ar.results[i], msg, msglen))
				goto out;
		oc = EXEC_PASS;
		goto out;
	}
	snprintf(msg, msglen, "unsupported command");
	oc = EXEC_SKIP;
out:
	free(ar.results);
	return oc;
}
