// SPDX-License-Identifier: GPL-2.0
/*
 * XDP and tc links.  The kernel attaches eBPF programs at XDP and tc, not
 * modules: the wasmk CLI loads a tiny eBPF program (its shim) that calls a
 * kfunc of this module with a link id, and the kfunc runs that link's
 * handler on the packet and returns the verdict.  These links live in a
 * table of slots that their ids name, read under RCU by the kfuncs (which
 * any eBPF program of the right type may call, with any id: an unknown id
 * passes).
 * Detach removes the link and waits for an RCU grace period, which covers
 * the BH-disabled and RCU sections eBPF programs run in.
 *
 * kfuncs need the module's BTF (resolve_btfids fills the id sets at build
 * time); without it these links are refused and the rest works.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/pkt_cls.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <net/xdp.h>

#include <wasmk/guest.h>

#include "compat.h"
#include "host.h"
#include "link.h"
#include "rt.h"
#include "wasmk.h"

/*
 * The XDP and tc links by slot: a link's id names its slot (id modulo the
 * table's size, which is the most links there can be), so the kfuncs find
 * a link with one load and one compare, never a search; link.c gives these
 * links only ids whose slot is free (xdp_id_usable()).  Written under
 * xdp_lock, read under RCU.
 */
#define XDP_SLOTS	WASMK_MAX_LINKS
static DEFINE_MUTEX(xdp_lock);
static struct wasmk_link __rcu *xdp_slot[XDP_SLOTS];
static bool xdp_ready;

bool wasmk_xdp_available(void)
{
	return READ_ONCE(xdp_ready);
}

static struct wasmk_link *find_link(u32 id, u32 kind)
{
	struct wasmk_link *l = rcu_dereference(xdp_slot[id % XDP_SLOTS]);

	return l && l->id == id && l->type->kind == kind ? l : NULL;
}

static bool xdp_id_usable(u32 id)
{
	return !rcu_access_pointer(xdp_slot[id % XDP_SLOTS]);
}

/*
 * u64 wasmk_xdp_run(struct xdp_md *ctx, u32 link_id): XDP_PASS, XDP_DROP,
 * XDP_TX, or XDP_REDIRECT with the target ifindex in the high 32 bits (the
 * shim calls bpf_redirect() with it: uapi/linux/wasmk.h).  The handler
 * sees the frame's linear part, its network header at offset 0 and the
 * Ethernet header before it; frames other than IPv4 and IPv6 pass without
 * running it.  It may write the frame and move its head and tail (pkt.c),
 * as an XDP program's helpers would: the driver takes xdp->data and
 * data_end from the buffer after the program returns.
 */
wasmk_kfunc u64 wasmk_xdp_run(struct xdp_md *xdp_ctx, u32 link_id)
{
	struct xdp_buff *xdp = (struct xdp_buff *)xdp_ctx;
	const struct ethhdr *eth = xdp->data;
	struct wasmk_ctx ctx = {
		.hook = WASMK_HOOK_XDP,
		.xdp = xdp,
		.l2_len = ETH_HLEN,
		.ifindex = xdp->rxq->dev->ifindex,
	};
	struct wasmk_link *l;
	u32 v = WASMK_VERDICT_ACCEPT;

	if (xdp->data + ETH_HLEN > xdp->data_end ||
	    (eth->h_proto != htons(ETH_P_IP) && eth->h_proto != htons(ETH_P_IPV6)))
		return XDP_PASS;
	wasmk_xdp_view(&ctx);
	rcu_read_lock();
	l = find_link(link_id, WASMK_HOOK_XDP);
	if (l)
		v = wasmk_link_run_pkt(l, &ctx, BIT(WASMK_VERDICT_TX) | BIT(WASMK_VERDICT_REDIRECT));
	rcu_read_unlock();
	switch (v) {
	case WASMK_VERDICT_DROP:
		return XDP_DROP;
	case WASMK_VERDICT_TX:
		return XDP_TX;
	case WASMK_VERDICT_REDIRECT:
		return XDP_REDIRECT | (u64)ctx.redirect_ifindex << 32;
	}
	return XDP_PASS;
}

