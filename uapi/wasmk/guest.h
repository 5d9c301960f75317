/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * wasmk guest ABI: what a handler compiled to wasm32 sees.
 *
 * Build a handler with
 *	clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry \
 *		-Wl,--export=handler -I uapi -o h.wasm h.c
 *
 * Host functions are imported from the module "wasmk"; a module importing
 * anything else is refused at load, naming the import.  A pointer passed to
 * a host function must lie in the handler's linear memory, or the handler
 * traps.
 *
 * Packet handlers (netfilter, XDP, tc): `int handler(int len)` (or `int
 * handler(void)`), called for each IPv4 or IPv6 packet with its length
 * from the network header (offset 0; XDP and tc reach the Ethernet header
 * before it at offsets -14..-1); return a verdict:
 *	verdict			netfilter	XDP		tc
 *	WASMK_VERDICT_DROP	NF_DROP		XDP_DROP	TC_ACT_SHOT
 *	WASMK_VERDICT_ACCEPT	NF_ACCEPT	XDP_PASS	TC_ACT_OK
 *	WASMK_VERDICT_TX	-		XDP_TX		-
 *	WASMK_VERDICT_REDIRECT	-		XDP_REDIRECT	TC_ACT_REDIRECT
 * (redirect: to the device wasmk_redirect() named in this run).  Any other
 * value, a "-" verdict or a trap gives the link's default (accept, or drop
 * when attached fail-closed).  Links count each verdict.
 *
 * Tracing handlers: `int handler(long long a0, ...)` taking any prefix of
 * the hook's arguments, all 64-bit; the result is ignored.  A tracepoint
 * gives its TP_PROTO arguments (raw_syscalls:sys_enter: nr, a0 .. a5;
 * sys_exit: nr, ret), a kprobe the function's first six register
 * arguments, a kretprobe its return value (the raw register).
 */
#ifndef WASMK_GUEST_H
#define WASMK_GUEST_H

#define WASMK_VERDICT_DROP	0
#define WASMK_VERDICT_ACCEPT	1
#define WASMK_VERDICT_TX	2
#define WASMK_VERDICT_REDIRECT	3
#define WASMK_EVENT_MAX		4096

/* pkt_store() flags */
#define WASMK_PKT_F_RECOMPUTE_CSUM	1	/* keep skb->csum (CHECKSUM_COMPLETE) right */
/* l4_csum_replace() flags (BPF_F_PSEUDO_HDR, BPF_F_MARK_MANGLED_0's values) */
#define WASMK_CSUM_SIZE_MASK	0xf		/* the changed field's size: 2 or 4 */
#define WASMK_CSUM_PSEUDO	0x10		/* the field is in the pseudo-header */
#define WASMK_CSUM_MANGLED_0	0x20		/* UDP: 0 means no checksum */
/* redirect() flags */
#define WASMK_REDIRECT_INGRESS	1		/* tc: into the device's receive path */

#ifdef __wasm__

#define WASMK_IMPORT(n) __attribute__((import_module("wasmk"), import_name(#n)))
#define WASMK_EXPORT(n) __attribute__((export_name(#n)))

/* Bytes of the packet from its network header on. */
WASMK_IMPORT(pkt_len) int wasmk_pkt_len(void);
/* The packet's L3 protocol: 0x0800 (IPv4) or 0x86dd (IPv6). */
WASMK_IMPORT(pkt_protocol) int wasmk_pkt_protocol(void);
/*
 * Copy up to len bytes at offset (from the network header; -14..-1: the
 * Ethernet header on XDP and tc) into dst; returns how many were copied.
 */
WASMK_IMPORT(pkt_load) int wasmk_pkt_load(int offset, void *dst, unsigned int len);
/*
 * Packet writes (netfilter, XDP, tc).  Each returns 0 or a negative errno:
 * -34 ERANGE (not all inside the packet), -1 EPERM (no packet here), -22
 * EINVAL (flags, size), -12 ENOMEM (the kernel could not make the packet
 * writable), -95 EOPNOTSUPP (not on this hook).  Offsets as pkt_load().
 *
 * Store len bytes from src at offset.  Fix the checksums the change
 * covers with the two functions below (or the packet is dropped where it
 * is checked); WASMK_PKT_F_RECOMPUTE_CSUM is for bytes no checksum field
 * covers on a packet the NIC summed (payload after a fix-up, say).
 */
