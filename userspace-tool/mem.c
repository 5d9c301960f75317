// SPDX-License-Identifier: GPL-2.0
/* wasmk mem read|write: a program's linear memory, per CPU. */
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
	       "PROG is an ID or 'name NAME'.\n");
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

static int mem_read(int fd, unsigned int prog, int argc, char **argv)
{
	unsigned long long off, *sums = NULL;
	unsigned int len, cpu, ncpu = possible_cpus(), one = ~0u, i;
	bool sum = false;
	unsigned char *buf;
	int ret = EXIT_OK, e;

	if (argc < 2 || parse_u64(argv[0], &off) || !parse_u32(argv[1], &len) ||
	    len > WASMK_MEM_IO_MAX)
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

static int mem_write(int fd, unsigned int prog, int argc, char **argv)
{
	unsigned long long off;
	unsigned int cpu = WASMK_MEM_ALL_CPUS, ncpu = possible_cpus();
	unsigned char *bytes;
	size_t len;
	int e;

	if (argc < 2 || parse_u64(argv[0], &off))
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
	e = mem_io(fd, WASMK_IOC_MEM_WRITE, prog, cpu, off, bytes, len);
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
		ret = mem_read(fd, info.prog_id, argc - 1 - used, argv + 1 + used);
	else
		ret = mem_write(fd, info.prog_id, argc - 1 - used, argv + 1 + used);
	close(fd);
	return ret;
}