/*
 * u64 wasmk_tc_run(struct __sk_buff *ctx, u32 link_id): TC_ACT_OK,
 * TC_ACT_SHOT, or TC_ACT_REDIRECT with the target ifindex in the high 32
 * bits and WASMK_SHIM_F_INGRESS for a redirect into its receive path.  For
 * IPv4 and IPv6 packets (others: TC_ACT_OK, not run).  skb->data is at the
 * MAC header on both directions (cls_bpf pushes it on ingress), so the
 * handler reaches the link-layer header; writes go through
 * skb_ensure_writable() (pkt.c), which is what bpf_skb_store_bytes() does,
 * and cls_bpf recomputes the data pointers before each program.
 */
wasmk_kfunc u64 wasmk_tc_run(struct __sk_buff *skb_ctx, u32 link_id)
{
	struct sk_buff *skb = (struct sk_buff *)skb_ctx;
	struct wasmk_ctx ctx = { .hook = WASMK_HOOK_TC, .skb = skb };
	struct wasmk_link *l;
	u32 v = WASMK_VERDICT_ACCEPT;

	if ((skb->protocol != htons(ETH_P_IP) && skb->protocol != htons(ETH_P_IPV6)) ||
	    skb_network_offset(skb) < 0 ||
	    skb->len < skb_network_offset(skb))
		return TC_ACT_OK;
	ctx.len = skb->len - skb_network_offset(skb);
	ctx.l2_len = skb_network_offset(skb);
	ctx.ifindex = skb->dev ? skb->dev->ifindex : 0;
	rcu_read_lock();
	l = find_link(link_id, WASMK_HOOK_TC);
	if (l)
		v = wasmk_link_run_pkt(l, &ctx, BIT(WASMK_VERDICT_REDIRECT));
	rcu_read_unlock();
	switch (v) {
	case WASMK_VERDICT_DROP:
		return TC_ACT_SHOT;
	case WASMK_VERDICT_REDIRECT:
		return TC_ACT_REDIRECT | (u64)ctx.redirect_ifindex << 32 |
		       (ctx.redirect_flags & WASMK_REDIRECT_INGRESS ? WASMK_SHIM_F_INGRESS : 0);
	}
	return TC_ACT_OK;
}

WASMK_KFUNCS_START(wasmk_xdp_kfunc_ids)
BTF_ID_FLAGS(func, wasmk_xdp_run)
WASMK_KFUNCS_END(wasmk_xdp_kfunc_ids)

WASMK_KFUNCS_START(wasmk_tc_kfunc_ids)
BTF_ID_FLAGS(func, wasmk_tc_run)
WASMK_KFUNCS_END(wasmk_tc_kfunc_ids)

static const struct btf_kfunc_id_set wasmk_xdp_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &wasmk_xdp_kfunc_ids,
};

static const struct btf_kfunc_id_set wasmk_tc_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &wasmk_tc_kfunc_ids,
};

static int xdp_attach(struct wasmk_link *l, const struct wasmk_link_attach *a,
		      struct wasm_log *log)
{
	bool xdp = l->type->kind == WASMK_HOOK_XDP;
	struct net_device *dev;

