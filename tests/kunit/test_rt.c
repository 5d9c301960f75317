// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the per-CPU runtime (kmod/rt.c) - create/destroy, the run path on
 * every CPU, the re-entry guard, statistics - and the "wasmk" host
 * functions (kmod/helpers.c, through wasmk_host_funcs as a handler imports
 * them) called with hostile pointers and lengths.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include "wasmk_kunit.h"
#include "wasm_modules.h"
#include "rt.h"

struct kt_rt {
	struct wasm_module *mod;
	struct wasmk_rt rt;
};

static void kt_rt_create(struct kunit *test, struct kt_rt *r, const u8 *bytes, u32 len)
{
	char *buf = kunit_kzalloc(test, 512, GFP_KERNEL);
	struct wasm_log log = { .buf = buf, .size = 512 };
	int err;

	memset(r, 0, sizeof(*r));
	KUNIT_ASSERT_EQ(test, wasm_module_load(bytes, len, NULL, &log, &r->mod), 0);
	r->rt.fuel = 1000000;
	r->rt.mem_pages = 16;
	r->rt.stack_bytes = 4096;
	err = wasmk_rt_create(&r->rt, r->mod, &log);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "rt_create: %s", buf);
}

static void kt_rt_destroy(struct kt_rt *r)
{
	wasmk_rt_destroy(&r->rt);
	wasm_module_free(r->mod);
}

static u32 export_idx(struct kunit *test, struct kt_rt *r, const char *name)
{
	u8 kind;
	u32 idx = 0;

	KUNIT_EXPECT_EQ_MSG(test, wasm_module_find_export(r->mod, name, strlen(name), &kind, &idx),
			    0, "export %s", name);
	return idx;
}

/* Run export name on this CPU's instance; returns the trap; *cpu = where. */
static int rt_call(struct kunit *test, struct kt_rt *r, const char *name, u64 *s,
		   struct wasmk_ctx *ctx, int *cpu)
{
	u32 idx = export_idx(test, r, name);
	int trap = -1, err, c;

	c = get_cpu();
	err = wasmk_rt_run(&r->rt, idx, s, ctx, &trap, NULL);
	put_cpu();
	KUNIT_EXPECT_EQ(test, err, 0);
	if (cpu)
		*cpu = c;
	return trap;
}

static u8 *cpu_mem(struct kt_rt *r, int cpu)
{
	return per_cpu_ptr(r->rt.cpu, cpu)->inst->memory->base;
}

/* ---- rt.c ------------------------------------------------------------------ */

static void create_destroy(struct kunit *test)
{
	struct kt_rt r;
	int cpu;

	kt_rt_create(test, &r, wasm_basic, sizeof(wasm_basic));
	KUNIT_EXPECT_TRUE(test, r.rt.jit);
	KUNIT_EXPECT_FALSE(test, r.rt.uses_float);
	for_each_possible_cpu(cpu) {
		struct wasmk_cpu *c = per_cpu_ptr(r.rt.cpu, cpu);

		KUNIT_EXPECT_NOT_NULL(test, c->inst);
		KUNIT_EXPECT_NOT_NULL(test, c->store);
		/* instances are private: distinct linear memories */
		if (cpu)
			KUNIT_EXPECT_PTR_NE(test, cpu_mem(&r, cpu), cpu_mem(&r, 0));
	}
	kt_rt_destroy(&r);
	KUNIT_EXPECT_PTR_EQ(test, r.rt.cpu, NULL);
	wasmk_rt_destroy(&r.rt);	/* twice: harmless */
}

static void create_refused(struct kunit *test)
{
	char buf[256];
	struct wasm_log log = { .buf = buf, .size = sizeof(buf) };
	struct wasmk_rt rt = { .fuel = 1000, .mem_pages = 16, .stack_bytes = 4096 };
	struct wasm_module *m;

	/* imports test.fail, which the kernel does not provide */
	KUNIT_ASSERT_EQ(test, wasm_module_load(wasm_traps, sizeof(wasm_traps), NULL, NULL, &m), 0);
	KUNIT_EXPECT_EQ(test, wasmk_rt_create(&rt, m, &log), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "unknown import"));
	KUNIT_EXPECT_PTR_EQ(test, rt.cpu, NULL);
	wasm_module_free(m);

	/* memory of 1 page over a limit of 0 */
	log.len = 0;
	rt.mem_pages = 0;
	KUNIT_ASSERT_EQ(test, wasm_module_load(wasm_basic, sizeof(wasm_basic), NULL, NULL, &m), 0);
	KUNIT_EXPECT_EQ(test, wasmk_rt_create(&rt, m, &log), -E2BIG);
	wasm_module_free(m);
}

struct on_cpu_arg {
	struct kt_rt *r;
	u32 idx;
	int trap;
	int err;
	u64 result;
};

