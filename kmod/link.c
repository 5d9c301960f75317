// SPDX-License-Identifier: GPL-2.0
/*
 * Links: a program's entry attached to a hook.  This file is the generic
 * part - the registry (an IDR and a list under link_lock), the ioctls, the
 * entry lookup, the statistics; each hook kind (hook_*.c) registers,
 * unregisters and runs through struct wasmk_hook_type.
 *
 * Lifetime: a link holds a counted reference on its program (unload is
 * refused while links exist).  Detach unregisters the hook and waits, in
 * the hook's own way, until no CPU runs the handler; only then is the
 * link freed and the program reference dropped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "link.h"
#include "rt.h"
#include "wasmk.h"


static DEFINE_MUTEX(link_lock);
static LIST_HEAD(links);
static DEFINE_IDR(link_idr);
static unsigned int nr_links;

static const struct wasmk_hook_type *const hook_types[] = {
	&wasmk_hook_netfilter,
	&wasmk_hook_tracepoint,
	&wasmk_hook_kprobe,
	&wasmk_hook_kretprobe,
	&wasmk_hook_xdp,
	&wasmk_hook_tc,
	&wasmk_hook_uprobe,
	&wasmk_hook_uretprobe,
	&wasmk_hook_tp_record,
};

static const struct wasmk_hook_type *hook_type(u32 kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hook_types); i++)
		if (hook_types[i]->kind == kind)
			return hook_types[i];
	return NULL;
}

static void link_free(struct wasmk_link *l)
{
	if (l->prog)
		wasmk_prog_unlink(l->prog);
	free_percpu(l->cpu);
	kfree(l->priv);
	kfree(l);
}

/* The C path (the interpreter tier), by the run entries' rules (engine: RUN ENTRIES). */
static u32 link_run_c(struct wasmk_link *l, struct wasmk_link_cpu *lc, u64 *slots,
		      struct wasmk_ctx *ctx, u32 dflt)
{
	u32 r = dflt & 0xff;
	int trap;

	if (wasmk_rt_run(&l->prog->rt, l->funcidx, slots, ctx, &trap, NULL)) {
		lc->n.missed++;
	} else {
		lc->n.runs++;
		if (trap)
			lc->n.traps++;
		else if (!(dflt & WASM_RUN_MAP) ||
			 ((u32)slots[0] < 32 && (ctx->verdicts & BIT((u32)slots[0]))))
			r = (u32)slots[0];
	}
	if ((dflt & WASM_RUN_MAP) && r < WASM_RUN_NRESULTS)
		lc->n.results[r]++;
	return r;
}

/*
 * Run l's handler on slots (its arguments; slots[0] may be overwritten)
 * on this CPU, counted in the link's counters there: through the run
 * entry the JIT compiled for this CPU's instance - one indirect call, the
 * guard, budget, clock and statistics inside it - or the C path.  dflt:
 * the result of a trap or a missed run, and WASM_RUN_MAP to keep only the
 * results ctx->verdicts allows and count them by verdict.
 */
static u32 link_run(struct wasmk_link *l, u64 *slots, struct wasmk_ctx *ctx, u32 dflt)
{
	struct wasmk_link_cpu *lc;
	u32 r;

	preempt_disable();
	lc = this_cpu_ptr(l->cpu);
	if (likely(lc->run))
		r = lc->run(ctx, &lc->n, slots, dflt);
	else
		r = link_run_c(l, lc, slots, ctx, dflt);
	preempt_enable();
	return r;
}

/* Tracing hooks: run l's handler on slots (its arguments); its result is ignored. */
void wasmk_link_run(struct wasmk_link *l, u64 *slots, struct wasmk_ctx *ctx)
{
	link_run(l, slots, ctx, 0);
}

/*
 * Packet hooks (netfilter, XDP, tc): run l's handler on ctx; the
 * WASMK_VERDICT_* to apply, counted.  allowed: the verdicts the hook has
 * (a bit each; drop and accept always).  A trap, a re-entry (missed), a
 * result the hook lacks, or a redirect with no target named (redirect()
 * adds that verdict to ctx->verdicts) gives the link's default.
 */
u32 wasmk_link_run_pkt(struct wasmk_link *l, struct wasmk_ctx *ctx, u32 allowed)
{
	u32 dflt = (l->flags & WASMK_LINK_FAIL_CLOSED) ? WASMK_VERDICT_DROP :
			WASMK_VERDICT_ACCEPT;
	u64 slots[1] = { ctx->len };

	ctx->verdicts = (allowed & ~BIT(WASMK_VERDICT_REDIRECT)) | BIT(WASMK_VERDICT_DROP) |
			BIT(WASMK_VERDICT_ACCEPT);
	return link_run(l, slots, ctx, dflt | WASM_RUN_MAP);
}

/* A tracepoint record link: the handler gets the record's length; its result is ignored. */
void wasmk_link_run_record(struct wasmk_link *l, struct wasmk_ctx *ctx)
{
	u64 slots[1] = { ctx->record_len };

	wasmk_link_run(l, slots, ctx);
}

