// SPDX-License-Identifier: GPL-2.0
/* Workload "empty" for wasmk: accept every packet. */
#include "wasm_common.h"

WASMK_EXPORT(handler) int handler(int len)
{
	(void)len;
	return WL_ACCEPT;
}
