// SPDX-License-Identifier: GPL-2.0
/*
 * biolatency: a log2 histogram of block I/O latency in microseconds, from
 * a request's issue to the driver to its completion, as libbpf-tools'
 * biolatency draws it; and the bytes completed.  block:block_rq_issue
 * stores the time by request in a hash shared by every CPU (a request may
 * complete on another); block:block_rq_complete counts the slot.
 *
 *   wasmk prog load biolatency.wasm
 *   wasmk link attach name biolatency tracepoint block:block_rq_issue entry issue
 *   wasmk link attach name biolatency tracepoint block:block_rq_complete entry complete
 *   wasmk map hist name bio_us
 *   wasmk map dump name bio_bytes sum
 */
#include <wasmk/guest.h>

WASMK_MAP(issued_ns, WASMK_MAP_HASH, unsigned long long, unsigned long long, 10240);
WASMK_MAP(bio_us, WASMK_MAP_PERCPU_ARRAY, unsigned int, unsigned long long, 64);
WASMK_MAP_DECL(bio_bytes, WASMK_MAP_PERCPU_ARRAY, unsigned int, unsigned long long, 1, 0, 0,
	       "u64:bytes");

/* TP_PROTO(struct request *rq) */
WASMK_EXPORT(issue) int issue(long long rq)
{
	unsigned long long key = rq, now = wasmk_ktime_ns();

	wasmk_map_update(&issued_ns, &key, &now, WASMK_MAP_ANY);
	return 0;
}

/* TP_PROTO(struct request *rq, blk_status_t error, unsigned int nr_bytes) */
WASMK_EXPORT(complete) int complete(long long rq, long long error, long long nr_bytes)
{
	unsigned long long key = rq, t0;
	unsigned int slot, zero = 0;

	(void)error;
	if (wasmk_map_lookup(&issued_ns, &key, &t0))
		return 0;	/* issued before the attach */
	wasmk_map_delete(&issued_ns, &key);
	slot = wasmk_log2_slot((wasmk_ktime_ns() - t0) / 1000);
	wasmk_map_add(&bio_us, &slot, 0, 1);
	wasmk_map_add(&bio_bytes, &zero, 0, (unsigned int)nr_bytes);
	return 0;
}
