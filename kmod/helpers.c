// SPDX-License-Identifier: GPL-2.0
/*
 * The "wasmk" host module: the functions a handler may import (declared
 * for C in uapi/wasmk/guest.h).  They run in the hook's context (atomic):
 * no sleeping, no allocation.  Every guest pointer and length is checked
 * against the caller's linear memory before use; a bad one is the
 * handler's bug and traps (out of bounds memory access), like a load would.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/ratelimit.h>
#include <linux/skbuff.h>
#include <linux/smp.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>

#include "rt.h"

/* Address of [ptr, ptr + len) in inst's memory, or NULL if outside it. */
static u8 *guest_range(struct wasm_instance *inst, u64 ptr, u64 len)
{
	struct wasm_meminst *m = inst ? inst->memory : NULL;

	/* ptr and len are u32 values: the sum can't overflow a u64 */
	if (!m || ptr + len > m->size)
		return NULL;
	return m->base + wasm_index_nospec(ptr, m->size - len + 1);
}

static struct wasmk_ctx *ctx_of(struct wasm_instance *inst)
{
	struct wasmk_cpu *c = inst ? inst->user : NULL;

	return c ? c->ctx : NULL;
}

/* i32 pkt_len(void): bytes of the packet from its network header on. */
static int h_pkt_len(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_ctx *ctx = ctx_of(inst);

	s[0] = ctx ? ctx->len : 0;
	return 0;
}

/*
 * i32 pkt_load(u32 offset, void *dst, u32 len): copy up to len packet
 * bytes from offset (network header = 0) to dst; returns the bytes
 * copied (fewer at the packet's end, 0 past it).
 */
static int h_pkt_load(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_ctx *ctx = ctx_of(inst);
	u32 off = (u32)s[0], len = (u32)s[2], n;
	u8 *dst = guest_range(inst, (u32)s[1], len);

	if (!dst)
		return WASM_TRAP_MEM_OOB;
	if (!ctx || off >= ctx->len) {
		s[0] = 0;
		return 0;
	}
	n = min(len, ctx->len - off);
	if (ctx->skb) {
		if (skb_copy_bits(ctx->skb, skb_network_offset(ctx->skb) + off, dst, n))
			n = 0;
	} else if (ctx->bytes) {
		memcpy(dst, ctx->bytes + off, n);
	} else {
		n = 0;
	}
	s[0] = n;
	return 0;
}

/* i64 ktime_ns(void): CLOCK_MONOTONIC in ns. */
static int h_ktime_ns(struct wasm_instance *inst, void *data, u64 *s)
{
	s[0] = ktime_get_mono_fast_ns();
	return 0;
}

/* i32 cpu_id(void) */
static int h_cpu_id(struct wasm_instance *inst, void *data, u64 *s)
{
	s[0] = raw_smp_processor_id();
	return 0;
}

/* i32 random_u32(void) */
static int h_random_u32(struct wasm_instance *inst, void *data, u64 *s)
{
	s[0] = get_random_u32();
	return 0;
}

static DEFINE_RATELIMIT_STATE(log_rs, 5 * HZ, 10);

/* void log(const char *msg, u32 len): one kernel log line, rate-limited. */
static int h_log(struct wasm_instance *inst, void *data, u64 *s)
{
	u32 len = min_t(u32, (u32)s[1], 200);
	const u8 *msg = guest_range(inst, (u32)s[0], len);

	if (!msg)
		return WASM_TRAP_MEM_OOB;
	if (__ratelimit(&log_rs))
		pr_info("handler: %.*s\n", len, msg);
	return 0;
}

static const u8 t_i32[] = { WASM_TYPE_I32 };
static const u8 t_i64[] = { WASM_TYPE_I64 };
static const u8 t_i32x2[] = { WASM_TYPE_I32, WASM_TYPE_I32 };
static const u8 t_i32x3[] = { WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32 };

#define HOST(n, p, np, r, nr) {						\
	.module = "wasmk", .name = #n, .params = (p), .nparams = (np),	\
	.results = (r), .nresults = (nr), .fn = h_##n,			\
}

const struct wasm_host_func wasmk_host_funcs[] = {
	HOST(pkt_len, NULL, 0, t_i32, 1),
	HOST(pkt_load, t_i32x3, 3, t_i32, 1),
	HOST(ktime_ns, NULL, 0, t_i64, 1),
	HOST(cpu_id, NULL, 0, t_i32, 1),
	HOST(random_u32, NULL, 0, t_i32, 1),
	HOST(log, t_i32x2, 2, NULL, 0),
};

const unsigned int wasmk_nr_host_funcs = ARRAY_SIZE(wasmk_host_funcs);
