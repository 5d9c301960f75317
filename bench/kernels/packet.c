// SPDX-License-Identifier: GPL-2.0
/*
 * Packet parsing: 1024 synthetic Ethernet-less IPv4 packets (some with IP
 * options, some UDP/ICMP, some fragments, some with bad header checksums,
 * TCP with and without options), parsed like a firewall fast path: version
 * and length checks, header checksum, 5-tuple hash, TCP flags, MSS option.
 */
#include "kernel.h"

#define BENCH_N 9000	/* passes over the packets */
#define BENCH_KN 400	/* in the kernel (scripts/bench-kernel) */
#define NPKT 1024
#define PKTLEN 96

static u8 pkts[NPKT][PKTLEN];

static u16 rd16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 rd32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u16 csum(const u8 *p, u32 len)
{
	u32 s = 0, i;

	for (i = 0; i + 1 < len; i += 2)
		s += rd16(p + i);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)~s;
}

static void gen(void)
{
	u32 seed = 4242, i, k;

	for (i = 0; i < NPKT; i++) {
		u8 *p = pkts[i];
		u32 r = lcg(&seed), ihl = (r & 7) == 0 ? 6 : 5, proto, doff, tl;
		u16 c;

		for (k = 0; k < PKTLEN; k++)
			p[k] = (u8)(lcg(&seed) >> 24);
		proto = (r >> 4) % 8 < 6 ? 6 : ((r >> 4) & 1 ? 17 : 1);
		doff = (r >> 8) & 1 ? 8 : 5;
		tl = ihl * 4 + doff * 4 + ((r >> 12) & 15);
		p[0] = (u8)(0x40 | ihl);
		if ((r >> 20) % 64 == 0)
			p[0] = 0x60;			/* not IPv4 */
		p[1] = 0;
		p[2] = (u8)(tl >> 8);
		p[3] = (u8)tl;
		p[6] = (r >> 16) % 32 == 0 ? 0x20 : 0x40;	/* MF or DF */
		p[7] = 0;
		p[8] = 64;
		p[9] = (u8)proto;
		p[10] = p[11] = 0;
		c = csum(p, ihl * 4);
		if ((r >> 24) % 50 == 0)
			c ^= 1;				/* corrupt */
		p[10] = (u8)(c >> 8);
		p[11] = (u8)c;
		if (proto == 6) {
			u8 *t = p + ihl * 4;

			t[12] = (u8)(doff << 4);
			t[13] &= 0x3f;
			if (doff > 5) {
				t[20] = 2;		/* MSS */
				t[21] = 4;
				t[22] = 0x05;
				t[23] = 0xb4;
				t[24] = 1;		/* NOP, then EOL */
				t[25] = 0;
			}
		}
	}
}

int run(int n)
{
	u32 stats[16], acc = 0, i, k;
	int pass;

	gen();
	for (pass = 0; pass < n; pass++) {
		for (k = 0; k < 16; k++)
			stats[k] = 0;
		pkts[pass % NPKT][15] ^= (u8)pass;	/* src address changes */
		for (i = 0; i < NPKT; i++) {
			const u8 *p = pkts[i], *t;
			u32 ihl, tl, saddr, daddr, sport, dport, h, doff, off;
			u8 flags;

			if ((p[0] >> 4) != 4) {
				stats[0]++;
				continue;
			}
			ihl = (p[0] & 15) * 4u;
			tl = rd16(p + 2);
			if (ihl < 20 || tl < ihl || tl > PKTLEN) {
				stats[1]++;
				continue;
			}
			if (csum(p, ihl) != 0) {
				stats[2]++;
				continue;
			}
			if (rd16(p + 6) & 0x3fff) {
				stats[3]++;		/* fragment */
				continue;
			}
			saddr = rd32(p + 12);
			daddr = rd32(p + 16);
			if (p[9] != 6) {
				stats[p[9] == 17 ? 4 : 5]++;
				continue;
			}
			t = p + ihl;
			doff = (t[12] >> 4) * 4u;
			if (doff < 20 || ihl + doff > tl) {
				stats[6]++;
				continue;
			}
			sport = rd16(t);
			dport = rd16(t + 2);
			flags = t[13];
			if (flags & 0x02)
				stats[7]++;		/* SYN */
			if (flags & 0x10)
				stats[8]++;		/* ACK */
			if (flags & 0x04)
				stats[9]++;		/* RST */
			if ((flags & 0x03) == 0x03)
				stats[10]++;		/* SYN+FIN: drop */
			for (off = 20; off < doff;) {	/* options */
				u8 kind = t[off];

				if (kind == 0)
					break;
				if (kind == 1) {
					off++;
					continue;
				}
				if (off + 1 >= doff || t[off + 1] < 2)
					break;
				if (kind == 2 && t[off + 1] == 4)
					stats[11] += rd16(t + off + 2);
				off += t[off + 1];
			}
			h = saddr * 0x9e3779b1u ^ daddr;
			h = (h ^ (sport << 16 | dport)) * 0x85ebca6bu;
			h ^= h >> 13;
			stats[12 + (h & 3)]++;
			acc += h >> 20;
		}
		for (k = 0; k < 16; k++)
			acc = acc * 31 + stats[k];
	}
	return (int)acc;
}
