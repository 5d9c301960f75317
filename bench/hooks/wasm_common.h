/* SPDX-License-Identifier: GPL-2.0 */
/* The wasmk side of the workloads: types for workload.h, packet access. */
#ifndef BENCH_WASM_COMMON_H
#define BENCH_WASM_COMMON_H

#include <wasmk/guest.h>

typedef unsigned char wl_u8;
typedef unsigned int wl_u32;
typedef unsigned long long wl_u64;

#include "workload.h"

/*
 * The IPv4 and L4 headers into linear memory (two pkt_load calls, as a
 * real handler does).  Returns 1 with *f filled, 0 if not TCP/UDP over IPv4.
 */
static inline int wasm_flow(struct wl_flow *f)
{
	wl_u8 ip[20], l4[4];
	wl_u32 off;

	if (wasmk_pkt_load(0, ip, sizeof(ip)) != sizeof(ip))
		return 0;
	off = wl_ipv4(ip, f);
	if (!off || wasmk_pkt_load(off, l4, sizeof(l4)) != sizeof(l4))
		return 0;
	wl_ports(l4, f);
	return 1;
}

/* WL_ACCEPT/WL_DROP are wasmk's verdicts already (1 and 0). */
_Static_assert(WL_ACCEPT == WASMK_VERDICT_ACCEPT && WL_DROP == WASMK_VERDICT_DROP,
	       "verdicts");

#endif
