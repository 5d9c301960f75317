// SPDX-License-Identifier: GPL-2.0
/*
 * Running programs: one instance per possible CPU (like per-CPU maps), so
 * the hot path takes no lock and allocates nothing.  Everything that may
 * sleep - instantiation, JIT compilation, the interpreter's stack - is
 * done here at load time, in process context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched/clock.h>
#include <linux/stringify.h>
#if defined(CONFIG_X86)
#include <asm/fpu/api.h>
#elif defined(CONFIG_ARM64)
#include <asm/neon.h>
#include <asm/simd.h>
#include <asm/sysreg.h>
#endif

#include "engine.h"
#include "rt.h"

/*
 * Per-program run time (PROG_INFO's run_ns) costs two clock reads per run;
 * like kernel.bpf_stats_enabled, but on unless turned off.
 */
static bool run_stats = true;
module_param(run_stats, bool, 0644);
MODULE_PARM_DESC(run_stats, "time every handler run for the programs' run_ns (default Y)");

/*
 * The time budget of a run for programs that set none at load.  Hooks run
 * in atomic context: a NAPI poll may run 64 packets' handlers in a row, so
 * the budget is kept far below the soft-lockup (20 s) and RCU-stall (21 s)
 * thresholds even then (bench/README.md, "Bounded runs").
 */
static unsigned int run_time_us = WASMK_RUN_TIME_DEFAULT_US;

/*
 * The caps a program's load may ask for (uapi: WASMK_FUEL_MAX,
 * WASMK_RUN_TIME_MAX_US by default).  Root may lower them, or raise them
 * for long benchmark runs up to the ceilings below, which stay far from
 * the soft-lockup and RCU-stall thresholds; programs loaded before a change
 * keep their limits.
 */
#define MAX_FUEL_CEIL		100000000000ULL	/* 1e11 */
#define MAX_RUN_TIME_CEIL_US	2000000		/* 2 s */
static unsigned long long max_fuel = WASMK_FUEL_MAX;
static unsigned int max_run_time_us = WASMK_RUN_TIME_MAX_US;

static int run_time_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret = kstrtouint(val, 0, &v);

	if (ret)
		return ret;
	if (!v || v > READ_ONCE(max_run_time_us))
		return -ERANGE;
	WRITE_ONCE(run_time_us, v);
	return 0;
}

static const struct kernel_param_ops run_time_ops = {
	.set = run_time_set,
	.get = param_get_uint,
};
module_param_cb(run_time_us, &run_time_ops, &run_time_us, 0644);
MODULE_PARM_DESC(run_time_us, "time budget of a handler run in us, for programs that set none (1..max_run_time_us, default "
		 __stringify(WASMK_RUN_TIME_DEFAULT_US) ")");

static int max_fuel_set(const char *val, const struct kernel_param *kp)
{
	unsigned long long v;
	int ret = kstrtoull(val, 0, &v);

	if (ret)
		return ret;
	if (!v || v > MAX_FUEL_CEIL)
		return -ERANGE;
	WRITE_ONCE(max_fuel, v);
	return 0;
}

static const struct kernel_param_ops max_fuel_ops = {
	.set = max_fuel_set,
	.get = param_get_ullong,
};
module_param_cb(max_fuel, &max_fuel_ops, &max_fuel, 0644);
MODULE_PARM_DESC(max_fuel, "most fuel per run a program may ask for (default "
		 __stringify(WASMK_FUEL_MAX) ", at most 1e11: raise it for benchmarks only)");

static int max_time_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret = kstrtouint(val, 0, &v);

	if (ret)
		return ret;
	if (v < READ_ONCE(run_time_us) || v > MAX_RUN_TIME_CEIL_US)
		return -ERANGE;
	WRITE_ONCE(max_run_time_us, v);
	return 0;
}

