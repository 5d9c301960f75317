// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_count: on raw_syscalls:sys_enter, counts the getpid and openat
 * calls of processes named "wasmk-syscalls", and how many of those
 * came from user nobody.
 *
 * Memory layout (each CPU has its own copy; sum the counters):
 *   0x18000  u64 getpid calls
 *   0x18008  u64 openat calls
 *   0x18010  u64 counted calls made by uid/gid 65534 (nobody)
 *
 *   wasmk prog load syscall_count.wasm
 *   wasmk link attach name syscall_count tracepoint raw_syscalls:sys_enter
 *   wasmk mem read name syscall_count 0x18000 16 sum
 */
#include <wasmk/guest.h>

#define COUNT		((volatile unsigned long long *)0x18000)
#define NOBODY		((65534ULL << 32) | 65534)	/* gid << 32 | uid */

#define NR_GETPID	39	/* x86-64 */
#define NR_OPENAT	257

static int is_target(void)
{
	static const char want[] = "wasmk-syscalls";
	char comm[16];
	unsigned int i;

	if (wasmk_comm(comm, sizeof(comm)) != sizeof(want) - 1)
		return 0;
	for (i = 0; i < sizeof(want) - 1; i++)
		if (comm[i] != want[i])
			return 0;
	return 1;
}

WASMK_EXPORT(handler) int handler(long long nr)
{
	if (nr != NR_GETPID && nr != NR_OPENAT)
		return 0;
	if (!is_target())
		return 0;
	COUNT[nr == NR_GETPID ? 0 : 1]++;
	if (wasmk_uid_gid() == NOBODY)
		COUNT[2]++;
	return 0;
}
