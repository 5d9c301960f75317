/* SPDX-License-Identifier: GPL-2.0 */
/*
 * platform.h - the one engine header that knows where it is compiled.
 *
 * Inside the kernel (__KERNEL__) it maps onto kernel headers; in userspace
 * onto libc.  Everything else in kmod/engine/ includes only this header
 * (plus other engine headers) and is freestanding C: no floating point
 * C types, no VLAs, no recursion on input-controlled depth.
 *
 * Provided: u8/u16/u32/u64/s8/s16/s32/s64, bool, size_t, memcpy/memset/
 * memcmp, vsnprintf, likely/unlikely, check_add_overflow/check_mul_overflow,
 * wasm_malloc/wasm_calloc/wasm_free (small objects) and
 * wasm_kvmalloc/wasm_kvcalloc/wasm_kvfree (arrays that may be large).
 * Allocation may sleep in the kernel (process context only).
 * wasm_mem_reserve/commit/release: linear memory whose base never moves.
 * wasm_clock_ns(): the deadline's clock.
 */
#ifndef WASMK_PLATFORM_H
#define WASMK_PLATFORM_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/build_bug.h>
#include <linux/stdarg.h>

#define wasm_malloc(n)		kmalloc((n), GFP_KERNEL_ACCOUNT)
#define wasm_calloc(n, sz)	kcalloc((n), (sz), GFP_KERNEL_ACCOUNT)
#define wasm_free(p)		kfree(p)
#define wasm_kvmalloc(n)	kvmalloc((n), GFP_KERNEL_ACCOUNT)
#define wasm_kvcalloc(n, sz)	kvcalloc((n), (sz), GFP_KERNEL_ACCOUNT)
#define wasm_kvfree(p)		kvfree(p)

/*
 * May code running inside an invocation allocate?  Not in the kernel:
 * handlers run in atomic context, so table.grow beyond the space reserved
 * at instantiation returns -1 (the spec lets growth fail).
 */
#define WASM_RUN_MAY_ALLOC	0

#include <linux/vmalloc.h>

/*
 * Linear memory: reserve the maximum once so that the base never moves.
 * The kernel has no cheap lazy reservation for a module: allocate (zeroed)
 * the whole capped size up front; commit is then a no-op.
 */
static inline void *wasm_mem_reserve(u64 bytes)
{
	if (bytes > (u64)MAX_LFS_FILESIZE)
		return NULL;
	return vzalloc(bytes ? bytes : PAGE_SIZE);
}

static inline int wasm_mem_commit(void *base, u64 old_bytes, u64 new_bytes)
{
	return 0;
}

static inline void wasm_mem_release(void *base, u64 bytes)
{
	vfree(base);
}

#include <linux/sched/clock.h>

/*
 * The deadline's clock, in ns: the CPU's cycle counter (as BPF's run
 * statistics), never a clocksource device read (HPET under emulation is an
 * MMIO exit).  Any context.
 */
static inline u64 wasm_clock_ns(void)
{
	return local_clock();
}

#else /* userspace */

#define WASM_RUN_MAY_ALLOC	1

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <stdarg.h>
#include <assert.h>		/* static_assert */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif

#ifndef check_add_overflow
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)
#endif

/* The kernel's attribute shorthands (<linux/compiler_attributes.h>). */
#define wasm_attr_(x)	__attribute__((x))
#ifndef __printf
#define __printf(a, b)	wasm_attr_(__format__(printf, a, b))
#endif
#ifndef fallthrough
#define fallthrough	wasm_attr_(__fallthrough__)
#endif
#ifndef noinline
#define noinline	wasm_attr_(__noinline__)
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define wasm_malloc(n)		malloc(n)
#define wasm_calloc(n, sz)	calloc((n), (sz))
#define wasm_free(p)		free(p)
#define wasm_kvmalloc(n)	malloc(n)
#define wasm_kvcalloc(n, sz)	calloc((n), (sz))
#define wasm_kvfree(p)		free(p)

#include <sys/mman.h>

/*
 * Linear memory: reserve the maximum as PROT_NONE address space (never
 * moves), make [0, new_bytes) read-write on growth.  New pages read zero.
 */
static inline void *wasm_mem_reserve(u64 bytes)
{
	void *p;

	if (!bytes)
		bytes = 4096;
	if (bytes != (size_t)bytes)
		return NULL;
	p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static inline int wasm_mem_commit(void *base, u64 old_bytes, u64 new_bytes)
{
	if (new_bytes <= old_bytes)
		return 0;
	return mprotect((u8 *)base + old_bytes, new_bytes - old_bytes,
			PROT_READ | PROT_WRITE) ? -1 : 0;
}

static inline void wasm_mem_release(void *base, u64 bytes)
{
	if (base)
		munmap(base, bytes ? bytes : 4096);
}

#include <time.h>

/* The deadline's clock, in ns (monotonic). */
static inline u64 wasm_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

#endif /* __KERNEL__ */

/*
 * Executable memory for JIT code, W^X: wasm_exec_alloc() copies len bytes
 * of position-independent code into a fresh mapping that is read+exec
 * (never writable and executable at once) and returns an opaque handle,
 * NULL on failure; wasm_exec_addr() is the code's address.  May sleep.
 * Kernel: kmod/jit_exec.c (on kmod/execmem.c); userspace: exec_user.c.
 */
struct wasm_exec;
struct wasm_exec *wasm_exec_alloc(const void *code, size_t len);
void *wasm_exec_addr(struct wasm_exec *x);
void wasm_exec_free(struct wasm_exec *x);

/*
 * Speculation mitigations the JIT applies to the code it emits, chosen by
 * the home at each compilation (wasm_jit_mitigations()):
 *   WASM_JIT_RETPOLINE  indirect branches (the image's one "jmp r11" thunk)
 *			 through a retpoline;
 *   WASM_JIT_RETHUNK    every return jumps (through that thunk) to
 *			 wasm_jit_ret_target(), a return the home made safe,
 *			 instead of a plain ret.
 * endbr64 starts every indirect-branch target whatever they say (IBT).
 * Kernel: kmod/jit_exec.c, from the kernel's config and what it enabled at
 * boot, as the kernel's own BPF JIT decides.  Userspace (exec_user.c):
 * wasm_jit_user_mitigations, which tests set to build each code shape;
 * -DWASM_JIT_RETPOLINE / -DWASM_JIT_RETHUNK set its default.
 */
#define WASM_JIT_RETPOLINE_F	1u
#define WASM_JIT_RETHUNK_F	2u
unsigned int wasm_jit_mitigations(void);
const void *wasm_jit_ret_target(void);
#ifndef __KERNEL__
extern unsigned int wasm_jit_user_mitigations;
/* The latest image wasm_exec_alloc() mapped (tests look at the code). */
extern const u8 *wasm_exec_user_last;
extern size_t wasm_exec_user_last_len;
#endif

#endif /* WASMK_PLATFORM_H */
