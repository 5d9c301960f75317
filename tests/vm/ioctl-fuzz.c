// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-ioctl-fuzz SEED SECONDS THREADS MODULE.wasm...: the ioctl surface
 * of /dev/wasmk, fuzzed from several threads at once (run in the debug
 * kernel's VM by scripts/fuzz-kernel: KASAN, lockdep, UBSAN, kmemleak).
 *
 * The commands, their structs, fields and the errors each promises come
 * from the uapi header itself (scripts/gen-ioctl-table writes
 * ioctl_table.h): nothing here lists a command.  Each operation takes a
 * command, a struct size (too small, published, larger with zero or
 * non-zero trailing bytes, over WASMK_IOC_MAX_SIZE), flags, reserved
 * fields, ids (live, stale, random), names, user pointers (NULL, unmapped,
 * kernel addresses, misaligned, crossing into an unmapped page, a valid
 * buffer, a valid module for a module pointer) and lengths, and checks the
 * return against the header's promises in their documented order: EFAULT
 * for an unreadable struct, EINVAL/E2BIG for the size and trailing bytes,
 * EINVAL for flags, EPERM without privilege (a second process drops its
 * capabilities), then only the errors the command's comment names.
 *
 * Seeded and reproducible per thread (thread i runs seed * 1000 + i); a
 * failed check prints that thread's last operations and exits 1.  The last
 * line is "ioctl-fuzz: N operations (...)".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

enum { F_SIZE, F_FLAGS, F_RESERVED, F_OUT, F_PTR, F_LEN, F_ID, F_NAME, F_BYTES, F_INT };

struct ifield {
	const char *name;
	unsigned int off, size;
	int role;
	int pair;		/* PTR: index of its length field, -1 none */
};

struct icmd {
	const char *name;
	unsigned long cmd;
	const char *sname;
	unsigned int ksize, min_size;
	int priv;		/* needs CAP_SYS_ADMIN or CAP_BPF */
	int on_event_fd;	/* issued on an event fd, not /dev/wasmk */
	unsigned int flags_mask;	/* the flags it takes */
	const struct ifield *f;
	int nf;
	int errs[24];		/* the errors its comment promises (0-terminated) */
};

#include "ioctl_table.h"

#define SLICE		(256 << 10)	/* per thread, then an unmapped page */
#define MAX_THREADS	8
#define HIST		32

static struct {
	unsigned char *bytes;
	size_t len;
} mods[64];
static int nmods;

static unsigned char *arena;	/* MAX_THREADS slices, each followed by a PROT_NONE page */
static void *unmapped;
static int dev_fd;
static int unpriv;		/* this process dropped its capabilities */
static volatile int stop;

/* ids seen: programs, links, event fds (shared by the threads, racy on purpose) */
static unsigned int prog_ids[64], link_ids[64], map_ids[64];
static int event_fds[16];
static int map_fds[8];
static pthread_mutex_t ids_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long total_ops, total_ok, total_runs;
static unsigned long long cmd_ops[64], cmd_ok[64];	/* by index in icmds */
static unsigned long long cmd_sane_err[64][136];	/* errno of sane operations */

struct thr {
	unsigned long long seed, rng, ops, ok;
	int id;
	char hist[HIST][160];
	unsigned int nhist;
	unsigned char *buf;	/* this thread's slice of the arena: data, then at
				 * +192 KiB its struct; an unmapped page after */
	pthread_t tid;
	time_t in_call;		/* when its current ioctl started, 0 none */
};

static unsigned long long rnd(struct thr *t)
{
	t->rng ^= t->rng << 13;
	t->rng ^= t->rng >> 7;
	t->rng ^= t->rng << 17;
	return t->rng;
}

static unsigned int rn(struct thr *t, unsigned int n)
{
	return n ? (unsigned int)(rnd(t) % n) : 0;
}

static void note(struct thr *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->hist[t->nhist++ % HIST], sizeof(t->hist[0]), fmt, ap);
	va_end(ap);
}

