// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-maphold ID: hold map ID through an fd from WASMK_IOC_MAP_GET_FD
 * until stdin reaches EOF (t_map_share), printing "held ID" once it has it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/wasmk.h>

int main(int argc, char **argv)
{
	struct wasmk_map_fd a;
	char buf[64];
	int dev, fd;

	if (argc != 2) {
		fprintf(stderr, "usage: wasmk-maphold ID\n");
		return 2;
	}
	dev = open("/dev/wasmk", O_RDONLY | O_CLOEXEC);
	if (dev < 0) {
		perror("/dev/wasmk");
		return 1;
	}
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.map_id = strtoul(argv[1], NULL, 0);
	fd = ioctl(dev, WASMK_IOC_MAP_GET_FD, &a);
	close(dev);
	if (fd < 0) {
		fprintf(stderr, "MAP_GET_FD %u: %s\n", a.map_id, strerror(errno));
		return 1;
	}
	printf("held %u\n", a.map_id);
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	close(fd);
	return 0;
}
