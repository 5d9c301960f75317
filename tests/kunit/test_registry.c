// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the program registry and program lifetime (kmod/prog.c, included
 * here for its statics).  PROG_LOAD itself copies the module from user
 * memory, which a KUnit thread has none of: kt_prog_add() does what
 * prog_load() does after the copy (same steps, same lock, same IDR), then
 * the real get/put, link/unlink, PROG_UNLOAD and module-exit paths run.
 * KASAN catches a use after free, kmemleak a reference never dropped.
 */
#include "../../kmod/prog.c"

#include "wasmk_kunit.h"
#include "wasm_modules.h"

static struct wasmk_prog *kt_prog_add(struct kunit *test, const char *name,
				      const u8 *bytes, u32 len)
{
	struct wasmk_prog *p = kzalloc(sizeof(*p), GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, p);
	kref_init(&p->ref);
	strscpy(p->name, name, WASMK_NAME_LEN);
	p->rt.fuel = WASMK_FUEL_DEFAULT;
	p->rt.mem_pages = WASMK_MEM_PAGES_DEFAULT;
	p->rt.stack_bytes = WASMK_STACK_DEFAULT;
	KUNIT_ASSERT_EQ(test, wasm_module_load(bytes, len, NULL, NULL, &p->mod), 0);
	KUNIT_ASSERT_EQ(test, wasmk_rt_create(&p->rt, p->mod, NULL), 0);
	KUNIT_ASSERT_EQ(test, wasmk_events_create(p), 0);
	mutex_lock(&prog_lock);
	ret = idr_alloc_cyclic(&prog_idr, p, 1, INT_MAX, GFP_KERNEL);
	if (ret > 0) {
		p->id = ret;
		nr_progs++;
	}
	mutex_unlock(&prog_lock);
	KUNIT_ASSERT_GT(test, ret, 0);
	return p;
}

static long kt_unload(u32 id)
{
	union wasmk_karg k = { .prog_unload = { .prog_id = id } };

	return wasmk_cmd_prog_unload(&k);
}

static void get_put(struct kunit *test)
{
	struct wasmk_prog *p = kt_prog_add(test, "kt_get_put", wasm_basic, sizeof(wasm_basic));
	struct wasmk_prog *q;

	q = wasmk_prog_get(p->id);
	KUNIT_EXPECT_PTR_EQ(test, q, p);
	KUNIT_EXPECT_EQ(test, kref_read(&p->ref), 2u);
	wasmk_prog_put(q);
	KUNIT_EXPECT_EQ(test, kref_read(&p->ref), 1u);
	KUNIT_EXPECT_PTR_EQ(test, wasmk_prog_get(0), NULL);
	KUNIT_EXPECT_PTR_EQ(test, wasmk_prog_get(p->id + 1000), NULL);
	KUNIT_EXPECT_EQ(test, kt_unload(p->id), 0L);
}

static void unload_busy_while_linked(struct kunit *test)
{
	struct wasmk_prog *p = kt_prog_add(test, "kt_linked", wasm_basic, sizeof(wasm_basic));
	u32 id = p->id;

	KUNIT_ASSERT_PTR_EQ(test, wasmk_prog_link(id), p);
	KUNIT_ASSERT_PTR_EQ(test, wasmk_prog_link(id), p);
	KUNIT_EXPECT_EQ(test, p->nr_links, 2u);
	KUNIT_EXPECT_EQ(test, kt_unload(id), (long)-EBUSY);
	wasmk_prog_unlink(p);
	KUNIT_EXPECT_EQ(test, kt_unload(id), (long)-EBUSY);
	wasmk_prog_unlink(p);
	KUNIT_EXPECT_EQ(test, kref_read(&p->ref), 1u);
	KUNIT_EXPECT_EQ(test, kt_unload(id), 0L);
	KUNIT_EXPECT_EQ(test, kt_unload(id), (long)-ENOENT);
	KUNIT_EXPECT_PTR_EQ(test, wasmk_prog_get(id), NULL);
	KUNIT_EXPECT_PTR_EQ(test, wasmk_prog_link(id), NULL);
}

