// SPDX-License-Identifier: GPL-2.0
/*
 * tcplife: one event per TCP connection when it closes: the process that
 * opened it, both ends, the bytes each way and how long it lived, as
 * libbpf-tools' tcplife prints them.  On sock:inet_sock_set_state
 * (TP_PROTO(const struct sock *sk, int oldstate, int newstate), typed
 * through BTF), a connection's first state (SYN_SENT for an active open,
 * SYN_RECV/ESTABLISHED for a passive one) stores its start time and the
 * process by socket in a map, later states its local port once bound (the
 * kernel clears it before TCP_CLOSE); TCP_CLOSE reads the socket's ends and
 * tcp_sock's byte counters through relocated fields and emits.  IPv4 ends
 * are shown v4-mapped.  tx and rx are the kernel's bytes_acked and
 * bytes_received (as tcp_info's): sequence space, so the SYN and FIN count
 * one each.  A passive open's process is whoever ran the softirq.
 *
 *   wasmk prog load tcplife.wasm
 *   wasmk link attach name tcplife tracepoint sock:inet_sock_set_state
 *   wasmk events name tcplife
 *   cpu=0 t=9.1 pid=171 comm=curl laddr=::ffff:10.200.0.1 raddr=::ffff:10.200.0.2 lport=40120 rport=6000 tx=100002 rx=0 us=5210
 */
#include <wasmk/guest.h>

#define AF_INET		2
#define AF_INET6	10
#define TCP_ESTABLISHED	1
#define TCP_SYN_SENT	2
#define TCP_SYN_RECV	3
#define TCP_CLOSE	7

WASMK_FIELD(sk_family, "sock", "__sk_common.skc_family");
WASMK_FIELD(sk_num, "sock", "__sk_common.skc_num");
WASMK_FIELD(sk_dport, "sock", "__sk_common.skc_dport");
WASMK_FIELD(sk_daddr, "sock", "__sk_common.skc_daddr");
WASMK_FIELD(sk_saddr, "sock", "__sk_common.skc_rcv_saddr");
WASMK_FIELD(sk_daddr6, "sock", "__sk_common.skc_v6_daddr");
WASMK_FIELD(sk_saddr6, "sock", "__sk_common.skc_v6_rcv_saddr");
WASMK_FIELD(tp_bytes_received, "tcp_sock", "bytes_received");
WASMK_FIELD(tp_bytes_acked, "tcp_sock", "bytes_acked");

struct birth {
	unsigned long long ns;
	unsigned int pid;
	unsigned short lport, pad;	/* bound after SYN_SENT, 0 again at TCP_CLOSE */
	char comm[16];
};

/* connections alive, by socket address */
WASMK_MAP(born, WASMK_MAP_HASH, unsigned long long, struct birth, 8192);

struct event {
	unsigned int pid;
	char comm[16];
	unsigned char laddr[16], raddr[16];
	unsigned short lport;
	unsigned short rport;		/* network order */
	unsigned long long tx, rx, us;
};

WASMK_EVENT_LAYOUT("u32:pid,str16:comm,ipv6:laddr,ipv6:raddr,u16:lport,be16:rport,u64:tx,u64:rx,u64:us");

static void addr(unsigned char *dst, unsigned long long sk, int af, const struct wasmk_field *v4,
		 const struct wasmk_field *v6)
{
	int i;

	if (af == AF_INET6) {
		wasmk_field_read(dst, 16, sk, v6);
		return;
	}
	for (i = 0; i < 10; i++)
		dst[i] = 0;
	dst[10] = dst[11] = 0xff;
	wasmk_field_read(dst + 12, 4, sk, v4);
}

WASMK_EXPORT(handler) int handler(long long skp, long long oldstate, long long newstate)
{
	unsigned long long sk = skp, now = wasmk_ktime_ns();
	struct birth b;
	struct event e;
	int af;

	(void)oldstate;
	af = (int)wasmk_field_u64(sk, &sk_family);
	if (af != AF_INET && af != AF_INET6)
		return 0;
	if ((int)newstate != TCP_CLOSE) {
		unsigned short lport = wasmk_field_u64(sk, &sk_num);

		if (wasmk_map_lookup(&born, &sk, &b)) {
			/* the first state of an open keeps its birth */
			if ((int)newstate != TCP_SYN_SENT && (int)newstate != TCP_SYN_RECV &&
			    (int)newstate != TCP_ESTABLISHED)
				return 0;
			b.ns = now;
			b.pid = wasmk_pid_tgid() >> 32;
			b.lport = 0;
			b.pad = 0;
			wasmk_comm(b.comm, sizeof(b.comm));
		} else if (!lport || lport == b.lport) {
			return 0;
		}
		if (lport)
			b.lport = lport;
		wasmk_map_update(&born, &sk, &b, WASMK_MAP_ANY);
		return 0;
	}
	if (wasmk_map_lookup(&born, &sk, &b))
		return 0;
	wasmk_map_delete(&born, &sk);
	e.pid = b.pid;
	__builtin_memcpy(e.comm, b.comm, sizeof(e.comm));
	addr(e.laddr, sk, af, &sk_saddr, &sk_saddr6);
	addr(e.raddr, sk, af, &sk_daddr, &sk_daddr6);
	e.lport = b.lport;
	e.rport = 0;
	wasmk_field_read(&e.rport, 2, sk, &sk_dport);
	e.tx = wasmk_field_u64(sk, &tp_bytes_acked);
	e.rx = wasmk_field_u64(sk, &tp_bytes_received);
	e.us = (now - b.ns) / 1000;
	wasmk_emit(&e, sizeof(e));
	return 0;
}
