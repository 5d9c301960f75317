/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * wasmk: WebAssembly handlers in the Linux kernel - userspace ABI.
 *
 * Userspace talks to wasmk.ko through ioctl(2) on /dev/wasmk.
 *
 * Privilege model
 * ---------------
 * /dev/wasmk is created mode 0644 (root:root): anyone may open it read-only.
 * Query commands (VERSION, PROG_INFO, PROG_LIST, and later LINK_LIST) work
 * for anyone who can open the device.  Commands that change state (load,
 * unload, attach, detach, memory writes, test runs), and those that read a
 * program's memory or look into it (MEM_READ, PROG_SYMBOL), check the
 * caller's capabilities at ioctl time, never at open time, so a passed
 * file descriptor grants nothing:
 *   - CAP_SYS_ADMIN allows everything;
 *   - otherwise CAP_BPF is required, plus CAP_NET_ADMIN to attach to a
 *     network hook, or CAP_PERFMON to attach to a tracepoint or kprobe.
 * A caller without them gets EPERM.
 *
 * Argument structs: the extensible-struct rule
 * ----------------------------------------------
 * Every command takes a pointer to a struct whose first two fields are
 *	__u32 size;	sizeof the struct as the caller knows it
 *	__u32 flags;	command flags; unknown bits are rejected
 * Structs only ever grow at the end.  The kernel:
 *   - rejects size < the command's first published size  -> EINVAL
 *   - rejects size > WASMK_IOC_MAX_SIZE                    -> E2BIG
 *   - accepts an older, smaller struct: missing fields read as zero;
 *   - accepts a newer, larger struct only if every byte it does not know
 *     is zero                                              -> else EINVAL
 *   - rejects unknown flag bits and non-zero reserved fields -> EINVAL
 *   - writes output fields back only within the caller's size.
 * This is the rule of union bpf_attr ("unused fields must be zero") with
 * an explicit size, as in perf_event_attr and clone3().
 *
 * Errors common to all commands, checked in this order:
 *   ENOTTY  unknown command number
 *   EFAULT  the argument pointer is not readable/writable
 *   EINVAL  size below the minimum, unknown flags, non-zero reserved or
 *           trailing bytes
 *   E2BIG   size above WASMK_IOC_MAX_SIZE
 *   EPERM   a state-changing command without the capabilities above
 */
#ifndef _UAPI_LINUX_WASMK_H
#define _UAPI_LINUX_WASMK_H

#include <linux/types.h>
#include <linux/const.h>
#include <linux/ioctl.h>

#define WASMK_DEVICE		"/dev/wasmk"
#define WASMK_ABI_VERSION	1

/* Largest argument struct the kernel will look at. */
#define WASMK_IOC_MAX_SIZE	4096

/* Every argument struct begins with this header. */
struct wasmk_ioc_hdr {
	__u32 size;
	__u32 flags;
};

/*
 * Command numbers.  The size encoded in the number is that of the header
 * only: the struct's own size field, not the number, carries its version.
 * 0xB7 is not claimed in Documentation/userspace-api/ioctl/ioctl-number.rst.
 */
#define WASMK_IOC_MAGIC		0xB7
#define WASMK_IOC(nr)		_IOWR(WASMK_IOC_MAGIC, (nr), struct wasmk_ioc_hdr)

#define WASMK_IOC_VERSION	WASMK_IOC(0x00)
#define WASMK_IOC_PROG_LOAD	WASMK_IOC(0x10)
#define WASMK_IOC_PROG_UNLOAD	WASMK_IOC(0x11)
#define WASMK_IOC_PROG_INFO	WASMK_IOC(0x12)
#define WASMK_IOC_PROG_LIST	WASMK_IOC(0x13)
#define WASMK_IOC_PROG_TEST_RUN	WASMK_IOC(0x14)
#define WASMK_IOC_MEM_READ	WASMK_IOC(0x15)
#define WASMK_IOC_MEM_WRITE	WASMK_IOC(0x16)
#define WASMK_IOC_EVENTS_OPEN	WASMK_IOC(0x17)
/* On an event fd (not /dev/wasmk): */
#define WASMK_IOC_EVENTS_STATS	WASMK_IOC(0x18)
#define WASMK_IOC_PROG_SYMBOL	WASMK_IOC(0x19)
#define WASMK_IOC_LINK_ATTACH	WASMK_IOC(0x20)
#define WASMK_IOC_LINK_DETACH	WASMK_IOC(0x21)
#define WASMK_IOC_LINK_LIST	WASMK_IOC(0x22)
#define WASMK_IOC_MAP_LIST	WASMK_IOC(0x30)
#define WASMK_IOC_MAP_INFO	WASMK_IOC(0x31)
#define WASMK_IOC_MAP_LOOKUP	WASMK_IOC(0x32)
#define WASMK_IOC_MAP_UPDATE	WASMK_IOC(0x33)
#define WASMK_IOC_MAP_DELETE	WASMK_IOC(0x34)
#define WASMK_IOC_MAP_NEXT_KEY	WASMK_IOC(0x35)
#define WASMK_IOC_MAP_PIN	WASMK_IOC(0x36)
#define WASMK_IOC_MAP_UNPIN	WASMK_IOC(0x37)
#define WASMK_IOC_MAP_GET_FD	WASMK_IOC(0x38)

