// SPDX-License-Identifier: GPL-2.0
/*
 * The packet host functions: reading and writing the packet a netfilter,
 * XDP or tc handler runs on, checksum fix-ups, moving an XDP frame's head
 * and tail, and naming a redirect target (declared for C in
 * uapi/wasmk/guest.h).  They run in the hook's context (softirq, or the
 * sending task's with BH off): no sleeping, no lock; only
 * skb_ensure_writable() allocates (GFP_ATOMIC), and its failure is an error
 * the handler sees.
 *
 * Offsets are from the network header; negative ones reach the bytes
 * before it that the hook lets a handler see (ctx->l2_len: the Ethernet
 * header on XDP and tc, none on netfilter).  Writes go where the kernel's
 * own eBPF helpers write, with their checks:
 *   XDP		the frame's linear data (bpf_xdp_store_bytes()), its head and
 *		tail moved as bpf_xdp_adjust_head() and _tail() do;
 *   tc, netfilter	the skb's head after skb_ensure_writable(), as
 *		bpf_skb_store_bytes() (a clone's header is copied first).
 * Checksums are updated incrementally as bpf_l3_csum_replace() and
 * bpf_l4_csum_replace() do: on an skb through inet_proto_csum_replace4(),
 * which keeps CHECKSUM_PARTIAL (only pseudo-header fields change the
 * field; the rest is summed at transmit) and CHECKSUM_COMPLETE (skb->csum
 * follows pseudo-header changes) right.  An XDP frame has no checksum
 * state: its checksums are the full ones on the wire and are updated so.
 *
 * Fuel: the base costs are in helpers.c's table; stores and grown tails
 * also pay wasm_fuel_bytes() of their bytes before touching the packet.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/xdp.h>

#include <wasmk/guest.h>

#include "compat.h"
#include "host.h"
#include "rt.h"

/*
 * Most of these return 0 or -errno (an i32): h_NAME runs NAME(), which
 * returns that or sets *trap (a bad guest pointer, out of fuel).
 */
#define HOST_ERRNO(name)						\
int h_##name(struct wasm_instance *inst, void *data, u64 *s)		\
{									\
	int trap = 0;							\
	long r = name(inst, s, &trap);					\
									\
	s[0] = (u32)r;							\
	return trap;							\
}

static bool has_pkt(const struct wasmk_ctx *ctx)
{
	return ctx && (ctx->skb || ctx->bytes);
}

/* Is [off, off + len) all inside what the handler may reach? */
static bool pkt_range(const struct wasmk_ctx *ctx, s32 off, u32 len)
{
	return (s64)off >= -(s64)ctx->l2_len && (s64)off + len <= ctx->len;
}

/*
 * The frame's (XDP, test runs) address of [off, off + len), once
 * pkt_range() said yes, with the offset clamped under speculation too: the
 * handler chooses it, and a mispredicted range check must not read or
 * write past the frame (as guest_range() does for linear memory).
 */
static u8 *frame_ptr(const struct wasmk_ctx *ctx, s32 off, u32 len)
{
	u64 base = (s64)off + ctx->l2_len;

	return ctx->bytes - ctx->l2_len +
	       wasm_index_nospec(base, (u64)ctx->l2_len + ctx->len - len + 1);
}

/*
 * Copy n bytes for pkt_load(): headers, a few dozen bytes at a time.  The
 * kernel's memcpy() is "rep movsb" on CPUs with ERMS, which costs a few
 * dozen cycles to start on hardware without FSRM and a byte at a time
 * under emulation; up to 32 bytes this is two or four overlapping loads
 * and stores instead (as C libraries copy small sizes), with no loop the
 * compiler could turn back into a memcpy() call.
 */
