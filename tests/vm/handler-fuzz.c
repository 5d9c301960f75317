// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-handler-fuzz SEED SECONDS: the host functions fuzzed from inside
 * handlers (scripts/fuzz-kernel).  Builds random valid modules that import
 * every "wasmk" host function and declare three maps, each a handler
 * calling them in a random order with random arguments (pointers in,
 * across and past linear memory, lengths up to 70000, map handles right
 * and wrong, kernel addresses: 0, user ones, non-canonical, the current
 * task and offsets into it, kernel text), loads them (PROG_LOAD) and runs
 * them (PROG_TEST_RUN) as tracing and packet handlers with random
 * arguments, and builds every third one without the kernel reads (which
 * keep a program to tracing hooks) and attaches it to a random netfilter hook for
 * a few milliseconds, where the run's traffic (scripts/fuzz-kernel) meets
 * it: real skbs, cloned and not, for its packet writes and checksum
 * fix-ups.  Every run must return a result or a trap the engine names;
 * the kernel must stay clean (vm-run scans its log).  Beside the ioctl
 * fuzzer, its programs may be unloaded or attached by it, and limits hit:
 * those errors are expected (ENOENT, EBUSY, ENOSPC, EEXIST).  Prints
 * "handler-fuzz: N modules, N runs, N traps" and exits 0, or 1 on an
 * unexpected errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/wasmk.h>

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned int rn(unsigned int n)
{
	return n ? rnd() % n : 0;
}

/* ---- a tiny wasm writer -------------------------------------------------- */

struct buf {
	unsigned char b[65536];
	size_t n;
};

static void byte(struct buf *b, unsigned int v)
{
	if (b->n < sizeof(b->b))
		b->b[b->n++] = v;
}

