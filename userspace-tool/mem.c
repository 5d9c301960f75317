// SPDX-License-Identifier: GPL-2.0
/* wasmk mem read|write: a program's linear memory, per CPU. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/wasmk.h>

#include "wasmk.h"

static void mem_help(void)
{
	printf("Usage: wasmk mem read PROG OFFSET LEN [cpu N | sum]\n"
	       "       wasmk mem write PROG OFFSET HEX [cpu N | all]\n"
	       "\n"
	       "Each CPU runs its own instance of a program, with its own memory.\n"
	       "read    hex bytes of every CPU's memory (or one CPU's); 'sum' adds the\n"
	       "        range up across CPUs as little-endian 64-bit counters (LEN a\n"
	       "        multiple of 8) and prints one number per counter\n"
	       "write   the bytes to every CPU's memory (default) or one CPU's\n"
	       "PROG is an ID or 'name NAME'.  OFFSET is a number (0x18000) or\n"
	       "SYMBOL[+N]: a variable the module exports (in C: declared with\n"
	       "__attribute__((visibility(\"default\"))), as wasmk-cc links), N bytes\n"
	       "into it: 'wasmk mem read name port_counter udp_counts 128 sum'.\n");
}

static int mem_io(int fd, unsigned long cmd, unsigned int prog, unsigned int cpu,
		  unsigned long long off, void *buf, unsigned int len)
{
	struct wasmk_mem m;

	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	m.prog_id = prog;
	m.cpu = cpu;
	m.offset = off;
	m.buf = (uintptr_t)buf;
	m.len = len;
	return ioctl_raw(fd, cmd, &m);
}

static void mem_err(int e, const char *what, unsigned long long off, unsigned int len)
{
	if (e == EINVAL)
		err("%s: [%llu, %llu) is outside the program's memory (or a bad CPU)",
		    what, off, off + len);
	else if (e == ENODATA)
		err("%s: the program has no linear memory", what);
	else
		ioctl_err(e, what);
}

static int parse_u64(const char *s, unsigned long long *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return (errno || *end) ? -1 : 0;
}

/* Where an OFFSET argument points: a number, or a symbol plus a number. */
struct mem_at {
	const struct wasmk_prog_info *prog;
	const char *arg;		/* as given */
	unsigned long long off;		/* the address it names */
	unsigned long long mem_size;	/* symbols: the memory's size then */
	bool sym;
};

static const char *symbol_what(const struct wasmk_prog_symbol *s)
{
	switch (s->kind) {
	case WASMK_SYMBOL_FUNC:
		return "a function";
	case WASMK_SYMBOL_TABLE:
		return "a table";
	case WASMK_SYMBOL_MEMORY:
		return "the memory itself";
	case WASMK_SYMBOL_GLOBAL:
		return s->out_flags & WASMK_SYMBOL_MUTABLE ? "a mutable global" :
							     "a global that is not an i32";
	}
	return "an export of an unknown kind";
}

/*
 * OFFSET: a number, or SYMBOL[+N], an address the program exports (an
 * immutable i32 global: what clang makes of a C variable with default
 * visibility) plus N.  EXIT_OK, or the exit status after the message.
 */