static const struct kernel_param_ops max_time_ops = {
	.set = max_time_set,
	.get = param_get_uint,
};
module_param_cb(max_run_time_us, &max_time_ops, &max_run_time_us, 0644);
MODULE_PARM_DESC(max_run_time_us, "most time per run in us a program may ask for (run_time_us.."
		 __stringify(MAX_RUN_TIME_CEIL_US) ", default "
		 __stringify(WASMK_RUN_TIME_MAX_US) ": raise it for benchmarks only)");

u64 wasmk_rt_max_fuel(void)
{
	return READ_ONCE(max_fuel);
}

u32 wasmk_rt_max_time_us(void)
{
	return READ_ONCE(max_run_time_us);
}

u32 wasmk_rt_default_time_us(void)
{
	return READ_ONCE(run_time_us);
}

/*
 * Programs that use floats run the interpreter's float unit (built with
 * the FPU enabled) or JIT-emitted SSE code: only between wasmk_fpu_begin()
 * and wasmk_fpu_end(), and only where wasmk_fpu_usable() says the kernel
 * lets a module use the FPU (else the run is skipped and counted missed).
 * Called with preemption disabled.
 */
#if defined(CONFIG_X86)
static bool wasmk_fpu_usable(void)
{
	/* irq_fpu_usable() warns in NMI (tracepoints, kprobes) */
	return !in_nmi() && irq_fpu_usable();
}

static void wasmk_fpu_begin(void)
{
	kernel_fpu_begin();
}

static void wasmk_fpu_end(void)
{
	kernel_fpu_end();
}
#elif defined(CONFIG_ARM64) && defined(CONFIG_KERNEL_MODE_NEON)
static bool wasmk_fpu_usable(void)
{
	/* false in hardirq, NMI and with interrupts off (arm64 kprobes) */
	return may_use_simd();
}

static void wasmk_fpu_begin(void)
{
	kernel_neon_begin();
	/*
	 * FPCR still holds the interrupted task's rounding mode, flush-to-zero
	 * and default-NaN bits (x86's kernel_fpu_begin() resets MXCSR, arm64's
	 * kernel_neon_begin() leaves FPCR alone).  Wasm wants IEEE defaults:
	 * round to nearest, subnormals kept, NaNs propagated.  The task's own
	 * FPCR was saved with its registers and comes back on return to user.
	 */
	write_sysreg(0, fpcr);
}

static void wasmk_fpu_end(void)
{
	kernel_neon_end();
}
#else
/* No way to use the FPU from a module here: float programs never run. */
static bool wasmk_fpu_usable(void)
{
	return false;
}

static void wasmk_fpu_begin(void)
{
}

static void wasmk_fpu_end(void)
{
}
#endif

/* Enter the FPU section if this context allows it; false if not. */
static bool wasmk_fpu_try_begin(void)
{
	if (!wasmk_fpu_usable())
		return false;
	wasmk_fpu_begin();
	return true;
}

/*
 * A float-using module's start function runs at instantiation, in
 * process context: in the FPU section too, with preemption off (it is
 * bounded by fuel like any run).
 */
static bool rt_start_enter(void *user)
{
	preempt_disable();
	if (!wasmk_fpu_try_begin()) {
		preempt_enable();
		return false;
	}
	return true;
}

static void rt_start_exit(void *user)
{
	wasmk_fpu_end();
	preempt_enable();
}

static void rt_cpu_free(struct wasmk_cpu *c)
{
	if (c->inst)
		wasm_instance_free(c->inst);
	if (c->store)
		wasm_store_free(c->store);
	c->inst = NULL;
	c->store = NULL;
}

/* Instantiate for one CPU; the first CPU's log explains failures. */
static int rt_cpu_init(struct wasmk_rt *rt, struct wasmk_cpu *c, const struct wasm_module *m,
		    struct wasm_log *log)
{
	struct wasm_instance_opts o = {
		.max_pages = rt->mem_pages,
		.max_table = WASM_LIMIT_TABLE_SIZE_DEFAULT,
		.host_funcs = wasmk_host_funcs,
		.nhost_funcs = wasmk_nr_host_funcs,
		.start_fuel = rt->fuel,
		.start_time_ns = rt->time_ns,
		.stack_bytes = rt->stack_bytes,
		.user = c,
		.start_enter = rt->uses_float ? rt_start_enter : NULL,
		.start_exit = rt->uses_float ? rt_start_exit : NULL,
	};
	int trap = 0, err;

