// SPDX-License-Identifier: GPL-2.0
/*
 * fuel_cost: ns per unit of fuel of each instruction class whose cost
 * grows with an operand (runtime.h, FUEL and WORK), on the userspace
 * engine, JIT and interpreter, against a plain (loop (br 0)).
 *
 *	fuel_cost [--rounds R (7)] [--fuel F (10000000)] [--host-base B (4)]
 *		  [--tier jit|interp|both] CLASSES.wasm HOST.wasm [ENTRY...]
 *
 * CLASSES.wasm and HOST.wasm are bench/fuel/classes.wat and host.wat
 * (make bench-fuel builds them).  Each entry is an endless loop: it is
 * invoked with F fuel and no time budget until it traps FUEL, and the time
 * of the invocation divided by the fuel it used is its ns per unit.  The
 * grow_* entries instead grow a table to its maximum and return: each round
 * runs them on a fresh instance (instantiated and compiled outside the
 * timing).  Every entry runs R rounds (round-robin over the entries, so
 * that noise spreads over all of them) and keeps the fastest.
 *
 * HOST.wasm imports bench.copy(dst, src, n), a stub host function with a
 * base cost of B units that charges wasm_fuel_charge(inst,
 * wasm_fuel_bytes(n)) and memcpy()s n bytes inside linear memory: the
 * shape of kmod/helpers.c's pkt_load, emit and comm.
 *
 * Prints one line per entry: name, then for each tier ns per unit, the
 * ratio to that tier's plain loop and the fuel one invocation used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "runtime.h"

static char logbuf[4096];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *file, const char *what, const char *msg)
{
	fprintf(stderr, "fuel_cost: %s: %s: %s\n", file, what, msg);
	exit(1);
}

static u8 *slurp(const char *file, u32 *len)
{
	FILE *f = fopen(file, "rb");
	long sz;
	u8 *p;

	if (!f || fseek(f, 0, SEEK_END))
		die(file, "open", "cannot read");
	sz = ftell(f);
	if (sz < 0 || fseek(f, 0, SEEK_SET))
		die(file, "open", "cannot read");
	p = malloc(sz ? sz : 1);
	if (!p || fread(p, 1, sz, f) != (size_t)sz)
		die(file, "read", "short read");
	fclose(f);
	*len = (u32)sz;
	return p;
}

/* bench.copy(dst, src, n) -> n: charge the bytes, then copy them. */
static int host_copy(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasm_meminst *m = inst ? inst->memory : NULL;
	u64 d = (u32)s[0], src = (u32)s[1], n = (u32)s[2];
	int trap;

	if (!m || d + n > m->size || src + n > m->size)
		return WASM_TRAP_MEM_OOB;
	trap = wasm_fuel_charge(inst, wasm_fuel_bytes(n));
	if (trap)
		return trap;
	memcpy(m->base + d, m->base + src, n);
	s[0] = n;
	return 0;
}

static const u8 t_i32[] = { WASM_TYPE_I32 };
static const u8 t_i32x3[] = { WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32 };
static struct wasm_host_func host_funcs[] = {
	{ .module = "bench", .name = "copy", .params = t_i32x3, .nparams = 3,
	  .results = t_i32, .nresults = 1, .fn = host_copy, .fuel = 4 },
};

struct mod {
	const char *file;
	struct wasm_module *m;
	struct wasm_store *s;
	struct wasm_instance *inst;	/* compiled for the JIT (the interpreter runs it too) */
};

static struct wasm_instance *instantiate(struct mod *md)
{
	struct wasm_instance_opts opts = {
		.host_funcs = host_funcs,
		.nhost_funcs = sizeof(host_funcs) / sizeof(host_funcs[0]),
	};
	struct wasm_log log = { logbuf, sizeof(logbuf), 0, false };
	struct wasm_instance *inst = NULL;
	int trap = 0, err;

	logbuf[0] = 0;
	err = wasm_instantiate(md->s, md->m, &opts, &log, &inst, &trap);
	if (err == -WASM_ETRAP)
		die(md->file, "instantiation trapped", wasm_trap_str(trap));
	if (err)
		die(md->file, wasm_rt_strerror(err), logbuf);
	if (wasm_jit_available()) {
		logbuf[0] = 0;
		err = wasm_jit_compile(inst, &log);
		if (err)
			die(md->file, wasm_rt_strerror(err), logbuf);
	}
	return inst;
}

static void load(struct mod *md, const char *file)
{
	struct wasm_log log = { logbuf, sizeof(logbuf), 0, false };
	u32 len;
	u8 *bytes = slurp(file, &len);
	int err;

	logbuf[0] = 0;
	err = wasm_module_load(bytes, len, NULL, &log, &md->m);
	if (err)
		die(file, wasm_strerror(err), logbuf);
	free(bytes);
	md->file = file;
	md->s = wasm_store_new();
	if (!md->s)
		die(file, "store", "out of memory");
	md->inst = instantiate(md);
}

struct entry {
	const char *name;
	struct mod *md;
	u32 idx;
	bool fresh;		/* returns: a fresh instance per round */
	double best[2];		/* seconds per invocation, by tier */
	u64 fuel[2];		/* fuel one invocation used */
};

static u64 budget = 10000000;