static int mem_offset(int fd, const struct wasmk_prog_info *prog, const char *arg,
		      const char *what, struct mem_at *at)
{
	struct wasmk_prog_symbol s;
	unsigned long long add = 0;
	const char *plus;
	size_t n;

	memset(at, 0, sizeof(*at));
	at->prog = prog;
	at->arg = arg;
	if (isdigit((unsigned char)arg[0])) {
		if (parse_u64(arg, &at->off))
			return usage_err("mem", "bad OFFSET '%s': a number or SYMBOL[+N]", arg);
		return EXIT_OK;
	}
	/* SYMBOL+N when what follows the last '+' is a number, else all SYMBOL */
	plus = strrchr(arg, '+');
	n = plus && isdigit((unsigned char)plus[1]) && !parse_u64(plus + 1, &add) ?
		(size_t)(plus - arg) : strlen(arg);
	if (!n || arg[0] == '-')
		return usage_err("mem", "bad OFFSET '%s': a number or SYMBOL[+N]", arg);
	if (n >= WASMK_SYMBOL_LEN) {
		err("program %u (%s) exports no symbol '%.*s' (names are shorter than %d bytes)",
		    prog->prog_id, prog->name, (int)n, arg, WASMK_SYMBOL_LEN);
		return EXIT_ERR;
	}
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.prog_id = prog->prog_id;
	memcpy(s.name, arg, n);
	if (ioctl_raw(fd, WASMK_IOC_PROG_SYMBOL, &s)) {
		if (errno == ENOENT)
			err("program %u (%s) exports no symbol '%s'", prog->prog_id, prog->name,
			    s.name);
		else if (errno == ENOTTY)
			err("%s: the loaded wasmk.ko can't look up symbols (no PROG_SYMBOL): "
			    "give OFFSET as a number, or check: wasmk version", what);
		else
			ioctl_err(errno, what);
		return EXIT_ERR;
	}
	if (!(s.out_flags & WASMK_SYMBOL_ADDR)) {
		err("program %u (%s): '%s' is %s, not the address of data (an immutable i32 "
		    "global, as clang exports a C variable)", prog->prog_id, prog->name, s.name,
		    symbol_what(&s));
		return EXIT_ERR;
	}
	at->sym = true;
	at->mem_size = s.mem_size;
	at->off = s.value + add;
	if (add > ~0ull - s.value)
		at->off = ~0ull;	/* past any memory */
	return EXIT_OK;
}

/* A symbol's range [off, off + len) within memory, or a message and EXIT_ERR. */
static int mem_in_range(const struct mem_at *at, unsigned long long len)
{
	if (!at->sym || (at->off <= at->mem_size && len <= at->mem_size - at->off))
		return EXIT_OK;
	if (at->off == ~0ull)
		err("program %u (%s): %s is past the end of its memory (%llu bytes)",
		    at->prog->prog_id, at->prog->name, at->arg, at->mem_size);
	else
		err("program %u (%s): %s is [0x%llx, 0x%llx), outside its memory (%llu bytes)",
		    at->prog->prog_id, at->prog->name, at->arg, at->off, at->off + len,
		    at->mem_size);
	return EXIT_ERR;
}

static int mem_read(int fd, const struct wasmk_prog_info *info, int argc, char **argv)
{
	unsigned long long off, *sums = NULL;
	unsigned int len, cpu, ncpu = possible_cpus(), one = ~0u, i, prog = info->prog_id;
	struct mem_at at;
	bool sum = false;
	unsigned char *buf;
	int ret = EXIT_OK, e;

	if (argc < 2 || !parse_u32(argv[1], &len) || len > WASMK_MEM_IO_MAX)
		return usage_err("mem", "mem read needs OFFSET and LEN (at most %u)",
				 WASMK_MEM_IO_MAX);
	if (argc == 3 && !strcmp(argv[2], "sum")) {
		sum = true;
		if (len % 8)
			return usage_err("mem", "sum needs LEN a multiple of 8");
	} else if (argc == 4 && !strcmp(argv[2], "cpu")) {
		if (!parse_u32(argv[3], &one) || one >= ncpu)
			return usage_err("mem", "cpu needs a CPU id below %u", ncpu);
	} else if (argc != 2) {
		return usage_err("mem", "unexpected argument '%s'", argv[2]);
	}
	ret = mem_offset(fd, info, argv[0], "mem read", &at);
	if (ret == EXIT_OK)
		ret = mem_in_range(&at, len);
	if (ret != EXIT_OK)
		return ret;
	off = at.off;
	buf = malloc(len ? len : 1);
	sums = calloc(len / 8 + 1, sizeof(*sums));
	if (!buf || !sums) {
		free(buf);
		free(sums);
		err("out of memory");
		return EXIT_ERR;
	}
	if (cli.json && !sum)
		json_begin_arr(NULL);
	for (cpu = 0; cpu < ncpu; cpu++) {
		if (one != ~0u && cpu != one)
			continue;
		e = mem_io(fd, WASMK_IOC_MEM_READ, prog, cpu, off, buf, len);
		if (e) {
			mem_err(-e, "mem read", off, len);
			ret = EXIT_ERR;
			break;
		}
		if (sum) {
			for (i = 0; i < len / 8; i++) {
				unsigned long long v;

				memcpy(&v, buf + 8 * i, 8);
				sums[i] += v;
			}
			continue;
		}
		if (cli.json) {
			char *hex = malloc(2 * len + 1);

			if (!hex)
				break;
			for (i = 0; i < len; i++)
				sprintf(hex + 2 * i, "%02x", buf[i]);
			hex[2 * len] = 0;
			json_begin_obj(NULL);
			json_u64("cpu", cpu);
			json_str("hex", hex);
			json_end_obj();
			free(hex);
		} else {
			printf("cpu %u:", cpu);
			for (i = 0; i < len; i++)
				printf("%s%02x", i % 16 ? " " : "\n  ", buf[i]);
			printf("\n");
		}
	}
	if (ret == EXIT_OK && sum) {
		if (cli.json)
			json_begin_arr(NULL);
		for (i = 0; i < len / 8; i++) {
			if (cli.json)
				json_u64(NULL, sums[i]);
			else
				printf("%llu\n", sums[i]);
		}
		if (cli.json) {
			json_end_arr();
			json_done();
		}
	} else if (cli.json && !sum) {
		json_end_arr();
		json_done();
	}
	free(buf);
	free(sums);
	return ret;
}

