// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the engine in kernel context, on both tiers - decode, validate,
 * instantiate, invoke, every trap kind, fuel, and the stack limit on a
 * real kernel stack.
 */
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/string.h>
#include <asm/fpu/api.h>

#include "wasmk_kunit.h"
#include "wasm_modules.h"

/* ---- helpers shared with the other suites ------------------------------- */

void kt_instantiate(struct kunit *test, struct kt_inst *k, const u8 *bytes, u32 len,
		    bool jit, const struct wasm_host_func *hf, u32 nhf)
{
	char *buf = kunit_kzalloc(test, 512, GFP_KERNEL);
	struct wasm_log log = { .buf = buf, .size = 512 };
	struct wasm_instance_opts o = {
		.host_funcs = hf, .nhost_funcs = nhf, .stack_bytes = 16384,
	};
	int err, trap = 0;

	memset(k, 0, sizeof(*k));
	k->jit = jit;
	err = wasm_module_load(bytes, len, NULL, &log, &k->mod);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "load: %s", buf);
	k->fl = wasm_module_uses_float(k->mod);
	k->store = wasm_store_new();
	KUNIT_ASSERT_NOT_NULL(test, k->store);
	err = wasm_instantiate(k->store, k->mod, &o, &log, &k->inst, &trap);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "instantiate: %s", buf);
	if (jit) {
		KUNIT_ASSERT_TRUE(test, wasm_jit_available());
		err = wasm_jit_compile(k->inst, &log);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "jit: %s", buf);
	}
}

void kt_free(struct kt_inst *k)
{
	if (k->inst)
		wasm_instance_free(k->inst);
	if (k->store)
		wasm_store_free(k->store);
	if (k->mod)
		wasm_module_free(k->mod);
	memset(k, 0, sizeof(*k));
}

int kt_call(struct kunit *test, struct kt_inst *k, const char *name, u64 *slots,
	    u64 fuel, u32 stack_bytes, u64 *fuel_used)
{
	struct wasm_invoke_opts o = {
		.fuel = fuel,
		.stack_bytes = stack_bytes ? stack_bytes : 4096,
		.tier = k->jit ? WASM_TIER_JIT : WASM_TIER_INTERP,
	};
	struct wasm_invoke_result res = {};
	int err;

	if (k->fl)
		kernel_fpu_begin();
	err = wasm_invoke_export(k->inst, name, (union wasm_value *)slots, &o, &res);
	if (k->fl)
		kernel_fpu_end();
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "invoke %s", name);
	if (fuel_used)
		*fuel_used = res.fuel_used;
	return err ? -1 : res.trap;
}

/* ---- decode / validate ----------------------------------------------------- */

static const struct {
	const char *name;
	const u8 *bytes;
	u32 len;
} all_modules[] = {
	{ "basic", wasm_basic, sizeof(wasm_basic) },
	{ "traps", wasm_traps, sizeof(wasm_traps) },
	{ "host", wasm_host, sizeof(wasm_host) },
};

static void load_valid(struct kunit *test)
{
	struct wasm_module *m;
	unsigned int i;
	u8 kind;
	u32 idx;

	for (i = 0; i < ARRAY_SIZE(all_modules); i++) {
		KUNIT_EXPECT_EQ_MSG(test, wasm_module_load(all_modules[i].bytes, all_modules[i].len,
							   NULL, NULL, &m), 0,
				    "%s", all_modules[i].name);
		if (m)
			wasm_module_free(m);
	}
	KUNIT_ASSERT_EQ(test, wasm_module_load(wasm_basic, sizeof(wasm_basic), NULL, NULL, &m), 0);
	KUNIT_EXPECT_EQ(test, wasm_module_find_export(m, "fib", 3, &kind, &idx), 0);
	KUNIT_EXPECT_EQ(test, kind, (u8)WASM_EXTERN_FUNC);
	KUNIT_EXPECT_EQ(test, wasm_module_find_export(m, "nope", 4, &kind, &idx),
			-WASM_EINVALID);
	KUNIT_EXPECT_FALSE(test, wasm_module_uses_float(m));
	wasm_module_free(m);
}

static void load_malformed(struct kunit *test)
{
	static const u8 bad_magic[] = { 0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00 };
	static const u8 bad_version[] = { 0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00 };
	/* type section claiming 0x7f bytes that are not there */
	static const u8 bad_len[] = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x7f, 0x01 };
	char buf[128];
	struct wasm_log log = { .buf = buf, .size = sizeof(buf) };
	struct wasm_module *m = (void *)1;

	KUNIT_EXPECT_EQ(test, wasm_module_load(bad_magic, sizeof(bad_magic), NULL, &log, &m),
			-WASM_EMALFORMED);
	KUNIT_EXPECT_PTR_EQ(test, m, NULL);
	KUNIT_EXPECT_GT(test, log.len, 0u);
	KUNIT_EXPECT_EQ(test, wasm_module_load(bad_version, sizeof(bad_version), NULL, NULL, &m),
			-WASM_EMALFORMED);
	KUNIT_EXPECT_EQ(test, wasm_module_load(bad_len, sizeof(bad_len), NULL, NULL, &m),
			-WASM_EMALFORMED);
	KUNIT_EXPECT_EQ(test, wasm_module_load(bad_magic, 0, NULL, NULL, &m), -WASM_EMALFORMED);
}

