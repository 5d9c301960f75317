// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-abi-test: checks the ioctl rules of uapi/linux/wasmk.h against the
 * loaded module.  Prints "ok: ..." / "FAIL: ..." per check; exits 1 if any
 * check failed.
 *
 * Usage: wasmk-abi-test all     (as root: every rule, every command)
 *        wasmk-abi-test unpriv  (as an unprivileged user: queries work,
 *                                state changes are EPERM)
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

static const unsigned char empty_mod[] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };
/* i32.add of an i32 and an i64 in function 0 */
static const unsigned char bad_mod[] = {
	0, 'a', 's', 'm', 1, 0, 0, 0,
	1, 4, 1, 0x60, 0, 0,			/* type: [] -> [] */
	3, 2, 1, 0,				/* func 0: type 0 */
	10, 9, 1, 7, 0, 0x41, 1, 0x42, 1, 0x6a, 0x0b,	/* i32.const i64.const i32.add */
};

static void load_init(struct wasmk_prog_load *a, const char *name,
		      const void *wasm, unsigned int len, char *log, unsigned int log_size)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	memcpy(a->name, name, strnlen(name, sizeof(a->name) - 1));
	a->wasm = (unsigned long)wasm;
	a->wasm_len = len;
	a->log_buf = (unsigned long)log;
	a->log_size = log_size;
	if ((unsigned long)log > 4096 && log_size)
		memset(log, 'x', log_size);
}

