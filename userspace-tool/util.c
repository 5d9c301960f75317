// SPDX-License-Identifier: GPL-2.0
/* Small helpers shared by the commands. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
