/* SPDX-License-Identifier: GPL-2.0 */
/* native.c's workloads: (network header, length) -> WL_ACCEPT/WL_DROP. */
#ifndef BENCH_NATIVE_H
#define BENCH_NATIVE_H

int native_empty(const unsigned char *pkt, unsigned int len);
int native_parse(const unsigned char *pkt, unsigned int len);
int native_counter(const unsigned char *pkt, unsigned int len);
int native_loop(const unsigned char *pkt, unsigned int len);

#endif