static void pkt_copy(u8 *dst, const u8 *src, u32 n)
{
	if (n > 32) {
		memcpy(dst, src, n);
	} else if (n > 16) {
		u64 a = get_unaligned((const u64 *)src);
		u64 b = get_unaligned((const u64 *)(src + 8));
		u64 c = get_unaligned((const u64 *)(src + n - 16));
		u64 d = get_unaligned((const u64 *)(src + n - 8));

		put_unaligned(a, (u64 *)dst);
		put_unaligned(b, (u64 *)(dst + 8));
		put_unaligned(c, (u64 *)(dst + n - 16));
		put_unaligned(d, (u64 *)(dst + n - 8));
	} else if (n >= 8) {
		u64 a = get_unaligned((const u64 *)src);
		u64 b = get_unaligned((const u64 *)(src + n - 8));

		put_unaligned(a, (u64 *)dst);
		put_unaligned(b, (u64 *)(dst + n - 8));
	} else if (n >= 4) {
		u32 a = get_unaligned((const u32 *)src);
		u32 b = get_unaligned((const u32 *)(src + n - 4));

		put_unaligned(a, (u32 *)dst);
		put_unaligned(b, (u32 *)(dst + n - 4));
	} else if (n) {
		u8 a = src[0], b = src[n / 2], c = src[n - 1];

		dst[0] = a;
		dst[n / 2] = b;
		dst[n - 1] = c;
	}
}

/* An XDP frame's view: the network header 14 bytes after its start. */
void wasmk_xdp_view(struct wasmk_ctx *ctx)
{
	struct xdp_buff *xdp = ctx->xdp;

	ctx->bytes = (u8 *)xdp->data + ETH_HLEN;
	ctx->len = xdp->data_end - xdp->data - ETH_HLEN;
}

/*
 * The skb head's bytes [at, at + len), which the caller checked the head
 * holds, with at clamped under speculation as frame_ptr() clamps it.
 */
static u8 *skb_head_ptr(struct sk_buff *skb, u32 at, u32 len)
{
	return skb->data + wasm_index_nospec(at, (u64)skb_headlen(skb) - len + 1);
}

/*
 * The address of [off, off + len) to write, once pkt_range() said yes: in
 * the frame (XDP, test runs), or in the skb's head made private and linear
 * up to there first.  NULL when that failed (no memory).
 */
static u8 *pkt_write_ptr(struct wasmk_ctx *ctx, s32 off, u32 len)
{
	struct sk_buff *skb = ctx->skb;
	int doff;

	if (!skb)
		return frame_ptr(ctx, off, len);
	doff = skb_network_offset(skb) + off;
	if (doff < 0 || skb_ensure_writable(skb, doff + len))
		return NULL;
	/* the head is linear up to doff + len now */
	return skb_head_ptr(skb, doff, len);
}

/* i32 pkt_len(void): bytes of the packet from its network header on. */
int h_pkt_len(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_ctx *ctx = ctx_of(inst);

	s[0] = ctx ? ctx->len : 0;
	return 0;
}

/*
 * i32 pkt_load(i32 offset, void *dst, u32 len): copy up to len packet
 * bytes from offset to dst; returns the bytes copied (fewer at the
 * packet's end, 0 past it or before the reachable link-layer header).
 */
int h_pkt_load(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_ctx *ctx = ctx_of(inst);
	s32 off = (s32)s[0];
	u32 len = (u32)s[2], n;
	u8 *dst = guest_range(inst, (u32)s[1], len);
	int trap;

	if (!dst)
		return WASM_TRAP_MEM_OOB;
	s[0] = 0;
	if (!has_pkt(ctx) || (s64)off < -(s64)ctx->l2_len || (s64)off >= ctx->len)
		return 0;
	n = min_t(s64, len, (s64)ctx->len - off);
	trap = wasm_fuel_charge(inst, wasm_fuel_bytes(n));
	if (trap)
		return trap;
	if (ctx->skb) {
		struct sk_buff *skb = ctx->skb;
		s64 at = (s64)skb_network_offset(skb) + off;

		/* in the linear head (nearly always) */
		if (at >= 0 && at + n <= skb_headlen(skb))
			pkt_copy(dst, skb_head_ptr(skb, at, n), n);
		else if (skb_copy_bits(skb, at, dst, n))
			n = 0;
	} else {
		pkt_copy(dst, frame_ptr(ctx, off, n), n);
	}
	s[0] = n;
	return 0;
}