	c->store = wasm_store_new();
	if (!c->store)
		return -ENOMEM;
	err = wasm_instantiate(c->store, m, &o, log, &c->inst, &trap);
	if (err) {
		if (err == -WASM_ETRAP)
			wasm_log_printf(log, "instantiation trapped: %s", wasm_trap_str(trap));
		return err == -WASM_ENOMEM ? -ENOMEM : err == -WASM_ELIMIT ? -E2BIG : -EINVAL;
	}
	if (rt->jit) {
		/* with a run entry per exported function (wasmk_rt_entry()) */
		struct wasm_run_config rc = {
			.fuel = rt->fuel,
			.time_ns = rt->time_ns,
			.stack_bytes = rt->stack_bytes,
			.timed = &run_stats,
			.mask_off = offsetof(struct wasmk_ctx, verdicts),
			.fpu_enter = wasmk_fpu_try_begin,
			.fpu_exit = wasmk_fpu_end,
		};

		err = wasm_jit_compile_run(c->inst, &rc, log);
		if (err)
			return err == -WASM_ENOMEM ? -ENOMEM : -EINVAL;
	}
	/* Allocate the interpreter's stack now, not in atomic context. */
	err = wasm_interp_reserve(c->inst, rt->stack_bytes);
	if (err)
		return -ENOMEM;
	return 0;
}

int wasmk_rt_create(struct wasmk_rt *rt, const struct wasm_module *m, struct wasm_log *log)
{
	u32 min_pages = 0, max_pages;
	bool has_max;
	int cpu, err;

	if (wasm_module_memory_limits(m, &min_pages, &max_pages, &has_max) &&
	    min_pages > rt->mem_pages) {
		wasm_log_printf(log, "module needs %u memory pages, more than its limit %u",
				min_pages, rt->mem_pages);
		return -E2BIG;
	}
	rt->uses_float = wasm_module_uses_float(m);
	rt->jit = wasm_jit_available();
	rt->cpu = alloc_percpu(struct wasmk_cpu);
	if (!rt->cpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		err = rt_cpu_init(rt, per_cpu_ptr(rt->cpu, cpu), m, log);
		if (err) {
			wasmk_rt_destroy(rt);
			return err;
		}
	}
	return 0;
}

void wasmk_rt_destroy(struct wasmk_rt *rt)
{
	int cpu;

	if (!rt->cpu)
		return;
	for_each_possible_cpu(cpu)
		rt_cpu_free(per_cpu_ptr(rt->cpu, cpu));
	free_percpu(rt->cpu);
	rt->cpu = NULL;
}

wasm_run_fn wasmk_rt_entry(struct wasmk_rt *rt, int cpu, u32 funcidx)
{
	return wasm_run_entry(per_cpu_ptr(rt->cpu, cpu)->inst, funcidx);
}

/* Counters of runs that are no link's (PROG_TEST_RUN): written, never read. */
static DEFINE_PER_CPU(struct wasm_run_counters, rt_unlinked);

/* Through funcidx's run entry on this CPU (preemption off). */
static int rt_run_entry(struct wasm_instance *inst, wasm_run_fn run, u64 *slots,
			struct wasmk_ctx *ctx, int *trap, u64 *fuel_used)
{
	u64 missed = inst->stats.missed;
	u32 r = run(ctx, this_cpu_ptr(&rt_unlinked), slots, 0);

	if (inst->stats.missed != missed)
		return -EBUSY;
	slots[0] = r;
	*trap = inst->last_trap;
	if (fuel_used)
		*fuel_used = inst->last_fuel;
	return 0;
}

