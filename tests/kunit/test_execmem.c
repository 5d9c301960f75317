// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: executable memory (kmod/execmem.c) - the executable alias is
 * read-only and executable, the linear alias of the same pages is NX,
 * freeing unmaps; and the JIT's code really lives in such an alias.
 */
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/pgtable.h>
#include <asm/set_memory.h>

#include "execmem.h"
#include "wasmk_kunit.h"
#include "wasm_modules.h"

/* mov eax, 42; ret */
static const u8 ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };

static bool pte_flags_of(const void *addr, pteval_t *flags, unsigned int *level)
{
	pte_t *pte = lookup_address((unsigned long)addr, level);

	if (!pte || !pte_present(*pte))
		return false;
	*flags = pte_flags(*pte);
	return true;
}

static struct wasmk_exec *make_two_pages(struct kunit *test)
{
	u8 *code = kunit_kzalloc(test, PAGE_SIZE + sizeof(ret42), GFP_KERNEL);
	struct wasmk_exec *x;

	KUNIT_ASSERT_NOT_NULL(test, code);
	memset(code, 0xcc, PAGE_SIZE);
	memcpy(code + PAGE_SIZE, ret42, sizeof(ret42));
	x = wasmk_exec_create(code, PAGE_SIZE + sizeof(ret42));
	KUNIT_ASSERT_FALSE(test, IS_ERR(x));
	return x;
}

static void exec_alias_rox(struct kunit *test)
{
	struct wasmk_exec *x = make_two_pages(test);
	unsigned int i, level;
	int (*fn)(void);
	pteval_t f;

	KUNIT_EXPECT_EQ(test, x->nr_pages, 2u);
	for (i = 0; i < x->nr_pages; i++) {
		KUNIT_ASSERT_TRUE(test, pte_flags_of(x->exec + i * PAGE_SIZE, &f, &level));
		KUNIT_EXPECT_EQ(test, level, (unsigned int)PG_LEVEL_4K);
		KUNIT_EXPECT_FALSE(test, f & _PAGE_RW);
		KUNIT_EXPECT_FALSE(test, f & _PAGE_NX);
	}
	/* the bytes past the code are int3 */
	KUNIT_EXPECT_EQ(test, ((u8 *)x->exec)[PAGE_SIZE + sizeof(ret42)], 0xcc);
	fn = (int (*)(void))(x->exec + PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, fn(), 42);
	wasmk_exec_free(x);
}

static void linear_alias_nx(struct kunit *test)
{
	struct wasmk_exec *x = make_two_pages(test);
	unsigned int i, level;
	pteval_t f;

	for (i = 0; i < x->nr_pages; i++) {
		KUNIT_ASSERT_TRUE(test, pte_flags_of(page_address(x->pages[i]), &f, &level));
		KUNIT_EXPECT_TRUE(test, f & _PAGE_RW);
		KUNIT_EXPECT_TRUE(test, f & _PAGE_NX);
	}
	wasmk_exec_free(x);
}

static void free_unmaps(struct kunit *test)
{
	struct wasmk_exec *x = make_two_pages(test);
	unsigned long addr = (unsigned long)x->exec;
	unsigned int level;
	pteval_t f;

	wasmk_exec_free(x);
	KUNIT_EXPECT_FALSE(test, pte_flags_of((void *)addr, &f, &level));
	KUNIT_EXPECT_FALSE(test, pte_flags_of((void *)addr + PAGE_SIZE, &f, &level));
}

static void bad_sizes(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, IS_ERR(wasmk_exec_create(ret42, 0)));
	KUNIT_EXPECT_TRUE(test, IS_ERR(wasmk_exec_create(ret42, (4096ul + 1) * PAGE_SIZE)));
	wasmk_exec_free(NULL);
	wasmk_exec_free(ERR_PTR(-ENOMEM));
}

/* Many create/free cycles: no leak (kmemleak), no stale alias. */
static void churn(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < 200; i++) {
		struct wasmk_exec *x = wasmk_exec_create(ret42, sizeof(ret42) + (i % 3) * PAGE_SIZE);

		KUNIT_ASSERT_FALSE(test, IS_ERR(x));
		KUNIT_EXPECT_EQ(test, ((int (*)(void))x->exec)(), 42);
		wasmk_exec_free(x);
	}
}

/* The JIT's function entries are in read-only executable kernel memory. */
static void jit_code_rox(struct kunit *test)
{
	struct kt_inst k;
	unsigned int level;
	pteval_t f;
	u32 i, n;

	kt_instantiate(test, &k, wasm_basic, sizeof(wasm_basic), true, NULL, 0);
	n = wasm_module_num_funcs(k.mod);
	KUNIT_EXPECT_GT(test, n, 0u);
	for (i = 0; i < n; i++) {
		const void *code = k.inst->funcs[i]->code;

		KUNIT_ASSERT_NOT_NULL(test, code);
		KUNIT_ASSERT_TRUE(test, pte_flags_of(code, &f, &level));
		KUNIT_EXPECT_FALSE(test, f & _PAGE_RW);
		KUNIT_EXPECT_FALSE(test, f & _PAGE_NX);
		KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(code));
	}
	kt_free(&k);
}

static struct kunit_case execmem_cases[] = {
	KUNIT_CASE(exec_alias_rox),
	KUNIT_CASE(linear_alias_nx),
	KUNIT_CASE(free_unmaps),
	KUNIT_CASE(bad_sizes),
	KUNIT_CASE(churn),
	KUNIT_CASE(jit_code_rox),
	{}
};

static struct kunit_suite execmem_suite = {
	.name = "wasmk_execmem",
	.test_cases = execmem_cases,
};
kunit_test_suites(&execmem_suite);
