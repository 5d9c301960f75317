// SPDX-License-Identifier: GPL-2.0
/*
 * The "wasmk" host module: the functions a handler may import (declared
 * for C in uapi/wasmk/guest.h).  They run in the hook's context (atomic):
 * no sleeping, no allocation.  Every guest pointer and length is checked
 * against the caller's linear memory before use; a bad one is the
 * handler's bug and traps (out of bounds memory access), like a load would.
 *
 * Fuel (engine: runtime.h, WORK): each function has a base cost, charged
 * by the engine before the call (HOST() below; measured in bench/README.md,
 * "Fuel per unit of work"), and those that copy bytes charge
 * wasm_fuel_bytes() of what they copy before copying it; out of fuel (or
 * past the run's deadline) they trap with nothing copied.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/cred.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/ratelimit.h>
#include <linux/skbuff.h>
#include <linux/smp.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "host.h"
#include "map.h"
#include "rt.h"

/* A tracing hook's run (or a test run of one): the task is the traced one. */
static bool tracing(struct wasm_instance *inst)
{
	struct wasmk_ctx *ctx = ctx_of(inst);

	return ctx && (ctx->hook == WASMK_HOOK_TRACEPOINT || ctx->hook == WASMK_HOOK_KPROBE ||
		       ctx->hook == WASMK_HOOK_KRETPROBE || ctx->hook == WASMK_HOOK_UPROBE ||
		       ctx->hook == WASMK_HOOK_URETPROBE || ctx->hook == WASMK_HOOK_TP_RECORD);
}

/*
 * i32 record_load(u32 offset, void *dst, u32 len): copy up to len bytes of
 * a tracepoint record link's record (struct trace_event_raw_NAME, from its
 * common header) from offset to dst; the bytes copied, 0 past its end or
 * outside such a link.
 */
