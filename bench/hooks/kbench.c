// SPDX-License-Identifier: GPL-2.0
/*
 * kbench: the in-VM side of scripts/bench-kernel: wasmk handlers against
 * eBPF programs (loaded with libbpf) and native code, in one kernel.
 * Static, so the VM needs no libraries for it.  (percall also runs on the
 * host, without /dev/wasmk: eBPF, the userspace engine and native code.)
 *
 *   kbench percall BPF.o WASMDIR ROUNDS TARGET-MS
 *	Per-invocation cost of the four workloads (workload.h) on every
 *	engine there is:
 *	  wasmk       PROG_TEST_RUN in wasmk.ko (netfilter context: the IPv4
 *	              packet); skipped when there is no /dev/wasmk
 *	  wasmk-nostats  the same with wasmk.ko's run_stats parameter off
 *	  wasmk-user  the same .wasm on the userspace build of the engine
 *	              (libwasmk-engine.a, JIT): its run entry, compiled as
 *	              wasmk.ko compiles it (run_stats off), in a loop, with
 *	              a pkt_load host function like the kernel's
 *	  ebpf        BPF_PROG_TEST_RUN of the SCHED_CLS program (the same
 *	              packet behind an Ethernet header)
 *	  ebpf-stats  the same with BPF run-time statistics on
 *	  native      the C function called in a loop in userspace
 *	Checks first that all give the same verdict on an accepted and a
 *	dropped packet.  Then ROUNDS rounds, engines in a rotating order
 *	within each round; each measurement repeats the run enough times to
 *	take about TARGET-MS.  Prints "percall WORKLOAD ENGINE NS-PER-RUN"
 *	per measurement.
 *   kbench maps BPF.o MAP.wasm ROUNDS TARGET-MS
 *	WL_MAP_OPS map operations per run (workload.h): MAP.wasm's
 *	entries (wasm_map.c: empty, add_hash, add_pcpu, lookup_hash,
 *	update_hash) against the tc_map_* programs of BPF.o (and tc_empty),
 *	and wasmk's add_refused (map_add refused at its arguments, no eBPF
 *	counterpart):
 *	  wasmk       PROG_TEST_RUN in wasmk.ko, run_stats off; skipped when
 *	              there is no /dev/wasmk
 *	  wasmk-user  the userspace engine, its map functions stubs (no maps
 *	              there): the cost of the host call alone
 *	  ebpf        BPF_PROG_TEST_RUN, no run-time statistics
 *	Checks first that both sides' maps hold what the operations put there.
 *	Then ROUNDS rounds as percall's.  Prints "info map-ops N" (per run),
 *	"maps OPERATION ENGINE NS-PER-RUN" per measurement and "map-check
 *	ENGINE ..." per side.
 *   kbench syscalls BPF.o SYS.wasm CALLS ROUNDS
 *	getpid() CALLS times with no probe, with SYS.wasm on wasmk's
 *	raw_syscalls:sys_enter (run_stats on, then off) and with the eBPF
 *	raw tracepoint sys_count on sys_enter (stats off, then on);
 *	rotating order, ROUNDS rounds.  Prints
 *	"syscall CONFIG NS-PER-CALL", then each probe's count of getpid.
 *   kbench tracing TRACE.bpf.o OPENSNOOP-ID TCPCONNECT-ID EMPTY-ID OPENS CONNECTS ROUNDS
 *	Per-event cost of the opensnoop and tcpconnect examples (wasmk
 *	programs loaded by the CLI, by id; EMPTY-ID wasm_trace_empty.wasm)
 *	on their kprobe + kretprobe pairs against their eBPF twins in
 *	TRACE.bpf.o: OPENS opens + closes of one file, or CONNECTS TCP
 *	connects to a listener on 127.0.0.1, each open() or connect() timed,
 *	pinned to CPU 0, with nothing attached, each side's empty pair, each example
 *	(run_stats on and off) and each twin (BPF stats off and on); a
 *	reader on CPU 1 drains the ring every 10 ms and counts the
 *	workload's records, which must be all (or dropped).  Checks first
 *	that each pair gives a record per operation, then ROUNDS rounds in a
 *	rotating order, each configuration attached just before its
 *	measurement and detached after.  Prints "tracing TOOL CONFIG
 *	MEDIAN-NS MEAN-NS RECORDS DROPPED" per measurement.  With ids 0 (no
 *	wasmk.ko, as on the host) only eBPF, and without kprobes only none.
 *   kbench xdp-percall BPF.o HANDLER.wasm IFNAME MODE ROUNDS TARGET-MS
 *	The same comparison at XDP, for one handler: BPF_PROG_TEST_RUN of
 *	the wasmk CLI's eBPF shim (the XDP program on IFNAME in MODE, native
 *	or generic, put there by `wasmk link attach ... xdp`: it calls the
 *	kfunc, which runs the link's handler), PROG_TEST_RUN of HANDLER.wasm
 *	(the handler alone, no shim) and BPF_PROG_TEST_RUN of the XDP
 *	programs xdp_parse and xdp_empty, on the percall packet.  Checks the
 *	verdicts first.  Prints "xdp-percall ENGINE NS-PER-RUN" per
 *	measurement and "xdp-shim prog ID NAME".
 *   kbench tc-attach BPF.o PROG IFNAME	PROG on IFNAME's tc ingress
 *   kbench tc-detach IFNAME		remove the clsact hook (and PROG)
 *   kbench xdp-attach BPF.o PROG IFNAME MODE	PROG on IFNAME's XDP hook,
 *					MODE native or generic
 *   kbench xdp-detach IFNAME MODE	take it off
 *   kbench udp-send ADDR PORT N		N one-byte datagrams; prints
 *					"sent N NS-TOTAL"
 *   kbench udp-hold PORT		bind PORT and never read: once the
 *					receive buffer is full the datagrams
 *					are dropped at the socket, after the
 *					whole receive path, with no reader
 *					competing for a CPU; exits on a signal
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <linux/pkt_cls.h>
#include <linux/wasmk.h>

#include "engine.h"
#include "runtime.h"
#include "native.h"
#include "trace.h"

typedef unsigned char wl_u8;
typedef unsigned int wl_u32;
typedef unsigned long long wl_u64;

/* (for its WL_MAP_* constants: gcc does not know its clang loop pragma) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#include "workload.h"
#pragma GCC diagnostic pop

#define NWORK 4
static const char *const work[NWORK] = { "empty", "parse", "counter", "loop" };
static int (*const native_fn[NWORK])(const unsigned char *, unsigned int) = {
	native_empty, native_parse, native_counter, native_loop,
};

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "kbench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static struct bpf_object *bpf_load(const char *path)
{
	struct bpf_object *obj;
	int err;

	libbpf_set_print(libbpf_quiet);
	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		die("%s: open: %s", path, strerror(errno));
	err = bpf_object__load(obj);
	if (err)
		die("%s: load: %s", path, strerror(-err));
	return obj;
}

static struct bpf_program *bpf_prog(struct bpf_object *obj, const char *name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);

	if (!p)
		die("no eBPF program %s", name);
	return p;
}

/* The whole file; *len its size. */
static unsigned char *slurp(const char *path, long *len)
{
	unsigned char *buf;
	FILE *f;

	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (*len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("%s: cannot read", path);
	buf = malloc(*len ? *len : 1);
	if (!buf || fread(buf, 1, *len, f) != (size_t)*len)
		die("%s: short read", path);
	fclose(f);
	return buf;
}

/* ---- wasmk through /dev/wasmk ------------------------------------------- */

static int wasmk_fd = -1;

static void wasmk_open(void)
{
	wasmk_fd = open(WASMK_DEVICE, O_RDWR | O_CLOEXEC);
	if (wasmk_fd < 0)
		die("%s: %s", WASMK_DEVICE, strerror(errno));
}

static unsigned int wasmk_load(const char *path, const char *name)
{
	struct wasmk_prog_load a;
	static char log[1024];
	unsigned char *buf;
	long len;

	buf = slurp(path, &len);
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.wasm = (uintptr_t)buf;
	a.wasm_len = len;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	snprintf(a.name, sizeof(a.name), "%s", name);
	if (ioctl(wasmk_fd, WASMK_IOC_PROG_LOAD, &a))
		die("%s: PROG_LOAD: %s: %s", path, strerror(errno), log);
	free(buf);
	return a.prog_id;
}

/*
 * wasmk.ko's run-time accounting (two clock reads per run for PROG_INFO's
 * run_ns): on by default, off with the module parameter, like eBPF's
 * kernel.bpf_stats_enabled (off by default).
 */
#define WASMK_RUN_STATS "/sys/module/wasmk/parameters/run_stats"

static void wasmk_run_stats(bool on)
{
	int fd = open(WASMK_RUN_STATS, O_WRONLY);

	if (fd < 0 || write(fd, on ? "Y" : "N", 1) != 1)
		die("%s: %s", WASMK_RUN_STATS, strerror(errno));
	close(fd);
}

/*
 * Mean ns per run over repeat runs of the export entry ("handler" when
 * NULL), and the last run's verdict.
 */
static double wasmk_test_run_entry(unsigned int id, const char *entry, const unsigned char *pkt,
				   unsigned int len, unsigned int repeat, int *verdict)
{
	struct wasmk_prog_test_run t;

	memset(&t, 0, sizeof(t));
	t.size = sizeof(t);
	t.prog_id = id;
	t.hook = WASMK_HOOK_NETFILTER;
	if (entry)
		snprintf(t.entry, sizeof(t.entry), "%s", entry);
	t.ctx_in = (uintptr_t)pkt;
	t.ctx_len = len;
	t.repeat = repeat;
	if (ioctl(wasmk_fd, WASMK_IOC_PROG_TEST_RUN, &t))
		die("PROG_TEST_RUN of program %u: %s", id, strerror(errno));
	if (t.trap)
		die("program %u trapped (%u)", id, t.trap);
	if (verdict)
		*verdict = (int)t.result;
	return (double)t.duration_ns;
}

static double wasmk_test_run(unsigned int id, const unsigned char *pkt, unsigned int len,
			     unsigned int repeat, int *verdict)
{
	return wasmk_test_run_entry(id, NULL, pkt, len, repeat, verdict);
}

/* ---- wasmk's engine in userspace ---------------------------------------- */

/* The packet the userspace engine's pkt_load reads (network header on). */
static const unsigned char *user_pkt;
static unsigned int user_pkt_len;

/* pkt_load(offset, dst, len) -> bytes copied, as the kernel's helper. */
static int user_pkt_load(struct wasm_instance *inst, void *data, u64 *a)
{
	u64 off = (u32)a[0], dst = (u32)a[1], len = (u32)a[2];
	struct wasm_meminst *mem = inst->memory;

	if (!mem || dst + len > mem->size)
		return WASM_TRAP_MEM_OOB;
	if (off >= user_pkt_len)
		len = 0;
	else if (len > user_pkt_len - off)
		len = user_pkt_len - off;
	memcpy(mem->base + dst, user_pkt + off, len);
	a[0] = len;
	return 0;
}

static const u8 ty_i32x3[] = { WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32 };
static const struct wasm_host_func user_host[] = {
	{ "wasmk", "pkt_load", ty_i32x3, ty_i32x3, 3, 1, user_pkt_load, NULL },
};

struct user_prog {
	struct wasm_store *store;
	struct wasm_instance *inst;
	u32 funcidx;
};

/* path's export entry on the userspace engine, with host functions host[n]. */
static void user_load_entry(struct user_prog *u, const char *path, const char *entry,
			    const struct wasm_host_func *host, unsigned int n)
{
	static char logbuf[1024];
	struct wasm_log log = { .buf = logbuf, .size = sizeof(logbuf) };
	struct wasm_instance_opts o = { .host_funcs = host, .nhost_funcs = n };
	struct wasm_module *m;
	unsigned char *buf;
	/* run entries as wasmk.ko compiles them: its defaults, run_stats off */
	struct wasm_run_config rc = {
		.fuel = WASMK_FUEL_DEFAULT,
		.time_ns = WASMK_RUN_TIME_DEFAULT_US * 1000ull,
		.stack_bytes = WASMK_STACK_DEFAULT,
	};
	int trap = 0;
	long len;

	buf = slurp(path, &len);
	u->store = wasm_store_new();
	if (!u->store || wasm_module_load(buf, len, NULL, &log, &m) ||
	    wasm_instantiate(u->store, m, &o, &log, &u->inst, &trap) ||
	    wasm_jit_compile_run(u->inst, &rc, &log) ||
	    wasm_instance_export_func(u->inst, entry, strlen(entry), &u->funcidx) ||
	    !wasm_run_entry(u->inst, u->funcidx))
		die("%s: userspace engine: %s %s", path, entry, logbuf);
	free(buf);
}

static void user_load(struct user_prog *u, const char *path)
{
	user_load_entry(u, path, "handler", user_host, 1);
}

static double user_run(struct user_prog *u, const unsigned char *pkt, unsigned int len,
		       unsigned int repeat, int *verdict)
{
	wasm_run_fn run = wasm_run_entry(u->inst, u->funcidx);
	struct wasm_run_counters rc = { 0 };
	u64 slots[1] = { 0 };
	double t0 = now_ns();
	unsigned int i;
	u32 r = 0;

	user_pkt = pkt;
	user_pkt_len = len;
	for (i = 0; i < repeat; i++) {
		slots[0] = len;
		r = run(NULL, &rc, slots, 0);
		if (u->inst->last_trap)
			die("userspace engine: trap %d", u->inst->last_trap);
	}
	if (verdict)
		*verdict = (int)r;
	return (now_ns() - t0) / repeat;
}

/* ---- eBPF --------------------------------------------------------------- */

/*
 * BPF run-time statistics on (as sysctl kernel.bpf_stats_enabled=1) while
 * the returned fd stays open.
 */
static int bpf_stats_on(void)
{
	int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);

	if (fd < 0)
		die("BPF_ENABLE_STATS: %s", strerror(errno));
	return fd;
}

