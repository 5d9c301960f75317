// SPDX-License-Identifier: GPL-2.0
/* wasmk link attach|list|detach */
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/wasmk.h>

#include "wasmk.h"

static const char *const nf_hooks[] = {
	"prerouting", "input", "forward", "output", "postrouting",
};
#define NR_NF_HOOKS (sizeof(nf_hooks) / sizeof(nf_hooks[0]))

static const char *const trap_names[] = {
	"none", "unreachable", "out of bounds memory access", "integer divide by zero",
	"integer overflow", "invalid conversion to integer", "undefined element",
	"uninitialized element", "indirect call type mismatch", "out of bounds table access",
	"call stack exhausted", "fuel exhausted", "host function failed",
	"run time limit exceeded",
};

const char *trap_name(unsigned int trap)
{
	return trap < sizeof(trap_names) / sizeof(trap_names[0]) ? trap_names[trap] : "unknown";
}

static void link_help(void)
{
	printf("Usage: wasmk link attach PROG netfilter ipv4|ipv6 HOOK [priority P]\n"
	       "                         [fail-open|fail-closed] [entry NAME]\n"
	       "       wasmk link attach PROG tracepoint [CATEGORY:]NAME [entry NAME]\n"
	       "       wasmk link attach PROG tracepoint CATEGORY:NAME record [entry NAME]\n"
	       "       wasmk link attach PROG kprobe SYMBOL[+OFFSET] [entry NAME]\n"
	       "       wasmk link attach PROG kretprobe SYMBOL [entry NAME]\n"
	       "       wasmk link attach PROG uprobe PATH:SYMBOL[+OFFSET] [entry NAME]\n"
	       "       wasmk link attach PROG uretprobe PATH:SYMBOL [entry NAME]\n"
	       "       wasmk link attach PROG xdp DEV [mode native|generic]\n"
	       "                         [fail-open|fail-closed] [entry NAME]\n"
	       "       wasmk link attach PROG tc DEV ingress|egress [fail-open|fail-closed]\n"
	       "                         [entry NAME]\n"
	       "       wasmk link list\n"
	       "       wasmk link detach ID\n"
	       "\n"
	       "PROG is an ID or 'name NAME'.  The entry defaults to 'handler'.\n"
	       "\n"
	       "netfilter: HOOK is prerouting, input, forward, output or postrouting.\n"
	       "The entry must be int handler(int len) returning 0 (drop) or 1 (accept);\n"
	       "a trap or another value gives the default verdict: accept (fail-open,\n"
	       "the default) or drop (fail-closed).  The hook is attached in every\n"
	       "network namespace, present and future.\n"
	       "\n"
	       "xdp, tc: the same handler and verdicts, run from an eBPF program the CLI\n"
	       "loads on DEV (in this network namespace) through wasmk.ko's kfunc; needs\n"
	       "a wasmk.ko with BTF.  XDP mode native (the driver's, default) or generic.\n"
	       "\n"
	       "Tracing (entry: int handler(long long a0, ...) taking any prefix of the\n"
	       "arguments, all i64; the result is ignored):\n"
	       "  tracepoint raw_syscalls:sys_enter  (nr, a0 .. a5)\n"
	       "  tracepoint raw_syscalls:sys_exit   (nr, ret)\n"
	       "  tracepoint CATEGORY:NAME          its TP_PROTO arguments, read from the\n"
	       "                                    kernel's BTF (/sys/kernel/btf/vmlinux)\n"
	       "  tracepoint CATEGORY:NAME record   (i32 len): its trace event record\n"
	       "                                    (tracefs format), read with\n"
	       "                                    record_load(); the event id from\n"
	       "                                    tracefs\n"
	       "  kprobe SYMBOL[+OFFSET]            the first six register arguments\n"
	       "  kretprobe SYMBOL                  (ret), the raw return register\n"
	       "  uprobe PATH:SYMBOL[+OFFSET]       a function of an ELF file, in every\n"
	       "                                    process running it: the first six\n"
	       "                                    register arguments (SYMBOL from its\n"
	       "                                    .symtab or .dynsym)\n"
	       "  uretprobe PATH:SYMBOL             (ret), its return register\n");
}

/*
 * The options links share: 'entry NAME', and for packet links (verdicts)
 * 'fail-open' and 'fail-closed'.  1 if argv[*i] is one (*i left on its
 * last word), 0 if not, -1 after a usage error was printed.
 */
