// SPDX-License-Identifier: GPL-2.0
/*
 * bashreadline: every line typed into an interactive bash, with the pid,
 * as libbpf-tools' bashreadline prints it: a uretprobe on readline()
 * reads the string it returns from the caller's memory.  Works on any
 * function returning a line (t_uprobe probes a test program's).
 *
 *   wasmk prog load bashreadline.wasm
 *   wasmk link attach name bashreadline uretprobe /bin/bash:readline
 *   wasmk events name bashreadline
 *   cpu=0 t=7.4 pid=201 comm=bash line=ls -l /tmp
 */
#include <wasmk/guest.h>

struct event {
	unsigned int pid;
	char comm[16];
	char line[128];
};

WASMK_EVENT_LAYOUT("u32:pid,str16:comm,str128:line");

/* char *readline(const char *prompt): the return register */
WASMK_EXPORT(handler) int handler(long long ret)
{
	struct event e;

	if (!ret)
		return 0;	/* end of input */
	e.pid = wasmk_pid_tgid() >> 32;
	wasmk_comm(e.comm, sizeof(e.comm));
	if (wasmk_user_str(ret, e.line, sizeof(e.line)) < 0)
		return 0;
	wasmk_emit(&e, sizeof(e));
	return 0;
}
