// SPDX-License-Identifier: GPL-2.0
/*
 * drop_icmp: a netfilter handler that drops ping (ICMP echo requests) to
 * one address, 10.200.0.2 over IPv4 and fd00::2 over IPv6, and accepts
 * everything else.
 *
 *   wasmk prog load drop_icmp.wasm
 *   wasmk link attach name drop_icmp netfilter ipv4 output
 *   wasmk link attach name drop_icmp netfilter ipv6 output
 */
#include <wasmk/guest.h>

#define IPPROTO_ICMP	1
#define IPPROTO_ICMPV6	58
#define ICMP_ECHO	8
#define ICMPV6_ECHO	128

static const unsigned char blocked4[4] = { 10, 200, 0, 2 };
static const unsigned char blocked6[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };

static int same(const unsigned char *a, const unsigned char *b, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static int drop_if_echo(unsigned int off, unsigned char echo_type)
{
	unsigned char type;

	if (wasmk_pkt_load(off, &type, 1) != 1)
		return WASMK_VERDICT_ACCEPT;
	return type == echo_type ? WASMK_VERDICT_DROP : WASMK_VERDICT_ACCEPT;
}

WASMK_EXPORT(handler) int handler(int len)
{
	unsigned char ip[40];

	if (len < 20 || wasmk_pkt_load(0, ip, 20) != 20)
		return WASMK_VERDICT_ACCEPT;
	if (wasmk_pkt_protocol() == 0x0800 && (ip[0] >> 4) == 4) {
		if (ip[9] != IPPROTO_ICMP || !same(ip + 16, blocked4, 4))
			return WASMK_VERDICT_ACCEPT;
		return drop_if_echo((ip[0] & 15) * 4, ICMP_ECHO);
	}
	if (wasmk_pkt_protocol() == 0x86dd && (ip[0] >> 4) == 6) {
		/* next header directly ICMPv6 (no extension headers) */
		if (len < 41 || wasmk_pkt_load(0, ip, 40) != 40)
			return WASMK_VERDICT_ACCEPT;
		if (ip[6] != IPPROTO_ICMPV6 || !same(ip + 24, blocked6, 16))
			return WASMK_VERDICT_ACCEPT;
		return drop_if_echo(40, ICMPV6_ECHO);
	}
	return WASMK_VERDICT_ACCEPT;
}