static long run_here(void *p)
{
	struct on_cpu_arg *a = p;
	u64 s[2] = { 40, 2 };

	a->err = wasmk_rt_run(&a->r->rt, a->idx, s, NULL, &a->trap, NULL);
	a->result = s[0];
	return 0;
}

static void run_every_cpu(struct kunit *test)
{
	struct wasmk_rt_totals tot;
	struct on_cpu_arg a = {};
	struct kt_rt r;
	unsigned int n = 0;
	int cpu;

	kt_rt_create(test, &r, wasm_basic, sizeof(wasm_basic));
	a.r = &r;
	a.idx = export_idx(test, &r, "add");
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		a.trap = a.err = -1;
		work_on_cpu(cpu, run_here, &a);
		KUNIT_EXPECT_EQ(test, a.err, 0);
		KUNIT_EXPECT_EQ(test, a.trap, 0);
		KUNIT_EXPECT_EQ(test, (u32)a.result, 42u);
		KUNIT_EXPECT_EQ(test, per_cpu_ptr(r.rt.cpu, cpu)->inst->stats.runs, 1ull);
		/* the JIT tier runs it through that CPU's run entry */
		KUNIT_EXPECT_NOT_NULL(test, wasmk_rt_entry(&r.rt, cpu, a.idx));
		n++;
	}
	cpus_read_unlock();
	wasmk_rt_stats(&r.rt, &tot);
	KUNIT_EXPECT_EQ(test, tot.runs, (u64)n);
	KUNIT_EXPECT_EQ(test, tot.timed_runs, (u64)n);	/* run_stats is on */
	KUNIT_EXPECT_EQ(test, tot.missed, 0ull);
	KUNIT_EXPECT_EQ(test, tot.traps, 0ull);
	KUNIT_EXPECT_GT(test, tot.fuel, 0ull);
	kt_rt_destroy(&r);
}

static void reentry_refused(struct kunit *test)
{
	struct wasmk_rt_totals tot;
	u64 s[2] = { 1, 2 };
	struct kt_rt r;
	int trap = 0, err;
	u32 idx;

	kt_rt_create(test, &r, wasm_basic, sizeof(wasm_basic));
	idx = export_idx(test, &r, "add");
	preempt_disable();
	/* as if a run were under way here */
	this_cpu_ptr(r.rt.cpu)->inst->running = true;
	err = wasmk_rt_run(&r.rt, idx, s, NULL, &trap, NULL);
	this_cpu_ptr(r.rt.cpu)->inst->running = false;
	preempt_enable();
	KUNIT_EXPECT_EQ(test, err, -EBUSY);
	wasmk_rt_stats(&r.rt, &tot);
	KUNIT_EXPECT_EQ(test, tot.missed, 1ull);
	KUNIT_EXPECT_EQ(test, tot.runs, 0ull);
	kt_rt_destroy(&r);
}

static void traps_counted(struct kunit *test)
{
	struct wasmk_rt_totals tot;
	u64 s[2];
	struct kt_rt r;
	int i;

	kt_rt_create(test, &r, wasm_basic, sizeof(wasm_basic));
	for (i = 0; i < 3; i++) {
		s[0] = 1;	/* spin forever: fuel */
		KUNIT_EXPECT_EQ(test, rt_call(test, &r, "spin", s, NULL, NULL), WASM_TRAP_FUEL);
		s[0] = 100000;	/* deeper than 4 KiB of stack */
		KUNIT_EXPECT_EQ(test, rt_call(test, &r, "deep", s, NULL, NULL), WASM_TRAP_STACK);
	}
	wasmk_rt_stats(&r.rt, &tot);
	KUNIT_EXPECT_EQ(test, tot.runs, 6ull);
	KUNIT_EXPECT_EQ(test, tot.traps, 6ull);
	KUNIT_EXPECT_GE(test, tot.fuel, 3 * 999999ull);
	kt_rt_destroy(&r);
}

/* ---- helpers.c: hostile pointers and lengths ------------------------------ */

#define MEM	65536ull

static void host_comm(struct kunit *test)
{
	struct kt_rt r;
	u64 s[2];
	int cpu;

	kt_rt_create(test, &r, wasm_host, sizeof(wasm_host));
	s[0] = MEM - 16; s[1] = 16;	/* the last 16 bytes */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "comm", s, NULL, &cpu), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], (u32)strnlen(current->comm, 15));
	KUNIT_EXPECT_EQ(test, memcmp(cpu_mem(&r, cpu) + MEM - 16, current->comm, s[0]), 0);
	s[0] = MEM - 15; s[1] = 16;	/* one past the end */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "comm", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	s[0] = MEM; s[1] = 0;		/* empty, at the end: fine */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "comm", s, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0u);
	s[0] = MEM + 1; s[1] = 0;	/* empty, past the end */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "comm", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	s[0] = MEM; s[1] = 1;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "comm", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 0xffffffff; s[1] = 1;	/* near 2^32 */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "comm", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 0xfffffff0; s[1] = 0x20;	/* would wrap in 32 bits */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "comm", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 0x10; s[1] = 0xfffffff8;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "comm", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 0; s[1] = 0xffffffff;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "comm", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 100; s[1] = 1;		/* room for the NUL only */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "comm", s, NULL, &cpu), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0u);
	KUNIT_EXPECT_EQ(test, cpu_mem(&r, cpu)[100], 0);
	kt_rt_destroy(&r);
}

