// SPDX-License-Identifier: GPL-2.0
/*
 * wasm_bench: times run(N) of a benchmark kernel on the wasmk engine
 * (userspace build of kmod/engine, linked with libwasmk-engine.a).
 *
 *	wasm_bench [--interp] [--reps R (5)] [--max-s S (3)] FILE.wasm N
 *		prints "BEST-MS CHECKSUM FUEL-USED JIT-COMPILE-MS"
 *	wasm_bench --compile [--min-s S (1)] FILE.wasm...
 *		JIT compile throughput: instantiates and compiles the files
 *		round-robin for at least S seconds (only wasm_jit_compile() is
 *		timed) and prints "CODE-BYTES COMPILES SECONDS MB/S", where
 *		CODE-BYTES is the code section size summed over one round.
 *
 * The module may import nothing.  Each call runs with fuel metering on (a
 * budget of 1e15: large but finite, so the metering code is live) and the
 * engine's usual explicit bounds checks.  run(N) is called up to R times
 * (at least once; stops early once the calls took S seconds in total).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "runtime.h"

#define BENCH_FUEL 1000000000000000ull	/* 1e15 */

static char logbuf[4096];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *file, const char *msg)
{
	fprintf(stderr, "wasm_bench: %s: %s: %s\n", file, what, msg);
	exit(1);
}

static u8 *slurp(const char *file, u32 *len)
{
	FILE *f = fopen(file, "rb");
	long sz;
	u8 *p;

	if (!f || fseek(f, 0, SEEK_END))
		die("open", file, "cannot read");
	sz = ftell(f);
	if (sz < 0 || fseek(f, 0, SEEK_SET))
		die("open", file, "cannot read");
	p = malloc(sz ? sz : 1);
	if (!p || fread(p, 1, sz, f) != (size_t)sz)
		die("read", file, "short read");
	fclose(f);
	*len = (u32)sz;
	return p;
}

static u32 leb_u32(const u8 *p, u32 len, u32 *pos)
{
	u32 v = 0, shift = 0;

	while (*pos < len && shift < 35) {
		u8 b = p[(*pos)++];

		v |= (u32)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
	}
	return v;
}

/* Size of the code section (id 10) of an already validated module. */
static u32 code_section_size(const u8 *p, u32 len)
{
	u32 pos = 8;

	while (pos < len) {
		u8 id = p[pos++];
		u32 sz = leb_u32(p, len, &pos);

		if (id == 10)
			return sz;
		pos += sz;
	}
	return 0;
}

struct loaded {
	const char *file;
	struct wasm_module *m;
	u32 code_bytes;
};

static void load(struct loaded *l, const char *file)
{
	struct wasm_log log = { logbuf, sizeof(logbuf), 0, false };
	u32 len;
	u8 *bytes = slurp(file, &len);
	int err;

	logbuf[0] = 0;
	err = wasm_module_load(bytes, len, NULL, &log, &l->m);
	if (err)
		die(wasm_strerror(err), file, logbuf);
	l->file = file;
	l->code_bytes = code_section_size(bytes, len);
	free(bytes);
}

static struct wasm_instance *instantiate(struct wasm_store *s, struct loaded *l)
{
	struct wasm_log log = { logbuf, sizeof(logbuf), 0, false };
	struct wasm_instance *inst = NULL;
	int trap = 0, err;

	logbuf[0] = 0;
	err = wasm_instantiate(s, l->m, NULL, &log, &inst, &trap);
	if (err == -WASM_ETRAP)
		die("instantiation trapped", l->file, wasm_trap_str(trap));
	if (err)
		die(wasm_rt_strerror(err), l->file, logbuf);
	return inst;
}

/* Seconds spent in wasm_jit_compile(). */
static double jit_compile(struct wasm_instance *inst, const char *file)
{
	struct wasm_log log = { logbuf, sizeof(logbuf), 0, false };
	double t0 = now();
	int err;

	logbuf[0] = 0;
	err = wasm_jit_compile(inst, &log);
	if (err)
		die(wasm_rt_strerror(err), file, logbuf);
	return now() - t0;
}

