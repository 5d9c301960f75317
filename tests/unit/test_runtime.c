// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime unit tests: trap codes, import resolution errors, host functions
 * and host traps, memory.grow against the embedder's cap, instance reuse
 * after traps, start-function traps, re-entrancy, the JIT-visible layout.
 */
#include <stddef.h>

#include "unit.h"
#include "runtime.h"
#include "modbuild.h"

static struct wasm_store *store;

static struct wasm_instance *inst_of(struct wasm_module *mod,
				     const struct wasm_instance_opts *opts, int want_err,
				     char *log, unsigned int logsz)
{
	struct wasm_log l = { .buf = log, .size = logsz };
	struct wasm_instance *inst = NULL;
	int err;

	if (!store)
		store = wasm_store_new();
	err = wasm_instantiate(store, mod, opts, &l, &inst, NULL);
	CHECK_EQ(err, want_err);
	return inst;
}

static int call1(struct wasm_instance *inst, const char *name, u64 *slots, u64 fuel)
{
	struct wasm_invoke_opts o = { .fuel = fuel };
	struct wasm_invoke_result r;
	int err = wasm_invoke_export(inst, name, (union wasm_value *)slots, &o, &r);

	CHECK_EQ(err, 0);
	return r.trap;
}

TEST(trap_messages)
{
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_UNREACHABLE), "unreachable"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_MEM_OOB), "out of bounds memory access"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_DIV_ZERO), "integer divide by zero"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_INT_OVERFLOW), "integer overflow"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_INVALID_CONV), "invalid conversion to integer"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_UNDEFINED_ELEM), "undefined element"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_UNINIT_ELEM), "uninitialized element"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_INDIRECT_TYPE), "indirect call type mismatch"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_TABLE_OOB), "out of bounds table access"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_STACK), "call stack exhausted"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_FUEL), "fuel exhausted"));
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_HOST), "host function failed"));
	CHECK(!strcmp(wasm_trap_str(99), "unknown trap"));
	CHECK_EQ(WASM_TRAP_COUNT, 14);
	CHECK(!strcmp(wasm_trap_str(WASM_TRAP_DEADLINE), "run time limit exceeded"));
}

TEST(jit_visible_layout)
{
	CHECK_EQ(offsetof(struct wasm_instance, memory), WASM_INST_OFF_MEMORY);
	CHECK_EQ(offsetof(struct wasm_instance, globals), WASM_INST_OFF_GLOBALS);
	CHECK_EQ(offsetof(struct wasm_instance, funcs), WASM_INST_OFF_FUNCS);
	CHECK_EQ(offsetof(struct wasm_instance, tables), WASM_INST_OFF_TABLES);
	CHECK_EQ(offsetof(struct wasm_instance, type_ids), WASM_INST_OFF_TYPE_IDS);
	CHECK_EQ(offsetof(struct wasm_instance, fuel), WASM_INST_OFF_FUEL);
	CHECK_EQ(offsetof(struct wasm_instance, stack_limit), WASM_INST_OFF_STACK_LIMIT);
	CHECK_EQ(offsetof(struct wasm_instance, trap_sp), WASM_INST_OFF_TRAP_SP);
	CHECK_EQ(offsetof(struct wasm_meminst, base), 0);
	CHECK_EQ(offsetof(struct wasm_meminst, size), 8);
	CHECK_EQ(offsetof(struct wasm_tableinst, elems), 0);
	CHECK_EQ(offsetof(struct wasm_tableinst, size), 8);
	CHECK_EQ(offsetof(struct wasm_globalinst, value), 0);
	CHECK_EQ(sizeof(union wasm_value), 8);
}

TEST(unknown_import_named)
{
	struct mb m;
	struct wasm_module *mod;
	char log[256] = "";

	mb_init(&m);
	mb_import_func(&m, "env", "foo", mb_type(&m, "", ""));
	mod = mb_load(&m);
	CHECK(mod);
	CHECK(!inst_of(mod, NULL, -WASM_ELINK, log, sizeof(log)));
	CHECK_STR_CONTAINS(log, "unknown import env.foo");
	wasm_module_free(mod);
}

static int host_add(struct wasm_instance *inst, void *data, u64 *s)
{
	int *calls = data;

	(*calls)++;
	if ((u32)s[0] == 13)
		return WASM_TRAP_HOST;
	if ((u32)s[0] == 14)
		return -5;		/* any other failure is WASM_TRAP_HOST too */
	s[0] = (u32)s[0] + (u32)s[1];
	return 0;
}

static const u8 ii[] = { WASM_TYPE_I32, WASM_TYPE_I32 };

