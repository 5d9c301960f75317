// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall-path counter for wasmk, on raw_syscalls:sys_enter: counts
 * every system call by number (counts[nr % 512]++, per CPU).
 */
#include "wasm_common.h"

static volatile wl_u64 counts[512];

WASMK_EXPORT(handler) int handler(long long nr)
{
	counts[(unsigned long long)nr & 511]++;
	return 0;
}
