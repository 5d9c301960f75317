// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_lb: an L4 load balancer at XDP for one virtual IP (TCP), across
 * backends on their own devices.  The LB's XDP handler, attached to the
 * device clients reach the VIP through and to each device towards a
 * backend:
 *   - a packet to VIP:port: its connection (5-tuple) is looked up in
 *     `conns`; a new one gets backend hash(5-tuple) % backends, and the
 *     reverse direction is recorded with how to send replies back (the
 *     client's MAC, the device it came in on).  The destination address
 *     becomes the backend's, the IPv4 and TCP checksums are fixed, the
 *     Ethernet addresses are the LB's and the backend's, and the packet is
 *     redirected out of the device towards the backend;
 *   - a backend's reply to such a connection: the source becomes VIP,
 *     checksums fixed, and it is redirected back towards the client.
 * Everything else passes.  Configure with `wasmk map update`:
 *
 *   wasmk prog load xdp_lb.wasm
 *   wasmk map update name config key 0 value 10.10.0.100,80,2
 *   wasmk map update name backends key 0 value 10.11.1.2,IFINDEX,BACKEND_MAC,LB_MAC
 *   wasmk map update name backends key 1 value 10.11.2.2,IFINDEX,BACKEND_MAC,LB_MAC
 *   wasmk link attach name xdp_lb xdp eth0    # and on each backend's device
 *   wasmk map dump name picked sum           # connections per backend
 *
 * Connections are kept in an lru_hash: old ones make room for new ones.
 * The backends route replies to clients through the LB.  IPv4 only; TTL
 * is left as it is (the LB is not a router hop).
 */
#include <wasmk/guest.h>

#define IPPROTO_TCP	6
#define MAX_BACKENDS	16

struct config {
	unsigned int vip;		/* network order, as all addresses and ports here */
	unsigned short port;
	unsigned short nbackends;	/* host order */
};

struct backend {
	unsigned int ip;
	unsigned int ifindex;		/* the LB's device towards it */
	unsigned char mac[6];		/* the backend's MAC */
	unsigned char lb_mac[6];	/* the LB's MAC on that device */
};

struct flow {
	unsigned int saddr, daddr;
	unsigned short sport, dport;
	unsigned int proto;
};

/* Both directions of a connection have an entry: forward ones have ifindex 0. */
struct conn {
	unsigned int backend;
	unsigned int ifindex;		/* replies: the device towards the client */
	unsigned char mac[6];		/* replies: the client's MAC */
	unsigned char lb_mac[6];	/* replies: the LB's MAC on that device */
};

WASMK_MAP_DECL(config, WASMK_MAP_ARRAY, unsigned int, struct config, 1, 0,
	       "u32:index", "ipv4:vip,be16:port,u16:backends");
WASMK_MAP_DECL(backends, WASMK_MAP_ARRAY, unsigned int, struct backend, MAX_BACKENDS, 0,
	       "u32:index", "ipv4:ip,u32:ifindex,mac:mac,mac:lb_mac");
WASMK_MAP_DECL(conns, WASMK_MAP_LRU_HASH, struct flow, struct conn, 4096, 0,
	       "ipv4:saddr,ipv4:daddr,be16:sport,be16:dport,u32:proto",
	       "u32:backend,u32:ifindex,mac:mac,mac:lb_mac");
WASMK_MAP_DECL(picked, WASMK_MAP_PERCPU_ARRAY, unsigned int, unsigned long long, MAX_BACKENDS,
	       0, "u32:backend", "u64:connections");

/* FNV-1a over the 5-tuple, then mixed (murmur3's finalizer) */
static unsigned int flow_hash(const struct flow *f)
{
	const unsigned char *p = (const unsigned char *)f;
	unsigned int h = 2166136261u, i;

	for (i = 0; i < sizeof(*f); i++)
		h = (h ^ p[i]) * 16777619u;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	return h ^ (h >> 16);
}

/*
 * Make the address at addr_off (12 source, 16 destination) `to`, fixing
 * the IPv4 header's and the TCP checksum (an address is in its
 * pseudo-header), and set the Ethernet destination and source.
 */
static int rewrite(int l4, int addr_off, unsigned int from, unsigned int to,
		   const unsigned char *dst_mac, const unsigned char *src_mac)
{
	if (wasmk_pkt_store(addr_off, &to, 4, 0) ||
	    wasmk_l3_csum_replace(10, from, to, 4) ||
	    wasmk_l4_csum_replace(l4 + 16, from, to, 4 | WASMK_CSUM_PSEUDO) ||
	    wasmk_pkt_store(-14, dst_mac, 6, 0) || wasmk_pkt_store(-8, src_mac, 6, 0))
		return -1;
	return 0;
}

static int forward(const struct flow *f, const struct config *cfg, int l4)
{
	struct conn c, rc;
	struct backend b;
	struct flow r;

	if (wasmk_map_lookup(&conns, f, &c)) {
		/* a new connection (or one the LRU forgot: it hashes the same) */
		c.backend = flow_hash(f) % cfg->nbackends;
		c.ifindex = 0;
		if (wasmk_map_lookup(&backends, &c.backend, &b) || !b.ifindex)
			return WASMK_VERDICT_DROP;
		r.saddr = b.ip;
		r.daddr = f->saddr;
		r.sport = f->dport;
		r.dport = f->sport;
		r.proto = f->proto;
		rc.backend = c.backend;
		rc.ifindex = wasmk_pkt_ifindex();
		wasmk_pkt_load(-8, rc.mac, 6);		/* the client's (source) MAC */
		wasmk_pkt_load(-14, rc.lb_mac, 6);	/* ours, where it came in */
		if (wasmk_map_update(&conns, &r, &rc, WASMK_MAP_ANY) ||
		    wasmk_map_update(&conns, f, &c, WASMK_MAP_ANY))
			return WASMK_VERDICT_DROP;
		wasmk_map_add(&picked, &c.backend, 0, 1);
	} else if (wasmk_map_lookup(&backends, &c.backend, &b) || !b.ifindex) {
		return WASMK_VERDICT_DROP;
	}
	if (rewrite(l4, 16, cfg->vip, b.ip, b.mac, b.lb_mac) || wasmk_redirect(b.ifindex, 0))
		return WASMK_VERDICT_DROP;
	return WASMK_VERDICT_REDIRECT;
}

static int reply(const struct flow *f, const struct conn *c, const struct config *cfg, int l4)
{
	if (rewrite(l4, 12, f->saddr, cfg->vip, c->mac, c->lb_mac) ||
	    wasmk_redirect(c->ifindex, 0))
		return WASMK_VERDICT_DROP;
	return WASMK_VERDICT_REDIRECT;
}

WASMK_EXPORT(handler) int handler(void)
{
	unsigned char ip[20];
	unsigned short ports[2];
	unsigned int zero = 0;
	struct config cfg;
	struct flow f;
	struct conn c;
	int l4;

	if (wasmk_pkt_load(0, ip, 20) != 20 || (ip[0] >> 4) != 4 || ip[9] != IPPROTO_TCP)
		return WASMK_VERDICT_ACCEPT;
	l4 = (ip[0] & 15) * 4;
	if (wasmk_pkt_load(l4, ports, 4) != 4)
		return WASMK_VERDICT_ACCEPT;
	if (wasmk_map_lookup(&config, &zero, &cfg) || !cfg.nbackends ||
	    cfg.nbackends > MAX_BACKENDS)
		return WASMK_VERDICT_ACCEPT;
	__builtin_memcpy(&f.saddr, ip + 12, 4);
	__builtin_memcpy(&f.daddr, ip + 16, 4);
	f.sport = ports[0];
	f.dport = ports[1];
	f.proto = IPPROTO_TCP;
	if (f.daddr == cfg.vip && f.dport == cfg.port)
		return forward(&f, &cfg, l4);
	if (!wasmk_map_lookup(&conns, &f, &c) && c.ifindex)
		return reply(&f, &c, &cfg, l4);
	return WASMK_VERDICT_ACCEPT;
}
