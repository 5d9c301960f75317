// SPDX-License-Identifier: GPL-2.0
/*
 * The tracing benchmark's floor (kbench tracing, "wasmk-empty"): a
 * kprobe entry and a kretprobe entry that do nothing, so that attached on
 * do_sys_openat2 or tcp_v4_connect they cost the hooks and two
 * invocations and nothing else.  (trace.bpf.c's empty_entry and
 * empty_ret are eBPF's.)
 */
#include <wasmk/guest.h>

WASMK_EXPORT(handler) int handler(void)
{
	return 0;
}

WASMK_EXPORT(ret) int ret(void)
{
	return 0;
}
