// SPDX-License-Identifier: GPL-2.0
/*
 * jit_fingerprint: what the userspace JIT makes of each module, one line
 * per function, so that two builds of the engine can be compared byte for
 * byte (scripts/jit-fingerprint builds the engine of a git revision and of
 * the working tree, runs this on the same corpus and diffs the output).
 *
 *	jit_fingerprint [--nm FILE] [--dump DIR] FILE.wasm...
 *
 * Every module is loaded (with the hard caps as limits), instantiated with
 * every import resolved to a stub (functions: one C stub, base cost 1;
 * memories, tables, globals: fresh ones of the declared type) and compiled
 * in three shapes: this CPU, baseline x86-64 (wasm_jit_baseline_cpu) and
 * with retpolines and return thunks (wasm_jit_user_mitigations).  For each
 * shape it prints
 *	FILE SHAPE image LEN HASH
 *	FILE SHAPE stubs LEN HASH		(the image's shared code)
 *	FILE SHAPE func IDX LEN HASH		(each defined function)
 *	FILE SHAPE entries LEN HASH		(the exports' C entries)
 * after one line per defined function of the interpreter's pre-decoded code
 *	FILE interp func IDX WORDS FRAME-SLOTS HASH
 * and "FILE load|instantiate|compile failed: ..." where that step fails.
 * HASH is FNV-1a 64 of the bytes; LEN in bytes.
 *
 * The code holds absolute addresses of C functions (the runtime helpers,
 * host functions, the safe return), which move between builds.  With --nm
 * (the output of "nm" on this program) every 8 bytes that equal the
 * address of a symbol are hashed as the symbol's name instead.  --dump
 * writes each image, so masked, to DIR/N.SHAPE.bin (N: the file's position
 * on the command line), for objdump -D -b binary -mi386:x86-64.
 *
 * Uses only the engine's public API (engine.h, runtime.h, platform.h), so
 * that it builds against older revisions of the engine too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "runtime.h"

struct sym {
	u64 addr;
	u64 name_hash;
};

static struct sym *syms;
static size_t nsyms;
static u64 sym_lo = ~0ull, sym_hi;

int main(int argc, char **argv);

static u64 fnv(const void *p, size_t n, u64 h)
{
	const u8 *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

#define FNV0	0xcbf29ce484222325ull

static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Symbols of this program from nm's output, relocated by main's address. */
static void read_nm(const char *file)
{
	FILE *f = fopen(file, "r");
	char line[1024], name[900], type;
	unsigned long long a, main_nm = 0;
	size_t cap = 0, i;
	s64 bias;

	if (!f) {
		perror(file);
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %899s", &a, &type, name) != 3 || !a)
			continue;
		if (!strcmp(name, "main"))
			main_nm = a;
		if (nsyms == cap) {
			cap = cap ? 2 * cap : 4096;
			syms = realloc(syms, cap * sizeof(*syms));
			if (!syms)
				exit(3);
		}
		syms[nsyms].addr = a;
		syms[nsyms].name_hash = fnv(name, strlen(name), FNV0);
		nsyms++;
	}
	fclose(f);
	if (!main_nm) {
		fprintf(stderr, "jit_fingerprint: no main in %s\n", file);
		exit(2);
	}
	bias = (s64)((uintptr_t)&main - main_nm);
	for (i = 0; i < nsyms; i++) {
		syms[i].addr += bias;
		if (syms[i].addr < sym_lo)
			sym_lo = syms[i].addr;
		if (syms[i].addr > sym_hi)
			sym_hi = syms[i].addr;
	}
	qsort(syms, nsyms, sizeof(*syms), sym_cmp);
}

static const struct sym *sym_at(u64 v)
{
	struct sym key = { v, 0 };

	if (v < sym_lo || v > sym_hi)
		return NULL;
	return bsearch(&key, syms, nsyms, sizeof(*syms), sym_cmp);
}

/* A copy of the image with every symbol address replaced by its name's hash. */
static u8 *masked_copy(const u8 *code, size_t len)
{
	u8 *m = malloc(len ? len : 1);
	size_t i;

	if (!m)
		exit(3);
	memcpy(m, code, len);
	for (i = 0; nsyms && i + 8 <= len; i++) {
		const struct sym *s;
		u64 v;

		memcpy(&v, m + i, 8);
		s = sym_at(v);
		if (s) {
			memcpy(m + i, &s->name_hash, 8);
			i += 7;
		}
	}
	return m;
}