/* Mean ns per run over repeat runs, and the last run's return value. */
static double bpf_test_run(int fd, const unsigned char *frame, unsigned int len,
			   unsigned int repeat, int *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame, .data_size_in = len,
		    .repeat = (int)repeat);
	int err = bpf_prog_test_run_opts(fd, &o);

	if (err)
		die("BPF_PROG_TEST_RUN: %s", strerror(-err));
	if (retval)
		*retval = (int)o.retval;
	return (double)o.duration;
}

/* A tc or XDP verdict as WL_ACCEPT (1) or WL_DROP (0); -1 for others. */
static int tc_wl(int ret)
{
	return ret == TC_ACT_SHOT ? 0 : ret == TC_ACT_OK ? 1 : -1;
}

static int xdp_wl(int ret)
{
	return ret == XDP_DROP ? 0 : ret == XDP_PASS ? 1 : -1;
}

/* ---- native --------------------------------------------------------------- */

static double native_run(int w, const unsigned char *pkt, unsigned int len,
			 unsigned int repeat, int *verdict)
{
	int (*fn)(const unsigned char *, unsigned int) = native_fn[w];
	double t0 = now_ns();
	unsigned int i;
	int v = 0;

	for (i = 0; i < repeat; i++) {
		/* the packet may have changed: no hoisting the call out */
		__asm__ volatile("" : : "r"(pkt) : "memory");
		v = fn(pkt, len);
	}
	if (verdict)
		*verdict = v;
	return (now_ns() - t0) / repeat;
}

/* ---- percall ------------------------------------------------------------- */

/*
 * An IPv4/TCP SYN 10.200.0.2:40000 -> 10.200.0.1:DPORT with 20 bytes of
 * options-free TCP header and 24 bytes of payload (64 bytes), after a
 * 14-byte Ethernet header (eBPF's test run wants one; wasmk's netfilter
 * context starts at the IPv4 header: frame + 14).
 */
#define FRAME_LEN	(14 + 64)
static void make_frame(unsigned char *f, unsigned int dport)
{
	static const unsigned char hdr[14 + 40] = {
		/* Ethernet: dst, src, IPv4 */
		0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00,
		/* IPv4: v4 ihl 5, len 64, id 1, DF, ttl 64, TCP, checksum */
		0x45, 0, 0, 64, 0, 1, 0x40, 0, 64, 6, 0, 0,
		10, 200, 0, 2, 10, 200, 0, 1,
		/* TCP: 40000 -> dport, seq 1, ack 0, offset 5, SYN, window */
		0x9c, 0x40, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff,
		0, 0, 0, 0,
	};
	unsigned int i;

	memset(f, 0, FRAME_LEN);
	memcpy(f, hdr, sizeof(hdr));
	f[14 + 22] = dport >> 8;
	f[14 + 23] = dport & 0xff;
	for (i = 14 + 40; i < FRAME_LEN; i++)
		f[i] = (unsigned char)i;
}

/*
 * ebpf-stats: eBPF with run-time statistics on (BPF_ENABLE_STATS, as
 * sysctl kernel.bpf_stats_enabled=1): two clock reads per run, the
 * accounting wasmk does by default for PROG_INFO's run_ns; wasmk-nostats:
 * wasmk with that accounting off (its run_stats parameter), as eBPF runs
 * by default.
 */
enum { E_WASMK, E_WASMK_NOSTATS, E_WASMK_USER, E_EBPF, E_EBPF_STATS, E_NATIVE, NENG };
static const char *const eng_name[NENG] = {
	"wasmk", "wasmk-nostats", "wasmk-user", "ebpf", "ebpf-stats", "native",
};

struct percall {
	bool has[NENG];
	unsigned int wasm_id[NWORK];
	struct user_prog user[NWORK];
	int bpf_fd[NWORK];
	unsigned char frame[FRAME_LEN];
};