/* Feature bits reported by WASMK_IOC_VERSION. */
#define WASMK_FEAT_VALIDATE	_BITULL(0)	/* Wasm 2.0 decoder/validator */
#define WASMK_FEAT_PROG		_BITULL(1)	/* PROG_LOAD/UNLOAD/INFO/LIST */
#define WASMK_FEAT_RUN		_BITULL(2)	/* programs run: PROG_TEST_RUN */
#define WASMK_FEAT_JIT		_BITULL(3)	/* x86-64 JIT (else interpreter) */
#define WASMK_FEAT_NETFILTER	_BITULL(4)	/* LINK_ATTACH to netfilter */
#define WASMK_FEAT_TRACEPOINT	_BITULL(5)	/* LINK_ATTACH to tracepoints */
#define WASMK_FEAT_KPROBE	_BITULL(6)	/* LINK_ATTACH to kprobes, kretprobes */
#define WASMK_FEAT_EVENTS	_BITULL(8)	/* emit() and EVENTS_OPEN */
#define WASMK_FEAT_XDP		_BITULL(9)	/* XDP and tc links: module BTF, kfuncs */
#define WASMK_FEAT_MAPS		_BITULL(10)	/* maps: MAP_* commands, map_* host functions */

/*
 * WASMK_IOC_VERSION: ABI version and features of the loaded wasmk.ko.
 * Needs no privilege.  flags: none defined (must be 0).
 */
struct wasmk_version {
	__u32 size;		/* in: sizeof(struct wasmk_version) */
	__u32 flags;		/* in: 0 */
	__u32 abi_version;	/* out: WASMK_ABI_VERSION of the module */
	__u32 reserved;		/* in: 0 */
	__u64 features;		/* out: WASMK_FEAT_* */
	char release[32];	/* out: module release string, NUL-terminated */
};

#define WASMK_VERSION_SIZE_VER0	56

/* Program names: 1..WASMK_NAME_LEN-1 bytes of [A-Za-z0-9_.-], NUL-padded. */
#define WASMK_NAME_LEN		32

/*
 * WASMK_IOC_PROG_LOAD: decode and validate a Wasm module and keep it as a
 * program.  Needs CAP_SYS_ADMIN or CAP_BPF.  The program lives until
 * PROG_UNLOAD or rmmod, not tied to the file descriptor.
 *
 * On rejection the call fails (EINVAL for a malformed or invalid module or
 * a bad argument, E2BIG for a module or a limit over a wasmk cap,
 * EOPNOTSUPP for a Wasm feature wasmk lacks, EEXIST when the name is
 * taken, ENOSPC when the program table or the memory budget (max_mem_mb)
 * is full, EFAULT for an unreadable module, log buffer or field table,
 * ENOENT for a required field the kernel lacks, EPERM for a module that
 * reads kernel memory without CAP_PERFMON or under lockdown) and,
 * when log_buf is given, the reason is written there: a NUL-terminated
 * line such as
 *	func 3 (parse_ipv4) @0x1a2: type mismatch: i32.add expects [i32 i32], got [i32 i64]
 * truncated to log_size; log_len reports the bytes written (without the
 * NUL) and WASMK_LOG_TRUNCATED in out_flags says it was cut.
 */
struct wasmk_prog_load {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u64 wasm;		/* in: pointer to the module's bytes */
	__u32 wasm_len;		/* in: their length */
	__u32 log_size;		/* in: size of log_buf, 0 for no log */
	__u64 log_buf;		/* in: pointer to a buffer for the reason */
	char name[WASMK_NAME_LEN];	/* in: program name, unique */
	__u32 prog_id;		/* out: the new program's id */
	__u32 log_len;		/* out: bytes written to log_buf, without NUL */
	__u32 out_flags;	/* out: WASMK_LOG_TRUNCATED */
	__u32 reserved;		/* in: 0 */
	/* VER1: run-time limits of the program; 0 = the default. */
	__u64 fuel;		/* in: fuel per run (see "Fuel" below) */
	__u32 mem_pages;	/* in: cap on linear memory, 64 KiB pages */
	__u32 stack_bytes;	/* in: stack per run (interpreter frames or JIT) */
	/*
	 * VER2: wall-clock time per run in microseconds, 0 = the module
	 * parameter run_time_us (default WASMK_RUN_TIME_DEFAULT_US); at most
	 * WASMK_RUN_TIME_MAX_US.  A run past it ends with
	 * WASMK_TRAP_DEADLINE.
	 */
	__u32 run_time_us;	/* in */
	__u32 reserved2;	/* in: 0 */
	/*
	 * VER3: the kernel structure fields the module declares (exports
	 * named "wasmk_field:TYPE:PATH", or "wasmk_field?:..." when optional:
	 * WASMK_FIELD() in wasmk/guest.h), resolved by the loader against the
	 * running kernel's BTF.  One struct wasmk_field_reloc per such export,
	 * all of them; PROG_LOAD writes each into the module's struct
	 * wasmk_field at the export's address, on every CPU, before any run.
	 */
	__u64 fields;		/* in: pointer to struct wasmk_field_reloc[nr_fields] */
	__u32 nr_fields;	/* in */
	__u32 reserved3;	/* in: 0 */
};

#define WASMK_PROG_LOAD_SIZE_VER0	80
#define WASMK_PROG_LOAD_SIZE_VER1	96
#define WASMK_PROG_LOAD_SIZE_VER2	104
#define WASMK_PROG_LOAD_SIZE_VER3	120

/*
 * A field's place in this kernel: offset and size in bytes within TYPE
 * (bitfields are not fields here), or flags without WASMK_FIELD_EXISTS
 * for an optional field the kernel lacks (then offset and size are 0).
 * At most WASMK_FIELDS_MAX per program; offset + size at most
 * WASMK_FIELD_END_MAX.
 */
struct wasmk_field_reloc {
	__u32 export_index;	/* the wasmk_field export, by its index in the export section */
	__u32 offset;
	__u32 size;
	__u32 flags;		/* WASMK_FIELD_EXISTS */
};

#define WASMK_FIELD_EXISTS	(1u << 0)
#define WASMK_FIELDS_MAX	1024
#define WASMK_FIELD_END_MAX	(1u << 20)