static void die(struct thr *t, const char *fmt, ...)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	unsigned int i, n = t->nhist < HIST ? t->nhist : HIST;
	va_list ap;

	pthread_mutex_lock(&lock);
	printf("ioctl-fuzz: FAIL (thread %d, seed %llu%s, operation %llu): ", t->id, t->seed,
	       unpriv ? ", unprivileged" : "", t->ops);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\nioctl-fuzz: the thread's last %u operations:\n", n);
	for (i = t->nhist - n; i < t->nhist; i++)
		printf("  %s\n", t->hist[i % HIST]);
	fflush(stdout);
	_exit(1);
}

/* The current map ids into map_ids (racy on purpose, as the others). */
static void refresh_map_ids(void)
{
	unsigned int ids[64] = { 0 };
	struct wasmk_map_list l;

	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.ids = (unsigned long)ids;
	l.count = 64;
	if (ioctl(dev_fd, WASMK_IOC_MAP_LIST, &l) == 0 && l.count)
		for (unsigned int i = 0; i < 64; i++)
			map_ids[i] = ids[i % (l.count < 64 ? l.count : 64)];
}

static unsigned int pick_id(struct thr *t, unsigned int *ids)
{
	switch (rn(t, 8)) {
	case 0:
		return 0;
	case 1:
		return (unsigned int)rnd(t);
	case 2:
		return 1 + rn(t, 70);
	default:
		return ids[rn(t, 64)];
	}
}

static void remember(unsigned int *ids, unsigned int id)
{
	static unsigned int next;

	pthread_mutex_lock(&ids_lock);
	ids[next++ % 64] = id;
	pthread_mutex_unlock(&ids_lock);
}

static void put(unsigned char *s, const struct ifield *f, unsigned long long v)
{
	memcpy(s + f->off, &v, f->size < 8 ? f->size : 8);
}

static const char *const names[] = {
	"handler", "fz", "", "ret", "count", "run", "f.1-x", "a b", "\xff\xfe",
	"raw_syscalls:sys_enter", "raw_syscalls:sys_exit", "sched:sched_switch",
	"sys_enter", "__sys_socket", "do_sys_openat2", "ksys_write", "nosuchthing",
	"net:netif_receive_skb", "block:block_rq_complete",
};

/* A pointer for a PTR field; *len gets a length that fits it (or not). */
static unsigned long long pick_ptr(struct thr *t, const struct ifield *f, unsigned char *buf,
				   unsigned int *len, int *valid)
{
	unsigned int k = rn(t, 10);

	*valid = 0;
	switch (k) {
	case 0:
		*len = rn(t, 4096);
		return 0;
	case 1:
		*len = rn(t, 4096);
		return (unsigned long long)(uintptr_t)unmapped;
	case 2:
		*len = rn(t, 4096);
		return 0xffff888000000000ull + rn(t, 1 << 20) * 4096ull;
	case 3:		/* crossing into the unmapped page after the slice */
		*len = 1 + rn(t, 64);
		return (unsigned long long)(uintptr_t)(t->buf + SLICE - *len / 2);
	default:
		break;
	}
	*valid = 1;
	if (!strcmp(f->name, "wasm") && nmods && rn(t, 4)) {
		unsigned int m = rn(t, nmods);
		size_t n = mods[m].len;

		memcpy(buf, mods[m].bytes, n);
		if (rn(t, 8) == 0)	/* a corrupted one */
			buf[rn(t, n)] ^= 1u << rn(t, 8);
		*len = rn(t, 10) ? n : rn(t, n + 16);
		return (unsigned long long)(uintptr_t)buf;
	}
	*len = rn(t, 3) ? rn(t, 2048) : rn(t, 65536);
	if (rn(t, 2))
		for (unsigned int i = 0; i < 64; i++)
			buf[i] = (unsigned char)rnd(t);
	else
		memset(buf, 0, *len < 65536 ? *len : 65536);
	return (unsigned long long)(uintptr_t)(buf + (k == 4 ? 1 : 0));
}

/*
 * IOCTL_FUZZ_SURVEY=1: list every (command, error) the header does not
 * promise at the end instead of stopping at the first (for writing docs).
 */
static int survey;
static char surveyed[64][64];
static unsigned int nsurveyed;