static double run_engine(struct percall *pc, int e, int w, unsigned int repeat, int *verdict)
{
	const unsigned char *frame = pc->frame;
	double ns;
	int ret;

	switch (e) {
	case E_WASMK:
		return wasmk_test_run(pc->wasm_id[w], frame + 14, FRAME_LEN - 14, repeat, verdict);
	case E_WASMK_NOSTATS:
		wasmk_run_stats(false);
		ns = wasmk_test_run(pc->wasm_id[w], frame + 14, FRAME_LEN - 14, repeat, verdict);
		wasmk_run_stats(true);
		return ns;
	case E_WASMK_USER:
		return user_run(&pc->user[w], frame + 14, FRAME_LEN - 14, repeat, verdict);
	case E_EBPF:
		ns = bpf_test_run(pc->bpf_fd[w], frame, FRAME_LEN, repeat, &ret);
		break;
	case E_EBPF_STATS: {
		int fd = bpf_stats_on();

		ns = bpf_test_run(pc->bpf_fd[w], frame, FRAME_LEN, repeat, &ret);
		close(fd);
		break;
	}
	default:
		return native_run(w, frame + 14, FRAME_LEN - 14, repeat, verdict);
	}
	if (verdict)
		*verdict = tc_wl(ret);
	return ns;
}


/* Runs in one measurement of about target_ms, from ns per run (100..1e6). */
static unsigned int reps_for(double ns, unsigned int target_ms)
{
	if (ns < 1)
		ns = 1;
	ns = target_ms * 1e6 / ns;
	return ns < 100 ? 100 : ns > 1000000 ? 1000000 : (unsigned int)ns;
}
static int cmd_percall(int argc, char **argv)
{
	static struct percall pc;
	struct bpf_object *obj;
	unsigned int rounds, target_ms, rep[NWORK][NENG];
	char path[4096], name[64];
	int w, e, r, k, v[NENG];

	if (argc != 4)
		die("usage: kbench percall BPF.o WASMDIR ROUNDS TARGET-MS");
	rounds = atoi(argv[2]);
	target_ms = atoi(argv[3]);
	for (e = 0; e < NENG; e++)
		pc.has[e] = true;
	if (access(WASMK_DEVICE, F_OK)) {
		pc.has[E_WASMK] = pc.has[E_WASMK_NOSTATS] = false;
		printf("info no %s: no wasmk column\n", WASMK_DEVICE);
	} else {
		wasmk_open();
		pc.has[E_WASMK_NOSTATS] = !access(WASMK_RUN_STATS, W_OK);
	}
	obj = bpf_load(argv[0]);
	for (w = 0; w < NWORK; w++) {
		snprintf(path, sizeof(path), "%s/wasm_%s.wasm", argv[1], work[w]);
		snprintf(name, sizeof(name), "kbench_%s", work[w]);
		if (pc.has[E_WASMK] || pc.has[E_WASMK_NOSTATS])
			pc.wasm_id[w] = wasmk_load(path, name);
		user_load(&pc.user[w], path);
		snprintf(name, sizeof(name), "tc_%s", work[w]);
		pc.bpf_fd[w] = bpf_program__fd(bpf_prog(obj, name));
	}

	/* The same verdicts everywhere, on a packet to drop and one to accept. */
	for (k = 0; k < 2; k++) {
		make_frame(pc.frame, k ? 7777 : 80);
		for (w = 0; w < NWORK; w++) {
			for (e = 0; e < NENG; e++)
				if (pc.has[e])
					run_engine(&pc, e, w, 1, &v[e]);
			for (e = 0; e < NENG; e++)
				if (pc.has[e] && v[e] != v[E_NATIVE])
					die("%s, dport %u: verdicts differ: %s %d, native %d", work[w],
					    k ? 7777 : 80, eng_name[e], v[e], v[E_NATIVE]);
			printf("verdict %s dport=%u %s\n", work[w], k ? 7777 : 80,
			       v[E_NATIVE] ? "accept" : "drop");
		}
	}
	make_frame(pc.frame, 80);	/* measured: accepted, parsed through */

	/* Calibrate: runs per measurement for about target_ms each. */
	for (w = 0; w < NWORK; w++) {
		for (e = 0; e < NENG; e++) {
			double ns;

			if (!pc.has[e])
				continue;
			run_engine(&pc, e, w, 1000, NULL);	/* warm up */
			ns = run_engine(&pc, e, w, 1000, NULL);
			rep[w][e] = reps_for(ns, target_ms);
		}
	}
	for (r = 0; r < (int)rounds; r++) {
		for (w = 0; w < NWORK; w++) {
			for (k = 0; k < NENG; k++) {
				e = (k + r + w) % NENG;
				if (!pc.has[e])
					continue;
				printf("percall %s %s %.1f\n", work[w], eng_name[e],
				       run_engine(&pc, e, w, rep[w][e], NULL));
				fflush(stdout);
			}
		}
	}
	bpf_object__close(obj);
	return 0;
}

/* ---- maps ----------------------------------------------------------------- */

/*
 * The map operations (workload.h's WL_MAP_*): wasm_map.c's entries and the
 * eBPF program doing the same on the same kind of map; "empty" is each
 * side's floor (the same module's empty entry, tc_empty).  add_refused
 * (wasmk only) is a map_add refused at its arguments: the call alone.
 */
#define NMOP 6
enum { MOP_EMPTY, MOP_ADD_HASH, MOP_ADD_PCPU, MOP_LOOKUP_HASH, MOP_UPDATE_HASH, MOP_ADD_REFUSED };
static const char *const mop_name[NMOP] = {
	"empty", "add_hash", "add_pcpu", "lookup_hash", "update_hash", "add_refused",
};
static const char *const mop_bpf[NMOP] = {
	"tc_empty", "tc_map_add_hash", "tc_map_add_pcpu", "tc_map_lookup", "tc_map_update", NULL,
};

/*
 * wasmk        PROG_TEST_RUN in wasmk.ko, run_stats off (as eBPF runs by
 *              default: no clock reads around a run)
 * wasmk-user   the userspace engine, the map functions stubbed (below)
 * ebpf         BPF_PROG_TEST_RUN of the tc program, no run-time stats
 */
enum { M_WASMK, M_WASMK_USER, M_EBPF, NMENG };
static const char *const meng_name[NMENG] = { "wasmk", "wasmk-user", "ebpf" };

/*
 * The userspace engine has no maps (they live in wasmk.ko), so its map
 * functions are stubs: each checks its arguments as the kernel's helpers
 * do (the declaration read from guest memory, key and value in bounds,
 * fuel for their bytes) and works on one u64.  Their cost is that of the
 * call from JIT code into the host and back, the floor under the kernel's.
 */
static u64 stub_value;

static int stub_args(struct wasm_instance *inst, u64 *s, bool value, u8 **key, u8 **val)
{
	struct wasm_meminst *mem = inst->memory;
	struct wasmk_map_def def;
	u64 p = (u32)s[0], k = (u32)s[1], v = (u32)s[2];

	if (!mem || p + sizeof(def) > mem->size)
		return WASM_TRAP_HOST;
	memcpy(&def, mem->base + p, sizeof(def));
	if (k + def.key_size > mem->size || (value && v + def.value_size > mem->size))
		return WASM_TRAP_MEM_OOB;
	*key = mem->base + k;
	*val = value ? mem->base + v : NULL;
	return wasm_fuel_charge(inst, wasm_fuel_bytes(def.key_size + (value ? def.value_size : 0)));
}

static int stub_lookup(struct wasm_instance *inst, void *data, u64 *s)
{
	u8 *key, *val;
	int trap = stub_args(inst, s, true, &key, &val);

	if (trap)
		return trap;
	memcpy(val, &stub_value, sizeof(stub_value));
	s[0] = 0;
	return 0;
}

static int stub_update(struct wasm_instance *inst, void *data, u64 *s)
{
	u8 *key, *val;
	int trap = stub_args(inst, s, true, &key, &val);

	if (trap)
		return trap;
	memcpy(&stub_value, val, sizeof(stub_value));
	s[0] = 0;
	return 0;
}

static int stub_add(struct wasm_instance *inst, void *data, u64 *s)
{
	u8 *key, *val;
	int trap = stub_args(inst, s, false, &key, &val);

	if (trap)
		return trap;
	if ((u32)s[2] % 8) {
		s[0] = (u32)-EINVAL;	/* as the kernel's, before any map */
		return 0;
	}
	stub_value += s[3];
	s[0] = 0;
	return 0;
}

static const u8 ty_i32[] = { WASM_TYPE_I32 };
static const u8 ty_i32x4[] = { WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32 };
static const u8 ty_i32x3_i64[] = { WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I64 };
/* the kernel's signatures and base costs (kmod/helpers.c) */
static const struct wasm_host_func stub_host[] = {
	{ "wasmk", "map_lookup", ty_i32x3, ty_i32, 3, 1, stub_lookup, NULL, 8 },
	{ "wasmk", "map_update", ty_i32x4, ty_i32, 4, 1, stub_update, NULL, 8 },
	{ "wasmk", "map_add", ty_i32x3_i64, ty_i32, 4, 1, stub_add, NULL, 8 },
};

