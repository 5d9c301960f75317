// SPDX-License-Identifier: GPL-2.0
/*
 * Maps: fixed-size keys and values shared by every CPU's instance of a
 * program and with userspace (ioctls), as eBPF's maps are.  A module
 * declares them (exported wasmk_map_NAME globals pointing at a struct
 * wasmk_map_def, uapi/wasmk/guest.h); PROG_LOAD creates them, preallocated:
 * nothing is allocated on the hot path.
 *
 * Kinds: array and percpu_array (u32 index keys, every entry present),
 * hash, percpu_hash and lru_hash (preallocated elements on a free list,
 * buckets of chains; a full lru_hash evicts the least recently used of a
 * few candidates instead of refusing).  Safe in every hook context, NMI included: an operation runs
 * with interrupts off under a per-CPU guard, so one that would re-enter the
 * same map on a CPU (a kprobe or NMI inside another) fails with -EBUSY and
 * is counted, as eBPF's map_locked does; the raw spinlocks it takes (one
 * per bucket, or per stripe of array entries, then the free list) are never
 * held across anything that could wait for this CPU.  Values are copied
 * in and out under those locks, so no reader sees a value half written;
 * map_add on an array is a lock-free atomic add to one u64.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/idr.h>
#include <linux/uaccess.h>
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nospec.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "runtime.h"
#include "wasmk.h"

#define MAP_KEY_MAX		512
#define MAP_VALUE_MAX		4096
#define MAP_ENTRIES_MAX		(1u << 20)
#define MAP_BYTES_MAX		(256ull << 20)
#define ARRAY_STRIPES		64
#define ELEM_HDR		16	/* struct elem_hdr */
#define LRU_SCAN		8	/* candidates an lru_hash insert looks at */
#define LRU_TRIES		8	/* scans before it gives up (refused, counted) */
#define MAP_PREFIX		"wasmk_map_"

static DEFINE_IDR(map_idr);
static DEFINE_MUTEX(map_lock);

struct elem_hdr {
	u32 next;			/* element index + 1 */
	u32 hash;
	u32 stamp;			/* lru_hash: when last used (m->clock) */
	u32 in_use;			/* in a bucket's chain (under its lock) */
};

static bool percpu_kind(u32 kind)
{
	return kind == WASMK_MAP_PERCPU_HASH || kind == WASMK_MAP_PERCPU_ARRAY;
}

static bool hash_kind(u32 kind)
{
	return kind == WASMK_MAP_HASH || kind == WASMK_MAP_PERCPU_HASH ||
	       kind == WASMK_MAP_LRU_HASH;
}

/* ---- values: copied a u64 at a time, never torn at that size ---------- */

static void copy_out(void *dst, const u8 *src, u32 n)
{
	u32 i;

	for (i = 0; i + 8 <= n; i += 8)
		put_unaligned(READ_ONCE(*(const u64 *)(src + i)), (u64 *)((u8 *)dst + i));
	for (; i < n; i++)
		((u8 *)dst)[i] = READ_ONCE(src[i]);
}

static void copy_in(u8 *dst, const void *src, u32 n)
{
	u32 i;

	for (i = 0; i + 8 <= n; i += 8)
		WRITE_ONCE(*(u64 *)(dst + i), get_unaligned((const u64 *)((const u8 *)src + i)));
	for (; i < n; i++)
		WRITE_ONCE(dst[i], ((const u8 *)src)[i]);
}

/* ---- the per-CPU guard ------------------------------------------------ */

static bool map_enter(struct wasmk_map *m, unsigned long *flags)
{
	local_irq_save(*flags);
	if (__this_cpu_inc_return(*m->busy) != 1) {
		__this_cpu_dec(*m->busy);
		local_irq_restore(*flags);
		atomic64_inc(&m->refused_busy);
		return false;
	}
	return true;
}

static void map_exit(struct wasmk_map *m, unsigned long flags)
{
	__this_cpu_dec(*m->busy);
	local_irq_restore(flags);
}

/*
 * A bucket, stripe or free-list lock.  In NMI (a kprobe's int3 included)
 * by trylock, which is all lockdep accepts there; spinning is safe because
 * map_enter() already refused an operation re-entering this map on this
 * CPU, so the holder is another CPU.
 */
static void map_spin(raw_spinlock_t *l)
{
	if (!in_nmi()) {
		raw_spin_lock(l);
		return;
	}
	while (!raw_spin_trylock(l))
		cpu_relax();
}

/* The per-CPU kinds' region of cpu (-1: this one; interrupts are off). */
static u8 *cpu_region(struct wasmk_map *m, int cpu)
{
	return m->cpu_data[cpu < 0 ? smp_processor_id() : cpu];
}

/* ---- arrays ----------------------------------------------------------- */

static u8 *array_value(struct wasmk_map *m, u32 idx, int cpu)
{
	u8 *base = percpu_kind(m->kind) ? cpu_region(m, cpu) : m->data;

	return base + (size_t)array_index_nospec(idx, m->max_entries) * m->vsize;
}

/* ---- hash ------------------------------------------------------------- */

static struct elem_hdr *elem(struct wasmk_map *m, u32 i)
{
	return (struct elem_hdr *)(m->data + (size_t)i * m->esize);
}

static u8 *elem_key(struct wasmk_map *m, u32 i)
{
	return (u8 *)elem(m, i) + ELEM_HDR;
}

static u8 *elem_value(struct wasmk_map *m, u32 i, int cpu)
{
	if (percpu_kind(m->kind))
		return cpu_region(m, cpu) + (size_t)i * m->vsize;
	return elem_key(m, i) + m->ksize;
}

