// SPDX-License-Identifier: GPL-2.0
/*
 * Run entries (runtime.h, RUN ENTRIES; jit_run.c): what a kernel hook's
 * run relies on - results mapped through the context's mask and counted,
 * the default on a trap or a re-entry, fuel and deadline traps, the
 * statistics, the clock only when asked, i32 arguments zero-extended, the
 * FPU hooks around float modules - checked against the C path's rules.
 */
#include <stddef.h>
#include <stdint.h>
#include "unit.h"
#include "runtime.h"
#include "jit_mods.h"

#define MOD(n) jit_mod_##n, sizeof(jit_mod_##n)

struct tctx {
	u32 hook;
	u32 mask;		/* the results a run may give */
	int reenters;
	struct wasm_run_counters inner;
};

static struct wasm_store *store;
static bool timed;

/* reenter(x): runs "verdict" again on the same instance (counted missed), returns x + 1 */
static int host_reenter(struct wasm_instance *inst, void *data, u64 *slots)
{
	struct tctx *t = inst->run_ctx;
	u64 args[1] = { 1 };
	wasm_run_fn run = wasm_run_entry(inst, 1);	/* "verdict" */

	if (!t || !run)
		return WASM_TRAP_HOST;
	t->reenters++;
	if (run(t, &t->inner, args, 0 | WASM_RUN_MAP) != 0)	/* the default */
		return WASM_TRAP_HOST;
	slots[0] = (u32)slots[0] + 1;
	return 0;
}

static const u8 t_i32[] = { WASM_TYPE_I32 };
static const struct wasm_host_func host_funcs[] = {
	{ "env", "reenter", t_i32, t_i32, 1, 1, host_reenter, NULL },
};

static int fpu_enters, fpu_exits;
static bool fpu_ok = true;

static bool fpu_enter(void)
{
	if (!fpu_ok)
		return false;
	fpu_enters++;
	return true;
}

static void fpu_exit(void)
{
	fpu_exits++;
}

static struct wasm_instance *inst_new(const u8 *bytes, size_t len,
				      const struct wasm_run_config *cfg)
{
	struct wasm_instance_opts opts = { .host_funcs = host_funcs, .nhost_funcs = 1 };
	char buf[512];
	struct wasm_log log = { buf, sizeof(buf), 0, false };
	struct wasm_module *m = NULL;
	struct wasm_instance *inst = NULL;
	int trap = 0;

	if (!store)
		store = wasm_store_new();
	CHECK_EQ(wasm_module_load(bytes, (u32)len, NULL, &log, &m), 0);
	if (!m)
		return NULL;
	CHECK_EQ(wasm_instantiate(store, m, &opts, &log, &inst, &trap), 0);
	if (!inst)
		return NULL;
	CHECK_EQ(wasm_jit_compile_run(inst, cfg, &log), 0);
	return inst;
}

static void inst_free(struct wasm_instance *inst)
{
	const struct wasm_module *m = inst->module;

	wasm_instance_free(inst);
	wasm_module_free((struct wasm_module *)m);
}

static wasm_run_fn entry(struct wasm_instance *inst, const char *name)
{
	u32 idx;

	if (wasm_instance_export_func(inst, name, strlen(name), &idx))
		return NULL;
	return wasm_run_entry(inst, idx);
}

static const struct wasm_run_config cfg = {
	.fuel = 100000,
	.timed = &timed,
	.mask_off = offsetof(struct tctx, mask),
};

TEST(run_entry_maps_and_counts_results)
{
	struct wasm_instance *inst = inst_new(MOD(run), &cfg);
	struct wasm_run_counters rc = {};
	struct tctx t = { .mask = 0x7 };	/* 0, 1, 2 */
	wasm_run_fn run = inst ? entry(inst, "verdict") : NULL;
	u64 a[1];

	CHECK(run);
	if (!run)
		return;
	a[0] = 1;
	CHECK_EQ(run(&t, &rc, a, 0 | WASM_RUN_MAP), 1);
	a[0] = 2;
	CHECK_EQ(run(&t, &rc, a, 1 | WASM_RUN_MAP), 2);
	a[0] = 3;	/* not in the mask: the default */
	CHECK_EQ(run(&t, &rc, a, 1 | WASM_RUN_MAP), 1);
	a[0] = 40;	/* past 32 bits of mask */
	CHECK_EQ(run(&t, &rc, a, 0 | WASM_RUN_MAP), 0);
	a[0] = 7;	/* no WASM_RUN_MAP: as returned, not counted */
	CHECK_EQ(run(&t, &rc, a, 0), 7);
	CHECK_EQ(rc.runs, 5);
	CHECK_EQ(rc.traps, 0);
	CHECK_EQ(rc.missed, 0);
	CHECK_EQ(rc.results[0], 1);
	CHECK_EQ(rc.results[1], 2);
	CHECK_EQ(rc.results[2], 1);
	CHECK_EQ(inst->stats.runs, 5);
	CHECK_EQ(inst->last_trap, 0);
	CHECK(inst->stats.fuel > 0);
	CHECK_EQ(inst->running, false);
	CHECK(inst->run_ctx == NULL);
	CHECK(inst->budget == NULL);
	inst_free(inst);
}

