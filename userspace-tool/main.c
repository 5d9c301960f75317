// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk: load and manage WebAssembly handlers in the Linux kernel.
 *
 * Object-verb commands in the style of bpftool and ip.  Global options
 * come before the object: -j (JSON), -p (pretty JSON), -d DEVICE.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/wasmk.h>

#include "wasmk.h"

struct cli cli = { .dev = WASMK_DEVICE };

static void verr(const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (cli.json) {
		json_begin_obj(NULL);
		json_str("error", msg);
		json_end_obj();
		json_done();
	}
	fprintf(stderr, "wasmk: %s\n", msg);
}

void err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
}

int usage_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
	fprintf(stderr, "try: wasmk %s%shelp\n", cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}

/*
 * OBJECT COMMAND [ARGS...] (argv[0] is COMMAND): `help` prints the
 * object's usage, a command of cmds runs on the arguments after it.
 */
int subcmd_run(const char *obj, const struct subcmd *cmds, void (*help)(void), int argc,
	       char **argv)
{
	const struct subcmd *s;

	if (!strcmp(argv[0], "help")) {
		help();
		return EXIT_OK;
	}
	for (s = cmds; s->name; s++)
		if (!strcmp(argv[0], s->name))
			return s->fn(argc - 1, argv + 1);
	return usage_err(obj, "unknown command '%s %s'", obj, argv[0]);
}

/* OBJECT given without its arguments: a usage error (JSON with -j). */
int missing_args(const char *obj)
{
	return usage_err(obj, "'%s' needs arguments", obj);
}

int dev_open(void)
{
	int fd = open(cli.dev, O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		err("%s not found: is wasmk.ko loaded? try: sudo insmod kmod/wasmk.ko",
		    cli.dev);
	else if (errno == EACCES)
		err("%s: permission denied: check the device's mode, or run as root",
		    cli.dev);
	else
		err("cannot open %s: %s", cli.dev, strerror(errno));
	return -1;
}

volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;	/* no SA_RESTART: a blocking call returns EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int ioctl_raw(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

int dev_ioctl(int fd, unsigned long cmd, void *arg, const char *what)
{
	int e;

	if (ioctl(fd, cmd, arg) == 0)
		return 0;
	e = errno;
	ioctl_err(e, what);
	errno = e;
	return -e;
}

void ioctl_err(int e, const char *what)
{
	switch (e) {
	case EPERM:
		err("%s: operation not permitted: needs CAP_SYS_ADMIN or CAP_BPF "
		    "(run as root)", what);
		break;
	case ENOTTY:
		err("%s: not supported by the loaded wasmk.ko: is it older than "
		    "this tool? check: wasmk version", what);
		break;
	default:
		err("%s: %s", what, strerror(e));
	}
}

static void print_help(FILE *f)
{
	fprintf(f,
		"Usage: wasmk [OPTIONS] OBJECT COMMAND [ARGS...]\n"
		"       wasmk [OPTIONS] version\n"
		"       wasmk help\n"
		"\n"
		"OPTIONS:\n"
		"  -j, --json        JSON output\n"
		"  -p, --pretty      pretty-printed JSON output (implies -j)\n"
		"  -d, --device PATH device to use (default " WASMK_DEVICE ")\n"
		"  -h, --help        this help\n"
		"\n"
		"COMMANDS:\n"
		"  prog load FILE.wasm [name NAME] [fuel N] [memory PAGES] [stack BYTES]\n"
		"                                    validate and load a program\n"
		"  prog [list]                       loaded programs\n"
		"  prog show ID | name NAME          one program\n"
		"  prog unload ID | name NAME        unload a program\n"
		"  prog test-run PROG (packet FILE | hex HEX | syscall NR [ARG...] |\n"
		"                     args [ARG...]) [repeat N]\n"
		"                                    run a program in the kernel on a context\n"
		"  link attach PROG netfilter ipv4|ipv6 HOOK [priority P]\n"
		"              [fail-open|fail-closed] [entry NAME]\n"
		"  link attach PROG tracepoint CATEGORY:NAME [entry NAME]\n"
		"  link attach PROG kprobe|kretprobe SYMBOL[+OFF] [entry NAME]\n"
		"  link [list]                       attached handlers and their counters\n"
		"  link detach ID                    detach (waits for running handlers)\n"
		"  mem read PROG OFFSET LEN [cpu N | sum]   a program's memory, per CPU\n"
		"  mem write PROG OFFSET HEX [cpu N | all] set it (configuration)\n"
		"                                    OFFSET: a number or SYMBOL[+N] it exports\n"
		"  map list | show MAP | dump MAP [sum]     the maps programs declare\n"
		"  map lookup|update|delete MAP key HEX [value HEX]  one entry\n"
		"  events PROG [count N] [layout SPEC]  follow the records a handler emits\n"
		"  top [interval S] [count N]        live per-program statistics\n"
		"  check FILE.wasm                   validate offline (no kernel needed)\n"
		"  run FILE.wasm --invoke NAME [ARG...] [--fuel N] [--interp]\n"
		"                                    run a function offline (no kernel needed)\n"
		"  version           tool version and the loaded module's ABI\n"
		"  help              this help\n"
		"\n"
		"Exit status: 0 success, 1 the operation failed, 2 usage error.\n");
}

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "version", cmd_version },
	{ "prog", cmd_prog },
	{ "check", cmd_check },
	{ "link", cmd_link },
	{ "mem", cmd_mem },
	{ "map", cmd_map },
	{ "top", cmd_top },
	{ "events", cmd_events },
	{ "run", cmd_run },
};

int main(int argc, char **argv)
{
	int i = 1;
	size_t c;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "-j") || !strcmp(o, "--json")) {
			cli.json = true;
		} else if (!strcmp(o, "-p") || !strcmp(o, "--pretty")) {
			cli.json = cli.pretty = true;
		} else if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			print_help(stdout);
			return EXIT_OK;
		} else if (!strcmp(o, "-d") || !strcmp(o, "--device")) {
			if (++i >= argc)
				return usage_err(NULL, "%s needs a path", o);
			cli.dev = argv[i];
		} else if (!strcmp(o, "-V") || !strcmp(o, "--version")) {
			return cmd_version(0, NULL);
		} else {
			return usage_err(NULL, "unknown option '%s'", o);
		}
	}
	if (i >= argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		print_help(stdout);
		return EXIT_OK;
	}
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (!strcmp(argv[i], commands[c].name))
			return commands[c].fn(argc - i - 1, argv + i + 1);
	return usage_err(NULL, "unknown object '%s'", argv[i]);
}
