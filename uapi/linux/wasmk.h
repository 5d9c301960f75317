/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * wasmk: WebAssembly handlers in the Linux kernel - userspace ABI.
 *
 * Userspace talks to wasmk.ko through ioctl(2) on /dev/wasmk.
 *
 * Privilege model
 * ---------------
 * /dev/wasmk is created mode 0644 (root:root): anyone may open it read-only.
 * Query commands (VERSION, and later PROG_INFO, PROG_LIST, LINK_LIST) work
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

/* Feature bits reported by WASMK_IOC_VERSION. */
#define WASMK_FEAT_VALIDATE	_BITULL(0)	/* Wasm 2.0 decoder/validator */

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

#endif /* _UAPI_LINUX_WASMK_H */