/* A packet hook's entry is (i32 len) -> i32 or () -> i32. */
int wasmk_pkt_check_entry(struct wasmk_link *l, const struct wasm_functype *ft,
			  struct wasm_log *log)
{
	if (ft->nresults != 1 || ft->results[0] != WASM_TYPE_I32 || ft->nparams > 1 ||
	    (ft->nparams == 1 && ft->params[0] != WASM_TYPE_I32)) {
		wasm_log_printf(log,
				"entry '%s' has the wrong signature for a %s hook: expected (i32) -> i32 or () -> i32",
				l->entry, l->type->name);
		return -EINVAL;
	}
	return 0;
}

static int find_entry(struct wasmk_link *l, struct wasm_log *log)
{
	const struct wasm_functype *ft;
	struct wasmk_prog *p = l->prog;
	u8 kind;
	u32 idx;

	if (wasm_module_find_export(p->mod, l->entry, strlen(l->entry), &kind, &idx) ||
	    kind != WASM_EXTERN_FUNC) {
		wasm_log_printf(log, "program '%s' exports no function '%s'", p->name, l->entry);
		return -ENOENT;
	}
	ft = wasm_module_func_type(p->mod, idx);
	if (!ft)
		return -EINVAL;
	l->funcidx = idx;
	l->nparams = ft->nparams;
	return l->type->check_entry(l, ft, log);
}

/*
 * The next id for l, cyclic as ever, that its hook can take (XDP and tc:
 * an id whose slot is free, hook_xdp.c).  With fewer than WASMK_MAX_LINKS
 * links, one of the next WASMK_MAX_LINKS ids is.  link_lock held.
 */
static int link_id_alloc(struct wasmk_link *l)
{
	int id, tries;

	for (tries = 0; tries <= WASMK_MAX_LINKS; tries++) {
		id = idr_alloc_cyclic(&link_idr, l, 1, INT_MAX, GFP_KERNEL);
		if (id < 0 || !l->type->id_usable || l->type->id_usable(id))
			return id;
		idr_remove(&link_idr, id);
	}
	return -ENOSPC;
}

static long link_attach(struct wasmk_link_attach *a, struct wasm_log *log)
{
	const struct wasmk_hook_type *type;
	struct wasmk_link *l;
	int cpu, err;

	if (a->reserved || a->reserved1 || a->reserved2 || a->link_id)
		return -EINVAL;
	type = hook_type(a->hook);
	if (!type) {
		wasm_log_printf(log, "unknown hook kind %u", a->hook);
		return -EINVAL;
	}
	/* The ioctl checked CAP_SYS_ADMIN or CAP_BPF; the hook wants more. */
	if (!capable(CAP_SYS_ADMIN) && !capable(type->cap))
		return -EPERM;
	if ((a->ifindex || a->attach_mode) && type != &wasmk_hook_xdp &&
	    type != &wasmk_hook_tc) {
		wasm_log_printf(log, "ifindex and attach_mode apply to xdp and tc links only");
		return -EINVAL;
	}
	if (strnlen(a->entry, WASMK_NAME_LEN) == WASMK_NAME_LEN) {
		wasm_log_printf(log, "entry name is not NUL-terminated");
		return -EINVAL;
	}

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	INIT_LIST_HEAD(&l->hook_node);
	l->type = type;
	l->flags = a->flags;
	strscpy(l->entry, a->entry[0] ? a->entry : "handler", WASMK_NAME_LEN);
	l->cpu = alloc_percpu(struct wasmk_link_cpu);
	if (!l->cpu) {
		link_free(l);
		return -ENOMEM;
	}
	l->prog = wasmk_prog_link(a->prog_id);
	if (!l->prog) {
		wasm_log_printf(log, "no program with id %u", a->prog_id);
		link_free(l);
		return -ENOENT;
	}
	err = find_entry(l, log);
	if (!err && l->prog->reads_kernel && type->kind != WASMK_HOOK_TRACEPOINT &&
	    type->kind != WASMK_HOOK_KPROBE && type->kind != WASMK_HOOK_KRETPROBE &&
	    type->kind != WASMK_HOOK_UPROBE && type->kind != WASMK_HOOK_URETPROBE &&
	    type->kind != WASMK_HOOK_TP_RECORD) {
		wasm_log_printf(log,
				"program '%s' reads kernel memory (probe_read_kernel, current_task): it attaches to tracing hooks only",
				l->prog->name);
		err = -EINVAL;
	}
	if (err) {
		link_free(l);
		return err;
	}
	/* each CPU's run entry of the function (NULL: the interpreter's C path) */
	for_each_possible_cpu(cpu)
		per_cpu_ptr(l->cpu, cpu)->run = wasmk_rt_entry(&l->prog->rt, cpu, l->funcidx);

	mutex_lock(&link_lock);
	if (nr_links >= WASMK_MAX_LINKS) {
		wasm_log_printf(log, "too many links (limit %u)", WASMK_MAX_LINKS);
		err = -ENOSPC;
		goto err_unlock;
	}
	err = link_id_alloc(l);
	if (err < 0)
		goto err_unlock;
	l->id = err;
	err = type->attach(l, a, log);
	if (err) {
		idr_remove(&link_idr, l->id);
		goto err_unlock;
	}
	list_add_tail(&l->node, &links);
	nr_links++;
	mutex_unlock(&link_lock);
	a->link_id = l->id;
	return 0;

err_unlock:
	mutex_unlock(&link_lock);
	link_free(l);
	return err;
}

