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

const u8 *wasm_exec_user_last;
size_t wasm_exec_user_last_len;

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
	wasm_exec_user_last = p;
	wasm_exec_user_last_len = len;
	return x;
}

void *wasm_exec_addr(struct wasm_exec *x)
{
	return x->addr;
}

#if defined(WASM_JIT_RETPOLINE) && defined(WASM_JIT_RETHUNK)
#define JIT_USER_DEFAULT	(WASM_JIT_RETPOLINE_F | WASM_JIT_RETHUNK_F)
#elif defined(WASM_JIT_RETPOLINE)
#define JIT_USER_DEFAULT	WASM_JIT_RETPOLINE_F
#elif defined(WASM_JIT_RETHUNK)
#define JIT_USER_DEFAULT	WASM_JIT_RETHUNK_F
#else
#define JIT_USER_DEFAULT	0u
#endif

unsigned int wasm_jit_user_mitigations = JIT_USER_DEFAULT;

unsigned int wasm_jit_mitigations(void)
{
	return wasm_jit_user_mitigations;
}

#ifdef __x86_64__
/* The userspace "safe return" (a return thunk's shape): endbr64; ret; int3 */
void wasm_user_ret(void);
__asm__(".text\n"
	".globl wasm_user_ret\n"
	".type wasm_user_ret, @function\n"
	"wasm_user_ret:\n"
	"	.byte 0xf3, 0x0f, 0x1e, 0xfa\n"
	"	ret\n"
	"	int3\n"
	".size wasm_user_ret, . - wasm_user_ret\n");

const void *wasm_jit_ret_target(void)
{
	return (const void *)wasm_user_ret;
}
#else
const void *wasm_jit_ret_target(void)
{
	return NULL;
}
#endif

void wasm_exec_free(struct wasm_exec *x)
{
	if (!x)
		return;
	munmap(x->addr, x->size);
	wasm_free(x);
}

#endif /* !__KERNEL__ */