struct maps {
	bool has[NMENG];
	unsigned int wasm_id;
	struct user_prog user[NMOP];
	int bpf_fd[NMOP];
	struct bpf_object *obj;
	unsigned char frame[FRAME_LEN];
};

/* Does side e run operation op? */
static bool map_has(const struct maps *mb, int e, int op)
{
	return mb->has[e] && (e != M_EBPF || mop_bpf[op]);
}

static double map_engine(struct maps *mb, int e, int op, unsigned int repeat, int *verdict)
{
	const unsigned char *pkt = mb->frame + 14;
	double ns;
	int ret;

	switch (e) {
	case M_WASMK:
		wasmk_run_stats(false);
		ns = wasmk_test_run_entry(mb->wasm_id, mop_name[op], pkt, FRAME_LEN - 14, repeat,
					  verdict);
		wasmk_run_stats(true);
		return ns;
	case M_WASMK_USER:
		return user_run(&mb->user[op], pkt, FRAME_LEN - 14, repeat, verdict);
	default:
		ns = bpf_test_run(mb->bpf_fd[op], mb->frame, FRAME_LEN, repeat, &ret);
		if (verdict)
			*verdict = tc_wl(ret);
		return ns;
	}
}

/* wasmk's map NAME of program prog (MAP_INFO by name) */
static struct wasmk_map_info wasmk_map_by_name(const char *name, unsigned int prog)
{
	struct wasmk_map_info i;

	memset(&i, 0, sizeof(i));
	i.size = sizeof(i);
	snprintf(i.name, sizeof(i.name), "%s", name);
	if (ioctl(wasmk_fd, WASMK_IOC_MAP_INFO, &i))
		die("MAP_INFO %s: %s", name, strerror(errno));
	if (i.prog_id != prog)
		die("map %s is program %u's, not %u's", name, i.prog_id, prog);
	return i;
}

/*
 * The u64 at WL_MAP_KEY in map NAME, summed over CPUs for a per-CPU map;
 * -1 when the key is missing.
 */
static long long wasmk_map_value(struct maps *mb, const char *name)
{
	struct wasmk_map_info i = wasmk_map_by_name(name, mb->wasm_id);
	unsigned int n = i.nr_cpus ? i.nr_cpus : 1, c, key = WL_MAP_KEY;
	struct wasmk_map_elem el;
	long long sum = 0;
	u64 *vals;

	if (i.value_size != sizeof(u64) || i.key_size != sizeof(key))
		die("map %s: key %u, value %u bytes", name, i.key_size, i.value_size);
	vals = calloc(n, sizeof(*vals));
	if (!vals)
		die("out of memory");
	memset(&el, 0, sizeof(el));
	el.size = sizeof(el);
	el.map_id = i.map_id;
	el.key = (uintptr_t)&key;
	el.value = (uintptr_t)vals;
	if (ioctl(wasmk_fd, WASMK_IOC_MAP_LOOKUP, &el)) {
		if (errno != ENOENT)
			die("MAP_LOOKUP %s: %s", name, strerror(errno));
		free(vals);
		return -1;
	}
	for (c = 0; c < n; c++)
		sum += vals[c];
	free(vals);
	return sum;
}

/* The same of the eBPF map NAME (per-CPU values are 8 bytes each here). */
static long long bpf_map_value(struct maps *mb, const char *name, bool percpu)
{
	int fd = bpf_object__find_map_fd_by_name(mb->obj, name);
	int n = percpu ? libbpf_num_possible_cpus() : 1, c;
	unsigned int key = WL_MAP_KEY;
	long long sum = 0;
	u64 *vals;

	if (fd < 0 || n <= 0)
		die("no eBPF map %s", name);
	vals = calloc(n, sizeof(*vals));
	if (!vals)
		die("out of memory");
	if (bpf_map_lookup_elem(fd, &key, vals)) {
		if (errno != ENOENT)
			die("eBPF map %s lookup: %s", name, strerror(errno));
		free(vals);
		return -1;
	}
	for (c = 0; c < n; c++)
		sum += vals[c];
	free(vals);
	return sum;
}

/* The value at WL_MAP_KEY of the hash (pcpu: the per-CPU array) on side e. */
static long long map_value(struct maps *mb, int e, bool pcpu)
{
	const char *name = pcpu ? "kb_pcpu" : "kb_hash";

	return e == M_WASMK ? wasmk_map_value(mb, name) : bpf_map_value(mb, name, pcpu);
}

/*
 * Before any timing, on wasmk and eBPF alike: a lookup in the fresh hash
 * misses; MAP_CHECK_RUNS runs of each add make the hash's value and the
 * per-CPU array's sum over CPUs MAP_CHECK_RUNS * WL_MAP_OPS; a lookup then
 * hits; an update writes WL_MAP_VALUE; add_refused is refused and leaves
 * the array as it was.  Prints "map-check ENGINE ..." with what it saw.
 */
#define MAP_CHECK_RUNS	1000
static void maps_check(struct maps *mb)
{
	static const int sides[] = { M_WASMK, M_EBPF };
	long long hash, pcpu, upd;
	int i, e, miss, hit, v, refused;
	size_t k;

	for (k = 0; k < sizeof(sides) / sizeof(sides[0]); k++) {
		e = sides[k];
		if (!mb->has[e])
			continue;
		map_engine(mb, e, MOP_LOOKUP_HASH, 1, &miss);
		for (i = MOP_ADD_HASH; i <= MOP_ADD_PCPU; i++) {
			map_engine(mb, e, i, MAP_CHECK_RUNS, &v);
			if (v != WL_ACCEPT)
				die("%s %s: the operation failed", meng_name[e], mop_name[i]);
		}
		hash = map_value(mb, e, false);
		pcpu = map_value(mb, e, true);
		map_engine(mb, e, MOP_LOOKUP_HASH, 1, &hit);
		map_engine(mb, e, MOP_UPDATE_HASH, 1, &v);
		upd = map_value(mb, e, false);
		if (map_has(mb, e, MOP_ADD_REFUSED)) {
			map_engine(mb, e, MOP_ADD_REFUSED, 1, &refused);
			if (refused != WL_ACCEPT ||
			    map_value(mb, e, true) != MAP_CHECK_RUNS * WL_MAP_OPS)
				die("%s: map_add at offset 4 was not refused", meng_name[e]);
		}
		printf("map-check %s lookup-fresh %s add_hash %lld add_pcpu %lld lookup %s update %lld\n",
		       meng_name[e], miss == WL_DROP ? "miss" : "hit", hash, pcpu,
		       hit == WL_ACCEPT ? "hit" : "miss", upd);
		if (miss != WL_DROP || hit != WL_ACCEPT || hash != MAP_CHECK_RUNS * WL_MAP_OPS ||
		    pcpu != MAP_CHECK_RUNS * WL_MAP_OPS || upd != WL_MAP_VALUE || v != WL_ACCEPT)
			die("%s: the map operations did not do what they should", meng_name[e]);
	}
}

static int cmd_maps(int argc, char **argv)
{
	static struct maps mb;
	unsigned int rounds, target_ms, rep[NMOP][NMENG];
	int op, e, r, k, v;

	if (argc != 4)
		die("usage: kbench maps BPF.o MAP.wasm ROUNDS TARGET-MS");
	rounds = atoi(argv[2]);
	target_ms = atoi(argv[3]);
	for (e = 0; e < NMENG; e++)
		mb.has[e] = true;
	if (access(WASMK_DEVICE, F_OK)) {
		mb.has[M_WASMK] = false;
		printf("info no %s: no wasmk column\n", WASMK_DEVICE);
	} else {
		wasmk_open();
		if (access(WASMK_RUN_STATS, W_OK))
			die("%s: not writable", WASMK_RUN_STATS);
		mb.wasm_id = wasmk_load(argv[1], "kbench_maps");
	}
	mb.obj = bpf_load(argv[0]);
	for (op = 0; op < NMOP; op++) {
		user_load_entry(&mb.user[op], argv[1], mop_name[op], stub_host,
				sizeof(stub_host) / sizeof(stub_host[0]));
		if (mop_bpf[op])
			mb.bpf_fd[op] = bpf_program__fd(bpf_prog(mb.obj, mop_bpf[op]));
	}
	make_frame(mb.frame, 80);
	printf("info map-ops %d\n", WL_MAP_OPS);
	maps_check(&mb);

	/* Calibrate: runs per measurement for about target_ms each. */
	for (op = 0; op < NMOP; op++) {
		for (e = 0; e < NMENG; e++) {
			double ns;

			if (!map_has(&mb, e, op))
				continue;
			map_engine(&mb, e, op, 1000, NULL);	/* warm up */
			ns = map_engine(&mb, e, op, 1000, NULL);
			rep[op][e] = reps_for(ns, target_ms);
		}
	}
	/*
	 * Each round measures every operation on every side, in an order that
	 * rotates; each measurement's last run must have succeeded.
	 */
	for (r = 0; r < (int)rounds; r++) {
		for (op = 0; op < NMOP; op++) {
			for (k = 0; k < NMENG; k++) {
				double ns;

				e = (k + r + op) % NMENG;
				if (!map_has(&mb, e, op))
					continue;
				ns = map_engine(&mb, e, op, rep[op][e], &v);
				if (v != WL_ACCEPT)
					die("%s %s: the operation failed", meng_name[e], mop_name[op]);
				printf("maps %s %s %.1f\n", mop_name[op], meng_name[e], ns);
				fflush(stdout);
			}
		}
	}
	bpf_object__close(mb.obj);
	return 0;
}

