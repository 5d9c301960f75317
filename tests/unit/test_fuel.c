// SPDX-License-Identifier: GPL-2.0
/*
 * Fuel for work and the deadline (runtime.h, WORK and CHUNKS AND THE
 * DEADLINE), on the interpreter and the JIT alike: every class whose cost
 * grows with an operand pays in proportion (bulk memory, bulk table,
 * table.grow, host calls, declared locals), a short budget traps before
 * anything is touched, fuel handed out in chunks is accounted exactly as
 * without, and an endless run of any kind ends at its deadline.
 * Module: tests/unit/jit/fuel.wat.
 */
#include <stdint.h>
#include <stdlib.h>
#include "unit.h"
#include "runtime.h"
#include "jit_mods.h"

#define HOST_BASE	5	/* env.work's declared base cost */

/* env.work(n): charges for n bytes, as a copying host function does. */
static int host_work(struct wasm_instance *inst, void *data, u64 *s)
{
	return wasm_fuel_charge(inst, wasm_fuel_bytes((u32)s[0]));
}

static const u8 t_i32[] = { WASM_TYPE_I32 };
static const struct wasm_host_func host_funcs[] = {
	{ "env", "work", t_i32, NULL, 1, 0, host_work, NULL, HOST_BASE },
};

static struct wasm_store *store;
static struct wasm_instance *tier_inst[2];	/* by enum wasm_tier */

static struct wasm_instance *new_inst(int tier)
{
	struct wasm_instance_opts opts = { .host_funcs = host_funcs, .nhost_funcs = 1 };
	char buf[512] = "";
	struct wasm_log log = { buf, sizeof(buf), 0, false };
	struct wasm_module *m = NULL;
	struct wasm_instance *inst = NULL;

	if (!store)
		store = wasm_store_new();
	if (wasm_module_load(jit_mod_fuel, sizeof(jit_mod_fuel), NULL, &log, &m) ||
	    wasm_instantiate(store, m, &opts, &log, &inst, NULL) ||
	    (tier == WASM_TIER_JIT && wasm_jit_compile(inst, &log))) {
		printf("     fuel.wat: %s\n", buf);
		exit(1);
	}
	return inst;
}

static void free_inst(struct wasm_instance *inst)
{
	const struct wasm_module *m = inst->module;

	wasm_instance_free(inst);
	wasm_module_free((struct wasm_module *)m);
}

static struct wasm_instance *inst_of(int tier)
{
	if (!tier_inst[tier])
		tier_inst[tier] = new_inst(tier);
	return tier_inst[tier];
}

struct run {
	int trap;
	u64 used;
	u32 refills;
	u64 ns;
	u64 result;
};

static struct run run_on(struct wasm_instance *inst, int tier, const char *name, u64 arg,
			 u64 fuel, u64 time_ns, u32 chunk)
{
	struct wasm_invoke_opts o = {
		.fuel = fuel, .tier = (u8)tier, .time_ns = time_ns, .fuel_chunk = chunk,
	};
	struct wasm_invoke_result r;
	struct run out = { -1, 0, 0, 0, 0 };
	u64 s[2] = { arg, 0 }, t0 = wasm_clock_ns();

	if (wasm_invoke_export(inst, name, (union wasm_value *)s, &o, &r))
		return out;
	out.ns = wasm_clock_ns() - t0;
	out.trap = r.trap;
	out.used = r.fuel_used;
	out.refills = r.refills;
	out.result = s[0];
	return out;
}

static struct run run(int tier, const char *name, u64 arg, u64 fuel, u64 time_ns, u32 chunk)
{
	return run_on(inst_of(tier), tier, name, arg, fuel, time_ns, chunk);
}

static int tiers(void)
{
	return wasm_jit_available() ? 2 : 1;
}

/*
 * name(n) costs base(name) + extra on both tiers; with one unit less it
 * traps FUEL having paid only the base; unlimited it returns.
 */
