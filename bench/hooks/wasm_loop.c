// SPDX-License-Identifier: GPL-2.0
/* Workload "loop" for wasmk: WL_ITERS iterations seeded from the header. */
#include "wasm_common.h"

static volatile wl_u32 loop_out;

WASMK_EXPORT(handler) int handler(int len)
{
	wl_u8 ip[4];
	wl_u32 seed = 0;

	(void)len;
	if (wasmk_pkt_load(0, ip, sizeof(ip)) == sizeof(ip))
		seed = wl_le32(ip);
	loop_out = wl_loop(seed);
	return WL_ACCEPT;
}