/*
 * Fuel.  A run's budget in units of work: one per Wasm instruction, plus
 * one per 4 bytes a bulk memory operation (memory.fill/copy/init) or a
 * host function (pkt_load, emit, log, comm, user_str, map_*) touches, two
 * per table entry (table.fill/copy/init/grow), one per declared local a
 * call zeroes, and each host function's own base cost (README, "Limits").
 * Every run also has a time budget (run_time_us): fuel bounds what a run
 * does, the time budget bounds how long the CPU is held whatever the
 * machine.  The units come from bench/README.md, "Fuel per unit of work".
 */
#define WASMK_FUEL_DEFAULT		1000000ULL
#define WASMK_FUEL_MAX			100000000ULL
#define WASMK_RUN_TIME_DEFAULT_US	10000	/* 10 ms */
#define WASMK_RUN_TIME_MAX_US		50000	/* 50 ms */
#define WASMK_MEM_PAGES_DEFAULT		16	/* 1 MiB */
#define WASMK_MEM_PAGES_MAX		1024	/* 64 MiB */
#define WASMK_STACK_DEFAULT		4096	/* handlers share a 16 KiB kernel stack */
#define WASMK_STACK_MAX			8192
#define WASMK_LOG_TRUNCATED		_BITUL(0)
/* Largest log the kernel writes; a bigger log_size is accepted. */
#define WASMK_LOG_MAX			65536

/*
 * WASMK_IOC_PROG_UNLOAD: free a program.  Needs CAP_SYS_ADMIN or CAP_BPF.
 * ENOENT: no such program; EBUSY: links still use it.
 */
struct wasmk_prog_unload {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 prog_id;		/* in */
	__u32 reserved;		/* in: 0 */
};

#define WASMK_PROG_UNLOAD_SIZE_VER0	16

/* Trap codes (as the engine's), reported by PROG_TEST_RUN and in stats. */
enum wasmk_trap {
	WASMK_TRAP_NONE = 0,
	WASMK_TRAP_UNREACHABLE = 1,
	WASMK_TRAP_MEM_OOB = 2,
	WASMK_TRAP_DIV_ZERO = 3,
	WASMK_TRAP_INT_OVERFLOW = 4,
	WASMK_TRAP_INVALID_CONV = 5,
	WASMK_TRAP_UNDEFINED_ELEM = 6,
	WASMK_TRAP_UNINIT_ELEM = 7,
	WASMK_TRAP_INDIRECT_TYPE = 8,
	WASMK_TRAP_TABLE_OOB = 9,
	WASMK_TRAP_STACK = 10,
	WASMK_TRAP_FUEL = 11,
	WASMK_TRAP_HOST = 12,
	WASMK_TRAP_DEADLINE = 13,	/* the run's time budget ran out */
	WASMK_TRAP_MAX = 16,	/* room in the stats arrays */
};

/*
 * WASMK_IOC_PROG_INFO: describe one program, found by id, or by name when
 * prog_id is 0 and name is set.  Needs no privilege.  ENOENT: no such
 * program; EINVAL: neither an id nor a name.
 */
/* Event record layouts: "TYPE:NAME,..." as `wasmk events ... layout` takes. */
#define WASMK_LAYOUT_LEN	128

struct wasmk_prog_info {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 prog_id;		/* in/out */
	__u32 reserved;		/* in: 0 */
	char name[WASMK_NAME_LEN];	/* in/out */
	__u32 wasm_len;		/* out: bytes of the module */
	__u32 nr_funcs;		/* out: functions (imported + defined) */
	__u32 nr_imports;	/* out */
	__u32 nr_exports;	/* out */
	__u32 mem_pages;	/* out: initial linear memory pages */
	__u32 load_uid;		/* out: uid of the loader */
	__u64 load_time_ns;	/* out: CLOCK_BOOTTIME at load */
	/* VER1 */
	__u32 tier;		/* out: WASMK_TIER_* that runs the program */
	__u32 nr_links;		/* out: links using it */
	__u64 runs;		/* out: invocations, all CPUs */
	__u64 run_ns;		/* out: total time in them */
	__u64 fuel_used;	/* out: total fuel */
	__u64 traps;		/* out: invocations that trapped */
	__u64 missed;		/* out: not run (re-entry, no FPU) */
	__u64 fuel;		/* out: fuel per run */
	__u32 mem_pages_max;	/* out: memory cap, pages */
	__u32 stack_bytes;	/* out: stack per run */
	/* VER2 */
	__u32 code_bytes;	/* out: JIT machine code per CPU (0: interpreter) */
	__u32 reserved2;	/* in: 0 */
	__u64 traps_by_kind[WASMK_TRAP_MAX];	/* out: by enum wasmk_trap */
	/*
	 * VER3.  out: the event record layout the program declares (an
	 * exported i32 global wasmk_event_layout pointing at a NUL-terminated
	 * string, see wasmk/guest.h), or "".
	 */
	char event_layout[WASMK_LAYOUT_LEN];
	/*
	 * VER4.  out: the runs run_ns covers.  Timing a run costs two clock
	 * reads; the module parameter run_stats (default on) turns it off:
	 * runs and the rest still count.  Mean run time: run_ns / timed_runs.
	 */
	__u64 timed_runs;
	/* VER5 */
	__u32 run_time_us;	/* out: time budget per run */
	__u32 reserved3;	/* in: 0 */
};

#define WASMK_PROG_INFO_SIZE_VER0	80
#define WASMK_PROG_INFO_SIZE_VER1	144
#define WASMK_PROG_INFO_SIZE_VER2	280
#define WASMK_PROG_INFO_SIZE_VER3	408
#define WASMK_PROG_INFO_SIZE_VER4	416
#define WASMK_PROG_INFO_SIZE_VER5	424
#define WASMK_TIER_INTERP		1
#define WASMK_TIER_JIT			2