WASMK_IMPORT(pkt_store) int wasmk_pkt_store(int offset, const void *src, unsigned int len,
					    unsigned int flags);
/*
 * Incremental checksum updates, as eBPF's bpf_l3_csum_replace() and
 * bpf_l4_csum_replace(): the 16-bit checksum at offset after a 2- or
 * 4-byte field it covers changed from `from` to `to`, both the field's
 * bytes as loaded (network order, as a 16- or 32-bit load gives them).
 * l3: an IPv4 header's checksum (offset 10), size 2 or 4.  l4: a TCP or
 * UDP checksum; flags: size | WASMK_CSUM_PSEUDO for an address (in the
 * pseudo-header) | WASMK_CSUM_MANGLED_0 for UDP.  Right for checksums
 * the NIC will finish (CHECKSUM_PARTIAL) and ones it checked
 * (CHECKSUM_COMPLETE).  XDP sees frames as on the wire; over veth from a
 * local sender the L4 checksum may be a partial one (turn tx checksum
 * offload off on the sender there).
 */
WASMK_IMPORT(l3_csum_replace) int wasmk_l3_csum_replace(int offset, unsigned int from,
							unsigned int to, unsigned int size);
WASMK_IMPORT(l4_csum_replace) int wasmk_l4_csum_replace(int offset, unsigned int from,
							unsigned int to, unsigned int flags);
/*
 * XDP: move the frame's start by delta bytes (negative: room for a header
 * to push, zeroed; positive: pop one) or its end (positive: grow, zeroed),
 * as bpf_xdp_adjust_head()/_tail(); offset 0 stays 14 bytes after the
 * frame's start.  -22 EINVAL past the headroom or tailroom or leaving
 * under 14 bytes; -95 EOPNOTSUPP on other hooks.
 */
WASMK_IMPORT(pkt_adjust_head) int wasmk_pkt_adjust_head(int delta);
WASMK_IMPORT(pkt_adjust_tail) int wasmk_pkt_adjust_tail(int delta);
/*
 * XDP and tc: where WASMK_VERDICT_REDIRECT sends the packet: out of the
 * device ifindex, or (tc, WASMK_REDIRECT_INGRESS) into its receive path.
 */
WASMK_IMPORT(redirect) int wasmk_redirect(unsigned int ifindex, unsigned int flags);
/* The device the packet is on (receiving; sending on tc egress, netfilter output). */
WASMK_IMPORT(pkt_ifindex) int wasmk_pkt_ifindex(void);
/* CLOCK_MONOTONIC, ns. */
WASMK_IMPORT(ktime_ns) long long wasmk_ktime_ns(void);
/* The CPU the handler runs on (each CPU has its own linear memory). */
WASMK_IMPORT(cpu_id) int wasmk_cpu_id(void);
/* A random 32-bit value. */
WASMK_IMPORT(random_u32) unsigned int wasmk_random_u32(void);
/* One line in the kernel log (rate-limited, at most 200 bytes). */
WASMK_IMPORT(log) void wasmk_log(const char *msg, unsigned int len);
/*
 * Append one record of len bytes (at most WASMK_EVENT_MAX) to the
 * program's event ring, read with `wasmk events`.  Returns 0, or -1 when
 * the record was dropped (ring full or busy, or len too big); drops are
 * counted.  Never blocks.
 */
WASMK_IMPORT(emit) int wasmk_emit(const void *data, unsigned int len);

/* The current task's tgid << 32 | pid (pid: its thread id). */
WASMK_IMPORT(pid_tgid) unsigned long long wasmk_pid_tgid(void);
/* The current task's gid << 32 | uid, in the initial user namespace. */
WASMK_IMPORT(uid_gid) unsigned long long wasmk_uid_gid(void);
/* The current task's name (NUL-terminated, cut to len - 1); its length. */
WASMK_IMPORT(comm) int wasmk_comm(char *dst, unsigned int len);
/*
 * Tracing hooks: copy a NUL-terminated string from the current task's user
 * memory at uaddr (a syscall's path argument, say) to dst, cut to len - 1
 * (at most 4095) bytes; returns its length, or -1 when it can't be read
 * without faulting (not mapped, not present yet, a kernel address) and
 * always on packet hooks.  User memory only: the kernel's is never read.
 */
WASMK_IMPORT(user_str) int wasmk_user_str(unsigned long long uaddr, char *dst,
					  unsigned int len);