static void check_cost(const char *name, u64 n, u64 extra)
{
	int t;

	for (t = 0; t < tiers(); t++) {
		struct run zero = run(t, name, 0, 0, 0, 0);
		struct run full = run(t, name, n, 0, 0, 0);
		struct run less = run(t, name, n, zero.used + extra - 1, 0, 0);

		CHECK_EQ(zero.trap, 0);
		CHECK_EQ(full.trap, 0);
		CHECK_EQ(full.used, zero.used + extra);
		if (extra) {
			CHECK_EQ(less.trap, WASM_TRAP_FUEL);
			/* the instruction's own run was paid, the work was not */
			CHECK(less.used < zero.used + extra);
		}
	}
}

TEST(fuel_rule)
{
	CHECK_EQ(wasm_fuel_bytes(3), 0);
	CHECK_EQ(wasm_fuel_bytes(4), 1);
	CHECK_EQ(wasm_fuel_bytes(65536), 16384);
	CHECK_EQ(wasm_fuel_elems(1), 2);
	CHECK_EQ(wasm_fuel_locals(64), 64);
}

TEST(memory_bulk_pays_per_byte)
{
	check_cost("fill", 3, 0);
	check_cost("fill", 65536, wasm_fuel_bytes(65536));
	check_cost("fill", 100000, wasm_fuel_bytes(100000));
	check_cost("copy", 4096, wasm_fuel_bytes(4096));
	check_cost("copy", 65536, wasm_fuel_bytes(65536));
	check_cost("init", 256, wasm_fuel_bytes(256));
}

TEST(short_budget_touches_nothing)
{
	int t;

	for (t = 0; t < tiers(); t++) {
		struct wasm_instance *inst = new_inst(t);
		struct run zero = run_on(inst, t, "fill", 0, 0, 0, 0);
		struct run r = run_on(inst, t, "fill", 65536,
				      zero.used + wasm_fuel_bytes(65536) - 1, 0, 0);

		CHECK_EQ(r.trap, WASM_TRAP_FUEL);
		r = run_on(inst, t, "peek", 16, 0, 0, 0);
		CHECK_EQ(r.trap, 0);
		CHECK_EQ((u32)r.result, 0);	/* not filled */
		/* out of bounds: the OOB trap, and no charge for the bytes */
		r = run_on(inst, t, "fill", 2 * 65536, 0, 0, 0);
		CHECK_EQ(r.trap, WASM_TRAP_MEM_OOB);
		CHECK_EQ(r.used, zero.used);
		r = run_on(inst, t, "fill", 65536, 0, 0, 0);
		CHECK_EQ(r.trap, 0);
		r = run_on(inst, t, "peek", 16, 0, 0, 0);
		CHECK_EQ((u32)r.result, 1);	/* now it is */
		free_inst(inst);
	}
}

TEST(table_bulk_pays_per_element)
{
	int t;

	check_cost("tfill", 1000, wasm_fuel_elems(1000));
	check_cost("tcopy", 500, wasm_fuel_elems(500));
	check_cost("tinit", 32, wasm_fuel_elems(32));
	for (t = 0; t < tiers(); t++) {
		struct run zero = run(t, "tgrow", 0, 0, 0, 0);
		struct run r;

		/* a growth that fails (over the maximum) pays nothing more */
		r = run(t, "tgrow", 5000, 0, 0, 0);
		CHECK_EQ(r.trap, 0);
		CHECK_EQ(r.used, zero.used);
		/* out of fuel: trapped, the table unchanged */
		r = run(t, "tgrow", 800, zero.used + wasm_fuel_elems(800) - 1, 0, 0);
		CHECK_EQ(r.trap, WASM_TRAP_FUEL);
		r = run(t, "tsize", 0, 0, 0, 0);
		CHECK_EQ(r.trap, 0);
	}
}

