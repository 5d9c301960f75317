/* SPDX-License-Identifier: GPL-2.0 */
/* Running programs in the kernel: per-CPU instances (rt.c), host functions. */
#ifndef WASMK_RT_H
#define WASMK_RT_H

#include <linux/percpu.h>
#include <linux/types.h>
#include <linux/wasmk.h>

#include "runtime.h"

struct sk_buff;
struct xdp_buff;
struct wasmk_events;
struct wasmk_maps;

/* What a host function may look at during one run. */
struct wasmk_ctx {
	u32 hook;			/* WASMK_HOOK_* */
	struct sk_buff *skb;		/* netfilter, tc: the packet */
	struct xdp_buff *xdp;		/* xdp: the frame */
	u8 *bytes;			/* xdp: its network header; PROG_TEST_RUN: the packet */
	u32 len;			/* bytes from the network header */
	u32 l2_len;			/* bytes before it the handler may reach */
	u32 ifindex;			/* packet hooks: the device the packet is on */
	u32 redirect_ifindex;		/* xdp, tc: set by redirect() */
	u32 redirect_flags;
	/* packet hooks: the verdicts a result may give (a bit each; redirect() adds its own) */
	u32 verdicts;
	const u8 *record;		/* tracepoint record links: the trace event's record */
	u32 record_len;
};

/*
 * Per-CPU state of a program.  The run's context (inst->run_ctx), the
 * recursion guard (inst->running) and the statistics (inst->stats) are
 * the instance's, where its run entries (engine: RUN ENTRIES) keep them;
 * the C path keeps them the same way.
 */
struct wasmk_cpu {
	struct wasm_store *store;
	struct wasm_instance *inst;
	struct wasmk_events *events;	/* the program's event ring, or NULL */
	const struct wasmk_maps *maps;	/* the program's maps */
};

struct wasmk_rt {
	struct wasmk_cpu __percpu *cpu;
	u64 fuel;
	u64 time_ns;			/* time budget of a run */
	u32 mem_pages;
	u32 stack_bytes;
	bool uses_float;
	bool jit;
};

/* The time budget of a run when the program sets none (module parameter). */
u32 wasmk_rt_default_time_us(void);
/* Caps on what PROG_LOAD may ask for (module parameters max_fuel, max_run_time_us). */
u64 wasmk_rt_max_fuel(void);
u32 wasmk_rt_max_time_us(void);

int wasmk_rt_create(struct wasmk_rt *rt, const struct wasm_module *m, struct wasm_log *log);
void wasmk_rt_destroy(struct wasmk_rt *rt);

/*
 * Run function funcidx with slots (args in, results out) on this CPU's
 * instance.  Any context: takes no lock, allocates nothing.  Returns 0
 * and the trap code in *trap, or -EBUSY when it could not run (re-entry
 * on this CPU, or floats where the FPU is not usable): counted as missed.
 */
int wasmk_rt_run(struct wasmk_rt *rt, u32 funcidx, u64 *slots, struct wasmk_ctx *ctx,
		 int *trap, u64 *fuel_used);

/*
 * The run entry of funcidx on cpu's instance (JIT tier; NULL: the C path,
 * wasmk_rt_run()).  Called with preemption off, on that CPU, as
 * run(ctx, counters, args, dflt): see the engine's RUN ENTRIES; the mask
 * of WASM_RUN_MAP is ctx->verdicts.
 */
wasm_run_fn wasmk_rt_entry(struct wasmk_rt *rt, int cpu, u32 funcidx);

struct wasmk_rt_totals {
	u64 runs, timed_runs, run_ns, fuel, traps, missed;
};

/* Sums over all CPUs (racy reads of per-CPU counters, as for any stats). */
void wasmk_rt_stats(struct wasmk_rt *rt, struct wasmk_rt_totals *t);

/* Traps by kind (enum wasmk_trap), summed over CPUs. */
void wasmk_rt_traps(struct wasmk_rt *rt, u64 *by_kind);

/* helpers.c: the "wasmk" host module. */
extern const struct wasm_host_func wasmk_host_funcs[];
extern const unsigned int wasmk_nr_host_funcs;

/* events.c: append a record to a ring (any context); 0 or -1 (dropped). */
int wasmk_events_emit(struct wasmk_events *ev, const void *data, u32 len);

#endif