/*
 * WASMK_IOC_PROG_LIST: the ids of all programs, ascending.  ids points to
 * an array of count __u32; the kernel fills up to count entries and sets
 * count to the total number of programs (so a short array can be retried
 * with a bigger one).  Needs no privilege.
 */
struct wasmk_prog_list {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u64 ids;		/* in: pointer to __u32[count] */
	__u32 count;		/* in: entries in ids; out: number of programs */
	__u32 reserved;		/* in: 0 */
};

#define WASMK_PROG_LIST_SIZE_VER0	24


/*
 * WASMK_IOC_PROG_TEST_RUN: run a program's entry in the kernel on a
 * user-supplied context, repeat times, as a hook would (one CPU's
 * instance, the program's fuel and stack limits).  Needs CAP_SYS_ADMIN or
 * CAP_BPF.  For WASMK_HOOK_NETFILTER the context is packet bytes starting
 * at the network header (ctx_in, ctx_len); for WASMK_HOOK_TP_RECORD the
 * trace event record record_load() reads.  For the tracing hooks
 * (tracepoint, kprobe, kretprobe) it is the hook's arguments as __u64
 * values (for raw_syscalls:sys_enter: nr, a0..a5), at most 12; the entry
 * takes a prefix of them as i64.  Returns the last run's result, trap
 * code and fuel used, and the mean time per run.  ENOENT: no such program
 * or exported function; EINVAL: the entry's type does not fit the hook,
 * an unknown hook, a context of the wrong length for it; E2BIG: ctx_len or
 * repeat over their caps; EFAULT: ctx_in unreadable.  Each run is bounded by
 * the program's fuel and time budget; between runs the call reschedules
 * when needed and stops with EINTR on a pending signal (the runs done
 * count in the program's statistics).
 */
struct wasmk_prog_test_run {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 prog_id;		/* in */
	__u32 hook;		/* in: WASMK_HOOK_* whose context to build */
	char entry[WASMK_NAME_LEN];	/* in: exported function, "" = "handler" */
	__u64 ctx_in;		/* in: pointer to the context bytes */
	__u32 ctx_len;		/* in: their length (at most 65535) */
	__u32 repeat;		/* in: runs, 0 = 1 (at most 1000000) */
	__s64 result;		/* out: the entry's i32 result, sign-extended */
	__u32 trap;		/* out: enum wasmk_trap of the last run */
	__u32 reserved;		/* in: 0 */
	__u64 fuel_used;	/* out: fuel of the last run */
	__u64 duration_ns;	/* out: mean wall time per run */
};

#define WASMK_PROG_TEST_RUN_SIZE_VER0	96

/*
 * WASMK_IOC_MEM_READ / WASMK_IOC_MEM_WRITE: a program's linear memory, as
 * seen by one CPU's instance (each CPU has its own).  This is how
 * userspace reads counters and pushes configuration.  Both need
 * CAP_SYS_ADMIN or CAP_BPF.  [offset, offset + len) must lie within the
 * memory's current size (EINVAL otherwise; ENODATA if the program has no
 * memory; ENOENT if there is no such program; EFAULT if buf is not
 * accessible).  Handlers may run meanwhile: a value they write concurrently
 * may be read torn, as with any lockless shared memory.
 */
struct wasmk_mem {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 prog_id;		/* in */
	__u32 cpu;		/* in: a possible CPU; MEM_WRITE also WASMK_MEM_ALL_CPUS */
	__u64 offset;		/* in: address in linear memory */
	__u64 buf;		/* in: user buffer */
	__u32 len;		/* in: bytes, at most WASMK_MEM_IO_MAX */
	__u32 reserved;		/* in: 0 */
};

#define WASMK_MEM_SIZE_VER0	40
#define WASMK_MEM_ALL_CPUS	0xffffffffu
#define WASMK_MEM_IO_MAX	(1u << 20)

/*
 * WASMK_IOC_PROG_SYMBOL: one export of a program, by name, so that
 * userspace can address a variable in linear memory by its symbol instead
 * of a raw offset (`wasmk mem read PROG SYMBOL[+OFF] LEN`).  C compiled
 * with clang --target=wasm32 exports a variable declared
 * __attribute__((visibility("default"))) (with -Wl,--export-dynamic, as
 * wasmk-cc links) as an immutable i32 global whose value is the variable's
 * address.  Resolved on the instance of the program's first possible CPU
 * (every CPU's instance has the same exports and immutable globals).
 * Needs CAP_SYS_ADMIN or CAP_BPF, as MEM_READ.
 *
 * In: prog_id and name, the export's name: 1 to WASMK_SYMBOL_LEN - 1
 * bytes, NUL-terminated within the array (bytes after the NUL are
 * ignored).  Out: kind, the export's WASMK_SYMBOL_*; for a global,
 * WASMK_SYMBOL_MUTABLE in out_flags when it is mutable; for an immutable
 * i32 global, WASMK_SYMBOL_ADDR in out_flags and its value (zero-extended)
 * in value: the address of the data it names; value is 0 for any other
 * export.  mem_size is the current size of that instance's linear memory
 * in bytes (0 if it has none), for checking [value + offset, + len)
 * before MEM_READ/MEM_WRITE (which check it again on each CPU).
 *
 * ENOENT: no such program, or it exports nothing of that name; EINVAL: a
 * non-zero reserved field, an empty name or one without a NUL in
 * WASMK_SYMBOL_LEN bytes.
 */
#define WASMK_SYMBOL_LEN	128	/* export name, with its NUL */

enum wasmk_symbol_kind {
	WASMK_SYMBOL_FUNC = 1,
	WASMK_SYMBOL_TABLE = 2,
	WASMK_SYMBOL_MEMORY = 3,
	WASMK_SYMBOL_GLOBAL = 4,
};

