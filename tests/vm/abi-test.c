// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-abi-test: checks the ioctl rules of uapi/linux/wasmk.h against the
 * loaded module.  Prints "ok: ..." / "FAIL: ..." per check; exits 1 if any
 * check failed.
 *
 * Usage: wasmk-abi-test all     (as root: every rule, every command)
 *        wasmk-abi-test unpriv  (as an unprivileged user: queries work,
 *                                state changes are EPERM)
 *        wasmk-abi-test trace   (as root, with syscall_count and port_counter loaded:
 *                                tracing LINK_ATTACH errors and log messages)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
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
		la.hook = WASMK_HOOK_TRACEPOINT;
		la.nf_family = 0;
		strcpy(la.target, "raw_syscalls:sys_enter");
		check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &la), EPERM,
			    "LINK_ATTACH tracepoint unprivileged");
		la.hook = WASMK_HOOK_KPROBE;
		strcpy(la.target, "__sys_socket");
		check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &la), EPERM,
			    "LINK_ATTACH kprobe unprivileged");
		memset(&m, 0, sizeof(m));
		m.size = sizeof(m);
		m.prog_id = 1;
		m.buf = (unsigned long)b;
		m.len = sizeof(b);
		check_errno(xioctl(fd, WASMK_IOC_MEM_WRITE, &m), EPERM, "MEM_WRITE unprivileged");
		check_errno(xioctl(fd, WASMK_IOC_MEM_READ, &m), EPERM, "MEM_READ unprivileged");
	}
	{
		struct wasmk_prog_symbol ps;

		memset(&ps, 0, sizeof(ps));
		ps.size = sizeof(ps);
		ps.prog_id = 1;
		strcpy(ps.name, "handler");
		check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &ps), EPERM,
			    "PROG_SYMBOL unprivileged");
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

/* PROG_SYMBOL: each kind of export, and the command's own errors. */
static void symbol_checks(int fd)
{
	/*
	 * (memory 1) (func "f") (global "data" i32 256) (global "mut" (mut i32) 5)
	 * (global "wide" i64 7) (export "memory")
	 */
	static const unsigned char sym_mod[] = {
		0, 'a', 's', 'm', 1, 0, 0, 0,
		1, 4, 1, 0x60, 0, 0,			/* type: [] -> [] */
		3, 2, 1, 0,				/* func 0: type 0 */
		5, 3, 1, 0, 1,				/* memory: 1 page */
		6, 0x11, 3,
		0x7f, 0, 0x41, 0x80, 0x02, 0x0b,	/* i32 const 256 */
		0x7f, 1, 0x41, 5, 0x0b,			/* mut i32 5 */
		0x7e, 0, 0x42, 7, 0x0b,			/* i64 const 7 */
		7, 0x22, 5,
		4, 'd', 'a', 't', 'a', 3, 0,
		3, 'm', 'u', 't', 3, 1,
		4, 'w', 'i', 'd', 'e', 3, 2,
		1, 'f', 0, 0,
		6, 'm', 'e', 'm', 'o', 'r', 'y', 2, 0,
		10, 4, 1, 2, 0, 0x0b,			/* f: end */
	};
	struct wasmk_prog_load a;
	struct wasmk_prog_unload u;
	struct wasmk_prog_symbol s;

	load_init(&a, "symabi", sym_mod, sizeof(sym_mod), NULL, 0);
	check_errno(xioctl(fd, WASMK_IOC_PROG_LOAD, &a), 0, "PROG_LOAD (exports of every kind)");
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.prog_id = a.prog_id;
	strcpy(s.name, "data");
	s.value = 99;				/* out fields are written, not read */
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), 0, "PROG_SYMBOL data");
	check(s.kind == WASMK_SYMBOL_GLOBAL && s.out_flags == WASMK_SYMBOL_ADDR && s.value == 256,
	      "PROG_SYMBOL data: an immutable i32 global, address 256");
	check(s.mem_size == 65536, "PROG_SYMBOL data: mem_size is one page");
	strcpy(s.name, "mut");
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), 0, "PROG_SYMBOL mut");
	check(s.kind == WASMK_SYMBOL_GLOBAL && s.out_flags == WASMK_SYMBOL_MUTABLE && !s.value,
	      "PROG_SYMBOL mut: a mutable global, no address");
	strcpy(s.name, "wide");
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), 0, "PROG_SYMBOL wide");
	check(s.kind == WASMK_SYMBOL_GLOBAL && !s.out_flags && !s.value,
	      "PROG_SYMBOL wide: an i64 global, no address");
	strcpy(s.name, "f");
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), 0, "PROG_SYMBOL f");
	check(s.kind == WASMK_SYMBOL_FUNC && !s.out_flags && !s.value,
	      "PROG_SYMBOL f: a function");
	memset(s.name, 0, sizeof(s.name));
	strcpy(s.name, "memory");
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), 0, "PROG_SYMBOL memory");
	check(s.kind == WASMK_SYMBOL_MEMORY && s.mem_size == 65536, "PROG_SYMBOL memory: the memory");
	strcpy(s.name, "dat");
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), ENOENT, "PROG_SYMBOL no such export");
	strcpy(s.name, "data");
	s.name[5] = 'x';			/* after the NUL: ignored */
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), 0, "PROG_SYMBOL bytes after the NUL");
	memset(s.name, 0, sizeof(s.name));
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), EINVAL, "PROG_SYMBOL empty name");
	memset(s.name, 'a', sizeof(s.name));
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), EINVAL, "PROG_SYMBOL name without NUL");
	memset(s.name, 0, sizeof(s.name));
	strcpy(s.name, "data");
	s.reserved = 1;
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), EINVAL, "PROG_SYMBOL reserved");
	s.reserved = 0;
	s.flags = 1;
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), EINVAL, "PROG_SYMBOL unknown flag");
	s.flags = 0;
	s.size = WASMK_PROG_SYMBOL_SIZE_VER0 - 1;
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), EINVAL, "PROG_SYMBOL size below VER0");
	s.size = sizeof(s);
	s.prog_id = 0x7fffffff;
	check_errno(xioctl(fd, WASMK_IOC_PROG_SYMBOL, &s), ENOENT, "PROG_SYMBOL unknown program");
	memset(&u, 0, sizeof(u));
	u.size = sizeof(u);
	u.prog_id = a.prog_id;
	check_errno(xioctl(fd, WASMK_IOC_PROG_UNLOAD, &u), 0, "PROG_UNLOAD (exports)");
}

