// SPDX-License-Identifier: GPL-2.0
/* wasmk prog load|list|show|unload */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/wasmk.h>

#include "wasmk.h"

#define MODULE_MAX	(16u << 20)

static void prog_help(void)
{
	printf("Usage: wasmk prog load FILE.wasm [name NAME] [fuel N] [memory PAGES] [stack BYTES]\n"
	       "                                [time US]\n"
	       "       wasmk prog list\n"
	       "       wasmk prog show ID | name NAME\n"
	       "       wasmk prog unload ID | name NAME\n"
	       "       wasmk prog test-run PROG (packet FILE | hex HEX | record HEX |\n"
	       "                                 syscall NR [ARG...] | args [ARG...])\n"
	       "                                [repeat N] [entry NAME]\n"
	       "\n"
	       "load     validate FILE in the kernel and keep it as a program; NAME\n"
	       "         defaults to the file's base name ([A-Za-z0-9_.-], <32 bytes).\n"
	       "         A rejected module prints the validator's reason.  fuel: units\n"
	       "         of work per run, one per Wasm instruction plus bulk work\n"
	       "         (default 1000000, at most 100000000); memory: cap on linear\n"
	       "         memory in 64 KiB pages (default 16); stack: bytes per run\n"
	       "         (default 4096, at most 8192); time: wall-clock budget per run in\n"
	       "         microseconds (default: module parameter run_time_us, 10000;\n"
	       "         at most 50000).\n"
	       "list     all loaded programs\n"
	       "show     one program\n"
	       "unload   free a program (refused while links use it)\n"
	       "test-run run PROG's entry (default: handler) in the kernel N times on\n"
	       "         packet bytes (from the IP header), on a syscall's number and\n"
	       "         arguments (as raw_syscalls:sys_enter gives them), on a\n"
	       "         kprobe's arguments, or on a trace event record (as a\n"
	       "         tracepoint record link gives it, for record_load()); prints\n"
	       "         the result or trap, the fuel used\n"
	       "         and the mean time per run\n"
	       "PROG is an ID or 'name NAME'.\n");
}

/* Default name: basename without .wasm, other characters as '_'. */
static void default_name(const char *path, char *name)
{
	const char *b = strrchr(path, '/');
	size_t i, n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 5 && !strcmp(b + n - 5, ".wasm"))
		n -= 5;
	if (n > WASMK_NAME_LEN - 1)
		n = WASMK_NAME_LEN - 1;
	for (i = 0; i < n; i++)
		name[i] = (isalnum((unsigned char)b[i]) || strchr("_.-", b[i])) ? b[i] : '_';
	name[n] = 0;
	if (!n)
		strcpy(name, "prog");
}

static int prog_load(int argc, char **argv)
{
	struct wasmk_field_reloc *fields = NULL;
	struct wasmk_prog_load a;
	char log[4096];
	unsigned char *wasm;
	size_t len;
	int fd, i, ret;

	if (argc < 1)
		return usage_err("prog", "prog load needs a FILE.wasm");
	memset(&a, 0, sizeof(a));
	default_name(argv[0], a.name);
	for (i = 1; i < argc; i++) {
		unsigned int v;

		if (!strcmp(argv[i], "name") && i + 1 < argc) {
			if (strlen(argv[i + 1]) >= WASMK_NAME_LEN)
				return usage_err("prog", "name '%s' is longer than %d bytes",
						 argv[i + 1], WASMK_NAME_LEN - 1);
			memset(a.name, 0, sizeof(a.name));
			strcpy(a.name, argv[++i]);
		} else if (!strcmp(argv[i], "fuel") && i + 1 < argc) {
			char *end;

			a.fuel = strtoull(argv[++i], &end, 0);
			if (*end || !a.fuel)
				return usage_err("prog", "fuel needs a positive number");
		} else if (!strcmp(argv[i], "memory") && i + 1 < argc) {
			if (!parse_u32(argv[++i], &v) || !v)
				return usage_err("prog", "memory needs a number of 64 KiB pages");
			a.mem_pages = v;
		} else if (!strcmp(argv[i], "stack") && i + 1 < argc) {
			if (!parse_u32(argv[++i], &v) || !v)
				return usage_err("prog", "stack needs a number of bytes");
			a.stack_bytes = v;
		} else if (!strcmp(argv[i], "time") && i + 1 < argc) {
			if (!parse_u32(argv[++i], &v) || !v)
				return usage_err("prog", "time needs a number of microseconds");
			a.run_time_us = v;
		} else {
			return usage_err("prog", "unexpected argument '%s'", argv[i]);
		}
	}
	wasm = read_file(argv[0], MODULE_MAX, &len);
	if (!wasm)
		return EXIT_ERR;
	if (resolve_fields(wasm, len, &fields, &a.nr_fields)) {
		free(wasm);
		return EXIT_ERR;
	}
	a.fields = (uintptr_t)fields;
	fd = dev_open();
	if (fd < 0) {
		free(wasm);
		free(fields);
		return EXIT_ERR;
	}
	a.size = sizeof(a);
	a.wasm = (uintptr_t)wasm;
	a.wasm_len = len;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	log[0] = 0;
	ret = ioctl_raw(fd, WASMK_IOC_PROG_LOAD, &a);
	free(wasm);
	free(fields);
	close(fd);
	if (ret) {
		if (ret == -ENOTTY || !log[0]) {
			ioctl_err(-ret, "prog load");
			return EXIT_ERR;
		}
		err("%s rejected (%s): %s%s", argv[0], strerror(-ret), log,
		    (a.out_flags & WASMK_LOG_TRUNCATED) ? " [log truncated]" : "");
		return EXIT_ERR;
	}
	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("id", a.prog_id);
		json_str("name", a.name);
		json_end_obj();
		json_done();
	} else {
		printf("loaded %s as program %u (%s)\n", argv[0], a.prog_id, a.name);
	}
	return EXIT_OK;
}

