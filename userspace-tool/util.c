// SPDX-License-Identifier: GPL-2.0
/* Small helpers shared by the commands. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdio.h>
#include <unistd.h>

#include "wasmk.h"

/* Read a whole file (up to max bytes); NULL with an error printed. */
unsigned char *read_file(const char *path, size_t max, size_t *len)
{
	unsigned char *buf;
	struct stat st;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err("cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		err("%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if ((size_t)st.st_size > max) {
		err("%s: %lld bytes, more than the %zu a module may have",
		    path, (long long)st.st_size, max);
		close(fd);
		return NULL;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		err("out of memory");
		close(fd);
		return NULL;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);

		if (n <= 0) {
			err("cannot read %s: %s", path, n ? strerror(errno) : "short read");
			free(buf);
			close(fd);
			return NULL;
		}
		got += n;
	}
	close(fd);
	*len = got;
	return buf;
}

/* Parse a decimal u32; false if not a number. */
bool parse_u32(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > 0xffffffffUL)
		return false;
	*out = v;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parse hex digits (spaces and colons ignored) into a new buffer. */
unsigned char *parse_hex(const char *s, size_t *len)
{
	unsigned char *b = malloc(strlen(s) / 2 + 1);
	size_t n = 0;
	int hi = -1;

	if (!b)
		return NULL;
	for (; *s; s++) {
		int v;

		if (*s == ' ' || *s == ':')
			continue;
		v = hexval(*s);
		if (v < 0) {
			free(b);
			return NULL;
		}
		if (hi < 0) {
			hi = v;
		} else {
			b[n++] = hi << 4 | v;
			hi = -1;
		}
	}
	if (hi >= 0) {
		free(b);
		return NULL;
	}
	*len = n;
	return b;
}


unsigned int possible_cpus(void)
{
	char buf[256];
	unsigned int lo, hi, n = 0;
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	char *tok, *save;

	if (!f)
		return 1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return 1;
	}
	fclose(f);
	for (tok = strtok_r(buf, ",\n", &save); tok; tok = strtok_r(NULL, ",\n", &save)) {
		if (sscanf(tok, "%u-%u", &lo, &hi) == 2 || (sscanf(tok, "%u", &lo) == 1 && (hi = lo, 1)))
			if (hi + 1 > n)
				n = hi + 1;
	}
	return n ? n : 1;
}
