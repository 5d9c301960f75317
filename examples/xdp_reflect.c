// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_reflect: the smallest XDP_TX handler.  A UDP datagram to port 7
 * (echo) goes back out of the device it came in on with its Ethernet
 * addresses, IP addresses and ports swapped: the sender gets its own
 * datagram back, as if the echo service had answered, without the packet
 * reaching the stack.  Swapping leaves every checksum as it was (a sum
 * does not care about order), so none needs fixing.  Everything else
 * passes.
 *
 *   wasmk prog load xdp_reflect.wasm
 *   wasmk link attach name xdp_reflect xdp eth0
 *   wasmk link list                      # tx 1000
 */
#include <wasmk/guest.h>

#define IPPROTO_UDP	17
#define ECHO_PORT	7

static void swap(int a, int b, unsigned int n)
{
	unsigned char x[16], y[16];

	wasmk_pkt_load(a, x, n);
	wasmk_pkt_load(b, y, n);
	wasmk_pkt_store(a, y, n, 0);
	wasmk_pkt_store(b, x, n, 0);
}

WASMK_EXPORT(handler) int handler(void)
{
	unsigned char ip[20], udp[4];
	int l4;

	if (wasmk_pkt_load(0, ip, 20) != 20)
		return WASMK_VERDICT_ACCEPT;
	if ((ip[0] >> 4) == 4) {
		if (ip[9] != IPPROTO_UDP)
			return WASMK_VERDICT_ACCEPT;
		l4 = (ip[0] & 15) * 4;
	} else if ((ip[0] >> 4) == 6) {
		if (ip[6] != IPPROTO_UDP)	/* next header: UDP, no extension headers */
			return WASMK_VERDICT_ACCEPT;
		l4 = 40;
	} else {
		return WASMK_VERDICT_ACCEPT;
	}
	if (wasmk_pkt_load(l4, udp, 4) != 4 || udp[2] != 0 || udp[3] != ECHO_PORT)
		return WASMK_VERDICT_ACCEPT;
	swap(-14, -8, 6);			/* destination and source MAC */
	if ((ip[0] >> 4) == 4)
		swap(12, 16, 4);		/* source and destination address */
	else
		swap(8, 24, 16);
	swap(l4, l4 + 2, 2);			/* source and destination port */
	return WASMK_VERDICT_TX;
}