TEST(host_calls_pay_base_and_bytes)
{
	check_cost("host", 0, 0);
	check_cost("host", 4096, wasm_fuel_bytes(4096));
	check_cost("host", 65536, wasm_fuel_bytes(65536));
	{
		int t;

		/* the base: "host" with 0 bytes costs its run, call and HOST_BASE */
		for (t = 0; t < tiers(); t++) {
			struct run r = run(t, "host", 0, 0, 0, 0);
			struct run less = run(t, "host", 0, r.used - 1, 0, 0);

			CHECK_EQ(less.trap, WASM_TRAP_FUEL);
			CHECK(r.used > HOST_BASE);
		}
	}
}

TEST(declared_locals_pay_for_zeroing)
{
	int t;

	for (t = 0; t < tiers(); t++) {
		struct run r = run(t, "locals", 0, 0, 0, 0);

		/* [local.get end] 2 + 64 locals */
		CHECK_EQ(r.trap, 0);
		CHECK_EQ(r.used, 2 + 64);
	}
}

/* Chunks change nothing in the accounting: same fuel, same trap points. */
TEST(chunks_account_exactly)
{
	static const char *const names[] = { "fill", "host", "float_carry", "locals" };
	static const u64 args[] = { 65536, 65536, 1000, 0 };
	u32 i, t;

	for (t = 0; t < (u32)tiers(); t++) {
		for (i = 0; i < ARRAY_SIZE(names); i++) {
			struct run plain = run(t, names[i], args[i], 0, 0, 0);
			struct run chunked = run(t, names[i], args[i], 0, 60ull * 1000000000, 7);
			u64 b;

			CHECK_EQ(chunked.trap, plain.trap);
			CHECK_EQ(chunked.used, plain.used);
			if (plain.used > 7)
				CHECK(chunked.refills > 0);
			for (b = plain.used > 40 ? plain.used - 40 : 1; b <= plain.used; b++) {
				struct run p = run(t, names[i], args[i], b, 0, 0);
				struct run c = run(t, names[i], args[i], b, 60ull * 1000000000, 7);

				CHECK_EQ(c.trap, p.trap);
				CHECK_EQ(c.used, p.used);
			}
		}
	}
}

/* A float value in xmm0 survives the refill stub (the JIT's V_XMM). */
TEST(refill_keeps_float_in_flight)
{
	int t;

	for (t = 0; t < tiers(); t++) {
		u64 s[2] = { 5000, 0x4004000000000000ull };	/* 5000 turns from 2.5 */
		struct wasm_invoke_opts o = {
			.tier = (u8)t, .time_ns = 60ull * 1000000000, .fuel_chunk = 3,
		};
		struct wasm_invoke_result r;

		CHECK_EQ(wasm_invoke_export(inst_of(t), "float_carry", (union wasm_value *)s, &o,
					    &r), 0);
		CHECK_EQ(r.trap, 0);
		CHECK(r.refills > 1000);
		CHECK_EQ(s[0], 0x40bd4e8000000000ull);	/* 7502.5 */
	}
}

/*
 * Endless runs of each kind, unlimited fuel: each ends with DEADLINE, soon
 * after its time budget (loosely bounded: a loaded machine is slow).
 */
TEST(deadline_ends_every_endless_run)
{
	static const char *const names[] = { "spin", "spin_fill", "spin_indirect" };
	const u64 budget = 20 * 1000000ull;	/* 20 ms */
	u32 i, t;

	for (t = 0; t < (u32)tiers(); t++) {
		for (i = 0; i < ARRAY_SIZE(names); i++) {
			struct run r = run(t, names[i], 0, 0, budget, 0);

			CHECK_EQ(r.trap, WASM_TRAP_DEADLINE);
			CHECK(r.ns >= budget);
			CHECK(r.ns < 100 * budget);
			CHECK(r.refills > 0);
			CHECK(r.used > 0);
		}
		/* with fuel as well, whichever comes first ends it */
		CHECK_EQ(run(t, "spin", 0, 1000, budget, 0).trap, WASM_TRAP_FUEL);
	}
}

__attribute__((destructor)) static void free_all(void)
{
	u32 t;

	for (t = 0; t < 2; t++)
		if (tier_inst[t])
			free_inst(tier_inst[t]);
	wasm_store_free(store);
}
