// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 JIT: results, every trap kind, fuel exactness against the
 * interpreter (same fuel used, same trap point for every budget), stack
 * exhaustion, instance reuse after traps, cross-instance calls, the
 * baseline-CPU fallbacks, the code shapes of the speculation mitigations
 * and the code-size limit.  Modules: tests/unit/jit/ (*.wat, compiled by
 * gen.sh into jit_mods.h at build time).
 */
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"
#include "runtime.h"
#include "jit_mods.h"

#define MOD(n) jit_mod_##n, sizeof(jit_mod_##n)

static struct wasm_store *store;
static struct wasm_instance *lib_inst;	/* xinst, for xapp's imports */

/* 0: HOST trap; 1: a negative error, 2: a code past the trap kinds (both
 * HOST traps); 3: passes MEM_OOB on; else doubles its argument */
static int host_fail(struct wasm_instance *inst, void *data, u64 *slots)
{
	switch ((u32)slots[0]) {
	case 0:
		return WASM_TRAP_HOST;
	case 1:
		return -5;
	case 2:
		return WASM_TRAP_COUNT + 7;
	case 3:
		return WASM_TRAP_MEM_OOB;
	}
	slots[0] = (u32)slots[0] * 2;
	return 0;
}

static const u8 t_i32[] = { WASM_TYPE_I32 };
static const struct wasm_host_func host_funcs[] = {
	{ "env", "fail", t_i32, t_i32, 1, 1, host_fail, NULL },
};

static int resolve(void *ctx, const struct wasm_import *imp, struct wasm_extern *out)
{
	if (!lib_inst || imp->module_len != 3 || memcmp(imp->module, "lib", 3))
		return -1;
	return wasm_instance_export(lib_inst, imp->name, imp->name_len, out);
}

static struct wasm_instance *inst_new(const u8 *bytes, size_t len, bool jit)
{
	struct wasm_instance_opts opts = {
		.host_funcs = host_funcs, .nhost_funcs = 1, .resolve = resolve,
	};
	char buf[512];
	struct wasm_log log = { buf, sizeof(buf), 0, false };
	struct wasm_module *m = NULL;
	struct wasm_instance *inst = NULL;
	int trap = 0, err;

	if (!store)
		store = wasm_store_new();
	err = wasm_module_load(bytes, (u32)len, NULL, &log, &m);
	CHECK_EQ(err, 0);
	if (err)
		return NULL;
	err = wasm_instantiate(store, m, &opts, &log, &inst, &trap);
	CHECK_EQ(err, 0);
	if (err)
		return NULL;
	if (jit) {
		err = wasm_jit_compile(inst, &log);
		if (err)
			printf("     jit: %s\n", buf);
		CHECK_EQ(err, 0);
	}
	return inst;
}

static void inst_free(struct wasm_instance *inst)
{
	const struct wasm_module *m;

	if (!inst)
		return;
	m = inst->module;
	wasm_instance_free(inst);
	wasm_module_free((struct wasm_module *)m);
}

/* Invoke export name; returns the trap code (-1 on an invoke error). */
static int call(struct wasm_instance *inst, const char *name, int tier, u64 fuel, u64 *slots,
		u64 *used)
{
	struct wasm_invoke_opts o = { .fuel = fuel, .tier = (u8)tier };
	struct wasm_invoke_result r;
	int err = wasm_invoke_export(inst, name, (union wasm_value *)slots, &o, &r);

	if (err) {
		printf("     invoke %s: %s\n", name, wasm_rt_strerror(err));
		return -1;
	}
	if (used)
		*used = r.fuel_used;
	return r.trap;
}

/*
 * Call name(args) on both tiers (separate instances, kept in step):
 * same trap, same results, same fuel; then with every budget up to the
 * fuel used, both trap (or not) identically.
 */