/*
 * Tracing hooks: read len (at most 4096) bytes of kernel memory at kaddr,
 * or of the current task's user memory at uaddr, into dst, as eBPF's
 * bpf_probe_read_kernel()/_user() do.  0, or a negative errno with dst
 * zeroed: -14 EFAULT (not readable without faulting: never an oops), -1
 * EPERM (not a tracing hook), -7 E2BIG.  The _str variant copies a
 * NUL-terminated string cut to len - 1 bytes and returns its length.
 * The kernel reads and current_task() need a loader with CAP_PERFMON (or
 * CAP_SYS_ADMIN) and a kernel not locked down for confidentiality; such a
 * program attaches to tracing hooks only.
 */
WASMK_IMPORT(probe_read_kernel) int wasmk_probe_read_kernel(void *dst, unsigned long long kaddr,
							    unsigned int len);
WASMK_IMPORT(probe_read_kernel_str) int wasmk_probe_read_kernel_str(char *dst,
								    unsigned long long kaddr,
								    unsigned int len);
WASMK_IMPORT(probe_read_user) int wasmk_probe_read_user(void *dst, unsigned long long uaddr,
							unsigned int len);
/*
 * Tracepoint record links (`tracepoint CAT:NAME record`): copy up to len
 * bytes of the trace event's record (struct trace_event_raw_NAME, common
 * header first) from offset to dst; the bytes copied.  Read its fields
 * through WASMK_FIELD("trace_event_raw_NAME", "FIELD") and
 * wasmk_record_u64().
 */
WASMK_IMPORT(record_load) int wasmk_record_load(unsigned int offset, void *dst,
					     unsigned int len);
/* The traced task's struct task_struct address, to read through fields. */
WASMK_IMPORT(current_task) unsigned long long wasmk_current_task(void);

/*
 * Kernel structure fields, relocated at load (CO-RE for Wasm): a handler
 * names the fields it reads, and `wasmk prog load` resolves each one's
 * offset and size in the running kernel's BTF, so one .wasm reads the
 * right bytes on every kernel version and architecture:
 *	WASMK_FIELD(task_tgid, "task_struct", "tgid");
 *	WASMK_FIELD(sk_dport, "sock", "__sk_common.skc_dport");
 *	WASMK_FIELD_OPTIONAL(task_cgroups, "task_struct", "cgroups");
 *	...
 *	tgid = wasmk_field_u64(wasmk_current_task(), &task_tgid);
 * TYPE is a struct or union name; PATH its members, dot-separated (through
 * anonymous members, as C writes them), with [N] for an array element.  A
 * field the kernel lacks fails the load with its name, unless declared
 * optional: then its exists is 0 and reads of it return 0 / -ENOENT.
 * One declaration per field per module (the export is named after it).
 * The struct is an exported, writable global, so the compiler never folds
 * its zero initial value: the loader's values are what the code reads.
 */
struct wasmk_field {
	unsigned int offset, size, exists, reserved;	/* written at load */
};

#define WASMK_FIELD(var, type, path)						\
	__attribute__((visibility("default")))					\
	struct wasmk_field var __asm__("wasmk_field:" type ":" path)
#define WASMK_FIELD_OPTIONAL(var, type, path)					\
	__attribute__((visibility("default")))					\
	struct wasmk_field var __asm__("wasmk_field?:" type ":" path)

/* Copy field f of the object at kaddr (up to len bytes) to dst; as probe_read_kernel. */
static inline int wasmk_field_read(void *dst, unsigned int len, unsigned long long kaddr,
				   const struct wasmk_field *f)
{
	if (!f->exists)
		return -2;	/* ENOENT */
	return wasmk_probe_read_kernel(dst, kaddr + f->offset, f->size < len ? f->size : len);
}

/* An integer field (1..8 bytes) of a tracepoint record link's record, zero-extended. */
static inline unsigned long long wasmk_record_u64(const struct wasmk_field *f)
{
	unsigned long long v = 0;

	if (f->exists)
		wasmk_record_load(f->offset, &v, f->size < sizeof(v) ? f->size : sizeof(v));
	return v;
}

/* An integer field (1..8 bytes) of the object at kaddr, zero-extended; 0 if unreadable. */
static inline unsigned long long wasmk_field_u64(unsigned long long kaddr,
						 const struct wasmk_field *f)
{
	unsigned long long v = 0;

	if (wasmk_field_read(&v, sizeof(v), kaddr, f))
		return 0;
	return v;	/* little-endian: the low bytes are the field */
}

