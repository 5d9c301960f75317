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
 * unload, attach, detach, memory writes, test runs) check the caller's
 * capabilities at ioctl time, never at open time, so a passed file
 * descriptor grants nothing:
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

/* Feature bits reported by WASMK_IOC_VERSION. */
#define WASMK_FEAT_VALIDATE	_BITULL(0)	/* Wasm 2.0 decoder/validator */
#define WASMK_FEAT_PROG		_BITULL(1)	/* PROG_LOAD/UNLOAD/INFO/LIST */

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
 * a bad argument, E2BIG for a module over a wasmk limit, EOPNOTSUPP for a
 * Wasm feature wasmk lacks, ENOSPC when the program table is full) and,
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
};

#define WASMK_PROG_LOAD_SIZE_VER0	80
#define WASMK_LOG_TRUNCATED		_BITUL(0)
/* Largest log the kernel writes; a bigger log_size is accepted. */
#define WASMK_LOG_MAX			65536

/* WASMK_IOC_PROG_UNLOAD: free a program.  Needs CAP_SYS_ADMIN or CAP_BPF. */
struct wasmk_prog_unload {
	__u32 size;
	__u32 flags;		/* in: 0 */
	__u32 prog_id;		/* in */
	__u32 reserved;		/* in: 0 */
};

#define WASMK_PROG_UNLOAD_SIZE_VER0	16

/*
 * WASMK_IOC_PROG_INFO: describe one program, found by id, or by name when
 * prog_id is 0 and name is set.  Needs no privilege.
 */
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
};

#define WASMK_PROG_INFO_SIZE_VER0	80

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

#endif /* _UAPI_LINUX_WASMK_H */