/* ---- XDP ------------------------------------------------------------------ */

static unsigned int ifindex_of(const char *name)
{
	unsigned int i = if_nametoindex(name);

	if (!i)
		die("%s: %s", name, strerror(errno));
	return i;
}

static __u32 xdp_mode_flags(const char *mode)
{
	if (!strcmp(mode, "native"))
		return XDP_FLAGS_DRV_MODE;
	if (!strcmp(mode, "generic"))
		return XDP_FLAGS_SKB_MODE;
	die("XDP mode %s: expected native or generic", mode);
	return 0;
}

/*
 *   wasmk-shim  BPF_PROG_TEST_RUN of the CLI's shim: eBPF program, kfunc,
 *               link lookup, the handler (what XDP runs per packet)
 *   wasmk       PROG_TEST_RUN of the same handler (netfilter context: the
 *               same bytes from the IPv4 header on): no shim, no kfunc
 *   ebpf        BPF_PROG_TEST_RUN of xdp_parse
 *   ebpf-empty  BPF_PROG_TEST_RUN of xdp_empty: the test run's own floor
 */
enum { X_SHIM, X_WASMK, X_EBPF, X_EBPF_EMPTY, NX };
static const char *const x_name[NX] = { "wasmk-shim", "wasmk", "ebpf", "ebpf-empty" };

struct xdp_percall {
	int fd[NX];		/* eBPF programs (X_WASMK: unused) */
	unsigned int wasm_id;
	unsigned char frame[FRAME_LEN];
};

static double xdp_engine(struct xdp_percall *xp, int e, unsigned int repeat, int *verdict)
{
	double ns;
	int ret;

	if (e == X_WASMK)
		return wasmk_test_run(xp->wasm_id, xp->frame + 14, FRAME_LEN - 14, repeat, verdict);
	ns = bpf_test_run(xp->fd[e], xp->frame, FRAME_LEN, repeat, &ret);
	if (verdict)
		*verdict = xdp_wl(ret);
	return ns;
}

static int cmd_xdp_percall(int argc, char **argv)
{
	static struct xdp_percall xp;
	struct bpf_prog_info info;
	struct bpf_object *obj;
	unsigned int rounds, target_ms, rep[NX], ifindex;
	__u32 shim_id = 0, info_len = sizeof(info);
	int e, r, k, v[NX], err;

	if (argc != 6)
		die("usage: kbench xdp-percall BPF.o HANDLER.wasm IFNAME MODE ROUNDS TARGET-MS");
	ifindex = ifindex_of(argv[2]);
	rounds = atoi(argv[4]);
	target_ms = atoi(argv[5]);
	wasmk_open();
	obj = bpf_load(argv[0]);
	xp.fd[X_EBPF] = bpf_program__fd(bpf_prog(obj, "xdp_parse"));
	xp.fd[X_EBPF_EMPTY] = bpf_program__fd(bpf_prog(obj, "xdp_empty"));
	xp.wasm_id = wasmk_load(argv[1], "kbench_xdp_tr");

	/* The shim wasmk link attach put on the device, by its id. */
	err = bpf_xdp_query_id(ifindex, xdp_mode_flags(argv[3]), &shim_id);
	if (err || !shim_id)
		die("no XDP program on %s (%s): attach the wasmk link first (%s)", argv[2],
		    argv[3], err ? strerror(-err) : "none");
	xp.fd[X_SHIM] = bpf_prog_get_fd_by_id(shim_id);
	if (xp.fd[X_SHIM] < 0)
		die("bpf_prog_get_fd_by_id %u: %s", shim_id, strerror(errno));
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(xp.fd[X_SHIM], &info, &info_len))
		die("prog info %u: %s", shim_id, strerror(errno));
	if (strcmp(info.name, "wasmk_xdp"))
		die("the XDP program on %s is %s, not wasmk's shim", argv[2], info.name);
	printf("xdp-shim prog %u %s\n", shim_id, info.name);

	for (k = 0; k < 2; k++) {
		make_frame(xp.frame, k ? 7777 : 80);
		for (e = 0; e < NX; e++)
			xdp_engine(&xp, e, 1, &v[e]);
		/* empty accepts everything; the others drop only port 7777 */
		for (e = 0; e < NX; e++)
			if (v[e] != (e == X_EBPF_EMPTY ? 1 : !k))
				die("XDP, dport %u: %s gave %d", k ? 7777 : 80, x_name[e], v[e]);
		printf("xdp-verdict dport=%u %s\n", k ? 7777 : 80, k ? "drop" : "accept");
	}
	make_frame(xp.frame, 80);

	for (e = 0; e < NX; e++) {
		double ns;

		xdp_engine(&xp, e, 1000, NULL);	/* warm up */
		ns = xdp_engine(&xp, e, 1000, NULL);
		rep[e] = reps_for(ns, target_ms);
	}
	for (r = 0; r < (int)rounds; r++) {
		for (k = 0; k < NX; k++) {
			e = (k + r) % NX;
			printf("xdp-percall %s %.1f\n", x_name[e], xdp_engine(&xp, e, rep[e], NULL));
			fflush(stdout);
		}
	}
	bpf_object__close(obj);
	return 0;
}

/* PROG stays on IFNAME's XDP hook after we exit (a netlink attachment). */
static int cmd_xdp_attach(int argc, char **argv)
{
	struct bpf_object *obj;
	unsigned int ifindex;
	int err;

	if (argc != 4)
		die("usage: kbench xdp-attach BPF.o PROG IFNAME native|generic");
	ifindex = ifindex_of(argv[2]);
	obj = bpf_load(argv[0]);
	err = bpf_xdp_attach(ifindex, bpf_program__fd(bpf_prog(obj, argv[1])),
			     xdp_mode_flags(argv[3]) | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (err)
		die("bpf_xdp_attach %s on %s (%s): %s", argv[1], argv[2], argv[3],
		    strerror(-err));
	bpf_object__close(obj);
	return 0;
}

static int cmd_xdp_detach(int argc, char **argv)
{
	int err;

	if (argc != 2)
		die("usage: kbench xdp-detach IFNAME native|generic");
	err = bpf_xdp_detach(ifindex_of(argv[0]), xdp_mode_flags(argv[1]), NULL);
	if (err)
		die("bpf_xdp_detach %s (%s): %s", argv[0], argv[1], strerror(-err));
	return 0;
}

/* ---- syscalls ------------------------------------------------------------ */

static double getpid_loop(unsigned long calls)
{
	double t0 = now_ns();
	unsigned long i;

	for (i = 0; i < calls; i++)
		syscall(SYS_getpid);
	return (now_ns() - t0) / calls;
}

static unsigned int wasmk_attach_sys_enter(unsigned int prog)
{
	struct wasmk_link_attach a;
	static char log[1024];

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.prog_id = prog;
	a.hook = WASMK_HOOK_TRACEPOINT;
	snprintf(a.target, sizeof(a.target), "raw_syscalls:sys_enter");
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	if (ioctl(wasmk_fd, WASMK_IOC_LINK_ATTACH, &a))
		die("LINK_ATTACH sys_enter: %s: %s", strerror(errno), log);
	return a.link_id;
}

static void wasmk_detach(unsigned int link)
{
	struct wasmk_link_detach d = { .size = sizeof(d), .link_id = link };

	if (ioctl(wasmk_fd, WASMK_IOC_LINK_DETACH, &d))
		die("LINK_DETACH %u: %s", link, strerror(errno));
}

/* Runs of a program, all CPUs (PROG_INFO). */
static unsigned long long wasmk_runs(unsigned int prog)
{
	struct wasmk_prog_info i;

	memset(&i, 0, sizeof(i));
	i.size = sizeof(i);
	i.prog_id = prog;
	if (ioctl(wasmk_fd, WASMK_IOC_PROG_INFO, &i))
		die("PROG_INFO %u: %s", prog, strerror(errno));
	return i.runs;
}

static unsigned long long bpf_getpid_count(struct bpf_object *obj)
{
	int fd = bpf_object__find_map_fd_by_name(obj, "sys_counts"), ncpu, c;
	unsigned long long *vals, sum = 0;
	unsigned int key = SYS_getpid;

	ncpu = libbpf_num_possible_cpus();
	if (fd < 0 || ncpu <= 0)
		die("no map sys_counts");
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals || bpf_map_lookup_elem(fd, &key, vals))
		die("sys_counts lookup: %s", strerror(errno));
	for (c = 0; c < ncpu; c++)
		sum += vals[c];
	free(vals);
	return sum;
}