static int h_record_load(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_ctx *ctx = ctx_of(inst);
	u32 off = (u32)s[0], len = (u32)s[2], n;
	u8 *dst = guest_range(inst, (u32)s[1], len);
	int trap;

	if (!dst)
		return WASM_TRAP_MEM_OOB;
	if (!ctx || !ctx->record || off >= ctx->record_len) {
		s[0] = 0;
		return 0;
	}
	n = min(len, ctx->record_len - off);
	trap = wasm_fuel_charge(inst, wasm_fuel_bytes(n));
	if (trap)
		return trap;
	memcpy(dst, ctx->record + off, n);
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

#define WASMK_USER_STR_MAX 4096
#define WASMK_READ_MAX 4096		/* bytes per probe_read_* call */

static DEFINE_RATELIMIT_STATE(log_rs, 5 * HZ, 10);

/* void log(const char *msg, u32 len): one kernel log line, rate-limited. */
static int h_log(struct wasm_instance *inst, void *data, u64 *s)
{
	u32 len = min_t(u32, (u32)s[1], 200);
	const u8 *msg = guest_range(inst, (u32)s[0], len);
	int trap;

	if (!msg)
		return WASM_TRAP_MEM_OOB;
	trap = wasm_fuel_charge(inst, wasm_fuel_bytes(len));
	if (trap)
		return trap;
	if (__ratelimit(&log_rs))
		pr_info("handler: %.*s\n", len, msg);
	return 0;
}

/*
 * i32 emit(const void *data, u32 len): append a record to the program's
 * event ring (events.c); 0, or -1 when it was dropped (ring full or busy,
 * len over WASMK_EVENT_MAX).  A bad pointer traps, even if it would drop.
 */
static int h_emit(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_cpu *c = inst ? inst->user : NULL;
	u32 len = (u32)s[1];
	const u8 *src = guest_range(inst, (u32)s[0], len);
	int trap;

	if (!src)
		return WASM_TRAP_MEM_OOB;
	trap = wasm_fuel_charge(inst, wasm_fuel_bytes(min_t(u32, len, WASMK_EVENT_MAX)));
	if (trap)
		return trap;
	s[0] = (u32)(c && c->events ? wasmk_events_emit(c->events, src, len) : -1);
	return 0;
}

/* i64 pid_tgid(void): the current task's tgid << 32 | pid (its thread id). */
static int h_pid_tgid(struct wasm_instance *inst, void *data, u64 *s)
{
	s[0] = (u64)current->tgid << 32 | (u32)current->pid;
	return 0;
}

/* i64 uid_gid(void): the current task's gid << 32 | uid, in the initial namespace. */
static int h_uid_gid(struct wasm_instance *inst, void *data, u64 *s)
{
	kuid_t uid;
	kgid_t gid;

	current_uid_gid(&uid, &gid);
	s[0] = (u64)from_kgid_munged(&init_user_ns, gid) << 32 |
	       from_kuid_munged(&init_user_ns, uid);
	return 0;
}

/*
 * i32 comm(char *dst, u32 len): the current task's name, NUL-terminated,
 * cut to len - 1 bytes; returns its length (without the NUL).
 */
static int h_comm(struct wasm_instance *inst, void *data, u64 *s)
{
	u32 len = (u32)s[1], n;
	u8 *dst = guest_range(inst, (u32)s[0], len);
	char buf[TASK_COMM_LEN];
	int trap;

	if (!dst)
		return WASM_TRAP_MEM_OOB;
	if (!len) {
		s[0] = 0;
		return 0;
	}
	/* As bpf_get_current_comm(): no task_lock, any context. */
	memcpy(buf, current->comm, sizeof(buf));
	buf[sizeof(buf) - 1] = 0;
	n = min_t(u32, strnlen(buf, sizeof(buf)), len - 1);
	trap = wasm_fuel_charge(inst, wasm_fuel_bytes(n));
	if (trap)
		return trap;
	memcpy(dst, buf, n);
	dst[n] = 0;
	s[0] = n;
	return 0;
}

/*
 * The NUL-terminated string at addr (the current task's user memory, or
 * the kernel's) into dst[len], len >= 1, in pieces that never cross a page,
 * so a string ending before an unreadable page reads; the _nofault copies
 * check the address is of the kind asked for and safe to touch from here
 * (NMI included).  Each piece is paid for before it is copied.  *n: the
 * length without the NUL, cut to len - 1 (a fault after some bytes cuts it
 * there), or -EFAULT when nothing is readable.  0, or a trap (fuel).
 */
static int copy_str(struct wasm_instance *inst, u8 *dst, u64 addr, u32 len, bool user, long *n)
{
	u32 off = 0, chunk;
	u8 *nul;
	int trap, bad;

	while (off < len) {
		chunk = min_t(u64, len - off, PAGE_SIZE - ((addr + off) & ~PAGE_MASK));
		chunk = min_t(u32, chunk, 256);
		trap = wasm_fuel_charge(inst, wasm_fuel_bytes(chunk));
		if (trap)
			return trap;
		if (user)
			bad = copy_from_user_nofault(dst + off, u64_to_user_ptr(addr + off), chunk);
		else
			bad = copy_from_kernel_nofault(dst + off, (const void *)(uintptr_t)(addr + off),
						       chunk);
		if (bad) {
			if (!off) {
				*n = -EFAULT;
				return 0;
			}
			break;
		}
		nul = memchr(dst + off, 0, chunk);
		if (nul) {
			*n = nul - dst;
			return 0;
		}
		off += chunk;
	}
	/* No NUL within len (or a fault after some bytes): cut it. */
	dst[off - 1] = 0;
	*n = off - 1;
	return 0;
}

/*
 * i32 user_str(u64 uaddr, char *dst, u32 len): copy a NUL-terminated
 * string from the current task's user memory (a syscall's path argument,
 * say) to dst, cut to min(len, WASMK_USER_STR_MAX) - 1 bytes and
 * NUL-terminated; returns its length without the NUL, or -1 when nothing
 * can be read without faulting (page not present, kernel address) or
 * outside a tracing hook (a packet hook runs in whatever task the packet
 * met).  Like bpf_probe_read_user_str(): user memory only, never the
 * kernel's.
 */
static int h_user_str(struct wasm_instance *inst, void *data, u64 *s)
{
	u64 uaddr = s[0];
	u32 len = (u32)s[2];
	u8 *dst = guest_range(inst, (u32)s[1], len);
	long n;
	int trap;

	if (!dst)
		return WASM_TRAP_MEM_OOB;
	s[0] = (u32)-1;
	if (!len)
		return 0;
	dst[0] = 0;
	if (!tracing(inst) || (current->flags & PF_KTHREAD) || !current->mm)
		return 0;
	len = min_t(u32, len, WASMK_USER_STR_MAX);
	trap = copy_str(inst, dst, uaddr, len, true, &n);
	if (!trap)
		s[0] = n < 0 ? (u32)-1 : (u32)n;
	return trap;
}

/*
 * Kernel and user memory reads for tracing handlers, as eBPF's
 * bpf_probe_read_kernel() and friends: i32 f(void *dst, u64 addr, u32 len).
 * Each returns 0 (the _str variant: the string's length without its NUL)
 * or a negative errno with dst zeroed: -EFAULT for an address that can't be
 * read without faulting (never an oops: the _nofault copies), -EPERM
 * outside a tracing hook, -E2BIG past WASMK_READ_MAX bytes.  Fuel: len
 * bytes, charged before (the _str variant: as each piece is read).  The
 * kernel ones exist only for programs whose loader had CAP_PERFMON (or
 * CAP_SYS_ADMIN) on a kernel not locked down for confidentiality
 * (prog.c), and run only on tracing hooks (link.c).
 */
static u8 *read_args(struct wasm_instance *inst, u64 *s, bool charge, int *trap)
{
	u32 len = (u32)s[2];
	u8 *dst = guest_range(inst, (u32)s[0], len);

	*trap = 0;
	if (!dst) {
		*trap = WASM_TRAP_MEM_OOB;
		return NULL;
	}
	if (len > WASMK_READ_MAX) {
		s[0] = (u32)-E2BIG;
		return NULL;
	}
	*trap = charge ? wasm_fuel_charge(inst, wasm_fuel_bytes(len)) : 0;
	if (*trap)
		return NULL;
	if (!tracing(inst)) {
		memset(dst, 0, len);
		s[0] = (u32)-EPERM;
		return NULL;
	}
	return dst;
}

/* probe_read_kernel, probe_read_user: len bytes at addr, or -EFAULT and zeroes. */
static int probe_read(struct wasm_instance *inst, u64 *s, bool user)
{
	u32 len = (u32)s[2];
	int trap, bad;
	u8 *dst = read_args(inst, s, true, &trap);

	if (!dst)
		return trap;
	if (user)
		bad = (current->flags & PF_KTHREAD) || !current->mm ||
		      copy_from_user_nofault(dst, u64_to_user_ptr(s[1]), len);
	else
		bad = copy_from_kernel_nofault(dst, (const void *)(uintptr_t)s[1], len);
	if (bad) {
		memset(dst, 0, len);
		s[0] = (u32)-EFAULT;
		return 0;
	}
	s[0] = 0;
	return 0;
}

static int h_probe_read_kernel(struct wasm_instance *inst, void *data, u64 *s)
{
	return probe_read(inst, s, false);
}

static int h_probe_read_user(struct wasm_instance *inst, void *data, u64 *s)
{
	return probe_read(inst, s, true);
}

static int h_probe_read_kernel_str(struct wasm_instance *inst, void *data, u64 *s)
{
	u32 len = (u32)s[2];
	int trap;
	u8 *dst = read_args(inst, s, false, &trap);	/* copy_str() pays as it goes */
	long n;

	if (!dst)
		return trap;
	if (!len) {
		s[0] = (u32)-EINVAL;
		return 0;
	}
	/* (strncpy_from_kernel_nofault() is not exported to modules) */
	trap = copy_str(inst, dst, s[1], len, false, &n);
	if (trap)
		return trap;
	if (n < 0)
		memset(dst, 0, len);
	s[0] = (u32)n;
	return 0;
}

/* i64 current_task(void): the traced task's address for probe_read_kernel, 0 outside tracing. */
static int h_current_task(struct wasm_instance *inst, void *data, u64 *s)
{
	s[0] = tracing(inst) ? (u64)(uintptr_t)current : 0;
	return 0;
}

/*
 * Maps (map.c).  map is the address of the map's declaration (its
 * wasmk_map_NAME export), key and value point at key_size and value_size
 * bytes; an address that declares no map is the handler's bug: a HOST
 * trap.  Results: 0 or -errno (ENOENT, EEXIST, E2BIG when full, EINVAL,
 * EBUSY when the map is in use on this CPU: the caller interrupted one).
 */
static struct wasmk_map *map_of(struct wasm_instance *inst, u64 addr)
{
	struct wasmk_cpu *c = inst ? inst->user : NULL;

	return c ? wasmk_maps_find(c->maps, (u32)addr) : NULL;
}

/* The map and its key (and value) in guest memory, paid for; or a trap. */
static int map_args(struct wasm_instance *inst, u64 *s, bool value, struct wasmk_map **m,
		    u8 **key, u8 **val)
{
	*m = map_of(inst, s[0]);
	if (!*m)
		return WASM_TRAP_HOST;
	*key = guest_range(inst, (u32)s[1], (*m)->key_size);
	*val = value ? guest_range(inst, (u32)s[2], (*m)->value_size) : NULL;
	if (!*key || (value && !*val))
		return WASM_TRAP_MEM_OOB;
	return wasm_fuel_charge(inst, wasm_fuel_bytes((*m)->key_size +
						      (value ? (*m)->value_size : 0)));
}

/* i32 map_lookup(map, const void *key, void *value) */
static int h_map_lookup(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_map *m;
	u8 *key, *val;
	int trap = map_args(inst, s, true, &m, &key, &val);

	if (trap)
		return trap;
	s[0] = (u32)wasmk_map_lookup(m, key, val, -1);
	return 0;
}

/* i32 map_update(map, const void *key, const void *value, u32 flags) */
static int h_map_update(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_map *m;
	u8 *key, *val;
	int trap = map_args(inst, s, true, &m, &key, &val);

	if (trap)
		return trap;
	s[0] = (u32)wasmk_map_update(m, key, val, (u32)s[3], -1);
	return 0;
}

/* i32 map_delete(map, const void *key) */
static int h_map_delete(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_map *m;
	u8 *key, *val;
	int trap = map_args(inst, s, false, &m, &key, &val);

	if (trap)
		return trap;
	s[0] = (u32)wasmk_map_delete(m, key);
	return 0;
}

/*
 * i32 map_add(map, const void *key, u32 offset, i64 delta): add delta to
 * the u64 at offset (8-aligned) in key's value, creating the entry zeroed
 * if it is missing; atomic, lock-free on arrays and the per-CPU kinds.
 */
static int h_map_add(struct wasm_instance *inst, void *data, u64 *s)
{
	struct wasmk_map *m;
	u8 *key, *val;
	int trap = map_args(inst, s, false, &m, &key, &val);

	if (trap)
		return trap;
	s[0] = (u32)wasmk_map_add(m, key, (u32)s[2], (s64)s[3]);
	return 0;
}

static const u8 t_i32[] = { WASM_TYPE_I32 };
static const u8 t_i64[] = { WASM_TYPE_I64 };
static const u8 t_i32x2[] = { WASM_TYPE_I32, WASM_TYPE_I32 };
static const u8 t_i32x3[] = { WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32 };
static const u8 t_i64_i32x2[] = { WASM_TYPE_I64, WASM_TYPE_I32, WASM_TYPE_I32 };
static const u8 t_i32x4[] = { WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32 };
static const u8 t_i32_i64_i32[] = { WASM_TYPE_I32, WASM_TYPE_I64, WASM_TYPE_I32 };
static const u8 t_i32x3_i64[] = { WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I64 };

/* n: name, p/np params, r/nr results, f: base cost in fuel units */
#define HOST(n, p, np, r, nr, f) {					\
	.module = "wasmk", .name = #n, .params = (p), .nparams = (np),	\
	.results = (r), .nresults = (nr), .fn = h_##n, .fuel = (f),	\
}

