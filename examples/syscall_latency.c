// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_latency: a log2 histogram of system call latency, in ns.
 * raw_syscalls:sys_enter stores the time keyed by thread id in a hash map
 * shared by every CPU; sys_exit takes it out and counts the latency's
 * slot: exact even when the thread moved to another CPU in between.
 *
 *   wasmk prog load syscall_latency.wasm
 *   wasmk link attach name syscall_latency tracepoint raw_syscalls:sys_enter entry enter
 *   wasmk link attach name syscall_latency tracepoint raw_syscalls:sys_exit entry exit
 *   wasmk map hist name latency_ns
 */
#include <wasmk/guest.h>

WASMK_MAP(start_ns, WASMK_MAP_HASH, unsigned int, unsigned long long, 4096);
WASMK_MAP(latency_ns, WASMK_MAP_PERCPU_ARRAY, unsigned int, unsigned long long, 64);

WASMK_EXPORT(enter) int enter(void)
{
	unsigned int tid = (unsigned int)wasmk_pid_tgid();
	unsigned long long now = wasmk_ktime_ns();

	wasmk_map_update(&start_ns, &tid, &now, WASMK_MAP_ANY);
	return 0;
}

WASMK_EXPORT(exit) int exit_(void)
{
	unsigned int tid = (unsigned int)wasmk_pid_tgid(), slot;
	unsigned long long t0;

	if (wasmk_map_lookup(&start_ns, &tid, &t0))
		return 0;	/* its enter came before the attach */
	wasmk_map_delete(&start_ns, &tid);
	slot = wasmk_log2_slot(wasmk_ktime_ns() - t0);
	wasmk_map_add(&latency_ns, &slot, 0, 1);
	return 0;
}
