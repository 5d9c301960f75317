// SPDX-License-Identifier: GPL-2.0
/*
 * Interpreter unit tests: the fuel rule of runtime.h to the instruction
 * (exact totals, budget - 1 traps with the fuel of the completed runs),
 * infinite loops stopped by fuel, stack exhaustion on runaway recursion
 * (and reuse afterwards), deep recursion within the stack budget.
 */
#include "unit.h"
#include "runtime.h"
#include "modbuild.h"

static struct wasm_store *store;
static bool stateful;		/* don't run twice (the JIT comparison) */

__attribute__((destructor)) static void free_store(void)
{
	wasm_store_free(store);
}

static struct wasm_instance *instantiate(struct wasm_module *mod)
{
	struct wasm_instance *inst = NULL;

	if (!store)
		store = wasm_store_new();
	CHECK(mod);
	if (!mod)
		return NULL;
	CHECK_EQ(wasm_instantiate(store, mod, NULL, NULL, &inst, NULL), 0);
	/* with a JIT, run() checks that both tiers agree (fuel included) */
	if (inst && wasm_jit_available())
		CHECK_EQ(wasm_jit_compile(inst, NULL), 0);
	return inst;
}

/*
 * Runs export name on the interpreter; returns the trap, *used gets the
 * fuel used.  Where there is a JIT, the same call on the JIT tier must give
 * the same trap, fuel and first result (stack traps: the JIT's native
 * frames differ in size, so only the trap kind is compared).
 */
static int run(struct wasm_instance *inst, const char *name, u64 *slots, u64 fuel,
	       u32 stack_bytes, u64 *used)
{
	struct wasm_invoke_opts o = { .fuel = fuel, .stack_bytes = stack_bytes };
	struct wasm_invoke_result r = { 0 }, rj = { 0 };
	u64 js[2] = { slots[0], 0 };
	int err = wasm_invoke_export(inst, name, (union wasm_value *)slots, &o, &r);

	CHECK_EQ(err, 0);
	if (used)
		*used = r.fuel_used;
	if (inst->jit_call && !stateful && (!stack_bytes || stack_bytes >= (64u << 10))) {
		u32 idx = 0;
		const struct wasm_functype *ft;

		CHECK_EQ(wasm_instance_export_func(inst, name, strlen(name), &idx), 0);
		ft = wasm_module_func_type(inst->module, idx);
		o.tier = WASM_TIER_JIT;
		CHECK_EQ(wasm_invoke_export(inst, name, (union wasm_value *)js, &o, &rj), 0);
		CHECK_EQ(rj.trap, r.trap);
		if (r.trap != WASM_TRAP_STACK)
			CHECK_EQ(rj.fuel_used, r.fuel_used);
		if (!r.trap && ft->nresults)
			CHECK_EQ(js[0], slots[0]);
	}
	return r.trap;
}

/*
 * (func $count (param i32)
 *   loop $l  local.get 0  i32.const 1  i32.sub  local.tee 0  br_if $l  end)
 * runs: [loop] + n * [local.get i32.const i32.sub local.tee br_if] + [end] + [end]
 * (every end ends a run)
 */
TEST(fuel_loop_exact)
{
	struct wasm_instance *inst;
	struct wasm_module *mod;
	struct mb m;
	u64 s[1], used;
	u32 n;

	mb_init(&m);
	mb_export(&m, "count", mb_func(&m, mb_type(&m, "i", ""), "",
				       BODY(0x03, 0x40, 0x20, 0, 0x41, 1, 0x6b, 0x22, 0,
					    0x0d, 0, 0x0b, 0x0b)));
	mod = mb_load(&m);
	inst = instantiate(mod);
	for (n = 1; n <= 50; n += 7) {
		u64 cost = 1 + 5 * (u64)n + 2;

		s[0] = n;
		CHECK_EQ(run(inst, "count", s, 0, 0, &used), 0);
		CHECK_EQ(used, cost);
		s[0] = n;
		CHECK_EQ(run(inst, "count", s, cost, 0, &used), 0);
		CHECK_EQ(used, cost);
		/* one less: the final run, the function's [end], can't be paid */
		s[0] = n;
		CHECK_EQ(run(inst, "count", s, cost - 1, 0, &used), WASM_TRAP_FUEL);
		CHECK_EQ(used, cost - 1);
		/* the last iteration's run can't be paid either */
		s[0] = n;
		CHECK_EQ(run(inst, "count", s, cost - 3, 0, &used), WASM_TRAP_FUEL);
		CHECK_EQ(used, cost - 2 - 5);
	}
	/* budget 0 means unlimited; budget 1 pays the entry run only */
	s[0] = 3;
	CHECK_EQ(run(inst, "count", s, 1, 0, &used), WASM_TRAP_FUEL);
	CHECK_EQ(used, 1);
	wasm_instance_free(inst);
	wasm_module_free(mod);
}

