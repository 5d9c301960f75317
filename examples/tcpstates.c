// SPDX-License-Identifier: GPL-2.0
/*
 * tcpstates: every TCP state change, with both ends, as libbpf-tools'
 * tcpstates prints it, from the sock:inet_sock_set_state trace event's
 * record (the fields its TP_fast_assign fills: oldstate, newstate, sport,
 * dport, family, saddr, daddr, saddr_v6, daddr_v6), not from the socket:
 * a `tracepoint ... record` link, the record's fields relocated in the
 * kernel's BTF (struct trace_event_raw_inet_sock_set_state) at load.
 * States are the kernel's numbers: 1 ESTABLISHED, 2 SYN_SENT, 3 SYN_RECV,
 * 4 FIN_WAIT1, 5 FIN_WAIT2, 6 TIME_WAIT, 7 CLOSE, 8 CLOSE_WAIT,
 * 9 LAST_ACK, 10 LISTEN, 11 CLOSING.
 *
 *   wasmk prog load tcpstates.wasm
 *   wasmk link attach name tcpstates tracepoint sock:inet_sock_set_state record
 *   wasmk events name tcpstates
 *   cpu=0 t=5.2 pid=171 comm=curl af=2 saddr=::ffff:10.200.0.1 daddr=::ffff:10.200.0.2 sport=41234 dport=80 old=7 new=2
 */
#include <wasmk/guest.h>

#define AF_INET		2
#define AF_INET6	10
#define REC		"trace_event_raw_inet_sock_set_state"

WASMK_FIELD(r_oldstate, REC, "oldstate");
WASMK_FIELD(r_newstate, REC, "newstate");
WASMK_FIELD(r_sport, REC, "sport");
WASMK_FIELD(r_dport, REC, "dport");
WASMK_FIELD(r_family, REC, "family");
WASMK_FIELD(r_saddr, REC, "saddr");
WASMK_FIELD(r_daddr, REC, "daddr");
WASMK_FIELD(r_saddr6, REC, "saddr_v6");
WASMK_FIELD(r_daddr6, REC, "daddr_v6");

struct event {
	unsigned int pid;
	char comm[16];
	unsigned short af, sport, dport, pad;
	unsigned char saddr[16], daddr[16];
	int oldstate, newstate;
};

WASMK_EVENT_LAYOUT("u32:pid,str16:comm,u16:af,u16:sport,u16:dport,u16:pad,ipv6:saddr,ipv6:daddr,i32:old,i32:new");

static void addr(unsigned char *dst, unsigned int af, const struct wasmk_field *v4,
		 const struct wasmk_field *v6)
{
	int i;

	if (af == AF_INET6) {
		wasmk_record_load(v6->offset, dst, 16);
		return;
	}
	for (i = 0; i < 10; i++)
		dst[i] = 0;
	dst[10] = dst[11] = 0xff;
	wasmk_record_load(v4->offset, dst + 12, 4);
}

WASMK_EXPORT(handler) int handler(int len)
{
	struct event e;

	(void)len;
	e.af = wasmk_record_u64(&r_family);
	if (e.af != AF_INET && e.af != AF_INET6)
		return 0;
	e.pid = wasmk_pid_tgid() >> 32;
	wasmk_comm(e.comm, sizeof(e.comm));
	e.sport = wasmk_record_u64(&r_sport);	/* the record keeps host order */
	e.dport = wasmk_record_u64(&r_dport);
	e.pad = 0;
	addr(e.saddr, e.af, &r_saddr, &r_saddr6);
	addr(e.daddr, e.af, &r_daddr, &r_daddr6);
	e.oldstate = wasmk_record_u64(&r_oldstate);
	e.newstate = wasmk_record_u64(&r_newstate);
	wasmk_emit(&e, sizeof(e));
	return 0;
}