static int mem_write(int fd, const struct wasmk_prog_info *info, int argc, char **argv)
{
	unsigned int cpu = WASMK_MEM_ALL_CPUS, ncpu = possible_cpus();
	unsigned long long off;
	unsigned char *bytes;
	struct mem_at at;
	size_t len;
	int e;

	if (argc < 2)
		return usage_err("mem", "mem write needs OFFSET and HEX bytes");
	bytes = parse_hex(argv[1], &len);
	if (!bytes)
		return usage_err("mem", "bad hex bytes '%s'", argv[1]);
	if (argc == 4 && !strcmp(argv[2], "cpu")) {
		if (!parse_u32(argv[3], &cpu) || cpu >= ncpu) {
			free(bytes);
			return usage_err("mem", "cpu needs a CPU id below %u", ncpu);
		}
	} else if (!(argc == 2 || (argc == 3 && !strcmp(argv[2], "all")))) {
		free(bytes);
		return usage_err("mem", "unexpected argument '%s'", argv[2]);
	}
	e = mem_offset(fd, info, argv[0], "mem write", &at);
	if (e == EXIT_OK)
		e = mem_in_range(&at, len);
	if (e != EXIT_OK) {
		free(bytes);
		return e;
	}
	off = at.off;
	e = mem_io(fd, WASMK_IOC_MEM_WRITE, info->prog_id, cpu, off, bytes, len);
	free(bytes);
	if (e) {
		mem_err(-e, "mem write", off, len);
		return EXIT_ERR;
	}
	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("written", len);
		json_end_obj();
		json_done();
	}
	return EXIT_OK;
}

int cmd_mem(int argc, char **argv)
{
	struct wasmk_prog_info info;
	int fd, used, ret;

	if (argc < 1)
		return missing_args("mem");
	if (!strcmp(argv[0], "help")) {
		mem_help();
		return EXIT_OK;
	}
	if (strcmp(argv[0], "read") && strcmp(argv[0], "write"))
		return usage_err("mem", "unknown command 'mem %s'", argv[0]);
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	used = prog_lookup(fd, argc - 1, argv + 1, &info);
	if (used <= 0) {
		close(fd);
		return used < 0 ? EXIT_USAGE : EXIT_ERR;
	}
	if (!strcmp(argv[0], "read"))
		ret = mem_read(fd, &info, argc - 1 - used, argv + 1 + used);
	else
		ret = mem_write(fd, &info, argc - 1 - used, argv + 1 + used);
	close(fd);
	return ret;
}
