// SPDX-License-Identifier: GPL-2.0
/*
 * runqlat: a log2 histogram of run-queue latency in microseconds, the time
 * from a task becoming runnable to it running, as libbpf-tools' runqlat
 * draws it.  sched:sched_wakeup and sched_wakeup_new, and sched_switch
 * for a task preempted while runnable, store the time by pid in a hash
 * shared by every CPU; sched_switch to a task takes it out and counts the
 * wait's slot.  The pid comes from task_struct through a relocated field.
 *
 *   wasmk prog load runqlat.wasm
 *   wasmk link attach name runqlat tracepoint sched:sched_wakeup entry wakeup
 *   wasmk link attach name runqlat tracepoint sched:sched_wakeup_new entry wakeup
 *   wasmk link attach name runqlat tracepoint sched:sched_switch entry switch
 *   wasmk map hist name runq_us
 */
#include <wasmk/guest.h>

#define TASK_RUNNING	0

WASMK_FIELD(task_pid, "task_struct", "pid");

WASMK_MAP(queued_ns, WASMK_MAP_HASH, unsigned int, unsigned long long, 10240);
WASMK_MAP(runq_us, WASMK_MAP_PERCPU_ARRAY, unsigned int, unsigned long long, 64);

static void enqueue(unsigned long long task)
{
	unsigned int pid = wasmk_field_u64(task, &task_pid);
	unsigned long long now = wasmk_ktime_ns();

	if (pid)
		wasmk_map_update(&queued_ns, &pid, &now, WASMK_MAP_ANY);
}

/* TP_PROTO(struct task_struct *p) */
WASMK_EXPORT(wakeup) int wakeup(long long p)
{
	enqueue(p);
	return 0;
}

/* TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next, unsigned int prev_state) */
WASMK_EXPORT(switch) int switch_(long long preempt, long long prev, long long next,
				  long long prev_state)
{
	unsigned int pid, slot;
	unsigned long long t0;

	(void)preempt;
	if ((unsigned int)prev_state == TASK_RUNNING)
		enqueue(prev);		/* preempted: waits again from now */
	pid = wasmk_field_u64(next, &task_pid);
	if (!pid || wasmk_map_lookup(&queued_ns, &pid, &t0))
		return 0;
	wasmk_map_delete(&queued_ns, &pid);
	slot = wasmk_log2_slot((wasmk_ktime_ns() - t0) / 1000);
	wasmk_map_add(&runq_us, &slot, 0, 1);
	return 0;
}
