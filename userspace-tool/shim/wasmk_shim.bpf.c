// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF shim the wasmk CLI loads for XDP and tc links: it hands the
 * packet to wasmk.ko's kfunc with the link id (set in .rodata before
 * load) and returns the verdict the handler gave.  Built with
 * clang -target bpf and embedded in the CLI.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int wasmk_xdp_run(struct xdp_md *ctx, __u32 link_id) __ksym;
extern int wasmk_tc_run(struct __sk_buff *ctx, __u32 link_id) __ksym;

const volatile __u32 wasmk_link_id;

SEC("xdp")
int wasmk_xdp(struct xdp_md *ctx)
{
	return wasmk_xdp_run(ctx, wasmk_link_id);
}

SEC("tc")
int wasmk_tc(struct __sk_buff *ctx)
{
	return wasmk_tc_run(ctx, wasmk_link_id);
}

char LICENSE[] SEC("license") = "GPL";
