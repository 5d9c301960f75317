// SPDX-License-Identifier: GPL-2.0
/*
 * exec_count: on sched:sched_process_exec (TP_PROTO(struct task_struct *p,
 * pid_t old_pid, struct linux_binprm *bprm), attached through BTF),
 * counts the execs of programs named "wasmk-syscalls" and how many of
 * them reported an old_pid equal to the caller's tgid (all, unless the
 * exec came from a non-leader thread).
 *
 * Memory layout (per CPU; sum them):
 *   0x18000  u64 execs
 *   0x18008  u64 execs whose old_pid == pid_tgid() >> 32
 *   0x18010  u64 execs whose old_pid is negative (never: checks sign extension)
 *
 *   wasmk link attach name exec_count tracepoint sched:sched_process_exec
 */
#include <wasmk/guest.h>

#define COUNT	((volatile unsigned long long *)0x18000)

WASMK_EXPORT(handler) int handler(long long task, long long old_pid)
{
	static const char want[] = "wasmk-syscalls";
	char comm[16];
	unsigned int i;

	(void)task;
	if (wasmk_comm(comm, sizeof(comm)) != sizeof(want) - 1)
		return 0;
	for (i = 0; i < sizeof(want) - 1; i++)
		if (comm[i] != want[i])
			return 0;
	COUNT[0]++;
	if (old_pid == (long long)(wasmk_pid_tgid() >> 32))
		COUNT[1]++;
	if (old_pid < 0)
		COUNT[2]++;
	return 0;
}