static void host_log(struct kunit *test)
{
	struct kt_rt r;
	u64 s[2];

	kt_rt_create(test, &r, wasm_host, sizeof(wasm_host));
	s[0] = MEM - 200; s[1] = 0xffffffff;	/* cut to 200 bytes: fits */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "log", s, NULL, NULL), 0);
	s[0] = MEM - 199; s[1] = 0xffffffff;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "log", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	s[0] = MEM; s[1] = 0;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "log", s, NULL, NULL), 0);
	s[0] = 0xffffffff; s[1] = 0;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "log", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 0xffffff00; s[1] = 0x100;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "log", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	kt_rt_destroy(&r);
}

static void host_pkt_load(struct kunit *test)
{
	u8 pkt[100];
	struct wasmk_ctx ctx = { .bytes = pkt, .len = sizeof(pkt) };
	struct kt_rt r;
	u64 s[3];
	int cpu, i;

	for (i = 0; i < (int)sizeof(pkt); i++)
		pkt[i] = i + 1;
	kt_rt_create(test, &r, wasm_host, sizeof(wasm_host));
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "pkt_len", s, &ctx, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 100u);
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "pkt_len", s, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0u);
	s[0] = 0; s[1] = MEM - 100; s[2] = 100;	/* whole packet, to the end */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "pkt_load", s, &ctx, &cpu), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 100u);
	KUNIT_EXPECT_EQ(test, memcmp(cpu_mem(&r, cpu) + MEM - 100, pkt, 100), 0);
	s[0] = 0; s[1] = MEM - 99; s[2] = 100;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "pkt_load", s, &ctx, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 90; s[1] = 0; s[2] = 100;	/* short read at the packet's end */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "pkt_load", s, &ctx, &cpu), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 10u);
	KUNIT_EXPECT_EQ(test, cpu_mem(&r, cpu)[0], 91);
	s[0] = 100; s[1] = 0; s[2] = 10;	/* past the packet */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "pkt_load", s, &ctx, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0u);
	s[0] = 0xffffffff; s[1] = 0; s[2] = 10;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "pkt_load", s, &ctx, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0u);
	s[0] = 0; s[1] = MEM; s[2] = 0;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "pkt_load", s, &ctx, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0u);
	s[0] = 0; s[1] = 0xffffffff; s[2] = 0xffffffff;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "pkt_load", s, &ctx, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 0; s[1] = 1; s[2] = 0xffffffff;	/* dst checked before the packet */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "pkt_load", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	kt_rt_destroy(&r);
}

static void host_emit_no_ring(struct kunit *test)
{
	struct kt_rt r;
	u64 s[2];

	kt_rt_create(test, &r, wasm_host, sizeof(wasm_host));
	s[0] = 0; s[1] = 8;	/* no ring: dropped */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "emit", s, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0xffffffffu);
	s[0] = MEM; s[1] = 1;	/* a bad pointer traps even though it would drop */
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "emit", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	s[0] = 0xfffffffc; s[1] = 8;
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "emit", s, NULL, NULL), WASM_TRAP_MEM_OOB);
	KUNIT_EXPECT_EQ(test, rt_call(test, &r, "cpu_id", s, NULL, NULL), 0);
	KUNIT_EXPECT_LT(test, (u32)s[0], (u32)nr_cpu_ids);
	kt_rt_destroy(&r);
}

static struct kunit_case rt_cases[] = {
	KUNIT_CASE(create_destroy),
	KUNIT_CASE(create_refused),
	KUNIT_CASE(run_every_cpu),
	KUNIT_CASE(reentry_refused),
	KUNIT_CASE(traps_counted),
	{}
};

static struct kunit_suite rt_suite = {
	.name = "wasmk_rt",
	.test_cases = rt_cases,
};

static struct kunit_case host_cases[] = {
	KUNIT_CASE(host_comm),
	KUNIT_CASE(host_log),
	KUNIT_CASE(host_pkt_load),
	KUNIT_CASE(host_emit_no_ring),
	{}
};

static struct kunit_suite host_suite = {
	.name = "wasmk_host",
	.test_cases = host_cases,
};
kunit_test_suites(&rt_suite, &host_suite);
