// SPDX-License-Identifier: GPL-2.0
/* Workload "parse" for wasmk: IPv4 + TCP/UDP ports, drop WL_PORT. */
#include "wasm_common.h"

WASMK_EXPORT(handler) int handler(int len)
{
	struct wl_flow f;

	(void)len;
	if (!wasm_flow(&f))
		return WL_ACCEPT;
	return wl_verdict(&f);
}
