/* SPDX-License-Identifier: GPL-2.0 */
/* Maps: state by key, shared across CPUs and with userspace (map.c). */
#ifndef WASMK_MAP_H
#define WASMK_MAP_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wasmk.h>

struct wasm_log;
struct wasm_instance;

struct wasmk_map_bucket {
	raw_spinlock_t lock;
	u32 head;			/* element index + 1, 0 = empty */
};

struct wasmk_map {
	struct kref ref;		/* programs, the pin, fds; put under map_lock */
	u32 id;
	u32 prog_id;			/* the program that made it, while it is loaded */
	char name[WASMK_NAME_LEN];
	bool shared;			/* declared WASMK_MAP_F_SHARED (under map_lock) */
	bool pinned;			/* the pin holds a reference (under map_lock) */
	atomic_t progs;			/* programs using it */
	atomic_t fds;			/* open MAP_GET_FD fds */
	char key_layout[WASMK_LAYOUT_LEN];	/* declared, or "" */
	char value_layout[WASMK_LAYOUT_LEN];
	u32 kind;			/* WASMK_MAP_* */
	u32 key_size, value_size, max_entries;
	u32 vsize;			/* value_size rounded up to 8 */
	u32 ksize;			/* key_size rounded up to 8 */
	u32 esize;			/* hash element: header, key, value */
	u64 bytes;			/* memory it holds, charged to max_mem_mb */
	bool charged;
	int __percpu *busy;		/* a map operation runs on this CPU */
	/* array, hash: values or elements; per-CPU kinds: one region per CPU */
	u8 *data;
	u8 **cpu_data;			/* percpu kinds: by CPU */
	/* array: one lock per stripe of entries; hash: buckets */
	raw_spinlock_t *stripes;
	u32 nstripes;
	struct wasmk_map_bucket *buckets;
	u32 nbuckets;
	raw_spinlock_t free_lock;	/* hash: the free list (inside a bucket lock) */
	u32 free_head;			/* element index + 1 */
	atomic_t count;			/* hash: entries */
	atomic64_t refused_full;	/* inserts a full map refused */
	atomic64_t refused_busy;	/* operations refused re-entering on a CPU */
	atomic64_t evicted;		/* lru_hash: entries evicted to make room */
	atomic_t clock;			/* lru_hash: use stamps */
	atomic_t lru_cursor;		/* lru_hash: where eviction looks next */
};

/* A program's maps, found by the address of their declaration. */
struct wasmk_maps {
	u32 prog_id;
	u32 n;
	u32 *addr;			/* ascending */
	struct wasmk_map **map;
};

/*
 * Declared maps of a module: exports wasmk_map_NAME (see uapi/wasmk/guest.h),
 * made or, shared by name, found.  wasmk_maps_owner() once the program has
 * its id; wasmk_maps_destroy() once no handler can run.
 */
int wasmk_maps_create(struct wasmk_maps *maps, struct wasm_instance *inst,
		      struct wasm_log *log);
void wasmk_maps_owner(struct wasmk_maps *maps, u32 prog_id);
void wasmk_maps_destroy(struct wasmk_maps *maps);
struct wasmk_map *wasmk_maps_find(const struct wasmk_maps *maps, u32 addr);

/* By id for the ioctls, with a reference (wasmk_map_put()). */
struct wasmk_map *wasmk_map_get(u32 id);
struct wasmk_map *wasmk_map_get_by_name(const char *name);
void wasmk_map_put(struct wasmk_map *m);
int wasmk_map_ids(u32 *ids, u32 max);	/* ascending; the total */

/*
 * Operations, any context (NMI included): 0 or -errno.  cpu is the
 * per-CPU kinds' CPU: -1 = this one.  Keys and values are the map's sizes.
 */
int wasmk_map_lookup(struct wasmk_map *m, const void *key, void *value, int cpu);
int wasmk_map_update(struct wasmk_map *m, const void *key, const void *value, u32 flags,
		     int cpu);
int wasmk_map_delete(struct wasmk_map *m, const void *key);
int wasmk_map_add(struct wasmk_map *m, const void *key, u32 off, s64 delta);
int wasmk_map_next_key(struct wasmk_map *m, const void *key, void *next);
u32 wasmk_map_entries(struct wasmk_map *m);

#endif
