// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoint record links: the trace event's record (the struct
 * trace_event_raw_<name> its TP_fast_assign fills, as `format` in tracefs
 * describes it) instead of its TP_PROTO arguments.  The kernel builds that
 * record only for perf and BPF, so a link opens one perf counter per
 * online CPU on the event (PERF_TYPE_TRACEPOINT, every hit sampled with
 * PERF_SAMPLE_RAW) and runs the handler from the overflow callback on the
 * raw sample; the handler reads it with record_load(), at offsets from
 * fields relocated in BTF (WASMK_FIELD("trace_event_raw_NAME", ...)).
 * Limits of that route: CPUs brought online after the attach don't run
 * it, and perf throttles an event hitting more often than
 * kernel.perf_event_max_sample_rate per CPU (such hits are not seen).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/perf_event.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "link.h"
#include "rt.h"
#include "wasmk.h"

struct tpr_link {
	struct wasmk_link *l;
	u32 event_id;
	char target[WASMK_TARGET_LEN];
	struct perf_event *ev[];	/* by CPU id; NULL where none */
};

#if IS_ENABLED(CONFIG_PERF_EVENTS)
static void tpr_overflow(struct perf_event *ev, struct perf_sample_data *data,
			 struct pt_regs *regs)
{
	struct tpr_link *t = ev->overflow_handler_context;
	struct wasmk_ctx ctx = { .hook = WASMK_HOOK_TP_RECORD };

	if (!data->raw || !data->raw->frag.data)
		return;
	ctx.record = data->raw->frag.data;
	ctx.record_len = data->raw->frag.size;
	wasmk_link_run_record(t->l, &ctx);
}
#endif

static void tpr_release(struct tpr_link *t)
{
	int cpu;

	for_each_possible_cpu(cpu)
		if (!IS_ERR_OR_NULL(t->ev[cpu]))
			perf_event_release_kernel(t->ev[cpu]);
}

static int tpr_attach(struct wasmk_link *l, const struct wasmk_link_attach *a,
		      struct wasm_log *log)
{
#if IS_ENABLED(CONFIG_PERF_EVENTS)
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.sample_period = 1,
		.sample_type = PERF_SAMPLE_RAW,
	};
	struct tpr_link *t;
	int cpu, err = 0;

	if (a->flags || a->nargs || a->target_offset || a->path) {
		wasm_log_printf(log, "flags, nargs, target_offset and path don't apply to a tracepoint record link");
		return -EINVAL;
	}
	err = wasmk_trace_target(a, log);
	if (err)
		return err;
	if (!a->tp_event_id) {
		wasm_log_printf(log, "no trace event id (tracefs: events/CATEGORY/NAME/id)");
		return -EINVAL;
	}
	t = kzalloc(struct_size(t, ev, nr_cpu_ids), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->l = l;
	t->event_id = a->tp_event_id;
	strscpy(t->target, a->target, sizeof(t->target));
	attr.config = a->tp_event_id;
	/*
	 * Not under cpus_read_lock(): registering the tracepoint takes it
	 * (lockdep: recursive).  A CPU that goes offline meanwhile is
	 * skipped (-ENODEV), as one that comes online later is.
	 */
	for_each_online_cpu(cpu) {
		t->ev[cpu] = perf_event_create_kernel_counter(&attr, cpu, NULL, tpr_overflow, t);
		if (IS_ERR(t->ev[cpu])) {
			err = PTR_ERR(t->ev[cpu]);
			t->ev[cpu] = NULL;
			if (err == -ENODEV) {
				err = 0;
				continue;
			}
			break;
		}
	}
	if (err) {
		wasm_log_printf(log, "trace event %u (%s): perf_event_create_kernel_counter failed (%d)",
				a->tp_event_id, t->target, err);
		tpr_release(t);
		kfree(t);
		return err == -ENOENT ? -ENOENT : err == -ENOMEM ? -ENOMEM :
		       err == -EACCES || err == -EPERM ? -EPERM : -EINVAL;
	}
	l->priv = t;
	return 0;
#else
	wasm_log_printf(log, "this kernel has no perf events (CONFIG_PERF_EVENTS): no tracepoint records");
	return -EOPNOTSUPP;
#endif
}

static void tpr_detach(struct wasmk_link *l)
{
	tpr_release(l->priv);
	/*
	 * The callback runs with preemption off, an RCU reader: after this
	 * no CPU still runs one that began before the counters went.
	 */
	synchronize_rcu();
}

static void tpr_info(const struct wasmk_link *l, struct wasmk_link_info *i)
{
	const struct tpr_link *t = l->priv;

	strscpy(i->target, t->target, sizeof(i->target));
	i->target_offset = t->event_id;
	i->nargs = 1;
}

const struct wasmk_hook_type wasmk_hook_tp_record = {
	.kind = WASMK_HOOK_TP_RECORD,
	.name = "tracepoint record",
	.cap = CAP_PERFMON,
	.check_entry = wasmk_pkt_check_entry,
	.attach = tpr_attach,
	.detach = tpr_detach,
	.info = tpr_info,
};