static u8 *slurp(const char *file, u32 *len)
{
	FILE *f = fopen(file, "rb");
	long sz;
	u8 *p;

	if (!f || fseek(f, 0, SEEK_END))
		return NULL;
	sz = ftell(f);
	if (sz < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	p = malloc(sz ? sz : 1);
	if (!p || fread(p, 1, sz, f) != (size_t)sz) {
		fclose(f);
		free(p);
		return NULL;
	}
	fclose(f);
	*len = (u32)sz;
	return p;
}

/* Every function import calls this. */
static int stub_host(struct wasm_instance *inst, void *data, u64 *args_results)
{
	return 0;
}

struct resolver {
	struct wasm_store *store;
	const struct wasm_module *m;
	struct wasm_host_func *hf;	/* one per import */
	u32 nhf;
};

static int resolve(void *ctx, const struct wasm_import *imp, struct wasm_extern *out)
{
	struct resolver *r = ctx;
	const struct wasm_module *m = r->m;

	memset(out, 0, sizeof(*out));
	out->kind = imp->kind;
	switch (imp->kind) {
	case WASM_EXTERN_FUNC: {
		const struct wasm_functype *ft = wasm_module_func_type(m, imp->index);
		struct wasm_host_func *h = &r->hf[r->nhf++];

		if (!ft)
			return -1;
		h->module = "stub";
		h->name = "stub";
		h->params = ft->params;
		h->nparams = ft->nparams;
		h->results = ft->results;
		h->nresults = ft->nresults;
		h->fn = stub_host;
		h->data = NULL;
		h->fuel = 1;
		out->func = wasm_store_host_func(r->store, h);
		return out->func ? 0 : -1;
	}
	case WASM_EXTERN_MEMORY:
		out->memory = wasm_store_memory(r->store, m->memory.lim.min,
						m->memory.lim.has_max ? m->memory.lim.max :
						WASM_MAX_PAGES, m->memory.lim.has_max);
		return out->memory ? 0 : -1;
	case WASM_EXTERN_TABLE: {
		const struct wasm_table *t = &m->tables[imp->index];

		out->table = wasm_store_table(r->store, t->type, t->lim.min,
					      t->lim.has_max ? t->lim.max : t->lim.min,
					      t->lim.has_max);
		return out->table ? 0 : -1;
	}
	case WASM_EXTERN_GLOBAL: {
		const struct wasm_global *g = &m->globals[imp->index];

		out->global = wasm_store_global(r->store, g->type, g->mut, 0);
		return out->global ? 0 : -1;
	}
	}
	return -1;
}

static const struct {
	const char *name;
	int baseline;
	unsigned int mitigations;
} shapes[] = {
	{ "cpu", 0, 0 },
	{ "base", 1, 0 },
	{ "thunk", 0, WASM_JIT_RETPOLINE_F | WASM_JIT_RETHUNK_F },
};

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static void region(const char *file, const char *shape, const char *what, long idx,
		   const u8 *p, u32 len)
{
	if (idx >= 0)
		printf("%s %s %s %ld %u %016llx\n", file, shape, what, idx, len,
		       (unsigned long long)fnv(p, len, FNV0));
	else
		printf("%s %s %s %u %016llx\n", file, shape, what, len,
		       (unsigned long long)fnv(p, len, FNV0));
}

static void one_shape(const char *file, int fileno, const char *dump, struct wasm_instance *inst,
		      int s)
{
	const struct wasm_module *m = inst->module;
	u32 nfuncs = wasm_module_num_funcs(m), ndef = nfuncs - m->nimported_funcs;
	u32 *ent, nent = 0, i, len, first_ent;
	char logbuf[512];
	struct wasm_log log = { logbuf, sizeof(logbuf), 0, false };
	const u8 *img;
	u8 *mc;
	int err;

	wasm_jit_baseline_cpu = shapes[s].baseline;
	wasm_jit_user_mitigations = shapes[s].mitigations;
	err = wasm_jit_compile(inst, &log);
	if (err) {
		printf("%s %s compile failed: %s\n", file, shapes[s].name, wasm_rt_strerror(err));
		return;
	}
	img = wasm_exec_user_last;
	len = (u32)wasm_exec_user_last_len;
	if (len != wasm_jit_code_size(inst)) {
		printf("%s %s image not found\n", file, shapes[s].name);
		return;
	}
	mc = masked_copy(img, len);
	region(file, shapes[s].name, "image", -1, mc, len);
	if (dump) {
		char path[4096];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%d.%s.bin", dump, fileno, shapes[s].name);
		f = fopen(path, "wb");
		if (f) {
			fwrite(mc, 1, len, f);
			fclose(f);
		}
	}
	/* exported functions' own entries follow the last function */
	ent = calloc(ndef + 1, sizeof(u32));
	if (!ent)
		exit(3);
	for (i = m->nimported_funcs; i < nfuncs; i++) {
		const struct wasm_funcinst *f = inst->funcs[i];
		u32 code = (u32)((const u8 *)f->code - img);
		u32 e = (u32)((const u8 *)(const void *)f->entry - img);

		if (e > code)
			ent[nent++] = e;
	}
	qsort(ent, nent, sizeof(u32), cmp_u32);
	first_ent = nent ? ent[0] : len;
	for (i = m->nimported_funcs; i < nfuncs; i++) {
		u32 a = (u32)((const u8 *)inst->funcs[i]->code - img);
		u32 b = i + 1 < nfuncs ? (u32)((const u8 *)inst->funcs[i + 1]->code - img) :
			first_ent;

		if (i == m->nimported_funcs)
			region(file, shapes[s].name, "stubs", -1, mc, a);
		if (b < a || b > len) {
			printf("%s %s func %u: bad layout\n", file, shapes[s].name, i);
			break;
		}
		region(file, shapes[s].name, "func", i, mc + a, b - a);
	}
	region(file, shapes[s].name, "entries", -1, mc + first_ent, len - first_ent);
	free(ent);
	free(mc);
}

/*
 * The interpreter's pre-decoded code: the layouts of interp.c's struct
 * icode and struct wasm_interp_state (their first fields), which the
 * restructuring keeps, so that both sides of a comparison read them.
 */
struct icode_view {
	u32 *code;
	u32 off;
	u32 nparams;
	u32 nresults;
	u32 nlocals;
	u32 frame_slots;
};

struct interp_view {
	struct icode_view *fns;
	u32 *words;
	u32 nwords;
};

static void interp_lines(const char *file, struct wasm_instance *inst)
{
	const struct wasm_module *m = inst->module;
	const struct interp_view *st = (const void *)inst->interp;
	u32 ndef = wasm_module_num_funcs(m) - m->nimported_funcs, i;

	if (!st)
		return;
	for (i = 0; i < ndef; i++) {
		const struct icode_view *ic = &st->fns[i];
		u32 end = i + 1 < ndef ? st->fns[i + 1].off : st->nwords;

		printf("%s interp func %u %u %u %016llx\n", file, m->nimported_funcs + i,
		       end - ic->off, ic->frame_slots,
		       (unsigned long long)fnv(st->words + ic->off, 4 * (size_t)(end - ic->off),
					       FNV0));
	}
}

static void one_file(const char *file, int fileno, const char *dump)
{
	struct wasm_limits lim;
	struct wasm_module *m = NULL;
	struct wasm_instance *inst = NULL;
	struct wasm_instance_opts opts = { 0 };
	struct resolver r = { 0 };
	char logbuf[1024];
	struct wasm_log log = { logbuf, sizeof(logbuf), 0, false };
	u32 len, s;
	u8 *bytes = slurp(file, &len);
	int err, trap = 0;

	if (!bytes) {
		printf("%s load failed: cannot read\n", file);
		return;
	}
	wasm_limits_max(&lim);
	err = wasm_module_load(bytes, len, &lim, &log, &m);
	free(bytes);
	if (err) {
		printf("%s load failed: %s\n", file, wasm_strerror(err));
		return;
	}
	r.store = wasm_store_new();
	r.m = m;
	r.hf = calloc(wasm_module_num_imports(m) + 1, sizeof(*r.hf));
	if (!r.store || !r.hf)
		exit(3);
	opts.resolve = resolve;
	opts.resolve_ctx = &r;
	opts.start_fuel = 100000;
	err = wasm_instantiate(r.store, m, &opts, &log, &inst, &trap);
	if (err && !inst) {
		printf("%s instantiate failed: %s\n", file, wasm_rt_strerror(err));
	} else {
		interp_lines(file, inst);
		for (s = 0; s < ARRAY_SIZE(shapes); s++)
			one_shape(file, fileno, dump, inst, (int)s);
		wasm_instance_free(inst);
	}
	wasm_store_free(r.store);
	free(r.hf);
	wasm_module_free(m);
}

int main(int argc, char **argv)
{
	const char *dump = NULL;
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--nm") && i + 1 < argc) {
			read_nm(argv[i + 1]);
			i += 2;
		} else if (!strcmp(argv[i], "--dump") && i + 1 < argc) {
			dump = argv[i + 1];
			i += 2;
		} else {
			fprintf(stderr, "usage: jit_fingerprint [--nm FILE] [--dump DIR] FILE.wasm...\n");
			return 2;
		}
	}
	for (; i < argc; i++)
		one_file(argv[i], i, dump);
	return 0;
}
