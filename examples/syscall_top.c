// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_top: counts every system call by number, all processes, on
 * raw_syscalls:sys_enter.  Userspace sums the per-CPU tables and sorts
 * them: `make demo` prints the top ten this way.
 *
 * Memory, exported by name: counts  u64[512]  (counts[511]: numbers >= 511)
 *
 *   wasmk prog load syscall_top.wasm
 *   wasmk link attach name syscall_top tracepoint raw_syscalls:sys_enter
 *   wasmk mem read name syscall_top counts 4096 sum | \
 *       awk '$1 { print NR - 1, $1 }' | sort -k2 -n -r | head
 * (line i of `mem read ... sum` is the count of syscall number i - 1)
 */
#include <wasmk/guest.h>

#define NSYSCALLS	512
/* visibility("default"): exported (wasmk-cc links with --export-dynamic) */
__attribute__((visibility("default"))) volatile unsigned long long counts[NSYSCALLS];
#define COUNT		counts

WASMK_EXPORT(handler) int handler(long long nr)
{
	if (nr < 0)
		return 0;
	COUNT[nr < NSYSCALLS - 1 ? nr : NSYSCALLS - 1]++;
	return 0;
}
