// SPDX-License-Identifier: GPL-2.0
/*
 * Kprobe and kretprobe links: register_kprobe()/register_kretprobe() on a
 * function symbol (plus an offset for kprobes).  A kprobe's handler gets
 * the first six register arguments (regs_get_kernel_argument(), right at
 * the function's entry); a kretprobe's gets the return register.  Only
 * registers are read - never kernel memory.  unregister_k(ret)probe()
 * waits until no CPU runs the handler.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <linux/slab.h>

#include "link.h"
#include "rt.h"
#include "wasmk.h"

struct kp_link {
	struct kprobe kp;
	struct kretprobe rp;
	struct wasmk_link *l;
	char target[WASMK_TARGET_LEN];
};

static int kp_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct kp_link *k = container_of(kp, struct kp_link, kp);
	struct wasmk_ctx ctx = { .hook = WASMK_HOOK_KPROBE };
	u64 slots[WASMK_KPROBE_MAX_ARGS];
	u32 i;

	for (i = 0; i < WASMK_KPROBE_MAX_ARGS; i++)
		slots[i] = regs_get_kernel_argument(regs, i);
	wasmk_link_run(k->l, slots, &ctx);
	return 0;
}

static int kp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kp_link *k = container_of(get_kretprobe(ri), struct kp_link, rp);
	struct wasmk_ctx ctx = { .hook = WASMK_HOOK_KRETPROBE };
	u64 slots[1] = { regs_return_value(regs) };

	wasmk_link_run(k->l, slots, &ctx);
	return 0;
}

static int kp_attach(struct wasmk_link *l, const struct wasmk_link_attach *a,
		     struct wasm_log *log)
{
	bool ret = a->hook == WASMK_HOOK_KRETPROBE;
	struct kp_link *k;
	int err;

	if (a->flags) {
		wasm_log_printf(log, "flags 0x%x: none apply to a %s", a->flags, l->type->name);
		return -EINVAL;
	}
	err = wasmk_trace_target(a, log);
	if (err)
		return err;
	if (a->nargs) {
		wasm_log_printf(log, "nargs applies to tracepoints only");
		return -EINVAL;
	}
	if (ret && a->target_offset) {
		wasm_log_printf(log, "a kretprobe takes no offset (%s+%llu)", a->target,
				(unsigned long long)a->target_offset);
		return -EINVAL;
	}
	if (a->target_offset > INT_MAX) {
		wasm_log_printf(log, "offset %llu is too big", (unsigned long long)a->target_offset);
		return -EINVAL;
	}
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	k->l = l;
	strscpy(k->target, a->target, sizeof(k->target));
	l->priv = k;
	if (ret) {
		k->rp.kp.symbol_name = k->target;
		k->rp.handler = kp_ret;
		err = register_kretprobe(&k->rp);
	} else {
		k->kp.symbol_name = k->target;
		k->kp.offset = a->target_offset;
		k->kp.pre_handler = kp_pre;
		/* arm64 refuses an offset inside an instruction with -EINVAL */
		if (IS_ENABLED(CONFIG_ARM64) && (a->target_offset & 3))
			err = -EILSEQ;
		else
			err = register_kprobe(&k->kp);
	}
	if (err == -ENOENT)
		wasm_log_printf(log, "symbol %s not found (or not probe-able)", k->target);
	else if (err == -EILSEQ)
		wasm_log_printf(log, "%s+%llu is not an instruction boundary", k->target,
				(unsigned long long)a->target_offset);
	else if (err)
		wasm_log_printf(log, "cannot probe %s+%llu: register_%s failed (%d)", k->target,
				(unsigned long long)a->target_offset, l->type->name, err);
	if (err) {
		l->priv = NULL;
		kfree(k);
	}
	return err;
}

static void kp_detach(struct wasmk_link *l)
{
	struct kp_link *k = l->priv;

	/* Both wait until no CPU runs the handler. */
	if (l->type->kind == WASMK_HOOK_KRETPROBE)
		unregister_kretprobe(&k->rp);
	else
		unregister_kprobe(&k->kp);
}

static void kp_info(const struct wasmk_link *l, struct wasmk_link_info *i)
{
	const struct kp_link *k = l->priv;

	strscpy(i->target, k->target, sizeof(i->target));
	i->target_offset = k->kp.offset;
	i->nargs = l->type->kind == WASMK_HOOK_KRETPROBE ? 1 : WASMK_KPROBE_MAX_ARGS;
	/* Not run: hit inside another kprobe, or no free kretprobe instance. */
	i->missed = k->kp.nmissed + k->rp.kp.nmissed + k->rp.nmissed;
}

const struct wasmk_hook_type wasmk_hook_kprobe = {
	.kind = WASMK_HOOK_KPROBE,
	.name = "kprobe",
	.cap = CAP_PERFMON,
	.check_entry = wasmk_trace_check_entry,
	.attach = kp_attach,
	.detach = kp_detach,
	.info = kp_info,
};

const struct wasmk_hook_type wasmk_hook_kretprobe = {
	.kind = WASMK_HOOK_KRETPROBE,
	.name = "kretprobe",
	.cap = CAP_PERFMON,
	.check_entry = wasmk_trace_check_entry,
	.attach = kp_attach,
	.detach = kp_detach,
	.info = kp_info,
};