int link_opt(struct wasmk_link_attach *a, int argc, char **argv, int *i, bool verdicts)
{
	const char *w = argv[*i];

	if (verdicts && (!strcmp(w, "fail-open") || !strcmp(w, "fail-closed"))) {
		if (!strcmp(w, "fail-closed"))
			a->flags |= WASMK_LINK_FAIL_CLOSED;
		else
			a->flags &= ~WASMK_LINK_FAIL_CLOSED;
		return 1;
	}
	if (strcmp(w, "entry") || *i + 1 >= argc)
		return 0;
	w = argv[++*i];
	if (strlen(w) >= WASMK_NAME_LEN) {
		usage_err("link", "entry name too long");
		return -1;
	}
	strcpy(a->entry, w);
	return 1;
}

/* netfilter ipv4|ipv6 HOOK [priority P] [fail-open|fail-closed] [entry NAME] */
static int nf_args(struct wasmk_link_attach *a, int argc, char **argv)
{
	unsigned int h;
	int i = 0;

	a->hook = WASMK_HOOK_NETFILTER;
	if (++i >= argc || (strcmp(argv[i], "ipv4") && strcmp(argv[i], "ipv6")))
		return usage_err("link", "expected ipv4 or ipv6 after netfilter");
	a->nf_family = !strcmp(argv[i], "ipv4") ? 2 : 10;
	if (++i >= argc)
		return usage_err("link", "expected a hook: prerouting, input, forward, output, "
				 "postrouting");
	for (h = 0; h < NR_NF_HOOKS; h++)
		if (!strcmp(argv[i], nf_hooks[h]))
			break;
	if (h == NR_NF_HOOKS)
		return usage_err("link", "unknown netfilter hook '%s': expected prerouting, "
				 "input, forward, output or postrouting", argv[i]);
	a->nf_hooknum = h;
	for (i++; i < argc; i++) {
		int r = link_opt(a, argc, argv, &i, true);

		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (!strcmp(argv[i], "priority") && i + 1 < argc) {
			char *end;
			long p = strtol(argv[++i], &end, 0);

			if (*end || p < INT32_MIN || p > INT32_MAX)
				return usage_err("link", "bad priority '%s'", argv[i]);
			a->nf_priority = p;
		} else {
			return usage_err("link", "unexpected argument '%s'", argv[i]);
		}
	}
	return 0;
}

/* A tracing link's options from argv[from] on: 0 or the exit code. */
static int trace_opts(struct wasmk_link_attach *a, int argc, char **argv, int from)
{
	int i;

	for (i = from; i < argc; i++) {
		int r = link_opt(a, argc, argv, &i, false);

		if (r < 0)
			return EXIT_USAGE;
		if (!r)
			return usage_err("link", "unexpected argument '%s'", argv[i]);
	}
	return 0;
}

/*
 * tracepoint CATEGORY:NAME record: the trace event's id, from tracefs, for
 * a link that gets the event's record.
 */
static int tp_event_id(struct wasmk_link_attach *a)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[256], cat[WASMK_TARGET_LEN], *name;
	unsigned int i, id;
	FILE *f = NULL;

	snprintf(cat, sizeof(cat), "%s", a->target);
	name = strchr(cat, ':');
	if (!name || name == cat || !name[1])
		return usage_err("link", "a tracepoint record needs CATEGORY:NAME, not '%s'",
				 a->target);
	*name++ = 0;
	for (i = 0; i < 2 && !f; i++) {
		snprintf(path, sizeof(path), "%s/events/%s/%s/id", roots[i], cat, name);
		f = fopen(path, "r");
	}
	if (!f) {
		err("no trace event %s in tracefs (mount it: mount -t tracefs nodev /sys/kernel/tracing)",
		    a->target);
		return EXIT_ERR;
	}
	if (fscanf(f, "%u", &id) != 1 || !id) {
		fclose(f);
		err("%s: not a trace event id", path);
		return EXIT_ERR;
	}
	fclose(f);
	a->hook = WASMK_HOOK_TP_RECORD;
	a->tp_event_id = id;
	return 0;
}

/*
 * tracepoint [CATEGORY:]NAME [record] [entry NAME]
 * kprobe SYMBOL[+OFFSET] [entry NAME]
 * kretprobe SYMBOL [entry NAME]
 */