TEST(run_entry_traps_give_the_default)
{
	struct wasm_instance *inst = inst_new(MOD(run), &cfg);
	struct wasm_run_counters rc = {};
	struct tctx t = { .mask = 0x3 };
	wasm_run_fn run = inst ? entry(inst, "verdict") : NULL;
	wasm_run_fn spin = inst ? entry(inst, "spin") : NULL;
	u64 a[1] = { 99 };

	CHECK(run && spin);
	if (!run || !spin)
		return;
	CHECK_EQ(run(&t, &rc, a, 1 | WASM_RUN_MAP), 1);
	CHECK_EQ(inst->last_trap, WASM_TRAP_UNREACHABLE);
	CHECK_EQ(inst->stats.traps[WASM_TRAP_UNREACHABLE], 1);
	CHECK_EQ(rc.traps, 1);
	CHECK_EQ(rc.results[1], 1);
	/* fuel: the whole budget, then FUEL; the instance runs again after it */
	CHECK_EQ(spin(&t, &rc, NULL, 0 | WASM_RUN_MAP), 0);
	CHECK_EQ(inst->last_trap, WASM_TRAP_FUEL);
	CHECK(inst->last_fuel <= cfg.fuel && inst->last_fuel > cfg.fuel - 100);
	CHECK_EQ(inst->stats.traps[WASM_TRAP_FUEL], 1);
	a[0] = 1;
	CHECK_EQ(run(&t, &rc, a, 0 | WASM_RUN_MAP), 1);
	CHECK_EQ(inst->last_trap, 0);
	CHECK_EQ(rc.runs, 3);
	CHECK_EQ(rc.traps, 2);
	CHECK_EQ(inst->running, false);
	inst_free(inst);
}

TEST(run_entry_stack_exhaustion_unwinds)
{
	struct wasm_run_config sc = cfg;
	struct wasm_instance *inst;
	struct wasm_run_counters rc = {};
	struct tctx t = { .mask = 0x3 };
	wasm_run_fn rec, run;
	u64 a[1] = { 0 };
	int i;

	sc.stack_bytes = 16384;
	inst = inst_new(MOD(run), &sc);
	rec = inst ? entry(inst, "rec") : NULL;
	run = inst ? entry(inst, "verdict") : NULL;
	CHECK(rec && run);
	if (!rec || !run)
		return;
	/* deep in its own calls, back through the run's exit, twice */
	for (i = 0; i < 2; i++) {
		CHECK_EQ(rec(&t, &rc, a, 1 | WASM_RUN_MAP), 1);
		CHECK_EQ(inst->last_trap, WASM_TRAP_STACK);
	}
	CHECK_EQ(inst->stats.traps[WASM_TRAP_STACK], 2);
	a[0] = 0;
	CHECK_EQ(run(&t, &rc, a, 1 | WASM_RUN_MAP), 0);
	CHECK_EQ(rc.runs, 3);
	CHECK_EQ(rc.traps, 2);
	CHECK_EQ(inst->running, false);
	CHECK(!inst->run_resume);
	inst_free(inst);
}

TEST(run_entry_reentry_is_missed)
{
	struct wasm_instance *inst = inst_new(MOD(run), &cfg);
	struct wasm_run_counters rc = {};
	struct tctx t = { .mask = 0x3 };
	wasm_run_fn run = inst ? entry(inst, "reenter") : NULL;
	u64 a[1] = { 41 };

	CHECK(run);
	if (!run)
		return;
	CHECK_EQ(run(&t, &rc, a, 0), 42);
	CHECK_EQ(t.reenters, 1);
	CHECK_EQ(t.inner.missed, 1);
	CHECK_EQ(t.inner.runs, 0);
	CHECK_EQ(t.inner.results[0], 1);	/* the default, counted */
	CHECK_EQ(inst->stats.missed, 1);
	CHECK_EQ(inst->stats.runs, 1);
	CHECK_EQ(rc.runs, 1);
	inst_free(inst);
}

