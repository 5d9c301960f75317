/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - every difference between the kernels wasmk builds for
 * (Debian's 6.1 and 6.12), in one place.  Each is keyed on a feature test
 * (a macro or config option that exists in one kernel only; none needs
 * LINUX_VERSION_CODE so far); no other file tests versions.
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
 * Not used by wasmk, so nothing here: class_create() losing its owner
 * argument (6.4; wasmk registers a misc device), uprobe_register()
 * returning struct uprobe * with a split unregister (6.12).
 */
#ifndef WASMK_COMPAT_H
#define WASMK_COMPAT_H

#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/kconfig.h>

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

#endif /* WASMK_COMPAT_H */