/* PROG_SYMBOL out_flags. */
#define WASMK_SYMBOL_ADDR	_BITUL(0)	/* an immutable i32 global: value is an address */
#define WASMK_SYMBOL_MUTABLE	_BITUL(1)	/* a mutable global */

struct wasmk_prog_symbol {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 prog_id;		/* in */
	__u32 reserved;		/* in: 0 */
	char name[WASMK_SYMBOL_LEN];	/* in: export name, NUL-terminated */
	__u32 kind;		/* out: enum wasmk_symbol_kind */
	__u32 out_flags;	/* out: WASMK_SYMBOL_ADDR, WASMK_SYMBOL_MUTABLE */
	__u64 value;		/* out: with WASMK_SYMBOL_ADDR, the address */
	__u64 mem_size;		/* out: bytes of linear memory now */
};

#define WASMK_PROG_SYMBOL_SIZE_VER0	168

/*
 * Events: a handler appends records to its program's event ring with the
 * host function emit(data, len); userspace reads them from an event fd.
 * The ring (module parameter event_ring_size, default 256 KiB) is
 * allocated at PROG_LOAD for programs that import wasmk.emit.  A record
 * is written whole or not at all; when the ring is full (or the emit
 * interrupted another emit on the same CPU) emit() drops it, counts the
 * drop and returns -1.
 *
 * WASMK_IOC_EVENTS_OPEN: returns (as the ioctl's value) a new read-only,
 * close-on-exec fd on the program's ring.  Needs CAP_SYS_ADMIN or
 * CAP_BPF.  ENOENT: no such program; ENODATA: it does not import emit;
 * EBUSY: the ring already has a reader (one reader at a time).
 * read() on the fd returns whole records, as many as fit in the buffer
 * (EINVAL if not even the first fits: use WASMK_EVENT_MAX + header
 * bytes), blocking until one arrives unless O_NONBLOCK (EAGAIN); poll()
 * reports POLLIN when records are waiting.  The fd holds a reference on
 * the program: after PROG_UNLOAD, the reader drains what is left and
 * then read() returns 0 (end of file).
 */
struct wasmk_events_open {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 prog_id;		/* in */
	__u32 reserved;		/* in: 0 */
};

#define WASMK_EVENTS_OPEN_SIZE_VER0	16

/* One record as read() returns it: this header, len bytes, padding to 8. */
struct wasmk_event {
	__u32 len;		/* payload bytes (after this header) */
	__u32 cpu;		/* CPU the handler ran on */
	__u64 time_ns;		/* CLOCK_MONOTONIC when emitted */
	/* __u8 data[len]; then zero padding to a multiple of 8 bytes */
};

#define WASMK_EVENT_MAX		4096	/* largest payload emit() accepts */
#define WASMK_EVENT_ALIGN	8

/* WASMK_IOC_EVENTS_STATS (on the event fd): the ring's counters. */
struct wasmk_events_stats {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u64 emitted;		/* out: records written to the ring */
	__u64 dropped;		/* out: emit() calls that returned -1 */
	__u32 ring_size;	/* out: bytes */
	__u32 pending;		/* out: bytes waiting to be read */
};

#define WASMK_EVENTS_STATS_SIZE_VER0	32

/* Hook kinds. */
enum wasmk_hook {
	WASMK_HOOK_NETFILTER = 1,
	WASMK_HOOK_TRACEPOINT = 2,
	WASMK_HOOK_KPROBE = 3,
	WASMK_HOOK_KRETPROBE = 4,
	WASMK_HOOK_XDP = 5,		/* run by the CLI's eBPF shim (a kfunc) */
	WASMK_HOOK_TC = 6,		/* likewise, on tc ingress or egress */
	WASMK_HOOK_UPROBE = 7,		/* an instruction of a file's code, in every process */
	WASMK_HOOK_URETPROBE = 8,	/* the return of a function there */
	WASMK_HOOK_TP_RECORD = 9,	/* a tracepoint's trace event record (VER4) */
};

/* Tracing links (VER1 of LINK_ATTACH). */
#define WASMK_TARGET_LEN	64	/* tracepoint or symbol name, with NUL */
#define WASMK_TRACE_MAX_ARGS	12	/* tracepoint arguments (as BPF's) */
#define WASMK_KPROBE_MAX_ARGS	6	/* kprobe: register arguments */

/*
 * Verdicts a packet handler returns (drop and accept: netfilter's own
 * values).  Each hook takes the ones it has: netfilter drop and accept;
 * XDP also tx (out of the device it came in on) and redirect; tc also
 * redirect.  redirect needs a target named by the redirect() host function
 * in the same run.  Any other value gives the link's default verdict.
 */
#define WASMK_VERDICT_DROP	0
#define WASMK_VERDICT_ACCEPT	1
#define WASMK_VERDICT_TX	2
#define WASMK_VERDICT_REDIRECT	3

/* LINK_ATTACH flags. */
#define WASMK_LINK_FAIL_CLOSED	_BITUL(0)	/* a trap drops; default: accept */

