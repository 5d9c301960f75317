// SPDX-License-Identifier: GPL-2.0
/*
 * XDP and tc links.  The kernel runs eBPF programs there, not modules, so
 * the CLI loads its own eBPF shim (shim/wasmk_shim.bpf.c, embedded in this
 * binary) with libbpf: the shim calls wasmk.ko's kfunc with the link id,
 * which runs the handler.  attach: LINK_ATTACH records the link, then the
 * shim is loaded with that id and attached to the device; detach: the
 * shim is taken off the device (only if it is ours, for that link), then
 * LINK_DETACH.  The attachment outlives this process, like `ip link set
 * dev D xdp obj ...`.
 */
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/wasmk.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "wasmk.h"

extern const unsigned char _binary_wasmk_shim_bpf_o_start[];
extern const unsigned char _binary_wasmk_shim_bpf_o_end[];

#define MODULE_BTF	"/sys/kernel/btf/wasmk"
#define TC_PRIORITY	1

static char libbpf_msg[512];

/* Keep libbpf's last warning for our error message instead of printing it. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	size_t n;

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(libbpf_msg, sizeof(libbpf_msg), fmt, ap);
	n = strlen(libbpf_msg);
	while (n && libbpf_msg[n - 1] == '\n')
		libbpf_msg[--n] = 0;
	return 0;
}

/*
 * xdp DEV [mode native|generic] [fail-open|fail-closed] [entry NAME]
 * tc DEV ingress|egress [fail-open|fail-closed] [entry NAME]
 */
int xdp_args(struct wasmk_link_attach *a, int argc, char **argv)
{
	bool xdp = !strcmp(argv[0], "xdp");
	int i = 1;

	a->hook = xdp ? WASMK_HOOK_XDP : WASMK_HOOK_TC;
	if (i >= argc)
		return usage_err("link", "expected a network device after %s", argv[0]);
	a->ifindex = if_nametoindex(argv[i]);
	if (!a->ifindex) {
		err("link attach: no network device '%s' here (see ip link)", argv[i]);
		return EXIT_ERR;
	}
	if (xdp) {
		a->attach_mode = WASMK_XDP_NATIVE;
	} else {
		if (++i >= argc || (strcmp(argv[i], "ingress") && strcmp(argv[i], "egress")))
			return usage_err("link", "expected ingress or egress after the device");
		a->attach_mode = !strcmp(argv[i], "ingress") ? WASMK_TC_INGRESS : WASMK_TC_EGRESS;
	}
	for (i++; i < argc; i++) {
		int r = link_opt(a, argc, argv, &i, true);

		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (xdp && !strcmp(argv[i], "mode") && i + 1 < argc) {
			i++;
			if (!strcmp(argv[i], "native"))
				a->attach_mode = WASMK_XDP_NATIVE;
			else if (!strcmp(argv[i], "generic"))
				a->attach_mode = WASMK_XDP_GENERIC;
			else
				return usage_err("link", "XDP mode '%s': expected native or generic",
						 argv[i]);
		} else {
			return usage_err("link", "unexpected argument '%s'", argv[i]);
		}
	}
	if (access(MODULE_BTF, R_OK)) {
		err("link attach: %s is missing: this wasmk.ko carries no BTF, so eBPF can't "
		    "call it; XDP and tc need a module built with BTF (README: module BTF)",
		    MODULE_BTF);
		return EXIT_ERR;
	}
	return 0;
}

static __u32 xdp_flags(__u32 mode)
{
	return mode == WASMK_XDP_GENERIC ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
}

/* Load the shim for link l (hook XDP or TC) and attach it. */
int shim_attach(const struct wasmk_link_attach *a)
{
	bool xdp = a->hook == WASMK_HOOK_XDP;
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "wasmk_shim");
	struct bpf_program *prog, *p;
	struct bpf_object *obj;
	struct bpf_map *map;
	__u32 id = a->link_id;
	int e, fd;

	libbpf_set_print(libbpf_print);
	libbpf_msg[0] = 0;
	obj = bpf_object__open_mem(_binary_wasmk_shim_bpf_o_start,
				   _binary_wasmk_shim_bpf_o_end - _binary_wasmk_shim_bpf_o_start,
				   &oo);
	if (!obj) {
		err("link attach: can't open the eBPF shim: %s", strerror(errno));
		return -1;
	}
	prog = bpf_object__find_program_by_name(obj, xdp ? "wasmk_xdp" : "wasmk_tc");
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == prog);
	e = -ENOENT;
	bpf_object__for_each_map(map, obj)
		if (strstr(bpf_map__name(map), ".rodata"))
			e = bpf_map__set_initial_value(map, &id, sizeof(id));
	if (!prog || e) {
		err("link attach: the embedded eBPF shim is broken (%s)", strerror(-e));
		goto out;
	}
	e = bpf_object__load(obj);
	if (e) {
		err("link attach: loading the eBPF shim failed: %s%s%s", strerror(-e),
		    libbpf_msg[0] ? ": " : "", libbpf_msg);
		goto out;
	}
	fd = bpf_program__fd(prog);
	if (xdp) {
		e = bpf_xdp_attach(a->ifindex, fd,
				   xdp_flags(a->attach_mode) | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
		if (e == -EBUSY || e == -EEXIST)
			err("link attach: the device already has an XDP program in that mode "
			    "(one per device)");
		else if (e == -EOPNOTSUPP && a->attach_mode == WASMK_XDP_NATIVE)
			err("link attach: the driver has no native XDP: try mode generic");
		else if (e)
			err("link attach: attaching XDP failed: %s", strerror(-e));
	} else {
		LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = a->ifindex,
			    .attach_point = a->attach_mode == WASMK_TC_INGRESS ?
					    BPF_TC_INGRESS : BPF_TC_EGRESS);
		LIBBPF_OPTS(bpf_tc_opts, to, .handle = id, .priority = TC_PRIORITY,
			    .prog_fd = fd);

		e = bpf_tc_hook_create(&hook);
		if (e && e != -EEXIST)
			err("link attach: creating the clsact qdisc failed: %s", strerror(-e));
		else if ((e = bpf_tc_attach(&hook, &to)))
			err("link attach: attaching the tc filter failed: %s", strerror(-e));
	}