static u32 key_hash(struct wasmk_map *m, const void *key)
{
	return jhash(key, m->key_size, (u32)(uintptr_t)m->buckets);
}

/* key's hash (*h) and its bucket. */
static struct wasmk_map_bucket *key_bucket(struct wasmk_map *m, const void *key, u32 *h)
{
	*h = key_hash(m, key);
	return &m->buckets[*h & (m->nbuckets - 1)];
}

/* The lock of array entry idx's stripe. */
static raw_spinlock_t *array_lock(struct wasmk_map *m, u32 idx)
{
	return &m->stripes[idx % m->nstripes];
}

/* Index + 1 of key's element in bucket b (locked), 0 if absent; *prev its predecessor's. */
static u32 bucket_find(struct wasmk_map *m, struct wasmk_map_bucket *b, u32 hash,
		       const void *key, u32 *prev)
{
	u32 i, p = 0;

	for (i = b->head; i; p = i, i = elem(m, i - 1)->next) {
		if (elem(m, i - 1)->hash == hash && !memcmp(elem_key(m, i - 1), key, m->key_size)) {
			if (prev)
				*prev = p;
			if (m->kind == WASMK_MAP_LRU_HASH)
				WRITE_ONCE(elem(m, i - 1)->stamp, atomic_inc_return(&m->clock));
			return i;
		}
	}
	return 0;
}

/* Take element i (index + 1) out of bucket b's chain (b locked); false if not there. */
static bool bucket_unlink(struct wasmk_map *m, struct wasmk_map_bucket *b, u32 i)
{
	u32 j, p = 0;

	for (j = b->head; j; p = j, j = elem(m, j - 1)->next) {
		if (j != i)
			continue;
		if (p)
			elem(m, p - 1)->next = elem(m, j - 1)->next;
		else
			b->head = elem(m, j - 1)->next;
		elem(m, j - 1)->in_use = 0;
		atomic_dec(&m->count);
		return true;
	}
	return false;
}

/*
 * lru_hash, full: take the least recently used of a few candidates from
 * its chain (bucket cur is held by the caller; another bucket only if its
 * lock is free right now, so two inserts never wait on each other).
 * Index + 1 of the freed element, or 0.
 */
static u32 lru_evict(struct wasmk_map *m, struct wasmk_map_bucket *cur)
{
	u32 tries, k, c, best, best_age, now;

	for (tries = 0; tries < LRU_TRIES; tries++) {
		struct wasmk_map_bucket *vb;
		bool ok;

		now = atomic_read(&m->clock);
		best = 0;
		best_age = 0;
		c = (u32)atomic_add_return(LRU_SCAN, &m->lru_cursor);
		for (k = 0; k < LRU_SCAN; k++) {
			u32 i = (c + k) % m->max_entries;

			if (READ_ONCE(elem(m, i)->in_use) &&
			    (!best || now - READ_ONCE(elem(m, i)->stamp) > best_age)) {
				best = i + 1;
				best_age = now - READ_ONCE(elem(m, i)->stamp);
			}
		}
		if (!best)
			continue;
		vb = &m->buckets[READ_ONCE(elem(m, best - 1)->hash) & (m->nbuckets - 1)];
		if (vb == cur) {
			ok = bucket_unlink(m, vb, best);
		} else {
			if (!raw_spin_trylock(&vb->lock))
				continue;
			ok = bucket_unlink(m, vb, best);
			raw_spin_unlock(&vb->lock);
		}
		if (ok) {
			atomic64_inc(&m->evicted);
			return best;
		}
	}
	return 0;
}

static u32 free_pop(struct wasmk_map *m)
{
	u32 i;

	map_spin(&m->free_lock);
	i = m->free_head;
	if (i)
		m->free_head = elem(m, i - 1)->next;
	raw_spin_unlock(&m->free_lock);
	return i;
}

static void free_push(struct wasmk_map *m, u32 i)
{
	map_spin(&m->free_lock);
	elem(m, i - 1)->next = m->free_head;
	m->free_head = i;
	raw_spin_unlock(&m->free_lock);
}

/* Insert key (bucket locked) with a zeroed value; index + 1, or 0 when full. */
static u32 bucket_insert(struct wasmk_map *m, struct wasmk_map_bucket *b, u32 hash,
			 const void *key)
{
	u32 i = free_pop(m);
	int cpu;

	if (!i && m->kind == WASMK_MAP_LRU_HASH)
		i = lru_evict(m, b);
	if (!i) {
		atomic64_inc(&m->refused_full);
		return 0;
	}
	elem(m, i - 1)->hash = hash;
	elem(m, i - 1)->in_use = 1;
	elem(m, i - 1)->stamp = atomic_inc_return(&m->clock);
	memcpy(elem_key(m, i - 1), key, m->key_size);
	if (percpu_kind(m->kind)) {
		for_each_possible_cpu(cpu)
			memset(elem_value(m, i - 1, cpu), 0, m->vsize);
	} else {
		memset(elem_value(m, i - 1, 0), 0, m->vsize);
	}
	elem(m, i - 1)->next = b->head;
	b->head = i;
	atomic_inc(&m->count);
	return i;
}

/* ---- operations ------------------------------------------------------- */