static char tlog[1024];

/* Set the effective and permitted capability sets (caps 32..63 only). */
static int set_caps_hi(unsigned int eff_hi, unsigned int perm_hi)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	d[1].effective = eff_hi;
	d[1].permitted = perm_hi;
	return syscall(SYS_capset, &h, d) ? errno : 0;
}

#define CAP_BIT_HI(c)	(1u << ((c) - 32))

/*
 * In a child: CAP_BPF alone may not attach a tracepoint (EPERM), CAP_BPF
 * with CAP_PERFMON may (then detaches).
 */
static void cap_checks(int fd, unsigned int prog)
{
	struct wasmk_link_attach a;
	struct wasmk_link_detach d;
	int status, fail = 0;
	pid_t pid = fork();

	if (pid == 0) {
		unsigned int both = CAP_BIT_HI(39) | CAP_BIT_HI(38);	/* BPF, PERFMON */

		memset(&a, 0, sizeof(a));
		a.size = sizeof(a);
		a.prog_id = prog;
		a.hook = WASMK_HOOK_TRACEPOINT;
		strcpy(a.target, "raw_syscalls:sys_exit");
		if (set_caps_hi(CAP_BIT_HI(39), both))
			_exit(10);
		if (xioctl(fd, WASMK_IOC_LINK_ATTACH, &a) != EPERM)
			fail |= 1;
		a.hook = WASMK_HOOK_KPROBE;
		strcpy(a.target, "__sys_socket");
		if (xioctl(fd, WASMK_IOC_LINK_ATTACH, &a) != EPERM)
			fail |= 2;
		if (set_caps_hi(both, both))
			_exit(11);
		a.hook = WASMK_HOOK_TRACEPOINT;
		strcpy(a.target, "raw_syscalls:sys_exit");
		if (xioctl(fd, WASMK_IOC_LINK_ATTACH, &a))
			fail |= 4;
		memset(&d, 0, sizeof(d));
		d.size = sizeof(d);
		d.link_id = a.link_id;
		if (xioctl(fd, WASMK_IOC_LINK_DETACH, &d))
			fail |= 8;
		_exit(fail);
	}
	check(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status), "cap child ran");
	status = WEXITSTATUS(status);
	check(status < 10, "capset in the child");
	check(status >= 10 || !(status & 1), "CAP_BPF without CAP_PERFMON: tracepoint EPERM");
	check(status >= 10 || !(status & 2), "CAP_BPF without CAP_PERFMON: kprobe EPERM");
	check(status >= 10 || !(status & 4), "CAP_BPF + CAP_PERFMON: tracepoint attach");
	check(status >= 10 || !(status & 8), "CAP_BPF + CAP_PERFMON: detach");
}