/* Resolve "ID" or "name NAME" at argv; returns args used, 0 on error. */
int prog_lookup(int fd, int argc, char **argv, struct wasmk_prog_info *info)
{
	int used;

	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	if (argc >= 2 && !strcmp(argv[0], "name")) {
		if (strlen(argv[1]) >= WASMK_NAME_LEN) {
			err("no program named '%s' (names are shorter than %d bytes)",
			    argv[1], WASMK_NAME_LEN);
			return 0;
		}
		strcpy(info->name, argv[1]);
		used = 2;
	} else if (argc >= 1 && parse_u32(argv[0], &info->prog_id) && info->prog_id) {
		used = 1;
	} else {
		usage_err("prog", "expected a program ID or 'name NAME'");
		return -1;
	}
	if (ioctl_raw(fd, WASMK_IOC_PROG_INFO, info)) {
		if (errno == ENOENT) {
			if (info->prog_id)
				err("no program with id %u: see wasmk prog list", info->prog_id);
			else
				err("no program named '%s': see wasmk prog list", info->name);
		} else {
			ioctl_err(errno, "prog show");
		}
		return 0;
	}
	return used;
}

/* The runs run_ns covers (all of them on a wasmk.ko older than VER4). */
unsigned long long prog_timed_runs(const struct wasmk_prog_info *p)
{
	return p->timed_runs || !p->run_ns ? p->timed_runs : p->runs;
}

static void print_prog(const struct wasmk_prog_info *p)
{
	unsigned long long timed = prog_timed_runs(p);
	unsigned int t;
	const char *tier = p->tier == WASMK_TIER_JIT ? "jit" :
			   p->tier == WASMK_TIER_INTERP ? "interpreter" : "?";

	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("id", p->prog_id);
		json_str("name", p->name);
		json_u64("bytes", p->wasm_len);
		json_u64("funcs", p->nr_funcs);
		json_u64("imports", p->nr_imports);
		json_u64("exports", p->nr_exports);
		json_u64("mem_pages", p->mem_pages);
		json_u64("load_uid", p->load_uid);
		json_u64("load_time_ns", p->load_time_ns);
		json_str("tier", tier);
		json_u64("links", p->nr_links);
		json_u64("fuel_per_run", p->fuel);
		json_u64("mem_pages_max", p->mem_pages_max);
		json_u64("stack_bytes", p->stack_bytes);
		json_u64("run_time_us", p->run_time_us);
		json_u64("runs", p->runs);
		json_u64("run_ns", p->run_ns);
		json_u64("timed_runs", timed);
		json_u64("fuel_used", p->fuel_used);
		json_u64("traps", p->traps);
		json_u64("missed", p->missed);
		json_u64("code_bytes", p->code_bytes);
		if (p->event_layout[0])
			json_str("event_layout", p->event_layout);
		json_begin_obj("traps_by_kind");
		for (t = 1; t < WASMK_TRAP_MAX; t++)
			if (p->traps_by_kind[t])
				json_u64(trap_name(t), p->traps_by_kind[t]);
		json_end_obj();
		json_end_obj();
	} else {
		printf("%u: %s  bytes %u  funcs %u  imports %u  exports %u  mem_pages %u"
		       "  uid %u\n", p->prog_id, p->name, p->wasm_len, p->nr_funcs,
		       p->nr_imports, p->nr_exports, p->mem_pages, p->load_uid);
		printf("\ttier %s  links %u  fuel/run %llu  time/run %u us  memory cap %u pages"
		       "  stack %u\n"
		       "\truns %llu  run_ns %llu  fuel used %llu  traps %llu  missed %llu\n",
		       tier, p->nr_links, (unsigned long long)p->fuel, p->run_time_us,
		       p->mem_pages_max, p->stack_bytes, (unsigned long long)p->runs,
		       (unsigned long long)p->run_ns, (unsigned long long)p->fuel_used,
		       (unsigned long long)p->traps, (unsigned long long)p->missed);
		if (timed != p->runs)
			printf("\ttimed runs %llu (run time is counted while wasmk.ko's run_stats "
			       "parameter is on)\n", (unsigned long long)timed);
		if (p->code_bytes)
			printf("\tjit code %u bytes per CPU\n", p->code_bytes);
		if (p->event_layout[0])
			printf("\tevent layout %s\n", p->event_layout);
		for (t = 1; t < WASMK_TRAP_MAX; t++)
			if (p->traps_by_kind[t])
				printf("\ttrap '%s': %llu\n", trap_name(t),
				       (unsigned long long)p->traps_by_kind[t]);
	}
}

