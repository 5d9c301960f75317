// SPDX-License-Identifier: GPL-2.0
/*
 * exec_user.c - executable memory for the JIT in the userspace build
 * (platform.h): mmap read-write, copy, mprotect to read+exec.  The kernel
 * build gets these from kmod/jit_exec.c instead.
 */
#ifndef __KERNEL__

#include <sys/mman.h>
#include <unistd.h>

#include "platform.h"

struct wasm_exec {
	void *addr;
	size_t size;
};

struct wasm_exec *wasm_exec_alloc(const void *code, size_t len)
{
	long pg = sysconf(_SC_PAGESIZE);
	struct wasm_exec *x;
	size_t size;
	void *p;

	if (!len || pg <= 0)
		return NULL;
	size = (len + (size_t)pg - 1) & ~((size_t)pg - 1);
	x = wasm_malloc(sizeof(*x));
	if (!x)
		return NULL;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		wasm_free(x);
		return NULL;
	}
	memset(p, 0xcc, size);		/* int3 beyond the code */
	memcpy(p, code, len);
	if (mprotect(p, size, PROT_READ | PROT_EXEC)) {
		munmap(p, size);
		wasm_free(x);
		return NULL;
	}
	x->addr = p;
	x->size = size;
	return x;
}

void *wasm_exec_addr(struct wasm_exec *x)
{
	return x->addr;
}

void wasm_exec_free(struct wasm_exec *x)
{
	if (!x)
		return;
	munmap(x->addr, x->size);
	wasm_free(x);
}

#endif /* !__KERNEL__ */