/*
 * WASMK_IOC_LINK_ATTACH: attach a program's entry to a hook.  Needs
 * CAP_SYS_ADMIN, or CAP_BPF and CAP_NET_ADMIN for netfilter, CAP_BPF
 * and CAP_PERFMON for tracepoints, kprobes, kretprobes, uprobes and
 * uretprobes.
 *
 * netfilter: nf_family NFPROTO_IPV4 (2) or NFPROTO_IPV6 (10), nf_hooknum
 * NF_INET_PRE_ROUTING (0) .. NF_INET_POST_ROUTING (4), nf_priority as in
 * nf_hook_ops.  The hook is registered in every network namespace,
 * present and future.  The entry must be (i32 len) -> i32 or () -> i32:
 * it gets the packet's length from the network header and returns
 * WASMK_VERDICT_DROP or _ACCEPT; any other value, or a trap, gives the
 * link's default verdict (accept, or drop with WASMK_LINK_FAIL_CLOSED).
 *
 * Tracing hooks (VER1 fields; flags must be 0).  Every entry is
 * (i64 ...) -> i32 taking any prefix of the arguments the hook gives; the
 * result is ignored (runs and traps are counted).
 *   tracepoint: target "category:name" or "name" (ENOENT if the kernel
 *	has none).  raw_syscalls sys_enter gives (nr, a0 .. a5), sys_exit
 *	(nr, ret).  Any other tracepoint gives its TP_PROTO arguments after
 *	the data pointer: nargs (1..12) and each one's arg_size/arg_signed,
 *	read from the btf_trace_<name> typedef in the kernel's BTF, say how
 *	to call and widen them (the kernel can't know TP_PROTO by name).
 *   kprobe: target a function symbol, target_offset into it (ENOENT if
 *	not found or not probe-able); gives the first six register
 *	arguments (a0 .. a5) - meaningful at offset 0.
 *   kretprobe: target a function symbol (offset 0); gives (ret), the raw
 *	return register (narrow it to the function's return type).
 *   uprobe, uretprobe: the file path (VER3) and target_offset, the
 *	instruction's offset in it; give what kprobes give.  EOPNOTSUPP on a
 *	kernel without uprobes.
 *   tracepoint record: tp_event_id (VER4); the handler reads the event's
 *	record (see the struct).
 * A program that reads kernel memory attaches to tracing hooks only
 * (EINVAL).  Errors are explained in log_buf like PROG_LOAD's.
 */
struct wasmk_link_attach {
	__u32 size;
	__u32 flags;		/* in: WASMK_LINK_* */
	__u32 prog_id;		/* in */
	__u32 hook;		/* in: WASMK_HOOK_* */
	char entry[WASMK_NAME_LEN];	/* in: exported function, "" = "handler" */
	__u32 nf_family;	/* in: netfilter */
	__u32 nf_hooknum;	/* in: netfilter */
	__s32 nf_priority;	/* in: netfilter */
	__u32 log_size;		/* in: size of log_buf */
	__u64 log_buf;		/* in: buffer for the reason of a refusal */
	__u32 link_id;		/* out */
	__u32 reserved;		/* in: 0 */
	/* VER1: tracepoint, kprobe, kretprobe */
	char target[WASMK_TARGET_LEN];	/* in: tracepoint or symbol name */
	__u64 target_offset;	/* in: kprobe: offset into the symbol */
	__u32 nargs;		/* in: tracepoint: TP_PROTO arguments (after data) */
	__u8 arg_size[WASMK_TRACE_MAX_ARGS];	/* in: each one's size: 1, 2, 4, 8 */
	__u8 arg_signed[WASMK_TRACE_MAX_ARGS];	/* in: 1 = sign-extend it */
	__u32 reserved1;	/* in: 0 */
	/* VER2: xdp, tc */
	__u32 ifindex;		/* in: the device */
	__u32 attach_mode;	/* in: WASMK_XDP_* or WASMK_TC_* */
	/*
	 * VER3: uprobe, uretprobe: the file (a pointer to its NUL-terminated
	 * path, at most PATH_MAX bytes; a regular file) and in target_offset
	 * the probed instruction's offset in it (the CLI resolves SYMBOL from
	 * the ELF); target is only a label for listing (the CLI gives
	 * FILE:SYMBOL).  The handler gets the first six register arguments
	 * (uprobe) or the return register (uretprobe), as kprobes do.
	 * ENOENT: no such file; EINVAL: not a regular file, an offset past
	 * its end or not probe-able, a path longer than PATH_MAX; EFAULT;
	 * EOPNOTSUPP: a kernel without CONFIG_UPROBES.
	 */
	__u64 path;		/* in: pointer to the file's path */
	/*
	 * VER4: tracepoint record: the trace event's id (tracefs:
	 * events/CATEGORY/NAME/id); target is its name for listing.  The
	 * handler, (i32 len) -> i32 or () -> i32 (result ignored), reads the
	 * record the event's TP_fast_assign built (struct trace_event_raw_NAME,
	 * its common header first) with record_load().  Runs through perf:
	 * CPUs onlined after the attach don't run it, and hits over
	 * kernel.perf_event_max_sample_rate per CPU are throttled.
	 * EOPNOTSUPP without CONFIG_PERF_EVENTS.
	 */
	__u32 tp_event_id;	/* in */
	__u32 reserved2;	/* in: 0 */
};

#define WASMK_LINK_ATTACH_SIZE_VER0	80
#define WASMK_LINK_ATTACH_SIZE_VER1	184
#define WASMK_LINK_ATTACH_SIZE_VER2	192
#define WASMK_LINK_ATTACH_SIZE_VER3	200
#define WASMK_LINK_ATTACH_SIZE_VER4	208

/*
 * XDP and tc links.  The kernel side of such a link only records it and
 * runs the handler when an eBPF program calls the kfunc
 *	__u64 wasmk_xdp_run(struct xdp_md *ctx, __u32 link_id)	(XDP)
 *	__u64 wasmk_tc_run(struct __sk_buff *ctx, __u32 link_id)	(tc)
 * with the link's id; the kfunc's low 16 bits are the action to return:
 * XDP_PASS, XDP_DROP, XDP_TX, TC_ACT_OK or TC_ACT_SHOT (PASS/OK for a link
 * id it does not know), or XDP_REDIRECT / TC_ACT_REDIRECT, for which the
 * program returns bpf_redirect(r >> 32, r & WASMK_SHIM_F_INGRESS ?
 * BPF_F_INGRESS : 0) instead: the high 32 bits are the target ifindex.
 * The wasmk CLI loads and attaches that eBPF program (its shim)
 * and detaches it before LINK_DETACH; ifindex and attach_mode are recorded
 * for listing and detaching.  The handler sees the packet from its network
 * header on, as on netfilter (IPv4 and IPv6 only: other frames pass
 * without running it; XDP: the linear part of the frame).
 */
