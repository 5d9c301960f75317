/* SPDX-License-Identifier: GPL-2.0 */
/* What the host functions (helpers.c, pkt.c) share: guest memory and the run's context. */
#ifndef WASMK_HOST_H
#define WASMK_HOST_H

#include "rt.h"

/* Address of [ptr, ptr + len) in inst's memory, or NULL if outside it. */
static inline u8 *guest_range(struct wasm_instance *inst, u64 ptr, u64 len)
{
	struct wasm_meminst *m = inst ? inst->memory : NULL;

	/* ptr and len are u32 values: the sum can't overflow a u64 */
	if (!m || ptr + len > m->size)
		return NULL;
	return m->base + wasm_index_nospec(ptr, m->size - len + 1);
}

static inline struct wasmk_ctx *ctx_of(struct wasm_instance *inst)
{
	return inst ? inst->run_ctx : NULL;
}

/* pkt.c: an XDP frame's bytes and length from its network header, into ctx. */
void wasmk_xdp_view(struct wasmk_ctx *ctx);

/* pkt.c: the packet host functions (the table is helpers.c's). */
int h_pkt_len(struct wasm_instance *inst, void *data, u64 *s);
int h_pkt_load(struct wasm_instance *inst, void *data, u64 *s);
int h_pkt_protocol(struct wasm_instance *inst, void *data, u64 *s);
int h_pkt_store(struct wasm_instance *inst, void *data, u64 *s);
int h_l3_csum_replace(struct wasm_instance *inst, void *data, u64 *s);
int h_l4_csum_replace(struct wasm_instance *inst, void *data, u64 *s);
int h_pkt_adjust_head(struct wasm_instance *inst, void *data, u64 *s);
int h_pkt_adjust_tail(struct wasm_instance *inst, void *data, u64 *s);
int h_redirect(struct wasm_instance *inst, void *data, u64 *s);
int h_pkt_ifindex(struct wasm_instance *inst, void *data, u64 *s);

#endif