static int trace_args(struct wasmk_link_attach *a, int argc, char **argv)
{
	const char *kind = argv[0], *name;
	bool record;
	char *plus;
	int i;

	if (argc < 2)
		return usage_err("link", "expected a %s after %s", !strcmp(kind, "tracepoint") ?
				 "tracepoint name (CATEGORY:NAME)" : "function symbol", kind);
	if (strlen(argv[1]) >= WASMK_TARGET_LEN)
		return usage_err("link", "%s name '%s' is too long (at most %d bytes)", kind,
				 argv[1], WASMK_TARGET_LEN - 1);
	strcpy(a->target, argv[1]);
	record = !strcmp(kind, "tracepoint") && argc > 2 && !strcmp(argv[2], "record");
	i = trace_opts(a, argc, argv, record ? 3 : 2);
	if (i)
		return i;
	if (record)
		return tp_event_id(a);
	if (!strcmp(kind, "tracepoint")) {
		a->hook = WASMK_HOOK_TRACEPOINT;
		name = strrchr(a->target, ':');
		name = name ? name + 1 : a->target;
		if (!*name)
			return usage_err("link", "tracepoint '%s' has no name after the ':'",
					 a->target);
		/* raw_syscalls: the kernel knows these two; others need BTF */
		if (!strcmp(name, "sys_enter") || !strcmp(name, "sys_exit"))
			return 0;
		return tracepoint_btf_args(a->target, a) ? EXIT_ERR : 0;
	}
	a->hook = !strcmp(kind, "kprobe") ? WASMK_HOOK_KPROBE : WASMK_HOOK_KRETPROBE;
	plus = strchr(a->target, '+');
	if (plus) {
		char *end;

		if (a->hook == WASMK_HOOK_KRETPROBE)
			return usage_err("link", "a kretprobe takes no offset: '%s'", a->target);
		errno = 0;
		a->target_offset = strtoull(plus + 1, &end, 0);
		if (!plus[1] || *end || errno || plus[1] == '-')
			return usage_err("link", "bad offset in '%s': expected SYMBOL+OFFSET",
					 a->target);
		*plus = 0;
	}
	if (!a->target[0])
		return usage_err("link", "no symbol in '%s'", argv[1]);
	return 0;
}

/*
 * uprobe PATH:SYMBOL[+OFFSET] [entry NAME]
 * uretprobe PATH:SYMBOL [entry NAME]
 */
static char uprobe_path[4096];

static int uprobe_args(struct wasmk_link_attach *a, int argc, char **argv)
{
	const char *kind = argv[0], *base;
	char spec[4096], *colon, *plus, *end;
	unsigned long long off = 0, symoff;
	int i;

	if (argc < 2 || strlen(argv[1]) >= sizeof(spec))
		return usage_err("link", "expected PATH:SYMBOL[+OFFSET] after %s", kind);
	strcpy(spec, argv[1]);
	colon = strrchr(spec, ':');
	if (!colon || colon == spec || !colon[1])
		return usage_err("link", "expected PATH:SYMBOL[+OFFSET] after %s, not '%s'", kind,
				 argv[1]);
	*colon = 0;
	plus = strchr(colon + 1, '+');
	if (plus) {
		if (!strcmp(kind, "uretprobe"))
			return usage_err("link", "a uretprobe takes no offset: '%s'", argv[1]);
		errno = 0;
		off = strtoull(plus + 1, &end, 0);
		if (!plus[1] || *end || errno || plus[1] == '-')
			return usage_err("link", "bad offset in '%s'", argv[1]);
		*plus = 0;
	}
	i = trace_opts(a, argc, argv, 2);
	if (i)
		return i;
	if (elf_symbol_offset(spec, colon + 1, &symoff))
		return EXIT_ERR;
	a->hook = !strcmp(kind, "uprobe") ? WASMK_HOOK_UPROBE : WASMK_HOOK_URETPROBE;
	a->target_offset = symoff + off;
	if (!realpath(spec, uprobe_path))
		snprintf(uprobe_path, sizeof(uprobe_path), "%s", spec);
	a->path = (uintptr_t)uprobe_path;
	/* the label link list shows: FILE:SYMBOL, cut to fit */
	base = strrchr(spec, '/');
	snprintf(a->target, sizeof(a->target), "%s:%s", base ? base + 1 : spec, colon + 1);
	return 0;
}