/*
 * i32 pkt_protocol(void): the packet's L3 protocol as an ethertype,
 * 0x0800 (IPv4) or 0x86dd (IPv6); 0 outside a packet hook.
 */
int h_pkt_protocol(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_ctx *ctx = ctx_of(inst);

	s[0] = 0;
	if (ctx && ctx->skb)
		s[0] = ntohs(ctx->skb->protocol);
	else if (ctx && ctx->bytes && ctx->len)
		s[0] = (ctx->bytes[0] >> 4) == 6 ? ETH_P_IPV6 :
		       (ctx->bytes[0] >> 4) == 4 ? ETH_P_IP : 0;
	return 0;
}

/*
 * i32 pkt_store(i32 offset, const void *src, u32 len, u32 flags): write
 * len bytes from src into the packet at offset.  flags:
 * WASMK_PKT_F_RECOMPUTE_CSUM keeps a CHECKSUM_COMPLETE skb's skb->csum
 * right over the change (BPF_F_RECOMPUTE_CSUM; for bytes no checksum
 * fix-up compensates).  0, or -ERANGE (not all inside the packet), -EPERM
 * (no packet: not a packet hook), -EINVAL (flags), -ENOMEM (the skb could
 * not be made writable).
 */
static long pkt_store(struct wasm_instance *inst, const u64 *s, int *trap)
{
	struct wasmk_ctx *ctx = ctx_of(inst);
	s32 off = (s32)s[0];
	u32 len = (u32)s[2], flags = (u32)s[3];
	const u8 *src = guest_range(inst, (u32)s[1], len);
	struct sk_buff *skb;
	u8 *dst;

	if (!src) {
		*trap = WASM_TRAP_MEM_OOB;
		return 0;
	}
	if (flags & ~WASMK_PKT_F_RECOMPUTE_CSUM)
		return -EINVAL;
	if (!has_pkt(ctx))
		return -EPERM;
	if (!pkt_range(ctx, off, len))
		return -ERANGE;
	*trap = wasm_fuel_charge(inst, wasm_fuel_bytes(len));
	if (*trap)
		return 0;
	dst = pkt_write_ptr(ctx, off, len);
	if (!dst)
		return -ENOMEM;
	skb = (flags & WASMK_PKT_F_RECOMPUTE_CSUM) ? ctx->skb : NULL;
	if (skb)
		__skb_postpull_rcsum(skb, dst, len, dst - skb->data);
	memcpy(dst, src, len);
	if (skb)
		__skb_postpush_rcsum(skb, dst, len, dst - skb->data);
	return 0;
}

HOST_ERRNO(pkt_store)

/* The 16-bit checksum field at off, writable; or NULL and the errno in *err. */
static __sum16 *csum_field(struct wasmk_ctx *ctx, s32 off, long *err)
{
	__sum16 *p;

	*err = -EPERM;
	if (!has_pkt(ctx))
		return NULL;
	*err = -ERANGE;
	if (!pkt_range(ctx, off, sizeof(*p)))
		return NULL;
	*err = -ENOMEM;
	p = (__sum16 *)pkt_write_ptr(ctx, off, sizeof(*p));
	return p;
}

/*
 * i32 l3_csum_replace(i32 offset, u32 from, u32 to, u32 size): a header
 * checksum at offset (an IPv4 header's is at 10) after a size-byte field
 * (2 or 4) it covers changed from `from` to `to` (the field's bytes as
 * loaded: network order).  0, or -EINVAL (size), -ERANGE, -EPERM, -ENOMEM
 * as pkt_store().
 */