static void trace_init(struct wasmk_link_attach *a, unsigned int prog, unsigned int hook,
		       const char *target)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->prog_id = prog;
	a->hook = hook;
	memcpy(a->target, target, strnlen(target, sizeof(a->target) - 1));
	a->log_buf = (unsigned long)tlog;
	a->log_size = sizeof(tlog);
	tlog[0] = 0;
}

static void check_log(const char *want)
{
	char msg[1200];

	snprintf(msg, sizeof(msg), "log has '%s' (log: '%s')", want, tlog);
	check(strstr(tlog, want) != NULL, msg);
}

/* Tracing LINK_ATTACH: errors and their log messages, LINK_LIST sizes. */
static void trace_checks(int fd)
{
	struct wasmk_prog_info pi;
	struct wasmk_link_attach a;
	struct wasmk_link_detach d;
	struct wasmk_link_list l;
	struct wasmk_link_info infos[64];
	unsigned int prog, i;
	int found = 0;

	memset(&pi, 0, sizeof(pi));
	pi.size = sizeof(pi);
	strcpy(pi.name, "syscall_count");
	check_errno(xioctl(fd, WASMK_IOC_PROG_INFO, &pi), 0, "PROG_INFO syscall_count");
	prog = pi.prog_id;

	trace_init(&a, prog, WASMK_HOOK_TRACEPOINT, "nosuch:no_such_tp");
	a.nargs = 1;
	a.arg_size[0] = 8;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), ENOENT, "unknown tracepoint");
	check_log("no tracepoint named nosuch:no_such_tp");
	trace_init(&a, prog, WASMK_HOOK_TRACEPOINT, "sched:sched_switch");
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "tracepoint without nargs");
	check_log("nargs 0: expected 1..12");
	a.nargs = 13;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "nargs 13");
	a.nargs = 2;
	a.arg_size[0] = 8;
	a.arg_size[1] = 3;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "argument size 3");
	check_log("argument 1: size 3");
	a.arg_size[1] = 4;
	a.arg_size[5] = 4;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "size beyond nargs");
	a.arg_size[5] = 0;
	a.target_offset = 4;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "tracepoint offset");
	a.target_offset = 0;
	a.flags = WASMK_LINK_FAIL_CLOSED;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "tracepoint flags");
	a.flags = 0;
	memset(a.target, 'x', sizeof(a.target));
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "target not NUL-terminated");
	check_log("not NUL-terminated");
	trace_init(&a, prog, WASMK_HOOK_TRACEPOINT, "");
	a.size = WASMK_LINK_ATTACH_SIZE_VER0;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "VER0 size: no target");
	check_log("no target");
	trace_init(&a, prog, WASMK_HOOK_KPROBE, "no_such_function_xyz");
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), ENOENT, "unknown kprobe symbol");
	check_log("symbol no_such_function_xyz not found (or not probe-able)");
	trace_init(&a, prog, WASMK_HOOK_KRETPROBE, "__sys_socket");
	a.target_offset = 4;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "kretprobe offset");
	trace_init(&a, prog, WASMK_HOOK_TRACEPOINT, "raw_syscalls:sys_enter");
	a.nf_family = 2;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "tracepoint with nf_family");
	check_log("apply to netfilter only");
	trace_init(&a, prog, WASMK_HOOK_TRACEPOINT, "raw_syscalls:sys_enter");
	a.reserved1 = 1;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "non-zero reserved1");
	/*
	 * kfuzz_link_attach_reserved2: the ioctl fuzzer's first finding
	 * (1800 s, seed 20261203): VER4's reserved2 was never checked, so a
	 * non-zero one attached.
	 */
	trace_init(&a, prog, WASMK_HOOK_TRACEPOINT, "raw_syscalls:sys_enter");
	a.reserved2 = 1;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL,
		    "kfuzz_link_attach_reserved2: non-zero reserved2");
	memset(&pi, 0, sizeof(pi));
	pi.size = sizeof(pi);
	strcpy(pi.name, "port_counter");
	check_errno(xioctl(fd, WASMK_IOC_PROG_INFO, &pi), 0, "PROG_INFO port_counter");
	trace_init(&a, pi.prog_id, WASMK_HOOK_NETFILTER, "raw_syscalls:sys_enter");
	a.nf_family = 2;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "netfilter with a target");
	check_log("do not apply to netfilter");
	trace_init(&a, prog, 99, "__sys_socket");
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "unknown hook kind");
	trace_init(&a, prog, WASMK_HOOK_TRACEPOINT, "raw_syscalls:sys_enter");
	a.ifindex = 1;
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), EINVAL, "tracepoint with an ifindex");
	check_log("apply to xdp and tc links only");
	trace_init(&a, pi.prog_id, WASMK_HOOK_XDP, "");
	a.ifindex = 1;
	a.attach_mode = WASMK_XDP_GENERIC;
	a.nf_priority = 1;
	/* EINVAL with module BTF (netfilter fields), EOPNOTSUPP without */
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a),
		    access("/sys/kernel/btf/wasmk", F_OK) ? EOPNOTSUPP : EINVAL,
		    "xdp with a netfilter field");

	/* a good one, listed with both info sizes */
	trace_init(&a, prog, WASMK_HOOK_TRACEPOINT, "raw_syscalls:sys_exit");
	check_errno(xioctl(fd, WASMK_IOC_LINK_ATTACH, &a), 0, "attach sys_exit");
	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.links = (unsigned long)infos;
	l.count = 64;
	l.info_size = sizeof(infos[0]);
	check(sizeof(infos[0]) == WASMK_LINK_INFO_SIZE_VER3, "link_info is VER3");
	check_errno(xioctl(fd, WASMK_IOC_LINK_LIST, &l), 0, "LINK_LIST VER1");
	for (i = 0; i < l.count && i < 64; i++)
		if (infos[i].link_id == a.link_id)
			found = infos[i].hook == WASMK_HOOK_TRACEPOINT &&
				!strcmp(infos[i].target, "raw_syscalls:sys_exit") &&
				infos[i].nargs == 2;
	check(found, "LINK_LIST reports the tracepoint, its target and nargs");
	l.count = 64;
	l.info_size = WASMK_LINK_INFO_SIZE_VER0;
	check_errno(xioctl(fd, WASMK_IOC_LINK_LIST, &l), 0, "LINK_LIST VER0 info size");
	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	d.link_id = a.link_id;
	check_errno(xioctl(fd, WASMK_IOC_LINK_DETACH, &d), 0, "detach sys_exit");
	cap_checks(fd, prog);
}