/* The hook kinds of link attach and the parsers of their arguments. */
static const struct {
	const char *kind;
	int (*args)(struct wasmk_link_attach *a, int argc, char **argv);
} attach_kinds[] = {
	{ "netfilter", nf_args },	{ "tracepoint", trace_args },
	{ "kprobe", trace_args },	{ "kretprobe", trace_args },
	{ "xdp", xdp_args },		{ "tc", xdp_args },
	{ "uprobe", uprobe_args },	{ "uretprobe", uprobe_args },
};
#define NR_ATTACH_KINDS (sizeof(attach_kinds) / sizeof(attach_kinds[0]))

static int link_attach(int argc, char **argv)
{
	struct wasmk_link_attach a;
	struct wasmk_prog_info info;
	char log[1024];
	size_t k;
	int fd, used, ret;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	used = prog_lookup(fd, argc, argv, &info);
	if (used <= 0) {
		close(fd);
		return used < 0 ? EXIT_USAGE : EXIT_ERR;
	}
	a.prog_id = info.prog_id;
	for (k = 0; k < NR_ATTACH_KINDS; k++)
		if (used < argc && !strcmp(argv[used], attach_kinds[k].kind))
			break;
	if (k < NR_ATTACH_KINDS)
		ret = attach_kinds[k].args(&a, argc - used, argv + used);
	else
		ret = usage_err("link", "expected a hook kind: netfilter, tracepoint, kprobe, "
				"kretprobe, uprobe, uretprobe, xdp or tc");
	if (ret) {
		close(fd);
		return ret;
	}
	log[0] = 0;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	ret = ioctl_raw(fd, WASMK_IOC_LINK_ATTACH, &a);
	if (ret) {
		close(fd);
		if (ret == -EPERM)
			err("link attach: operation not permitted: needs CAP_SYS_ADMIN, or CAP_BPF "
			    "and %s (run as root)",
			    a.hook == WASMK_HOOK_NETFILTER || a.hook == WASMK_HOOK_XDP ||
			    a.hook == WASMK_HOOK_TC ? "CAP_NET_ADMIN" : "CAP_PERFMON");
		else if (log[0])
			err("link attach: %s (%s)", log, strerror(-ret));
		else
			ioctl_err(-ret, "link attach");
		return EXIT_ERR;
	}
	/* XDP and tc: now the eBPF side; on failure, take the link back */
	if ((a.hook == WASMK_HOOK_XDP || a.hook == WASMK_HOOK_TC) && shim_attach(&a)) {
		struct wasmk_link_detach d = { .size = sizeof(d), .link_id = a.link_id };

		ioctl_raw(fd, WASMK_IOC_LINK_DETACH, &d);
		close(fd);
		return EXIT_ERR;
	}
	close(fd);
	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("id", a.link_id);
		json_u64("prog", a.prog_id);
		json_end_obj();
		json_done();
	} else {
		printf("attached program %u (%s) as link %u\n", info.prog_id, info.name, a.link_id);
	}
	return EXIT_OK;
}

static const char *hook_name(unsigned int hook)
{
	switch (hook) {
	case WASMK_HOOK_NETFILTER:
		return "netfilter";
	case WASMK_HOOK_TRACEPOINT:
		return "tracepoint";
	case WASMK_HOOK_KPROBE:
		return "kprobe";
	case WASMK_HOOK_KRETPROBE:
		return "kretprobe";
	case WASMK_HOOK_XDP:
		return "xdp";
	case WASMK_HOOK_TC:
		return "tc";
	case WASMK_HOOK_UPROBE:
		return "uprobe";
	case WASMK_HOOK_URETPROBE:
		return "uretprobe";
	case WASMK_HOOK_TP_RECORD:
		return "tracepoint_record";
	}
	return "unknown";
}

/*
 * The end of a link's entry: "entry" and its counters as JSON members (then
 * the object is closed), or the text's second line.  Packet links count
 * drops.
 */