int wasmk_rt_run(struct wasmk_rt *rt, u32 funcidx, u64 *slots, struct wasmk_ctx *ctx,
		 int *trap, u64 *fuel_used)
{
	struct wasm_invoke_opts o = {
		.fuel = rt->fuel,
		.time_ns = rt->time_ns,
		.stack_bytes = rt->stack_bytes,
		.tier = rt->jit ? WASM_TIER_JIT : WASM_TIER_INTERP,
	};
	struct wasm_invoke_result res = {};
	bool timed = READ_ONCE(run_stats);
	struct wasm_instance *inst;
	struct wasm_run_stats *st;
	wasm_run_fn run;
	u64 t0 = 0;
	int err;

	preempt_disable();
	inst = this_cpu_ptr(rt->cpu)->inst;
	run = wasm_run_entry(inst, funcidx);
	if (run) {
		err = rt_run_entry(inst, run, slots, ctx, trap, fuel_used);
		preempt_enable();
		return err;
	}
	/* The C path (the interpreter tier), by the run entries' rules. */
	st = &inst->stats;
	/* A kprobe or interrupt re-entering on this CPU is counted, not run. */
	if (inst->running || (rt->uses_float && !wasmk_fpu_try_begin())) {
		st->missed++;
		preempt_enable();
		return -EBUSY;
	}
	inst->run_ctx = ctx;
	/*
	 * local_clock(), as BPF's run-time statistics: the CPU's cycle counter.
	 * The clocksource behind ktime_get*() may be a device (HPET under
	 * emulation: an MMIO exit per read, two per run).
	 */
	/*
	 * The deadline counts from here when the run is timed anyway; else
	 * from the first fuel refill (engine: runtime.h), so that a short run
	 * reads no clock.
	 */
	if (timed) {
		t0 = local_clock();
		o.start_ns = t0;
	}
	err = wasm_invoke(inst, funcidx, (union wasm_value *)slots, &o, &res);
	if (timed) {
		st->run_ns += local_clock() - t0;
		st->timed_runs++;
	}
	inst->run_ctx = NULL;
	if (rt->uses_float)
		wasmk_fpu_end();
	if (err) {
		/* Not a trap of the program: an engine error (never expected). */
		res.trap = WASM_TRAP_HOST;
	}
	st->runs++;
	st->fuel += res.fuel_used;
	if (res.trap > 0 && res.trap < WASM_TRAP_COUNT)
		st->traps[res.trap]++;
	preempt_enable();
	*trap = res.trap;
	if (fuel_used)
		*fuel_used = res.fuel_used;
	return 0;
}

void wasmk_rt_stats(struct wasmk_rt *rt, struct wasmk_rt_totals *s)
{
	int cpu, t;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		const struct wasm_run_stats *st = &per_cpu_ptr(rt->cpu, cpu)->inst->stats;

		s->runs += READ_ONCE(st->runs);
		s->timed_runs += READ_ONCE(st->timed_runs);
		s->run_ns += READ_ONCE(st->run_ns);
		s->fuel += READ_ONCE(st->fuel);
		s->missed += READ_ONCE(st->missed);
		for (t = 1; t < WASM_TRAP_COUNT; t++)
			s->traps += READ_ONCE(st->traps[t]);
	}
}

void wasmk_rt_traps(struct wasmk_rt *rt, u64 *by_kind)
{
	int cpu, t;

	BUILD_BUG_ON((int)WASM_TRAP_COUNT > (int)WASMK_TRAP_MAX);
	for (t = 0; t < WASMK_TRAP_MAX; t++)
		by_kind[t] = 0;
	for_each_possible_cpu(cpu) {
		const struct wasm_run_stats *st = &per_cpu_ptr(rt->cpu, cpu)->inst->stats;

		for (t = 1; t < WASM_TRAP_COUNT; t++)
			by_kind[t] += READ_ONCE(st->traps[t]);
	}
}