static long l3_csum_replace(struct wasm_instance *inst, const u64 *s, int *trap)
{
	struct wasmk_ctx *ctx = ctx_of(inst);
	u32 from = (u32)s[1], to = (u32)s[2], size = (u32)s[3];
	__sum16 *p;
	long err;

	if (size != 2 && size != 4)
		return -EINVAL;
	p = csum_field(ctx, (s32)s[0], &err);
	if (!p)
		return err;
	if (size == 2)
		csum_replace2(p, (__force __be16)(u16)from, (__force __be16)(u16)to);
	else
		csum_replace4(p, (__force __be32)from, (__force __be32)to);
	return 0;
}

HOST_ERRNO(l3_csum_replace)

/*
 * i32 l4_csum_replace(i32 offset, u32 from, u32 to, u32 flags): the TCP or
 * UDP checksum at offset after a field changed; flags: the field's size (2
 * or 4) | WASMK_CSUM_PSEUDO (the field is in the pseudo-header: an
 * address) | WASMK_CSUM_MANGLED_0 (UDP: a zero checksum means none and
 * stays zero; a result of zero is written as 0xffff).  Results as
 * l3_csum_replace().
 */
static long l4_csum_replace(struct wasm_instance *inst, const u64 *s, int *trap)
{
	struct wasmk_ctx *ctx = ctx_of(inst);
	u32 from = (u32)s[1], to = (u32)s[2], flags = (u32)s[3];
	u32 size = flags & WASMK_CSUM_SIZE_MASK;
	bool pseudo = flags & WASMK_CSUM_PSEUDO, mangled0 = flags & WASMK_CSUM_MANGLED_0;
	__sum16 *p;
	long err;

	if ((flags & ~(WASMK_CSUM_SIZE_MASK | WASMK_CSUM_PSEUDO | WASMK_CSUM_MANGLED_0)) ||
	    (size != 2 && size != 4))
		return -EINVAL;
	p = csum_field(ctx, (s32)s[0], &err);
	if (!p)
		return err;
	if (mangled0 && !*p)
		return 0;
	if (ctx->skb && size == 2)
		inet_proto_csum_replace2(p, ctx->skb, (__force __be16)(u16)from,
					 (__force __be16)(u16)to, pseudo);
	else if (ctx->skb)
		inet_proto_csum_replace4(p, ctx->skb, (__force __be32)from,
					 (__force __be32)to, pseudo);
	else if (size == 2)
		csum_replace2(p, (__force __be16)(u16)from, (__force __be16)(u16)to);
	else
		csum_replace4(p, (__force __be32)from, (__force __be32)to);
	if (mangled0 && !*p)
		*p = CSUM_MANGLED_0;
	return 0;
}

HOST_ERRNO(l4_csum_replace)

/*
 * i32 pkt_adjust_head(i32 delta): XDP only: move the frame's start by
 * delta bytes, negative to grow it (room for a header to push, zeroed),
 * positive to shrink it (pop one).  Offsets stay relative to 14
 * bytes after the new start.  The checks are bpf_xdp_adjust_head()'s: room
 * for the xdp_frame and metadata in front, an Ethernet header's worth
 * left.  0, or -EINVAL (too far), -EOPNOTSUPP (not an XDP frame).
 */
