// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_count: on raw_syscalls:sys_enter, counts the getpid and openat
 * calls of processes named "wasmk-syscalls", and how many of those
 * came from user nobody.
 *
 * System call numbers differ between architectures, so they are
 * configuration: 0 means x86-64's (getpid 39, openat 257); on arm64
 * write 172 and 56.
 *   0x17000  u32 getpid number     0x17004  u32 openat number
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

#define CFG_GETPID	(*(volatile unsigned int *)0x17000)
#define CFG_OPENAT	(*(volatile unsigned int *)0x17004)

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
	long long getpid = CFG_GETPID ? CFG_GETPID : 39;
	long long openat = CFG_OPENAT ? CFG_OPENAT : 257;

	if (nr != getpid && nr != openat)
		return 0;
	if (!is_target())
		return 0;
	COUNT[nr == getpid ? 0 : 1]++;
	if (wasmk_uid_gid() == NOBODY)
		COUNT[2]++;
	return 0;
}
