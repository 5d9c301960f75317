// SPDX-License-Identifier: GPL-2.0
/* wasmk link attach|list|detach */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/wasmk.h>

#include "wasmk.h"

static const char *const nf_hooks[] = {
	"prerouting", "input", "forward", "output", "postrouting",
};

static const char *const trap_names[] = {
	"none", "unreachable", "out of bounds memory access", "integer divide by zero",
	"integer overflow", "invalid conversion to integer", "undefined element",
	"uninitialized element", "indirect call type mismatch", "out of bounds table access",
	"call stack exhausted", "fuel exhausted", "host function failed",
};

const char *trap_name(unsigned int trap)
{
	return trap < sizeof(trap_names) / sizeof(trap_names[0]) ? trap_names[trap] : "unknown";
}

static void link_help(void)
{
	printf("Usage: wasmk link attach PROG netfilter ipv4|ipv6 HOOK [priority P]\n"
	       "                         [fail-open|fail-closed] [entry NAME]\n"
	       "       wasmk link list\n"
	       "       wasmk link detach ID\n"
	       "\n"
	       "PROG is an ID or 'name NAME'.  HOOK is prerouting, input, forward, output\n"
	       "or postrouting.  The entry (default: handler) must be int handler(int len)\n"
	       "returning 0 (drop) or 1 (accept); a trap or another value gives the\n"
	       "default verdict: accept (fail-open, the default) or drop (fail-closed).\n"
	       "The hook is attached in every network namespace, present and future.\n");
}

static int link_attach(int argc, char **argv)
{
	struct wasmk_link_attach a;
	struct wasmk_prog_info info;
	char log[1024];
	unsigned int h;
	int fd, used, i, ret;

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
	i = used;
	if (i >= argc || strcmp(argv[i], "netfilter")) {
		close(fd);
		return usage_err("link", "expected a hook kind: netfilter");
	}
	a.hook = WASMK_HOOK_NETFILTER;
	if (++i >= argc || (strcmp(argv[i], "ipv4") && strcmp(argv[i], "ipv6"))) {
		close(fd);
		return usage_err("link", "expected ipv4 or ipv6 after netfilter");
	}
	a.nf_family = !strcmp(argv[i], "ipv4") ? 2 : 10;
	if (++i >= argc) {
		close(fd);
		return usage_err("link", "expected a hook: prerouting, input, forward, output, "
				 "postrouting");
	}
	for (h = 0; h < 5; h++)
		if (!strcmp(argv[i], nf_hooks[h]))
			break;
	if (h == 5) {
		close(fd);
		return usage_err("link", "unknown netfilter hook '%s': expected prerouting, "
				 "input, forward, output or postrouting", argv[i]);
	}
	a.nf_hooknum = h;
	for (i++; i < argc; i++) {
		if (!strcmp(argv[i], "fail-open")) {
			a.flags &= ~WASMK_LINK_FAIL_CLOSED;
		} else if (!strcmp(argv[i], "fail-closed")) {
			a.flags |= WASMK_LINK_FAIL_CLOSED;
		} else if (!strcmp(argv[i], "priority") && i + 1 < argc) {
			char *end;
			long p = strtol(argv[++i], &end, 0);

			if (*end || p < INT32_MIN || p > INT32_MAX) {
				close(fd);
				return usage_err("link", "bad priority '%s'", argv[i]);
			}
			a.nf_priority = p;
		} else if (!strcmp(argv[i], "entry") && i + 1 < argc) {
			if (strlen(argv[++i]) >= WASMK_NAME_LEN) {
				close(fd);
				return usage_err("link", "entry name too long");
			}
			strcpy(a.entry, argv[i]);
		} else {
			close(fd);
			return usage_err("link", "unexpected argument '%s'", argv[i]);
		}
	}
	log[0] = 0;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	ret = ioctl_raw(fd, WASMK_IOC_LINK_ATTACH, &a);
	close(fd);
	if (ret) {
		if (log[0])
			err("link attach: %s (%s)", log, strerror(-ret));
		else
			ioctl_err(-ret, "link attach");
		return EXIT_ERR;
	}
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

static int link_list(int argc, char **argv)
{
	struct wasmk_link_info *infos = NULL;
	struct wasmk_link_list l;
	unsigned int i, n = 0;
	int fd;

	if (argc)
		return usage_err("link", "unexpected argument '%s'", argv[0]);
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	for (;;) {
		memset(&l, 0, sizeof(l));
		l.size = sizeof(l);
		l.count = n;
		l.links = (uintptr_t)infos;
		l.info_size = sizeof(*infos);
		if (dev_ioctl(fd, WASMK_IOC_LINK_LIST, &l, "link list")) {
			free(infos);
			close(fd);
			return EXIT_ERR;
		}
		if (l.count <= n)
			break;
		n = l.count + 8;
		free(infos);
		infos = calloc(n, sizeof(*infos));
		if (!infos) {
			close(fd);
			err("out of memory");
			return EXIT_ERR;
		}
	}
	close(fd);
	if (cli.json)
		json_begin_arr(NULL);
	for (i = 0; i < l.count; i++) {
		const struct wasmk_link_info *k = &infos[i];
		const char *fam = k->nf_family == 2 ? "ipv4" : "ipv6";
		const char *hook = k->nf_hooknum < 5 ? nf_hooks[k->nf_hooknum] : "?";
		const char *def = (k->flags & WASMK_LINK_FAIL_CLOSED) ? "fail-closed" : "fail-open";

		if (cli.json) {
			json_begin_obj(NULL);
			json_u64("id", k->link_id);
			json_u64("prog", k->prog_id);
			json_str("hook", "netfilter");
			json_str("family", fam);
			json_str("nf_hook", hook);
			json_i64("priority", k->nf_priority);
			json_str("default", def);
			json_str("entry", k->entry);
			json_u64("runs", k->runs);
			json_u64("traps", k->traps);
			json_u64("dropped", k->dropped);
			json_u64("missed", k->missed);
			json_end_obj();
		} else {
			printf("%u: prog %u netfilter %s %s priority %d %s entry %s\n"
			       "\truns %llu  traps %llu  dropped %llu  missed %llu\n",
			       k->link_id, k->prog_id, fam, hook, k->nf_priority, def, k->entry,
			       (unsigned long long)k->runs, (unsigned long long)k->traps,
			       (unsigned long long)k->dropped, (unsigned long long)k->missed);
		}
	}
	if (cli.json) {
		json_end_arr();
		json_done();
	}
	free(infos);
	return EXIT_OK;
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
	if (argc < 1 || !strcmp(argv[0], "help")) {
		link_help();
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[0], "attach"))
		return link_attach(argc - 1, argv + 1);
	if (!strcmp(argv[0], "list") || !strcmp(argv[0], "ls"))
		return link_list(argc - 1, argv + 1);
	if (!strcmp(argv[0], "detach"))
		return link_detach(argc - 1, argv + 1);
	return usage_err("link", "unknown command 'link %s'", argv[0]);
}
