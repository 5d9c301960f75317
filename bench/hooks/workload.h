/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The four side-by-side workloads, written once.  Included by the wasmk
 * handlers (wasm_*.c, clang --target=wasm32), the eBPF programs
 * (bench.bpf.c, clang -target bpf) and the native versions (native.c,
 * clang for x86-64), so all three run the same C; they differ only in how
 * they reach the packet (wasmk: pkt_load() copies into linear memory;
 * eBPF: direct packet access checked against data_end; native: a
 * pointer) and where the counters live (wasmk: linear memory, one copy
 * per CPU; eBPF: a per-CPU array map; native: a static array).
 *
 *   empty    return "accept"
 *   parse    IPv4 header (version, IHL, fragment), TCP or UDP, the
 *            destination port: drop WL_PORT, accept the rest
 *   counter  parse, hash the 5-tuple, counters[hash % WL_SLOTS]++
 *   loop     WL_ITERS iterations of a multiply/xor-shift recurrence seeded
 *            from the IPv4 header; the result is stored where userspace
 *            could read it (so no compiler removes the loop)
 *
 * No headers: each includer defines the fixed-size types first.
 */
#ifndef BENCH_WORKLOAD_H
#define BENCH_WORKLOAD_H

#define WL_PORT		7777	/* the port "parse" drops */
#define WL_SLOTS	1024	/* counter table entries (power of two) */
#define WL_ITERS	1000	/* "loop" iterations */

/*
 * The map benchmark (kbench maps; wasm_map.c against bench.bpf.c's
 * tc_map_* programs): WL_MAP_OPS operations per run (unrolled: the calls
 * back to back) on one key of a hash map, or one index of a per-CPU
 * array, of WL_MAP_ENTRIES u64 values keyed by a u32.  One key only: the
 * cost of the operation, not of collisions.  Several per run so that the
 * noise of the run's own cost, which kbench subtracts, is spread over them.
 */
#define WL_MAP_ENTRIES	1024
#define WL_MAP_KEY	7	/* the key (or index) every operation uses */
#define WL_MAP_VALUE	42	/* what "update" writes */
#define WL_MAP_OPS	8	/* operations per run */

#define WL_PROTO_TCP	6
#define WL_PROTO_UDP	17

/* Verdicts of the workloads, mapped to each hook's own codes by callers. */
#define WL_ACCEPT	1
#define WL_DROP		0

/* What "parse" extracts from the IPv4 and TCP/UDP headers. */
struct wl_flow {
	wl_u32 saddr, daddr;	/* as loaded: network byte order */
	wl_u32 sport, dport;	/* host order */
	wl_u32 proto;
};

/* 4 bytes at p as a little-endian word (addresses kept as loaded). */
static inline wl_u32 wl_le32(const wl_u8 *p)
{
	return (wl_u32)p[0] | (wl_u32)p[1] << 8 | (wl_u32)p[2] << 16 | (wl_u32)p[3] << 24;
}

/*
 * ip: the first 20 bytes of the IPv4 header.  Returns the L4 header's
 * offset from the network header, or 0 when this is no packet to parse
 * further (not IPv4, bad IHL, a non-first fragment, not TCP or UDP).
 */
static inline wl_u32 wl_ipv4(const wl_u8 *ip, struct wl_flow *f)
{
	wl_u32 ihl;

	if ((ip[0] >> 4) != 4)
		return 0;
	ihl = (ip[0] & 15) * 4;
	if (ihl < 20)
		return 0;
	if (((ip[6] & 0x1f) | ip[7]) != 0)	/* fragment offset */
		return 0;
	if (ip[9] != WL_PROTO_TCP && ip[9] != WL_PROTO_UDP)
		return 0;
	f->proto = ip[9];
	f->saddr = wl_le32(ip + 12);
	f->daddr = wl_le32(ip + 16);
	return ihl;
}

/* l4: the first 4 bytes of the TCP or UDP header (both start with ports). */
static inline void wl_ports(const wl_u8 *l4, struct wl_flow *f)
{
	f->sport = (wl_u32)l4[0] << 8 | l4[1];
	f->dport = (wl_u32)l4[2] << 8 | l4[3];
}

static inline int wl_verdict(const struct wl_flow *f)
{
	return f->dport == WL_PORT ? WL_DROP : WL_ACCEPT;
}

/* A 5-tuple hash (murmur3's finalizer over a multiply-xor combine). */
static inline wl_u32 wl_hash(const struct wl_flow *f)
{
	wl_u32 h = f->saddr * 0x9e3779b1u;

	h ^= f->daddr + 0x7f4a7c15u + (h << 6) + (h >> 2);
	h ^= (f->sport << 16 | f->dport) + 0x7f4a7c15u + (h << 6) + (h >> 2);
	h ^= f->proto;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/*
 * WL_ITERS rounds of a recurrence no compiler can fold; unrolling is off
 * for every target so each back-end runs the same WL_ITERS iterations
 * (and the eBPF verifier walks them all, as it must).
 */
static inline wl_u32 wl_loop(wl_u32 seed)
{
	wl_u32 x = seed | 1, i;

#pragma clang loop unroll(disable)
	for (i = 0; i < WL_ITERS; i++) {
		x = x * 1664525u + 1013904223u + i;
		x ^= x >> 15;
	}
	return x;
}

#endif /* BENCH_WORKLOAD_H */