	if (!wasmk_xdp_available()) {
		wasm_log_printf(log,
				"XDP and tc links need wasmk.ko built with module BTF (see README: module BTF)");
		return -EOPNOTSUPP;
	}
	if (a->nf_family || a->nf_hooknum || a->nf_priority || a->target[0] ||
	    a->target_offset || a->nargs || memchr_inv(a->arg_size, 0, sizeof(a->arg_size)) ||
	    memchr_inv(a->arg_signed, 0, sizeof(a->arg_signed))) {
		wasm_log_printf(log, "netfilter and tracing fields do not apply to %s links",
				l->type->name);
		return -EINVAL;
	}
	if (a->attach_mode != (xdp ? WASMK_XDP_NATIVE : WASMK_TC_INGRESS) &&
	    a->attach_mode != (xdp ? WASMK_XDP_GENERIC : WASMK_TC_EGRESS)) {
		wasm_log_printf(log, xdp ? "XDP mode %u: expected 1 (native) or 2 (generic)" :
				"tc direction %u: expected 1 (ingress) or 2 (egress)", a->attach_mode);
		return -EINVAL;
	}
	dev = dev_get_by_index(current->nsproxy->net_ns, a->ifindex);
	if (!dev) {
		wasm_log_printf(log, "no network device with index %u in this namespace",
				a->ifindex);
		return -ENODEV;
	}
	dev_put(dev);
	l->netns_cookie = current->nsproxy->net_ns->net_cookie;
	l->ifindex = a->ifindex;
	l->attach_mode = a->attach_mode;
	mutex_lock(&xdp_lock);
	if (rcu_access_pointer(xdp_slot[l->id % XDP_SLOTS])) {
		/* (link.c asked xdp_id_usable() under the same link_lock) */
		mutex_unlock(&xdp_lock);
		return -EBUSY;
	}
	rcu_assign_pointer(xdp_slot[l->id % XDP_SLOTS], l);
	mutex_unlock(&xdp_lock);
	/* rmmod fails (module in use) while the shim is attached: say why here */
	pr_info("link %u: %s on ifindex %u; its eBPF shim holds wasmk.ko: 'wasmk link detach %u' before rmmod\n",
		l->id, l->type->name, l->ifindex, l->id);
	return 0;
}

static void xdp_detach(struct wasmk_link *l)
{
	mutex_lock(&xdp_lock);
	RCU_INIT_POINTER(xdp_slot[l->id % XDP_SLOTS], NULL);
	mutex_unlock(&xdp_lock);
	/* eBPF programs run under RCU (or with BH off): none runs it now. */
	synchronize_rcu();
}

static void xdp_info(const struct wasmk_link *l, struct wasmk_link_info *i)
{
	i->ifindex = l->ifindex;
	i->attach_mode = l->attach_mode;
	i->netns_cookie = l->netns_cookie;
}

const struct wasmk_hook_type wasmk_hook_xdp = {
	.kind = WASMK_HOOK_XDP,
	.name = "xdp",
	.cap = CAP_NET_ADMIN,
	.check_entry = wasmk_pkt_check_entry,
	.id_usable = xdp_id_usable,
	.attach = xdp_attach,
	.detach = xdp_detach,
	.info = xdp_info,
};

const struct wasmk_hook_type wasmk_hook_tc = {
	.kind = WASMK_HOOK_TC,
	.name = "tc",
	.cap = CAP_NET_ADMIN,
	.check_entry = wasmk_pkt_check_entry,
	.id_usable = xdp_id_usable,
	.attach = xdp_attach,
	.detach = xdp_detach,
	.info = xdp_info,
};

/*
 * Register the kfuncs.  Without the module's BTF, or with id sets that
 * resolve_btfids did not fill, registration would do nothing silently:
 * say so and leave XDP and tc links off.
 */
void wasmk_xdp_init(void)
{
#ifdef CONFIG_DEBUG_INFO_BTF_MODULES
	int err;

	if (!THIS_MODULE->btf_data_size || !wasmk_xdp_kfunc_ids.pairs[0].id ||
	    !wasmk_tc_kfunc_ids.pairs[0].id) {
		pr_warn("built without module BTF: XDP and tc links are off (see README: module BTF)\n");
		return;
	}
	err = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &wasmk_xdp_kfunc_set);
	if (!err)
		err = register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &wasmk_tc_kfunc_set);
	if (err) {
		pr_warn("registering the XDP and tc kfuncs failed (%d): XDP and tc links are off\n",
			err);
		return;
	}
	WRITE_ONCE(xdp_ready, true);
#else
	pr_info("kernel without module BTF: XDP and tc links are off\n");
#endif
}
