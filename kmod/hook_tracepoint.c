// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoint links.  The tracepoint is found by name among the kernel's
 * (for_each_kernel_tracepoint) and a probe is registered with the link as
 * its data.  A probe must match the tracepoint's TP_PROTO, which the
 * kernel does not publish by name: raw_syscalls' sys_enter and sys_exit
 * get probes of their own (the syscall number and arguments); for any
 * other tracepoint userspace reads the prototype from BTF and passes the
 * argument count and each argument's size and signedness.  On x86-64
 * every integer or pointer argument takes a whole register or stack slot,
 * so a probe taking that many u64 is called correctly (as the kernel's
 * bpf_trace_run1..12 are); the bits above an argument's size are
 * undefined and are masked or sign-extended here.
 *
 * Probes run under rcu_read_lock_sched (or SRCU for faultable ones):
 * detach unregisters, then tracepoint_synchronize_unregister() waits.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>

#include "link.h"
#include "opcodes.h"
#include "rt.h"
#include "wasmk.h"

enum tp_kind { TP_GENERIC, TP_SYS_ENTER, TP_SYS_EXIT };

struct tp_link {
	struct tracepoint *tp;
	void *probe;
	enum tp_kind kind;
	u32 nargs;			/* the handler gets this many */
	u8 size[WASMK_TRACE_MAX_ARGS];
	u8 sign[WASMK_TRACE_MAX_ARGS];
	char target[WASMK_TARGET_LEN];
};

/*
 * Run the entry on args[0 .. l->nparams), in place: args is the caller's,
 * at least l->nparams and one long, and the result lands in args[0].
 */
static void tp_run(struct wasmk_link *l, u64 *args)
{
	struct wasmk_ctx ctx = { .hook = WASMK_HOOK_TRACEPOINT };

	wasmk_link_run(l, args, &ctx);
}

static void tp_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct wasmk_link *l = data;
	unsigned long a[6];
	u64 args[7];
	int i;

	syscall_get_arguments(current, regs, a);
	args[0] = id;
	for (i = 0; i < 6; i++)
		args[i + 1] = a[i];
	tp_run(l, args);
}

static void tp_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct wasmk_link *l = data;
	u64 args[2] = { syscall_get_nr(current, regs), ret };

	tp_run(l, args);
}

/* Widen each argument from its size, as BTF gave it. */
static void tp_generic(struct wasmk_link *l, u64 *args)
{
	const struct tp_link *t = l->priv;
	u32 i;

	for (i = 0; i < l->nparams; i++) {
		unsigned int bits = t->size[i] * 8;

		if (bits >= 64)
			continue;
		if (t->sign[i])
			args[i] = (u64)sign_extend64(args[i], bits - 1);
		else
			args[i] &= (1ULL << bits) - 1;
	}
	tp_run(l, args);
}

/* tp_probe1 .. tp_probe12: a probe taking n u64 after the data pointer. */
static void tp_probe1(void *data, u64 a0)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0 };

	tp_generic(data, args);
}

static void tp_probe2(void *data, u64 a0, u64 a1)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1 };

	tp_generic(data, args);
}

static void tp_probe3(void *data, u64 a0, u64 a1, u64 a2)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1, a2 };

	tp_generic(data, args);
}

static void tp_probe4(void *data, u64 a0, u64 a1, u64 a2, u64 a3)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1, a2, a3 };

	tp_generic(data, args);
}

static void tp_probe5(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1, a2, a3, a4 };

	tp_generic(data, args);
}

static void tp_probe6(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1, a2, a3, a4, a5 };

	tp_generic(data, args);
}

static void tp_probe7(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5, u64 a6)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1, a2, a3, a4, a5, a6 };

	tp_generic(data, args);
}

static void tp_probe8(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
			 u64 a6, u64 a7)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1, a2, a3, a4, a5, a6, a7 };

	tp_generic(data, args);
}

static void tp_probe9(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
			 u64 a6, u64 a7, u64 a8)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1, a2, a3, a4, a5, a6, a7, a8 };

	tp_generic(data, args);
}

