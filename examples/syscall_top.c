// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_top: counts every system call by number, all processes, on
 * raw_syscalls:sys_enter, in a per-CPU array map (no CPU waits for
 * another).  Userspace sums the CPUs and sorts: `make demo` prints the top
 * ten this way.
 *
 * Map: syscalls  percpu_array[512] of u64 (index 511: numbers >= 511)
 *
 *   wasmk prog load syscall_top.wasm
 *   wasmk link attach name syscall_top tracepoint raw_syscalls:sys_enter
 *   wasmk map dump name syscalls sum        # key nr=39: sum calls=2000
 *   wasmk map dump name syscalls sum |
 *       sed -n 's/^key nr=\([0-9]*\): sum calls=\([1-9][0-9]*\)$/\2 \1/p' | sort -rn | head
 */
#include <wasmk/guest.h>

#define NSYSCALLS	512

WASMK_MAP_DECL(syscalls, WASMK_MAP_PERCPU_ARRAY, unsigned int, unsigned long long, NSYSCALLS, 0,
	       "u32:nr", "u64:calls");

WASMK_EXPORT(handler) int handler(long long nr)
{
	unsigned int i;

	if (nr < 0)
		return 0;
	i = nr < NSYSCALLS - 1 ? nr : NSYSCALLS - 1;
	wasmk_map_add(&syscalls, &i, 0, 1);
	return 0;
}
