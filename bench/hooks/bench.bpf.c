// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF side of the side-by-side benchmarks (clang -O2 -target bpf,
 * loaded by kbench with libbpf).  The four workloads of workload.h as
 * SCHED_CLS programs (tc ingress; BPF_PROG_TEST_RUN runs them on a packet
 * that starts at the Ethernet header), "empty" and "parse" again as XDP
 * programs (against wasmk's XDP shim), the syscall-path counter as a
 * raw tracepoint program on sys_enter, the map benchmark's operations
 * (tc_map_*, against wasm_map.c), and the rewrite benchmark's twins of
 * examples/xdp_reflect.c and examples/nat_port.c.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

typedef __u8 wl_u8;
typedef __u32 wl_u32;
typedef __u64 wl_u64;

#include "workload.h"

#define ETH_HLEN	14

char LICENSE[] SEC("license") = "GPL";

/* One counter table per CPU, as wasmk's per-CPU linear memory. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, WL_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 512);
	__type(key, __u32);
	__type(value, __u64);
} sys_counts SEC(".maps");

volatile wl_u32 loop_out;

static __always_inline int tc_verdict(int v)
{
	return v == WL_DROP ? TC_ACT_SHOT : TC_ACT_OK;
}

/*
 * The IPv4 and L4 headers of the frame [data, end) by direct packet
 * access (tc and XDP alike): each read is proven in bounds by a
 * comparison with end first, as the verifier demands.
 */
static __always_inline int bpf_flow(const wl_u8 *data, const wl_u8 *end, struct wl_flow *f)
{
	const wl_u8 *ip = data + ETH_HLEN, *l4;
	wl_u32 off;

	if (ip + 20 > end)
		return 0;
	/* the Ethernet type must be IPv4 (netfilter's ipv4 hooks see only those) */
	if (data[12] != 0x08 || data[13] != 0x00)
		return 0;
	off = wl_ipv4(ip, f);
	if (!off || off > 60)
		return 0;
	l4 = ip + off;
	if (l4 + 4 > end)
		return 0;
	wl_ports(l4, f);
	return 1;
}

static __always_inline int tc_flow(struct __sk_buff *skb, struct wl_flow *f)
{
	return bpf_flow((const wl_u8 *)(long)skb->data, (const wl_u8 *)(long)skb->data_end, f);
}

SEC("tc")
int tc_empty(struct __sk_buff *skb)
{
	return tc_verdict(WL_ACCEPT);
}

SEC("tc")
int tc_parse(struct __sk_buff *skb)
{
	struct wl_flow f;

	if (!tc_flow(skb, &f))
		return tc_verdict(WL_ACCEPT);
	return tc_verdict(wl_verdict(&f));
}

SEC("tc")
int tc_counter(struct __sk_buff *skb)
{
	struct wl_flow f;
	__u32 key;
	__u64 *v;

	if (!tc_flow(skb, &f))
		return tc_verdict(WL_ACCEPT);
	key = wl_hash(&f) & (WL_SLOTS - 1);
	v = bpf_map_lookup_elem(&counters, &key);
	if (v)
		(*v)++;
	return tc_verdict(WL_ACCEPT);
}

SEC("tc")
int tc_loop(struct __sk_buff *skb)
{
	const wl_u8 *data = (const wl_u8 *)(long)skb->data;
	const wl_u8 *end = (const wl_u8 *)(long)skb->data_end;
	const wl_u8 *ip = data + ETH_HLEN;
	wl_u32 seed = 0;

	if (ip + 4 <= end)
		seed = wl_le32(ip);
	loop_out = wl_loop(seed);
	return tc_verdict(WL_ACCEPT);
}

/*
 * XDP: the same "parse" on the frame (wasmk's XDP shim hands its handler
 * the same bytes from the network header on).
 */
static __always_inline int xdp_verdict(int v)
{
	return v == WL_DROP ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int xdp_empty(struct xdp_md *ctx)
{
	return xdp_verdict(WL_ACCEPT);
}

SEC("xdp")
int xdp_parse(struct xdp_md *ctx)
{
	struct wl_flow f;

	if (!bpf_flow((const wl_u8 *)(long)ctx->data, (const wl_u8 *)(long)ctx->data_end, &f))
		return xdp_verdict(WL_ACCEPT);
	return xdp_verdict(wl_verdict(&f));
}

/* raw_syscalls:sys_enter (ctx->args: pt_regs *, syscall number) */
SEC("raw_tracepoint/sys_enter")
int sys_count(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 key = (__u32)ctx->args[1] & 511;
	__u64 *v = bpf_map_lookup_elem(&sys_counts, &key);

	if (v)
		(*v)++;
	return 0;
}

/*
 * The map benchmark (kbench maps): WL_MAP_OPS operations per run, what
 * eBPF does where wasm_map.c calls map_add, map_lookup and map_update;
 * tc_empty is the floor kbench subtracts.  Preallocated, as wasmk's maps
 * are.  Each returns TC_ACT_OK when all its operations succeeded,
 * TC_ACT_SHOT when not.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, WL_MAP_ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
} kb_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, WL_MAP_ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
} kb_pcpu SEC(".maps");

volatile __u64 lookup_out;

/* map_add on a hash: lookup and an atomic add, creating the entry first */
SEC("tc")
int tc_map_add_hash(struct __sk_buff *skb)
{
	__u32 key = WL_MAP_KEY, i;
	__u64 zero = 0, *v;

#pragma clang loop unroll(full)
	for (i = 0; i < WL_MAP_OPS; i++) {
		v = bpf_map_lookup_elem(&kb_hash, &key);
		if (!v) {
			bpf_map_update_elem(&kb_hash, &key, &zero, BPF_NOEXIST);
			v = bpf_map_lookup_elem(&kb_hash, &key);
			if (!v)
				return TC_ACT_SHOT;
		}
		__sync_fetch_and_add(v, 1);
	}
	return TC_ACT_OK;
}

/* map_add on a per-CPU array: lookup and a plain increment (this CPU's) */
SEC("tc")
int tc_map_add_pcpu(struct __sk_buff *skb)
{
	__u32 key = WL_MAP_KEY, i;
	__u64 *v;

#pragma clang loop unroll(full)
	for (i = 0; i < WL_MAP_OPS; i++) {
		v = bpf_map_lookup_elem(&kb_pcpu, &key);
		if (!v)
			return TC_ACT_SHOT;
		(*v)++;
	}
	return TC_ACT_OK;
}

/* map_lookup on a hash: the value read and kept (their sum) */
SEC("tc")
int tc_map_lookup(struct __sk_buff *skb)
{
	__u32 key = WL_MAP_KEY, i;
	__u64 sum = 0, *v;

#pragma clang loop unroll(full)
	for (i = 0; i < WL_MAP_OPS; i++) {
		v = bpf_map_lookup_elem(&kb_hash, &key);
		if (!v)
			return TC_ACT_SHOT;
		sum += *v;
	}
	lookup_out = sum;
	return TC_ACT_OK;
}

/* map_update on a hash: create or replace */
SEC("tc")
int tc_map_update(struct __sk_buff *skb)
{
	__u32 key = WL_MAP_KEY, i;
	__u64 v = WL_MAP_VALUE;
	long err = 0;

#pragma clang loop unroll(full)
	for (i = 0; i < WL_MAP_OPS; i++)
		err |= bpf_map_update_elem(&kb_hash, &key, &v, BPF_ANY);
	return err ? TC_ACT_SHOT : TC_ACT_OK;
}

/*
 * The rewrite benchmark's twins of examples/xdp_reflect.c and
 * examples/nat_port.c (their IPv4 paths): the same checks and rewrites,
 * written as an eBPF programmer would: direct packet access at XDP, the
 * skb helpers at tc.
 */
SEC("xdp")
int xdp_reflect(struct xdp_md *ctx)
{
	wl_u8 *data = (wl_u8 *)(long)ctx->data, *end = (wl_u8 *)(long)ctx->data_end;
	wl_u8 *ip = data + ETH_HLEN, *l4, mac[6];
	__u32 addr;
	__u16 port;

	if (ip + 20 > end || data[12] != 0x08 || data[13] != 0x00 || ip[0] != 0x45 ||
	    ip[9] != 17)
		return XDP_PASS;
	l4 = ip + 20;
	if (l4 + 8 > end || l4[2] != 0 || l4[3] != 7)
		return XDP_PASS;
	__builtin_memcpy(mac, data, 6);
	__builtin_memcpy(data, data + 6, 6);
	__builtin_memcpy(data + 6, mac, 6);
	__builtin_memcpy(&addr, ip + 12, 4);
	__builtin_memcpy(ip + 12, ip + 16, 4);
	__builtin_memcpy(ip + 16, &addr, 4);
	__builtin_memcpy(&port, l4, 2);
	__builtin_memcpy(l4, l4 + 2, 2);
	__builtin_memcpy(l4 + 2, &port, 2);
	return XDP_TX;
}

SEC("tc")
int tc_nat_port(struct __sk_buff *skb)
{
	const wl_u8 *data = (const wl_u8 *)(long)skb->data;
	const wl_u8 *end = (const wl_u8 *)(long)skb->data_end;
	const wl_u8 *ip = data + ETH_HLEN;
	__u16 port, new_port = bpf_htons(80);
	__u32 l4, csum_off, flags = 2, key = 0;
	__u64 *v;

	if (ip + 20 > end || data[12] != 0x08 || data[13] != 0x00 || (ip[0] >> 4) != 4 ||
	    (ip[6] & 0x1f) || ip[7])
		return TC_ACT_OK;
	l4 = ETH_HLEN + (ip[0] & 15) * 4;
	if (ip[9] == 6) {
		csum_off = l4 + 16;
	} else if (ip[9] == 17) {
		csum_off = l4 + 6;
		flags |= BPF_F_MARK_MANGLED_0;
	} else {
		return TC_ACT_OK;
	}
	if (bpf_skb_load_bytes(skb, l4 + 2, &port, 2) || port != bpf_htons(8080))
		return TC_ACT_OK;
	if (bpf_skb_store_bytes(skb, l4 + 2, &new_port, 2, 0) ||
	    bpf_l4_csum_replace(skb, csum_off, port, new_port, flags))
		return TC_ACT_SHOT;
	v = bpf_map_lookup_elem(&counters, &key);	/* nat_port counts in a per-CPU map */
	if (v)
		(*v)++;
	return TC_ACT_OK;
}
