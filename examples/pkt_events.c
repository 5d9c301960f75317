// SPDX-License-Identifier: GPL-2.0
/*
 * pkt_events: one event record per TCP or UDP packet, IPv4 and IPv6, read
 * with `wasmk events`.  Accepts everything.
 *
 *   wasmk prog load pkt_events.wasm
 *   wasmk link attach name pkt_events netfilter ipv4 input
 *   wasmk events name pkt_events \
 *	layout u32:pktlen,ipv4:daddr,u16:sport,u16:dport,u8:proto,u8:ipver
 */
#include <wasmk/guest.h>

#define IPPROTO_TCP	6
#define IPPROTO_UDP	17

/* The record: packed, little-endian, described by the layout above. */
struct pkt_event {
	unsigned int len;		/* bytes from the network header */
	unsigned char daddr[4];		/* IPv4 destination (0 for IPv6) */
	unsigned short sport;		/* host order */
	unsigned short dport;
	unsigned char proto;
	unsigned char ipver;
} __attribute__((packed));	/* 14 bytes */

WASMK_EXPORT(handler) int handler(int len)
{
	unsigned char hdr[40], l4[4];
	struct pkt_event ev = { 0 };
	unsigned int off, i;

	if (wasmk_pkt_load(0, hdr, 1) != 1)
		return WASMK_VERDICT_ACCEPT;
	ev.ipver = hdr[0] >> 4;
	if (ev.ipver == 4) {
		if (wasmk_pkt_load(0, hdr, 20) != 20 || ((hdr[6] & 0x1f) | hdr[7]))
			return WASMK_VERDICT_ACCEPT;	/* short, or a later fragment */
		ev.proto = hdr[9];
		for (i = 0; i < 4; i++)
			ev.daddr[i] = hdr[16 + i];
		off = (hdr[0] & 15) * 4;
	} else if (ev.ipver == 6) {
		if (wasmk_pkt_load(0, hdr, 40) != 40)
			return WASMK_VERDICT_ACCEPT;
		ev.proto = hdr[6];	/* no extension headers followed */
		off = 40;
	} else {
		return WASMK_VERDICT_ACCEPT;
	}
	if (ev.proto != IPPROTO_TCP && ev.proto != IPPROTO_UDP)
		return WASMK_VERDICT_ACCEPT;
	if (wasmk_pkt_load(off, l4, 4) != 4)
		return WASMK_VERDICT_ACCEPT;
	ev.len = len;
	ev.sport = (unsigned short)(l4[0] << 8 | l4[1]);
	ev.dport = (unsigned short)(l4[2] << 8 | l4[3]);
	wasmk_emit(&ev, sizeof(ev));	/* -1: dropped (counted); carry on */
	return WASMK_VERDICT_ACCEPT;
}