out:
	bpf_object__close(obj);
	return e ? -1 : 0;
}

/* Is the program with id prog_id our shim, named name, for link link_id? */
static bool is_our_shim(__u32 prog_id, const char *name, __u32 link_id)
{
	struct bpf_prog_info pi;
	struct bpf_map_info mi;
	__u32 maps[8], len, i, key = 0, val;
	bool ours = false;
	int fd, mfd;

	fd = bpf_prog_get_fd_by_id(prog_id);
	if (fd < 0)
		return false;
	memset(&pi, 0, sizeof(pi));
	pi.nr_map_ids = 8;
	pi.map_ids = (uintptr_t)maps;
	len = sizeof(pi);
	if (bpf_obj_get_info_by_fd(fd, &pi, &len) || strcmp(pi.name, name))
		goto out;
	for (i = 0; i < pi.nr_map_ids && i < 8 && !ours; i++) {
		mfd = bpf_map_get_fd_by_id(maps[i]);
		if (mfd < 0)
			continue;
		memset(&mi, 0, sizeof(mi));
		len = sizeof(mi);
		if (!bpf_obj_get_info_by_fd(mfd, &mi, &len) && strstr(mi.name, ".rodata") &&
		    mi.value_size == sizeof(val) && !bpf_map_lookup_elem(mfd, &key, &val))
			ours = val == link_id;
		close(mfd);
	}
out:
	close(fd);
	return ours;
}

/* This process's network namespace cookie, 0 if unknown. */
unsigned long long netns_cookie(void)
{
	__u64 c = 0;
	socklen_t len = sizeof(c);
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s >= 0) {
		if (getsockopt(s, SOL_SOCKET, SO_NETNS_COOKIE, &c, &len))
			c = 0;
		close(s);
	}
	return c;
}

/*
 * Take link k's shim off its device.  0 when it is gone (or was: the
 * device or the attachment may have gone away), -1 with a message when it
 * is there but can't be removed, or the device's program is not ours.
 */
int shim_detach(const struct wasmk_link_info *k)
{
	char ifname[IF_NAMESIZE];
	__u32 prog_id = 0;
	int e, fd;

	libbpf_set_print(libbpf_print);
	if (k->netns_cookie && netns_cookie() && k->netns_cookie != netns_cookie()) {
		err("link detach: link %u's device is in another network namespace: detach it "
		    "from there (ip netns exec NS wasmk link detach %u)", k->link_id, k->link_id);
		return -1;
	}
	if (!if_indextoname(k->ifindex, ifname))
		return 0;	/* the device (or its namespace) is gone, and the shim with it */
	if (k->hook == WASMK_HOOK_XDP) {
		__u32 flags = xdp_flags(k->attach_mode);

		if (bpf_xdp_query_id(k->ifindex, flags, &prog_id) || !prog_id)
			return 0;
		if (!is_our_shim(prog_id, "wasmk_xdp", k->link_id)) {
			err("link detach: the XDP program on %s is not link %u's shim: leaving it",
			    ifname, k->link_id);
			return -1;
		}
		fd = bpf_prog_get_fd_by_id(prog_id);
		{
			LIBBPF_OPTS(bpf_xdp_attach_opts, xo, .old_prog_fd = fd);

			e = bpf_xdp_detach(k->ifindex, flags, &xo);
		}
		if (fd >= 0)
			close(fd);
	} else {
		LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = k->ifindex,
			    .attach_point = k->attach_mode == WASMK_TC_INGRESS ?
					    BPF_TC_INGRESS : BPF_TC_EGRESS);
		LIBBPF_OPTS(bpf_tc_opts, to, .handle = k->link_id, .priority = TC_PRIORITY);

		if (bpf_tc_query(&hook, &to))
			return 0;
		if (!is_our_shim(to.prog_id, "wasmk_tc", k->link_id)) {
			err("link detach: tc filter %u on %s is not link %u's shim: leaving it",
			    k->link_id, ifname, k->link_id);
			return -1;
		}
		to.prog_id = 0;
		to.prog_fd = 0;
		to.flags = 0;
		e = bpf_tc_detach(&hook, &to);
	}
	if (e) {
		err("link detach: removing the eBPF shim from %s failed: %s", ifname, strerror(-e));
		return -1;
	}
	return 0;
}
