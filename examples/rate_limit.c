// SPDX-License-Identifier: GPL-2.0
/*
 * rate_limit: a per-source packet rate limiter.  Each IPv4 source address
 * gets a token bucket (rate packets per second, up to burst packets at
 * once); a packet that finds its bucket empty is dropped.  Rate and burst
 * are configuration in linear memory, set from userspace with `mem write`;
 * rate 0 turns the limiter off.  Other packets (IPv6) pass.
 *
 * Each CPU runs its own instance with its own buckets, like a per-CPU map:
 * a source whose packets arrive on n CPUs gets up to n times the rate.
 *
 * Memory layout (little-endian):
 *   0x17000  u32 rate     packets per second per source (0: off)
 *   0x17004  u32 burst    bucket size, packets
 *   0x18000  u64 passed   packets that found a token
 *   0x18008  u64 dropped  packets that did not
 *   0x18010  u64 evicted  buckets reused for a new source (table full)
 *   0x19000  struct bucket table[1024]  (16 bytes each)
 *
 *   wasmk prog load rate_limit.wasm
 *   wasmk mem write name rate_limit 0x17000 050000000a000000  # 5/s, burst 10
 *   wasmk link attach name rate_limit netfilter ipv4 input
 *   wasmk mem read name rate_limit 0x18000 24 sum
 */
#include <wasmk/guest.h>

struct bucket {
	unsigned int saddr;		/* 0: free */
	unsigned int tokens;		/* in thousandths of a packet */
	unsigned long long last_ns;	/* last refill */
};

#define RATE		(*(volatile unsigned int *)0x17000)
#define BURST		(*(volatile unsigned int *)0x17004)
#define PASSED		(*(volatile unsigned long long *)0x18000)
#define DROPPED		(*(volatile unsigned long long *)0x18008)
#define EVICTED		(*(volatile unsigned long long *)0x18010)
#define TABLE		((struct bucket *)0x19000)
#define NBUCKETS	1024
#define PROBES		8

static unsigned int hash(unsigned int x)
{
	x ^= x >> 16;
	x *= 0x7feb352d;
	x ^= x >> 15;
	x *= 0x846ca68b;
	x ^= x >> 16;
	return x;
}

/* The source's bucket: found, or a free one, or the stalest probed. */
static struct bucket *lookup(unsigned int saddr, unsigned long long now)
{
	unsigned int h = hash(saddr), i;
	struct bucket *b, *oldest = 0;

	for (i = 0; i < PROBES; i++) {
		b = &TABLE[(h + i) % NBUCKETS];
		if (b->saddr == saddr)
			return b;
		if (!b->saddr)
			break;
		if (!oldest || b->last_ns < oldest->last_ns)
			oldest = b;
	}
	if (i == PROBES) {
		b = oldest;
		EVICTED++;
	}
	b->saddr = saddr;
	b->tokens = BURST * 1000;
	b->last_ns = now;
	return b;
}

WASMK_EXPORT(handler) int handler(int len)
{
	unsigned long long now, refill, cap;
	unsigned char ip[20];
	unsigned int saddr, rate = RATE;
	struct bucket *b;

	(void)len;
	if (!rate || wasmk_pkt_load(0, ip, sizeof(ip)) != sizeof(ip) || (ip[0] >> 4) != 4)
		return WASMK_VERDICT_ACCEPT;
	saddr = (unsigned int)ip[12] << 24 | ip[13] << 16 | ip[14] << 8 | ip[15];
	if (!saddr)
		return WASMK_VERDICT_ACCEPT;
	now = wasmk_ktime_ns();
	b = lookup(saddr, now);
	/* rate packets/s = rate thousandths per ms = rate / 1e6 per ns */
	refill = (now - b->last_ns) * rate / 1000000;
	cap = (unsigned long long)BURST * 1000;
	b->tokens = b->tokens + refill > cap ? cap : b->tokens + refill;
	if (refill)
		b->last_ns = now;
	if (b->tokens < 1000) {
		DROPPED++;
		return WASMK_VERDICT_DROP;
	}
	b->tokens -= 1000;
	PASSED++;
	return WASMK_VERDICT_ACCEPT;
}
