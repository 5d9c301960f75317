// SPDX-License-Identifier: GPL-2.0
/*
 * Workload "counter" for wasmk: parse, then counters[hash(5-tuple) %
 * WL_SLOTS]++ in linear memory (each CPU has its own instance, like a
 * per-CPU map; `wasmk mem read PROG ADDR LEN sum` adds them up).
 */
#include "wasm_common.h"

static volatile wl_u64 counters[WL_SLOTS];

WASMK_EXPORT(handler) int handler(int len)
{
	struct wl_flow f;

	(void)len;
	if (!wasm_flow(&f))
		return WL_ACCEPT;
	counters[wl_hash(&f) & (WL_SLOTS - 1)]++;
	return WL_ACCEPT;
}
