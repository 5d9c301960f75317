// SPDX-License-Identifier: GPL-2.0
/*
 * exec_logger: one event per execve()/execveat(): pid, uid, the caller's
 * comm and the file name it asked for, read from the caller's memory with
 * wasmk_user_str() at syscall entry.  The record layout is declared with
 * WASMK_EVENT_LAYOUT, so `wasmk events` decodes it unasked.
 *
 * System call numbers differ between architectures, so they are
 * configuration: 0 means x86-64's (execve 59, execveat 322); on arm64
 * write 221 and 281.
 *   0x17000  u32 execve number    0x17004  u32 execveat number
 *   0x18000  u64 execs seen       0x18008  u64 records dropped (ring full)
 *
 *   wasmk prog load exec_logger.wasm
 *   wasmk link attach name exec_logger tracepoint raw_syscalls:sys_enter
 *   wasmk events name exec_logger
 */
#include <wasmk/guest.h>

WASMK_EVENT_LAYOUT("u32:pid,u32:uid,str16:comm,str128:filename");

struct record {
	unsigned int pid;
	unsigned int uid;
	char comm[16];
	char filename[128];
};

#define NR_EXECVE	(*(volatile unsigned int *)0x17000)
#define NR_EXECVEAT	(*(volatile unsigned int *)0x17004)
#define SEEN		(*(volatile unsigned long long *)0x18000)
#define DROPPED		(*(volatile unsigned long long *)0x18008)

/* sys_enter gives nr, then the six arguments */
WASMK_EXPORT(handler) int handler(long long nr, long long a0, long long a1)
{
	long long execve = NR_EXECVE ? NR_EXECVE : 59;
	long long execveat = NR_EXECVEAT ? NR_EXECVEAT : 322;
	struct record r;

	if (nr != execve && nr != execveat)
		return 0;
	r.pid = (unsigned int)(wasmk_pid_tgid() >> 32);
	r.uid = (unsigned int)wasmk_uid_gid();
	wasmk_comm(r.comm, sizeof(r.comm));
	/* execve(filename, ...), execveat(dirfd, filename, ...) */
	if (wasmk_user_str(nr == execve ? a0 : a1, r.filename, sizeof(r.filename)) < 0)
		__builtin_memcpy(r.filename, "?", 2);
	SEEN++;
	if (wasmk_emit(&r, sizeof(r)))
		DROPPED++;
	return 0;
}
