// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: maps (kmod/map.c, included here for its statics), hammered from a
 * kthread per CPU and a hrtimer in hardirq context at once, under lockdep:
 * every add that returned 0 is in the totals exactly, for each kind; a
 * full hash refuses and counts; deletes free entries for reuse; NEXT_KEY
 * walks every key once; and an operation re-entering a map on a CPU gets
 * -EBUSY instead of deadlocking.
 */
#include "../../kmod/map.c"

#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>

#include "wasmk_kunit.h"

#define NKEYS		8
#define PER_THREAD	20000

static struct wasmk_map *kt_map(struct kunit *test, u32 kind, u32 vsize, u32 max)
{
	struct wasmk_map_def d = { kind, 4, vsize, max };
	struct wasmk_map *m = map_new("kt", 0, &d, NULL);

	KUNIT_ASSERT_FALSE(test, IS_ERR(m));
	return m;
}

struct hammer {
	struct wasmk_map *m;
	atomic64_t ok, busy;
	atomic_t running;
};

static void hammer_one(struct hammer *h, u32 i)
{
	u32 key = i % NKEYS;
	int r = wasmk_map_add(h->m, &key, 8, 1);

	if (!r)
		atomic64_inc(&h->ok);
	else if (r == -EBUSY)
		atomic64_inc(&h->busy);
}

static int hammer_thread(void *arg)
{
	struct hammer *h = arg;
	u32 i;

	for (i = 0; i < PER_THREAD; i++) {
		hammer_one(h, i);
		if (!(i % 1024))
			cond_resched();
	}
	atomic_dec(&h->running);
	while (!kthread_should_stop())
		usleep_range(1000, 2000);
	return 0;
}

struct hammer_timer {
	struct hrtimer t;
	struct hammer *h;
	u32 n;
};

static enum hrtimer_restart hammer_timer_fn(struct hrtimer *t)
{
	struct hammer_timer *ht = container_of(t, struct hammer_timer, t);

	hammer_one(ht->h, ht->n);
	if (++ht->n >= 2000 || !atomic_read(&ht->h->running))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(20000));
	return HRTIMER_RESTART;
}

/* The sum of the u64 at offset 8 over every key and CPU. */
static u64 total(struct kunit *test, struct wasmk_map *m)
{
	u64 v[2], sum = 0;
	u32 key;
	int cpu;

	for (key = 0; key < NKEYS; key++) {
		if (!percpu_kind(m->kind)) {
			if (!wasmk_map_lookup(m, &key, v, -1))
				sum += v[1];
			continue;
		}
		for_each_possible_cpu(cpu)
			if (!wasmk_map_lookup(m, &key, v, cpu))
				sum += v[1];
	}
	return sum;
}