/* The configurations of the syscall path, by the names it prints. */
enum { SC_NONE, SC_WASMK, SC_WASMK_NOSTATS, SC_EBPF, SC_EBPF_STATS, NSC };
static const char *const sc_name[NSC] = {
	"none", "wasmk", "wasmk-nostats", "ebpf", "ebpf-stats",
};

static int cmd_syscalls(int argc, char **argv)
{
	unsigned long calls, rounds, r, k;
	struct bpf_object *obj;
	struct bpf_program *prog;
	unsigned int id;

	if (argc != 4)
		die("usage: kbench syscalls BPF.o SYS.wasm CALLS ROUNDS");
	calls = strtoul(argv[2], NULL, 0);
	rounds = strtoul(argv[3], NULL, 0);
	obj = bpf_load(argv[0]);
	prog = bpf_prog(obj, "sys_count");
	wasmk_open();
	id = wasmk_load(argv[1], "kbench_sys_count");

	getpid_loop(calls / 10 + 1);	/* warm up */
	for (r = 0; r < rounds; r++) {
		for (k = 0; k < NSC; k++) {
			unsigned long c = (k + r) % NSC;
			struct bpf_link *bl = NULL;
			unsigned int link = 0;
			int stats_fd = -1;
			double ns;

			if (c == SC_WASMK_NOSTATS)
				wasmk_run_stats(false);
			if (c == SC_EBPF_STATS)
				stats_fd = bpf_stats_on();
			if (c == SC_WASMK || c == SC_WASMK_NOSTATS)
				link = wasmk_attach_sys_enter(id);
			if (c == SC_EBPF || c == SC_EBPF_STATS) {
				bl = bpf_program__attach_raw_tracepoint(prog, "sys_enter");
				if (!bl)
					die("attach raw tracepoint sys_enter: %s", strerror(errno));
			}
			ns = getpid_loop(calls);
			if (link)
				wasmk_detach(link);
			if (bl)
				bpf_link__destroy(bl);
			if (c == SC_WASMK_NOSTATS)
				wasmk_run_stats(true);
			if (stats_fd >= 0)
				close(stats_fd);
			printf("syscall %s %.1f\n", sc_name[c], ns);
			fflush(stdout);
		}
	}
	/* Each probe saw at least every getpid of its rounds (two configurations each). */
	printf("probe-runs wasmk %llu ebpf-getpid %llu want>= %lu\n", wasmk_runs(id),
	       bpf_getpid_count(obj), 2 * calls * rounds);
	if (wasmk_runs(id) < 2 * calls * rounds || bpf_getpid_count(obj) < 2 * calls * rounds)
		die("a probe missed system calls");
	bpf_object__close(obj);
	return 0;
}

/* ---- tracing: opensnoop and tcpconnect against their eBPF twins ------------ */

/*
 * Per-event cost of a tracing handler pair on its real hooks: a workload
 * (open+close of one file, or a TCP connect to a listener on 127.0.0.1)
 * N times with nothing attached, with the wasmk example's kprobe and
 * kretprobe attached, and with its eBPF twin (trace.bpf.c) attached; a
 * reader thread on the other CPU drains the program's ring meanwhile and
 * counts the records that are the workload's.
 */
enum { T_OPEN, T_CONNECT, NTOOL };
static const char *const tool_name[NTOOL] = { "opensnoop", "tcpconnect" };
static const char *const tool_func[NTOOL] = { "do_sys_openat2", "tcp_v4_connect" };
static const char *const tool_bpf_entry[NTOOL] = { "opensnoop_entry", "tcpconnect_entry" };
static const char *const tool_bpf_ret[NTOOL] = { "opensnoop_ret", "tcpconnect_ret" };
static const char *const tool_bpf_ring[NTOOL] = { "open_events", "connect_events" };

/*
 * none           nothing attached
 * wasmk-empty    wasm_trace_empty.wasm's kprobe + kretprobe (run_stats
 *                off): the hooks and two invocations, no work, no reader
 * wasmk          the example's kprobe + kretprobe links (run_stats on: the default)
 * wasmk-nostats  the same with run_stats off
 * ebpf-empty     empty_entry + empty_ret: eBPF's floor
 * ebpf           the twin's kprobe + kretprobe (no run-time stats: the default)
 * ebpf-stats     the same with BPF run-time statistics on
 */
enum { TR_NONE, TR_WASMK_EMPTY, TR_WASMK, TR_WASMK_NOSTATS, TR_EBPF_EMPTY, TR_EBPF,
	TR_EBPF_STATS, NTR };
static const char *const tr_name[NTR] = {
	"none", "wasmk-empty", "wasmk", "wasmk-nostats", "ebpf-empty", "ebpf", "ebpf-stats",
};

static bool tr_wasmk(int c)
{
	return c == TR_WASMK_EMPTY || c == TR_WASMK || c == TR_WASMK_NOSTATS;
}

static bool tr_ebpf(int c)
{
	return c == TR_EBPF_EMPTY || c == TR_EBPF || c == TR_EBPF_STATS;
}

/* Does configuration c emit records (and so get a reader)? */
static bool tr_emits(int c)
{
	return c != TR_NONE && c != TR_WASMK_EMPTY && c != TR_EBPF_EMPTY;
}

#define TR_FILE		"/tmp/kbench-open"
#define TR_PORT		7070
#define TR_CHECK_OPS	100
#define TR_BACKLOG	4000	/* the listener's (net.core.somaxconn: 4096) */

/* A reader's counts: records read, and those that are the workload's. */
struct tr_count {
	int tool;
	unsigned long long records, matched;
};

struct tracing {
	bool has[NTR];
	unsigned int wasm_id[NTOOL], empty_id;
	int wasm_efd[NTOOL];		/* event fds, open throughout */
	struct bpf_object *obj;
	struct bpf_program *entry[NTOOL], *ret[NTOOL], *empty_entry, *empty_ret;
	struct ring_buffer *rb[NTOOL];
	int drops_fd;
	struct tr_count count[NTOOL];
	int listen_fd, ncpu;
};

static pid_t tr_pid;

static void pin_cpu(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (sched_setaffinity(0, sizeof(s), &s))
		die("sched_setaffinity %d: %s", cpu, strerror(errno));
}

/* Is this record one the workload caused, with the right contents? */
static bool tr_match(int tool, const void *data, size_t len)
{
	static const unsigned char lo[16] = { [10] = 0xff, [11] = 0xff, 127, 0, 0, 1 };

	if (tool == T_OPEN) {
		const struct tr_open_event *e = data;

		return len == sizeof(*e) && e->pid == (unsigned int)tr_pid && e->ret >= 0 &&
		       (e->flags & O_ACCMODE) == O_RDONLY &&
		       !strncmp(e->comm, "kbench", sizeof(e->comm)) &&
		       !strncmp(e->path, TR_FILE, sizeof(e->path));
	} else {
		const struct tr_connect_event *e = data;

		return len == sizeof(*e) && e->pid == (unsigned int)tr_pid && e->af == AF_INET &&
		       e->dport == htons(TR_PORT) && !memcmp(e->daddr, lo, 16) &&
		       !memcmp(e->saddr, lo, 16) && !strncmp(e->comm, "kbench", sizeof(e->comm));
	}
}

static int tr_rb_record(void *ctx, void *data, size_t len)
{
	struct tr_count *c = ctx;

	c->records++;
	c->matched += tr_match(c->tool, data, len);
	return 0;
}

/* Everything waiting in a wasmk event fd (non-blocking). */
static void tr_wasmk_drain(int efd, struct tr_count *c)
{
	static unsigned char buf[64 * 1024];
	const struct wasmk_event *e;
	ssize_t n, off;

	while ((n = read(efd, buf, sizeof(buf))) > 0) {
		for (off = 0; off + (ssize_t)sizeof(*e) <= n;
		     off += sizeof(*e) + ((e->len + WASMK_EVENT_ALIGN - 1) & ~(WASMK_EVENT_ALIGN - 1))) {
			e = (const struct wasmk_event *)(buf + off);
			c->records++;
			c->matched += tr_match(c->tool, e + 1, e->len);
		}
	}
	if (n < 0 && errno != EAGAIN)
		die("read of the event fd: %s", strerror(errno));
}

struct tr_reader {
	struct tracing *tr;
	int tool;
	bool ebpf;
	int stop;
	pthread_t thread;
};

/*
 * The reader, on the other CPU: drains the ring every TR_READ_NS (wasmk:
 * read() on the event fd; eBPF: libbpf's ring_buffer__consume() of the
 * mapped ring) and sleeps in between; once told to stop it drains what is
 * left.  Sleeping on a timer rather than in poll() keeps the producers
 * from waking it record by record (an irq_work and an IPI each, the same
 * on both sides and, under emulation, dearer than either handler), so the
 * measurement is of the handlers.  Every configuration has one, the ring
 * empty where nothing emits.
 */