int wasmk_map_lookup(struct wasmk_map *m, const void *key, void *value, int cpu)
{
	struct wasmk_map_bucket *b;
	unsigned long flags;
	raw_spinlock_t *lock;
	u32 idx, h, i;
	int ret = 0;

	if (!map_enter(m, &flags))
		return -EBUSY;
	if (!hash_kind(m->kind)) {
		idx = get_unaligned((const u32 *)key);
		if (idx >= m->max_entries) {
			ret = -ENOENT;
		} else {
			lock = array_lock(m, idx);
			map_spin(lock);
			copy_out(value, array_value(m, idx, cpu), m->value_size);
			raw_spin_unlock(lock);
		}
		map_exit(m, flags);
		return ret;
	}
	b = key_bucket(m, key, &h);
	map_spin(&b->lock);
	i = bucket_find(m, b, h, key, NULL);
	if (i)
		copy_out(value, elem_value(m, i - 1, cpu), m->value_size);
	else
		ret = -ENOENT;
	raw_spin_unlock(&b->lock);
	map_exit(m, flags);
	return ret;
}

/* cpu -2: every CPU's value (the per-CPU kinds, from userspace: value holds one per CPU) */
static void set_value(struct wasmk_map *m, u8 *(*at)(struct wasmk_map *, u32, int), u32 i,
		      const void *value, int cpu)
{
	int c, n = 0;

	if (cpu != -2) {
		copy_in(at(m, i, cpu), value, m->value_size);
		return;
	}
	for_each_possible_cpu(c)
		copy_in(at(m, i, c), (const u8 *)value + (size_t)(n++) * m->value_size,
			m->value_size);
}

int wasmk_map_update(struct wasmk_map *m, const void *key, const void *value, u32 flags,
		     int cpu)
{
	struct wasmk_map_bucket *b;
	unsigned long irq;
	raw_spinlock_t *lock;
	u32 idx, h, i;
	int ret = 0;

	if (flags > WASMK_MAP_EXIST)
		return -EINVAL;
	if (!map_enter(m, &irq))
		return -EBUSY;
	if (!hash_kind(m->kind)) {
		idx = get_unaligned((const u32 *)key);
		if (idx >= m->max_entries) {
			ret = -E2BIG;
		} else if (flags == WASMK_MAP_NOEXIST) {
			ret = -EEXIST;		/* every entry of an array exists */
		} else {
			lock = array_lock(m, idx);
			map_spin(lock);
			set_value(m, array_value, idx, value, cpu);
			raw_spin_unlock(lock);
		}
		map_exit(m, irq);
		return ret;
	}
	b = key_bucket(m, key, &h);
	map_spin(&b->lock);
	i = bucket_find(m, b, h, key, NULL);
	if (i && flags == WASMK_MAP_NOEXIST) {
		ret = -EEXIST;
	} else if (!i && flags == WASMK_MAP_EXIST) {
		ret = -ENOENT;
	} else {
		if (!i)
			i = bucket_insert(m, b, h, key);
		if (i)
			set_value(m, elem_value, i - 1, value, cpu);
		else
			ret = -E2BIG;
	}
	raw_spin_unlock(&b->lock);
	map_exit(m, irq);
	return ret;
}

int wasmk_map_delete(struct wasmk_map *m, const void *key)
{
	struct wasmk_map_bucket *b;
	unsigned long flags;
	u32 h, i, prev = 0;
	int ret = 0;

	if (!hash_kind(m->kind))
		return -EINVAL;		/* array entries always exist */
	if (!map_enter(m, &flags))
		return -EBUSY;
	b = key_bucket(m, key, &h);
	map_spin(&b->lock);
	i = bucket_find(m, b, h, key, &prev);
	if (i) {
		if (prev)
			elem(m, prev - 1)->next = elem(m, i - 1)->next;
		else
			b->head = elem(m, i - 1)->next;
		elem(m, i - 1)->in_use = 0;
		free_push(m, i);
		atomic_dec(&m->count);
	} else {
		ret = -ENOENT;
	}
	raw_spin_unlock(&b->lock);
	map_exit(m, flags);
	return ret;
}

int wasmk_map_add(struct wasmk_map *m, const void *key, u32 off, s64 delta)
{
	struct wasmk_map_bucket *b;
	unsigned long flags;
	u32 idx, h, i;
	u64 *v;
	int ret = 0;

	if (off % 8 || (u64)off + 8 > m->vsize)
		return -EINVAL;
	if (!map_enter(m, &flags))
		return -EBUSY;
	if (!hash_kind(m->kind)) {
		idx = get_unaligned((const u32 *)key);
		if (idx >= m->max_entries) {
			ret = -E2BIG;
		} else {
			v = (u64 *)(array_value(m, idx, -1) + off);
			if (percpu_kind(m->kind))
				WRITE_ONCE(*v, READ_ONCE(*v) + delta);	/* this CPU's */
			else
				atomic64_add(delta, (atomic64_t *)v);
		}
		map_exit(m, flags);
		return ret;
	}
	b = key_bucket(m, key, &h);
	map_spin(&b->lock);
	i = bucket_find(m, b, h, key, NULL);
	if (!i)
		i = bucket_insert(m, b, h, key);
	if (i) {
		v = (u64 *)(elem_value(m, i - 1, -1) + off);
		WRITE_ONCE(*v, READ_ONCE(*v) + delta);
	} else {
		ret = -E2BIG;
	}
	raw_spin_unlock(&b->lock);
	map_exit(m, flags);
	return ret;
}

