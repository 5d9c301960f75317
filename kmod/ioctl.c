// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/wasmk ioctl dispatch: one table of commands, one place that applies
 * the extensible-struct rule of uapi/linux/wasmk.h (size, flags, trailing
 * bytes) and the privilege model, before any handler sees the argument.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "link.h"
#include "wasmk.h"

/*
 * The validator's (or attach's) log for a command: a kernel buffer of up
 * to WASMK_LOG_MAX bytes when the caller gave one, copied out after.
 */
int wasmk_log_begin(struct wasm_log *log, u64 ubuf, u32 usize)
{
	u32 size = min_t(u32, usize, WASMK_LOG_MAX);

	memset(log, 0, sizeof(*log));
	if (usize && !ubuf)
		return -EINVAL;
	if (!size)
		return 0;
	log->buf = kvzalloc(size, GFP_KERNEL);
	if (!log->buf)
		return -ENOMEM;
	log->size = size;
	return 0;
}

/* Copy the log out (NUL-terminated) and free it; ret, or -EFAULT. */
long wasmk_log_end(struct wasm_log *log, u64 ubuf, long ret)
{
	if (!log->buf)
		return ret;
	if (copy_to_user(u64_to_user_ptr(ubuf), log->buf, log->len + 1))
		ret = -EFAULT;
	kvfree(log->buf);
	log->buf = NULL;
	return ret;
}

/* Privilege a command needs; see the model in uapi/linux/wasmk.h. */
enum wasmk_priv {
	WASMK_PRIV_NONE,	/* anyone who can open the device */
	WASMK_PRIV_BPF,		/* CAP_SYS_ADMIN, or CAP_BPF */
};

struct wasmk_cmd {
	unsigned int cmd;
	const char *name;
	u32 ksize;		/* sizeof the kernel's struct */
	u32 min_size;		/* first published size */
	u32 flags_mask;		/* flags the kernel knows */
	enum wasmk_priv priv;
	bool writes_back;	/* copy the struct back after the handler */
	bool writes_back_on_error;	/* ... even when it fails (logs) */
	long (*fn)(union wasmk_karg *karg);
};

static long wasmk_cmd_version(union wasmk_karg *karg)
{
	struct wasmk_version *v = &karg->version;

	if (v->reserved)
		return -EINVAL;
	v->abi_version = WASMK_ABI_VERSION;
	v->features = WASMK_FEAT_VALIDATE | WASMK_FEAT_PROG | WASMK_FEAT_RUN |
		      WASMK_FEAT_NETFILTER | WASMK_FEAT_TRACEPOINT | WASMK_FEAT_KPROBE;
	v->features |= WASMK_FEAT_EVENTS | WASMK_FEAT_MAPS;
	if (wasmk_xdp_available())
		v->features |= WASMK_FEAT_XDP;
	if (wasm_jit_available())
		v->features |= WASMK_FEAT_JIT;
	strscpy(v->release, WASMK_RELEASE, sizeof(v->release));
	return 0;
}

