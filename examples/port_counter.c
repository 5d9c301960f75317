// SPDX-License-Identifier: GPL-2.0
/*
 * port_counter: counts TCP and UDP packets per destination port, IPv4 and
 * IPv6, for up to 16 ports configured from userspace.  Accepts everything.
 *
 * Memory (each CPU has its own copy; sum them in userspace), exported by
 * name so that `wasmk mem` finds it:
 *   ports       u16[16]  ports to count (0 = unused), little-endian
 *   tcp_counts  u64[16]  TCP packets to ports[i]
 *   udp_counts  u64[16]  UDP packets to ports[i]
 *
 *   wasmk prog load port_counter.wasm
 *   wasmk mem write name port_counter ports 8813            # port 5000
 *   wasmk link attach name port_counter netfilter ipv4 input
 *   wasmk mem read name port_counter udp_counts 128 sum
 */
#include <wasmk/guest.h>

#define NPORTS		16
/* visibility("default"): exported (wasmk-cc links with --export-dynamic) */
__attribute__((visibility("default"))) volatile unsigned short ports[NPORTS];
__attribute__((visibility("default"))) volatile unsigned long long tcp_counts[NPORTS];
__attribute__((visibility("default"))) volatile unsigned long long udp_counts[NPORTS];
#define PORTS		ports
#define TCP_COUNT	tcp_counts
#define UDP_COUNT	udp_counts

#define IPPROTO_TCP	6
#define IPPROTO_UDP	17

static void count(volatile unsigned long long *table, unsigned int port)
{
	int i;

	for (i = 0; i < NPORTS; i++) {
		if (PORTS[i] && PORTS[i] == port) {
			table[i]++;
			return;
		}
	}
}

WASMK_EXPORT(handler) int handler(int len)
{
	unsigned char hdr[40], l4[4];
	unsigned int proto, off;

	(void)len;

	if (wasmk_pkt_load(0, hdr, 1) != 1)
		return WASMK_VERDICT_ACCEPT;
	if ((hdr[0] >> 4) == 4) {
		if (wasmk_pkt_load(0, hdr, 20) != 20)
			return WASMK_VERDICT_ACCEPT;
		/* fragments after the first carry no port */
		if (((hdr[6] & 0x1f) | hdr[7]) != 0)
			return WASMK_VERDICT_ACCEPT;
		proto = hdr[9];
		off = (hdr[0] & 15) * 4;
	} else if ((hdr[0] >> 4) == 6) {
		if (wasmk_pkt_load(0, hdr, 40) != 40)
			return WASMK_VERDICT_ACCEPT;
		proto = hdr[6];		/* no extension headers followed */
		off = 40;
	} else {
		return WASMK_VERDICT_ACCEPT;
	}
	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return WASMK_VERDICT_ACCEPT;
	if (wasmk_pkt_load(off, l4, 4) != 4)
		return WASMK_VERDICT_ACCEPT;
	count(proto == IPPROTO_TCP ? TCP_COUNT : UDP_COUNT, (unsigned int)l4[2] << 8 | l4[3]);
	return WASMK_VERDICT_ACCEPT;
}
