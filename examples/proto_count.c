// SPDX-License-Identifier: GPL-2.0
/*
 * proto_count: packets and bytes per IP protocol in a hash map shared by
 * every CPU, and packets per CPU in a per-CPU array.  Accepts everything.
 *
 *   wasmk prog load proto_count.wasm
 *   wasmk link attach name proto_count netfilter ipv4 input
 *   wasmk map dump name protos          # key proto=17: packets=100 bytes=2900
 *   wasmk map dump name per_cpu sum     # key 00000000: sum packets=130
 */
#include <wasmk/guest.h>

struct counts {
	unsigned long long packets, bytes;
};

WASMK_MAP_DECL(protos, WASMK_MAP_HASH, unsigned int, struct counts, 256, 0, "u32:proto",
	       "u64:packets,u64:bytes");
WASMK_MAP_DECL(per_cpu, WASMK_MAP_PERCPU_ARRAY, unsigned int, unsigned long long, 1, 0, 0,
	       "u64:packets");

WASMK_EXPORT(handler) int handler(int len)
{
	unsigned char hdr[20];
	unsigned int proto, zero = 0;

	if (wasmk_pkt_load(0, hdr, 20) != 20)
		return WASMK_VERDICT_ACCEPT;
	proto = (hdr[0] >> 4) == 4 ? hdr[9] : (hdr[0] >> 4) == 6 ? hdr[6] : 255;
	wasmk_map_add(&protos, &proto, 0, 1);
	wasmk_map_add(&protos, &proto, 8, len);
	wasmk_map_add(&per_cpu, &zero, 0, 1);
	return WASMK_VERDICT_ACCEPT;
}
