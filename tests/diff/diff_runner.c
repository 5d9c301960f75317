// SPDX-License-Identifier: GPL-2.0
/*
 * Differential runner: diff_runner NAME FILE.wasm EXPECTED
 *
 * EXPECTED holds "SEED VALUE" lines from the natively built program.  For
 * each seed, "test" (i32) -> i64 runs on a fresh instance on the
 * interpreter and on a fresh instance on the JIT; both must return VALUE
 * with the same fuel_used, and so must the JIT compiled for baseline
 * x86-64 (wasm_jit_baseline_cpu).  Then both run again with a budget of
 * half that fuel (both must trap "fuel exhausted" having used the same
 * fuel) and with exactly that fuel (both must return VALUE).
 *
 * Prints "PASS NAME (...)" or "FAIL NAME: ..." lines; exit 0 iff all pass.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "runtime.h"

static const char *name;
static struct wasm_module *mod;
static int failures;

struct run {
	int rc;			/* setup/invoke error (-WASM_E*), else 0 */
	int trap;
	u64 fuel_used;
	u64 value;
};

static struct run run_one(int tier, int seed, u64 fuel)
{
	struct wasm_invoke_opts io = { .fuel = fuel, .tier = tier };
	struct wasm_store *store = wasm_store_new();
	struct wasm_instance *inst = NULL;
	struct wasm_invoke_result res;
	struct run r = { 0 };
	union wasm_value slots[1];
	char buf[512] = "";
	struct wasm_log log = { .buf = buf, .size = sizeof(buf) };
	int trap = 0;

	if (!store) {
		r.rc = -WASM_ENOMEM;
		return r;
	}
	r.rc = wasm_instantiate(store, mod, NULL, &log, &inst, &trap);
	if (!r.rc && tier == WASM_TIER_JIT)
		r.rc = wasm_jit_compile(inst, &log);
	if (!r.rc) {
		memset(slots, 0, sizeof(slots));
		slots[0].i32 = (u32)seed;
		r.rc = wasm_invoke_export(inst, "test", slots, &io, &res);
		if (!r.rc) {
			r.trap = res.trap;
			r.fuel_used = res.fuel_used;
			r.value = slots[0].i64;
		}
	}
	if (r.rc && buf[0])
		fprintf(stderr, "%s: %s\n", name, buf);
	wasm_instance_free(inst);
	wasm_store_free(store);
	return r;
}

static void fail(int seed, const char *what, const struct run *a, const struct run *b)
{
	printf("FAIL %s: seed %d: %s: interp rc %d trap %d fuel %" PRIu64 " value %" PRId64
	       ", jit rc %d trap %d fuel %" PRIu64 " value %" PRId64 "\n",
	       name, seed, what, a->rc, a->trap, a->fuel_used, (s64)a->value,
	       b->rc, b->trap, b->fuel_used, (s64)b->value);
	failures++;
}

static void check_seed(int seed, s64 want, u64 *total_fuel)
{
	struct run a, b;
	u64 used;

	a = run_one(WASM_TIER_INTERP, seed, 0);
	b = run_one(WASM_TIER_JIT, seed, 0);
	if (a.rc || b.rc)
		return fail(seed, "setup or invoke error", &a, &b);
	if (a.trap || b.trap)
		return fail(seed, "trapped", &a, &b);
	if ((s64)a.value != want || (s64)b.value != want) {
		printf("FAIL %s: seed %d: native returned %" PRId64 "\n", name, seed, want);
		return fail(seed, "result differs from native", &a, &b);
	}
	if (a.fuel_used != b.fuel_used)
		return fail(seed, "fuel used differs", &a, &b);
	used = a.fuel_used;

	/* The JIT for baseline x86-64 (no popcnt/lzcnt/tzcnt/roundsd). */
	wasm_jit_baseline_cpu = 1;
	b = run_one(WASM_TIER_JIT, seed, 0);
	wasm_jit_baseline_cpu = 0;
	if (b.rc || b.trap || (s64)b.value != want || b.fuel_used != used)
		return fail(seed, "JIT for baseline x86-64", &a, &b);
	*total_fuel += used;

	/* Exactly enough fuel: still returns. */
	a = run_one(WASM_TIER_INTERP, seed, used);
	b = run_one(WASM_TIER_JIT, seed, used);
	if (a.rc || b.rc || a.trap || b.trap || (s64)a.value != want ||
	    (s64)b.value != want || a.fuel_used != used || b.fuel_used != used)
		return fail(seed, "run with exactly the fuel it needs", &a, &b);

	/* Half the fuel: both trap, having paid the same runs. */
	a = run_one(WASM_TIER_INTERP, seed, used / 2 + 1);
	b = run_one(WASM_TIER_JIT, seed, used / 2 + 1);
	if (a.rc || b.rc || a.trap != WASM_TRAP_FUEL || b.trap != WASM_TRAP_FUEL ||
	    a.fuel_used != b.fuel_used || a.fuel_used > used / 2 + 1)
		return fail(seed, "run with half the fuel", &a, &b);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long n;

	if (!f)
		return NULL;
	n = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		p = malloc(n ? n : 1);
		if (p && fread(p, 1, n, f) != (size_t)n) {
			free(p);
			p = NULL;
		}
		*len = n;
	}
	fclose(f);
	return p;
}

int main(int argc, char **argv)
{
	char buf[1024] = "";
	struct wasm_log log = { .buf = buf, .size = sizeof(buf) };
	unsigned char *bytes;
	int seed, nseeds = 0, rc;
	u64 fuel = 0;
	long long want;
	size_t len = 0;
	FILE *exp;

	if (argc != 4) {
		fprintf(stderr, "usage: diff_runner NAME FILE.wasm EXPECTED\n");
		return 2;
	}
	name = argv[1];
	if (!wasm_jit_available()) {
		printf("FAIL %s: no JIT on this machine\n", name);
		return 1;
	}
	bytes = slurp(argv[2], &len);
	if (!bytes) {
		printf("FAIL %s: cannot read %s\n", name, argv[2]);
		return 1;
	}
	rc = wasm_module_load(bytes, len, NULL, &log, &mod);
	free(bytes);
	if (rc) {
		printf("FAIL %s: load: %s: %s\n", name, wasm_strerror(rc), buf);
		return 1;
	}
	exp = fopen(argv[3], "r");
	if (!exp) {
		printf("FAIL %s: cannot read %s\n", name, argv[3]);
		return 1;
	}
	while (fscanf(exp, "%d %lld", &seed, &want) == 2) {
		check_seed(seed, want, &fuel);
		nseeds++;
	}
	fclose(exp);
	wasm_module_free(mod);
	if (!nseeds) {
		printf("FAIL %s: no seeds in %s\n", name, argv[3]);
		return 1;
	}
	if (failures)
		return 1;
	printf("PASS %s (%d seeds, %" PRIu64 " instructions of fuel)\n", name, nseeds, fuel);
	return 0;
}
