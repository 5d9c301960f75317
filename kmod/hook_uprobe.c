// SPDX-License-Identifier: GPL-2.0
/*
 * Uprobe and uretprobe links: an instruction of a file's code (found by the
 * CLI from an ELF symbol), in every process that maps the file.  The
 * handler runs in the probed task's context, with the first six register
 * arguments (uprobe: the user calling convention uses the registers
 * regs_get_kernel_argument() reads, on x86-64 and arm64) or the return
 * register (uretprobe); user_str and probe_read_user read that task's
 * memory.  Unregistering waits until no task runs the handler
 * (compat.h: the two kernels' uprobe APIs).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uprobes.h>

#include "compat.h"
#include "link.h"
#include "rt.h"
#include "wasmk.h"

struct up_link {
	struct uprobe_consumer uc;
	struct wasmk_link *l;
	struct path path;		/* holds the inode while registered */
	loff_t offset;
	void *handle;			/* compat.h */
	char target[WASMK_TARGET_LEN];
};

static int up_handler(struct uprobe_consumer *uc, struct pt_regs *regs)
{
	struct up_link *u = container_of(uc, struct up_link, uc);
	struct wasmk_ctx ctx = { .hook = WASMK_HOOK_UPROBE };
	u64 slots[WASMK_KPROBE_MAX_ARGS];
	u32 i;

	for (i = 0; i < WASMK_KPROBE_MAX_ARGS; i++)
		slots[i] = regs_get_kernel_argument(regs, i);
	wasmk_link_run(u->l, slots, &ctx);
	return 0;
}

static int up_ret_handler(struct uprobe_consumer *uc, unsigned long func, struct pt_regs *regs)
{
	struct up_link *u = container_of(uc, struct up_link, uc);
	struct wasmk_ctx ctx = { .hook = WASMK_HOOK_URETPROBE };
	u64 slots[1] = { regs_return_value(regs) };

	wasmk_link_run(u->l, slots, &ctx);
	return 0;
}

static int up_attach(struct wasmk_link *l, const struct wasmk_link_attach *a,
		     struct wasm_log *log)
{
	bool ret = a->hook == WASMK_HOOK_URETPROBE;
	struct up_link *u;
	struct inode *inode;
	char *name;
	int err;

	if (!IS_ENABLED(CONFIG_UPROBES)) {
		wasm_log_printf(log, "this kernel has no uprobes (CONFIG_UPROBES)");
		return -EOPNOTSUPP;
	}
	if (a->flags || a->nargs) {
		wasm_log_printf(log, "flags and nargs don't apply to a %s", l->type->name);
		return -EINVAL;
	}
	err = wasmk_trace_target(a, log);
	if (err)
		return err;
	if (!a->path) {
		wasm_log_printf(log, "a %s needs the file's path", l->type->name);
		return -EINVAL;
	}
	if (a->target_offset > LLONG_MAX) {
		wasm_log_printf(log, "offset %llu is too big", (unsigned long long)a->target_offset);
		return -EINVAL;
	}
	name = strndup_user(u64_to_user_ptr(a->path), PATH_MAX);
	if (IS_ERR(name)) {
		if (PTR_ERR(name) == -EINVAL)
			wasm_log_printf(log, "the path is longer than PATH_MAX");
		return PTR_ERR(name);
	}
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u) {
		kfree(name);
		return -ENOMEM;
	}
	err = kern_path(name, LOOKUP_FOLLOW, &u->path);
	if (err) {
		wasm_log_printf(log, "%s: cannot find it (%d)", name, err);
		err = -ENOENT;
		goto fail;
	}
	inode = d_inode(u->path.dentry);
	if (!S_ISREG(inode->i_mode)) {
		wasm_log_printf(log, "%s is not a regular file", name);
		err = -EINVAL;
		goto fail_path;
	}
	if (a->target_offset >= i_size_read(inode)) {
		wasm_log_printf(log, "%s: offset %llu is past its end (%lld bytes)", name,
				(unsigned long long)a->target_offset, i_size_read(inode));
		err = -EINVAL;
		goto fail_path;
	}
	u->l = l;
	u->offset = a->target_offset;
	strscpy(u->target, a->target, sizeof(u->target));
	if (ret)
		u->uc.ret_handler = up_ret_handler;
	else
		u->uc.handler = up_handler;
	u->handle = wasmk_uprobe_register(inode, u->offset, &u->uc);
	if (IS_ERR(u->handle)) {
		err = PTR_ERR(u->handle);
		wasm_log_printf(log, "cannot probe %s at offset %llu: uprobe_register failed (%d)",
				name, (unsigned long long)u->offset, err);
		if (err != -ENOMEM)
			err = -EINVAL;
		goto fail_path;
	}
	l->priv = u;
	kfree(name);
	return 0;
fail_path:
	path_put(&u->path);
fail:
	kfree(u);
	kfree(name);
	return err;
}

static void up_detach(struct wasmk_link *l)
{
	struct up_link *u = l->priv;

	wasmk_uprobe_unregister(u->handle, d_inode(u->path.dentry), u->offset, &u->uc);
	path_put(&u->path);	/* u itself goes with the link */
}

static void up_info(const struct wasmk_link *l, struct wasmk_link_info *i)
{
	const struct up_link *u = l->priv;

	strscpy(i->target, u->target, sizeof(i->target));
	i->target_offset = u->offset;
	i->nargs = l->type->kind == WASMK_HOOK_URETPROBE ? 1 : WASMK_KPROBE_MAX_ARGS;
}

const struct wasmk_hook_type wasmk_hook_uprobe = {
	.kind = WASMK_HOOK_UPROBE,
	.name = "uprobe",
	.cap = CAP_PERFMON,
	.check_entry = wasmk_trace_check_entry,
	.attach = up_attach,
	.detach = up_detach,
	.info = up_info,
};

const struct wasmk_hook_type wasmk_hook_uretprobe = {
	.kind = WASMK_HOOK_URETPROBE,
	.name = "uretprobe",
	.cap = CAP_PERFMON,
	.check_entry = wasmk_trace_check_entry,
	.attach = up_attach,
	.detach = up_detach,
	.info = up_info,
};