static int prog_show(int argc, char **argv)
{
	struct wasmk_prog_info info;
	int fd, used;

	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	used = prog_lookup(fd, argc, argv, &info);
	close(fd);
	if (used < 0)
		return EXIT_USAGE;
	if (!used)
		return EXIT_ERR;
	if (used != argc)
		return usage_err("prog", "unexpected argument '%s'", argv[used]);
	print_prog(&info);
	if (cli.json)
		json_done();
	return EXIT_OK;
}

static int prog_list(int argc, char **argv)
{
	struct wasmk_prog_list l;
	struct wasmk_prog_info info;
	uint32_t *ids = NULL;
	unsigned int i, n;
	int fd;

	if (argc)
		return usage_err("prog", "unexpected argument '%s'", argv[0]);
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	/* Ask for the count, then the ids; retry if programs came meanwhile. */
	n = 0;
	for (;;) {
		memset(&l, 0, sizeof(l));
		l.size = sizeof(l);
		l.count = n;
		l.ids = (uintptr_t)ids;
		if (ioctl_raw(fd, WASMK_IOC_PROG_LIST, &l)) {
			ioctl_err(errno, "prog list");
			free(ids);
			close(fd);
			return EXIT_ERR;
		}
		if (l.count <= n)
			break;
		n = l.count + 16;
		free(ids);
		ids = calloc(n, sizeof(*ids));
		if (!ids) {
			err("out of memory");
			close(fd);
			return EXIT_ERR;
		}
	}
	if (cli.json)
		json_begin_arr(NULL);
	for (i = 0; i < l.count; i++) {
		memset(&info, 0, sizeof(info));
		info.size = sizeof(info);
		info.prog_id = ids[i];
		if (ioctl_raw(fd, WASMK_IOC_PROG_INFO, &info))
			continue;	/* unloaded meanwhile */
		print_prog(&info);
	}
	if (cli.json) {
		json_end_arr();
		json_done();
	}
	free(ids);
	close(fd);
	return EXIT_OK;
}

static int prog_unload(int argc, char **argv)
{
	struct wasmk_prog_unload u;
	struct wasmk_prog_info info;
	int fd, used;

	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	used = prog_lookup(fd, argc, argv, &info);
	if (used <= 0) {
		close(fd);
		return used < 0 ? EXIT_USAGE : EXIT_ERR;
	}
	if (used != argc) {
		close(fd);
		return usage_err("prog", "unexpected argument '%s'", argv[used]);
	}
	memset(&u, 0, sizeof(u));
	u.size = sizeof(u);
	u.prog_id = info.prog_id;
	if (dev_ioctl(fd, WASMK_IOC_PROG_UNLOAD, &u, "prog unload")) {
		close(fd);
		return EXIT_ERR;
	}
	close(fd);
	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("unloaded", info.prog_id);
		json_end_obj();
		json_done();
	} else {
		printf("unloaded program %u (%s)\n", info.prog_id, info.name);
	}
	return EXIT_OK;
}