TEST(incompatible_import_type)
{
	struct wasm_host_func hf = { "env", "add", ii, ii, 2, 2, host_add, NULL };
	struct wasm_instance_opts o = { .host_funcs = &hf, .nhost_funcs = 1 };
	struct mb m;
	struct wasm_module *mod;
	char log[256] = "";

	mb_init(&m);
	mb_import_func(&m, "env", "add", mb_type(&m, "ii", "i"));
	mod = mb_load(&m);
	CHECK(!inst_of(mod, &o, -WASM_ELINK, log, sizeof(log)));
	CHECK_STR_CONTAINS(log, "incompatible import type for env.add");
	wasm_module_free(mod);
}

TEST(host_call_and_host_trap)
{
	int calls = 0;
	struct wasm_host_func hf = { "env", "add", ii, ii + 1, 2, 1, host_add, &calls };
	struct wasm_instance_opts o = { .host_funcs = &hf, .nhost_funcs = 1 };
	struct wasm_instance *inst;
	struct wasm_module *mod;
	struct mb m;
	u32 t, f;
	u64 s[2];

	mb_init(&m);
	t = mb_type(&m, "ii", "i");
	mb_import_func(&m, "env", "add", t);
	/* (local.get 0) (local.get 1) (call 0) (i32.const 1) (i32.add) */
	f = mb_func(&m, t, "", BODY(0x20, 0, 0x20, 1, 0x10, 0, 0x41, 1, 0x6a, 0x0b));
	mb_export(&m, "f", f);
	mb_export(&m, "host", 0);
	mod = mb_load(&m);
	inst = inst_of(mod, &o, 0, NULL, 0);
	CHECK(inst);
	s[0] = 40;
	s[1] = 1;
	CHECK_EQ(call1(inst, "f", s, 0), 0);
	CHECK_EQ(s[0], 42);
	s[0] = 13;
	CHECK_EQ(call1(inst, "f", s, 0), WASM_TRAP_HOST);
	s[0] = 14;
	CHECK_EQ(call1(inst, "f", s, 0), WASM_TRAP_HOST);
	/* usable after the trap; an exported import is callable directly */
	s[0] = 2;
	s[1] = 3;
	CHECK_EQ(call1(inst, "f", s, 0), 0);
	CHECK_EQ(s[0], 6);
	s[0] = 2;
	s[1] = 3;
	CHECK_EQ(call1(inst, "host", s, 0), 0);
	CHECK_EQ(s[0], 5);
	CHECK_EQ(calls, 5);
	wasm_instance_free(inst);
	wasm_module_free(mod);
}

TEST(memory_grow_cap)
{
	struct wasm_instance_opts o = { .max_pages = 3 };
	struct wasm_instance *inst;
	struct wasm_module *mod;
	struct mb m;
	u32 t;
	u64 s[1];

	mb_init(&m);
	mb_memory(&m, 1, -1);		/* no declared maximum */
	t = mb_type(&m, "i", "i");
	mb_export(&m, "grow", mb_func(&m, t, "", BODY(0x20, 0, 0x40, 0, 0x0b)));
	/* i32.load (local.get 0) */
	mb_export(&m, "load", mb_func(&m, t, "", BODY(0x20, 0, 0x28, 2, 0, 0x0b)));
	mod = mb_load(&m);
	inst = inst_of(mod, &o, 0, NULL, 0);
	CHECK(inst);
	CHECK_EQ(inst->memory->max_pages, 3);
	s[0] = 0x20000;
	CHECK_EQ(call1(inst, "load", s, 0), WASM_TRAP_MEM_OOB);
	s[0] = 1;
	CHECK_EQ(call1(inst, "grow", s, 0), 0);
	CHECK_EQ((u32)s[0], 1);
	s[0] = 0x1fffc;
	CHECK_EQ(call1(inst, "load", s, 0), 0);
	CHECK_EQ((u32)s[0], 0);
	s[0] = 2;		/* 2 + 2 > 3 */
	CHECK_EQ(call1(inst, "grow", s, 0), 0);
	CHECK_EQ((u32)s[0], 0xffffffffu);
	s[0] = 1;
	CHECK_EQ(call1(inst, "grow", s, 0), 0);
	CHECK_EQ((u32)s[0], 2);
	s[0] = 1;
	CHECK_EQ(call1(inst, "grow", s, 0), 0);
	CHECK_EQ((u32)s[0], 0xffffffffu);
	CHECK_EQ(inst->memory->pages, 3);
	s[0] = 0;
	CHECK_EQ(call1(inst, "grow", s, 0), 0);
	CHECK_EQ((u32)s[0], 3);
	wasm_instance_free(inst);
	wasm_module_free(mod);
}

TEST(memory_min_above_cap)
{
	struct wasm_instance_opts o = { .max_pages = 4 };
	struct wasm_module *mod;
	struct mb m;
	char log[256] = "";

	mb_init(&m);
	mb_memory(&m, 5, -1);
	mod = mb_load(&m);
	CHECK(!inst_of(mod, &o, -WASM_ELIMIT, log, sizeof(log)));
	CHECK_STR_CONTAINS(log, "exceeds the cap");
	wasm_module_free(mod);
}