static void tp_probe10(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
			  u64 a6, u64 a7, u64 a8, u64 a9)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9 };

	tp_generic(data, args);
}

static void tp_probe11(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
			  u64 a6, u64 a7, u64 a8, u64 a9, u64 a10)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 };

	tp_generic(data, args);
}

static void tp_probe12(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
			  u64 a6, u64 a7, u64 a8, u64 a9, u64 a10, u64 a11)
{
	u64 args[WASMK_TRACE_MAX_ARGS] = { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11 };

	tp_generic(data, args);
}

static void *const tp_probes[WASMK_TRACE_MAX_ARGS + 1] = {
	NULL, tp_probe1, tp_probe2, tp_probe3, tp_probe4, tp_probe5, tp_probe6,
	tp_probe7, tp_probe8, tp_probe9, tp_probe10, tp_probe11, tp_probe12,
};

/* Any prefix of (i64 ...) -> i32; attach checks the count. */
int wasmk_trace_check_entry(struct wasmk_link *l, const struct wasm_functype *ft,
			    struct wasm_log *log)
{
	u32 max = l->type->kind == WASMK_HOOK_TRACEPOINT ? WASMK_TRACE_MAX_ARGS :
		  l->type->kind == WASMK_HOOK_KPROBE || l->type->kind == WASMK_HOOK_UPROBE ?
		  WASMK_KPROBE_MAX_ARGS : 1;
	bool ok = ft->nresults == 1 && ft->results[0] == WASM_TYPE_I32 &&
		  ft->nparams <= max;
	char got[96];
	int n = 0;
	u32 i;

	for (i = 0; i < ft->nparams; i++)
		if (ft->params[i] != WASM_TYPE_I64)
			ok = false;
	if (ok)
		return 0;
	n += scnprintf(got + n, sizeof(got) - n, "(");
	for (i = 0; i < ft->nparams; i++)
		n += scnprintf(got + n, sizeof(got) - n, "%s%s", i ? " " : "",
			       wasm_type_name(ft->params[i]));
	n += scnprintf(got + n, sizeof(got) - n, ") ->");
	for (i = 0; i < ft->nresults; i++)
		n += scnprintf(got + n, sizeof(got) - n, " %s", wasm_type_name(ft->results[i]));
	if (!ft->nresults)
		scnprintf(got + n, sizeof(got) - n, " ()");
	wasm_log_printf(log,
			"entry '%s' has the wrong signature for a %s hook: expected (i64 ...) -> i32 (up to %u i64 arguments), got %s",
			l->entry, l->type->name, max, got);
	return -EINVAL;
}

/* The entry may take at most the n arguments the hook gives. */
int wasmk_trace_check_nargs(struct wasmk_link *l, u32 n, const char *what,
			    struct wasm_log *log)
{
	if (l->nparams <= n)
		return 0;
	wasm_log_printf(log,
			"entry '%s' has the wrong signature for %s: expected at most %u i64 arguments, got %u",
			l->entry, what, n, l->nparams);
	return -EINVAL;
}

/* Fields of every tracing hook: no netfilter ones, a NUL-terminated target. */
int wasmk_trace_target(const struct wasmk_link_attach *a, struct wasm_log *log)
{
	size_t n = strnlen(a->target, WASMK_TARGET_LEN);

	if (a->nf_family || a->nf_hooknum || a->nf_priority) {
		wasm_log_printf(log, "nf_family, nf_hooknum and nf_priority apply to netfilter only");
		return -EINVAL;
	}
	if (n == WASMK_TARGET_LEN) {
		wasm_log_printf(log, "target name is not NUL-terminated");
		return -EINVAL;
	}
	if (!n) {
		wasm_log_printf(log, "no target: name the %s",
				a->hook == WASMK_HOOK_TRACEPOINT ? "tracepoint" : "function");
		return -EINVAL;
	}
	return 0;
}

struct tp_find {
	const char *name;
	struct tracepoint *tp;
};

static void tp_match(struct tracepoint *tp, void *priv)
{
	struct tp_find *f = priv;

	if (!f->tp && !strcmp(tp->name, f->name))
		f->tp = tp;
}