/*
 * Declare the layout of the records this handler emits, so `wasmk events`
 * decodes them without being told: comma-separated TYPE:NAME fields, packed
 * in order (u8 .. u64, i8 .. i64, be16, be32, ipv4, ipv6, mac, strN, hexN), at most 127
 * characters.  Exported through -Wl,--export-dynamic (wasmk-cc passes it).
 *	WASMK_EVENT_LAYOUT("u32:pid,str16:comm");
 */
#define WASMK_EVENT_LAYOUT(spec)					\
	__attribute__((visibility("default")))			\
	const char wasmk_event_layout[] = spec

/*
 * Maps: state shared by every CPU, between programs and with userspace
 * (`wasmk map ...`).  Declare one at file scope; the loader creates it:
 *	WASMK_MAP(hits, WASMK_MAP_HASH, unsigned int, unsigned long long, 1024);
 *	...
 *	wasmk_map_add(&hits, &port, 0, 1);
 * or with flags and layouts for `wasmk map dump` to decode entries by (the
 * `wasmk events` language; 0 for none):
 *	WASMK_MAP_DECL(flows, WASMK_MAP_LRU_HASH, struct flow, struct counts,
 *		       4096, WASMK_MAP_F_SHARED, "ipv4:saddr", "u64:packets,u64:bytes");
 * Kinds: hash, percpu_hash, lru_hash (any key), array, percpu_array (u32
 * index keys).  WASMK_MAP_F_SHARED: one map per name for every program
 * that declares it so (and for a pinned map of that name); declarations
 * must agree.  Each function returns 0 or a negative errno: -2 ENOENT (no such
 * key), -17 EEXIST, -7 E2BIG (full, or an index past an array's end),
 * -22 EINVAL, -16 EBUSY (the map is in use on this CPU: an NMI or a probe
 * inside another handler's operation).
 */
#define WASMK_MAP_HASH		1
#define WASMK_MAP_ARRAY		2
#define WASMK_MAP_PERCPU_HASH	3
#define WASMK_MAP_PERCPU_ARRAY	4
#define WASMK_MAP_LRU_HASH	5	/* full, it evicts the least recently used */
#define WASMK_MAP_ANY		0	/* map_update: create or replace */
#define WASMK_MAP_NOEXIST	1	/* create only */
#define WASMK_MAP_EXIST		2	/* replace only */
#define WASMK_MAP_F_SHARED	1	/* one map per name (see above) */

struct wasmk_map_def {
	unsigned int kind, key_size, value_size, max_entries, flags;
	const char *key_layout, *value_layout;
	unsigned int reserved;
};

/* (the symbol, exported, is wasmk_map_NAME: the loader finds it by that) */
#define WASMK_MAP_DECL(name, kind, key_t, value_t, max_entries, flags, key_layout,	\
		       value_layout)							\
	__attribute__((visibility("default")))						\
	const struct wasmk_map_def name __asm__("wasmk_map_" #name) = {			\
		(kind), sizeof(key_t), sizeof(value_t), (max_entries), (flags),		\
		(key_layout), (value_layout), 0 }
#define WASMK_MAP(name, kind, key_t, value_t, max_entries)				\
	WASMK_MAP_DECL(name, kind, key_t, value_t, max_entries, 0, 0, 0)

WASMK_IMPORT(map_lookup) int wasmk_map_lookup(const struct wasmk_map_def *map,
					      const void *key, void *value);
WASMK_IMPORT(map_update) int wasmk_map_update(const struct wasmk_map_def *map,
					      const void *key, const void *value,
					      unsigned int flags);
WASMK_IMPORT(map_delete) int wasmk_map_delete(const struct wasmk_map_def *map,
					      const void *key);
/* Add delta to the u64 at offset in key's value, creating it zeroed. */
WASMK_IMPORT(map_add) int wasmk_map_add(const struct wasmk_map_def *map, const void *key,
					unsigned int offset, long long delta);

/* log2 histograms: slot of v (0 for 0, 1 for 1, 2 for 2..3, ...), at most 63. */
static inline unsigned int wasmk_log2_slot(unsigned long long v)
{
	return v ? 64 - (unsigned int)__builtin_clzll(v) : 0;
}

#endif /* __wasm__ */
#endif /* WASMK_GUEST_H */