static void survey_note(const struct icmd *c, int e)
{
	char key[64];
	unsigned int i;

	snprintf(key, sizeof(key), "%s %s", c->name, strerrorname_np(e));
	pthread_mutex_lock(&ids_lock);
	for (i = 0; i < nsurveyed && strcmp(surveyed[i], key); i++)
		;
	if (i == nsurveyed && nsurveyed < 64)
		strcpy(surveyed[nsurveyed++], key);
	pthread_mutex_unlock(&ids_lock);
}

static int allowed(const struct icmd *c, int e)
{
	int i;

	for (i = 0; c->errs[i]; i++)
		if (c->errs[i] == e)
			return 1;
	return 0;
}

static const char *const entries[] = { "", "handler", "ret", "two", "count", "plain", "fill" };
/* PROG_SYMBOL names: exports of the examples and test modules, and not */
static const char *const symbols[] = {
	"handler", "memory", "ports", "udp_counts", "counts", "wasmk_event_layout",
	"__stack_pointer", "ret", "greeting", "counter", "wide", "table", "far", "nosuchsymbol",
};
static const char *const targets[] = {
	"raw_syscalls:sys_enter", "raw_syscalls:sys_exit", "sys_enter", "__sys_socket",
	"do_sys_openat2", "nosuchthing", "sched:sched_switch",
};

/*
 * Field i of c in s: sane (what a correct caller passes: known ids, a
 * valid buffer and its length, a module for a module pointer, names that
 * exist) or random over its role.
 */
static void fill(struct thr *t, const struct icmd *c, unsigned char *s, unsigned int i, int sane,
		 unsigned int size, unsigned long long *flags, int *nonzero_res)
{
	const struct ifield *f = &c->f[i];
	unsigned int len = 0, k;
	int valid;

	switch (f->role) {
	case F_SIZE:
		return;		/* (set last) */
	case F_FLAGS:
		*flags = 0;
		if (!sane && rn(t, 3) == 0)
			*flags = 1ull << rn(t, 32);
		else if (c->flags_mask && rn(t, 2))
			*flags = c->flags_mask & rnd(t);	/* flags it takes */
		put(s, f, *flags);
		break;
	case F_RESERVED:
		put(s, f, 0);
		if (!sane && rn(t, 3) == 0) {
			put(s, f, 1 + rn(t, 1000));
			if (f->off + f->size <= size)
				*nonzero_res = 1;
		}
		break;
	case F_OUT:
		put(s, f, sane || rn(t, 4) ? 0 : rnd(t));
		break;
	case F_PTR: {
		unsigned long long p;
		unsigned int ord = 0, j;

		/* each pointer of the struct has its own 64 KiB of the slice */
		for (j = 0; j < i; j++)
			ord += c->f[j].role == F_PTR;
		do
			p = pick_ptr(t, f, t->buf + (ord % 3) * 65536, &len, &valid);
		while (sane && !valid);
		put(s, f, p);
		if (f->pair >= 0)
			put(s, &c->f[f->pair], sane || rn(t, 4) ? len : rnd(t));
		break;
	}
	case F_LEN:
		if (!sane)
			put(s, f, rn(t, 2) ? rn(t, 70000) : rnd(t));
		break;
	case F_ID:
		put(s, f, strstr(f->name, "link") ? pick_id(t, link_ids) : pick_id(t, prog_ids));
		if (sane)
			put(s, f, strstr(f->name, "link") ? link_ids[rn(t, 64)] : prog_ids[rn(t, 64)]);
		if (strstr(f->name, "map") && (sane || rn(t, 2))) {
			/* maps come with programs: ids from a recent MAP_LIST */
			if (!rn(t, 32))
				refresh_map_ids();
			put(s, f, map_ids[rn(t, 64)]);
		}
		break;
	case F_NAME:
		memset(s + f->off, 0, f->size);
		k = rn(t, 10);
		if (!strcmp(f->name, "entry"))
			snprintf((char *)s + f->off, f->size, "%s", entries[rn(t, 7)]);
		else if (!strcmp(f->name, "target"))
			snprintf((char *)s + f->off, f->size, "%s", targets[rn(t, 7)]);
		else if (!strcmp(f->name, "name") && !strcmp(c->name, "PROG_SYMBOL"))
			snprintf((char *)s + f->off, f->size, "%s",
				 symbols[rn(t, sizeof(symbols) / sizeof(symbols[0]))]);
		else if (!strcmp(f->name, "name"))
			snprintf((char *)s + f->off, f->size, "fz%llu", rnd(t) % 100000);
		if (sane)
			break;
		if (k == 0)
			memset(s + f->off, 'a' + rn(t, 26), f->size);	/* no NUL */
		else if (k == 1)
			snprintf((char *)s + f->off, f->size, "%s",
				 names[rn(t, sizeof(names) / sizeof(names[0]))]);
		else if (k == 2)
			memset(s + f->off, 0, f->size);
		break;
	case F_BYTES:
		for (k = 0; k < f->size; k++)
			s[f->off + k] = sane || rn(t, 3) ? (unsigned char)(1u << rn(t, 4)) :
							   (unsigned char)rnd(t);
		break;
	case F_INT:
		put(s, f, sane || rn(t, 3) ? rn(t, 16) : rn(t, 2) ? rn(t, 100000) : rnd(t));
		break;
	}
	/* numbers that mean something, whatever their role */
	if (!strcmp(f->name, "repeat") && (sane || rn(t, 2)))
		put(s, f, rn(t, 50));
	if (!strcmp(f->name, "fuel") && (sane || rn(t, 2)))
		put(s, f, rn(t, 2000000));
	if (!strcmp(f->name, "info_size") && (sane || rn(t, 2)))
		put(s, f, 192);
	if (!strcmp(f->name, "hook") && (sane || rn(t, 2)))
		put(s, f, 1 + rn(t, 4));
	if (!strcmp(f->name, "nf_family") && (sane || rn(t, 2)))
		put(s, f, rn(t, 2) ? 2 : 10);
	if (!strcmp(f->name, "nf_hooknum") && sane)
		put(s, f, rn(t, 5));
	if (!strcmp(f->name, "nargs") && (sane || rn(t, 2)))
		put(s, f, rn(t, 13));
	if (!strcmp(f->name, "cpu") && sane)
		put(s, f, rn(t, 3) ? rn(t, 2) : 0xffffffffu);
	if (!strcmp(f->name, "offset") && sane)
		put(s, f, rn(t, 65536));
	if ((!strcmp(f->name, "stack_bytes") || !strcmp(f->name, "mem_pages") ||
	     !strcmp(f->name, "run_time_us") || !strcmp(f->name, "target_offset") ||
	     !strcmp(f->name, "ifindex") || !strcmp(f->name, "attach_mode")) && sane)
		put(s, f, 0);
}