static const struct wasmk_cmd wasmk_cmds[] = {
	{
		.cmd = WASMK_IOC_VERSION, .name = "VERSION",
		.ksize = sizeof(struct wasmk_version),
		.min_size = WASMK_VERSION_SIZE_VER0,
		.priv = WASMK_PRIV_NONE, .writes_back = true,
		.fn = wasmk_cmd_version,
	},
	{
		.cmd = WASMK_IOC_PROG_LOAD, .name = "PROG_LOAD",
		.ksize = sizeof(struct wasmk_prog_load),
		.min_size = WASMK_PROG_LOAD_SIZE_VER0,
		.priv = WASMK_PRIV_BPF, .writes_back = true,
		.writes_back_on_error = true,
		.fn = wasmk_cmd_prog_load,
	},
	{
		.cmd = WASMK_IOC_PROG_UNLOAD, .name = "PROG_UNLOAD",
		.ksize = sizeof(struct wasmk_prog_unload),
		.min_size = WASMK_PROG_UNLOAD_SIZE_VER0,
		.priv = WASMK_PRIV_BPF,
		.fn = wasmk_cmd_prog_unload,
	},
	{
		.cmd = WASMK_IOC_PROG_INFO, .name = "PROG_INFO",
		.ksize = sizeof(struct wasmk_prog_info),
		.min_size = WASMK_PROG_INFO_SIZE_VER0,
		.priv = WASMK_PRIV_NONE, .writes_back = true,
		.fn = wasmk_cmd_prog_info,
	},
	{
		.cmd = WASMK_IOC_PROG_LIST, .name = "PROG_LIST",
		.ksize = sizeof(struct wasmk_prog_list),
		.min_size = WASMK_PROG_LIST_SIZE_VER0,
		.priv = WASMK_PRIV_NONE, .writes_back = true,
		.fn = wasmk_cmd_prog_list,
	},
	{
		.cmd = WASMK_IOC_PROG_TEST_RUN, .name = "PROG_TEST_RUN",
		.ksize = sizeof(struct wasmk_prog_test_run),
		.min_size = WASMK_PROG_TEST_RUN_SIZE_VER0,
		.priv = WASMK_PRIV_BPF, .writes_back = true,
		.fn = wasmk_cmd_prog_test_run,
	},
	{
		.cmd = WASMK_IOC_MEM_READ, .name = "MEM_READ",
		.ksize = sizeof(struct wasmk_mem),
		.min_size = WASMK_MEM_SIZE_VER0,
		.priv = WASMK_PRIV_BPF,
		.fn = wasmk_cmd_mem_read,
	},
	{
		.cmd = WASMK_IOC_MEM_WRITE, .name = "MEM_WRITE",
		.ksize = sizeof(struct wasmk_mem),
		.min_size = WASMK_MEM_SIZE_VER0,
		.priv = WASMK_PRIV_BPF,
		.fn = wasmk_cmd_mem_write,
	},
	{
		.cmd = WASMK_IOC_PROG_SYMBOL, .name = "PROG_SYMBOL",
		.ksize = sizeof(struct wasmk_prog_symbol),
		.min_size = WASMK_PROG_SYMBOL_SIZE_VER0,
		.priv = WASMK_PRIV_BPF, .writes_back = true,
		.fn = wasmk_cmd_prog_symbol,
	},
	{
		.cmd = WASMK_IOC_EVENTS_OPEN, .name = "EVENTS_OPEN",
		.ksize = sizeof(struct wasmk_events_open),
		.min_size = WASMK_EVENTS_OPEN_SIZE_VER0,
		.priv = WASMK_PRIV_BPF,
		.fn = wasmk_cmd_events_open,	/* returns the new fd */
	},
	{
		.cmd = WASMK_IOC_LINK_ATTACH, .name = "LINK_ATTACH",
		.ksize = sizeof(struct wasmk_link_attach),
		.min_size = WASMK_LINK_ATTACH_SIZE_VER0,
		.flags_mask = WASMK_LINK_FAIL_CLOSED,
		.priv = WASMK_PRIV_BPF, .writes_back = true,
		.fn = wasmk_cmd_link_attach,
	},
	{
		.cmd = WASMK_IOC_LINK_DETACH, .name = "LINK_DETACH",
		.ksize = sizeof(struct wasmk_link_detach),
		.min_size = WASMK_LINK_DETACH_SIZE_VER0,
		.priv = WASMK_PRIV_BPF,
		.fn = wasmk_cmd_link_detach,
	},
	{
		.cmd = WASMK_IOC_MAP_LIST, .name = "MAP_LIST",
		.ksize = sizeof(struct wasmk_map_list),
		.min_size = WASMK_MAP_LIST_SIZE_VER0,
		.priv = WASMK_PRIV_NONE, .writes_back = true,
		.fn = wasmk_cmd_map_list,
	},
	{
		.cmd = WASMK_IOC_MAP_INFO, .name = "MAP_INFO",
		.ksize = sizeof(struct wasmk_map_info),
		.min_size = WASMK_MAP_INFO_SIZE_VER0,
		.priv = WASMK_PRIV_NONE, .writes_back = true,
		.fn = wasmk_cmd_map_info,
	},
	{
		.cmd = WASMK_IOC_MAP_LOOKUP, .name = "MAP_LOOKUP",
		.ksize = sizeof(struct wasmk_map_elem),
		.min_size = WASMK_MAP_ELEM_SIZE_VER0,
		.priv = WASMK_PRIV_BPF,
		.fn = wasmk_cmd_map_lookup,
	},
	{
		.cmd = WASMK_IOC_MAP_UPDATE, .name = "MAP_UPDATE",
		.ksize = sizeof(struct wasmk_map_elem),
		.min_size = WASMK_MAP_ELEM_SIZE_VER0,
		.flags_mask = WASMK_MAP_NOEXIST | WASMK_MAP_EXIST,
		.priv = WASMK_PRIV_BPF,
		.fn = wasmk_cmd_map_update,
	},
	{
		.cmd = WASMK_IOC_MAP_DELETE, .name = "MAP_DELETE",
		.ksize = sizeof(struct wasmk_map_elem),
		.min_size = WASMK_MAP_ELEM_SIZE_VER0,
		.priv = WASMK_PRIV_BPF,
		.fn = wasmk_cmd_map_delete,
	},
	{
		.cmd = WASMK_IOC_MAP_NEXT_KEY, .name = "MAP_NEXT_KEY",
		.ksize = sizeof(struct wasmk_map_elem),
		.min_size = WASMK_MAP_ELEM_SIZE_VER0,
		.priv = WASMK_PRIV_BPF,
		.fn = wasmk_cmd_map_next_key,
	},
	{
		.cmd = WASMK_IOC_MAP_PIN, .name = "MAP_PIN",
		.ksize = sizeof(struct wasmk_map_pin),
		.min_size = WASMK_MAP_PIN_SIZE_VER0,
		.priv = WASMK_PRIV_BPF, .writes_back = true,
		.fn = wasmk_cmd_map_pin,
	},
	{
		.cmd = WASMK_IOC_MAP_UNPIN, .name = "MAP_UNPIN",
		.ksize = sizeof(struct wasmk_map_pin),
		.min_size = WASMK_MAP_PIN_SIZE_VER0,
		.priv = WASMK_PRIV_BPF, .writes_back = true,
		.fn = wasmk_cmd_map_unpin,
	},
	{
		.cmd = WASMK_IOC_MAP_GET_FD, .name = "MAP_GET_FD",
		.ksize = sizeof(struct wasmk_map_fd),
		.min_size = WASMK_MAP_FD_SIZE_VER0,
		.priv = WASMK_PRIV_BPF,
		.fn = wasmk_cmd_map_get_fd,
	},
	{
		.cmd = WASMK_IOC_LINK_LIST, .name = "LINK_LIST",
		.ksize = sizeof(struct wasmk_link_list),
		.min_size = WASMK_LINK_LIST_SIZE_VER0,
		.priv = WASMK_PRIV_NONE, .writes_back = true,
		.fn = wasmk_cmd_link_list,
	},
};

