// SPDX-License-Identifier: GPL-2.0
/*
 * The native side of the workloads: workload.h compiled for x86-64 by the
 * same clang -O2 as the wasm and eBPF sides, with the packet behind a
 * plain pointer (network header at offset 0, as a netfilter hook in a
 * kernel module would see it).  kbench times these in userspace in the
 * VM: the floor any in-kernel mechanism adds its overhead to.
 */
#include "native.h"

typedef unsigned char wl_u8;
typedef unsigned int wl_u32;
typedef unsigned long long wl_u64;

#include "workload.h"

static volatile wl_u64 counters[WL_SLOTS];
static volatile wl_u32 loop_out;

static int native_flow(const wl_u8 *pkt, unsigned int len, struct wl_flow *f)
{
	wl_u32 off;

	if (len < 20)
		return 0;
	off = wl_ipv4(pkt, f);
	if (!off || off + 4 > len)
		return 0;
	wl_ports(pkt + off, f);
	return 1;
}

__attribute__((noinline)) int native_empty(const unsigned char *pkt, unsigned int len)
{
	(void)pkt;
	(void)len;
	return WL_ACCEPT;
}

__attribute__((noinline)) int native_parse(const unsigned char *pkt, unsigned int len)
{
	struct wl_flow f;

	if (!native_flow(pkt, len, &f))
		return WL_ACCEPT;
	return wl_verdict(&f);
}

__attribute__((noinline)) int native_counter(const unsigned char *pkt, unsigned int len)
{
	struct wl_flow f;

	if (!native_flow(pkt, len, &f))
		return WL_ACCEPT;
	counters[wl_hash(&f) & (WL_SLOTS - 1)]++;
	return WL_ACCEPT;
}

__attribute__((noinline)) int native_loop(const unsigned char *pkt, unsigned int len)
{
	wl_u32 seed = 0;

	if (len >= 4)
		seed = wl_le32(pkt);
	loop_out = wl_loop(seed);
	return WL_ACCEPT;
}