#define WASMK_SHIM_F_INGRESS	(1U << 16)	/* tc redirect: into the device */
#define WASMK_XDP_NATIVE	1
#define WASMK_XDP_GENERIC	2
#define WASMK_TC_INGRESS	1
#define WASMK_TC_EGRESS		2

/*
 * WASMK_IOC_LINK_DETACH: detach; waits until no CPU runs the handler.
 * Needs CAP_SYS_ADMIN or CAP_BPF.  ENOENT: no such link.
 */
struct wasmk_link_detach {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 link_id;		/* in */
	__u32 reserved;		/* in: 0 */
};

#define WASMK_LINK_DETACH_SIZE_VER0	16

/* One link, as WASMK_IOC_LINK_LIST reports it. */
struct wasmk_link_info {
	__u32 link_id;
	__u32 prog_id;
	__u32 hook;
	__u32 flags;
	char entry[WASMK_NAME_LEN];
	__u32 nf_family;
	__u32 nf_hooknum;
	__s32 nf_priority;
	__u32 reserved;
	__u64 runs;		/* handler invocations */
	__u64 traps;		/* of which trapped */
	__u64 dropped;		/* verdict drop (including default verdicts) */
	__u64 missed;		/* not run: re-entered on this CPU, or no FPU */
	/* VER1: tracing links */
	char target[WASMK_TARGET_LEN];	/* tracepoint, symbol, or uprobe FILE:SYMBOL */
	__u64 target_offset;	/* kprobe: offset; uprobe: file offset; record: event id */
	__u32 nargs;		/* tracepoint: arguments the probe takes */
	__u32 reserved1;
	/* VER2: xdp, tc */
	__u32 ifindex;
	__u32 attach_mode;
	__u64 netns_cookie;	/* the device's network namespace (SO_NETNS_COOKIE) */
	/* VER3: packet links, the other verdicts (default verdicts included) */
	__u64 passed;		/* accept: XDP_PASS, TC_ACT_OK, NF_ACCEPT */
	__u64 tx;		/* XDP_TX */
	__u64 redirected;	/* XDP_REDIRECT, TC_ACT_REDIRECT */
};

#define WASMK_LINK_INFO_SIZE_VER0	96
#define WASMK_LINK_INFO_SIZE_VER1	176
#define WASMK_LINK_INFO_SIZE_VER2	192
#define WASMK_LINK_INFO_SIZE_VER3	216

/*
 * WASMK_IOC_LINK_LIST: all links.  links points to an array of count
 * struct wasmk_link_info of info_size bytes each (the caller's sizeof); the
 * kernel fills up to count and sets count to the number of links.
 * Needs no privilege.
 */
struct wasmk_link_list {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u64 links;		/* in: pointer to the array */
	__u32 count;		/* in: entries; out: number of links */
	__u32 info_size;	/* in: sizeof(struct wasmk_link_info) */
};

#define WASMK_LINK_LIST_SIZE_VER0	24

/*
 * Maps: state by key shared by every CPU's instance of a program, between
 * programs and with userspace.  A module declares each one with an
 * exported immutable i32 global wasmk_map_NAME holding the address of a
 * struct wasmk_map_def in its memory (WASMK_MAP() in wasmk/guest.h);
 * PROG_LOAD creates them, preallocated and charged to max_mem_mb, and
 * gives each an id.  Handlers pass the declaration's address to the map_*
 * host functions.
 *
 * Kinds: hash, percpu_hash and lru_hash (key_size 1..512 bytes; a full
 * lru_hash evicts an entry used least recently instead of refusing), array and
 * percpu_array (u32 index keys, key_size 4, every entry there and zero at
 * first); value_size 1..4096, max_entries 1..1048576.  The per-CPU kinds
 * keep one value per possible CPU: a handler sees its CPU's, userspace
 * reads and writes them all (num_possible_cpus() values, in CPU order).
 *
 * Names and lifetime.  A map declared WASMK_MAP_F_SHARED is one map per
 * name: the first program that declares it creates it, every later one
 * whose declaration agrees (kind, sizes, entries, layouts) uses the same,
 * and one that disagrees fails to load, saying how.  Other maps are the
 * program's own, whatever their name.  MAP_PIN gives a map a reference of
 * its own, so it outlives its programs until MAP_UNPIN, and puts it in the
 * shared namespace under its name (like a bpffs pin).  MAP_GET_FD gives an
 * fd that holds the map while it is open.  A map is freed when the last
 * program, pin and fd holding it are gone; its id is not reused soon after.
 */
enum wasmk_map_kind {
	WASMK_MAP_HASH = 1,
	WASMK_MAP_ARRAY = 2,
	WASMK_MAP_PERCPU_HASH = 3,
	WASMK_MAP_PERCPU_ARRAY = 4,
	WASMK_MAP_LRU_HASH = 5,		/* a hash that, full, evicts the least recently used */
};

/* MAP_UPDATE and the map_update host function: when to write. */
#define WASMK_MAP_ANY		0	/* create or replace */
#define WASMK_MAP_NOEXIST	1	/* create only (EEXIST) */
#define WASMK_MAP_EXIST		2	/* replace only (ENOENT) */

/*
 * A map's declaration in a module's memory (little-endian, 32 bytes).  The
 * layouts, when not 0, are addresses of NUL-terminated strings in the
 * language of `wasmk events` (TYPE:NAME,...; at most WASMK_LAYOUT_LEN - 1
 * characters of [A-Za-z0-9_:,.-]) that the CLI decodes entries by.
 */
struct wasmk_map_def {
	__u32 kind;		/* enum wasmk_map_kind */
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 flags;		/* WASMK_MAP_F_SHARED */
	__u32 key_layout;	/* address of the key's layout string, or 0 */
	__u32 value_layout;	/* address of the value's layout string, or 0 */
	__u32 reserved;		/* 0 */
};

