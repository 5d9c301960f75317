/* SPDX-License-Identifier: GPL-2.0 */
/* W^X executable memory for compiled handlers (execmem.c). */
#ifndef WASMK_EXECMEM_H
#define WASMK_EXECMEM_H

#include <linux/types.h>

struct page;

struct wasmk_exec {
	void *exec;		/* read-only, executable alias */
	size_t len;		/* bytes of code */
	struct page **pages;	/* the pages (their linear map: RW, NX) */
	unsigned int nr_pages;
};

/*
 * Copy len bytes of position-independent code into fresh pages and map
 * them read-only and executable.  May sleep.  ERR_PTR on failure.
 */
struct wasmk_exec *wasmk_exec_create(const void *code, size_t len);
/* Unmap and free; the caller guarantees no CPU runs the code.  May sleep. */
void wasmk_exec_free(struct wasmk_exec *x);

/*
 * The JIT's hooks (jit_exec.c, x86-64 only): log the mitigations it
 * applies, debugfs wasmk/jit_last (module parameter jit_dump).
 */
#ifdef CONFIG_X86_64
void wasmk_jit_exec_init(void);
void wasmk_jit_exec_exit(void);
#else
static inline void wasmk_jit_exec_init(void) { }
static inline void wasmk_jit_exec_exit(void) { }
#endif

#endif