static void measure(struct entry *e, int tier)
{
	struct wasm_invoke_opts o = { .fuel = budget, .tier = tier };
	struct wasm_instance *inst = e->fresh ? instantiate(e->md) : e->md->inst;
	struct wasm_invoke_result res;
	union wasm_value v[1] = { 0 };
	double t0, t;
	int err;

	t0 = now();
	err = wasm_invoke(inst, e->idx, v, &o, &res);
	t = now() - t0;
	if (err)
		die(e->name, "invoke", wasm_rt_strerror(err));
	if (res.trap != (e->fresh ? 0 : WASM_TRAP_FUEL))
		die(e->name, e->fresh ? "trapped" : "did not run out of fuel",
		    res.trap ? wasm_trap_str(res.trap) : "returned");
	if (!res.fuel_used)
		die(e->name, "measure", "no fuel used");
	if (t < e->best[tier]) {
		e->best[tier] = t;
		e->fuel[tier] = res.fuel_used;
	}
	if (e->fresh)
		wasm_instance_free(inst);
}

static const char *const default_entries[] = {
	"plain",
	"fill_128k", "fill_16", "fill_0",
	"copy_128k", "copy_back_128k", "copy_odd_128k", "copy_16", "copy_0",
	"init_64k", "init_16", "init_0",
	"tfill_4k", "tfill_2", "tfill_0", "tcopy_4k", "tcopy_2", "tcopy_0",
	"tinit_4k", "tinit_2", "tinit_0",
	"grow_64k", "grow_1",
	"indirect", "locals_0", "locals_100", "locals_500", "locals_1000",
	"host_0", "host_16", "host_4k", "host_64k",
};

int main(int argc, char **argv)
{
	const char *const *names = default_entries;
	int nnames = sizeof(default_entries) / sizeof(default_entries[0]);
	int rounds = 7, tiers[2], ntiers = 0, i, j, r, k;
	const char *tier = "both";
	struct mod mods[2] = { 0 };
	struct entry *es;
	double plain[2] = { 0 };

	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--fuel") && i + 1 < argc)
			budget = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--host-base") && i + 1 < argc)
			host_funcs[0].fuel = (u32)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--tier") && i + 1 < argc)
			tier = argv[++i];
		else
			break;
	}
	if (argc - i < 2 || rounds < 1) {
		fprintf(stderr, "usage: fuel_cost [--rounds R] [--fuel F] [--host-base B] "
			"[--tier jit|interp|both] CLASSES.wasm HOST.wasm [ENTRY...]\n");
		return 2;
	}
	if (strcmp(tier, "interp")) {
		if (!wasm_jit_available())
			fprintf(stderr, "fuel_cost: no JIT here, interpreter only\n");
		else
			tiers[ntiers++] = WASM_TIER_JIT;
	}
	if (strcmp(tier, "jit"))
		tiers[ntiers++] = WASM_TIER_INTERP;
	load(&mods[0], argv[i]);
	load(&mods[1], argv[i + 1]);
	if (argc - i > 2) {
		names = (const char *const *)argv + i + 2;
		nnames = argc - i - 2;
	}
	es = calloc(nnames, sizeof(*es));
	if (!es)
		return 1;
	for (j = 0; j < nnames; j++) {
		struct entry *e = &es[j];

		e->name = names[j];
		for (k = 0; k < 2; k++) {
			e->md = &mods[k];
			if (!wasm_instance_export_func(mods[k].inst, e->name, strlen(e->name),
						       &e->idx))
				break;
		}
		if (k == 2)
			die(argv[i], e->name, "no such export");
		e->fresh = !strncmp(e->name, "grow_", 5);
		e->best[0] = e->best[1] = 1e30;
	}

	for (r = 0; r < rounds; r++)
		for (j = 0; j < nnames; j++)
			for (k = 0; k < ntiers; k++)
				measure(&es[j], tiers[k]);

	for (j = 0; j < nnames; j++)
		if (!strcmp(es[j].name, "plain"))
			for (k = 0; k < 2; k++)
				plain[k] = es[j].best[k] / es[j].fuel[k];
	printf("# fuel %llu, %d rounds (best), host base cost %u\n",
	       (unsigned long long)budget, rounds, host_funcs[0].fuel);
	printf("# %-12s", "entry");
	for (k = 0; k < ntiers; k++)
		printf(" %10s %7s %10s", tiers[k] == WASM_TIER_JIT ? "jit-ns/u" : "interp-ns/u",
		       "ratio", "fuel");
	printf("\n");
	for (j = 0; j < nnames; j++) {
		struct entry *e = &es[j];

		printf("%-14s", e->name);
		for (k = 0; k < ntiers; k++) {
			int t = tiers[k];
			double ns = e->best[t] * 1e9 / e->fuel[t];

			printf(" %10.3f %7.2f %10llu", ns, plain[t] ? ns / (plain[t] * 1e9) : 0,
			       (unsigned long long)e->fuel[t]);
		}
		printf("\n");
	}
	for (k = 0; k < 2; k++) {
		if (mods[k].inst)
			wasm_instance_free(mods[k].inst);
		wasm_store_free(mods[k].s);
		wasm_module_free(mods[k].m);
	}
	free(es);
	return 0;
}
