// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the event ring (kmod/events.c, included here for its statics):
 * a full ring drops and counts, records wrap around the end intact, and
 * concurrent producers on every CPU (threads, a hrtimer in hardirq
 * context, handlers through the real emit() host function) lose nothing
 * they were told was written, while a reader drains concurrently.
 */
#include "../../kmod/events.c"

#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>

#include "wasmk_kunit.h"
#include "wasm_modules.h"

struct kt_ev {
	struct wasmk_prog p;
	struct wasmk_events *ev;
};

static void kt_ev_create(struct kunit *test, struct kt_ev *e, u32 ring)
{
	unsigned int saved = event_ring_size;

	memset(e, 0, sizeof(*e));
	KUNIT_ASSERT_EQ(test, wasm_module_load(wasm_host, sizeof(wasm_host), NULL, NULL,
					       &e->p.mod), 0);
	e->p.rt.fuel = 100000;
	e->p.rt.mem_pages = 1;
	e->p.rt.stack_bytes = 4096;
	KUNIT_ASSERT_EQ(test, wasmk_rt_create(&e->p.rt, e->p.mod, NULL), 0);
	event_ring_size = ring;
	KUNIT_ASSERT_EQ(test, wasmk_events_create(&e->p), 0);
	event_ring_size = saved;
	e->ev = e->p.events;
	KUNIT_ASSERT_NOT_NULL(test, e->ev);
	KUNIT_ASSERT_EQ(test, e->ev->size, ring);
}

static void kt_ev_destroy(struct kt_ev *e)
{
	wasmk_events_unloaded(&e->p);
	wasmk_events_destroy(&e->p);
	wasmk_rt_destroy(&e->p.rt);
	wasm_module_free(e->p.mod);
}

/* Pop one record into hdr/data (cap bytes); false when the ring is empty. */
static bool kt_pop(struct wasmk_events *ev, struct wasmk_event *hdr, void *data, u32 cap)
{
	/* As the reader of events.c: acquire head (pairs with the producers'
	 * release), release tail (pairs with their acquire of tail).
	 */
	u64 tail = ev->tail, head = smp_load_acquire(&ev->head);

	if (tail == head)
		return false;
	ring_read(ev, tail, hdr, sizeof(*hdr));
	ring_read(ev, tail + sizeof(*hdr), data, min(hdr->len, cap));
	/* the record is copied out: producers may reuse its bytes */
	smp_store_release(&ev->tail, tail + sizeof(*hdr) + ALIGN(hdr->len, WASMK_EVENT_ALIGN));
	return true;
}

static void ring_full(struct kunit *test)
{
	struct wasmk_event hdr;
	struct kt_ev e;
	u8 data[24] = {};
	u32 n = 0, rec = sizeof(hdr) + ALIGN(sizeof(data), WASMK_EVENT_ALIGN);

	kt_ev_create(test, &e, 4096);
	while (wasmk_events_emit(e.ev, data, sizeof(data)) == 0 && n < 10000)
		n++;
	KUNIT_EXPECT_EQ(test, n, 4096 / rec);
	KUNIT_EXPECT_EQ(test, e.ev->emitted, (u64)n);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e.ev->dropped), 1ll);
	/* 4096 % 40 = 16 bytes left: an empty record (header only) fits */
	KUNIT_EXPECT_EQ(test, wasmk_events_emit(e.ev, data, 0), 0);
	KUNIT_EXPECT_EQ(test, wasmk_events_emit(e.ev, data, 0), -1);
	KUNIT_EXPECT_EQ(test, wasmk_events_emit(e.ev, data, WASMK_EVENT_MAX + 1), -1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e.ev->dropped), 3ll);
	/* one popped: exactly one more fits */
	KUNIT_EXPECT_TRUE(test, kt_pop(e.ev, &hdr, data, sizeof(data)));
	KUNIT_EXPECT_EQ(test, wasmk_events_emit(e.ev, data, sizeof(data)), 0);
	KUNIT_EXPECT_EQ(test, wasmk_events_emit(e.ev, data, sizeof(data)), -1);
	kt_ev_destroy(&e);
}