int wasmk_map_next_key(struct wasmk_map *m, const void *key, void *next)
{
	struct wasmk_map_bucket *b;
	unsigned long flags;
	u32 idx, h, i = 0, bi = 0;
	int ret = -ENOENT;

	if (!hash_kind(m->kind)) {
		idx = key ? get_unaligned((const u32 *)key) : U32_MAX;
		idx = idx >= m->max_entries ? 0 : idx + 1;	/* from the start, or the next */
		if (idx >= m->max_entries)
			return -ENOENT;
		put_unaligned(idx, (u32 *)next);
		return 0;
	}
	if (!map_enter(m, &flags))
		return -EBUSY;
	if (key) {
		/* the element after key in its chain, else the next bucket's first */
		h = key_hash(m, key);
		bi = h & (m->nbuckets - 1);
		b = &m->buckets[bi];
		map_spin(&b->lock);
		i = bucket_find(m, b, h, key, NULL);
		if (i) {
			i = elem(m, i - 1)->next;
			if (i) {
				memcpy(next, elem_key(m, i - 1), m->key_size);
				ret = 0;
			}
			bi++;
		} else {
			bi = 0;		/* key gone: start again */
		}
		raw_spin_unlock(&b->lock);
	}
	for (; ret && bi < m->nbuckets; bi++) {
		b = &m->buckets[bi];
		if (!READ_ONCE(b->head))
			continue;
		map_spin(&b->lock);
		if (b->head) {
			memcpy(next, elem_key(m, b->head - 1), m->key_size);
			ret = 0;
		}
		raw_spin_unlock(&b->lock);
	}
	map_exit(m, flags);
	return ret;
}

u32 wasmk_map_entries(struct wasmk_map *m)
{
	return hash_kind(m->kind) ? atomic_read(&m->count) : m->max_entries;
}

/* ---- creation --------------------------------------------------------- */

static void map_free(struct wasmk_map *m)
{
	int cpu;

	if (m->cpu_data) {
		for_each_possible_cpu(cpu)
			vfree(m->cpu_data[cpu]);
		kfree(m->cpu_data);
	}
	vfree(m->data);
	kvfree(m->stripes);
	kvfree(m->buckets);
	free_percpu(m->busy);
	if (m->charged)
		wasmk_mem_uncharge(m->bytes);
	kfree(m);
}

/* The last holder is gone: called with map_lock held, which it drops. */
static void map_release(struct kref *ref)
	__releases(&map_lock)
{
	struct wasmk_map *m = container_of(ref, struct wasmk_map, ref);

	if (m->id)
		idr_remove(&map_idr, m->id);
	mutex_unlock(&map_lock);
	map_free(m);
}

/* Process context: the release takes map_lock, so no lookup finds it dying. */
void wasmk_map_put(struct wasmk_map *m)
{
	kref_put_mutex(&m->ref, map_release, &map_lock);
}

static struct wasmk_map *map_new(const char *name, u32 prog_id, const struct wasmk_map_def *d,
				 struct wasm_log *log)
{
	struct wasmk_map *m;
	u64 per_cpu, shared = 0;
	u32 i;
	int cpu;

	if (d->kind < WASMK_MAP_HASH || d->kind > WASMK_MAP_LRU_HASH) {
		wasm_log_printf(log, "map %s: unknown kind %u", name, d->kind);
		return ERR_PTR(-EINVAL);
	}
	if (!d->key_size || d->key_size > MAP_KEY_MAX || !d->value_size ||
	    d->value_size > MAP_VALUE_MAX || !d->max_entries || d->max_entries > MAP_ENTRIES_MAX ||
	    (!hash_kind(d->kind) && d->key_size != 4)) {
		wasm_log_printf(log,
				"map %s: key %u bytes (1..%u; 4 for arrays), value %u bytes (1..%u), %u entries (1..%u)",
				name, d->key_size, MAP_KEY_MAX, d->value_size, MAP_VALUE_MAX,
				d->max_entries, MAP_ENTRIES_MAX);
		return ERR_PTR(-EINVAL);
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	kref_init(&m->ref);
	strscpy(m->name, name, sizeof(m->name));
	m->prog_id = prog_id;
	m->kind = d->kind;
	m->key_size = d->key_size;
	m->value_size = d->value_size;
	m->max_entries = d->max_entries;
	m->vsize = ALIGN(d->value_size, 8);
	m->ksize = ALIGN(d->key_size, 8);
	raw_spin_lock_init(&m->free_lock);
	atomic_set(&m->count, 0);
	atomic64_set(&m->refused_full, 0);
	atomic64_set(&m->refused_busy, 0);
	per_cpu = percpu_kind(m->kind) ? (u64)m->vsize * m->max_entries : 0;
	if (hash_kind(m->kind)) {
		m->esize = ELEM_HDR + m->ksize + (percpu_kind(m->kind) ? 0 : m->vsize);
		m->nbuckets = roundup_pow_of_two(m->max_entries);
		shared = (u64)m->esize * m->max_entries + (u64)m->nbuckets * sizeof(*m->buckets);
	} else if (!percpu_kind(m->kind)) {
		shared = (u64)m->vsize * m->max_entries;
	}
	m->bytes = shared + per_cpu * num_possible_cpus();
	if (m->bytes > MAP_BYTES_MAX) {
		wasm_log_printf(log, "map %s: %llu KiB, more than a map may hold (%llu KiB)", name,
				m->bytes >> 10, MAP_BYTES_MAX >> 10);
		kfree(m);
		return ERR_PTR(-E2BIG);
	}
	if (!wasmk_mem_charge(m->bytes)) {
		wasm_log_printf(log, "map %s: %llu KiB, more than is left of max_mem_mb=%u", name,
				m->bytes >> 10, wasmk_mem_limit_mb());
		kfree(m);
		return ERR_PTR(-ENOSPC);
	}
	m->charged = true;
	m->busy = alloc_percpu(int);
	if (!m->busy)
		goto nomem;
	if (hash_kind(m->kind)) {
		m->data = vzalloc((size_t)m->esize * m->max_entries);
		m->buckets = kvcalloc(m->nbuckets, sizeof(*m->buckets), GFP_KERNEL);
		if (!m->data || !m->buckets)
			goto nomem;
		for (i = 0; i < m->nbuckets; i++)
			raw_spin_lock_init(&m->buckets[i].lock);
		/* every element on the free list, in order */
		for (i = 0; i < m->max_entries; i++)
			elem(m, i)->next = i + 1 < m->max_entries ? i + 2 : 0;
		m->free_head = 1;
	} else {
		m->nstripes = min_t(u32, m->max_entries, ARRAY_STRIPES);
		m->stripes = kvcalloc(m->nstripes, sizeof(*m->stripes), GFP_KERNEL);
		if (!m->stripes)
			goto nomem;
		for (i = 0; i < m->nstripes; i++)
			raw_spin_lock_init(&m->stripes[i]);
		if (!percpu_kind(m->kind)) {
			m->data = vzalloc((size_t)m->vsize * m->max_entries);
			if (!m->data)
				goto nomem;
		}
	}
	if (percpu_kind(m->kind)) {
		m->cpu_data = kcalloc(nr_cpu_ids, sizeof(*m->cpu_data), GFP_KERNEL);
		if (!m->cpu_data)
			goto nomem;
		for_each_possible_cpu(cpu) {
			m->cpu_data[cpu] = vzalloc(per_cpu);
			if (!m->cpu_data[cpu])
				goto nomem;
		}
	}
	return m;
nomem:
	map_free(m);
	return ERR_PTR(-ENOMEM);
}

/* ---- names: a program's declared maps, shared ones, pins ------------- */

static bool named(const struct wasmk_map *m)
{
	return m->shared || m->pinned;
}

/* The shared or pinned map called name (map_lock held), or NULL. */
static struct wasmk_map *find_named_locked(const char *name)
{
	struct wasmk_map *m;
	int id;

