// SPDX-License-Identifier: GPL-2.0
/*
 * Links: a program's entry attached to a hook.
 *
 * Netfilter links register one nf_hook_ops in every network namespace,
 * present and future.  wasmk keeps its own list of namespaces (added by
 * the pernet init, removed by its exit) under link_lock, the same mutex
 * attach and detach hold, so every (link, namespace) pair is registered
 * exactly once whatever order namespaces and links come and go in.
 *
 * Hooks run under rcu_read_lock(): detach unregisters from every
 * namespace, then synchronize_net() waits for running handlers before the
 * link and its program reference are dropped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "rt.h"
#include "wasmk.h"

#define WASMK_MAX_LINKS	1024

struct wasmk_link_stats {
	u64 runs;
	u64 traps;
	u64 dropped;
	u64 missed;
};

struct wasmk_link {
	struct list_head node;
	u32 id;
	u32 hook;
	u32 flags;
	u32 funcidx;
	char entry[WASMK_NAME_LEN];
	struct wasmk_prog *prog;
	struct nf_hook_ops ops;
	struct wasmk_link_stats __percpu *stats;
};

struct wasmk_net {
	struct list_head node;
	struct net *net;
};

static DEFINE_MUTEX(link_lock);
static LIST_HEAD(links);
static LIST_HEAD(nets);
static DEFINE_IDR(link_idr);
static unsigned int nr_links;
static unsigned int wasmk_net_id;

static unsigned int wasmk_nf_hook(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	struct wasmk_link *l = priv;
	unsigned int def = (l->flags & WASMK_LINK_FAIL_CLOSED) ? NF_DROP : NF_ACCEPT;
	struct wasmk_ctx ctx = {
		.hook = WASMK_HOOK_NETFILTER,
		.skb = skb,
		.len = skb->len - skb_network_offset(skb),
	};
	u64 slots[1] = { ctx.len };
	unsigned int verdict;
	int trap;

	if (wasmk_rt_run(&l->prog->rt, l->funcidx, slots, &ctx, &trap, NULL)) {
		this_cpu_inc(l->stats->missed);
		verdict = def;
	} else {
		this_cpu_inc(l->stats->runs);
		if (trap) {
			this_cpu_inc(l->stats->traps);
			verdict = def;
		} else if ((u32)slots[0] == WASMK_VERDICT_DROP) {
			verdict = NF_DROP;
		} else if ((u32)slots[0] == WASMK_VERDICT_ACCEPT) {
			verdict = NF_ACCEPT;
		} else {
			verdict = def;
		}
	}
	if (verdict == NF_DROP)
		this_cpu_inc(l->stats->dropped);
	return verdict;
}

static void unregister_all(struct wasmk_link *l, struct wasmk_net *upto)
{
	struct wasmk_net *wn;

	list_for_each_entry(wn, &nets, node) {
		if (wn == upto)
			break;
		nf_unregister_net_hook(wn->net, &l->ops);
	}
}

static void link_free(struct wasmk_link *l)
{
	wasmk_prog_unlink(l->prog);
	free_percpu(l->stats);
	kfree(l);
}

/* Entry signature for a hook: netfilter takes (i32) or () and returns i32. */
static int check_entry(struct wasmk_prog *p, u32 hook, const char *entry, u32 *funcidx,
		       struct wasm_log *log)
{
	const struct wasm_functype *ft;
	u8 kind;
	u32 idx;

	if (wasm_module_find_export(p->mod, entry, strlen(entry), &kind, &idx) ||
	    kind != WASM_EXTERN_FUNC) {
		wasm_log_printf(log, "program '%s' exports no function '%s'", p->name, entry);
		return -ENOENT;
	}
	ft = wasm_module_func_type(p->mod, idx);
	if (!ft || ft->nresults != 1 || ft->results[0] != WASM_TYPE_I32 || ft->nparams > 1 ||
	    (ft->nparams == 1 && ft->params[0] != WASM_TYPE_I32)) {
		wasm_log_printf(log,
				"entry '%s' has the wrong signature for a netfilter hook: expected (i32) -> i32 or () -> i32",
				entry);
		return -EINVAL;
	}
	*funcidx = idx;
	return 0;
}

static int nf_attach(struct wasmk_link *l, struct wasmk_link_attach *a, struct wasm_log *log)
{
	struct wasmk_net *wn;
	int err;

	if (a->nf_family != NFPROTO_IPV4 && a->nf_family != NFPROTO_IPV6) {
		wasm_log_printf(log, "netfilter family %u: expected ipv4 (2) or ipv6 (10)",
				a->nf_family);
		return -EINVAL;
	}
	if (a->nf_hooknum >= NF_INET_NUMHOOKS) {
		wasm_log_printf(log, "netfilter hook %u: expected 0 (prerouting) .. 4 (postrouting)",
				a->nf_hooknum);
		return -EINVAL;
	}
	l->ops.hook = wasmk_nf_hook;
	l->ops.priv = l;
	l->ops.pf = a->nf_family;
	l->ops.hooknum = a->nf_hooknum;
	l->ops.priority = a->nf_priority;

	lockdep_assert_held(&link_lock);
	list_for_each_entry(wn, &nets, node) {
		err = nf_register_net_hook(wn->net, &l->ops);
		if (err) {
			unregister_all(l, wn);
			wasm_log_printf(log, "nf_register_net_hook failed: %d", err);
			return err;
		}
	}
	return 0;
}