/*
 * The base costs keep every host call within 20x a plain loop's time per
 * unit of fuel, in the stock VM (where a clocksource read is a device
 * exit) and natively; bench/README.md has the measurements.
 */
const struct wasm_host_func wasmk_host_funcs[] = {
	HOST(pkt_len, NULL, 0, t_i32, 1, 0),
	HOST(pkt_load, t_i32x3, 3, t_i32, 1, 4),
	HOST(pkt_protocol, NULL, 0, t_i32, 1, 0),
	HOST(ktime_ns, NULL, 0, t_i64, 1, 8),
	HOST(cpu_id, NULL, 0, t_i32, 1, 0),
	HOST(random_u32, NULL, 0, t_i32, 1, 4),
	HOST(log, t_i32x2, 2, NULL, 0, 16),
	HOST(emit, t_i32x2, 2, t_i32, 1, 4),
	HOST(pid_tgid, NULL, 0, t_i64, 1, 0),
	HOST(uid_gid, NULL, 0, t_i64, 1, 1),
	HOST(comm, t_i32x2, 2, t_i32, 1, 4),
	HOST(user_str, t_i64_i32x2, 3, t_i32, 1, 256),
	HOST(map_lookup, t_i32x3, 3, t_i32, 1, 8),
	HOST(map_update, t_i32x4, 4, t_i32, 1, 8),
	HOST(map_delete, t_i32x2, 2, t_i32, 1, 8),
	HOST(map_add, t_i32x3_i64, 4, t_i32, 1, 8),
	HOST(probe_read_kernel, t_i32_i64_i32, 3, t_i32, 1, 8),
	HOST(probe_read_kernel_str, t_i32_i64_i32, 3, t_i32, 1, 8),
	HOST(probe_read_user, t_i32_i64_i32, 3, t_i32, 1, 8),
	HOST(current_task, NULL, 0, t_i64, 1, 0),
	HOST(record_load, t_i32x3, 3, t_i32, 1, 4),
	/* packets (pkt.c); a first write to a cloned skb copies its header */
	HOST(pkt_store, t_i32x4, 4, t_i32, 1, 8),
	HOST(l3_csum_replace, t_i32x4, 4, t_i32, 1, 8),
	HOST(l4_csum_replace, t_i32x4, 4, t_i32, 1, 8),
	HOST(pkt_adjust_head, t_i32, 1, t_i32, 1, 4),
	HOST(pkt_adjust_tail, t_i32, 1, t_i32, 1, 4),
	HOST(redirect, t_i32x2, 2, t_i32, 1, 0),
	HOST(pkt_ifindex, NULL, 0, t_i32, 1, 0),
};

const unsigned int wasmk_nr_host_funcs = ARRAY_SIZE(wasmk_host_funcs);