TEST(run_entry_arguments_zero_extended)
{
	struct wasm_instance *inst = inst_new(MOD(run), &cfg);
	struct wasm_run_counters rc = {};
	struct tctx t = {};
	wasm_run_fn run = inst ? entry(inst, "args") : NULL;
	u64 a[3] = { 0xffffffff00000007ull, 0x500000000ull, 0xabcd000000000001ull };

	CHECK(run);
	if (!run)
		return;
	CHECK_EQ(run(&t, &rc, a, 0), 5);
	CHECK(entry(inst, "noresult"));
	CHECK_EQ(entry(inst, "noresult")(&t, &rc, a, 0), 0);
	CHECK(!entry(inst, "ref"));		/* externref: no run entry */
	inst_free(inst);
}

TEST(run_entry_clock_only_when_timed)
{
	struct wasm_instance *inst = inst_new(MOD(run), &cfg);
	struct wasm_run_counters rc = {};
	struct tctx t = { .mask = 0x3 };
	wasm_run_fn run = inst ? entry(inst, "verdict") : NULL;
	u64 a[1] = { 1 };

	CHECK(run);
	if (!run)
		return;
	timed = false;
	run(&t, &rc, a, 0);
	CHECK_EQ(inst->stats.timed_runs, 0);
	CHECK_EQ(inst->stats.run_ns, 0);
	timed = true;
	run(&t, &rc, a, 0);
	run(&t, &rc, a, 0);
	timed = false;
	CHECK_EQ(inst->stats.timed_runs, 2);
	CHECK_EQ(inst->stats.runs, 3);
	inst_free(inst);
}

TEST(run_entry_deadline)
{
	struct wasm_run_config dc = cfg;
	struct wasm_instance *inst;
	struct wasm_run_counters rc = {};
	struct tctx t = {};
	wasm_run_fn spin;
	int i;

	dc.fuel = WASM_FUEL_UNLIMITED;
	dc.time_ns = 2000000;	/* 2 ms */
	inst = inst_new(MOD(run), &dc);
	spin = inst ? entry(inst, "spin") : NULL;
	CHECK(spin);
	if (!spin)
		return;
	/* timed: the deadline from the entry's clock; untimed: from the first refill */
	for (i = 0; i < 2; i++) {
		timed = i;
		CHECK_EQ(spin(&t, &rc, NULL, 1 | WASM_RUN_MAP), 1);
		CHECK_EQ(inst->last_trap, WASM_TRAP_DEADLINE);
		CHECK(inst->run_budget.refills > 0);
	}
	timed = false;
	CHECK_EQ(inst->stats.traps[WASM_TRAP_DEADLINE], 2);
	CHECK_EQ(rc.results[1], 2);
	inst_free(inst);
}

TEST(run_entry_fpu_hooks)
{
	struct wasm_run_config fc = cfg;
	struct wasm_instance *inst;
	struct wasm_run_counters rc = {};
	struct tctx t = {};
	wasm_run_fn half;
	union { double d; u64 u; } v = { .d = 84.0 };
	u64 a[1];

	/* float modules get no run entries without both hooks */
	inst = inst_new(MOD(run_float), &cfg);
	CHECK(inst && !entry(inst, "half"));
	if (inst)
		inst_free(inst);
	fc.fpu_enter = fpu_enter;
	fc.fpu_exit = fpu_exit;
	inst = inst_new(MOD(run_float), &fc);
	half = inst ? entry(inst, "half") : NULL;
	CHECK(half);
	if (!half)
		return;
	a[0] = v.u;
	CHECK_EQ(half(&t, &rc, a, 0), 42);
	CHECK_EQ(fpu_enters, 1);
	CHECK_EQ(fpu_exits, 1);
	fpu_ok = false;		/* the FPU not usable here: missed, nothing run */
	CHECK_EQ(half(&t, &rc, a, 0), 0);
	fpu_ok = true;
	CHECK_EQ(fpu_exits, 1);
	CHECK_EQ(rc.missed, 1);
	CHECK_EQ(inst->stats.missed, 1);
	CHECK_EQ(inst->running, false);
	inst_free(inst);
}