/* Records of every length 0..100 across many wraps; each comes back whole. */
static void ring_wrap(struct kunit *test)
{
	u8 *out = kunit_kzalloc(test, 256, GFP_KERNEL);
	u8 *in = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct wasmk_event hdr;
	u32 i, popped = 0, len_in = 0, len_out = 0;
	struct kt_ev e;

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, in);
	kt_ev_create(test, &e, 4096);
	for (i = 0; i < 5000; i++) {
		u32 len = i % 101, j;

		for (j = 0; j < len; j++)
			in[j] = i + j;
		/* keep the ring about half full so records straddle the end */
		while (e.ev->head - e.ev->tail > 2048) {
			KUNIT_ASSERT_TRUE(test, kt_pop(e.ev, &hdr, out, 256));
			KUNIT_EXPECT_EQ(test, hdr.len, popped % 101);
			for (j = 0; j < hdr.len; j++)
				if (out[j] != (u8)(popped + j))
					break;
			KUNIT_EXPECT_EQ_MSG(test, j, hdr.len, "record %u corrupt at %u", popped, j);
			KUNIT_EXPECT_LT(test, hdr.cpu, (u32)nr_cpu_ids);
			popped++;
			len_out += hdr.len;
		}
		KUNIT_ASSERT_EQ(test, wasmk_events_emit(e.ev, in, len), 0);
		len_in += len;
	}
	while (kt_pop(e.ev, &hdr, out, 256)) {
		KUNIT_EXPECT_EQ(test, hdr.len, popped % 101);
		popped++;
		len_out += hdr.len;
	}
	KUNIT_EXPECT_EQ(test, popped, 5000u);
	KUNIT_EXPECT_EQ(test, len_out, len_in);
	KUNIT_EXPECT_GT(test, e.ev->head, 10ull * 4096);	/* it did wrap, many times */
	KUNIT_EXPECT_EQ(test, atomic64_read(&e.ev->dropped), 0ll);
	kt_ev_destroy(&e);
}

/* Through the handler's emit() import, on this CPU's instance. */
static void emit_from_wasm(struct kunit *test)
{
	struct wasmk_event hdr;
	struct kt_ev e;
	u32 rec[3], idx;
	u64 s[2];
	int trap = -1, cpu;
	u8 kind;

	kt_ev_create(test, &e, 4096);
	KUNIT_ASSERT_EQ(test, wasm_module_find_export(e.p.mod, "emit_seq", 8, &kind, &idx), 0);
	s[0] = 7; s[1] = 1234;
	cpu = get_cpu();
	KUNIT_EXPECT_EQ(test, wasmk_rt_run(&e.p.rt, idx, s, NULL, &trap, NULL), 0);
	put_cpu();
	KUNIT_EXPECT_EQ(test, trap, 0);
	KUNIT_EXPECT_EQ(test, (u32)s[0], 0u);
	KUNIT_ASSERT_TRUE(test, kt_pop(e.ev, &hdr, rec, sizeof(rec)));
	KUNIT_EXPECT_EQ(test, hdr.len, 12u);
	KUNIT_EXPECT_EQ(test, hdr.cpu, (u32)cpu);
	KUNIT_EXPECT_EQ(test, rec[0], 7u);
	KUNIT_EXPECT_EQ(test, rec[1], 1234u);
	KUNIT_EXPECT_EQ(test, rec[2], (u32)cpu);
	KUNIT_EXPECT_GT(test, hdr.time_ns, 0ull);
	KUNIT_EXPECT_FALSE(test, kt_pop(e.ev, &hdr, rec, sizeof(rec)));
	kt_ev_destroy(&e);
}

/* ---- concurrent producers ------------------------------------------------ */

#define NPROD_MAX	8
#define PER_PROD	20000

struct prod {
	struct kt_ev *e;
	u32 id;
	u32 sent;	/* told "written" */
	u32 dropped;	/* told "dropped" */
	bool wasm;	/* through wasmk_rt_run + emit() */
	struct completion done;
};

static int producer(void *arg)
{
	struct prod *p = arg;
	u32 seq, rec[3], idx = 0;
	u8 kind;

	if (p->wasm)
		wasm_module_find_export(p->e->p.mod, "emit_seq", 8, &kind, &idx);
	for (seq = 0; seq < PER_PROD; seq++) {
		int r;

		if (p->wasm) {
			u64 s[2] = { p->id, seq };
			int trap;

			if (wasmk_rt_run(&p->e->p.rt, idx, s, NULL, &trap, NULL) || trap)
				r = -2;
			else
				r = (int)(u32)s[0];
		} else {
			rec[0] = p->id;
			rec[1] = seq;
			rec[2] = raw_smp_processor_id();
			r = wasmk_events_emit(p->e->ev, rec, sizeof(rec));
		}
		if (r == 0)
			p->sent++;
		else if (r == -1)
			p->dropped++;
		if (!(seq % 64))
			cond_resched();
	}
	complete(&p->done);
	return 0;
}

struct tprod {
	struct hrtimer t;
	struct kt_ev *e;
	u32 seq, sent, dropped, limit;
};

