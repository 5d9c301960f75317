// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk: WebAssembly handlers in the Linux kernel.
 *
 * Module init/exit and the /dev/wasmk misc device.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/miscdevice.h>
#include <linux/module.h>

#include "execmem.h"
#include "wasmk.h"

static const struct file_operations wasmk_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= wasmk_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/* Mode 0644: anyone may query; state changes are checked per ioctl. */
static struct miscdevice wasmk_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "wasmk",
	.fops	= &wasmk_fops,
	.mode	= 0644,
};

static int __init wasmk_init(void)
{
	int err;

	err = wasmk_link_init();
	if (err) {
		pr_err("cannot register the per-namespace hooks: %d\n", err);
		return err;
	}
	err = misc_register(&wasmk_dev);
	if (err) {
		pr_err("cannot register /dev/wasmk: %d\n", err);
		wasmk_link_exit();
		return err;
	}
	wasmk_jit_exec_init();
	pr_info("loaded, ABI %d, release %s\n", WASMK_ABI_VERSION, WASMK_RELEASE);
	return 0;
}

static void __exit wasmk_exit(void)
{
	misc_deregister(&wasmk_dev);
	wasmk_link_exit();
	wasmk_prog_exit();
	wasmk_map_exit();
	wasmk_jit_exec_exit();
	pr_info("unloaded\n");
}

module_init(wasmk_init);
module_exit(wasmk_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("WebAssembly handlers for netfilter, tracepoint and kprobe hooks");
MODULE_VERSION(WASMK_RELEASE);
