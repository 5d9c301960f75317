// SPDX-License-Identifier: GPL-2.0
/*
 * opensnoop: every file open (open, openat, openat2), with the path, the
 * flags and the result, as libbpf-tools' opensnoop prints them.  A kprobe
 * on do_sys_openat2(int dfd, const char __user *filename, struct open_how
 * *how) keeps the path (from user memory) and the flags (how->flags, a
 * field relocated in the kernel's BTF) by thread id in a map; the
 * kretprobe pairs them with the result (an fd, or -errno) and emits one
 * event.  No syscall numbers: the same .wasm on every architecture.
 *
 *   wasmk prog load opensnoop.wasm
 *   wasmk link attach name opensnoop kprobe do_sys_openat2
 *   wasmk link attach name opensnoop kretprobe do_sys_openat2 entry ret
 *   wasmk events name opensnoop
 *   cpu=1 t=4.2 pid=150 uid=0 ret=3 flags=32768 comm=cat path=/etc/hostname
 */
#include <wasmk/guest.h>

WASMK_FIELD(how_flags, "open_how", "flags");

struct start {
	unsigned long long flags;
	char path[128];
};

/* the open in progress, by thread id, from the kprobe to the kretprobe */
WASMK_MAP(opening, WASMK_MAP_HASH, unsigned int, struct start, 4096);

struct event {
	unsigned int pid, uid;
	int ret;
	unsigned int flags;
	char comm[16];
	char path[128];
};

WASMK_EVENT_LAYOUT("u32:pid,u32:uid,i32:ret,u32:flags,str16:comm,str128:path");

WASMK_EXPORT(handler) int handler(long long dfd, long long filename, long long how)
{
	unsigned int tid = (unsigned int)wasmk_pid_tgid();
	struct start s;

	(void)dfd;
	s.flags = wasmk_field_u64(how, &how_flags);
	if (wasmk_user_str(filename, s.path, sizeof(s.path)) < 0)
		__builtin_memcpy(s.path, "?", 2);
	wasmk_map_update(&opening, &tid, &s, WASMK_MAP_ANY);
	return 0;
}

WASMK_EXPORT(ret) int ret(long long rv)
{
	unsigned int tid = (unsigned int)wasmk_pid_tgid();
	struct start s;
	struct event e;
	unsigned int i;

	if (wasmk_map_lookup(&opening, &tid, &s))
		return 0;
	wasmk_map_delete(&opening, &tid);
	e.pid = wasmk_pid_tgid() >> 32;
	e.uid = (unsigned int)wasmk_uid_gid();
	e.ret = (int)rv;
	e.flags = (unsigned int)s.flags;
	wasmk_comm(e.comm, sizeof(e.comm));
	for (i = 0; i < sizeof(e.path); i++)
		e.path[i] = s.path[i];
	wasmk_emit(&e, sizeof(e));
	return 0;
}