static int prog_test_run(int argc, char **argv)
{
	struct wasmk_prog_test_run t;
	struct wasmk_prog_info info;
	unsigned char *ctx = NULL;
	size_t ctx_len = 0;
	int fd, used, i, e, ret = EXIT_ERR;

	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	used = prog_lookup(fd, argc, argv, &info);
	if (used <= 0) {
		close(fd);
		return used < 0 ? EXIT_USAGE : EXIT_ERR;
	}
	memset(&t, 0, sizeof(t));
	t.size = sizeof(t);
	t.prog_id = info.prog_id;
	t.hook = WASMK_HOOK_NETFILTER;
	for (i = used; i < argc; i++) {
		const char *kw = argv[i];

		if (i + 1 >= argc) {
			ret = usage_err("prog", "'%s' needs a value", kw);
			goto out;
		}
		if (!strcmp(kw, "packet")) {
			free(ctx);
			ctx = read_file(argv[++i], 65535, &ctx_len);
			if (!ctx)
				goto out;
		} else if (!strcmp(kw, "hex") || !strcmp(kw, "record")) {
			/* record: a trace event record, as a tracepoint record link gives */
			if (!strcmp(kw, "record"))
				t.hook = WASMK_HOOK_TP_RECORD;
			free(ctx);
			ctx = parse_hex(argv[++i], &ctx_len);
			if (!ctx) {
				ret = usage_err("prog", "bad hex bytes '%s'", argv[i]);
				goto out;
			}
		} else if (!strcmp(kw, "syscall") || !strcmp(kw, "args")) {
			/* syscall NR [ARG...]: sys_enter's (nr, a0..a5); args: a kprobe's */
			bool sys = !strcmp(kw, "syscall");
			unsigned int max = sys ? 7 : 6, k = 0;
			unsigned long long *v = calloc(12, sizeof(*v));

			if (!v) {
				err("out of memory");
				goto out;
			}
			for (i++; i < argc && k < max; i++, k++) {
				char *end;

				errno = 0;
				v[k] = strtoull(argv[i], &end, 0);
				if (*end || errno) {
					if (argv[i][0] == '-' && argv[i][1]) {
						v[k] = (unsigned long long)strtoll(argv[i], &end, 0);
						if (!*end && !errno)
							continue;
					}
					break;
				}
			}
			i--;
			free(ctx);
			ctx = (unsigned char *)v;
			ctx_len = (sys ? 7 : k) * sizeof(*v);
			t.hook = sys ? WASMK_HOOK_TRACEPOINT : WASMK_HOOK_KPROBE;
			if (sys && k == 0) {
				ret = usage_err("prog", "syscall needs a syscall number");
				goto out;
			}
		} else if (!strcmp(kw, "repeat")) {
			if (!parse_u32(argv[++i], &t.repeat)) {
				ret = usage_err("prog", "repeat needs a number");
				goto out;
			}
		} else if (!strcmp(kw, "entry")) {
			if (strlen(argv[++i]) >= WASMK_NAME_LEN) {
				ret = usage_err("prog", "entry name too long");
				goto out;
			}
			strcpy(t.entry, argv[i]);
		} else {
			ret = usage_err("prog", "unexpected argument '%s'", kw);
			goto out;
		}
	}
	t.ctx_in = (uintptr_t)ctx;
	t.ctx_len = ctx_len;
	/*
	 * SIGINT/SIGTERM stop the kernel's repeats (EINTR): say so, rather
	 * than die in the ioctl without a word.
	 */
	catch_stop_signals();
	e = ioctl_raw(fd, WASMK_IOC_PROG_TEST_RUN, &t);
	if (e == -EINTR) {
		if (stop_signal)
			err("prog test-run: interrupted by %s", strsignal(stop_signal));
		else
			err("prog test-run: interrupted");
		goto out;
	}
	if (e) {
		ioctl_err(-e, "prog test-run");
		goto out;
	}
	ret = EXIT_OK;
	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("id", info.prog_id);
		json_i64("result", t.result);
		json_u64("trap", t.trap);
		json_str("trap_name", trap_name(t.trap));
		json_u64("fuel_used", t.fuel_used);
		json_u64("duration_ns", t.duration_ns);
		json_end_obj();
		json_done();
	} else if (t.trap) {
		printf("trap: %s, fuel used %llu, %llu ns/run\n", trap_name(t.trap),
		       (unsigned long long)t.fuel_used, (unsigned long long)t.duration_ns);
	} else {
		printf("result %lld, fuel used %llu, %llu ns/run\n", (long long)t.result,
		       (unsigned long long)t.fuel_used, (unsigned long long)t.duration_ns);
	}
out:
	free(ctx);
	close(fd);
	return ret;
}

int cmd_prog(int argc, char **argv)
{
	static const struct subcmd cmds[] = {
		{ "load", prog_load }, { "list", prog_list }, { "ls", prog_list },
		{ "show", prog_show }, { "unload", prog_unload }, { "test-run", prog_test_run },
		{ NULL },
	};

	if (argc < 1)		/* like `bpftool prog`, `ip link` */
		return prog_list(0, argv);
	return subcmd_run("prog", cmds, prog_help, argc, argv);
}