#define TR_READ_NS	10000000	/* 10 ms: about 400 opens in the VM */

static void *tr_reader_main(void *arg)
{
	const struct timespec nap = { .tv_nsec = TR_READ_NS };
	struct tr_reader *rd = arg;
	struct tracing *tr = rd->tr;
	struct tr_count *c = &tr->count[rd->tool];
	bool last;

	if (tr->ncpu > 1)
		pin_cpu(1);
	do {
		last = __atomic_load_n(&rd->stop, __ATOMIC_ACQUIRE);
		if (rd->ebpf)
			ring_buffer__consume(tr->rb[rd->tool]);
		else
			tr_wasmk_drain(tr->wasm_efd[rd->tool], c);
		if (!last)
			nanosleep(&nap, NULL);
	} while (!last);
	return NULL;
}

/*
 * The connections the workload left in the listener's accept queue,
 * accepted and closed after a measurement (none is accepted during it: an
 * acceptor would be woken, and would wake, once per connect).
 */
static void tr_accept_all(struct tracing *tr)
{
	int s;

	while ((s = accept4(tr->listen_fd, NULL, NULL, SOCK_NONBLOCK)) >= 0)
		close(s);
	if (errno != EAGAIN)
		die("accept: %s", strerror(errno));
}

/*
 * The workloads time every operation: from the call the probes sit in
 * (open(), connect()) to its return, so that both probes and everything
 * they do are inside and the rest of the loop (creating the socket,
 * closing the file or the socket) is not.  The mean over a measurement
 * includes every time the host took the vCPU away, which under emulation
 * on a busy host is most of its noise; the median does not (an operation
 * takes tens of microseconds, the host's time slices milliseconds).
 * Each returns the mean, the median in *med.
 */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double tr_summary(double *d, unsigned long n, double *med)
{
	double sum = 0;
	unsigned long i;

	for (i = 0; i < n; i++)
		sum += d[i];
	qsort(d, n, sizeof(*d), cmp_double);
	*med = n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
	return sum / n;
}

/* An open of the file (then closed): ns in open(). */
static double open_one(void)
{
	double t = now_ns();
	int fd = open(TR_FILE, O_RDONLY);

	t = now_ns() - t;
	if (fd < 0)
		die("open %s: %s", TR_FILE, strerror(errno));
	close(fd);
	return t;
}

/*
 * A connect to the listener on 127.0.0.1: ns in connect().  SO_LINGER 0
 * closes with a reset, so no TIME_WAIT sockets pile up and the ephemeral
 * ports never run out.
 */
static double connect_one(void)
{
	static const struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(TR_PORT),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s = socket(AF_INET, SOCK_STREAM, 0), err;
	double t;

	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)))
		die("socket: %s", strerror(errno));
	t = now_ns();
	err = connect(s, (struct sockaddr *)&sa, sizeof(sa));
	t = now_ns() - t;
	if (err)
		die("connect to 127.0.0.1:%d: %s", TR_PORT, strerror(errno));
	close(s);
	return t;
}

static double tr_workload(int tool, unsigned long n, double *med)
{
	static double *d;
	static unsigned long dn;
	unsigned long i;

	if (n > dn) {
		free(d);
		d = malloc(n * sizeof(*d));
		if (!d)
			die("out of memory");
		dn = n;
	}
	for (i = 0; i < n; i++)
		d[i] = tool == T_OPEN ? open_one() : connect_one();
	return tr_summary(d, n, med);
}

static unsigned int wasmk_attach_probe(unsigned int prog, const char *func, bool ret)
{
	struct wasmk_link_attach a;
	static char log[1024];

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.prog_id = prog;
	a.hook = ret ? WASMK_HOOK_KRETPROBE : WASMK_HOOK_KPROBE;
	if (ret)
		snprintf(a.entry, sizeof(a.entry), "ret");
	snprintf(a.target, sizeof(a.target), "%s", func);
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	if (ioctl(wasmk_fd, WASMK_IOC_LINK_ATTACH, &a))
		die("LINK_ATTACH %s %s: %s: %s", ret ? "kretprobe" : "kprobe", func,
		    strerror(errno), log);
	return a.link_id;
}

/* Records the program of tool dropped so far (its ring was full). */
static unsigned long long tr_drops(struct tracing *tr, int tool, bool ebpf)
{
	if (ebpf) {
		__u32 key = tool;
		__u64 v = 0;

		if (bpf_map_lookup_elem(tr->drops_fd, &key, &v))
			die("drops lookup: %s", strerror(errno));
		return v;
	} else {
		struct wasmk_events_stats st;

		memset(&st, 0, sizeof(st));
		st.size = sizeof(st);
		if (ioctl(tr->wasm_efd[tool], WASMK_IOC_EVENTS_STATS, &st))
			die("EVENTS_STATS: %s", strerror(errno));
		return st.dropped;
	}
}

/* The twin's (or the empty) kprobe (ret false) or kretprobe on tool's function. */
static struct bpf_link *tr_bpf_attach(struct tracing *tr, int tool, bool empty, bool ret)
{
	struct bpf_program *p = empty ? (ret ? tr->empty_ret : tr->empty_entry) :
				ret ? tr->ret[tool] : tr->entry[tool];
	struct bpf_link *l = bpf_program__attach_kprobe(p, ret, tool_func[tool]);

	if (!l)
		die("attach %s %s: %s", ret ? "kretprobe" : "kprobe", tool_func[tool],
		    strerror(errno));
	return l;
}

/*
 * One measurement: n operations of tool's workload with configuration c
 * in place (attached just before, detached just after); ns per operation,
 * and the workload's records the reader saw and the records dropped.
 */
static double tr_measure(struct tracing *tr, int tool, int c, unsigned long n, double *med,
			 unsigned long long *matched, unsigned long long *dropped)
{
	bool wasmk = tr_wasmk(c), ebpf = tr_ebpf(c), emits = tr_emits(c);
	unsigned int prog = c == TR_WASMK_EMPTY ? tr->empty_id : tr->wasm_id[tool];
	/* (a wasmk configuration reads wasmk's ring, any other eBPF's) */
	struct tr_reader rd = { .tr = tr, .tool = tool, .ebpf = !wasmk };
	struct bpf_link *bl[2] = { NULL, NULL };
	unsigned int link[2] = { 0, 0 };
	unsigned long long d0 = 0;
	int stats_fd = -1;
	double ns;

	if (c == TR_WASMK_NOSTATS || c == TR_WASMK_EMPTY)
		wasmk_run_stats(false);
	if (c == TR_EBPF_STATS)
		stats_fd = bpf_stats_on();
	/* the return probe first, so no entry waits for a return never seen */
	if (wasmk) {
		link[1] = wasmk_attach_probe(prog, tool_func[tool], true);
		link[0] = wasmk_attach_probe(prog, tool_func[tool], false);
	}
	if (ebpf) {
		bl[1] = tr_bpf_attach(tr, tool, c == TR_EBPF_EMPTY, true);
		bl[0] = tr_bpf_attach(tr, tool, c == TR_EBPF_EMPTY, false);
	}
	if (emits)
		d0 = tr_drops(tr, tool, ebpf);
	tr->count[tool].records = tr->count[tool].matched = 0;
	if (pthread_create(&rd.thread, NULL, tr_reader_main, &rd))
		die("pthread_create");
	ns = tr_workload(tool, n, med);
	if (tool == T_CONNECT)
		tr_accept_all(tr);
	if (wasmk) {
		wasmk_detach(link[0]);
		wasmk_detach(link[1]);
	}
	if (ebpf) {
		bpf_link__destroy(bl[0]);
		bpf_link__destroy(bl[1]);
	}
	__atomic_store_n(&rd.stop, 1, __ATOMIC_RELEASE);
	pthread_join(rd.thread, NULL);
	*matched = tr->count[tool].matched;
	*dropped = emits ? tr_drops(tr, tool, ebpf) - d0 : 0;
	if (c == TR_WASMK_NOSTATS || c == TR_WASMK_EMPTY)
		wasmk_run_stats(true);
	if (stats_fd >= 0)
		close(stats_fd);
	return ns;
}

/* A probed measurement must have seen every operation (or dropped it). */
static void tr_check(int tool, int c, unsigned long n, unsigned long long matched,
		     unsigned long long dropped)
{
	if (tr_emits(c) && (matched > n || matched + dropped < n))
		die("%s %s: %llu records of %lu operations (%llu dropped)", tool_name[tool],
		    tr_name[c], matched, n, dropped);
}