static void load_invalid(struct kunit *test)
{
	char buf[256];
	struct wasm_log log = { .buf = buf, .size = sizeof(buf) };
	struct wasm_module *m;

	KUNIT_EXPECT_EQ(test, wasm_module_load(wasm_invalid, sizeof(wasm_invalid), NULL, &log, &m),
			-WASM_EINVALID);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "type mismatch"));
}

/* Every strict prefix of a module is refused or (at a section boundary)
 * a smaller valid module; in a heap buffer of exactly that size, so KASAN
 * sees any read past the end.
 */
static void load_truncated(struct kunit *test)
{
	unsigned int i, n, refused = 0;
	struct wasm_module *m;

	for (i = 0; i < ARRAY_SIZE(all_modules); i++) {
		for (n = 0; n < all_modules[i].len; n++) {
			u8 *b = kmemdup(all_modules[i].bytes, n ? n : 1, GFP_KERNEL);
			int err;

			KUNIT_ASSERT_NOT_NULL(test, b);
			err = wasm_module_load(b, n, NULL, NULL, &m);
			kfree(b);
			if (err) {
				KUNIT_EXPECT_TRUE(test, err == -WASM_EMALFORMED ||
						  err == -WASM_EINVALID);
				refused++;
			} else {
				wasm_module_free(m);
			}
		}
	}
	KUNIT_EXPECT_GT(test, refused, 100u);
}

static int fail_host(struct wasm_instance *inst, void *data, u64 *s)
{
	return 99;	/* not a trap code: WASM_TRAP_HOST */
}

static const struct wasm_host_func test_host[] = {
	{ .module = "test", .name = "fail", .fn = fail_host },
};

/* Random byte flips: load (and instantiate what validates) must not crash. */
static void load_mutated(struct kunit *test)
{
	struct rnd_state rs;
	unsigned int i, loaded = 0;

	prandom_seed_state(&rs, 0x7761736d);
	for (i = 0; i < 3000; i++) {
		const typeof(all_modules[0]) *src = &all_modules[i % ARRAY_SIZE(all_modules)];
		u8 *b = kmemdup(src->bytes, src->len, GFP_KERNEL);
		struct wasm_instance_opts o = {
			.host_funcs = test_host, .nhost_funcs = 1, .max_pages = 4,
			.start_fuel = 10000,
		};
		struct wasm_instance *inst = NULL;
		struct wasm_store *s;
		struct wasm_module *m;
		int k, trap;

		KUNIT_ASSERT_NOT_NULL(test, b);
		for (k = 0; k < 1 + (int)(prandom_u32_state(&rs) % 3); k++)
			b[8 + prandom_u32_state(&rs) % (src->len - 8)] ^=
				1 << (prandom_u32_state(&rs) % 8);
		if (!wasm_module_load(b, src->len, NULL, NULL, &m)) {
			loaded++;
			s = wasm_store_new();
			KUNIT_ASSERT_NOT_NULL(test, s);
			wasm_instantiate(s, m, &o, NULL, &inst, &trap);
			if (inst)	/* also set when a segment or start trapped */
				wasm_instance_free(inst);
			wasm_store_free(s);
			wasm_module_free(m);
		}
		kfree(b);
	}
	kunit_info(test, "%u of 3000 mutants validated", loaded);
}

/* ---- invoke, on each tier ------------------------------------------------- */

static const bool tiers[] = { false, true };

static void tier_desc(const bool *jit, char *desc)
{
	strscpy(desc, *jit ? "jit" : "interp", KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(tier, tiers, tier_desc);

static bool param_jit(struct kunit *test)
{
	return *(const bool *)test->param_value;
}

static void invoke_basic(struct kunit *test)
{
	struct kt_inst k;
	u64 s[2];

	kt_instantiate(test, &k, wasm_basic, sizeof(wasm_basic), param_jit(test), NULL, 0);
	s[0] = 2; s[1] = 3;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "add", s, 0, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 5u);
	s[0] = 0xffffffff; s[1] = 1;
	kt_call(test, &k, "add", s, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0u);
	s[0] = 20;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "fib", s, 0, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, s[0], 6765ull);
	s[0] = 16; s[1] = 5;
	kt_call(test, &k, "sum", s, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, (u32)s[0], (u32)('w' + 'a' + 's' + 'm' + 'k'));
	kt_call(test, &k, "bump", s, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 8u);
	kt_call(test, &k, "bump", s, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 9u);
	s[0] = 1;
	kt_call(test, &k, "grow", s, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 1u);
	kt_call(test, &k, "size", s, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 2u);
	s[0] = 10;	/* beyond the declared max of 4 */
	kt_call(test, &k, "grow", s, 0, 0, NULL);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0xffffffffu);
	/* the grown page is usable: sum over the end of the old memory */
	s[0] = 65536 - 2; s[1] = 4;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "sum", s, 0, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0u);
	s[0] = 100;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "deep", s, 0, 16384, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 100u);
	kt_free(&k);
}

