// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop: every exec, with pid, parent pid, uid, the new comm and the
 * full argument list, as libbpf-tools' execsnoop prints them.  On
 * sched:sched_process_exec the new image is in place: the arguments are
 * the NUL-separated strings between the task's mm->arg_start and
 * mm->arg_end, read from its user memory; the parent is
 * current->real_parent->tgid.  Every offset comes from fields relocated
 * in the kernel's BTF at load, so there are no syscall numbers and no
 * per-architecture or per-version constants: one .wasm everywhere.
 *
 *   wasmk prog load execsnoop.wasm
 *   wasmk link attach name execsnoop tracepoint sched:sched_process_exec
 *   wasmk events name execsnoop
 *   cpu=0 t=3.2 pid=180 ppid=171 uid=0 argc=4 comm=echo args=/bin/echo alpha beta gamma
 */
#include <wasmk/guest.h>

#define ARGS_MAX	256

WASMK_FIELD(task_mm, "task_struct", "mm");
WASMK_FIELD(task_parent, "task_struct", "real_parent");
WASMK_FIELD(task_tgid, "task_struct", "tgid");
WASMK_FIELD(mm_arg_start, "mm_struct", "arg_start");
WASMK_FIELD(mm_arg_end, "mm_struct", "arg_end");

struct event {
	unsigned int pid, ppid, uid, argc;
	char comm[16];
	char args[ARGS_MAX];
};

WASMK_EVENT_LAYOUT("u32:pid,u32:ppid,u32:uid,u32:argc,str16:comm,str256:args");

/* TP_PROTO(struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm) */
WASMK_EXPORT(handler) int handler(long long p)
{
	unsigned long long task = wasmk_current_task(), mm, start, end, parent;
	unsigned int n, i, cut;
	struct event e;

	(void)p;	/* the exec'ing task: current */
	mm = wasmk_field_u64(task, &task_mm);
	start = wasmk_field_u64(mm, &mm_arg_start);
	end = wasmk_field_u64(mm, &mm_arg_end);
	parent = wasmk_field_u64(task, &task_parent);
	e.pid = wasmk_pid_tgid() >> 32;
	e.ppid = wasmk_field_u64(parent, &task_tgid);
	e.uid = (unsigned int)wasmk_uid_gid();
	wasmk_comm(e.comm, sizeof(e.comm));
	n = end > start ? end - start : 0;
	cut = n > ARGS_MAX - 1;
	if (cut)
		n = ARGS_MAX - 1;
	e.argc = 0;
	if (!n || wasmk_probe_read_user(e.args, start, n))
		n = 0;
	/* "a\0b\0c\0" -> "a b c": one NUL ends each argument */
	if (cut && n && e.args[n - 1])
		e.argc++;	/* cut inside the last argument shown */
	for (i = 0; i < n; i++) {
		if (e.args[i])
			continue;
		e.argc++;
		e.args[i] = ' ';
	}
	while (n && e.args[n - 1] == ' ')
		n--;
	for (i = n; i < ARGS_MAX; i++)
		e.args[i] = 0;
	wasmk_emit(&e, sizeof(e));
	return 0;
}
