// SPDX-License-Identifier: GPL-2.0
/*
 * The engine's x86-64 JIT hooks (platform.h): executable memory on
 * kmod/execmem.c, the speculation mitigations the emitted code needs on
 * this kernel, and a copy of the latest image for checking it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "compat.h"
#include "execmem.h"
#include "platform.h"

/*
 * jit_dump=1 keeps a copy of the latest JIT image (of any program, any
 * CPU) in /sys/kernel/debug/wasmk/jit_last, raw machine code as bpftool's
 * "prog dump jited ... file" gives it for eBPF: scripts/jit-mitigations
 * disassembles it.  Off by default: no copy is made.
 */
static bool jit_dump;
module_param(jit_dump, bool, 0644);
MODULE_PARM_DESC(jit_dump, "keep the latest JIT image in debugfs wasmk/jit_last");

static DEFINE_MUTEX(dump_lock);
static void *dump_code;		/* under dump_lock */
static size_t dump_len;
static struct dentry *dump_dir;

/* Replace the kept image; with no memory for the copy, keep none (never a stale one). */
static void dump_keep(const void *code, size_t len)
{
	void *copy = kvmalloc(len, GFP_KERNEL);

	if (copy)
		memcpy(copy, code, len);
	mutex_lock(&dump_lock);
	kvfree(dump_code);
	dump_code = copy;
	dump_len = copy ? len : 0;
	mutex_unlock(&dump_lock);
}

static ssize_t dump_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	ssize_t r;

	mutex_lock(&dump_lock);
	r = simple_read_from_buffer(buf, n, pos, dump_code, dump_len);
	mutex_unlock(&dump_lock);
	return r;
}

static const struct file_operations dump_fops = {
	.owner	= THIS_MODULE,
	.read	= dump_read,
	.llseek	= default_llseek,
};

struct wasm_exec {
	struct wasmk_exec *x;
};

struct wasm_exec *wasm_exec_alloc(const void *code, size_t len)
{
	struct wasm_exec *e = kmalloc(sizeof(*e), GFP_KERNEL);

	if (!e)
		return NULL;
	e->x = wasmk_exec_create(code, len);
	if (IS_ERR(e->x)) {
		kfree(e);
		return NULL;
	}
	if (READ_ONCE(jit_dump))
		dump_keep(code, len);
	return e;
}

void *wasm_exec_addr(struct wasm_exec *e)
{
	return e->x->exec;
}

void wasm_exec_free(struct wasm_exec *e)
{
	if (!e)
		return;
	wasmk_exec_free(e->x);
	kfree(e);
}

/*
 * The mitigations, decided as the kernel's BPF JIT decides them
 * (arch/x86/net/bpf_jit_comp.c: emit_indirect_jump(), emit_return()):
 * from the options the kernel is built with (compat.h: their 6.1 and 6.12
 * names) and what it turned on at boot for this CPU.  A retpoline also
 * where the kernel uses ITS thunks or "lfence; jmp" for indirect branches:
 * it is the stronger of the three.
 */
unsigned int wasm_jit_mitigations(void)
{
	unsigned int m = 0;

	if (WASMK_CONFIG_RETPOLINE &&
	    (cpu_feature_enabled(X86_FEATURE_RETPOLINE) || wasmk_cpu_its_thunk()))
		m |= WASM_JIT_RETPOLINE_F;
	if (WASMK_CONFIG_RETHUNK && cpu_feature_enabled(X86_FEATURE_RETHUNK))
		m |= WASM_JIT_RETHUNK_F;
	return m;
}

/*
 * The JIT's safe return: an empty function of wasmk.ko, which JIT code
 * jumps to (never calls) so that its ret returns for the JIT code.  The
 * compiler ends it with "jmp __x86_return_thunk" and the kernel, loading
 * wasmk.ko, patched that into its own return thunk (x86_return_thunk:
 * untrained return, safe RET, ITS, call-depth stuffing) or into a plain
 * ret when it uses none: the JIT's returns are the kernel's.  Not
 * __x86_return_thunk itself: it has no endbr64, and 6.12 makes it warn
 * ("unpatched return thunk").  Its address is taken, so it keeps endbr64.
 */
static notrace noinline void wasmk_jit_ret(void)
{
}

const void *wasm_jit_ret_target(void)
{
	return wasmk_jit_ret;
}

void wasmk_jit_exec_init(void)
{
	unsigned int m = wasm_jit_mitigations();

	pr_info("JIT: indirect branches %s, returns %s\n",
		m & WASM_JIT_RETPOLINE_F ? "through a retpoline" : "plain",
		m & WASM_JIT_RETHUNK_F ? "through the kernel's return thunk" : "plain");
	/* (debugfs errors are not the caller's to handle) */
	dump_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("jit_last", 0400, dump_dir, NULL, &dump_fops);
}

void wasmk_jit_exec_exit(void)
{
	debugfs_remove_recursive(dump_dir);
	kvfree(dump_code);
	dump_code = NULL;
}