static const struct ifield *field(const struct icmd *c, const char *name)
{
	int i;

	for (i = 0; i < c->nf; i++)
		if (!strcmp(c->f[i].name, name))
			return &c->f[i];
	return NULL;
}

/* A sane attach: only the fields of its hook kind. */
static void cohere(const struct icmd *c, unsigned char *s)
{
	const struct ifield *hook = field(c, "hook"), *f;
	unsigned int h = 0;
	static const char *const nf_only[] = { "nf_family", "nf_hooknum", "nf_priority" };
	static const char *const tr_only[] = { "target", "target_offset", "nargs", "arg_size",
					      "arg_signed" };
	unsigned int i;

	if (!hook)
		return;
	memcpy(&h, s + hook->off, 4);
	if (!strcmp(c->name, "PROG_TEST_RUN")) {
		/* a context the hook takes: packet bytes, or u64 arguments */
		f = field(c, "ctx_len");
		if (f && h != WASMK_HOOK_NETFILTER) {
			unsigned int n = 8 * (h + 2);

			memcpy(s + f->off, &n, 4);
		}
		if ((f = field(c, "entry")) && h % 2)
			memset(s + f->off, 0, f->size);
		return;
	}
	if (strcmp(c->name, "LINK_ATTACH"))
		return;
	for (i = 0; i < (h == WASMK_HOOK_NETFILTER ? 5 : 3); i++) {
		f = field(c, h == WASMK_HOOK_NETFILTER ? tr_only[i] : nf_only[i]);
		if (f)
			memset(s + f->off, 0, f->size);
	}
	if (h == WASMK_HOOK_NETFILTER && (f = field(c, "entry")))
		memset(s + f->off, 0, f->size);
}