static void both(struct wasm_instance *ii, struct wasm_instance *ij, const char *name,
		 const u64 *args, u32 nargs, u32 nres, bool sweep)
{
	u64 si[8] = { 0 }, sj[8] = { 0 }, ui = 0, uj = 0, b;
	int ti, tj;
	u32 k;

	memcpy(si, args, nargs * 8);
	memcpy(sj, args, nargs * 8);
	ti = call(ii, name, WASM_TIER_INTERP, 0, si, &ui);
	tj = call(ij, name, WASM_TIER_JIT, 0, sj, &uj);
	CHECK_EQ(tj, ti);
	CHECK_EQ(uj, ui);
	if (!ti)
		for (k = 0; k < nres; k++)
			if (si[k] != sj[k])
				unit_fail(__FILE__, __LINE__, "%s result %u: interp %llx jit %llx",
					  name, k, (unsigned long long)si[k],
					  (unsigned long long)sj[k]);
	if (!sweep || ti)
		return;
	for (b = 1; b <= ui; b++) {
		memcpy(si, args, nargs * 8);
		memcpy(sj, args, nargs * 8);
		ti = call(ii, name, WASM_TIER_INTERP, b, si, NULL);
		tj = call(ij, name, WASM_TIER_JIT, b, sj, NULL);
		if (ti != tj) {
			unit_fail(__FILE__, __LINE__, "%s budget %llu: interp trap %d, jit %d",
				  name, (unsigned long long)b, ti, tj);
			return;
		}
		CHECK_EQ(ti, b >= ui ? 0 : WASM_TRAP_FUEL);
	}
}

static const u64 i32_args[][2] = {
	{ 0, 0 }, { 1, 2 }, { 7, 3 }, { 0xffffffff, 1 }, { 0x80000000, 0xffffffff },
	{ 123456, 0x80000000 }, { 31, 33 }, { 0x7fffffff, 5 }, { 100, 100 }, { 3, 200 },
};

static const u64 i64_args[][2] = {
	{ 0, 0 }, { 1, 2 }, { ~0ull, 1 }, { 0x8000000000000000ull, ~0ull },
	{ 0x123456789abcdefull, 63 }, { 77, 0xffff0000ull }, { 5, 0x100000000ull },
};

static const u64 f64_args[][2] = {
	{ 0x3ff8000000000000ull, 0xc004000000000000ull },	/* 1.5, -2.5 */
	{ 0x8000000000000000ull, 0 },				/* -0, +0 */
	{ 0x7ff8000000000000ull, 0x3ff0000000000000ull },	/* NaN, 1 */
	{ 0x4415af1d78b58c40ull, 0xc415af1d78b58c40ull },	/* 1e20, -1e20 */
	{ 0x4004000000000000ull, 0x400c000000000000ull },	/* 2.5, 3.5 */
	{ 0x7ff0000000000000ull, 0xfff0000000000000ull },	/* inf, -inf */
	{ 0x43e0000000000000ull, 0x3fe0000000000000ull },	/* 2^63, 0.5 */
};

static const u64 f32_args[] = {
	0x3fc00000, 0xc0200000, 0x80000000, 0x3f000000, 0xbf000000, 0x4b000001,
	0x7fc00000, 0x7fa00000, 0xff800000, 0x3f400000, 0x40400000, 0xcb7fffff,
};

static void arith_all(bool sweep)
{
	struct wasm_instance *ii = inst_new(MOD(arith), false);
	struct wasm_instance *ij = inst_new(MOD(arith), true);
	u64 a[2];
	u32 i;

	if (!ii || !ij)
		goto out;
	for (i = 0; i < ARRAY_SIZE(i32_args); i++) {
		both(ii, ij, "i32ops", i32_args[i], 2, 1, sweep && i < 3);
		both(ii, ij, "cmp", i32_args[i], 2, 1, sweep && i < 3);
		a[0] = i32_args[i][0] % 300;
		both(ii, ij, "brt", i32_args[i], 1, 1, sweep && i < 2);
		both(ii, ij, "brt_small", i32_args[i], 1, 1, false);
		both(ii, ij, "mem", a, 1, 1, sweep && i < 2);
	}
	for (i = 0; i < ARRAY_SIZE(i64_args); i++)
		both(ii, ij, "i64ops", i64_args[i], 2, 1, sweep && i < 2);
	for (i = 0; i < ARRAY_SIZE(f64_args); i++)
		both(ii, ij, "fops", f64_args[i], 2, 1, sweep && i < 2);
	for (i = 0; i < ARRAY_SIZE(f32_args); i++)
		both(ii, ij, "fround", &f32_args[i], 1, 1, false);
	a[0] = 15;
	both(ii, ij, "fib", a, 1, 1, sweep);
	for (i = 0; i < 3; i++) {
		a[0] = i;
		both(ii, ij, "grow", a, 1, 1, sweep && i == 1);
	}
out:
	inst_free(ii);
	inst_free(ij);
}

TEST(jit_available)
{
	CHECK(wasm_jit_available());
}

TEST(jit_results_and_fuel_match_interpreter)
{
	arith_all(true);
}

TEST(jit_baseline_cpu_fallbacks)
{
	wasm_jit_baseline_cpu = 1;
	arith_all(false);
	wasm_jit_baseline_cpu = 0;
}

