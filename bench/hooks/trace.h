/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The records of the tracing benchmark (kbench tracing): what
 * examples/opensnoop.c and examples/tcpconnect.c emit to their event
 * rings, byte for byte, so the eBPF twins in trace.bpf.c emit the same to
 * their ring buffers and one reader checks both.  Plain C for the eBPF
 * and userspace builds (the examples keep their own copies: they are
 * what users read).
 */
#ifndef KBENCH_TRACE_H
#define KBENCH_TRACE_H

#define TR_PATH_LEN	128
#define TR_COMM_LEN	16

/* opensnoop: the open in progress, by thread id, entry to return */
struct tr_open_start {
	unsigned long long flags;
	char path[TR_PATH_LEN];
};

/* opensnoop's event (160 bytes) */
struct tr_open_event {
	unsigned int pid, uid;
	int ret;
	unsigned int flags;
	char comm[TR_COMM_LEN];
	char path[TR_PATH_LEN];
};

/* tcpconnect's event (60 bytes); IPv4 addresses v4-mapped, dport in network order */
struct tr_connect_event {
	unsigned int pid, uid;
	unsigned char saddr[16], daddr[16];
	unsigned short dport;
	unsigned short af;
	char comm[TR_COMM_LEN];
};

#endif
