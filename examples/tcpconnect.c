// SPDX-License-Identifier: GPL-2.0
/*
 * tcpconnect: every active TCP connection attempt (a SYN sent), IPv4 and
 * IPv6, with the connecting process, as libbpf-tools' tcpconnect prints them.  A
 * kprobe on tcp_v4_connect/tcp_v6_connect keeps the socket by thread id
 * in a map; the kretprobe, if the connect started, reads the socket's
 * addresses and port through fields relocated in the kernel's BTF at load
 * (so the same .wasm is right on every kernel version and architecture)
 * and emits one event.  IPv4 addresses are shown v4-mapped (::ffff:a.b.c.d).
 *
 *   wasmk prog load tcpconnect.wasm
 *   wasmk link attach name tcpconnect kprobe tcp_v4_connect
 *   wasmk link attach name tcpconnect kprobe tcp_v6_connect
 *   wasmk link attach name tcpconnect kretprobe tcp_v4_connect entry ret
 *   wasmk link attach name tcpconnect kretprobe tcp_v6_connect entry ret
 *   wasmk events name tcpconnect
 *   cpu=0 t=5.1 pid=171 uid=0 saddr=::ffff:10.200.0.1 daddr=::ffff:10.200.0.2 dport=6000 af=2 comm=curl
 */
#include <wasmk/guest.h>

#define AF_INET		2
#define AF_INET6	10

WASMK_FIELD(sk_family, "sock", "__sk_common.skc_family");
WASMK_FIELD(sk_dport, "sock", "__sk_common.skc_dport");
WASMK_FIELD(sk_daddr, "sock", "__sk_common.skc_daddr");
WASMK_FIELD(sk_saddr, "sock", "__sk_common.skc_rcv_saddr");
WASMK_FIELD(sk_daddr6, "sock", "__sk_common.skc_v6_daddr");
WASMK_FIELD(sk_saddr6, "sock", "__sk_common.skc_v6_rcv_saddr");

/* the socket being connected, by thread id, from the kprobe to the kretprobe */
WASMK_MAP(connecting, WASMK_MAP_HASH, unsigned int, unsigned long long, 4096);

struct event {
	unsigned int pid, uid;
	unsigned char saddr[16], daddr[16];
	unsigned short dport;		/* network order */
	unsigned short af;
	char comm[16];
};

WASMK_EVENT_LAYOUT("u32:pid,u32:uid,ipv6:saddr,ipv6:daddr,be16:dport,u16:af,str16:comm");

/* int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len), and v6's */
WASMK_EXPORT(handler) int handler(long long sk)
{
	unsigned int tid = (unsigned int)wasmk_pid_tgid();
	unsigned long long p = sk;

	wasmk_map_update(&connecting, &tid, &p, WASMK_MAP_ANY);
	return 0;
}

/* An IPv4 address as ::ffff:a.b.c.d */
static void mapped(unsigned char *dst, unsigned long long sk, const struct wasmk_field *f)
{
	int i;

	for (i = 0; i < 10; i++)
		dst[i] = 0;
	dst[10] = dst[11] = 0xff;
	wasmk_field_read(dst + 12, 4, sk, f);
}

WASMK_EXPORT(ret) int ret(long long rv)
{
	unsigned int tid = (unsigned int)wasmk_pid_tgid();
	unsigned long long sk;
	struct event e;

	if (wasmk_map_lookup(&connecting, &tid, &sk))
		return 0;
	wasmk_map_delete(&connecting, &tid);
	if ((int)rv != 0)
		return 0;		/* no SYN sent (bad address, no route, ...) */
	e.af = wasmk_field_u64(sk, &sk_family);
	if (e.af == AF_INET) {
		mapped(e.saddr, sk, &sk_saddr);
		mapped(e.daddr, sk, &sk_daddr);
	} else if (e.af == AF_INET6) {
		wasmk_field_read(e.saddr, 16, sk, &sk_saddr6);
		wasmk_field_read(e.daddr, 16, sk, &sk_daddr6);
	} else {
		return 0;
	}
	e.dport = 0;
	wasmk_field_read(&e.dport, 2, sk, &sk_dport);
	e.pid = wasmk_pid_tgid() >> 32;
	e.uid = (unsigned int)wasmk_uid_gid();
	wasmk_comm(e.comm, sizeof(e.comm));
	wasmk_emit(&e, sizeof(e));
	return 0;
}
