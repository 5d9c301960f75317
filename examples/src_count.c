// SPDX-License-Identifier: GPL-2.0
/*
 * src_count: packets and bytes per IPv4 source address, at XDP (or tc, or
 * netfilter: the handler sees the packet from its IP header on), in an
 * lru_hash shared by every CPU.  With more sources than entries, the
 * least recently seen make room (evictions are counted in `map show`).
 * Passes everything.
 *
 *   wasmk prog load src_count.wasm
 *   wasmk link attach name src_count xdp eth0
 *   wasmk map dump name sources          # saddr=10.0.0.7: packets=12 bytes=840
 *   wasmk map lookup name sources key 10.0.0.7
 */
#include <wasmk/guest.h>

struct counts {
	unsigned long long packets, bytes;
};

WASMK_MAP_DECL(sources, WASMK_MAP_LRU_HASH, unsigned int, struct counts, 256, 0,
	       "ipv4:saddr", "u64:packets,u64:bytes");

WASMK_EXPORT(handler) int handler(int len)
{
	unsigned char hdr[20];
	unsigned int saddr;

	if (wasmk_pkt_load(0, hdr, 20) != 20 || (hdr[0] >> 4) != 4)
		return WASMK_VERDICT_ACCEPT;
	__builtin_memcpy(&saddr, hdr + 12, 4);	/* network order, as the layout reads it */
	wasmk_map_add(&sources, &saddr, 0, 1);
	wasmk_map_add(&sources, &saddr, 8, len);
	return WASMK_VERDICT_ACCEPT;
}