#define WASMK_MAP_F_SHARED	(1u << 0)	/* one map per name (see above) */
#define WASMK_MAP_F_PINNED	(1u << 1)	/* MAP_INFO only: it is pinned */

/*
 * WASMK_IOC_MAP_LIST: the ids of all maps, ascending, as PROG_LIST gives
 * programs' (ids points to __u32[count]).  Needs no privilege.
 */
struct wasmk_map_list {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u64 ids;		/* in: pointer to __u32[count] */
	__u32 count;		/* in: entries in ids; out: number of maps */
	__u32 reserved;		/* in: 0 */
};

#define WASMK_MAP_LIST_SIZE_VER0	24

/*
 * WASMK_IOC_MAP_INFO: describe one map, found by id, or by name when map_id
 * is 0 (the shared or pinned one of that name, else the only one).  Needs
 * no privilege.  ENOENT: no such map; ENOTUNIQ: several programs' own maps
 * have that name; EINVAL: neither an id nor a name.
 */
struct wasmk_map_info {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 map_id;		/* in/out */
	__u32 reserved;		/* in: 0 */
	char name[WASMK_NAME_LEN];	/* in/out */
	__u32 prog_id;		/* out: the program that declared it */
	__u32 kind;		/* out: enum wasmk_map_kind */
	__u32 key_size;		/* out */
	__u32 value_size;	/* out: per CPU for the per-CPU kinds */
	__u32 max_entries;	/* out */
	__u32 entries;		/* out: present now (arrays: max_entries) */
	__u64 bytes;		/* out: memory it holds, all CPUs */
	__u64 refused_full;	/* out: inserts refused because it was full */
	__u64 refused_busy;	/* out: operations refused re-entering it on a CPU */
	__u64 evicted;		/* out: lru_hash: entries evicted to make room */
	__u32 nr_cpus;		/* out: values per entry from MAP_LOOKUP (per-CPU kinds) */
	__u32 reserved2;	/* in: 0 */
	/* VER1 */
	__u32 map_flags;	/* out: WASMK_MAP_F_SHARED, WASMK_MAP_F_PINNED */
	__u32 progs;		/* out: programs using it */
	__u32 fds;		/* out: open fds from MAP_GET_FD */
	__u32 reserved3;	/* in: 0 */
	char key_layout[WASMK_LAYOUT_LEN];	/* out: declared layouts, or "" */
	char value_layout[WASMK_LAYOUT_LEN];
};

#define WASMK_MAP_INFO_SIZE_VER0	112
#define WASMK_MAP_INFO_SIZE_VER1	384

/*
 * WASMK_IOC_MAP_LOOKUP / WASMK_IOC_MAP_UPDATE / WASMK_IOC_MAP_DELETE /
 * WASMK_IOC_MAP_NEXT_KEY: one entry of map map_id.  key points to key_size bytes, value to value_size bytes
 * (times nr_cpus for the per-CPU kinds).  LOOKUP copies the value out;
 * UPDATE writes it (flags WASMK_MAP_ANY, _NOEXIST, _EXIST); DELETE removes
 * the entry (hash kinds only); NEXT_KEY writes to next_key the key after
 * key, or the first key when key is 0 or not in the map: walk a map from
 * 0 until ENOENT.  Handlers may run meanwhile; each value is copied whole.
 * All need CAP_SYS_ADMIN or CAP_BPF.  ENOENT: no such map or key (or no
 * next key); EEXIST, E2BIG (a full map, an array index past its end),
 * EINVAL (unknown flags, DELETE on an array), EBUSY (the map is in use on
 * this CPU: retry), EFAULT (a pointer not accessible).
 */
struct wasmk_map_elem {
	__u32 size;
	__u32 flags;		/* in: MAP_UPDATE's WASMK_MAP_*, else 0 */
	__u32 map_id;		/* in */
	__u32 reserved;		/* in: 0 */
	__u64 key;		/* in: pointer to the key (NEXT_KEY: 0 for the first) */
	__u64 value;		/* in: pointer to the value buffer */
	__u64 next_key;		/* in: NEXT_KEY: pointer to a key buffer */
};

#define WASMK_MAP_ELEM_SIZE_VER0	40

/*
 * WASMK_IOC_MAP_PIN / WASMK_IOC_MAP_UNPIN: pin map map_id (or, when it is
 * 0, the map called name: the shared or pinned one of that name, else the
 * only one); the pin holds the map until MAP_UNPIN of map_id or name, or rmmod.
 * Both need CAP_SYS_ADMIN or CAP_BPF; map_id is set to the map's id.
 * ENOENT: no such map (UNPIN: not pinned); EEXIST: already pinned, or
 * another map of that name is shared or pinned; ENOTUNIQ: name is ambiguous
 * (several programs' own maps: pin one by id).
 */
struct wasmk_map_pin {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 map_id;		/* in/out */
	__u32 reserved;		/* in: 0 */
	char name[WASMK_NAME_LEN];	/* in: when map_id is 0 */
};

#define WASMK_MAP_PIN_SIZE_VER0	48

/*
 * WASMK_IOC_MAP_GET_FD: returns an fd (O_CLOEXEC) that holds map map_id
 * while it is open, as an eBPF map fd does: the map and its id stay after
 * its programs are unloaded and its pin removed, until the fd is closed.
 * Needs CAP_SYS_ADMIN or CAP_BPF.  ENOENT: no such map; EMFILE and the like.
 */
struct wasmk_map_fd {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 map_id;		/* in */
	__u32 reserved;		/* in: 0 */
};

#define WASMK_MAP_FD_SIZE_VER0	16

#endif /* _UAPI_LINUX_WASMK_H */
