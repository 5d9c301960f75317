// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter links.  Each registers one nf_hook_ops in every network
 * namespace, present and future.  This file keeps its own list of
 * namespaces (added by the pernet init, removed by its exit) and of
 * netfilter links under nf_lock, so every (link, namespace) pair is
 * registered exactly once whatever order namespaces and links come and go
 * in.  Hooks run under rcu_read_lock(): detach unregisters everywhere,
 * then synchronize_net() waits for running handlers.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "link.h"
#include "rt.h"
#include "wasmk.h"

struct wasmk_net {
	struct list_head node;
	struct net *net;
};

static DEFINE_MUTEX(nf_lock);
static LIST_HEAD(nf_links);
static LIST_HEAD(nets);
static unsigned int wasmk_net_id;

static unsigned int wasmk_nf_hook(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	const struct net_device *dev = state->in ? state->in : state->out;
	struct wasmk_ctx ctx = {
		.hook = WASMK_HOOK_NETFILTER,
		.skb = skb,
		.len = skb->len - skb_network_offset(skb),
		.ifindex = dev ? dev->ifindex : 0,
	};

	/* a mangled packet goes on as any other (pkt_store made it private) */
	return wasmk_link_run_pkt(priv, &ctx, 0) == WASMK_VERDICT_DROP ? NF_DROP : NF_ACCEPT;
}

static void unregister_upto(struct wasmk_link *l, struct wasmk_net *upto)
{
	struct wasmk_net *wn;

	list_for_each_entry(wn, &nets, node) {
		if (wn == upto)
			break;
		nf_unregister_net_hook(wn->net, &l->nf);
	}
}

static int nf_attach(struct wasmk_link *l, const struct wasmk_link_attach *a,
		     struct wasm_log *log)
{
	struct wasmk_net *wn;
	int err = 0;

	if (a->target[0] || a->target_offset || a->nargs ||
	    memchr_inv(a->arg_size, 0, sizeof(a->arg_size)) ||
	    memchr_inv(a->arg_signed, 0, sizeof(a->arg_signed))) {
		wasm_log_printf(log, "target, target_offset and nargs do not apply to netfilter");
		return -EINVAL;
	}
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
	l->nf.hook = wasmk_nf_hook;
	l->nf.priv = l;
	l->nf.pf = a->nf_family;
	l->nf.hooknum = a->nf_hooknum;
	l->nf.priority = a->nf_priority;

	mutex_lock(&nf_lock);
	list_for_each_entry(wn, &nets, node) {
		err = nf_register_net_hook(wn->net, &l->nf);
		if (err) {
			unregister_upto(l, wn);
			wasm_log_printf(log, "nf_register_net_hook failed: %d", err);
			break;
		}
	}
	if (!err)
		list_add_tail(&l->hook_node, &nf_links);
	mutex_unlock(&nf_lock);
	return err;
}

static void nf_detach(struct wasmk_link *l)
{
	mutex_lock(&nf_lock);
	list_del(&l->hook_node);
	unregister_upto(l, NULL);
	mutex_unlock(&nf_lock);
	/* No CPU runs the handler after this. */
	synchronize_net();
}

static void nf_info(const struct wasmk_link *l, struct wasmk_link_info *i)
{
	i->nf_family = l->nf.pf;
	i->nf_hooknum = l->nf.hooknum;
	i->nf_priority = l->nf.priority;
}

const struct wasmk_hook_type wasmk_hook_netfilter = {
	.kind = WASMK_HOOK_NETFILTER,
	.name = "netfilter",
	.cap = CAP_NET_ADMIN,
	.check_entry = wasmk_pkt_check_entry,
	.attach = nf_attach,
	.detach = nf_detach,
	.info = nf_info,
};

static int __net_init wasmk_net_init(struct net *net)
{
	struct wasmk_net *wn = net_generic(net, wasmk_net_id);
	struct wasmk_link *l, *u;
	int err = 0;

	mutex_lock(&nf_lock);
	wn->net = net;
	list_for_each_entry(l, &nf_links, hook_node) {
		err = nf_register_net_hook(net, &l->nf);
		if (err) {
			list_for_each_entry(u, &nf_links, hook_node) {
				if (u == l)
					break;
				nf_unregister_net_hook(net, &u->nf);
			}
			break;
		}
	}
	if (!err)
		list_add_tail(&wn->node, &nets);
	mutex_unlock(&nf_lock);
	return err;
}

static void __net_exit wasmk_net_exit(struct net *net)
{
	struct wasmk_net *wn = net_generic(net, wasmk_net_id);
	struct wasmk_link *l;

	mutex_lock(&nf_lock);
	list_for_each_entry(l, &nf_links, hook_node)
		nf_unregister_net_hook(net, &l->nf);
	list_del(&wn->node);
	mutex_unlock(&nf_lock);
}

static struct pernet_operations wasmk_net_ops = {
	.init = wasmk_net_init,
	.exit = wasmk_net_exit,
	.id = &wasmk_net_id,
	.size = sizeof(struct wasmk_net),
};

int wasmk_netfilter_init(void)
{
	return register_pernet_subsys(&wasmk_net_ops);
}

/* Every netfilter link is detached before this (wasmk_link_exit). */
void wasmk_netfilter_exit(void)
{
	unregister_pernet_subsys(&wasmk_net_ops);
}
