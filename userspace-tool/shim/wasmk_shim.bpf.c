// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF shim the wasmk CLI loads for XDP and tc links: it hands the
 * packet to wasmk.ko's kfunc with the link id (set in .rodata before
 * load) and returns the action the handler chose.  A redirect is this
 * program's to make, through bpf_redirect() as any XDP or tc program does:
 * the kfunc only names the target (uapi/linux/wasmk.h).  The shim keeps no
 * packet pointer across the call, so the kfunc may write the packet and
 * move an XDP frame's head and tail.  Built with clang -target bpf and
 * embedded in the CLI.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/wasmk.h>
#include <bpf/bpf_helpers.h>

extern __u64 wasmk_xdp_run(struct xdp_md *ctx, __u32 link_id) __ksym;
extern __u64 wasmk_tc_run(struct __sk_buff *ctx, __u32 link_id) __ksym;

const volatile __u32 wasmk_link_id;

SEC("xdp")
int wasmk_xdp(struct xdp_md *ctx)
{
	__u64 r = wasmk_xdp_run(ctx, wasmk_link_id);

	if ((__u16)r == XDP_REDIRECT)
		return bpf_redirect(r >> 32, 0);
	return (__u16)r;
}

SEC("tc")
int wasmk_tc(struct __sk_buff *ctx)
{
	__u64 r = wasmk_tc_run(ctx, wasmk_link_id);

	if ((__u16)r == TC_ACT_REDIRECT)
		return bpf_redirect(r >> 32, (r & WASMK_SHIM_F_INGRESS) ? BPF_F_INGRESS : 0);
	return (__u16)r;
}

char LICENSE[] SEC("license") = "GPL";
