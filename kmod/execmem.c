// SPDX-License-Identifier: GPL-2.0
/*
 * Executable memory for compiled handlers, W^X, with exported symbols only.
 *
 * No exported symbol hands a module executable memory, so wasmk builds it
 * from its own pages (DESIGN.md, "Executable memory"):
 *   1. allocate order-0 pages and copy the code in through their linear-map
 *      addresses (read-write, never executable);
 *   2. map the same pages a second time with vmap(PAGE_KERNEL_ROX): vmap
 *      forces NX, so clear NX on that alias's 4 KiB PTEs (lookup_address)
 *      and flush the TLBs of every CPU;
 *   3. to free: set NX again, flush, vunmap, vm_unmap_aliases() (no lazy
 *      alias may survive), then free the pages.
 * The executable alias is never writable and the writable alias is never
 * executable.  Code is written before the alias exists and never after.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/set_memory.h>
#include <asm/tlbflush.h>

#include "execmem.h"

/* Largest code image, in pages (16 MiB). */
#define WASMK_EXEC_MAX_PAGES	4096

static void flush_tlb_one_cpu(void *unused)
{
	__flush_tlb_all();
}

static void flush_all_cpus(void)
{
	on_each_cpu(flush_tlb_one_cpu, NULL, 1);
}

/* Set or clear NX on every PTE of the alias; false if a PTE is not 4 KiB. */
static bool alias_set_nx(void *addr, unsigned int nr_pages, bool nx)
{
	unsigned int i, level;
	pte_t *pte;

	for (i = 0; i < nr_pages; i++) {
		pte = lookup_address((unsigned long)addr + i * PAGE_SIZE, &level);
		if (!pte || level != PG_LEVEL_4K || !pte_present(*pte))
			return false;
		if (nx)
			set_pte(pte, pte_set_flags(*pte, _PAGE_NX));
		else
			set_pte(pte, pte_clear_flags(*pte, _PAGE_NX));
	}
	return true;
}

static void free_pages_array(struct page **pages, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		__free_page(pages[i]);
	kvfree(pages);
}

struct wasmk_exec *wasmk_exec_create(const void *code, size_t len)
{
	struct wasmk_exec *x;
	unsigned int i, n;
	size_t off;

	if (!len || len > (size_t)WASMK_EXEC_MAX_PAGES * PAGE_SIZE)
		return ERR_PTR(-E2BIG);
	n = DIV_ROUND_UP(len, PAGE_SIZE);
	x = kzalloc(sizeof(*x), GFP_KERNEL);
	if (!x)
		return ERR_PTR(-ENOMEM);
	x->pages = kvcalloc(n, sizeof(*x->pages), GFP_KERNEL);
	if (!x->pages)
		goto err_x;
	for (i = 0; i < n; i++) {
		x->pages[i] = alloc_page(GFP_KERNEL);
		if (!x->pages[i])
			goto err_pages;
		x->nr_pages++;
		/* int3 everywhere the code does not reach */
		memset(page_address(x->pages[i]), 0xcc, PAGE_SIZE);
	}
	for (off = 0; off < len; off += PAGE_SIZE)
		memcpy(page_address(x->pages[off / PAGE_SIZE]), (const u8 *)code + off,
		       min_t(size_t, PAGE_SIZE, len - off));

	x->exec = vmap(x->pages, n, VM_MAP, PAGE_KERNEL_ROX);
	if (!x->exec)
		goto err_pages;
	if (!alias_set_nx(x->exec, n, false)) {
		pr_err("executable alias is not mapped with 4 KiB pages\n");
		alias_set_nx(x->exec, n, true);
		flush_all_cpus();
		vunmap(x->exec);
		vm_unmap_aliases();
		goto err_pages;
	}
	flush_all_cpus();
	x->len = len;
	return x;

err_pages:
	free_pages_array(x->pages, x->nr_pages);
err_x:
	kfree(x);
	return ERR_PTR(-ENOMEM);
}

void wasmk_exec_free(struct wasmk_exec *x)
{
	if (IS_ERR_OR_NULL(x))
		return;
	/* No CPU may execute it any more: the caller waited for that. */
	alias_set_nx(x->exec, x->nr_pages, true);
	flush_all_cpus();
	vunmap(x->exec);
	/* Purge lazily freed vmap areas: no stale executable TLB entry. */
	vm_unmap_aliases();
	free_pages_array(x->pages, x->nr_pages);
	kfree(x);
}
