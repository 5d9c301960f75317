// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_reflect: the smallest XDP_TX handler.  A UDP datagram to port 7
 * (echo) goes back out of the device it came in on with its Ethernet
 * addresses, IP addresses and ports swapped: the sender gets its own
 * datagram back, as if the echo service had answered, without the packet
 * reaching the stack.  Swapping leaves every checksum as it was (a sum
 * does not care about order), so none needs fixing.  Everything else
 * passes.  The headers are read with one host call, swapped in linear
 * memory and written back with one more: a host call costs more than the
 * bytes it copies.
 *
 *   wasmk prog load xdp_reflect.wasm
 *   wasmk link attach name xdp_reflect xdp eth0
 *   wasmk link list                      # tx 1000
 */
#include <wasmk/guest.h>

#define IPPROTO_UDP	17
#define ECHO_PORT	7

static void swap(unsigned char *a, unsigned char *b, unsigned int n)
{
	unsigned char t;

	while (n--) {
		t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

WASMK_EXPORT(handler) int handler(void)
{
	/* Ethernet, IPv4 (no options) or IPv6, UDP: at most 14 + 40 + 8 bytes */
	unsigned char h[62], *ip = h + 14, *udp;
	unsigned int n;

	n = wasmk_pkt_load(-14, h, sizeof(h));
	if (n < 14 + 20 + 8)
		return WASMK_VERDICT_ACCEPT;
	if ((ip[0] >> 4) == 4 && ip[0] == 0x45 && ip[9] == IPPROTO_UDP) {
		udp = ip + 20;
		swap(ip + 12, ip + 16, 4);		/* source and destination address */
	} else if ((ip[0] >> 4) == 6 && n >= 62 && ip[6] == IPPROTO_UDP) {
		udp = ip + 40;				/* UDP right after the header */
		swap(ip + 8, ip + 24, 16);
	} else {
		return WASMK_VERDICT_ACCEPT;
	}
	if (udp[2] != 0 || udp[3] != ECHO_PORT)
		return WASMK_VERDICT_ACCEPT;
	swap(h, h + 6, 6);				/* destination and source MAC */
	swap(udp, udp + 2, 2);				/* source and destination port */
	if (wasmk_pkt_store(-14, h, udp + 8 - h, 0))
		return WASMK_VERDICT_ACCEPT;
	return WASMK_VERDICT_TX;
}