TEST(reuse_after_trap)
{
	struct wasm_instance *inst;
	struct wasm_module *mod;
	struct mb m;
	u64 s[2];
	int i;

	mb_init(&m);
	mb_export(&m, "div", mb_func(&m, mb_type(&m, "ii", "i"), "",
				     BODY(0x20, 0, 0x20, 1, 0x6d, 0x0b)));
	mod = mb_load(&m);
	inst = inst_of(mod, NULL, 0, NULL, 0);
	for (i = 0; i < 3; i++) {
		s[0] = 7;
		s[1] = 0;
		CHECK_EQ(call1(inst, "div", s, 0), WASM_TRAP_DIV_ZERO);
		s[0] = 0x80000000u;
		s[1] = 0xffffffffu;
		CHECK_EQ(call1(inst, "div", s, 0), WASM_TRAP_INT_OVERFLOW);
		s[0] = 12;
		s[1] = 3;
		CHECK_EQ(call1(inst, "div", s, 0), 0);
		CHECK_EQ(s[0], 4);
	}
	/* i32 arguments with garbage upper bits are truncated */
	s[0] = 0xdead00000000000cull;
	s[1] = 0xbeef000000000003ull;
	CHECK_EQ(call1(inst, "div", s, 0), 0);
	CHECK_EQ(s[0], 4);
	wasm_instance_free(inst);
	wasm_module_free(mod);
}

TEST(start_trap_fails_instantiation)
{
	struct wasm_instance *inst = NULL;
	struct wasm_module *mod;
	struct mb m;
	char buf[256] = "";
	struct wasm_log log = { .buf = buf, .size = sizeof(buf) };
	int trap = 0;

	mb_init(&m);
	mb_start(&m, mb_func(&m, mb_type(&m, "", ""), "", BODY(0x00, 0x0b)));
	mod = mb_load(&m);
	if (!store)
		store = wasm_store_new();
	CHECK_EQ(wasm_instantiate(store, mod, NULL, &log, &inst, &trap), -WASM_ETRAP);
	CHECK_EQ(trap, WASM_TRAP_UNREACHABLE);
	CHECK_STR_CONTAINS(buf, "start function trapped: unreachable");
	CHECK(inst);		/* handed out anyway (see runtime.h) */
	wasm_instance_free(inst);
	wasm_module_free(mod);
}

static int host_reenter(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasm_invoke_result r;
	u64 slots[1] = { 0 };

	/* re-entering the calling instance is refused */
	s[0] = (u32)wasm_invoke(inst, 1, (union wasm_value *)slots, NULL, &r);
	return 0;
}

TEST(reentry_refused)
{
	struct wasm_host_func hf = { "env", "h", NULL, ii, 0, 1, host_reenter, NULL };
	struct wasm_instance_opts o = { .host_funcs = &hf, .nhost_funcs = 1 };
	struct wasm_instance *inst;
	struct wasm_module *mod;
	struct mb m;
	u32 t;
	u64 s[1];

	mb_init(&m);
	t = mb_type(&m, "", "i");
	mb_import_func(&m, "env", "h", t);
	mb_export(&m, "f", mb_func(&m, t, "", BODY(0x10, 0, 0x0b)));
	mod = mb_load(&m);
	inst = inst_of(mod, &o, 0, NULL, 0);
	CHECK_EQ(call1(inst, "f", s, 0), 0);
	CHECK_EQ((s32)s[0], -WASM_EBUSY);
	wasm_instance_free(inst);
	wasm_module_free(mod);
}

TEST(invoke_errors)
{
	struct wasm_invoke_opts jit = { .tier = WASM_TIER_JIT };
	struct wasm_invoke_result r;
	struct wasm_instance *inst;
	struct wasm_module *mod;
	struct mb m;
	u64 s[1] = { 0 };

	mb_init(&m);
	mb_export(&m, "f", mb_func(&m, mb_type(&m, "", ""), "", BODY(0x0b)));
	mod = mb_load(&m);
	inst = inst_of(mod, NULL, 0, NULL, 0);
	CHECK_EQ(wasm_invoke_export(inst, "nope", (union wasm_value *)s, NULL, &r),
		 -WASM_ENOTFOUND);
	CHECK_EQ(wasm_invoke(inst, 7, (union wasm_value *)s, NULL, &r), -WASM_ENOTFOUND);
	/* no JIT code compiled for this instance */
	CHECK_EQ(wasm_invoke(inst, 0, (union wasm_value *)s, &jit, &r), -WASM_ENOJIT);
	CHECK_EQ(wasm_invoke(inst, 0, (union wasm_value *)s, NULL, &r), 0);
	CHECK_EQ(r.trap, 0);
	CHECK_EQ(r.fuel_used, 1);	/* the one run [end] */
	wasm_instance_free(inst);
	wasm_module_free(mod);
}

__attribute__((destructor)) static void free_store(void)
{
	wasm_store_free(store);
}