static int tp_attach(struct wasmk_link *l, const struct wasmk_link_attach *a,
		     struct wasm_log *log)
{
	struct tp_find f = {};
	struct tp_link *t;
	const char *colon;
	u32 i;
	int err;

	if (a->flags) {
		wasm_log_printf(log, "flags 0x%x: none apply to a tracepoint", a->flags);
		return -EINVAL;
	}
	err = wasmk_trace_target(a, log);
	if (err)
		return err;
	if (a->target_offset) {
		wasm_log_printf(log, "target_offset applies to kprobes only");
		return -EINVAL;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	strscpy(t->target, a->target, sizeof(t->target));
	colon = strrchr(t->target, ':');
	f.name = colon ? colon + 1 : t->target;
	for_each_kernel_tracepoint(tp_match, &f);
	if (!f.tp) {
		wasm_log_printf(log, "no tracepoint named %s", t->target);
		kfree(t);
		return -ENOENT;
	}
	t->tp = f.tp;
	if (!strcmp(f.name, "sys_enter")) {
		t->kind = TP_SYS_ENTER;
		t->nargs = 7;
		t->probe = tp_sys_enter;
	} else if (!strcmp(f.name, "sys_exit")) {
		t->kind = TP_SYS_EXIT;
		t->nargs = 2;
		t->probe = tp_sys_exit;
	} else {
		if (!a->nargs || a->nargs > WASMK_TRACE_MAX_ARGS) {
			wasm_log_printf(log,
					"tracepoint %s: nargs %u: expected 1..%u, the TP_PROTO arguments from BTF (btf_trace_%s)",
					t->target, a->nargs, WASMK_TRACE_MAX_ARGS, f.name);
			kfree(t);
			return -EINVAL;
		}
		for (i = 0; i < a->nargs; i++) {
			u8 sz = a->arg_size[i];

			if ((sz != 1 && sz != 2 && sz != 4 && sz != 8) || a->arg_signed[i] > 1) {
				wasm_log_printf(log,
						"tracepoint %s: argument %u: size %u signed %u: expected size 1, 2, 4 or 8, signed 0 or 1",
						t->target, i, sz, a->arg_signed[i]);
				kfree(t);
				return -EINVAL;
			}
			t->size[i] = sz;
			t->sign[i] = a->arg_signed[i];
		}
		for (; i < WASMK_TRACE_MAX_ARGS; i++) {
			if (a->arg_size[i] || a->arg_signed[i]) {
				wasm_log_printf(log, "tracepoint %s: argument %u described beyond nargs %u",
						t->target, i, a->nargs);
				kfree(t);
				return -EINVAL;
			}
		}
		t->kind = TP_GENERIC;
		t->nargs = a->nargs;
		t->probe = tp_probes[a->nargs];
	}
	err = wasmk_trace_check_nargs(l, t->nargs, t->target, log);
	if (err) {
		kfree(t);
		return err;
	}
	l->priv = t;
	err = tracepoint_probe_register(t->tp, t->probe, l);
	if (err) {
		wasm_log_printf(log, "tracepoint_probe_register(%s) failed: %d", t->target, err);
		l->priv = NULL;
		kfree(t);
	}
	return err;
}

static void tp_detach(struct wasmk_link *l)
{
	struct tp_link *t = l->priv;

	WARN_ON_ONCE(tracepoint_probe_unregister(t->tp, t->probe, l));
	/* No CPU runs the handler after this. */
	tracepoint_synchronize_unregister();
}

static void tp_info(const struct wasmk_link *l, struct wasmk_link_info *i)
{
	const struct tp_link *t = l->priv;

	strscpy(i->target, t->target, sizeof(i->target));
	i->nargs = t->nargs;
}

const struct wasmk_hook_type wasmk_hook_tracepoint = {
	.kind = WASMK_HOOK_TRACEPOINT,
	.name = "tracepoint",
	.cap = CAP_PERFMON,
	.check_entry = wasmk_trace_check_entry,
	.attach = tp_attach,
	.detach = tp_detach,
	.info = tp_info,
};