TEST(jit_known_values)
{
	struct wasm_instance *ij = inst_new(MOD(arith), true);
	u64 s[2];

	if (!ij)
		return;
	s[0] = 20;
	CHECK_EQ(call(ij, "fib", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 6765);
	s[0] = 2;
	CHECK_EQ(call(ij, "brt", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 30);
	s[0] = 1000;
	CHECK_EQ(call(ij, "brt", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 40);
	s[0] = 1;
	CHECK_EQ(call(ij, "brt_small", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 6);
	s[0] = 0;
	CHECK_EQ(call(ij, "brt_small", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 106);
	s[0] = 0x3fc00000;	/* 1.5: 1 + 2 + 1 + 2 = 6 */
	CHECK_EQ(call(ij, "fround", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 0x40c00000);
	inst_free(ij);
}

struct trap_case {
	const char *name;
	u64 args[2];
	int trap;
};

static const struct trap_case trap_cases[] = {
	{ "unreachable", { 0 }, WASM_TRAP_UNREACHABLE },
	{ "oob", { 65533 }, WASM_TRAP_MEM_OOB },
	{ "oob", { 0xffffffff }, WASM_TRAP_MEM_OOB },
	{ "oob_off", { 1 }, WASM_TRAP_MEM_OOB },
	{ "oob_store", { 0 }, WASM_TRAP_MEM_OOB },
	{ "div0", { 0 }, WASM_TRAP_DIV_ZERO },
	{ "ovf", { 0xffffffff }, WASM_TRAP_INT_OVERFLOW },
	{ "ovf_trunc", { 0x43e0000000000000ull }, WASM_TRAP_INT_OVERFLOW },
	{ "nan_trunc", { 0x7fc00000 }, WASM_TRAP_INVALID_CONV },
	{ "call_ind", { 5, 1 }, WASM_TRAP_UNDEFINED_ELEM },
	{ "call_ind", { 3, 1 }, WASM_TRAP_UNINIT_ELEM },
	{ "call_ind", { 1, 1 }, WASM_TRAP_INDIRECT_TYPE },
	{ "table_oob", { 4 }, WASM_TRAP_TABLE_OOB },
	{ "rec", { 0 }, WASM_TRAP_STACK },
	{ "host", { 0 }, WASM_TRAP_HOST },
	{ "host", { 1 }, WASM_TRAP_HOST },
	{ "host", { 2 }, WASM_TRAP_HOST },
	{ "host", { 3 }, WASM_TRAP_MEM_OOB },
};

TEST(jit_every_trap_kind_and_reuse)
{
	struct wasm_instance *ij = inst_new(MOD(traps), true);
	struct wasm_instance *ii = inst_new(MOD(traps), false);
	u64 s[2], ui, uj;
	u32 i;

	if (!ij || !ii)
		goto out;
	for (i = 0; i < ARRAY_SIZE(trap_cases); i++) {
		const struct trap_case *t = &trap_cases[i];
		int r;

		memcpy(s, t->args, sizeof(s));
		r = call(ij, t->name, WASM_TIER_JIT, 0, s, &uj);
		if (r != t->trap)
			unit_fail(__FILE__, __LINE__, "%s: trap %d, want %d", t->name, r, t->trap);
		memcpy(s, t->args, sizeof(s));
		CHECK_EQ(call(ii, t->name, WASM_TIER_INTERP, 0, s, &ui), t->trap);
		if (t->trap != WASM_TRAP_STACK)
			CHECK_EQ(uj, ui);
		/* the instance still works, fuel accounting too */
		s[0] = 5;
		CHECK_EQ(call(ij, "ok", WASM_TIER_JIT, 100, s, &uj), 0);
		CHECK_EQ(s[0], 5);
		CHECK_EQ(uj, 5);
	}
	/* the non-trapping sides */
	s[0] = 65532;
	CHECK_EQ(call(ij, "oob", WASM_TIER_JIT, 0, s, NULL), 0);
	s[0] = 0;
	s[1] = 7;
	CHECK_EQ(call(ij, "call_ind", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 7);
	s[0] = 21;
	CHECK_EQ(call(ij, "host", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 42);
	s[0] = 0x4f000000;	/* 2^31 as f32: fine for u32 */
	CHECK_EQ(call(ij, "nan_trunc", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 0x80000000u);
	/* fuel: an endless loop stops, exactly at the budget */
	CHECK_EQ(call(ij, "spin", WASM_TIER_JIT, 1000, s, &uj), WASM_TRAP_FUEL);
	CHECK_EQ(call(ii, "spin", WASM_TIER_INTERP, 1000, s, &ui), WASM_TRAP_FUEL);
	CHECK_EQ(uj, ui);
	CHECK(uj <= 1000 && uj >= 998);
out:
	inst_free(ij);
	inst_free(ii);
}

static bool has_bytes(const u8 *p, size_t n, const u8 *pat, size_t k)
{
	size_t i;

	for (i = 0; i + k <= n; i++)
		if (!memcmp(p + i, pat, k))
			return true;
	return false;
}

/*
 * Each code shape of the speculation mitigations (platform.h) runs the
 * same as the interpreter, and has what was asked for: the retpoline or
 * the plain "jmp r11"; every return through the safe return (its address
 * loaded into r11) or none; endbr64 at every function and entry (IBT).
 */
TEST(jit_mitigation_shapes)
{
	static const u8 retpoline[] = { 0xe8, 7, 0, 0, 0, 0xf3, 0x90, 0x0f, 0xae, 0xe8,
					0xeb, 0xf9, 0x4c, 0x89, 0x1c, 0x24, 0xc3 };
	static const u8 jmp_r11[] = { 0x41, 0xff, 0xe3 };
	static const u8 endbr[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	unsigned int saved = wasm_jit_user_mitigations, mit;
	uintptr_t target = (uintptr_t)wasm_jit_ret_target();
	u8 movabs[10] = { 0x49, 0xbb };
	struct wasm_instance *ij;
	u64 s[2];
	u32 i;

	memcpy(movabs + 2, &target, 8);
	for (mit = 0; mit < 4; mit++) {
		wasm_jit_user_mitigations = mit;
		ij = inst_new(MOD(arith), true);
		if (!ij)
			break;
		CHECK_EQ(has_bytes(wasm_exec_user_last, wasm_exec_user_last_len, retpoline,
				   sizeof(retpoline)), !!(mit & WASM_JIT_RETPOLINE_F));
		CHECK_EQ(has_bytes(wasm_exec_user_last, wasm_exec_user_last_len, jmp_r11,
				   sizeof(jmp_r11)), !(mit & WASM_JIT_RETPOLINE_F));
		CHECK_EQ(has_bytes(wasm_exec_user_last, wasm_exec_user_last_len, movabs,
				   sizeof(movabs)), !!(mit & WASM_JIT_RETHUNK_F));
		for (i = ij->module->nimported_funcs; i < ij->module->nfuncs; i++) {
			CHECK(!memcmp(ij->funcs[i]->code, endbr, 4));
			CHECK(!memcmp((const void *)ij->funcs[i]->entry, endbr, 4));
		}
		inst_free(ij);
		/* results and fuel; traps of every kind, indirect and host calls */
		arith_all(false);
		ij = inst_new(MOD(traps), true);
		for (i = 0; ij && i < ARRAY_SIZE(trap_cases); i++) {
			memcpy(s, trap_cases[i].args, sizeof(s));
			CHECK_EQ(call(ij, trap_cases[i].name, WASM_TIER_JIT, 0, s, NULL),
				 trap_cases[i].trap);
		}
		s[0] = 0;
		s[1] = 7;
		CHECK_EQ(ij ? call(ij, "call_ind", WASM_TIER_JIT, 0, s, NULL) : -1, 0);
		CHECK_EQ(s[0], 7);
		s[0] = 21;
		CHECK_EQ(ij ? call(ij, "host", WASM_TIER_JIT, 0, s, NULL) : -1, 0);
		CHECK_EQ(s[0], 42);
		inst_free(ij);
	}
	wasm_jit_user_mitigations = saved;
}

TEST(jit_constant_addresses_at_the_bounds)
{
	struct wasm_instance *ij = inst_new(MOD(constaddr), true);
	u64 s[1];

	if (!ij)
		return;
	CHECK_EQ(call(ij, "last", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 7);
	CHECK_EQ(call(ij, "past", WASM_TIER_JIT, 0, s, NULL), WASM_TRAP_MEM_OOB);
	CHECK_EQ(call(ij, "past_off", WASM_TIER_JIT, 0, s, NULL), WASM_TRAP_MEM_OOB);
	CHECK_EQ(call(ij, "past_store", WASM_TIER_JIT, 0, s, NULL), WASM_TRAP_MEM_OOB);
	CHECK_EQ(call(ij, "beyond", WASM_TIER_JIT, 0, s, NULL), WASM_TRAP_MEM_OOB);
	CHECK_EQ(call(ij, "grow", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 1);
	CHECK_EQ(call(ij, "beyond", WASM_TIER_JIT, 0, s, NULL), 0);
	CHECK_EQ(s[0], 9);
	inst_free(ij);
}

TEST(jit_arguments_and_results)
{
	struct {
		struct wasm_instance *inst;
		int tier;
	} t[2] = {
		{ inst_new(MOD(args), false), WASM_TIER_INTERP },
		{ inst_new(MOD(args), true), WASM_TIER_JIT },
	};
	u64 s[4];
	int k;

	for (k = 0; k < 2 && t[0].inst && t[1].inst; k++) {
		s[0] = 0x123456789abcdef0ull;
		s[1] = 0xdead000000000005ull;	/* garbage above an i32 */
		s[2] = 0xbeef00003f800000ull;	/* and above an f32 (1.0f) */
		s[3] = 0xffffffffffffffffull;
		CHECK_EQ(call(t[k].inst, "args", t[k].tier, 0, s, NULL), 0);
		CHECK_EQ(s[0], 0x123456789abcdef0ull);
		CHECK_EQ(s[1], 5);
		CHECK_EQ((u32)s[2], 0x3f800000u);
		CHECK_EQ(s[3], 0x100000000ull);
		s[0] = 0xffffffff00000008ull;	/* address 8 */
		CHECK_EQ(call(t[k].inst, "load", t[k].tier, 0, s, NULL), 0);
		CHECK_EQ(s[0], 3 * 42);
	}
	inst_free(t[0].inst);
	inst_free(t[1].inst);
}

TEST(jit_deep_recursion_traps_and_recovers)
{
	struct wasm_instance *ij = inst_new(MOD(traps), true);
	struct wasm_invoke_opts o = { .tier = WASM_TIER_JIT, .stack_bytes = 64 << 10 };
	struct wasm_invoke_result r;
	u64 s[2] = { 0 };
	int i;

	if (!ij)
		return;
	for (i = 0; i < 3; i++) {
		s[0] = 0;
		CHECK_EQ(wasm_invoke_export(ij, "rec", (union wasm_value *)s, &o, &r), 0);
		CHECK_EQ(r.trap, WASM_TRAP_STACK);
		s[0] = 1;
		CHECK_EQ(wasm_invoke_export(ij, "ok", (union wasm_value *)s, &o, &r), 0);
		CHECK_EQ(r.trap, 0);
		CHECK_EQ(s[0], 1);
	}
	inst_free(ij);
}

TEST(jit_cross_instance_calls)
{
	struct wasm_instance *lj, *aj, *li, *ai;
	u64 s[2], uj, ui;
	int k;

	lib_inst = lj = inst_new(MOD(xinst), true);
	aj = inst_new(MOD(xapp), true);
	lib_inst = li = inst_new(MOD(xinst), false);
	ai = inst_new(MOD(xapp), false);
	lib_inst = NULL;
	if (!lj || !aj || !li || !ai)
		goto out;
	for (k = 1; k <= 3; k++) {
		s[0] = (u64)k;
		CHECK_EQ(call(aj, "run", WASM_TIER_JIT, 0, s, &uj), 0);
		/* bump(k) twice: 2k-1 ... plus app's own memory word (1000) */
		CHECK_EQ(s[0], (u64)(k * (k - 1) + k) + (u64)(k * k + k) + 1000);
		s[0] = (u64)k;
		CHECK_EQ(call(ai, "run", WASM_TIER_INTERP, 0, s, &ui), 0);
		CHECK_EQ(uj, ui);
	}
	/* a trap in the other instance unwinds through both */
	s[0] = 70000;
	CHECK_EQ(call(aj, "boom", WASM_TIER_JIT, 0, s, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 4;
	CHECK_EQ(call(aj, "boom", WASM_TIER_JIT, 0, s, NULL), 0);
	s[0] = 1;
	CHECK_EQ(call(lj, "bump", WASM_TIER_JIT, 0, s, NULL), 0);
out:
	inst_free(aj);
	inst_free(ai);
	inst_free(lj);
	inst_free(li);
}

TEST(jit_code_size_limit)
{
	struct wasm_instance *inst = inst_new(MOD(arith), false);
	char buf[256];
	struct wasm_log log = { buf, sizeof(buf), 0, false };

	if (!inst)
		return;
	wasm_jit_code_limit = 1024;
	CHECK_EQ(wasm_jit_compile(inst, &log), -WASM_ELIMIT);
	CHECK_STR_CONTAINS(buf, "code size limit");
	CHECK(!inst->jit);
	wasm_jit_code_limit = WASM_LIMIT_JIT_CODE_MAX;
	CHECK_EQ(wasm_jit_compile(inst, NULL), 0);
	inst_free(inst);
}
