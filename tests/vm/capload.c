// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-capload CAPS FILE NAME: PROG_LOAD FILE as NAME with only the
 * capabilities CAPS (comma-separated: bpf, perfmon, sys_admin; "none")
 * effective; prints "loaded ID" or "error: ERRNO-TEXT: LOG" (exit 1).
 * For the privilege rules of kernel reads (t_kernel_read, t_lockdown).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/wasmk.h>

int main(int argc, char **argv)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	static unsigned char wasm[1 << 20];
	struct wasmk_prog_load a;
	char log[1024] = "", *caps, *c;
	ssize_t n;
	int fd, dev;

	if (argc != 4) {
		fprintf(stderr, "usage: wasmk-capload CAPS FILE NAME\n");
		return 2;
	}
	fd = open(argv[2], O_RDONLY);
	n = fd < 0 ? -1 : read(fd, wasm, sizeof(wasm));
	if (n <= 0) {
		perror(argv[2]);
		return 2;
	}
	dev = open("/dev/wasmk", O_RDONLY | O_CLOEXEC);
	if (dev < 0) {
		perror("/dev/wasmk");
		return 2;
	}
	if (syscall(SYS_capget, &h, d)) {
		perror("capget");
		return 2;
	}
	d[0].effective = d[1].effective = 0;
	caps = strdup(argv[1]);
	for (c = strtok(caps, ","); c; c = strtok(NULL, ",")) {
		int cap = !strcmp(c, "bpf") ? CAP_BPF : !strcmp(c, "perfmon") ? CAP_PERFMON :
			  !strcmp(c, "sys_admin") ? CAP_SYS_ADMIN : -1;

		if (cap < 0 && strcmp(c, "none")) {
			fprintf(stderr, "unknown capability %s\n", c);
			return 2;
		}
		if (cap >= 0)
			d[cap / 32].effective |= 1u << (cap % 32);
	}
	if (syscall(SYS_capset, &h, d)) {
		perror("capset");
		return 2;
	}
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.wasm = (unsigned long)wasm;
	a.wasm_len = n;
	a.log_buf = (unsigned long)log;
	a.log_size = sizeof(log);
	snprintf(a.name, sizeof(a.name), "%s", argv[3]);
	if (ioctl(dev, WASMK_IOC_PROG_LOAD, &a)) {
		printf("error: %s: %s\n", strerror(errno), log);
		return 1;
	}
	printf("loaded %u\n", a.prog_id);
	return 0;
}