static long link_attach(struct wasmk_link_attach *a, struct wasm_log *log)
{
	struct wasmk_link *l;
	int err;

	if (a->reserved || a->link_id)
		return -EINVAL;
	if (a->hook != WASMK_HOOK_NETFILTER) {
		wasm_log_printf(log, "unknown hook kind %u", a->hook);
		return -EINVAL;
	}
	if (!capable(CAP_SYS_ADMIN) && !capable(CAP_NET_ADMIN))
		return -EPERM;
	if (strnlen(a->entry, WASMK_NAME_LEN) == WASMK_NAME_LEN) {
		wasm_log_printf(log, "entry name is not NUL-terminated");
		return -EINVAL;
	}

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	l->stats = alloc_percpu(struct wasmk_link_stats);
	if (!l->stats) {
		kfree(l);
		return -ENOMEM;
	}
	strscpy(l->entry, a->entry[0] ? a->entry : "handler", WASMK_NAME_LEN);
	l->hook = a->hook;
	l->flags = a->flags;
	l->prog = wasmk_prog_link(a->prog_id);
	if (!l->prog) {
		wasm_log_printf(log, "no program with id %u", a->prog_id);
		free_percpu(l->stats);
		kfree(l);
		return -ENOENT;
	}
	err = check_entry(l->prog, a->hook, l->entry, &l->funcidx, log);
	if (err)
		goto err_free;

	mutex_lock(&link_lock);
	if (nr_links >= WASMK_MAX_LINKS) {
		wasm_log_printf(log, "too many links (limit %u)", WASMK_MAX_LINKS);
		err = -ENOSPC;
		goto err_unlock;
	}
	err = idr_alloc_cyclic(&link_idr, l, 1, INT_MAX, GFP_KERNEL);
	if (err < 0)
		goto err_unlock;
	l->id = err;
	err = nf_attach(l, a, log);
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
err_free:
	link_free(l);
	return err;
}

long wasmk_cmd_link_attach(union wasmk_karg *karg)
{
	struct wasmk_link_attach *a = &karg->link_attach;
	struct wasm_log log = {};
	u32 log_size = min_t(u32, a->log_size, WASMK_LOG_MAX);
	long ret;

	if (a->log_size && !a->log_buf)
		return -EINVAL;
	if (log_size) {
		log.buf = kvzalloc(log_size, GFP_KERNEL);
		if (!log.buf)
			return -ENOMEM;
		log.size = log_size;
	}
	ret = link_attach(a, &log);
	if (log.buf) {
		if (copy_to_user(u64_to_user_ptr(a->log_buf), log.buf, log.len + 1))
			ret = -EFAULT;
		kvfree(log.buf);
	}
	return ret;
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
	if (!capable(CAP_SYS_ADMIN) && !capable(CAP_NET_ADMIN)) {
		mutex_unlock(&link_lock);
		return -EPERM;
	}
	idr_remove(&link_idr, l->id);
	list_del(&l->node);
	nr_links--;
	unregister_all(l, NULL);
	mutex_unlock(&link_lock);
	/* No CPU runs the handler after this. */
	synchronize_net();
	link_free(l);
	return 0;
}

static void link_info(const struct wasmk_link *l, struct wasmk_link_info *i)
{
	int cpu;

	memset(i, 0, sizeof(*i));
	i->link_id = l->id;
	i->prog_id = l->prog->id;
	i->hook = l->hook;
	i->flags = l->flags;
	memcpy(i->entry, l->entry, WASMK_NAME_LEN);
	i->nf_family = l->ops.pf;
	i->nf_hooknum = l->ops.hooknum;
	i->nf_priority = l->ops.priority;
	for_each_possible_cpu(cpu) {
		const struct wasmk_link_stats *s = per_cpu_ptr(l->stats, cpu);

		i->runs += READ_ONCE(s->runs);
		i->traps += READ_ONCE(s->traps);
		i->dropped += READ_ONCE(s->dropped);
		i->missed += READ_ONCE(s->missed);
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

static int __net_init wasmk_net_init(struct net *net)
{
	struct wasmk_net *wn = net_generic(net, wasmk_net_id);
	struct wasmk_link *l;
	int err = 0;

	mutex_lock(&link_lock);
	wn->net = net;
	list_for_each_entry(l, &links, node) {
		err = nf_register_net_hook(net, &l->ops);
		if (err) {
			struct wasmk_link *u;

			list_for_each_entry(u, &links, node) {
				if (u == l)
					break;
				nf_unregister_net_hook(net, &u->ops);
			}
			break;
		}
	}
	if (!err)
		list_add_tail(&wn->node, &nets);
	mutex_unlock(&link_lock);
	return err;
}

static void __net_exit wasmk_net_exit(struct net *net)
{
	struct wasmk_net *wn = net_generic(net, wasmk_net_id);
	struct wasmk_link *l;

	mutex_lock(&link_lock);
	list_for_each_entry(l, &links, node)
		nf_unregister_net_hook(net, &l->ops);
	list_del(&wn->node);
	mutex_unlock(&link_lock);
}

static struct pernet_operations wasmk_net_ops = {
	.init = wasmk_net_init,
	.exit = wasmk_net_exit,
	.id = &wasmk_net_id,
	.size = sizeof(struct wasmk_net),
};

int wasmk_link_init(void)
{
	return register_pernet_subsys(&wasmk_net_ops);
}

/* rmmod: detach everything, then forget the namespaces. */
void wasmk_link_exit(void)
{
	struct wasmk_link *l, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&link_lock);
	list_for_each_entry_safe(l, tmp, &links, node) {
		idr_remove(&link_idr, l->id);
		unregister_all(l, NULL);
		list_move(&l->node, &dead);
	}
	nr_links = 0;
	mutex_unlock(&link_lock);
	synchronize_net();
	list_for_each_entry_safe(l, tmp, &dead, node)
		link_free(l);
	idr_destroy(&link_idr);
	unregister_pernet_subsys(&wasmk_net_ops);
}
