// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-syscalls N: exactly N getpid and N openat system calls (for
 * t_syscall_count.sh).
 * wasmk-syscalls socket FAMILY TYPE PROTOCOL: one socket() call; prints
 * its result (the fd or -errno) (for t_kprobe.sh).
 * wasmk-syscalls exec N: execs itself N times (for t_tracepoint_btf.sh).
 * wasmk-syscalls fpround N: N getpid calls with this task's FPU rounding
 * mode set to round-toward-zero (for t_float.sh: handlers must not inherit
 * it).
 * wasmk-syscalls nr: "NAME NUMBER" lines, the system call numbers of the
 * architecture it is built for (the tests configure handlers with them).
 */
#include <fcntl.h>
#include <fenv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	long i, n;

	if (argc == 5 && !strcmp(argv[1], "socket")) {
		long fd = syscall(SYS_socket, strtol(argv[2], NULL, 0), strtol(argv[3], NULL, 0),
				  strtol(argv[4], NULL, 0));

		printf("%ld\n", fd < 0 ? -(long)errno : fd);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "exec")) {
		char left[32], self[4096];
		ssize_t len;

		n = strtol(argv[2], NULL, 0);
		if (n <= 0)
			return 0;
		/* the real path: comm comes from the exec'd file's name */
		len = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (len < 0) {
			perror("readlink /proc/self/exe");
			return 1;
		}
		self[len] = 0;
		snprintf(left, sizeof(left), "%ld", n - 1);
		execl(self, "wasmk-syscalls", "exec", left, (char *)NULL);
		perror("execl");
		return 1;
	}
	if (argc == 3 && !strcmp(argv[1], "fpround")) {
		volatile double one = 1, ten = 10, q;
		unsigned long long b;

		if (fesetround(FE_TOWARDZERO)) {
			fprintf(stderr, "fesetround(FE_TOWARDZERO) failed\n");
			return 1;
		}
		q = one / ten;
		memcpy(&b, (const void *)&q, sizeof(b));
		if (b != 0x3fb9999999999999ull) {
			fprintf(stderr, "1/10 rounded toward zero is %#llx here\n", b);
			return 1;
		}
		n = strtol(argv[2], NULL, 0);
		for (i = 0; i < n; i++)
			syscall(SYS_getpid);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "nr")) {
		printf("getpid %d\nopenat %d\nexecve %d\nexecveat %d\nsocket %d\n",
		       SYS_getpid, SYS_openat, SYS_execve, SYS_execveat, SYS_socket);
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: wasmk-syscalls N | socket FAMILY TYPE PROTOCOL | exec N | fpround N | nr\n");
		return 2;
	}
	n = strtol(argv[1], NULL, 0);
	for (i = 0; i < n; i++) {
		long fd;

		syscall(SYS_getpid);
		fd = syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}
