// SPDX-License-Identifier: GPL-2.0
/*
 * drop_icmp: a netfilter handler that drops ICMP echo requests (ping) to
 * one IPv4 address, 10.200.0.2, and accepts everything else.
 *
 *   wasmk prog load drop_icmp.wasm
 *   wasmk link attach name drop_icmp netfilter ipv4 output
 */
#include <wasmk/guest.h>

#define BLOCKED_ADDR	((10u << 24) | (200u << 16) | (0u << 8) | 2u)
#define IPPROTO_ICMP	1
#define ICMP_ECHO	8

WASMK_EXPORT(handler) int handler(int len)
{
	unsigned char ip[20], icmp_type;
	unsigned int dst, ihl;

	if (len < (int)sizeof(ip))
		return WASMK_VERDICT_ACCEPT;
	if (wasmk_pkt_load(0, ip, sizeof(ip)) < (int)sizeof(ip))
		return WASMK_VERDICT_ACCEPT;
	if ((ip[0] >> 4) != 4 || ip[9] != IPPROTO_ICMP)
		return WASMK_VERDICT_ACCEPT;
	dst = (unsigned int)ip[16] << 24 | ip[17] << 16 | ip[18] << 8 | ip[19];
	if (dst != BLOCKED_ADDR)
		return WASMK_VERDICT_ACCEPT;
	ihl = (ip[0] & 15) * 4;
	if (wasmk_pkt_load(ihl, &icmp_type, 1) != 1)
		return WASMK_VERDICT_ACCEPT;
	return icmp_type == ICMP_ECHO ? WASMK_VERDICT_DROP : WASMK_VERDICT_ACCEPT;
}
