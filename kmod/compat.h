/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - every difference between the kernels wasmk builds for
 * (Debian's 6.1 and 6.12), in one place.  Each is keyed on a feature test
 * (a macro or config option that exists in one kernel only, or a
 * declaration kbuild finds in a header: kmod/Kbuild); no other file tests
 * versions.
 *
 * Met so far, and where each is used:
 *   kfunc id sets (hook_xdp.c): since 6.9 register_btf_kfunc_id_set()
 *	refuses a set without the BTF_SET8_KFUNCS flag, which
 *	BTF_KFUNCS_START/END set; 6.1 has neither (BTF_SET8_START/END).
 *   __bpf_kfunc (hook_xdp.c): 6.12 only (__used __retain noinline: kept
 *	and not inlined, whether called from C or not); 6.1: noinline, as
 *	its own kfuncs are.
 *   mitigation options (jit_exec.c, through the JIT's flags): 6.12 renamed
 *	CONFIG_RETPOLINE, CONFIG_RETHUNK and CONFIG_SLS to
 *	CONFIG_MITIGATION_RETPOLINE, _RETHUNK and _SLS;
 *	X86_FEATURE_INDIRECT_THUNK_ITS is a late backport (6.1.14x, 6.12.29).
 *   get_unaligned()/put_unaligned() (map.c, prog.c): <asm/unaligned.h> in 6.1,
 *	<linux/unaligned.h> in 6.12 (moved in 6.12, the old one gone).
 *   uprobes (hook_uprobe.c): 6.12's uprobe_register() takes a ref_ctr
 *	offset and returns the struct uprobe * (ERR_PTR), unregistered with
 *	uprobe_unregister_nosync() then uprobe_unregister_sync() (which
 *	waits for running handlers); 6.1's returns an int and
 *	uprobe_unregister(inode, offset, uc) waits itself.  No macro marks
 *	the change: kmod/Kbuild defines WASMK_UPROBE_NOSYNC when
 *	<linux/uprobes.h> declares uprobe_unregister_nosync().
 * Not used by wasmk, so nothing here: class_create() losing its owner
 * argument (6.4; wasmk registers a misc device).
 */
#ifndef WASMK_COMPAT_H
#define WASMK_COMPAT_H

#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/err.h>
#include <linux/kconfig.h>
#include <linux/uprobes.h>

/* ---- kfuncs ------------------------------------------------------------- */

#ifdef BTF_SET8_KFUNCS
#define WASMK_KFUNCS_START(name)	BTF_KFUNCS_START(name)
#define WASMK_KFUNCS_END(name)		BTF_KFUNCS_END(name)
#else
#define WASMK_KFUNCS_START(name)	BTF_SET8_START(name)
#define WASMK_KFUNCS_END(name)		BTF_SET8_END(name)
#endif

#ifdef __bpf_kfunc
#define wasmk_kfunc			__bpf_kfunc
#else
#define wasmk_kfunc			noinline
#endif

/* ---- unaligned access ------------------------------------------------------ */

#if __has_include("linux/unaligned.h")
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* ---- speculation mitigations the kernel is built with (x86) -------------- */

#define WASMK_CONFIG_RETPOLINE	(IS_ENABLED(CONFIG_MITIGATION_RETPOLINE) || \
				 IS_ENABLED(CONFIG_RETPOLINE))
#define WASMK_CONFIG_RETHUNK	(IS_ENABLED(CONFIG_MITIGATION_RETHUNK) || \
				 IS_ENABLED(CONFIG_RETHUNK))
#define WASMK_CONFIG_SLS	(IS_ENABLED(CONFIG_MITIGATION_SLS) || IS_ENABLED(CONFIG_SLS))
#define WASMK_CONFIG_IBT	IS_ENABLED(CONFIG_X86_KERNEL_IBT)

#ifdef CONFIG_X86
#include <asm/cpufeature.h>

/* Indirect branches need a thunk against ITS (Intel, 6.1.14x / 6.12.29 on). */
static inline bool wasmk_cpu_its_thunk(void)
{
#ifdef X86_FEATURE_INDIRECT_THUNK_ITS
	return boot_cpu_has(X86_FEATURE_INDIRECT_THUNK_ITS);
#else
	return false;
#endif
}
#endif

/* ---- uprobes ------------------------------------------------------------- */

/* Register uc at offset in inode: the handle for wasmk_uprobe_unregister(), or ERR_PTR. */
static inline void *wasmk_uprobe_register(struct inode *inode, loff_t offset,
					  struct uprobe_consumer *uc)
{
#ifdef WASMK_UPROBE_NOSYNC
	return uprobe_register(inode, offset, 0, uc);
#else
	int err = uprobe_register(inode, offset, uc);

	return err ? ERR_PTR(err) : inode;
#endif
}

/* Unregister and wait until no task runs uc's handlers. */
static inline void wasmk_uprobe_unregister(void *handle, struct inode *inode, loff_t offset,
					   struct uprobe_consumer *uc)
{
#ifdef WASMK_UPROBE_NOSYNC
	uprobe_unregister_nosync(handle, uc);
	uprobe_unregister_sync();
#else
	uprobe_unregister(inode, offset, uc);
#endif
}

#endif /* WASMK_COMPAT_H */