static void uleb(struct buf *b, uint64_t v)
{
	do {
		byte(b, (v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
}

static void sleb(struct buf *b, int64_t v)
{
	int more;

	do {
		unsigned int c = v & 0x7f;

		v >>= 7;
		more = !((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40)));
		byte(b, c | (more ? 0x80 : 0));
	} while (more);
}

static void bytes(struct buf *b, const void *p, size_t n)
{
	while (n--)
		byte(b, *(const unsigned char *)p++);
}

static void name(struct buf *b, const char *s)
{
	uleb(b, strlen(s));
	bytes(b, s, strlen(s));
}

static void section(struct buf *m, unsigned int id, const struct buf *s)
{
	byte(m, id);
	uleb(m, s->n);
	bytes(m, s->b, s->n);
}

#define I32 0x7f
#define I64 0x7e

/* The host functions (kmod/helpers.c, pkt.c): params, and result (0: none). */
static const struct host {
	const char *name;
	const char *params;	/* 'i' i32, 'l' i64; roles in role[] */
	const char *role;	/* p ptr, n len, m map handle, k kernel addr, u user addr, v value */
	int result;
} hosts[] = {
	{ "pkt_len", "", "", I32 },
	{ "pkt_load", "iii", "vpn", I32 },
	{ "pkt_protocol", "", "", I32 },
	{ "ktime_ns", "", "", I64 },
	{ "cpu_id", "", "", I32 },
	{ "random_u32", "", "", I32 },
	{ "log", "ii", "pn", 0 },
	{ "emit", "ii", "pn", I32 },
	{ "pid_tgid", "", "", I64 },
	{ "uid_gid", "", "", I64 },
	{ "comm", "ii", "pn", I32 },
	{ "user_str", "lii", "upn", I32 },
	{ "map_lookup", "iii", "mpp", I32 },
	{ "map_update", "iiii", "mppv", I32 },
	{ "map_delete", "ii", "mp", I32 },
	{ "map_add", "iiil", "mpvv", I32 },
	{ "probe_read_kernel", "ili", "pkn", I32 },
	{ "probe_read_kernel_str", "ili", "pkn", I32 },
	{ "probe_read_user", "ili", "pun", I32 },
	{ "current_task", "", "", I64 },
	{ "record_load", "iii", "vpn", I32 },
	{ "pkt_store", "iiii", "vpnv", I32 },
	{ "l3_csum_replace", "iiii", "vvvv", I32 },
	{ "l4_csum_replace", "iiii", "vvvv", I32 },
	{ "pkt_adjust_head", "i", "v", I32 },
	{ "pkt_adjust_tail", "i", "v", I32 },
	{ "redirect", "ii", "vv", I32 },
	{ "pkt_ifindex", "", "", I32 },
};
#define NHOSTS (sizeof(hosts) / sizeof(hosts[0]))
#define FN_CURRENT_TASK	19
#define MAPS_AT		0x8000	/* three 32-byte declarations */

/* An argument of a role, pushed as an i32 or i64 constant (or a call). */
static void arg(struct buf *c, char type, char role, unsigned int fn_current_task)
{
	static const int64_t kaddrs[] = {
		0, 8, 4096, 0x7fff00000000LL, (int64_t)0xdead000000000000ULL,
		(int64_t)0xffffffff81000000ULL, -1, -4096,
	};
	int64_t v;

	switch (role) {
	case 'p':	/* in memory mostly, across or past its end sometimes */
		v = rn(8) ? rn(65536) : rn(2) ? 65536 - rn(64) : rnd();
		break;
	case 'n':
		v = rn(4) ? rn(256) : rn(2) ? rn(70000) : rnd();
		break;
	case 'm':
		v = rn(6) ? MAPS_AT + 32 * rn(3) : rn(65536);
		break;
	case 'u':
		v = rn(2) ? 0x400000 + rn(0x100000) : kaddrs[rn(8)];
		break;
	case 'k':
		if (rn(3) == 0) {
			/* current_task() + a small offset: real task memory */
			byte(c, 0x10);
			uleb(c, fn_current_task);
			byte(c, 0x42);
			sleb(c, rn(2) ? rn(4096) : rn(16384));
			byte(c, 0x7c);	/* i64.add */
			return;
		}
		v = kaddrs[rn(8)];
		break;
	default:
		v = rn(3) ? rn(1000) : (int64_t)rnd();
	}
	if (type == 'i') {
		byte(c, 0x41);
		sleb(c, (int32_t)v);
	} else {
		byte(c, 0x42);
		sleb(c, v);
	}
}

/* The kernel reads (prog.c: their importers attach to tracing hooks only). */
static int reads_kernel(const struct host *h)
{
	return !strcmp(h->name, "probe_read_kernel") || !strcmp(h->name, "probe_read_kernel_str") ||
	       !strcmp(h->name, "current_task");
}

/*
 * A random module; packet: without the kernel reads, so it may attach to
 * a packet hook.  Each host function it imports keeps its type index
 * (its row in hosts[]); the imports, and so the calls, skip the others.
 */
static size_t build(unsigned char *out, size_t max, int packet)
{
	struct buf m = { .n = 0 }, s, c;
	unsigned int i, j, calls, nimp = 0, fn_of[NHOSTS], host_of[NHOSTS];
	static const char *const mapnames[] = { "wasmk_map_h", "wasmk_map_a", "wasmk_map_l" };
	/* kind, key, value, entries, flags, layouts, reserved */
	static const uint32_t defs[3][8] = {
		{ 1, 4, 8, 16, 0, 0, 0, 0 }, { 4, 4, 16, 4, 0, 0, 0, 0 }, { 5, 8, 8, 4, 0, 0, 0, 0 },
	};

	bytes(&m, "\0asm\1\0\0\0", 8);
	/* types: one per host function, then the handler's () -> i32 (any hook's) */
	s.n = 0;
	uleb(&s, NHOSTS + 1);
	for (i = 0; i < NHOSTS; i++) {
		byte(&s, 0x60);
		uleb(&s, strlen(hosts[i].params));
		for (j = 0; hosts[i].params[j]; j++)
			byte(&s, hosts[i].params[j] == 'i' ? I32 : I64);
		uleb(&s, hosts[i].result ? 1 : 0);
		if (hosts[i].result)
			byte(&s, hosts[i].result);
	}
	byte(&s, 0x60);
	uleb(&s, 0);
	uleb(&s, 1);
	byte(&s, I32);
	section(&m, 1, &s);
	for (i = 0; i < NHOSTS; i++) {
		if (packet && reads_kernel(&hosts[i]))
			continue;
		fn_of[i] = nimp;
		host_of[nimp++] = i;
	}
	s.n = 0;
	uleb(&s, nimp);
	for (i = 0; i < nimp; i++) {
		name(&s, "wasmk");
		name(&s, hosts[host_of[i]].name);
		byte(&s, 0);
		uleb(&s, host_of[i]);
	}
	section(&m, 2, &s);
	s.n = 0;
	uleb(&s, 1);
	uleb(&s, NHOSTS);
	section(&m, 3, &s);
	s.n = 0;	/* memory: 1 page, at most 1 */
	bytes(&s, "\1\1\1\1", 4);
	section(&m, 5, &s);
	s.n = 0;	/* globals: the maps' addresses */
	uleb(&s, 3);
	for (i = 0; i < 3; i++) {
		byte(&s, I32);
		byte(&s, 0);
		byte(&s, 0x41);
		sleb(&s, MAPS_AT + 32 * i);
		byte(&s, 0x0b);
	}
	section(&m, 6, &s);
	s.n = 0;
	uleb(&s, 4);
	name(&s, "handler");
	byte(&s, 0);
	uleb(&s, nimp);
	for (i = 0; i < 3; i++) {
		name(&s, mapnames[i]);
		byte(&s, 3);
		uleb(&s, i);
	}
	section(&m, 7, &s);
	/* code: random calls, their results dropped */
	c.n = 0;
	uleb(&c, 0);	/* no locals */
	calls = 1 + rn(40);
	for (i = 0; i < calls; i++) {
		const struct host *h = &hosts[host_of[rn(nimp)]];

		for (j = 0; h->params[j]; j++)
			arg(&c, h->params[j], h->role[j], packet ? 0 : fn_of[FN_CURRENT_TASK]);
		byte(&c, 0x10);
		uleb(&c, fn_of[h - hosts]);
		if (h->result)
			byte(&c, 0x1a);	/* drop */
	}
	byte(&c, 0x41);
	sleb(&c, rn(5));	/* a verdict: drop, accept, tx, redirect, none */
	byte(&c, 0x0b);
	s.n = 0;
	uleb(&s, 1);
	uleb(&s, c.n);
	bytes(&s, c.b, c.n);
	section(&m, 10, &s);
	s.n = 0;	/* data: the map declarations */
	uleb(&s, 1);
	byte(&s, 0);
	byte(&s, 0x41);
	sleb(&s, MAPS_AT);
	byte(&s, 0x0b);
	uleb(&s, sizeof(defs));
	for (i = 0; i < 3; i++)
		for (j = 0; j < 8; j++)
			bytes(&s, &defs[i][j], 4);	/* little-endian hosts */
	section(&m, 11, &s);
	if (m.n > max)
		return 0;
	memcpy(out, m.b, m.n);
	return m.n;
}

/* The runs of link id so far (LINK_LIST), 0 if it is not there. */
static unsigned long long link_runs(int dev, unsigned int id)
{
	static struct wasmk_link_info infos[64];
	struct wasmk_link_list l = { .size = sizeof(l), .links = (unsigned long)infos,
				     .count = 64, .info_size = sizeof(infos[0]) };
	unsigned int i;

	if (ioctl(dev, WASMK_IOC_LINK_LIST, &l))
		return 0;
	for (i = 0; i < l.count && i < 64; i++)
		if (infos[i].link_id == id)
			return infos[i].runs;
	return 0;
}

/*
 * Attach the program to a random netfilter hook (IPv4 or IPv6, any of the
 * five, fail-open or fail-closed) for 10-60 ms, then detach.  0 when the
 * attach was refused as the ioctl fuzzer may cause (no room, the program
 * gone), 1 + the link's runs when it ran, -1 on an unexpected error.
 */
static long attach_netfilter(int dev, unsigned int prog_id)
{
	struct wasmk_link_attach a;
	struct wasmk_link_detach d;
	unsigned long long r;

	memset(&a, 0, sizeof(a));
	a.size = WASMK_LINK_ATTACH_SIZE_VER0;
	a.prog_id = prog_id;
	a.hook = WASMK_HOOK_NETFILTER;
	a.flags = rn(2) ? WASMK_LINK_FAIL_CLOSED : 0;
	a.nf_family = rn(2) ? 2 : 10;
	a.nf_hooknum = rn(5);
	a.nf_priority = (int)rn(200) - 100;
	if (ioctl(dev, WASMK_IOC_LINK_ATTACH, &a)) {
		if (errno == ENOENT || errno == ENOSPC || errno == EBUSY || errno == ENOMEM)
			return 0;
		perror("handler-fuzz: LINK_ATTACH (netfilter)");
		return -1;
	}
	usleep(10000 + rn(50000));
	r = link_runs(dev, a.link_id);
	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	d.link_id = a.link_id;
	if (ioctl(dev, WASMK_IOC_LINK_DETACH, &d) && errno != ENOENT) {
		perror("handler-fuzz: LINK_DETACH");
		return -1;
	}
	return 1 + r;
}

int main(int argc, char **argv)
{
	static unsigned char mod[65536];
	unsigned long long modules = 0, runs = 0, traps = 0, attached = 0, hook_runs = 0;
	time_t end;
	char log[512];
	int dev;

	if (argc != 3) {
		fprintf(stderr, "usage: wasmk-handler-fuzz SEED SECONDS\n");
		return 2;
	}
	rng = strtoull(argv[1], NULL, 0) * 2654435761ULL + 1;
	end = time(NULL) + atoi(argv[2]);
	dev = open("/dev/wasmk", O_RDONLY | O_CLOEXEC);
	if (dev < 0) {
		perror("/dev/wasmk");
		return 1;
	}
	while (time(NULL) < end) {
		struct wasmk_prog_load a;
		struct wasmk_prog_unload u;
		int packet = !rn(3);
		size_t n = build(mod, sizeof(mod), packet);
		unsigned int r;

		memset(&a, 0, sizeof(a));
		a.size = sizeof(a);
		a.wasm = (unsigned long)mod;
		a.wasm_len = n;
		a.log_buf = (unsigned long)log;
		a.log_size = sizeof(log);
		snprintf(a.name, sizeof(a.name), "hf%llu", modules % 100000);
		if (ioctl(dev, WASMK_IOC_PROG_LOAD, &a)) {
			if (errno == ENOSPC || errno == EEXIST || errno == ENOMEM) {
				usleep(10000);	/* the ioctl fuzzer holds the room */
				continue;
			}
			fprintf(stderr, "handler-fuzz: PROG_LOAD: %s: %s\n", strerror(errno), log);
			return 1;	/* every generated module is valid */
		}
		modules++;
		for (r = 0; r < 1 + rn(20); r++) {
			struct wasmk_prog_test_run t;
			unsigned long long args[6];
			unsigned char pkt[64];
			unsigned int i;

			memset(&t, 0, sizeof(t));
			t.size = sizeof(t);
			t.prog_id = a.prog_id;
			t.repeat = 1 + rn(3);
			if (rn(3)) {
				t.hook = WASMK_HOOK_TRACEPOINT + rn(3);	/* tracepoint, k(ret)probe */
				for (i = 0; i < 6; i++)
					args[i] = rnd();
				t.ctx_in = (unsigned long)args;
				t.ctx_len = 8 * (rn(7));
			} else {
				t.hook = WASMK_HOOK_NETFILTER;
				for (i = 0; i < sizeof(pkt); i++)
					pkt[i] = rnd();
				pkt[0] = 0x45;
				t.ctx_in = (unsigned long)pkt;
				t.ctx_len = 20 + rn(45);
			}
			if (ioctl(dev, WASMK_IOC_PROG_TEST_RUN, &t)) {
				if (errno == ENOENT)
					break;	/* unloaded by the ioctl fuzzer */
				fprintf(stderr, "handler-fuzz: PROG_TEST_RUN (hook %u, %u bytes): %s\n",
					t.hook, t.ctx_len, strerror(errno));
				return 1;
			}
			runs += t.repeat;
			traps += t.trap != 0;
		}
		if (packet) {
			long r = attach_netfilter(dev, a.prog_id);

			if (r < 0)
				return 1;
			attached += r > 0;
			hook_runs += r > 0 ? r - 1 : 0;
		}
		memset(&u, 0, sizeof(u));
		u.size = sizeof(u);
		u.prog_id = a.prog_id;
		if (ioctl(dev, WASMK_IOC_PROG_UNLOAD, &u) && errno != ENOENT && errno != EBUSY) {
			perror("handler-fuzz: PROG_UNLOAD");
			return 1;
		}
	}
	printf("handler-fuzz: %llu modules, %llu runs, %llu with a trap, %llu attached (%llu hook runs)\n",
	       modules, runs, traps, attached, hook_runs);
	return 0;
}