static enum hrtimer_restart timer_producer(struct hrtimer *t)
{
	struct tprod *tp = container_of(t, struct tprod, t);
	u32 rec[3] = { NPROD_MAX, tp->seq++, raw_smp_processor_id() };

	if (wasmk_events_emit(tp->e->ev, rec, sizeof(rec)) == 0)
		tp->sent++;
	else
		tp->dropped++;
	if (tp->seq >= tp->limit)
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(20000));
	return HRTIMER_RESTART;
}

static void concurrent_producers(struct kunit *test)
{
	struct prod *prods = kunit_kcalloc(test, NPROD_MAX, sizeof(*prods), GFP_KERNEL);
	u32 *next = kunit_kcalloc(test, NPROD_MAX + 1, sizeof(*next), GFP_KERNEL);
	u32 *got = kunit_kcalloc(test, NPROD_MAX + 1, sizeof(*got), GFP_KERNEL);
	struct tprod *tp = kunit_kzalloc(test, sizeof(*tp), GFP_KERNEL);
	u32 i, n = 0, total = 0, bad = 0, rec[3];
	u64 sent = 0, dropped = 0;
	struct wasmk_event hdr;
	struct kt_ev e;
	int cpu;

	KUNIT_ASSERT_NOT_NULL(test, prods);
	KUNIT_ASSERT_NOT_NULL(test, next);
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_ASSERT_NOT_NULL(test, tp);
	kt_ev_create(test, &e, 16384);
	/* two producers per online CPU (one plain, one through Wasm) */
	for_each_online_cpu(cpu) {
		int k;

		for (k = 0; k < 2 && n < NPROD_MAX; k++, n++) {
			struct task_struct *t;

			prods[n].e = &e;
			prods[n].id = n;
			prods[n].wasm = k;
			init_completion(&prods[n].done);
			t = kthread_create(producer, &prods[n], "kt_prod/%u", n);
			KUNIT_ASSERT_FALSE(test, IS_ERR(t));
			kthread_bind(t, cpu);
			wake_up_process(t);
		}
	}
	tp->e = &e;
	tp->limit = 2000;
	hrtimer_init(&tp->t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	tp->t.function = timer_producer;
	hrtimer_start(&tp->t, ns_to_ktime(20000), HRTIMER_MODE_REL_HARD);

	/* drain while they write */
	for (;;) {
		bool all_done = true;

		while (kt_pop(e.ev, &hdr, rec, sizeof(rec))) {
			total++;
			if (hdr.len != 12 || rec[0] > NPROD_MAX || rec[1] < next[rec[0]] ||
			    rec[2] != hdr.cpu) {
				bad++;
				continue;
			}
			next[rec[0]] = rec[1] + 1;	/* in order per producer */
			got[rec[0]]++;
		}
		for (i = 0; i < n; i++)
			all_done &= completion_done(&prods[i].done);
		if (all_done && !hrtimer_active(&tp->t))
			break;
		usleep_range(50, 100);
	}
	hrtimer_cancel(&tp->t);
	while (kt_pop(e.ev, &hdr, rec, sizeof(rec))) {
		total++;
		if (hdr.len == 12 && rec[0] <= NPROD_MAX && rec[1] >= next[rec[0]]) {
			next[rec[0]] = rec[1] + 1;
			got[rec[0]]++;
		} else {
			bad++;
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0u);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, got[i], prods[i].sent, "producer %u", i);
		KUNIT_EXPECT_EQ(test, prods[i].sent + prods[i].dropped, (u32)PER_PROD);
		sent += prods[i].sent;
		dropped += prods[i].dropped;
	}
	KUNIT_EXPECT_EQ(test, got[NPROD_MAX], tp->sent);
	sent += tp->sent;
	dropped += tp->dropped;
	KUNIT_EXPECT_EQ(test, (u64)total, sent);
	KUNIT_EXPECT_EQ(test, e.ev->emitted, sent);
	KUNIT_EXPECT_EQ(test, (u64)atomic64_read(&e.ev->dropped), dropped);
	kunit_info(test, "%u producers + timer: %llu records, %llu dropped", n, sent, dropped);
	kt_ev_destroy(&e);
}

static struct kunit_case events_cases[] = {
	KUNIT_CASE(ring_full),
	KUNIT_CASE(ring_wrap),
	KUNIT_CASE(emit_from_wasm),
	KUNIT_CASE(concurrent_producers),
	{}
};

static struct kunit_suite events_suite = {
	.name = "wasmk_events",
	.test_cases = events_cases,
};
kunit_test_suites(&events_suite);