static bool wasmk_priv_ok(enum wasmk_priv priv)
{
	switch (priv) {
	case WASMK_PRIV_NONE:
		return true;
	case WASMK_PRIV_BPF:
		return capable(CAP_SYS_ADMIN) || capable(CAP_BPF);
	}
	return false;
}

long wasmk_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	const struct wasmk_cmd *c = NULL;
	union wasmk_karg karg;
	u32 usize, n;
	long ret;
	size_t i;

	BUILD_BUG_ON(sizeof(struct wasmk_version) != WASMK_VERSION_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_prog_load) != WASMK_PROG_LOAD_SIZE_VER3);
	BUILD_BUG_ON(sizeof(struct wasmk_field_reloc) != 16);
	BUILD_BUG_ON(sizeof(struct wasmk_prog_test_run) != WASMK_PROG_TEST_RUN_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_link_attach) != WASMK_LINK_ATTACH_SIZE_VER4);
	BUILD_BUG_ON(sizeof(struct wasmk_link_info) != WASMK_LINK_INFO_SIZE_VER3);
	BUILD_BUG_ON(sizeof(struct wasmk_link_detach) != WASMK_LINK_DETACH_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_link_list) != WASMK_LINK_LIST_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_mem) != WASMK_MEM_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_prog_symbol) != WASMK_PROG_SYMBOL_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_events_open) != WASMK_EVENTS_OPEN_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_prog_unload) != WASMK_PROG_UNLOAD_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_prog_info) != WASMK_PROG_INFO_SIZE_VER5);
	BUILD_BUG_ON(sizeof(struct wasmk_prog_list) != WASMK_PROG_LIST_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_map_list) != WASMK_MAP_LIST_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_map_info) != WASMK_MAP_INFO_SIZE_VER1);
	BUILD_BUG_ON(sizeof(struct wasmk_map_pin) != WASMK_MAP_PIN_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_map_fd) != WASMK_MAP_FD_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_map_elem) != WASMK_MAP_ELEM_SIZE_VER0);

	for (i = 0; i < ARRAY_SIZE(wasmk_cmds); i++) {
		if (wasmk_cmds[i].cmd == cmd) {
			c = &wasmk_cmds[i];
			break;
		}
	}
	if (!c)
		return -ENOTTY;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < c->min_size)
		return -EINVAL;
	if (usize > WASMK_IOC_MAX_SIZE)
		return -E2BIG;

	/* Older struct: missing fields read as zero. */
	memset(&karg, 0, sizeof(karg));
	n = min_t(u32, usize, c->ksize);
	if (copy_from_user(&karg, uarg, n))
		return -EFAULT;
	/* Newer struct: every byte this kernel does not know must be zero. */
	if (usize > c->ksize) {
		ret = check_zeroed_user(uarg + c->ksize, usize - c->ksize);
		if (ret < 0)
			return ret;
		if (!ret)
			return -EINVAL;
	}
	if (karg.hdr.flags & ~c->flags_mask)
		return -EINVAL;

	if (!wasmk_priv_ok(c->priv))
		return -EPERM;

	ret = c->fn(&karg);
	if (ret < 0 && !c->writes_back_on_error)
		return ret;
	if (c->writes_back && copy_to_user(uarg, &karg, n))
		return -EFAULT;
	return ret;
}