/* One operation on command c; checks the result. */
static void one(struct thr *t, const struct icmd *c)
{
	unsigned char *s = t->buf + 192 * 1024;	/* the struct, away from the data */
	unsigned int size, usize, i;
	int expect = -1, fd, r, e, sane, bad_hdr = 0, nonzero_res = 0, struct_fault = 0;
	unsigned long long flags = 0;
	void *arg = s;

	memset(s, 0, 8192);
	sane = rn(t, 2);
	/* the size */
	switch (sane ? 99 : rn(t, 12)) {
	case 0:
		size = rn(t, c->min_size);
		break;
	case 1:
		size = c->ksize + 8 * (1 + rn(t, 8));
		if (rn(t, 2))
			s[size - 1 - rn(t, 8)] = 1;	/* a byte this kernel does not know */
		break;
	case 2:
		size = 4097 + rn(t, 4096);
		break;
	case 3:
		size = c->min_size + rn(t, c->ksize - c->min_size + 1);
		break;
	default:
		size = c->ksize;
		break;
	}
	/*
	 * The fields: half the time every one sane (then, half of those, one
	 * field mutated), so that deep paths run; else each one random.
	 */
	for (i = 0; i < (unsigned int)c->nf; i++)
		fill(t, c, s, i, sane, size, &flags, &nonzero_res);
	if (sane)
		cohere(c, s);
	if (sane && rn(t, 2))
		fill(t, c, s, 1 + rn(t, c->nf - 1), 0, size, &flags, &nonzero_res);
	usize = size;
	memcpy(s, &usize, 4);
	/* the struct pointer itself: unreadable now and then */
	switch (rn(t, 40)) {
	case 0:
		arg = NULL;
		struct_fault = 1;
		break;
	case 1:
		arg = unmapped;
		struct_fault = 1;
		break;
	case 2:		/* the size field readable, the rest not */
		if (size > 8 && size <= 4096) {
			arg = t->buf + SLICE - 8;
			memcpy(arg, s, 8);
			struct_fault = 2;
		}
		break;
	}
	if (size < c->min_size || (size > c->ksize && size <= 4096 && memchr(s + c->ksize, 1,
							   size - c->ksize)))
		bad_hdr = EINVAL;
	else if (size > 4096)
		bad_hdr = E2BIG;
	else if (flags & ~(unsigned long long)c->flags_mask)
		bad_hdr = EINVAL;
	if (struct_fault == 1)
		expect = EFAULT;
	else if (struct_fault == 2 && !bad_hdr)
		expect = EFAULT;	/* the body can't be copied */
	else if (struct_fault == 2)
		expect = -2;		/* EFAULT or the header's error */
	else if (bad_hdr)
		expect = bad_hdr;
	else if (unpriv && c->priv)
		expect = EPERM;
	fd = dev_fd;
	if (c->on_event_fd) {
		fd = event_fds[rn(t, 16)];
		if (fd <= 0 || rn(t, 6) == 0) {
			fd = dev_fd;	/* not an event fd */
			expect = ENOTTY;
		}
	}
	note(t, "%s size %u flags 0x%llx%s%s (%s)", c->name, size, flags,
	     arg != s ? " unreadable-struct" : "", nonzero_res ? " reserved!=0" : "", c->sname);
	t->in_call = time(NULL);
	r = ioctl(fd, c->cmd, arg);
	e = r < 0 ? errno : 0;
	t->in_call = 0;
	note(t, "  -> %d (%s)", r, e ? strerror(e) : "ok");
	t->ops++;
	__atomic_add_fetch(&cmd_ops[c - icmds], 1, __ATOMIC_RELAXED);
	if (!e)
		__atomic_add_fetch(&cmd_ok[c - icmds], 1, __ATOMIC_RELAXED);
	if (sane && e > 0 && e < 136)
		__atomic_add_fetch(&cmd_sane_err[c - icmds][e], 1, __ATOMIC_RELAXED);
	if (expect == -2) {
		if (e != EFAULT && e != bad_hdr)
			die(t, "%s: got %s, want EFAULT or %s", c->name, strerror(e), strerror(bad_hdr));
	} else if (expect > 0) {
		if (e != expect && !(expect == ENOTTY && e == EINVAL))
			die(t, "%s: got %s, want %s", c->name, e ? strerror(e) : "success",
			    strerror(expect));
		return;
	} else if (e && !allowed(c, e)) {
		if (survey) {
			survey_note(c, e);
			return;
		}
		die(t, "%s: %s is not an error its uapi comment promises", c->name, strerror(e));
	}
	if (!e && nonzero_res)
		die(t, "%s: accepted a non-zero reserved field", c->name);
	if (e)
		return;
	t->ok++;
	/* remember what was made */
	if (!strcmp(c->name, "PROG_LOAD")) {
		unsigned int id;

		for (i = 0; i < (unsigned int)c->nf; i++)
			if (!strcmp(c->f[i].name, "prog_id"))
				memcpy(&id, s + c->f[i].off, 4), remember(prog_ids, id);
	} else if (!strcmp(c->name, "LINK_ATTACH")) {
		unsigned int id;

		for (i = 0; i < (unsigned int)c->nf; i++)
			if (!strcmp(c->f[i].name, "link_id"))
				memcpy(&id, s + c->f[i].off, 4), remember(link_ids, id);
	} else if (!strcmp(c->name, "EVENTS_OPEN") && r > 0) {
		int old;

		pthread_mutex_lock(&ids_lock);
		i = rn(t, 16);
		old = event_fds[i];
		event_fds[i] = r;
		pthread_mutex_unlock(&ids_lock);
		if (old > 0)
			close(old);
	} else if (!strcmp(c->name, "MAP_GET_FD") && r > 0) {
		int old;

		/* a few held at a time: maps outlive their programs meanwhile */
		pthread_mutex_lock(&ids_lock);
		i = rn(t, 8);
		old = map_fds[i];
		map_fds[i] = r;
		pthread_mutex_unlock(&ids_lock);
		if (old > 0)
			close(old);
	} else if (!strcmp(c->name, "PROG_TEST_RUN")) {
		__atomic_add_fetch(&total_runs, 1, __ATOMIC_RELAXED);
	}
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void *worker(void *p)
{
	struct thr *t = p;

	while (!stop) {
		const struct icmd *c = &icmds[rn(t, NR_ICMDS)];

		/* now and then a command number nobody defined */
		if (rn(t, 64) == 0) {
			int r = ioctl(dev_fd, _IOWR(0xB7, 0x70 + rn(t, 16), struct wasmk_ioc_hdr),
				      t->buf);

			note(t, "unknown command -> %d", r < 0 ? -errno : r);
			if (r >= 0 || errno != ENOTTY)
				die(t, "an unknown command number: %d (%s)", r, strerror(errno));
			continue;
		}
		one(t, c);
		/* drain an event fd now and then */
		if (rn(t, 16) == 0) {
			int fd = event_fds[rn(t, 16)];

			if (fd > 0) {
				int fl = fcntl(fd, F_GETFL);

				if (fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0)
					(void)!read(fd, t->buf, 4096 + rn(t, 8192));
			}
		}
	}
	return NULL;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *b;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) || st.st_size <= 0 || st.st_size > 65536) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	b = malloc(st.st_size);
	if (b && read(fd, b, st.st_size) != st.st_size) {
		free(b);
		b = NULL;
	}
	close(fd);
	*len = st.st_size;
	return b;
}

