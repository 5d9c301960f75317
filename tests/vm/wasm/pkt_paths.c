// SPDX-License-Identifier: GPL-2.0
/*
 * The packet write and verdict paths t_pkt_paths.sh checks that the
 * examples do not: tc redirects (egress and ingress) and netfilter
 * rewrites.
 *
 * tc_reflect (tc ingress): a UDP datagram to port 5800 is answered with
 * its Ethernet and IP addresses and ports swapped and redirected out of
 * the device it came in on (pkt_ifindex()).
 * tc_loopback (tc egress): a UDP datagram to port 5700 is swapped the
 * same way and redirected into the receive path of the device it was
 * leaving (WASMK_REDIRECT_INGRESS): the sender's own stack answers
 * itself.
 * nf_out (netfilter output): UDP to port 5900 goes to 5901 instead;
 * nf_in (netfilter prerouting): UDP from port 5901 comes from 5900 again;
 * both fix the UDP checksum.  UDP to port 5902 is rewritten the same way
 * by nf_out and then dropped (a mangled packet dropped).
 */
#include <wasmk/guest.h>

#define IPPROTO_UDP	17

static void swap(unsigned char *a, unsigned char *b, unsigned int n)
{
	unsigned char t;

	while (n--) {
		t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

/* Ethernet + IPv4 (no options) + UDP to port, swapped in place; 0 if not one */
static int reflect(unsigned int port)
{
	unsigned char h[42], *ip = h + 14, *udp = h + 34;

	if (wasmk_pkt_load(-14, h, sizeof(h)) != sizeof(h) || ip[0] != 0x45 ||
	    ip[9] != IPPROTO_UDP || udp[2] != (port >> 8) || udp[3] != (port & 255))
		return 0;
	swap(h, h + 6, 6);
	swap(ip + 12, ip + 16, 4);
	swap(udp, udp + 2, 2);
	return !wasmk_pkt_store(-14, h, sizeof(h), 0);
}

WASMK_EXPORT(tc_reflect) int tc_reflect(void)
{
	if (!reflect(5800))
		return WASMK_VERDICT_ACCEPT;
	if (wasmk_redirect(wasmk_pkt_ifindex(), 0))
		return WASMK_VERDICT_DROP;
	return WASMK_VERDICT_REDIRECT;
}

WASMK_EXPORT(tc_loopback) int tc_loopback(void)
{
	if (!reflect(5700))
		return WASMK_VERDICT_ACCEPT;
	if (wasmk_redirect(wasmk_pkt_ifindex(), WASMK_REDIRECT_INGRESS))
		return WASMK_VERDICT_DROP;
	return WASMK_VERDICT_REDIRECT;
}

static unsigned short be16(unsigned int v)
{
	return (unsigned short)((v >> 8) | (v << 8));
}

/* netfilter: the UDP port at port_off (0 source, 2 destination) from `from` to `to` */
static int nf_port(unsigned int port_off, unsigned int from, unsigned int to)
{
	unsigned char ip[20];
	unsigned short port, new_port = be16(to);
	int l4;

	/* no link-layer header on netfilter: offset -1 is outside the packet */
	if (wasmk_pkt_store(-1, ip, 1, 0) != -34)
		return WASMK_VERDICT_DROP;
	if (wasmk_pkt_load(0, ip, 20) != 20 || ip[0] != 0x45 || ip[9] != IPPROTO_UDP)
		return -1;
	l4 = 20;
	if (wasmk_pkt_load(l4 + port_off, &port, 2) != 2 || port != be16(from))
		return -1;
	if (wasmk_pkt_store(l4 + port_off, &new_port, 2, 0) ||
	    wasmk_l4_csum_replace(l4 + 6, port, new_port, 2 | WASMK_CSUM_MANGLED_0))
		return WASMK_VERDICT_DROP;
	return WASMK_VERDICT_ACCEPT;
}

WASMK_EXPORT(nf_out) int nf_out(void)
{
	int v = nf_port(2, 5900, 5901);

	if (v >= 0)
		return v;
	v = nf_port(2, 5902, 5901);
	return v < 0 ? WASMK_VERDICT_ACCEPT : WASMK_VERDICT_DROP;
}

WASMK_EXPORT(nf_in) int nf_in(void)
{
	int v = nf_port(0, 5901, 5900);

	return v < 0 ? WASMK_VERDICT_ACCEPT : v;
}