	idr_for_each_entry(&map_idr, m, id)
		if (named(m) && !strncmp(m->name, name, WASMK_NAME_LEN))
			return m;
	return NULL;
}

static const char *const kind_names[] = {
	[WASMK_MAP_HASH] = "hash",
	[WASMK_MAP_ARRAY] = "array",
	[WASMK_MAP_PERCPU_HASH] = "percpu_hash",
	[WASMK_MAP_PERCPU_ARRAY] = "percpu_array",
	[WASMK_MAP_LRU_HASH] = "lru_hash",
};

/* Does declaration d (kind known) describe the existing map m? Else say why. */
static bool decl_agrees(const struct wasmk_map *m, const struct wasmk_map_def *d,
			const char *klayout, const char *vlayout, struct wasm_log *log)
{
	if (m->kind != d->kind || m->key_size != d->key_size ||
	    m->value_size != d->value_size || m->max_entries != d->max_entries) {
		wasm_log_printf(log,
				"map %s: declared %s, key %u, value %u, %u entries, but the shared map %s (id %u) is %s, key %u, value %u, %u entries",
				m->name, kind_names[d->kind], d->key_size, d->value_size,
				d->max_entries, m->name, m->id, kind_names[m->kind], m->key_size,
				m->value_size, m->max_entries);
		return false;
	}
	if (strcmp(m->key_layout, klayout) || strcmp(m->value_layout, vlayout)) {
		wasm_log_printf(log,
				"map %s: declared with layouts \"%s\" / \"%s\", but the shared map %s (id %u) has \"%s\" / \"%s\"",
				m->name, klayout, vlayout, m->name, m->id, m->key_layout,
				m->value_layout);
		return false;
	}
	return true;
}

/*
 * The map declaration d of name: for a shared one, the map of that name if
 * there is one and it agrees, else a new one (with its id, under map_lock
 * so two loads can't both make it); a program's own map otherwise.
 */
static struct wasmk_map *map_for_decl(const char *name, const struct wasmk_map_def *d,
				      const char *klayout, const char *vlayout,
				      struct wasm_log *log)
{
	struct wasmk_map *m;
	int id;

	if (d->kind < WASMK_MAP_HASH || d->kind > WASMK_MAP_LRU_HASH) {
		wasm_log_printf(log, "map %s: unknown kind %u", name, d->kind);
		return ERR_PTR(-EINVAL);
	}
	mutex_lock(&map_lock);
	if (d->flags & WASMK_MAP_F_SHARED) {
		m = find_named_locked(name);
		if (m) {
			if (!decl_agrees(m, d, klayout, vlayout, log)) {
				mutex_unlock(&map_lock);
				return ERR_PTR(-EINVAL);
			}
			kref_get(&m->ref);
			m->shared = true;	/* a pinned own map becomes shared */
			goto out;
		}
	}
	m = map_new(name, 0, d, log);
	if (IS_ERR(m))
		goto out;
	strscpy(m->key_layout, klayout, sizeof(m->key_layout));
	strscpy(m->value_layout, vlayout, sizeof(m->value_layout));
	m->shared = d->flags & WASMK_MAP_F_SHARED;
	id = idr_alloc_cyclic(&map_idr, m, 1, INT_MAX, GFP_KERNEL);
	if (id < 0) {
		mutex_unlock(&map_lock);
		map_free(m);
		return ERR_PTR(id);
	}
	m->id = id;
out:
	if (!IS_ERR(m))
		atomic_inc(&m->progs);
	mutex_unlock(&map_lock);
	return m;
}

/* A declaration's layout (addr 0: none) into out[WASMK_LAYOUT_LEN]. */
static int decl_layout(struct wasm_instance *inst, const char *name, const char *which,
		       u32 addr, char *out, struct wasm_log *log)
{
	out[0] = 0;
	if (!addr || !wasmk_guest_layout(inst, addr, out))
		return 0;
	wasm_log_printf(log,
			"map %s: its %s layout is not a NUL-terminated string of at most %u characters of [A-Za-z0-9_:,.-]",
			name, which, WASMK_LAYOUT_LEN - 1);
	return -EINVAL;
}

int wasmk_maps_create(struct wasmk_maps *maps, struct wasm_instance *inst,
		      struct wasm_log *log)
{
	const struct wasm_module *mod = inst->module;
	u32 ne = wasm_module_num_exports(mod), i, n = 0, plen = sizeof(MAP_PREFIX) - 1;
	char klayout[WASMK_LAYOUT_LEN], vlayout[WASMK_LAYOUT_LEN];
	struct wasmk_map_def d;
	int ret;