/* A reference taken before PROG_UNLOAD keeps the program (and its
 * per-CPU instances) alive and runnable until it is dropped.
 */
static void ref_outlives_unload(struct kunit *test)
{
	struct wasmk_prog *p = kt_prog_add(test, "kt_outlive", wasm_basic, sizeof(wasm_basic));
	u64 s[2] = { 20, 22 };
	int trap = -1;
	u8 kind;
	u32 idx;

	KUNIT_ASSERT_PTR_EQ(test, wasmk_prog_get(p->id), p);
	KUNIT_EXPECT_EQ(test, kt_unload(p->id), 0L);
	KUNIT_ASSERT_EQ(test, wasm_module_find_export(p->mod, "add", 3, &kind, &idx), 0);
	KUNIT_EXPECT_EQ(test, wasmk_rt_run(&p->rt, idx, s, NULL, &trap, NULL), 0);
	KUNIT_EXPECT_EQ(test, trap, 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 42u);
	wasmk_prog_put(p);	/* the last reference: freed here */
}

/* A program that imports emit gets an event ring, freed with it. */
static void events_ring_lifetime(struct kunit *test)
{
	struct wasmk_prog *p = kt_prog_add(test, "kt_events", wasm_host, sizeof(wasm_host));
	struct wasmk_prog *b = kt_prog_add(test, "kt_noevents", wasm_basic, sizeof(wasm_basic));
	int cpu;

	KUNIT_EXPECT_NOT_NULL(test, p->events);
	KUNIT_EXPECT_PTR_EQ(test, b->events, NULL);
	for_each_possible_cpu(cpu)
		KUNIT_EXPECT_PTR_EQ(test, per_cpu_ptr(p->rt.cpu, cpu)->events, p->events);
	KUNIT_EXPECT_EQ(test, kt_unload(p->id), 0L);
	KUNIT_EXPECT_EQ(test, kt_unload(b->id), 0L);
}

static void name_rules(struct kunit *test)
{
	char name[WASMK_NAME_LEN];

	memset(name, 0, sizeof(name));
	strscpy(name, "ok_name-1.2", sizeof(name));
	KUNIT_EXPECT_EQ(test, check_name(name, NULL), 0);
	memset(name, 0, sizeof(name));
	KUNIT_EXPECT_NE(test, check_name(name, NULL), 0);	/* empty */
	strscpy(name, "bad name", sizeof(name));
	KUNIT_EXPECT_NE(test, check_name(name, NULL), 0);
	memset(name, 'a', sizeof(name));	/* no NUL */
	KUNIT_EXPECT_NE(test, check_name(name, NULL), 0);
}

/* rmmod: every program still loaded is freed, linked or not. */
static void exit_frees_all(struct kunit *test)
{
	kt_prog_add(test, "kt_exit1", wasm_basic, sizeof(wasm_basic));
	kt_prog_add(test, "kt_exit2", wasm_host, sizeof(wasm_host));
	kt_prog_add(test, "kt_exit3", wasm_basic, sizeof(wasm_basic));
	KUNIT_EXPECT_EQ(test, nr_progs, 3u);
	wasmk_prog_exit();
	KUNIT_EXPECT_EQ(test, nr_progs, 0u);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&prog_idr));
}

static int registry_init(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, nr_progs, 0u);
	return 0;
}

static struct kunit_case registry_cases[] = {
	KUNIT_CASE(get_put),
	KUNIT_CASE(unload_busy_while_linked),
	KUNIT_CASE(ref_outlives_unload),
	KUNIT_CASE(events_ring_lifetime),
	KUNIT_CASE(name_rules),
	KUNIT_CASE(exit_frees_all),
	{}
};

static struct kunit_suite registry_suite = {
	.name = "wasmk_registry",
	.init = registry_init,
	.test_cases = registry_cases,
};
kunit_test_suites(&registry_suite);