static void invoke_traps(struct kunit *test)
{
	struct kt_inst k;
	u64 s[3];

	kt_instantiate(test, &k, wasm_traps, sizeof(wasm_traps), param_jit(test), test_host, 1);
	KUNIT_EXPECT_TRUE(test, k.fl);
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "unreachable", s, 0, 0, NULL),
			WASM_TRAP_UNREACHABLE);
	s[0] = 65532;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "mem_oob", s, 0, 0, NULL), 0);
	s[0] = 65533;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "mem_oob", s, 0, 0, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 0xffffffff;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "mem_oob", s, 0, 0, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 65529;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "mem_oob_store", s, 0, 0, NULL),
			WASM_TRAP_MEM_OOB);
	s[0] = 7; s[1] = 0;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "div_zero", s, 0, 0, NULL), WASM_TRAP_DIV_ZERO);
	s[0] = 7; s[1] = 0;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "rem_zero", s, 0, 0, NULL), WASM_TRAP_DIV_ZERO);
	s[0] = 0x80000000; s[1] = 0xffffffff;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "int_overflow", s, 0, 0, NULL),
			WASM_TRAP_INT_OVERFLOW);
	s[0] = 0x7ff8000000000000ull;	/* NaN */
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "invalid_conv", s, 0, 0, NULL),
			WASM_TRAP_INVALID_CONV);
	s[0] = 0x41e0000000000000ull;	/* 2^31 */
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "invalid_conv", s, 0, 0, NULL),
			WASM_TRAP_INT_OVERFLOW);
	s[0] = 0;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "call_ind", s, 0, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 1u);
	s[0] = 1;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "call_ind", s, 0, 0, NULL),
			WASM_TRAP_INDIRECT_TYPE);
	s[0] = 2;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "call_ind", s, 0, 0, NULL),
			WASM_TRAP_UNINIT_ELEM);
	s[0] = 4;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "call_ind", s, 0, 0, NULL),
			WASM_TRAP_UNDEFINED_ELEM);
	s[0] = 0xffffffff;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "call_ind", s, 0, 0, NULL),
			WASM_TRAP_UNDEFINED_ELEM);
	s[0] = 4;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "table_get", s, 0, 0, NULL),
			WASM_TRAP_TABLE_OOB);
	s[0] = 65536; s[1] = 0; s[2] = 0;	/* n == 0 at the end: fine */
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "fill", s, 0, 0, NULL), 0);
	s[0] = 65535; s[1] = 0; s[2] = 2;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "fill", s, 0, 0, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 1; s[1] = 0; s[2] = 0xffffffff;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "fill", s, 0, 0, NULL), WASM_TRAP_MEM_OOB);
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "recurse", s, 0, 0, NULL), WASM_TRAP_STACK);
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "forever", s, 1000, 0, NULL), WASM_TRAP_FUEL);
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "host_fail", s, 0, 0, NULL), WASM_TRAP_HOST);
	/* the instance is still usable after all that */
	s[0] = 0;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "call_ind", s, 0, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 1u);
	kt_free(&k);
}

static void invoke_fuel(struct kunit *test)
{
	struct kt_inst k;
	u64 s[1], used = 0;

	kt_instantiate(test, &k, wasm_basic, sizeof(wasm_basic), param_jit(test), NULL, 0);
	/* runtime.h's example: [loop] 1 + [local.get br_if] 2 + [end] 1 + [end] 1 */
	s[0] = 0;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "spin", s, 0, 0, &used), 0);
	KUNIT_EXPECT_EQ(test, used, 5ull);
	s[0] = 0;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "spin", s, 5, 0, &used), 0);
	s[0] = 0;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "spin", s, 4, 0, &used), WASM_TRAP_FUEL);
	KUNIT_EXPECT_LE(test, used, 4ull);
	/* forever: 1 for the loop, then 2 per iteration */
	s[0] = 1;
	KUNIT_EXPECT_EQ(test, kt_call(test, &k, "spin", s, 100000, 0, &used), WASM_TRAP_FUEL);
	KUNIT_EXPECT_EQ(test, used, 99999ull);
	kt_free(&k);
}

