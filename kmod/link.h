/* SPDX-License-Identifier: GPL-2.0 */
/* Links: a program's entry attached to a hook (link.c + hook_*.c). */
#ifndef WASMK_LINK_H
#define WASMK_LINK_H

#include <linux/list.h>
#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include <linux/wasmk.h>

#include "engine.h"
#include "runtime.h"

struct wasmk_prog;
struct wasmk_link;

/* Links there can be at once. */
#define WASMK_MAX_LINKS	1024

/*
 * A link on one CPU: the run entry the JIT compiled for that CPU's
 * instance (engine: RUN ENTRIES; NULL: the interpreter's C path) and the
 * link's counters there, results[] by WASMK_VERDICT_*.
 */
struct wasmk_link_cpu {
	wasm_run_fn run;
	struct wasm_run_counters n;
};

/* What each hook kind provides to the generic link code. */
struct wasmk_hook_type {
	u32 kind;			/* WASMK_HOOK_* */
	const char *name;
	/* Besides CAP_SYS_ADMIN: CAP_BPF plus this capability may attach. */
	int cap;
	/* Check the entry's type for this hook (and remember what it takes). */
	int (*check_entry)(struct wasmk_link *l, const struct wasm_functype *ft,
			   struct wasm_log *log);
	/* Optional: false when this hook can't take a link with this id (link_lock held). */
	bool (*id_usable)(u32 id);
	/* Register the hook.  Process context, may sleep. */
	int (*attach)(struct wasmk_link *l, const struct wasmk_link_attach *a,
		      struct wasm_log *log);
	/* Unregister and wait until no CPU runs the handler.  May sleep. */
	void (*detach)(struct wasmk_link *l);
	/* Fill the hook-specific part of a link_info. */
	void (*info)(const struct wasmk_link *l, struct wasmk_link_info *i);
};

struct wasmk_link {
	struct list_head node;		/* links, under link_lock */
	u32 id;
	u32 flags;			/* WASMK_LINK_* */
	u32 funcidx;			/* the entry */
	u32 nparams;			/* of the entry */
	char entry[WASMK_NAME_LEN];
	struct wasmk_prog *prog;
	const struct wasmk_hook_type *type;
	struct wasmk_link_cpu __percpu *cpu;
	/* hook-specific */
	struct list_head hook_node;
	struct nf_hook_ops nf;
	u32 ifindex;			/* xdp, tc */
	u32 attach_mode;		/* xdp, tc: WASMK_XDP_* or WASMK_TC_* */
	u64 netns_cookie;		/* xdp, tc: the device's namespace */
	void *priv;
};

extern const struct wasmk_hook_type wasmk_hook_netfilter;
extern const struct wasmk_hook_type wasmk_hook_tracepoint;
extern const struct wasmk_hook_type wasmk_hook_kprobe;
extern const struct wasmk_hook_type wasmk_hook_kretprobe;
extern const struct wasmk_hook_type wasmk_hook_xdp;
extern const struct wasmk_hook_type wasmk_hook_tc;
extern const struct wasmk_hook_type wasmk_hook_uprobe;
extern const struct wasmk_hook_type wasmk_hook_uretprobe;
extern const struct wasmk_hook_type wasmk_hook_tp_record;

/* link.c: shared by the packet hooks (netfilter, xdp, tc). */
struct wasmk_ctx;
void wasmk_link_run(struct wasmk_link *l, u64 *slots, struct wasmk_ctx *ctx);
u32 wasmk_link_run_pkt(struct wasmk_link *l, struct wasmk_ctx *ctx, u32 allowed);
void wasmk_link_run_record(struct wasmk_link *l, struct wasmk_ctx *ctx);
int wasmk_pkt_check_entry(struct wasmk_link *l, const struct wasm_functype *ft,
			  struct wasm_log *log);

/* hook_tracepoint.c: shared by the tracing hooks. */
int wasmk_trace_check_entry(struct wasmk_link *l, const struct wasm_functype *ft,
			    struct wasm_log *log);
int wasmk_trace_check_nargs(struct wasmk_link *l, u32 n, const char *what,
			    struct wasm_log *log);
int wasmk_trace_target(const struct wasmk_link_attach *a, struct wasm_log *log);
int wasmk_netfilter_init(void);
void wasmk_xdp_init(void);
bool wasmk_xdp_available(void);
/* hook_xdp.c's kfuncs: called by eBPF programs (found through BTF), not from C. */
struct xdp_md;
struct __sk_buff;
u64 wasmk_xdp_run(struct xdp_md *xdp_ctx, u32 link_id);
u64 wasmk_tc_run(struct __sk_buff *skb_ctx, u32 link_id);
void wasmk_netfilter_exit(void);

#endif