static long pkt_adjust_head(struct wasm_instance *inst, const u64 *s, int *trap)
{
	struct wasmk_ctx *ctx = ctx_of(inst);
	struct xdp_buff *xdp = ctx ? ctx->xdp : NULL;
	s32 delta = (s32)s[0];
	unsigned long metalen;
	void *start, *dstart;

	if (!xdp)
		return -EOPNOTSUPP;
	metalen = xdp_data_meta_unsupported(xdp) ? 0 : xdp->data - xdp->data_meta;
	start = xdp->data_hard_start + sizeof(struct xdp_frame) + metalen;
	/* compared as addresses: delta is at most 2^31 either way */
	dstart = xdp->data + delta;
	if (dstart < start || dstart > xdp->data_end - ETH_HLEN)
		return -EINVAL;
	if (delta < 0) {
		*trap = wasm_fuel_charge(inst, wasm_fuel_bytes(-(s64)delta));
		if (*trap)
			return 0;
	}
	if (metalen)
		memmove(xdp->data_meta + delta, xdp->data_meta, metalen);
	xdp->data_meta += delta;
	xdp->data = dstart;
	/* the headroom may hold an earlier packet's bytes: the handler sees zeroes */
	if (delta < 0)
		memset(dstart, 0, -(s64)delta);
	wasmk_xdp_view(ctx);
	return 0;
}

HOST_ERRNO(pkt_adjust_head)

/*
 * i32 pkt_adjust_tail(i32 delta): XDP only: grow (positive, new bytes
 * zeroed) or shrink the frame's end, as bpf_xdp_adjust_tail() on a frame
 * without fragments: within the buffer's tailroom, an Ethernet header's
 * worth left.  0, or -EINVAL, -EOPNOTSUPP (not an XDP frame, or one in
 * fragments).
 */
static long pkt_adjust_tail(struct wasm_instance *inst, const u64 *s, int *trap)
{
	struct wasmk_ctx *ctx = ctx_of(inst);
	struct xdp_buff *xdp = ctx ? ctx->xdp : NULL;
	s32 delta = (s32)s[0];
	void *end;

	if (!xdp || xdp_buff_has_frags(xdp))
		return -EOPNOTSUPP;
	end = xdp->data_end + delta;
	if (end > xdp_data_hard_end(xdp) || end < xdp->data + ETH_HLEN)
		return -EINVAL;
	if (delta > 0) {
		*trap = wasm_fuel_charge(inst, wasm_fuel_bytes(delta));
		if (*trap)
			return 0;
		/* the tailroom may hold an earlier packet's bytes */
		memset(xdp->data_end, 0, delta);
	}
	xdp->data_end = end;
	wasmk_xdp_view(ctx);
	return 0;
}

HOST_ERRNO(pkt_adjust_tail)

/*
 * i32 redirect(u32 ifindex, u32 flags): the device a WASMK_VERDICT_REDIRECT
 * sends the packet to (XDP: out of it; tc: out of it, or into its receive
 * path with WASMK_REDIRECT_INGRESS).  The eBPF shim calls bpf_redirect()
 * with it when the handler returns that verdict; a device that does not
 * exist then drops the packet, as bpf_redirect() does.  0, or -EINVAL
 * (ifindex 0, unknown flags, INGRESS on XDP), -EOPNOTSUPP (not XDP or tc).
 */
static long redirect(struct wasm_instance *inst, const u64 *s, int *trap)
{
	struct wasmk_ctx *ctx = ctx_of(inst);
	u32 ifindex = (u32)s[0], flags = (u32)s[1];

	if (!ctx || (ctx->hook != WASMK_HOOK_XDP && ctx->hook != WASMK_HOOK_TC))
		return -EOPNOTSUPP;
	if (!ifindex || (flags & ~WASMK_REDIRECT_INGRESS) ||
	    (flags && ctx->hook == WASMK_HOOK_XDP))
		return -EINVAL;
	ctx->redirect_ifindex = ifindex;
	ctx->redirect_flags = flags;
	ctx->verdicts |= BIT(WASMK_VERDICT_REDIRECT);
	return 0;
}

HOST_ERRNO(redirect)

/*
 * i32 pkt_ifindex(void): the device the packet is on: the receiving one on
 * XDP, tc ingress and netfilter's prerouting, input and forward hooks, the
 * sending one on tc egress and netfilter's output and postrouting; 0
 * outside a packet hook.
 */
int h_pkt_ifindex(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_ctx *ctx = ctx_of(inst);

	s[0] = ctx ? ctx->ifindex : 0;
	return 0;
}