TEST(fuel_infinite_loop)
{
	struct wasm_instance *inst;
	struct wasm_module *mod;
	struct mb m;
	u64 s[1], used;

	mb_init(&m);
	/* loop br 0 end end */
	mb_export(&m, "spin", mb_func(&m, mb_type(&m, "", ""), "",
				      BODY(0x03, 0x40, 0x0c, 0, 0x0b, 0x0b)));
	mb_export(&m, "ok", mb_func(&m, mb_type(&m, "", "i"), "", BODY(0x41, 7, 0x0b)));
	mod = mb_load(&m);
	inst = instantiate(mod);
	CHECK_EQ(run(inst, "spin", s, 100, 0, &used), WASM_TRAP_FUEL);
	CHECK_EQ(used, 100);		/* [loop] + 99 * [br] */
	CHECK_EQ(run(inst, "spin", s, 1000000, 0, &used), WASM_TRAP_FUEL);
	CHECK_EQ(used, 1000000);
	CHECK_EQ(run(inst, "ok", s, 2, 0, &used), 0);
	CHECK_EQ(s[0], 7);
	CHECK_EQ(used, 2);
	wasm_instance_free(inst);
	wasm_module_free(mod);
}

TEST(fuel_calls_branches)
{
	struct wasm_instance *inst;
	struct wasm_module *mod;
	struct mb m;
	u64 s[1], used;
	u32 f7;

	mb_init(&m);
	/* $f7: i32.const 7 end = [2] */
	f7 = mb_func(&m, mb_type(&m, "", "i"), "", BODY(0x41, 7, 0x0b));
	/* call $f7 i32.const 1 i32.add end: [call] [i32.const i32.add end] */
	mb_export(&m, "call", mb_func(&m, mb_type(&m, "", "i"), "",
				      BODY(0x10, f7, 0x41, 1, 0x6a, 0x0b)));
	/* local.get 0 if (result i32) i32.const 1 else i32.const 2 end end */
	mb_export(&m, "ifelse", mb_func(&m, mb_type(&m, "i", "i"), "",
					BODY(0x20, 0, 0x04, 0x7f, 0x41, 1, 0x05, 0x41, 2,
					     0x0b, 0x0b)));
	/* block (result i32) i32.const 5 br 0 i32.const 6 end end */
	mb_export(&m, "dead", mb_func(&m, mb_type(&m, "", "i"), "",
				      BODY(0x02, 0x7f, 0x41, 5, 0x0c, 0, 0x41, 6, 0x0b,
					   0x0b)));
	/*
	 * block block local.get 0 br_table 0 1 1 end
	 *   i32.const 10 i32.const 1 i32.add return end
	 * i32.const 20 end
	 */
	mb_export(&m, "table", mb_func(&m, mb_type(&m, "i", "i"), "",
				       BODY(0x02, 0x40, 0x02, 0x40, 0x20, 0, 0x0e, 2, 0, 1, 1,
					    0x0b, 0x41, 10, 0x41, 1, 0x6a, 0x0f, 0x0b,
					    0x41, 20, 0x0b)));
	mod = mb_load(&m);
	inst = instantiate(mod);

	CHECK_EQ(run(inst, "call", s, 0, 0, &used), 0);
	CHECK_EQ(s[0], 8);
	CHECK_EQ(used, 1 + 2 + 3);
	CHECK_EQ(run(inst, "call", s, 5, 0, &used), WASM_TRAP_FUEL);
	CHECK_EQ(used, 3);		/* the run after the call is unpaid */
	CHECK_EQ(run(inst, "call", s, 2, 0, &used), WASM_TRAP_FUEL);
	CHECK_EQ(used, 1);		/* the callee's entry is unpaid */

	s[0] = 1;
	CHECK_EQ(run(inst, "ifelse", s, 0, 0, &used), 0);
	CHECK_EQ(s[0], 1);
	CHECK_EQ(used, 5);		/* [local.get if] [i32.const else] [end] */
	s[0] = 0;
	CHECK_EQ(run(inst, "ifelse", s, 0, 0, &used), 0);
	CHECK_EQ(s[0], 2);
	CHECK_EQ(used, 5);		/* [local.get if] [i32.const end] [end] */

	CHECK_EQ(run(inst, "dead", s, 0, 0, &used), 0);
	CHECK_EQ(s[0], 5);
	CHECK_EQ(used, 4);		/* [block i32.const br] [end] */

	s[0] = 0;
	CHECK_EQ(run(inst, "table", s, 0, 0, &used), 0);
	CHECK_EQ(s[0], 11);
	CHECK_EQ(used, 8);		/* [block block local.get br_table] [4] */
	s[0] = 5;
	CHECK_EQ(run(inst, "table", s, 0, 0, &used), 0);
	CHECK_EQ(s[0], 20);
	CHECK_EQ(used, 6);		/* [4] [i32.const end] */
	wasm_instance_free(inst);
	wasm_module_free(mod);
}