static int compile_bench(int nfiles, char **files, double min_s)
{
	struct loaded *l = calloc(nfiles, sizeof(*l));
	struct wasm_store *s;
	double t = 0;
	u64 bytes = 0, round = 0;
	long compiles = 0;
	int i;

	if (!l)
		return 1;
	for (i = 0; i < nfiles; i++) {
		load(&l[i], files[i]);
		round += l[i].code_bytes;
	}
	while (t < min_s) {
		for (i = 0; i < nfiles; i++) {
			/* A fresh store now and then keeps type ids bounded. */
			struct wasm_instance *inst;

			s = wasm_store_new();
			if (!s)
				die("store", files[i], "out of memory");
			inst = instantiate(s, &l[i]);
			t += jit_compile(inst, files[i]);
			bytes += l[i].code_bytes;
			compiles++;
			wasm_instance_free(inst);
			wasm_store_free(s);
		}
	}
	printf("%llu %ld %.3f %.2f\n", (unsigned long long)round, compiles, t, bytes / 1e6 / t);
	for (i = 0; i < nfiles; i++)
		wasm_module_free(l[i].m);
	free(l);
	return 0;
}

int main(int argc, char **argv)
{
	struct wasm_invoke_opts iopts = { .fuel = BENCH_FUEL, .tier = WASM_TIER_JIT };
	double max_s = 3, best = 1e30, total = 0, compile_ms = 0;
	bool interp = false, compile = false;
	struct wasm_store *s;
	struct wasm_instance *inst;
	struct loaded l;
	u64 fuel = 0;
	int reps = 5, i, n, sum = 0;
	u32 idx;

	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--interp"))
			interp = true;
		else if (!strcmp(argv[i], "--compile"))
			compile = true;
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
		else if ((!strcmp(argv[i], "--max-s") || !strcmp(argv[i], "--min-s")) &&
			 i + 1 < argc)
			max_s = atof(argv[++i]);
		else
			break;
	}
	if (compile) {
		if (i >= argc || !wasm_jit_available()) {
			fprintf(stderr, "usage: wasm_bench --compile [--min-s S] FILE.wasm... (needs a JIT)\n");
			return 2;
		}
		return compile_bench(argc - i, argv + i, max_s);
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: wasm_bench [--interp] [--reps R] [--max-s S] FILE.wasm N\n");
		return 2;
	}
	n = atoi(argv[i + 1]);
	load(&l, argv[i]);
	if (wasm_module_find_export(l.m, "run", 3, &(u8){ 0 }, &idx))
		die("export", l.file, "no export 'run'");
	s = wasm_store_new();
	if (!s)
		die("store", l.file, "out of memory");
	inst = instantiate(s, &l);
	if (interp || !wasm_jit_available()) {
		if (!interp)
			fprintf(stderr, "wasm_bench: no JIT here, using the interpreter\n");
		iopts.tier = WASM_TIER_INTERP;
	} else {
		compile_ms = jit_compile(inst, l.file) * 1e3;
	}
	for (i = 0; i < reps && (i == 0 || total < max_s); i++) {
		struct wasm_invoke_result res;
		union wasm_value v[1];
		double t0, t;
		int err;

		memset(v, 0, sizeof(v));
		v[0].i32 = n;
		t0 = now();
		err = wasm_invoke(inst, idx, v, &iopts, &res);
		t = now() - t0;
		if (err)
			die("invoke", l.file, wasm_rt_strerror(err));
		if (res.trap)
			die("trap", l.file, wasm_trap_str(res.trap));
		if (i && (int)v[0].i32 != sum) {
			fprintf(stderr, "wasm_bench: %s: run(%d) is not deterministic\n", l.file, n);
			return 1;
		}
		sum = (int)v[0].i32;
		fuel = res.fuel_used;
		total += t;
		if (t < best)
			best = t;
	}
	printf("%.3f %d %llu %.3f\n", best * 1e3, sum, (unsigned long long)fuel, compile_ms);
	wasm_instance_free(inst);
	wasm_store_free(s);
	wasm_module_free(l.m);
	return 0;
}