static void prog_checks(int fd)
{
	struct wasmk_prog_load a;
	struct wasmk_prog_unload u;
	struct wasmk_prog_info info;
	struct wasmk_prog_list l;
	unsigned int ids[4];
	char log[512];
	void *big;

	load_init(&a, "abi", empty_mod, sizeof(empty_mod), log, sizeof(log));
	a.reserved = 1;
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD reserved");
	load_init(&a, "abi", empty_mod, sizeof(empty_mod), log, sizeof(log));
	a.flags = 4;
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD flags");
	load_init(&a, "abi", empty_mod, sizeof(empty_mod), log, sizeof(log));
	a.prog_id = 7;
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD output field set");

	load_init(&a, "", empty_mod, sizeof(empty_mod), log, sizeof(log));
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD empty name");
	check(strstr(log, "program name is empty") != NULL, "empty name: log says so");
	load_init(&a, "a b", empty_mod, sizeof(empty_mod), log, sizeof(log));
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD name with space");
	check(strstr(log, "not in [A-Za-z0-9_.-]") != NULL, "bad name: log says so");
	load_init(&a, "x", empty_mod, sizeof(empty_mod), log, sizeof(log));
	memset(a.name, 'n', sizeof(a.name));
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD unterminated name");
	load_init(&a, "x", empty_mod, sizeof(empty_mod), log, sizeof(log));
	a.name[5] = 'y';
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD bytes after name");

	load_init(&a, "abi", NULL, 8, log, sizeof(log));
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD NULL module");
	load_init(&a, "abi", (void *)16, 8, log, sizeof(log));
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EFAULT, "PROG_LOAD wild module pointer");
	big = calloc(1, 64u << 20);
	load_init(&a, "abi", big, 64u << 20, log, sizeof(log));
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), E2BIG, "PROG_LOAD 64 MiB module");
	check(strstr(log, "(limit ") != NULL, "big module: log names the limit");
	free(big);
	load_init(&a, "abi", bad_mod, sizeof(bad_mod), NULL, 16);
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD log_size, NULL log");
	load_init(&a, "abi", bad_mod, sizeof(bad_mod), (void *)16, 16);
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EFAULT, "PROG_LOAD wild log pointer");

	/* The validator's reason, whole and truncated. */
	load_init(&a, "abi", bad_mod, sizeof(bad_mod), log, sizeof(log));
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD invalid module");
	printf("    log: %s\n", log);
	check(strstr(log, "func 0 @0x") && strstr(log, "type mismatch"),
	      "invalid module: log has function, offset, reason");
	check(a.log_len == strlen(log) && !(a.out_flags & WASMK_LOG_TRUNCATED),
	      "log_len is the message length, not truncated");
	load_init(&a, "abi", bad_mod, sizeof(bad_mod), log, 8);
	memset(log, 'x', sizeof(log));
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD 8-byte log");
	check(log[7] == 0 && strlen(log) == 7 && log[8] == 'x', "8-byte log: 7 chars + NUL, no more");
	check(a.log_len == 7 && (a.out_flags & WASMK_LOG_TRUNCATED), "8-byte log: truncated flag");
	load_init(&a, "abi", bad_mod, sizeof(bad_mod), NULL, 0);
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EINVAL, "PROG_LOAD invalid, no log");

	/* A real load, info, list, unload. */
	load_init(&a, "abi", empty_mod, sizeof(empty_mod), log, sizeof(log));
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), 0, "PROG_LOAD empty module");
	check(a.prog_id > 0 && a.log_len == 0, "PROG_LOAD returns an id, empty log");
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	check_errno(xioctl(fd, WASMK_IOC_PROG_INFO, &info), EINVAL, "PROG_INFO no id, no name");
	info.prog_id = 0x7fffffff;
	check_errno(xioctl(fd, WASMK_IOC_PROG_INFO, &info), ENOENT, "PROG_INFO unknown id");
	info.prog_id = a.prog_id;
	check_errno(xioctl(fd, WASMK_IOC_PROG_INFO, &info), 0, "PROG_INFO by id");
	check(!strcmp(info.name, "abi") && info.wasm_len == 8, "PROG_INFO name and size");
	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.count = 4;
	check_errno(xioctl(fd, WASMK_IOC_PROG_LIST, &l), EINVAL, "PROG_LIST count, NULL ids");
	l.ids = 16;
	check_errno(xioctl(fd, WASMK_IOC_PROG_LIST, &l), EFAULT, "PROG_LIST wild ids");
	l.ids = (unsigned long)ids;
	l.count = 4;
	check_errno(xioctl(fd, WASMK_IOC_PROG_LIST, &l), 0, "PROG_LIST");
	check(l.count == 1 && ids[0] == a.prog_id, "PROG_LIST has the one program");
	memset(&u, 0, sizeof(u));
	u.size = sizeof(u);
	u.prog_id = a.prog_id;
	check_errno(xioctl(fd, WASMK_IOC_PROG_UNLOAD, &u), 0, "PROG_UNLOAD");
	check_errno(xioctl(fd, WASMK_IOC_PROG_UNLOAD, &u), ENOENT, "PROG_UNLOAD again");
	u.reserved = 1;
	check_errno(xioctl(fd, WASMK_IOC_PROG_UNLOAD, &u), EINVAL, "PROG_UNLOAD reserved");
}

/* As an unprivileged user: queries work, state changes are EPERM. */
static void unpriv_checks(int fd)
{
	struct wasmk_version v;
	struct wasmk_prog_load a;
	struct wasmk_prog_unload u;
	struct wasmk_prog_list l;

	check(geteuid() != 0, "running unprivileged");
	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	check_errno(xioctl(fd, WASMK_IOC_VERSION, &v), 0, "VERSION unprivileged");
	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	check_errno(xioctl(fd, WASMK_IOC_PROG_LIST, &l), 0, "PROG_LIST unprivileged");
	load_init(&a, "nobody", empty_mod, sizeof(empty_mod), NULL, 0);
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), EPERM, "PROG_LOAD unprivileged");
	memset(&u, 0, sizeof(u));
	u.size = sizeof(u);
	u.prog_id = 1;
	check_errno(xioctl(fd, WASMK_IOC_PROG_UNLOAD, &u), EPERM, "PROG_UNLOAD unprivileged");
	{
		struct wasmk_link_attach la;
		struct wasmk_mem m;
		char b[8] = { 0 };

		memset(&la, 0, sizeof(la));
		la.size = sizeof(la);
		la.prog_id = 1;
		la.hook = WASMK_HOOK_NETFILTER;
		la.nf_family = 2;
		check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &la), EPERM,
			    "LINK_ATTACH unprivileged");
		memset(&m, 0, sizeof(m));
		m.size = sizeof(m);
		m.prog_id = 1;
		m.buf = (unsigned long)b;
		m.len = sizeof(b);
		check_errno(xioctl(fd, WASMK_IOC_MEM_WRITE, &m), EPERM, "MEM_WRITE unprivileged");
		check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), EPERM, "MEM_READ unprivileged");
	}
}