/* sum(n) = n ? n + sum(n - 1) : 0, recursively; and a runaway recursion */
TEST(stack_exhaustion)
{
	struct wasm_instance *inst;
	struct wasm_module *mod;
	struct mb m;
	u64 s[1], used;
	u32 sum;

	mb_init(&m);
	sum = mb_func(&m, mb_type(&m, "i", "i"), "",
		      BODY(0x20, 0, 0x45, 0x04, 0x7f, 0x41, 0, 0x05, 0x20, 0, 0x20, 0, 0x41, 1,
			   0x6b, 0x10, 0, 0x6a, 0x0b, 0x0b));
	mb_export(&m, "sum", sum);
	/* $r: call $r */
	mb_export(&m, "runaway", mb_func(&m, mb_type(&m, "", ""), "", BODY(0x10, 1, 0x0b)));
	mod = mb_load(&m);
	inst = instantiate(mod);

	s[0] = 10000;
	CHECK_EQ(run(inst, "sum", s, 0, 1u << 20, &used), 0);
	CHECK_EQ(s[0], 50005000);
	s[0] = 10000;
	CHECK_EQ(run(inst, "sum", s, 0, 64u << 10, &used), WASM_TRAP_STACK);
	CHECK_EQ(run(inst, "runaway", s, 0, 1u << 20, &used), WASM_TRAP_STACK);
	CHECK(used > 1000);
	CHECK_EQ(run(inst, "runaway", s, 0, 4096, &used), WASM_TRAP_STACK);
	/* usable afterwards, with any stack size */
	s[0] = 100;
	CHECK_EQ(run(inst, "sum", s, 0, 0, &used), 0);
	CHECK_EQ(s[0], 5050);
	s[0] = 3;
	CHECK_EQ(run(inst, "sum", s, 0, 256, &used), 0);
	CHECK_EQ(s[0], 6);
	/* fuel runs out before the stack does */
	CHECK_EQ(run(inst, "runaway", s, 1000, 1u << 20, &used), WASM_TRAP_FUEL);
	CHECK_EQ(used, 1000);
	wasm_instance_free(inst);
	wasm_module_free(mod);
}

TEST(globals_and_locals)
{
	struct wasm_instance *inst;
	struct wasm_module *mod;
	struct mb m;
	u64 s[2], used;

	mb_init(&m);
	mb_global(&m, 'I');
	/* local i64 (zeroed each call): global += local + arg; return global */
	mb_export(&m, "acc", mb_func(&m, mb_type(&m, "I", "I"), "I",
				     BODY(0x23, 0, 0x20, 1, 0x7c, 0x20, 0, 0x7c, 0x24, 0,
					  0x20, 1, 0x42, 5, 0x7c, 0x21, 1, 0x23, 0, 0x0b)));
	mod = mb_load(&m);
	inst = instantiate(mod);
	stateful = true;
	s[0] = 10;
	CHECK_EQ(run(inst, "acc", s, 0, 0, &used), 0);
	CHECK_EQ(s[0], 10);
	s[0] = 0xffffffffffull;
	CHECK_EQ(run(inst, "acc", s, 0, 0, &used), 0);
	CHECK_EQ(s[0], 0xffffffffffull + 10);
	CHECK_EQ(*inst->globals[0], 0xffffffffffull + 10);
	stateful = false;
	wasm_instance_free(inst);
	wasm_module_free(mod);
}