/*
 * advance PROG_ID MOD: attach and detach netfilter links of PROG_ID (its
 * "handler", ipv4 input) until the last id is MOD modulo 1024, the size
 * of wasmk.ko's XDP/tc slot table; prints that id (t_xdp_slots.sh).
 */
static int advance_ids(int fd, unsigned int prog_id, unsigned int mod)
{
	struct wasmk_link_attach a;
	struct wasmk_link_detach d;
	int i;

	for (i = 0; i < 4096; i++) {
		memset(&a, 0, sizeof(a));
		a.size = sizeof(a);
		a.prog_id = prog_id;
		a.hook = WASMK_HOOK_NETFILTER;
		a.nf_family = 2;	/* NFPROTO_IPV4 */
		a.nf_hooknum = 1;	/* NF_INET_LOCAL_IN */
		if (xioctl(fd, WASMK_IOC_LINK_ATTACH, &a)) {
			perror("LINK_ATTACH");
			return 1;
		}
		memset(&d, 0, sizeof(d));
		d.size = sizeof(d);
		d.link_id = a.link_id;
		if (xioctl(fd, WASMK_IOC_LINK_DETACH, &d)) {
			perror("LINK_DETACH");
			return 1;
		}
		if (a.link_id % 1024 == mod) {
			printf("%u\n", a.link_id);
			return 0;
		}
	}
	fprintf(stderr, "advance: no id %u modulo 1024 in 4096 links\n", mod);
	return 1;
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
	if (argc == 4 && !strcmp(argv[1], "advance"))
		return advance_ids(fd, strtoul(argv[2], NULL, 0), strtoul(argv[3], NULL, 0));
	if (argc > 1 && !strcmp(argv[1], "trace")) {
		trace_checks(fd);
		goto out;
	}
	if (argc < 2 || strcmp(argv[1], "all")) {
		fprintf(stderr, "usage: wasmk-abi-test all|unpriv|trace|advance PROG_ID MOD\n");
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
	symbol_checks(fd);
out:
	close(fd);
	printf("%s\n", failures ? "abi: FAILED" : "abi: all checks passed");
	return failures ? 1 : 0;
}
