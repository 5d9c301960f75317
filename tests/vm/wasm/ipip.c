// SPDX-License-Identifier: GPL-2.0
/*
 * XDP head and tail adjustment, end to end (t_xdp_adjust.sh): IPIP
 * encapsulation on one side, decapsulation on the other.
 *
 * encap_reflect (the peer's device): a UDP datagram to port 4000 is
 * answered as xdp_reflect does (addresses and ports swapped), then wrapped
 * in an outer IPv4 header (protocol 4, IPIP) pushed in front with
 * pkt_adjust_head(-20), given a 4-byte trailer "WSMK" after its end with
 * pkt_adjust_tail(4), and sent back with XDP_TX.  The bytes both calls
 * add must read as zero before they are written.
 *
 * decap (this side's device): an IPIP packet must carry that trailer
 * (the other tail grew), which pkt_adjust_tail(-4) removes; the outer
 * header is popped with pkt_adjust_head(20) after moving the Ethernet
 * header up; the inner datagram goes to the stack.  Lengths are checked
 * after each step.  Any check that fails drops the packet, so the echo
 * does not arrive.
 *
 * tc_adjust (tc): the adjustments are XDP's only: -95 EOPNOTSUPP there,
 * or the packet is dropped.
 */
#include <wasmk/guest.h>

#define IPPROTO_IPIP	4
#define IPPROTO_UDP	17
#define TUNNEL_PORT	4000

static const unsigned char trailer[4] = { 'W', 'S', 'M', 'K' };
static const unsigned char peer_addr[4] = { 10, 200, 0, 2 };	/* the outer source */

static void swap(unsigned char *a, unsigned char *b, unsigned int n)
{
	unsigned char t;

	while (n--) {
		t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

static int zero(int off, unsigned int n)
{
	unsigned char b[20];
	unsigned int i;

	if (n > sizeof(b) || wasmk_pkt_load(off, b, n) != (int)n)
		return 0;
	for (i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

static unsigned short ip_csum(const unsigned char *h)
{
	unsigned int sum = 0, i;

	for (i = 0; i < 20; i += 2)
		sum += h[i] << 8 | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

WASMK_EXPORT(encap_reflect) int encap_reflect(void)
{
	unsigned char h[42], *ip = h + 14, *udp = h + 34, outer[34];
	unsigned int tot, i;
	unsigned short csum;
	int len;

	if (wasmk_pkt_load(-14, h, sizeof(h)) != sizeof(h) || ip[0] != 0x45 ||
	    ip[9] != IPPROTO_UDP || udp[2] != (TUNNEL_PORT >> 8) || udp[3] != (TUNNEL_PORT & 255))
		return WASMK_VERDICT_ACCEPT;
	/* the limits: no unbounded headroom, no frame under 14 bytes, no INGRESS at XDP */
	if (wasmk_pkt_adjust_head(-65536) != -22 || wasmk_pkt_adjust_tail(-65536) != -22 ||
	    wasmk_pkt_adjust_head(65536) != -22 || wasmk_redirect(1, WASMK_REDIRECT_INGRESS) != -22)
		return WASMK_VERDICT_DROP;
	swap(h, h + 6, 6);
	swap(ip + 12, ip + 16, 4);
	swap(udp, udp + 2, 2);
	if (wasmk_pkt_store(-14, h, sizeof(h), 0))
		return WASMK_VERDICT_DROP;
	tot = ip[2] << 8 | ip[3];
	len = wasmk_pkt_len();
	if (wasmk_pkt_adjust_head(-20) || wasmk_pkt_len() != len + 20 || !zero(-14, 20))
		return WASMK_VERDICT_DROP;
	/* outer Ethernet: the inner one's addresses; outer IPv4: us to the sender */
	for (i = 0; i < 12; i++)
		outer[i] = h[i];
	outer[12] = 0x08;
	outer[13] = 0x00;
	for (i = 14; i < 34; i++)
		outer[i] = 0;
	outer[14] = 0x45;
	outer[16] = (tot + 20) >> 8;
	outer[17] = (tot + 20) & 255;
	outer[22] = 64;
	outer[23] = IPPROTO_IPIP;
	for (i = 0; i < 4; i++) {
		outer[26 + i] = peer_addr[i];
		outer[30 + i] = ip[16 + i];	/* the inner destination: the sender */
	}
	csum = ip_csum(outer + 14);
	outer[24] = csum >> 8;
	outer[25] = csum & 255;
	if (wasmk_pkt_store(-14, outer, sizeof(outer), 0))
		return WASMK_VERDICT_DROP;
	len = wasmk_pkt_len();
	if (wasmk_pkt_adjust_tail(4) || wasmk_pkt_len() != len + 4 || !zero(len, 4) ||
	    wasmk_pkt_store(len, trailer, 4, 0))
		return WASMK_VERDICT_DROP;
	return WASMK_VERDICT_TX;
}

WASMK_EXPORT(decap) int decap(void)
{
	unsigned char ip[20], eth[14], tr[4];
	unsigned int tot, i;

	if (wasmk_pkt_load(0, ip, 20) != 20 || ip[0] != 0x45 || ip[9] != IPPROTO_IPIP)
		return WASMK_VERDICT_ACCEPT;
	tot = ip[2] << 8 | ip[3];
	if (wasmk_pkt_len() != (int)tot + 4 || wasmk_pkt_load(tot, tr, 4) != 4)
		return WASMK_VERDICT_DROP;
	for (i = 0; i < 4; i++)
		if (tr[i] != trailer[i])
			return WASMK_VERDICT_DROP;
	if (wasmk_pkt_adjust_tail(-4) || wasmk_pkt_len() != (int)tot)
		return WASMK_VERDICT_DROP;
	if (wasmk_pkt_load(-14, eth, 14) != 14 || wasmk_pkt_adjust_head(20) ||
	    wasmk_pkt_store(-14, eth, 14, 0) || wasmk_pkt_len() != (int)tot - 20)
		return WASMK_VERDICT_DROP;
	return WASMK_VERDICT_ACCEPT;
}

WASMK_EXPORT(tc_adjust) int tc_adjust(void)
{
	if (wasmk_pkt_adjust_head(-4) != -95 || wasmk_pkt_adjust_tail(4) != -95)
		return WASMK_VERDICT_DROP;
	return WASMK_VERDICT_ACCEPT;
}