/* Run the threads for secs; returns 0. */
static int fuzz(unsigned long long seed, int secs, int nthreads)
{
	struct thr *th = calloc(nthreads, sizeof(*th));
	time_t end = time(NULL) + secs;
	int i;

	for (i = 0; i < nthreads; i++) {
		th[i].id = i;
		th[i].seed = seed * 1000 + i + (unpriv ? 500 : 0);
		th[i].rng = th[i].seed * 0x9e3779b97f4a7c15ull + 1;
		th[i].buf = arena + (size_t)i * (SLICE + 4096);
		pthread_create(&th[i].tid, NULL, worker, &th[i]);
	}
	while (time(NULL) < end) {
		sleep(1);
		/* a long test-run is interrupted: EINTR is part of the surface */
		for (i = 0; i < nthreads; i++)
			if (th[i].in_call && time(NULL) - th[i].in_call >= 2)
				pthread_kill(th[i].tid, SIGUSR1);
	}
	stop = 1;
	for (i = 0; i < nthreads; i++) {
		while (th[i].in_call) {
			pthread_kill(th[i].tid, SIGUSR1);
			usleep(100000);
		}
		pthread_join(th[i].tid, NULL);
		total_ops += th[i].ops;
		total_ok += th[i].ok;
	}
	free(th);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long seed;
	int secs, nthreads, i, status;
	struct sigaction sa;
	pid_t child;

	if (argc < 4) {
		fprintf(stderr, "usage: wasmk-ioctl-fuzz SEED SECONDS THREADS MODULE.wasm...\n");
		return 2;
	}
	seed = strtoull(argv[1], NULL, 0);
	survey = getenv("IOCTL_FUZZ_SURVEY") != NULL;
	secs = atoi(argv[2]);
	nthreads = atoi(argv[3]);
	if (nthreads < 1 || nthreads > MAX_THREADS)
		nthreads = 4;
	for (i = 4; i < argc && nmods < 64; i++) {
		mods[nmods].bytes = read_file(argv[i], &mods[nmods].len);
		if (mods[nmods].bytes)
			nmods++;
	}
	arena = mmap(NULL, MAX_THREADS * (SLICE + 4096), PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED || unmapped == MAP_FAILED)
		return 1;
	/* (kept mapped PROT_NONE: an unmapped range could be reused by a stack) */
	for (i = 0; i < MAX_THREADS; i++)
		mprotect(arena + (size_t)i * (SLICE + 4096) + SLICE, 4096, PROT_NONE);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;	/* no SA_RESTART: the ioctl returns EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	dev_fd = open("/dev/wasmk", O_RDONLY | O_CLOEXEC);
	if (dev_fd < 0) {
		perror("/dev/wasmk");
		return 1;
	}
	printf("ioctl-fuzz: seed %llu, %d s, %d threads (+%d unprivileged), %d commands from the "
	       "uapi header, %d modules\n", seed, secs, nthreads, nthreads / 2, (int)NR_ICMDS,
	       nmods);
	fflush(stdout);
	/* an unprivileged process beside: the same fd, no capabilities */
	child = fork();
	if (child == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(3);
		unpriv = 1;
		fuzz(seed, secs, nthreads / 2 ? nthreads / 2 : 1);
		for (i = 0; i < (int)nsurveyed; i++)
			printf("ioctl-fuzz: survey (unprivileged): %s\n", surveyed[i]);
		printf("ioctl-fuzz: unprivileged: %llu operations, %llu succeeded\n", total_ops,
		       total_ok);
		fflush(stdout);
		_exit(0);
	}
	fuzz(seed, secs, nthreads);
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("ioctl-fuzz: the unprivileged process failed (status 0x%x)\n", status);
		return 1;
	}
	for (i = 0; i < (int)nsurveyed; i++)
		printf("ioctl-fuzz: survey: %s\n", surveyed[i]);
	for (i = 0; i < (int)NR_ICMDS; i++) {
		int k, e1 = 0, e2 = 0;

		for (k = 1; k < 136; k++) {
			if (cmd_sane_err[i][k] > cmd_sane_err[i][e1])
				e2 = e1, e1 = k;
			else if (cmd_sane_err[i][k] > cmd_sane_err[i][e2])
				e2 = k;
		}
		printf("ioctl-fuzz: %-14s %8llu issued, %7llu succeeded; sane ones failed most with"
		       " %s (%llu), %s (%llu)\n", icmds[i].name, cmd_ops[i], cmd_ok[i],
		       e1 ? strerrorname_np(e1) : "-", cmd_sane_err[i][e1],
		       e2 ? strerrorname_np(e2) : "-", cmd_sane_err[i][e2]);
	}
	printf("ioctl-fuzz: %llu operations, %llu succeeded (%llu test-runs), seed %llu\n",
	       total_ops, total_ok, total_runs, seed);
	return 0;
}