static void show_counters(const struct wasmk_link_info *k, bool dropped)
{
	if (cli.json) {
		json_str("entry", k->entry);
		json_u64("runs", k->runs);
		json_u64("traps", k->traps);
		if (dropped) {
			json_u64("dropped", k->dropped);
			json_u64("passed", k->passed);
			json_u64("tx", k->tx);
			json_u64("redirected", k->redirected);
		}
		json_u64("missed", k->missed);
		json_end_obj();
		return;
	}
	printf("\truns %llu  traps %llu  ", (unsigned long long)k->runs,
	       (unsigned long long)k->traps);
	if (dropped)
		printf("dropped %llu  passed %llu  tx %llu  redirected %llu  ",
		       (unsigned long long)k->dropped, (unsigned long long)k->passed,
		       (unsigned long long)k->tx, (unsigned long long)k->redirected);
	printf("missed %llu\n", (unsigned long long)k->missed);
}

static const char *verdict_name(const struct wasmk_link_info *k)
{
	return (k->flags & WASMK_LINK_FAIL_CLOSED) ? "fail-closed" : "fail-open";
}

static void trace_link_show(const struct wasmk_link_info *k)
{
	char target[WASMK_TARGET_LEN + 24];

	if (k->hook == WASMK_HOOK_TP_RECORD)
		snprintf(target, sizeof(target), "%.*s", WASMK_TARGET_LEN, k->target);
	else if (k->hook == WASMK_HOOK_UPROBE || k->hook == WASMK_HOOK_URETPROBE)
		snprintf(target, sizeof(target), "%.*s@0x%llx", WASMK_TARGET_LEN, k->target,
			 (unsigned long long)k->target_offset);	/* the offset in the file */
	else if (k->target_offset)
		snprintf(target, sizeof(target), "%.*s+%llu", WASMK_TARGET_LEN, k->target,
			 (unsigned long long)k->target_offset);
	else
		snprintf(target, sizeof(target), "%.*s", WASMK_TARGET_LEN, k->target);
	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("id", k->link_id);
		json_u64("prog", k->prog_id);
		json_str("hook", hook_name(k->hook));
		json_str("target", target);
		if (k->hook == WASMK_HOOK_TP_RECORD)
			json_u64("event_id", k->target_offset);
		if (k->hook == WASMK_HOOK_KPROBE || k->hook == WASMK_HOOK_UPROBE ||
		    k->hook == WASMK_HOOK_URETPROBE)
			json_u64("offset", k->target_offset);
		json_u64("nargs", k->nargs);
	} else {
		if (k->hook == WASMK_HOOK_TP_RECORD)
			printf("%u: prog %u tracepoint %s record (event %llu) entry %s\n",
			       k->link_id, k->prog_id, target, (unsigned long long)k->target_offset,
			       k->entry);
		else
			printf("%u: prog %u %s %s (%u args) entry %s\n", k->link_id, k->prog_id,
			       hook_name(k->hook), target, k->nargs, k->entry);
	}
	show_counters(k, false);
}

static void nf_link_show(const struct wasmk_link_info *k)
{
	const char *fam = k->nf_family == 2 ? "ipv4" : "ipv6";
	const char *hook = k->nf_hooknum < NR_NF_HOOKS ? nf_hooks[k->nf_hooknum] : "?";

	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("id", k->link_id);
		json_u64("prog", k->prog_id);
		json_str("hook", "netfilter");
		json_str("family", fam);
		json_str("nf_hook", hook);
		json_i64("priority", k->nf_priority);
		json_str("default", verdict_name(k));
	} else {
		printf("%u: prog %u netfilter %s %s priority %d %s entry %s\n", k->link_id,
		       k->prog_id, fam, hook, k->nf_priority, verdict_name(k), k->entry);
	}
	show_counters(k, true);
}

static void pkt_link_show(const struct wasmk_link_info *k)
{
	const char *mode = k->hook == WASMK_HOOK_XDP ?
		(k->attach_mode == WASMK_XDP_GENERIC ? "generic" : "native") :
		(k->attach_mode == WASMK_TC_EGRESS ? "egress" : "ingress");
	char dev[IF_NAMESIZE + 8];
	bool here = !k->netns_cookie || k->netns_cookie == netns_cookie();

	/* a device of another namespace: its index, not a name of ours it may share */
	if (!here || !if_indextoname(k->ifindex, dev))
		snprintf(dev, sizeof(dev), "if%u", k->ifindex);
	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("id", k->link_id);
		json_u64("prog", k->prog_id);
		json_str("hook", hook_name(k->hook));
		json_str("dev", dev);
		json_u64("ifindex", k->ifindex);
		json_u64("netns_cookie", k->netns_cookie);
		json_str(k->hook == WASMK_HOOK_XDP ? "mode" : "direction", mode);
		json_str("default", verdict_name(k));
	} else {
		printf("%u: prog %u %s dev %s%s %s%s %s entry %s\n", k->link_id, k->prog_id,
		       hook_name(k->hook), dev, here ? "" : " (another netns)",
		       k->hook == WASMK_HOOK_XDP ? "mode " : "", mode, verdict_name(k), k->entry);
	}
	show_counters(k, true);
}