	memset(maps, 0, sizeof(*maps));
	for (i = 0; i < ne; i++) {
		const struct wasm_export *e = wasm_module_export(mod, i);

		n += e->name_len > plen && !memcmp(e->name, MAP_PREFIX, plen);
	}
	if (!n)
		return 0;
	maps->addr = kcalloc(n, sizeof(*maps->addr), GFP_KERNEL);
	maps->map = kcalloc(n, sizeof(*maps->map), GFP_KERNEL);
	if (!maps->addr || !maps->map) {
		ret = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < ne; i++) {
		const struct wasm_export *e = wasm_module_export(mod, i);
		char name[WASMK_NAME_LEN];
		struct wasm_extern ex;
		struct wasmk_map *m;
		u32 addr, at;

		if (e->name_len <= plen || memcmp(e->name, MAP_PREFIX, plen))
			continue;
		if (e->name_len - plen >= WASMK_NAME_LEN) {
			wasm_log_printf(log, "map name %.*s: longer than %u bytes", (int)e->name_len,
					e->name, WASMK_NAME_LEN - 1);
			ret = -EINVAL;
			goto fail;
		}
		memcpy(name, e->name + plen, e->name_len - plen);
		name[e->name_len - plen] = 0;
		if (wasm_instance_export(inst, e->name, e->name_len, &ex) ||
		    ex.kind != WASM_EXTERN_GLOBAL || ex.global->type != WASM_TYPE_I32 ||
		    ex.global->mut || !inst->memory ||
		    (u64)(u32)ex.global->value + sizeof(d) > inst->memory->size) {
			wasm_log_printf(log,
					"map %s: export %.*s must be an immutable i32 global pointing at a struct wasmk_map_def (%zu bytes) in memory",
					name, (int)e->name_len, e->name, sizeof(d));
			ret = -EINVAL;
			goto fail;
		}
		addr = (u32)ex.global->value;
		memcpy(&d, inst->memory->base + addr, sizeof(d));
		if ((d.flags & ~WASMK_MAP_F_SHARED) || d.reserved) {
			wasm_log_printf(log, "map %s: unknown flags 0x%x or reserved field not 0",
					name, d.flags & ~WASMK_MAP_F_SHARED);
			ret = -EINVAL;
			goto fail;
		}
		ret = decl_layout(inst, name, "key", d.key_layout, klayout, log);
		if (!ret)
			ret = decl_layout(inst, name, "value", d.value_layout, vlayout, log);
		if (ret)
			goto fail;
		m = map_for_decl(name, &d, klayout, vlayout, log);
		if (IS_ERR(m)) {
			ret = PTR_ERR(m);
			goto fail;
		}
		/* sorted by address, for wasmk_maps_find() */
		for (at = maps->n; at > 0 && maps->addr[at - 1] > addr; at--) {
			maps->addr[at] = maps->addr[at - 1];
			maps->map[at] = maps->map[at - 1];
		}
		maps->addr[at] = addr;
		maps->map[at] = m;
		maps->n++;
		if (at > 0 && maps->addr[at - 1] == addr) {
			wasm_log_printf(log, "map %s: declared at the same address as another", name);
			ret = -EINVAL;
			goto fail;
		}
	}
	return 0;
fail:
	wasmk_maps_destroy(maps);
	return ret;
}

/* The program has its id: it owns the maps it made and those whose maker left. */
void wasmk_maps_owner(struct wasmk_maps *maps, u32 prog_id)
{
	u32 i;

	maps->prog_id = prog_id;
	for (i = 0; i < maps->n; i++)
		cmpxchg(&maps->map[i]->prog_id, 0, prog_id);
}

/* Once no handler can run (the program is being freed, or failed to load). */
void wasmk_maps_destroy(struct wasmk_maps *maps)
{
	u32 i;

	for (i = 0; i < maps->n; i++) {
		struct wasmk_map *m = maps->map[i];

		if (maps->prog_id)
			cmpxchg(&m->prog_id, maps->prog_id, 0);
		atomic_dec(&m->progs);
		wasmk_map_put(m);
	}
	kfree(maps->addr);
	kfree(maps->map);
	memset(maps, 0, sizeof(*maps));
}

struct wasmk_map *wasmk_maps_find(const struct wasmk_maps *maps, u32 addr)
{
	u32 lo = 0, hi = maps ? maps->n : 0;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (maps->addr[mid] == addr)
			return maps->map[mid];
		if (maps->addr[mid] < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct wasmk_map *wasmk_map_get(u32 id)
{
	struct wasmk_map *m;

	mutex_lock(&map_lock);
	m = idr_find(&map_idr, id);
	if (m)
		kref_get(&m->ref);
	mutex_unlock(&map_lock);
	return m;
}

/*
 * The map called name (map_lock held): the shared or pinned one, else the
 * only one; ERR_PTR(-ENOENT), or -ENOTUNIQ when several programs' own maps
 * have that name.
 */
static struct wasmk_map *by_name_locked(const char *name)
{
	struct wasmk_map *m, *found = NULL;
	int id;

	m = find_named_locked(name);
	if (m)
		return m;
	idr_for_each_entry(&map_idr, m, id) {
		if (strncmp(m->name, name, WASMK_NAME_LEN))
			continue;
		if (found)
			return ERR_PTR(-ENOTUNIQ);
		found = m;
	}
	return found ? found : ERR_PTR(-ENOENT);
}

struct wasmk_map *wasmk_map_get_by_name(const char *name)
{
	struct wasmk_map *m;

	mutex_lock(&map_lock);
	m = by_name_locked(name);
	if (!IS_ERR(m))
		kref_get(&m->ref);
	mutex_unlock(&map_lock);
	return m;
}

int wasmk_map_ids(u32 *ids, u32 max)
{
	struct wasmk_map *m;
	int id, n = 0;

	mutex_lock(&map_lock);
	idr_for_each_entry(&map_idr, m, id) {
		if (n < max)
			ids[n] = id;
		n++;
	}
	mutex_unlock(&map_lock);
	return n;
}

/* rmmod: drop the pins (programs and fds are gone: they hold the module). */
void wasmk_map_exit(void)
{
	struct wasmk_map *m;
	int id;

	for (;;) {
		mutex_lock(&map_lock);
		m = NULL;
		idr_for_each_entry(&map_idr, m, id)
			if (m->pinned)
				break;
		if (!m || !m->pinned) {
			mutex_unlock(&map_lock);
			break;
		}
		m->pinned = false;
		mutex_unlock(&map_lock);
		wasmk_map_put(m);
	}
	WARN_ON(!idr_is_empty(&map_idr));
	idr_destroy(&map_idr);
}

/* ---- ioctls (see uapi/linux/wasmk.h) ---------------------------------- */

long wasmk_cmd_map_list(union wasmk_karg *karg)
{
	struct wasmk_map_list *a = &karg->map_list;
	u32 n, want = min_t(u32, a->count, 65536);
	u32 *ids = NULL;
	long ret = 0;

	if (a->reserved || (a->count && !a->ids))
		return -EINVAL;
	if (want) {
		ids = kvcalloc(want, sizeof(*ids), GFP_KERNEL);
		if (!ids)
			return -ENOMEM;
	}
	n = wasmk_map_ids(ids, want);
	if (want && copy_to_user(u64_to_user_ptr(a->ids), ids, min(n, want) * sizeof(*ids)))
		ret = -EFAULT;
	a->count = n;
	kvfree(ids);
	return ret;
}

long wasmk_cmd_map_info(union wasmk_karg *karg)
{
	struct wasmk_map_info *a = &karg->map_info;
	struct wasmk_map *m;

	if (a->reserved || a->reserved2 || a->reserved3)
		return -EINVAL;
	if (a->map_id)
		m = wasmk_map_get(a->map_id);
	else if (a->name[0] && strnlen(a->name, WASMK_NAME_LEN) < WASMK_NAME_LEN)
		m = wasmk_map_get_by_name(a->name);
	else
		return -EINVAL;
	if (IS_ERR_OR_NULL(m))
		return m ? PTR_ERR(m) : -ENOENT;
	a->map_id = m->id;
	memcpy(a->name, m->name, WASMK_NAME_LEN);
	a->prog_id = READ_ONCE(m->prog_id);
	a->kind = m->kind;
	a->key_size = m->key_size;
	a->value_size = m->value_size;
	a->max_entries = m->max_entries;
	a->entries = wasmk_map_entries(m);
	a->bytes = m->bytes;
	a->refused_full = atomic64_read(&m->refused_full);
	a->refused_busy = atomic64_read(&m->refused_busy);
	a->evicted = atomic64_read(&m->evicted);
	a->nr_cpus = percpu_kind(m->kind) ? num_possible_cpus() : 1;
	mutex_lock(&map_lock);
	a->map_flags = (m->shared ? WASMK_MAP_F_SHARED : 0) | (m->pinned ? WASMK_MAP_F_PINNED : 0);
	mutex_unlock(&map_lock);
	a->progs = atomic_read(&m->progs);
	a->fds = atomic_read(&m->fds);
	memcpy(a->key_layout, m->key_layout, sizeof(a->key_layout));
	memcpy(a->value_layout, m->value_layout, sizeof(a->value_layout));
	wasmk_map_put(m);
	return 0;
}

/* MAP_PIN, MAP_UNPIN: the map by id, or by name (map_lock held). */
static struct wasmk_map *pin_target_locked(struct wasmk_map_pin *a)
{
	struct wasmk_map *m;

	if (a->reserved)
		return ERR_PTR(-EINVAL);
	if (a->map_id) {
		m = idr_find(&map_idr, a->map_id);
		return m ? m : ERR_PTR(-ENOENT);
	}
	if (!a->name[0] || strnlen(a->name, WASMK_NAME_LEN) == WASMK_NAME_LEN)
		return ERR_PTR(-EINVAL);
	return by_name_locked(a->name);
}

long wasmk_cmd_map_pin(union wasmk_karg *karg)
{
	struct wasmk_map_pin *a = &karg->map_pin;
	struct wasmk_map *m, *other;
	long ret = 0;

	mutex_lock(&map_lock);
	m = pin_target_locked(a);
	if (IS_ERR(m)) {
		ret = PTR_ERR(m);
		goto out;
	}
	other = find_named_locked(m->name);
	if (m->pinned || (other && other != m)) {
		ret = -EEXIST;
		goto out;
	}
	kref_get(&m->ref);
	m->pinned = true;
	a->map_id = m->id;
out:
	mutex_unlock(&map_lock);
	return ret;
}

long wasmk_cmd_map_unpin(union wasmk_karg *karg)
{
	struct wasmk_map_pin *a = &karg->map_pin;
	struct wasmk_map *m;

	mutex_lock(&map_lock);
	m = pin_target_locked(a);
	if (IS_ERR(m) || !m->pinned) {
		mutex_unlock(&map_lock);
		return IS_ERR(m) ? PTR_ERR(m) : -ENOENT;
	}
	m->pinned = false;
	a->map_id = m->id;
	mutex_unlock(&map_lock);
	wasmk_map_put(m);		/* the pin's reference: may free it */
	return 0;
}

static int map_fd_release(struct inode *inode, struct file *f)
{
	struct wasmk_map *m = f->private_data;

	atomic_dec(&m->fds);
	wasmk_map_put(m);
	return 0;
}

static const struct file_operations map_fops = {
	.owner		= THIS_MODULE,
	.release	= map_fd_release,
	.llseek		= noop_llseek,
};

long wasmk_cmd_map_get_fd(union wasmk_karg *karg)
{
	struct wasmk_map_fd *a = &karg->map_fd;
	struct wasmk_map *m;
	int fd;

	if (a->reserved)
		return -EINVAL;
	m = wasmk_map_get(a->map_id);
	if (!m)
		return -ENOENT;
	atomic_inc(&m->fds);
	/* The fd keeps the reference (dropped in map_fd_release). */
	fd = anon_inode_getfd("wasmk-map", &map_fops, m, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		atomic_dec(&m->fds);
		wasmk_map_put(m);
	}
	return fd;
}

/*
 * The entry commands: key and value through kernel buffers (the operations
 * run with interrupts off).  A per-CPU value is one value per possible CPU.
 */
static long map_elem(union wasmk_karg *karg, unsigned int cmd)
{
	struct wasmk_map_elem *a = &karg->map_elem;
	u8 *key = NULL, *val = NULL, *next = NULL;
	size_t vbytes = 0;
	struct wasmk_map *m;
	int cpu, n;
	long ret;

	if (a->reserved || (cmd != WASMK_IOC_MAP_UPDATE && a->flags))
		return -EINVAL;
	m = wasmk_map_get(a->map_id);
	if (!m)
		return -ENOENT;
	vbytes = (size_t)m->value_size * (percpu_kind(m->kind) ? num_possible_cpus() : 1);
	ret = -ENOMEM;
	key = kmalloc(m->key_size, GFP_KERNEL);
	val = kvmalloc(vbytes, GFP_KERNEL);
	next = kmalloc(m->key_size, GFP_KERNEL);
	if (!key || !val || !next)
		goto out;
	ret = -EFAULT;
	if ((a->key || cmd != WASMK_IOC_MAP_NEXT_KEY) &&
	    copy_from_user(key, u64_to_user_ptr(a->key), m->key_size))
		goto out;
	switch (cmd) {
	case WASMK_IOC_MAP_LOOKUP:
		if (!percpu_kind(m->kind)) {
			ret = wasmk_map_lookup(m, key, val, -1);
		} else {
			n = 0;
			ret = 0;
			for_each_possible_cpu(cpu) {
				ret = wasmk_map_lookup(m, key, val + (size_t)(n++) * m->value_size,
						       cpu);
				if (ret)
					break;
			}
		}
		if (!ret && copy_to_user(u64_to_user_ptr(a->value), val, vbytes))
			ret = -EFAULT;
		break;
	case WASMK_IOC_MAP_UPDATE:
		if (copy_from_user(val, u64_to_user_ptr(a->value), vbytes))
			break;
		ret = wasmk_map_update(m, key, val, a->flags, percpu_kind(m->kind) ? -2 : -1);
		break;
	case WASMK_IOC_MAP_DELETE:
		ret = wasmk_map_delete(m, key);
		break;
	case WASMK_IOC_MAP_NEXT_KEY:
		ret = wasmk_map_next_key(m, a->key ? key : NULL, next);
		if (!ret && copy_to_user(u64_to_user_ptr(a->next_key), next, m->key_size))
			ret = -EFAULT;
		break;
	}
out:
	kfree(key);
	kvfree(val);
	kfree(next);
	wasmk_map_put(m);
	return ret;
}

long wasmk_cmd_map_lookup(union wasmk_karg *karg)
{
	return map_elem(karg, WASMK_IOC_MAP_LOOKUP);
}

long wasmk_cmd_map_update(union wasmk_karg *karg)
{
	return map_elem(karg, WASMK_IOC_MAP_UPDATE);
}

long wasmk_cmd_map_delete(union wasmk_karg *karg)
{
	return map_elem(karg, WASMK_IOC_MAP_DELETE);
}

long wasmk_cmd_map_next_key(union wasmk_karg *karg)
{
	return map_elem(karg, WASMK_IOC_MAP_NEXT_KEY);
}
