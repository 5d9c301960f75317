// SPDX-License-Identifier: GPL-2.0
/*
 * nat_port: a stateless destination-port rewrite on tc, for a server that
 * listens on port 80 but is reached on 8080.  On the server's device,
 * `ingress` rewrites TCP and UDP destination port 8080 to 80, and `egress`
 * rewrites the replies' source port 80 back to 8080, so the client only
 * ever sees 8080.  Each rewrite fixes the L4 checksum incrementally (a
 * port is not in the pseudo-header); the kernel handles packets whose
 * checksum the NIC finishes or checked.  IPv4 and IPv6 (no extension
 * headers).  Rewrites are counted per direction.
 *
 *   wasmk prog load nat_port.wasm
 *   wasmk link attach name nat_port tc eth0 ingress entry ingress
 *   wasmk link attach name nat_port tc eth0 egress entry egress
 *   wasmk map dump name rewrites         # dir=0: packets=12 (0 in, 1 out)
 */
#include <wasmk/guest.h>

#define IPPROTO_TCP	6
#define IPPROTO_UDP	17
#define PUBLIC_PORT	8080
#define SERVER_PORT	80

WASMK_MAP_DECL(rewrites, WASMK_MAP_PERCPU_ARRAY, unsigned int, unsigned long long, 2, 0,
	       "u32:dir", "u64:packets");

static unsigned short be16(unsigned int port)
{
	return (unsigned short)((port >> 8) | (port << 8));
}

/*
 * If the packet is TCP or UDP with port `from` at port_off in its L4
 * header (0 source, 2 destination), make it `to`.
 */
static int rewrite(unsigned int port_off, unsigned int from, unsigned int to, unsigned int dir)
{
	unsigned char ip[20];
	unsigned short port, new_port = be16(to);
	int l4, proto, csum_off, flags = 2;

	if (wasmk_pkt_load(0, ip, 20) != 20)
		return WASMK_VERDICT_ACCEPT;
	if ((ip[0] >> 4) == 4) {
		proto = ip[9];
		l4 = (ip[0] & 15) * 4;
		if ((ip[6] & 0x1f) || ip[7])	/* a fragment after the first: no ports */
			return WASMK_VERDICT_ACCEPT;
	} else if ((ip[0] >> 4) == 6) {
		proto = ip[6];
		l4 = 40;
	} else {
		return WASMK_VERDICT_ACCEPT;
	}
	if (proto == IPPROTO_TCP) {
		csum_off = l4 + 16;
	} else if (proto == IPPROTO_UDP) {
		csum_off = l4 + 6;
		flags |= WASMK_CSUM_MANGLED_0;	/* IPv4 UDP may carry no checksum */
	} else {
		return WASMK_VERDICT_ACCEPT;
	}
	if (wasmk_pkt_load(l4 + port_off, &port, 2) != 2 || port != be16(from))
		return WASMK_VERDICT_ACCEPT;
	/* a rewrite we could not finish would corrupt the packet: drop it instead */
	if (wasmk_pkt_store(l4 + port_off, &new_port, 2, 0) ||
	    wasmk_l4_csum_replace(csum_off, port, new_port, flags))
		return WASMK_VERDICT_DROP;
	wasmk_map_add(&rewrites, &dir, 0, 1);
	return WASMK_VERDICT_ACCEPT;
}

/* tc ingress: to 8080 becomes to 80 */
WASMK_EXPORT(ingress) int ingress(void)
{
	return rewrite(2, PUBLIC_PORT, SERVER_PORT, 0);
}

/* tc egress: from 80 becomes from 8080 */
WASMK_EXPORT(egress) int egress(void)
{
	return rewrite(0, SERVER_PORT, PUBLIC_PORT, 1);
}
