// SPDX-License-Identifier: GPL-2.0
/*
 * The map benchmark's wasmk side (kbench maps): WL_MAP_OPS map operations
 * per run, one entry per kind of operation, run by PROG_TEST_RUN as
 * netfilter handlers; "empty" (in the same module, so with the same memory
 * and maps) is the floor kbench subtracts.  bench.bpf.c's tc_map_*
 * programs are the eBPF side.  Each returns accept when all its operations
 * succeeded, drop when not, so a failure shows in the verdict kbench
 * checks.
 */
#include "wasm_common.h"

WASMK_MAP(kb_hash, WASMK_MAP_HASH, wl_u32, wl_u64, WL_MAP_ENTRIES);
WASMK_MAP(kb_pcpu, WASMK_MAP_PERCPU_ARRAY, wl_u32, wl_u64, WL_MAP_ENTRIES);

static volatile wl_u64 lookup_out;

static int ok(int err)
{
	return err ? WL_DROP : WL_ACCEPT;
}

WASMK_EXPORT(empty) int empty(int len)
{
	(void)len;
	return WL_ACCEPT;
}

/* kb_hash[key] += 1 (created zeroed by the first) */
WASMK_EXPORT(add_hash) int add_hash(int len)
{
	wl_u32 key = WL_MAP_KEY, i;
	int err = 0;

	(void)len;
#pragma clang loop unroll(full)
	for (i = 0; i < WL_MAP_OPS; i++)
		err |= wasmk_map_add(&kb_hash, &key, 0, 1);
	return ok(err);
}

/* kb_pcpu[key] += 1 on this CPU */
WASMK_EXPORT(add_pcpu) int add_pcpu(int len)
{
	wl_u32 key = WL_MAP_KEY, i;
	int err = 0;

	(void)len;
#pragma clang loop unroll(full)
	for (i = 0; i < WL_MAP_OPS; i++)
		err |= wasmk_map_add(&kb_pcpu, &key, 0, 1);
	return ok(err);
}

/* the value of kb_hash[key], copied out and kept (their sum) */
WASMK_EXPORT(lookup_hash) int lookup_hash(int len)
{
	wl_u32 key = WL_MAP_KEY, i;
	wl_u64 v, sum = 0;
	int err = 0;

	(void)len;
#pragma clang loop unroll(full)
	for (i = 0; i < WL_MAP_OPS; i++) {
		err |= wasmk_map_lookup(&kb_hash, &key, &v);
		sum += v;
	}
	lookup_out = sum;
	return ok(err);
}

/* kb_hash[key] = WL_MAP_VALUE (create or replace) */
WASMK_EXPORT(update_hash) int update_hash(int len)
{
	wl_u32 key = WL_MAP_KEY, i;
	wl_u64 v = WL_MAP_VALUE;
	int err = 0;

	(void)len;
#pragma clang loop unroll(full)
	for (i = 0; i < WL_MAP_OPS; i++)
		err |= wasmk_map_update(&kb_hash, &key, &v, WASMK_MAP_ANY);
	return ok(err);
}

/*
 * map_add refused at its arguments (offset 4 is not 8-aligned: -EINVAL)
 * before the map is touched: the host call and the helper's checks of
 * the map, the key and the fuel, without the map's own work
 */
WASMK_EXPORT(add_refused) int add_refused(int len)
{
	wl_u32 key = WL_MAP_KEY, i;
	int refused = 0;

	(void)len;
#pragma clang loop unroll(full)
	for (i = 0; i < WL_MAP_OPS; i++)
		refused += wasmk_map_add(&kb_pcpu, &key, 4, 1) == -22;
	return refused == WL_MAP_OPS ? WL_ACCEPT : WL_DROP;
}
