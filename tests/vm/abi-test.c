// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-abi-test: checks the ioctl rules of uapi/linux/wasmk.h against the
 * loaded module.  Prints "ok: ..." / "FAIL: ..." per check; exits 1 if any
 * check failed.  Usage: wasmk-abi-test all
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/wasmk.h>

static int failures;

static void check(int cond, const char *what)
{
	printf("%s: %s\n", cond ? "ok" : "FAIL", what);
	if (!cond)
		failures++;
}

/* ioctl returning 0 or the errno */
static int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

static void check_errno(int got, int want, const char *what)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "%s -> %s (got %s)", what,
		 want ? strerror(want) : "success", got ? strerror(got) : "success");
	check(got == want, msg);
}

int main(int argc, char **argv)
{
	unsigned char big[WASMK_IOC_MAX_SIZE + 16];
	struct wasmk_version v;
	int fd;

	fd = open(WASMK_DEVICE, O_RDONLY);
	if (fd < 0) {
		perror(WASMK_DEVICE);
		return 1;
	}

	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	check_errno(xioctl(fd, WASMK_IOC_VERSION, &v), 0, "VERSION");
	check(v.abi_version == WASMK_ABI_VERSION, "abi_version is WASMK_ABI_VERSION");
	check(v.release[0] && memchr(v.release, 0, sizeof(v.release)),
	      "release is a NUL-terminated string");

	/* Command numbers: anything not in the table is ENOTTY. */
	check_errno(xioctl(fd, WASMK_IOC(0x7f), &v), ENOTTY, "unknown nr");
	check_errno(xioctl(fd, _IOWR('W', 0x00, struct wasmk_ioc_hdr), &v), ENOTTY,
		    "other magic");
	check_errno(xioctl(fd, _IOR(WASMK_IOC_MAGIC, 0x00, struct wasmk_ioc_hdr), &v),
		    ENOTTY, "VERSION nr with the wrong direction");
	check_errno(xioctl(fd, _IOWR(WASMK_IOC_MAGIC, 0x00, struct wasmk_version), &v),
		    ENOTTY, "VERSION nr with the struct size in the number");

	/* Sizes. */
	memset(&v, 0, sizeof(v));
	v.size = 0;
	check_errno(xioctl(fd, WASMK_IOC_VERSION, &v), EINVAL, "size 0");
	v.size = WASMK_VERSION_SIZE_VER0 - 1;
	check_errno(xioctl(fd, WASMK_IOC_VERSION, &v), EINVAL, "size below VER0");
	memset(big, 0, sizeof(big));
	((struct wasmk_version *)big)->size = WASMK_IOC_MAX_SIZE + 1;
	check_errno(xioctl(fd, WASMK_IOC_VERSION, big), E2BIG, "size above MAX_SIZE");

	/* A newer, larger struct: zero tail accepted, output stays within. */
	memset(big, 0, sizeof(big));
	((struct wasmk_version *)big)->size = WASMK_IOC_MAX_SIZE;
	check_errno(xioctl(fd, WASMK_IOC_VERSION, big), 0, "larger struct, zero tail");
	check(((struct wasmk_version *)big)->abi_version == WASMK_ABI_VERSION,
	      "larger struct gets the answer");
	big[sizeof(struct wasmk_version) + 100] = 1;
	check_errno(xioctl(fd, WASMK_IOC_VERSION, big), EINVAL, "larger struct, non-zero tail");
	memset(big, 0, sizeof(big));
	((struct wasmk_version *)big)->size = WASMK_IOC_MAX_SIZE;
	big[WASMK_IOC_MAX_SIZE - 1] = 1;
	check_errno(xioctl(fd, WASMK_IOC_VERSION, big), EINVAL, "non-zero last byte");

	/* Flags and reserved fields. */
	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	v.flags = 1;
	check_errno(xioctl(fd, WASMK_IOC_VERSION, &v), EINVAL, "unknown flag");
	v.flags = 0x80000000u;
	check_errno(xioctl(fd, WASMK_IOC_VERSION, &v), EINVAL, "unknown high flag");
	v.flags = 0;
	v.reserved = 1;
	check_errno(xioctl(fd, WASMK_IOC_VERSION, &v), EINVAL, "non-zero reserved");

	/* Bad pointers. */
	check_errno(xioctl(fd, WASMK_IOC_VERSION, NULL), EFAULT, "NULL argument");
	check_errno(xioctl(fd, WASMK_IOC_VERSION, (void *)16), EFAULT, "wild argument");

	close(fd);
	printf("%s\n", failures ? "abi: FAILED" : "abi: all checks passed");
	return failures ? 1 : 0;
}