/*
 * The stack limit on the real kernel stack (this kthread's): unbounded
 * recursion traps STACK instead of running off the stack (which would be
 * a guard-page oops), for several budgets.
 */
static void invoke_stack(struct kunit *test)
{
	static const u32 budgets[] = { 1024, 4096, 8192 };
	struct kt_inst k;
	unsigned int i;
	u64 s[1];

	kt_instantiate(test, &k, wasm_basic, sizeof(wasm_basic), param_jit(test), NULL, 0);
	for (i = 0; i < ARRAY_SIZE(budgets); i++) {
		u32 lo = 0, hi = 100000;

		/* the deepest recursion that fits: at least a few frames */
		while (lo < hi) {
			u32 mid = (lo + hi + 1) / 2;

			s[0] = mid;
			if (kt_call(test, &k, "deep", s, 0, budgets[i], NULL) == 0)
				lo = mid;
			else
				hi = mid - 1;
		}
		kunit_info(test, "%s: %u bytes of stack hold %u nested calls",
			   k.jit ? "jit" : "interp", budgets[i], lo);
		KUNIT_EXPECT_GE(test, lo, budgets[i] / 256);
		s[0] = 1000000;
		KUNIT_EXPECT_EQ_MSG(test, kt_call(test, &k, "deep", s, 0, budgets[i], NULL),
				    WASM_TRAP_STACK, "budget %u", budgets[i]);
		s[0] = 10;
		KUNIT_EXPECT_EQ(test, kt_call(test, &k, "deep", s, 0, budgets[i], NULL), 0);
		KUNIT_EXPECT_EQ(test, (u32)s[0], 10u);
	}
	kt_free(&k);
}

/* Both tiers agree on values, traps and fuel. */
static void tiers_agree(struct kunit *test)
{
	struct kt_inst a, b;
	u64 sa[2], sb[2], ua, ub;
	u32 n;

	kt_instantiate(test, &a, wasm_basic, sizeof(wasm_basic), false, NULL, 0);
	kt_instantiate(test, &b, wasm_basic, sizeof(wasm_basic), true, NULL, 0);
	for (n = 0; n < 25; n += 3) {
		sa[0] = sb[0] = n;
		KUNIT_EXPECT_EQ(test, kt_call(test, &a, "fib", sa, 0, 0, &ua),
				kt_call(test, &b, "fib", sb, 0, 0, &ub));
		KUNIT_EXPECT_EQ(test, sa[0], sb[0]);
		KUNIT_EXPECT_EQ(test, ua, ub);
		sa[0] = sb[0] = n;
		KUNIT_EXPECT_EQ(test, kt_call(test, &a, "fib", sa, 50 * n, 0, &ua),
				kt_call(test, &b, "fib", sb, 50 * n, 0, &ub));
		KUNIT_EXPECT_EQ(test, ua, ub);
	}
	kt_free(&a);
	kt_free(&b);
}

static void instantiate_errors(struct kunit *test)
{
	char buf[256];
	struct wasm_log log = { .buf = buf, .size = sizeof(buf) };
	struct wasm_instance_opts o = { .max_pages = 1 };
	struct wasm_instance *inst = NULL;
	struct wasm_store *s;
	struct wasm_module *m;
	int trap = 0, err;

	/* unknown import */
	KUNIT_ASSERT_EQ(test, wasm_module_load(wasm_traps, sizeof(wasm_traps), NULL, NULL, &m), 0);
	s = wasm_store_new();
	KUNIT_ASSERT_NOT_NULL(test, s);
	err = wasm_instantiate(s, m, &o, &log, &inst, &trap);
	KUNIT_EXPECT_EQ(test, err, -WASM_ELINK);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "test"));
	if (inst)
		wasm_instance_free(inst);
	wasm_store_free(s);
	wasm_module_free(m);
}

static struct kunit_case engine_cases[] = {
	KUNIT_CASE(load_valid),
	KUNIT_CASE(load_malformed),
	KUNIT_CASE(load_invalid),
	KUNIT_CASE(load_truncated),
	KUNIT_CASE(load_mutated),
	KUNIT_CASE(instantiate_errors),
	KUNIT_CASE_PARAM(invoke_basic, tier_gen_params),
	KUNIT_CASE_PARAM(invoke_traps, tier_gen_params),
	KUNIT_CASE_PARAM(invoke_fuel, tier_gen_params),
	KUNIT_CASE_PARAM(invoke_stack, tier_gen_params),
	KUNIT_CASE(tiers_agree),
	{}
};

static struct kunit_suite engine_suite = {
	.name = "wasmk_engine",
	.test_cases = engine_cases,
};
kunit_test_suites(&engine_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wasmk KUnit suites (debug kernel only)");