long wasmk_cmd_link_attach(union wasmk_karg *karg)
{
	struct wasmk_link_attach *a = &karg->link_attach;
	struct wasm_log log;
	long ret;

	ret = wasmk_log_begin(&log, a->log_buf, a->log_size);
	if (ret)
		return ret;
	ret = link_attach(a, &log);
	return wasmk_log_end(&log, a->log_buf, ret);
}

long wasmk_cmd_link_detach(union wasmk_karg *karg)
{
	struct wasmk_link_detach *a = &karg->link_detach;
	struct wasmk_link *l;

	if (a->reserved)
		return -EINVAL;
	mutex_lock(&link_lock);
	l = idr_find(&link_idr, a->link_id);
	if (!l) {
		mutex_unlock(&link_lock);
		return -ENOENT;
	}
	if (!capable(CAP_SYS_ADMIN) && !capable(l->type->cap)) {
		mutex_unlock(&link_lock);
		return -EPERM;
	}
	idr_remove(&link_idr, l->id);
	list_del(&l->node);
	nr_links--;
	mutex_unlock(&link_lock);
	/* Waits until no CPU runs the handler. */
	l->type->detach(l);
	link_free(l);
	return 0;
}

static void link_info(const struct wasmk_link *l, struct wasmk_link_info *i)
{
	int cpu;

	BUILD_BUG_ON(WASMK_VERDICT_REDIRECT >= WASM_RUN_NRESULTS);
	memset(i, 0, sizeof(*i));
	i->link_id = l->id;
	i->prog_id = l->prog->id;
	i->hook = l->type->kind;
	i->flags = l->flags;
	memcpy(i->entry, l->entry, WASMK_NAME_LEN);
	l->type->info(l, i);
	for_each_possible_cpu(cpu) {
		const struct wasm_run_counters *n = &per_cpu_ptr(l->cpu, cpu)->n;

		i->runs += READ_ONCE(n->runs);
		i->traps += READ_ONCE(n->traps);
		i->dropped += READ_ONCE(n->results[WASMK_VERDICT_DROP]);
		i->passed += READ_ONCE(n->results[WASMK_VERDICT_ACCEPT]);
		i->tx += READ_ONCE(n->results[WASMK_VERDICT_TX]);
		i->redirected += READ_ONCE(n->results[WASMK_VERDICT_REDIRECT]);
		i->missed += READ_ONCE(n->missed);
	}
}

long wasmk_cmd_link_list(union wasmk_karg *karg)
{
	struct wasmk_link_list *a = &karg->link_list;
	struct wasmk_link_info *infos = NULL;
	struct wasmk_link *l;
	u32 n = 0, cap, isz, i;
	long ret = 0;

	if (a->count && (!a->links || !a->info_size))
		return -EINVAL;
	if (a->info_size > 4096)
		return -E2BIG;
	cap = min_t(u32, a->count, WASMK_MAX_LINKS);
	isz = min_t(u32, a->info_size, sizeof(*infos));
	if (cap) {
		infos = kvcalloc(cap, sizeof(*infos), GFP_KERNEL);
		if (!infos)
			return -ENOMEM;
	}
	mutex_lock(&link_lock);
	list_for_each_entry(l, &links, node) {
		if (n < cap)
			link_info(l, &infos[n]);
		n++;
	}
	mutex_unlock(&link_lock);
	for (i = 0; i < min(n, cap) && !ret; i++) {
		void __user *dst = u64_to_user_ptr(a->links) + (u64)i * a->info_size;

		if (copy_to_user(dst, &infos[i], isz) ||
		    (a->info_size > isz && clear_user(dst + isz, a->info_size - isz)))
			ret = -EFAULT;
	}
	kvfree(infos);
	a->count = n;
	return ret;
}

int wasmk_link_init(void)
{
	wasmk_xdp_init();
	return wasmk_netfilter_init();
}

/* rmmod: detach everything (each waits for its handlers), then the hooks. */
void wasmk_link_exit(void)
{
	struct wasmk_link *l, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&link_lock);
	list_for_each_entry_safe(l, tmp, &links, node) {
		idr_remove(&link_idr, l->id);
		list_move(&l->node, &dead);
	}
	nr_links = 0;
	mutex_unlock(&link_lock);
	list_for_each_entry_safe(l, tmp, &dead, node) {
		l->type->detach(l);
		link_free(l);
	}
	idr_destroy(&link_idr);
	wasmk_netfilter_exit();
}