/* All links; *out is malloc'ed (free it), the count returned, -1 on error. */
static int get_links(int fd, struct wasmk_link_info **out)
{
	struct wasmk_link_info *infos = NULL;
	struct wasmk_link_list l;
	unsigned int n = 0;

	for (;;) {
		memset(&l, 0, sizeof(l));
		l.size = sizeof(l);
		l.count = n;
		l.links = (uintptr_t)infos;
		l.info_size = sizeof(*infos);
		if (dev_ioctl(fd, WASMK_IOC_LINK_LIST, &l, "link list")) {
			free(infos);
			return -1;
		}
		if (l.count <= n)
			break;
		n = l.count + 8;
		free(infos);
		infos = calloc(n, sizeof(*infos));
		if (!infos) {
			err("out of memory");
			return -1;
		}
	}
	*out = infos;
	return l.count;
}

static int link_list(int argc, char **argv)
{
	struct wasmk_link_info *infos = NULL;
	int fd, i, n;

	if (argc)
		return usage_err("link", "unexpected argument '%s'", argv[0]);
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	n = get_links(fd, &infos);
	close(fd);
	if (n < 0)
		return EXIT_ERR;
	if (cli.json)
		json_begin_arr(NULL);
	for (i = 0; i < n; i++) {
		switch (infos[i].hook) {
		case WASMK_HOOK_NETFILTER:
			nf_link_show(&infos[i]);
			break;
		case WASMK_HOOK_XDP:
		case WASMK_HOOK_TC:
			pkt_link_show(&infos[i]);
			break;
		default:
			trace_link_show(&infos[i]);
		}
	}
	if (cli.json) {
		json_end_arr();
		json_done();
	}
	free(infos);
	return EXIT_OK;
}

/*
 * XDP and tc: the link's eBPF shim comes off the device before the link
 * goes; nothing to do for other links.  Fails when the links can't be read.
 */
static int detach_shim(int fd, __u32 link_id)
{
	struct wasmk_link_info *infos = NULL;
	int i, n = get_links(fd, &infos), ret = 0;

	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (infos[i].link_id == link_id &&
		    (infos[i].hook == WASMK_HOOK_XDP || infos[i].hook == WASMK_HOOK_TC)) {
			ret = shim_detach(&infos[i]);
			break;
		}
	}
	free(infos);
	return ret ? -1 : 0;
}

static int link_detach(int argc, char **argv)
{
	struct wasmk_link_detach d;
	int fd, ret;

	if (argc != 1)
		return usage_err("link", "link detach needs one link ID");
	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	if (!parse_u32(argv[0], &d.link_id))
		return usage_err("link", "bad link ID '%s'", argv[0]);
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	if (detach_shim(fd, d.link_id)) {
		close(fd);
		return EXIT_ERR;
	}
	ret = ioctl_raw(fd, WASMK_IOC_LINK_DETACH, &d);
	close(fd);
	if (ret == -ENOENT) {
		err("no link with id %u: see wasmk link list", d.link_id);
		return EXIT_ERR;
	}
	if (ret) {
		ioctl_err(-ret, "link detach");
		return EXIT_ERR;
	}
	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("detached", d.link_id);
		json_end_obj();
		json_done();
	} else {
		printf("detached link %u\n", d.link_id);
	}
	return EXIT_OK;
}

int cmd_link(int argc, char **argv)
{
	static const struct subcmd cmds[] = {
		{ "attach", link_attach }, { "list", link_list }, { "ls", link_list },
		{ "detach", link_detach }, { NULL },
	};

	if (argc < 1)
		return link_list(0, argv);
	return subcmd_run("link", cmds, link_help, argc, argv);
}
