// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF twins of examples/opensnoop.c and examples/tcpconnect.c for
 * the tracing benchmark (kbench tracing): the same hooks, the same work
 * per event, the same records (trace.h), written as libbpf-tools writes
 * its tools but without their filters and options.  clang -O2 -target
 * bpf, loaded and attached by kbench with libbpf.
 *
 * No vmlinux.h (the project's eBPF builds from the uapi headers alone):
 * the few kernel structures read here are declared below with
 * preserve_access_index, so every field access is a CO-RE relocation
 * that libbpf resolves against the running kernel's BTF at load, as the
 * wasmk CLI resolves the examples' WASMK_FIELDs.
 */
#include <linux/bpf.h>
#include <linux/in6.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "trace.h"

#define AF_INET		2
#define AF_INET6	10

char LICENSE[] SEC("license") = "GPL";

/* The kernel's types, as far as they are read (offsets come from BTF). */
#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)
struct open_how___kb {
	__u64 flags;
};

struct sock_common___kb {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	__be16 skc_dport;
	unsigned short skc_family;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
};

struct sock___kb {
	struct sock_common___kb __sk_common;
};
#pragma clang attribute pop

/* Records dropped because a ring buffer was full, by tool (kbench reads them). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

static __always_inline void count_drop(__u32 tool)
{
	__u64 *v = bpf_map_lookup_elem(&drops, &tool);

	if (v)
		__sync_fetch_and_add(v, 1);
}

/* ---- opensnoop: kprobe + kretprobe on do_sys_openat2 --------------------- */

/* the open in progress, by thread id (wasmk's: a hash of 4096 too) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct tr_open_start);
} opening SEC(".maps");

/* 256 KiB, the size of a wasmk program's event ring (event_ring_size) */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} open_events SEC(".maps");

/* long do_sys_openat2(int dfd, const char __user *filename, struct open_how *how) */
SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(opensnoop_entry, int dfd, const char *filename, struct open_how___kb *how)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct tr_open_start s;

	s.flags = BPF_CORE_READ(how, flags);
	if (bpf_probe_read_user_str(s.path, sizeof(s.path), filename) < 0)
		__builtin_memcpy(s.path, "?", 2);
	bpf_map_update_elem(&opening, &tid, &s, BPF_ANY);
	return 0;
}

SEC("kretprobe/do_sys_openat2")
int BPF_KRETPROBE(opensnoop_ret, long ret)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid;
	struct tr_open_start *s;
	struct tr_open_event *e;

	s = bpf_map_lookup_elem(&opening, &tid);
	if (!s)
		return 0;
	/* reserved in the ring and filled in place, as libbpf-tools' opensnoop */
	e = bpf_ringbuf_reserve(&open_events, sizeof(*e), 0);
	if (!e) {
		count_drop(0);
		goto out;
	}
	e->pid = pid_tgid >> 32;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->ret = (int)ret;
	e->flags = (__u32)s->flags;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	__builtin_memcpy(e->path, s->path, sizeof(e->path));
	bpf_ringbuf_submit(e, 0);
out:
	bpf_map_delete_elem(&opening, &tid);
	return 0;
}

/* ---- tcpconnect: kprobe + kretprobe on tcp_v4_connect -------------------- */

/* the socket being connected, by thread id */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} connecting SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} connect_events SEC(".maps");

/* int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len) */
SEC("kprobe/tcp_v4_connect")
int BPF_KPROBE(tcpconnect_entry, struct sock___kb *sk)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 p = (__u64)sk;

	bpf_map_update_elem(&connecting, &tid, &p, BPF_ANY);
	return 0;
}

SEC("kretprobe/tcp_v4_connect")
int BPF_KRETPROBE(tcpconnect_ret, int ret)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid;
	struct tr_connect_event e = {};
	struct sock___kb *sk;
	__u64 *p;

	p = bpf_map_lookup_elem(&connecting, &tid);
	if (!p)
		return 0;
	sk = (struct sock___kb *)*p;
	bpf_map_delete_elem(&connecting, &tid);
	if (ret != 0)
		return 0;	/* no SYN sent */
	e.af = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (e.af == AF_INET) {
		e.saddr[10] = e.saddr[11] = 0xff;
		e.daddr[10] = e.daddr[11] = 0xff;
		BPF_CORE_READ_INTO((__u32 *)&e.saddr[12], sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO((__u32 *)&e.daddr[12], sk, __sk_common.skc_daddr);
	} else if (e.af == AF_INET6) {
		BPF_CORE_READ_INTO((struct in6_addr *)e.saddr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO((struct in6_addr *)e.daddr, sk, __sk_common.skc_v6_daddr);
	} else {
		return 0;
	}
	BPF_CORE_READ_INTO(&e.dport, sk, __sk_common.skc_dport);
	e.pid = pid_tgid >> 32;
	e.uid = (__u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	/* built on the stack and copied out, as libbpf-tools' tcpconnect */
	if (bpf_ringbuf_output(&connect_events, &e, sizeof(e), 0))
		count_drop(1);
	return 0;
}

/*
 * The floor ("ebpf-empty"): a kprobe and a kretprobe that do nothing,
 * attached by kbench to either function; wasm_trace_empty.c is wasmk's.
 */
SEC("kprobe")
int empty_entry(struct pt_regs *ctx)
{
	return 0;
}

SEC("kretprobe")
int empty_ret(struct pt_regs *ctx)
{
	return 0;
}
