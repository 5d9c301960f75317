// SPDX-License-Identifier: GPL-2.0
/*
 * socket_probe: a kprobe and a kretprobe on the kernel's
 * __sys_socket(int family, int type, int protocol), for processes named
 * "wasmk-syscalls": records the arguments of the last call and its result.
 *
 * Memory layout (per CPU):
 *   0x18000  u64 calls seen by the kprobe
 *   0x18008  i64 family, 0x18010 i64 type, 0x18018 i64 protocol (last call)
 *   0x18020  u64 returns seen by the kretprobe
 *   0x18028  i64 last return value (narrowed to int, sign-extended)
 *
 *   wasmk link attach name socket_probe kprobe __sys_socket
 *   wasmk link attach name socket_probe kretprobe __sys_socket entry ret
 */
#include <wasmk/guest.h>

#define MEM	((volatile long long *)0x18000)

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

WASMK_EXPORT(handler) int handler(long long family, long long type, long long protocol)
{
	if (!is_target())
		return 0;
	MEM[0]++;
	/* int arguments: the register's upper half is undefined */
	MEM[1] = (int)family;
	MEM[2] = (int)type;
	MEM[3] = (int)protocol;
	return 0;
}

WASMK_EXPORT(ret) int ret(long long rv)
{
	if (!is_target())
		return 0;
	MEM[4]++;
	MEM[5] = (int)rv;
	return 0;
}
