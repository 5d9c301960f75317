// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module: exercises kmod/execmem.c in the running kernel.  Its
 * init returns 0 only if every check passed (each is logged), so
 * `insmod wasmk_execmem_test.ko` succeeding is the test's verdict:
 *   - code copied in runs from the executable alias and returns 42;
 *   - the executable alias is present, read-only and executable;
 *   - the linear-map alias of the same pages is writable and NX;
 *   - after free the executable alias is gone from the page tables.
 */
/* The same source as wasmk.ko, built into this test module (first, so
 * its pr_fmt is the one in force for it).
 */
#include "../../../kmod/execmem.c"

#include <linux/module.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <asm/set_memory.h>

#undef pr_fmt
#define pr_fmt(fmt) "wasmk_execmem_test: " fmt

static int failures;

#define CHECK(cond) do {						\
	if (cond) {							\
		pr_info("ok: %s\n", #cond);				\
	} else {							\
		pr_err("FAIL: %s\n", #cond);				\
		failures++;						\
	}								\
} while (0)

static bool pte_flags_of(void *addr, pteval_t *flags)
{
	unsigned int level;
	pte_t *pte = lookup_address((unsigned long)addr, &level);

	if (!pte || level != PG_LEVEL_4K || !pte_present(*pte))
		return false;
	*flags = pte_flags(*pte);
	return true;
}

static int __init execmem_test_init(void)
{
	/* mov eax, 42; ret; int3 -- on a page boundary-crossing image */
	static const u8 ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3, 0xcc };
	u8 *code = kzalloc(PAGE_SIZE + sizeof(ret42), GFP_KERNEL);
	int (*fn)(void);
	struct wasmk_exec *x;
	unsigned long addr;
	pteval_t f;

	if (!code)
		return -ENOMEM;
	memset(code, 0xcc, PAGE_SIZE);
	memcpy(code + PAGE_SIZE, ret42, sizeof(ret42));
	x = wasmk_exec_create(code, PAGE_SIZE + sizeof(ret42));
	kfree(code);
	CHECK(!IS_ERR(x));
	if (IS_ERR(x))
		return -EINVAL;
	CHECK(x->nr_pages == 2);

	CHECK(pte_flags_of(x->exec + PAGE_SIZE, &f));
	CHECK(!(f & _PAGE_RW));
	CHECK(!(f & _PAGE_NX));
	/* The linear map may use large pages: check through its PTE level. */
	{
		unsigned int level;
		pte_t *pte = lookup_address((unsigned long)page_address(x->pages[1]), &level);

		CHECK(pte && (pte_flags(*pte) & _PAGE_RW));
		CHECK(pte && (pte_flags(*pte) & _PAGE_NX));
	}

	fn = (int (*)(void))(x->exec + PAGE_SIZE);
	CHECK(fn() == 42);

	addr = (unsigned long)x->exec;
	wasmk_exec_free(x);
	{
		unsigned int level;
		pte_t *pte = lookup_address(addr, &level);

		CHECK(!pte || !pte_present(*pte));
	}
	CHECK(IS_ERR(wasmk_exec_create(ret42, 0)));

	pr_info("%s\n", failures ? "FAILED" : "all checks passed");
	return failures ? -EINVAL : 0;
}

static void __exit execmem_test_exit(void)
{
}

module_init(execmem_test_init);
module_exit(execmem_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wasmk test: W^X executable memory");