static void hammer_kind(struct kunit *test, u32 kind)
{
	struct task_struct **th = kunit_kcalloc(test, nr_cpu_ids, sizeof(*th), GFP_KERNEL);
	struct hammer_timer ht = { };
	struct hammer h = { };
	int cpu, n = 0, i;

	KUNIT_ASSERT_NOT_NULL(test, th);
	h.m = kt_map(test, kind, 16, 64);
	atomic64_set(&h.ok, 0);
	atomic64_set(&h.busy, 0);
	atomic_set(&h.running, 0);
	for_each_online_cpu(cpu) {
		atomic_inc(&h.running);
		th[n] = kthread_create(hammer_thread, &h, "kt_map/%d", cpu);
		KUNIT_ASSERT_FALSE(test, IS_ERR(th[n]));
		kthread_bind(th[n], cpu);
		wake_up_process(th[n]);
		n++;
	}
	ht.h = &h;
	hrtimer_init(&ht.t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	ht.t.function = hammer_timer_fn;
	hrtimer_start(&ht.t, ns_to_ktime(20000), HRTIMER_MODE_REL_HARD);
	while (atomic_read(&h.running))
		usleep_range(5000, 10000);
	hrtimer_cancel(&ht.t);
	for (i = 0; i < n; i++)
		kthread_stop(th[i]);
	KUNIT_EXPECT_EQ(test, total(test, h.m), (u64)atomic64_read(&h.ok));
	KUNIT_EXPECT_EQ(test, (u64)atomic64_read(&h.m->refused_busy), (u64)atomic64_read(&h.busy));
	KUNIT_EXPECT_GE(test, (u64)atomic64_read(&h.ok), (u64)n * PER_THREAD - atomic64_read(&h.busy));
	kunit_info(test, "kind %u: %d threads + a hardirq timer: %llu adds, %llu refused busy",
		   kind, n, (u64)atomic64_read(&h.ok), (u64)atomic64_read(&h.busy));
	wasmk_map_put(h.m);
}

static void hammer_hash(struct kunit *test)
{
	hammer_kind(test, WASMK_MAP_HASH);
}

static void hammer_array(struct kunit *test)
{
	hammer_kind(test, WASMK_MAP_ARRAY);
}

static void hammer_percpu_hash(struct kunit *test)
{
	hammer_kind(test, WASMK_MAP_PERCPU_HASH);
}

static void hammer_percpu_array(struct kunit *test)
{
	hammer_kind(test, WASMK_MAP_PERCPU_ARRAY);
}

static void full_hash(struct kunit *test)
{
	struct wasmk_map *m = kt_map(test, WASMK_MAP_HASH, 8, 4);
	u64 v = 7;
	u32 k;

	for (k = 0; k < 4; k++)
		KUNIT_EXPECT_EQ(test, wasmk_map_update(m, &k, &v, WASMK_MAP_NOEXIST, -1), 0);
	KUNIT_EXPECT_EQ(test, wasmk_map_update(m, &k, &v, WASMK_MAP_ANY, -1), -E2BIG);
	KUNIT_EXPECT_EQ(test, wasmk_map_add(m, &k, 0, 1), -E2BIG);
	KUNIT_EXPECT_EQ(test, atomic64_read(&m->refused_full), 2);
	k = 1;
	KUNIT_EXPECT_EQ(test, wasmk_map_update(m, &k, &v, WASMK_MAP_NOEXIST, -1), -EEXIST);
	KUNIT_EXPECT_EQ(test, wasmk_map_delete(m, &k), 0);
	KUNIT_EXPECT_EQ(test, wasmk_map_delete(m, &k), -ENOENT);
	KUNIT_EXPECT_EQ(test, wasmk_map_lookup(m, &k, &v, -1), -ENOENT);
	k = 9;
	KUNIT_EXPECT_EQ(test, wasmk_map_update(m, &k, &v, WASMK_MAP_EXIST, -1), -ENOENT);
	KUNIT_EXPECT_EQ(test, wasmk_map_update(m, &k, &v, WASMK_MAP_ANY, -1), 0);
	KUNIT_EXPECT_EQ(test, wasmk_map_entries(m), 4u);
	wasmk_map_put(m);
}

static void next_key_walk(struct kunit *test)
{
	struct wasmk_map *m = kt_map(test, WASMK_MAP_HASH, 8, 100);
	u32 k, next, seen = 0;
	u64 v = 0, mask = 0;
	bool first = true;

	for (k = 0; k < 40; k++)
		KUNIT_ASSERT_EQ(test, wasmk_map_update(m, &k, &v, WASMK_MAP_ANY, -1), 0);
	while (!wasmk_map_next_key(m, first ? NULL : &k, &next)) {
		first = false;
		KUNIT_EXPECT_LT(test, next, 40u);
		KUNIT_EXPECT_FALSE(test, mask & (1ull << next));
		mask |= 1ull << next;
		k = next;
		seen++;
	}
	KUNIT_EXPECT_EQ(test, seen, 40u);
	wasmk_map_put(m);
}

/* A map operation interrupted by one on the same map and CPU: -EBUSY. */
static void reentry_busy(struct kunit *test)
{
	struct wasmk_map *m = kt_map(test, WASMK_MAP_HASH, 8, 4);
	u32 k = 1;

	preempt_disable();
	this_cpu_inc(*m->busy);		/* as if inside an operation on m */
	KUNIT_EXPECT_EQ(test, wasmk_map_add(m, &k, 0, 1), -EBUSY);
	this_cpu_dec(*m->busy);
	preempt_enable();
	KUNIT_EXPECT_EQ(test, atomic64_read(&m->refused_busy), 1);
	KUNIT_EXPECT_EQ(test, wasmk_map_add(m, &k, 0, 1), 0);
	wasmk_map_put(m);
}

/* A full lru_hash evicts the entry used least recently. */
static void lru_evicts_oldest(struct kunit *test)
{
	struct wasmk_map *m = kt_map(test, WASMK_MAP_LRU_HASH, 8, 4);
	u64 v = 1;
	u32 k;

	for (k = 0; k < 4; k++)
		KUNIT_ASSERT_EQ(test, wasmk_map_update(m, &k, &v, WASMK_MAP_ANY, -1), 0);
	k = 0;
	KUNIT_EXPECT_EQ(test, wasmk_map_lookup(m, &k, &v, -1), 0);	/* 1 is now the oldest */
	k = 4;
	KUNIT_EXPECT_EQ(test, wasmk_map_update(m, &k, &v, WASMK_MAP_ANY, -1), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&m->evicted), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&m->refused_full), 0);
	for (k = 0; k < 5; k++)
		KUNIT_EXPECT_EQ_MSG(test, wasmk_map_lookup(m, &k, &v, -1), k == 1 ? -ENOENT : 0,
				    "key %u", k);
	/* under pressure: many more keys than room, always room */
	for (k = 10; k < 1000; k++)
		KUNIT_EXPECT_EQ(test, wasmk_map_add(m, &k, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, wasmk_map_entries(m), 4u);
	KUNIT_EXPECT_EQ(test, atomic64_read(&m->evicted), 1 + 990);
	wasmk_map_put(m);
}

static void hammer_lru(struct kunit *test)
{
	hammer_kind(test, WASMK_MAP_LRU_HASH);
}

static struct kunit_case map_cases[] = {
	KUNIT_CASE(lru_evicts_oldest),
	KUNIT_CASE(hammer_lru),
	KUNIT_CASE(hammer_hash),
	KUNIT_CASE(hammer_array),
	KUNIT_CASE(hammer_percpu_hash),
	KUNIT_CASE(hammer_percpu_array),
	KUNIT_CASE(full_hash),
	KUNIT_CASE(next_key_walk),
	KUNIT_CASE(reentry_busy),
	{}
};

static struct kunit_suite map_suite = {
	.name = "wasmk_map",
	.test_cases = map_cases,
};
kunit_test_suites(&map_suite);