/* MEM_READ/MEM_WRITE bounds, on a program with one page of memory. */
static void mem_checks(int fd)
{
	/* (memory 1) */
	static const unsigned char mem_mod[] = {
		0, 'a', 's', 'm', 1, 0, 0, 0, 5, 3, 1, 0, 1,
	};
	struct wasmk_prog_load a;
	struct wasmk_prog_unload u;
	struct wasmk_mem m;
	unsigned char buf[16] = { 1, 2, 3, 4 }, back[16];

	load_init(&a, "memabi", mem_mod, sizeof(mem_mod), NULL, 0);
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), 0, "PROG_LOAD (memory 1)");
	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	m.prog_id = a.prog_id;
	m.buf = (unsigned long)buf;
	m.len = 4;
	m.offset = 65532;
	m.cpu = WASMK_MEM_ALL_CPUS;
	check_errno(xioctl(fd, WASMK_IOC_MEM_WRITE, &m), 0, "MEM_WRITE last 4 bytes, all CPUs");
	m.cpu = 0;
	m.buf = (unsigned long)back;
	check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), 0, "MEM_READ them back");
	check(!memcmp(buf, back, 4), "MEM_READ returns what MEM_WRITE wrote");
	m.offset = 65533;
	check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), EINVAL, "MEM_READ past the end");
	m.offset = 0xffffffffffffffffull;
	check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), EINVAL, "MEM_READ offset 2^64-1");
	m.offset = 0;
	m.cpu = 4096;
	check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), EINVAL, "MEM_READ bad CPU");
	m.cpu = WASMK_MEM_ALL_CPUS;
	check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), EINVAL, "MEM_READ all CPUs");
	m.cpu = 0;
	m.len = WASMK_MEM_IO_MAX + 1;
	check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), EINVAL, "MEM_READ over IO_MAX");
	m.len = 4;
	m.buf = 16;
	check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), EFAULT, "MEM_READ wild buffer");
	m.reserved = 1;
	check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), EINVAL, "MEM_READ reserved");
	m.reserved = 0;
	m.prog_id = 0x7fffffff;
	check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), ENOENT, "MEM_READ unknown program");
	memset(&u, 0, sizeof(u));
	u.size = sizeof(u);
	u.prog_id = a.prog_id;
	check_errno(xioctl(fd, WASMK_IOC_PROG_UNLOAD, &u), 0, "PROG_UNLOAD (memory 1)");

	load_init(&a, "nomem", empty_mod, sizeof(empty_mod), NULL, 0);
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), 0, "PROG_LOAD (no memory)");
	m.prog_id = a.prog_id;
	m.buf = (unsigned long)back;
	check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), ENODATA, "MEM_READ without memory");
	u.prog_id = a.prog_id;
	check_errno(xioctl(fd, WASMK_IOC_PROG_UNLOAD, &u), 0, "PROG_UNLOAD (no memory)");
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
	if (argc > 1 && !strcmp(argv[1], "unpriv")) {
		unpriv_checks(fd);
		goto out;
	}
	if (argc < 2 || strcmp(argv[1], "all")) {
		fprintf(stderr, "usage: wasmk-abi-test all|unpriv\n");
		return 2;
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

	prog_checks(fd);
	mem_checks(fd);
out:
	close(fd);
	printf("%s\n", failures ? "abi: FAILED" : "abi: all checks passed");
	return failures ? 1 : 0;
}