static int cmd_tracing(int argc, char **argv)
{
	static struct tracing tr;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(TR_PORT),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	unsigned long n[NTOOL], rounds, r;
	unsigned long long matched, dropped;
	int tool, c, k, one = 1, fd;
	double med;

	if (argc != 7)
		die("usage: kbench tracing TRACE.bpf.o OPENSNOOP-ID TCPCONNECT-ID EMPTY-ID OPENS "
		    "CONNECTS ROUNDS");
	tr.wasm_id[T_OPEN] = strtoul(argv[1], NULL, 0);
	tr.wasm_id[T_CONNECT] = strtoul(argv[2], NULL, 0);
	tr.empty_id = strtoul(argv[3], NULL, 0);
	n[T_OPEN] = strtoul(argv[4], NULL, 0);
	n[T_CONNECT] = strtoul(argv[5], NULL, 0);
	rounds = strtoul(argv[6], NULL, 0);
	if (!n[T_OPEN] || !n[T_CONNECT])
		die("tracing: no operations");
	/* the connects of a measurement wait in the accept queue */
	if (n[T_CONNECT] > TR_BACKLOG)
		die("tracing: at most %d connects per measurement", TR_BACKLOG);
	tr_pid = getpid();
	tr.ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (tr.ncpu > 1)
		pin_cpu(0);	/* the workload; the reader on CPU 1 */

	tr.has[TR_NONE] = true;
	if (tr.wasm_id[T_OPEN] && tr.wasm_id[T_CONNECT] && tr.empty_id) {
		wasmk_open();
		tr.has[TR_WASMK] = true;
		tr.has[TR_WASMK_NOSTATS] = tr.has[TR_WASMK_EMPTY] = !access(WASMK_RUN_STATS, W_OK);
		for (tool = 0; tool < NTOOL; tool++) {
			struct wasmk_events_open o = { .size = sizeof(o),
						       .prog_id = tr.wasm_id[tool] };

			tr.wasm_efd[tool] = ioctl(wasmk_fd, WASMK_IOC_EVENTS_OPEN, &o);
			if (tr.wasm_efd[tool] < 0)
				die("EVENTS_OPEN %u: %s", o.prog_id, strerror(errno));
			fcntl(tr.wasm_efd[tool], F_SETFL, O_NONBLOCK);
		}
	} else {
		printf("info tracing-no-wasmk no wasmk.ko here\n");
	}
	tr.obj = bpf_load(argv[0]);
	tr.empty_entry = bpf_prog(tr.obj, "empty_entry");
	tr.empty_ret = bpf_prog(tr.obj, "empty_ret");
	tr.drops_fd = bpf_object__find_map_fd_by_name(tr.obj, "drops");
	if (tr.drops_fd < 0)
		die("no map drops in %s", argv[0]);
	for (tool = 0; tool < NTOOL; tool++) {
		tr.entry[tool] = bpf_prog(tr.obj, tool_bpf_entry[tool]);
		tr.ret[tool] = bpf_prog(tr.obj, tool_bpf_ret[tool]);
		tr.count[tool].tool = tool;
		fd = bpf_object__find_map_fd_by_name(tr.obj, tool_bpf_ring[tool]);
		tr.rb[tool] = fd < 0 ? NULL :
			ring_buffer__new(fd, tr_rb_record, &tr.count[tool], NULL);
		if (!tr.rb[tool])
			die("ring buffer %s: %s", tool_bpf_ring[tool], strerror(errno));
	}
	/* a kernel without kprobes (CONFIG_KPROBES off) loads but can't attach */
	{
		struct bpf_link *l = bpf_program__attach_kprobe(tr.entry[T_OPEN], false,
								tool_func[T_OPEN]);

		if (l) {
			bpf_link__destroy(l);
			tr.has[TR_EBPF] = tr.has[TR_EBPF_STATS] = tr.has[TR_EBPF_EMPTY] = true;
		} else {
			printf("info tracing-no-ebpf kprobe on %s: %s\n", tool_func[T_OPEN],
			       strerror(errno));
		}
	}

	fd = open(TR_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "x", 1) != 1)
		die("%s: %s", TR_FILE, strerror(errno));
	close(fd);
	tr.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (tr.listen_fd < 0 ||
	    setsockopt(tr.listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(tr.listen_fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(tr.listen_fd, TR_BACKLOG))
		die("listen on 127.0.0.1:%d: %s", TR_PORT, strerror(errno));
	fcntl(tr.listen_fd, F_SETFL, O_NONBLOCK);
	printf("info tracing-ops opensnoop %lu tcpconnect %lu\n", n[T_OPEN], n[T_CONNECT]);

	/*
	 * Every configuration once, to warm up; those that emit are checked:
	 * every operation gives its record.
	 */
	for (tool = 0; tool < NTOOL; tool++) {
		for (c = 0; c < NTR; c++) {
			if (!tr.has[c])
				continue;
			tr_measure(&tr, tool, c, TR_CHECK_OPS, &med, &matched, &dropped);
			if (!tr_emits(c))
				continue;
			printf("tracing-check %s %s records %llu of %d dropped %llu\n", tool_name[tool],
			       tr_name[c], matched, TR_CHECK_OPS, dropped);
			tr_check(tool, c, TR_CHECK_OPS, matched, dropped);
		}
	}
	for (r = 0; r < rounds; r++) {
		for (tool = 0; tool < NTOOL; tool++) {
			for (k = 0; k < NTR; k++) {
				double ns;

				c = (k + r + tool) % NTR;
				if (!tr.has[c])
					continue;
				ns = tr_measure(&tr, tool, c, n[tool], &med, &matched, &dropped);
				printf("tracing %s %s %.1f %.1f %llu %llu\n", tool_name[tool], tr_name[c],
				       med, ns, matched, dropped);
				fflush(stdout);
				tr_check(tool, c, n[tool], matched, dropped);
			}
		}
	}
	close(tr.listen_fd);
	unlink(TR_FILE);
	for (tool = 0; tool < NTOOL; tool++)
		ring_buffer__free(tr.rb[tool]);
	bpf_object__close(tr.obj);
	return 0;
}

/* ---- tc ------------------------------------------------------------------- */

static int cmd_tc_attach(int argc, char **argv)
{
	struct bpf_object *obj;
	int ifindex, err;

	if (argc != 3)
		die("usage: kbench tc-attach BPF.o PROG IFNAME");
	ifindex = if_nametoindex(argv[2]);
	if (!ifindex)
		die("%s: %s", argv[2], strerror(errno));
	obj = bpf_load(argv[0]);
	{
		LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
		LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = bpf_program__fd(bpf_prog(obj, argv[1])));

		err = bpf_tc_hook_create(&hook);
		if (err && err != -EEXIST)
			die("bpf_tc_hook_create %s: %s", argv[2], strerror(-err));
		err = bpf_tc_attach(&hook, &opts);
		if (err)
			die("bpf_tc_attach %s: %s", argv[1], strerror(-err));
		printf("tc ingress %s: %s (prog id %u)\n", argv[2], argv[1], opts.prog_id);
	}
	/* the filter holds the program: it stays after we exit */
	bpf_object__close(obj);
	return 0;
}

static int cmd_tc_detach(int argc, char **argv)
{
	int ifindex, err;

	if (argc != 1)
		die("usage: kbench tc-detach IFNAME");
	ifindex = if_nametoindex(argv[0]);
	if (!ifindex)
		die("%s: %s", argv[0], strerror(errno));
	{
		LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);

		err = bpf_tc_hook_destroy(&hook);
		if (err)
			die("bpf_tc_hook_destroy %s: %s", argv[0], strerror(-err));
	}
	return 0;
}

/* ---- UDP traffic ------------------------------------------------------------ */

static int cmd_udp_send(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	unsigned long n, i, fails = 0;
	double t0, t;
	int fd;

	if (argc != 3)
		die("usage: kbench udp-send ADDR PORT N");
	if (inet_pton(AF_INET, argv[0], &sa.sin_addr) != 1)
		die("bad address %s", argv[0]);
	sa.sin_port = htons(atoi(argv[1]));
	n = strtoul(argv[2], NULL, 0);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("socket/connect: %s", strerror(errno));
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (send(fd, "x", 1, 0) != 1)
			fails++;
	t = now_ns() - t0;
	printf("sent %lu %.0f\n", n - fails, t);
	return 0;
}

static int cmd_udp_hold(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
	int fd;

	if (argc != 1)
		die("usage: kbench udp-hold PORT");
	sa.sin_port = htons(atoi(argv[0]));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("socket/bind: %s", strerror(errno));
	for (;;)
		pause();
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "percall", cmd_percall },	{ "maps", cmd_maps },
	{ "syscalls", cmd_syscalls },	{ "tracing", cmd_tracing },
	{ "tc-attach", cmd_tc_attach },	{ "tc-detach", cmd_tc_detach },
	{ "xdp-percall", cmd_xdp_percall }, { "xdp-attach", cmd_xdp_attach },
	{ "xdp-detach", cmd_xdp_detach }, { "udp-send", cmd_udp_send },
	{ "udp-hold", cmd_udp_hold },
};

int main(int argc, char **argv)
{
	size_t i;

	for (i = 0; argc >= 2 && i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 2, argv + 2);
	fprintf(stderr, "usage: kbench percall|maps|syscalls|tracing|xdp-percall|tc-attach|tc-detach|"
		"xdp-attach|xdp-detach|udp-send|udp-hold ...\n");
	return 2;
}
