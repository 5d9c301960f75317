// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk run FILE.wasm --invoke NAME [ARG...] [--fuel N] [--stack BYTES]
 *		       [--interp]
 *
 * Runs one exported function offline on the userspace engine (the same
 * engine the kernel runs): the JIT where there is one, else (or with
 * --interp) the interpreter.  Arguments are NUMBER[:TYPE] with TYPE i32
 * (default), i64, f32 or f64; results print one per line as VALUE:TYPE.
 * A trap prints "trap: MESSAGE" and exits 1.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "runtime.h"
#include "wasmk.h"

static void run_help(FILE *f)
{
	fprintf(f,
		"Usage: wasmk run FILE.wasm --invoke NAME [ARG...] [OPTIONS]\n"
		"Runs an exported function of FILE offline (no kernel needed).\n"
		"\n"
		"  ARG           NUMBER[:TYPE], TYPE i32 (default), i64, f32, f64;\n"
		"                e.g. 42  -1:i64  0x10  1.5:f32  nan:f64  -inf:f32\n"
		"  --fuel N      instruction budget (default: unlimited)\n"
		"  --stack BYTES Wasm stack budget (default %u)\n"
		"  --interp      use the interpreter even where there is a JIT\n"
		"\n"
		"Prints each result as VALUE:TYPE on its own line, or\n"
		"\"trap: MESSAGE\" (exit 1).  The module may import nothing.\n",
		WASM_STACK_DEFAULT);
}

static u8 parse_type(const char *s)
{
	if (!strcmp(s, "i32"))
		return WASM_TYPE_I32;
	if (!strcmp(s, "i64"))
		return WASM_TYPE_I64;
	if (!strcmp(s, "f32"))
		return WASM_TYPE_F32;
	if (!strcmp(s, "f64"))
		return WASM_TYPE_F64;
	return 0;
}

/* "42", "-1:i64", "1.5:f32", "0x7fc00000:i32"; *type gets the suffix type. */
static bool parse_arg(const char *arg, u8 *type, u64 *bits)
{
	char num[128], *colon, *end;
	size_t n = strlen(arg);

	if (n >= sizeof(num))
		return false;
	memcpy(num, arg, n + 1);
	*type = WASM_TYPE_I32;
	colon = strrchr(num, ':');
	if (colon) {
		*colon = 0;
		*type = parse_type(colon + 1);
		if (!*type)
			return false;
	}
	if (!*num)
		return false;
	errno = 0;
	if (*type == WASM_TYPE_F32 || *type == WASM_TYPE_F64) {
		double d = strtod(num, &end);

		if (*end || errno == EINVAL)
			return false;
		if (*type == WASM_TYPE_F32) {
			float f = (float)d;
			u32 b;

			memcpy(&b, &f, 4);
			*bits = b;
		} else {
			memcpy(bits, &d, 8);
		}
		return true;
	}
	if (num[0] == '-') {
		long long v = strtoll(num, &end, 0);

		if (*end || errno)
			return false;
		if (*type == WASM_TYPE_I32 && v < INT32_MIN)
			return false;
		*bits = *type == WASM_TYPE_I32 ? (u32)(s32)v : (u64)v;
	} else {
		unsigned long long v = strtoull(num, &end, 0);

		if (*end || errno)
			return false;
		if (*type == WASM_TYPE_I32 && v > UINT32_MAX)
			return false;
		*bits = v;
	}
	return true;
}

static void fmt_result(u8 type, u64 bits, char *buf, size_t len)
{
	switch (type) {
	case WASM_TYPE_I32:
		snprintf(buf, len, "%" PRId32, (s32)(u32)bits);
		break;
	case WASM_TYPE_I64:
		snprintf(buf, len, "%" PRId64, (s64)bits);
		break;
	case WASM_TYPE_F32: {
		u32 b = (u32)bits;
		float f;

		memcpy(&f, &b, 4);
		if (isnan(f))
			snprintf(buf, len, "%snan:0x%" PRIx32, (b >> 31) ? "-" : "",
				 b & 0x7fffff);
		else
			snprintf(buf, len, "%.9g", f);
		break;
	}
	case WASM_TYPE_F64: {
		double d;

		memcpy(&d, &bits, 8);
		if (isnan(d))
			snprintf(buf, len, "%snan:0x%" PRIx64, (bits >> 63) ? "-" : "",
				 (u64)(bits & 0xfffffffffffffull));
		else
			snprintf(buf, len, "%.17g", d);
		break;
	}
	case WASM_TYPE_FUNCREF:
	case WASM_TYPE_EXTERNREF:
		if (bits)
			snprintf(buf, len, "0x%" PRIx64, bits);
		else
			snprintf(buf, len, "null");
		break;
	default:
		snprintf(buf, len, "0x%" PRIx64, bits);
	}
}

int cmd_run(int argc, char **argv)
{
	struct wasm_invoke_opts iopts = { .tier = WASM_TIER_INTERP };
	const char *file = NULL, *name = NULL;
	struct wasm_module *m = NULL;
	struct wasm_store *store = NULL;
	struct wasm_instance *inst = NULL;
	struct wasm_invoke_result res;
	const struct wasm_functype *ft;
	struct wasm_log log;
	char buf[4096], val[64];
	unsigned char *bytes;
	bool interp = false;
	u64 *slots = NULL;
	int i, nargs = 0, ret = EXIT_ERR, rc, trap = 0;
	char **args = NULL;
	u32 idx, k, n;
	size_t len;

	if (argc < 1)
		return missing_args("run");
	if (!strcmp(argv[0], "help")) {
		run_help(stdout);
		return EXIT_OK;
	}
	file = argv[0];
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--invoke")) {
			if (++i >= argc)
				return usage_err("run", "--invoke needs a function name");
			name = argv[i];
			args = argv + i + 1;
			nargs = 0;
			while (i + 1 < argc && strncmp(argv[i + 1], "--", 2)) {
				i++;
				nargs++;
			}
		} else if (!strcmp(a, "--fuel")) {
			char *end;

			if (++i >= argc)
				return usage_err("run", "--fuel needs a number");
			errno = 0;
			iopts.fuel = strtoull(argv[i], &end, 0);
			if (*end || errno || !iopts.fuel || argv[i][0] == '-')
				return usage_err("run", "bad --fuel '%s'", argv[i]);
		} else if (!strcmp(a, "--stack")) {
			unsigned int v;

			if (++i >= argc || !parse_u32(argv[i], &v) || v < 256)
				return usage_err("run", "--stack needs a byte count >= 256");
			iopts.stack_bytes = v;
		} else if (!strcmp(a, "--interp")) {
			interp = true;
		} else {
			return usage_err("run", "unexpected argument '%s'", a);
		}
	}
	if (!name)
		return usage_err("run", "missing --invoke NAME");

	bytes = read_file(file, WASM_LIMIT_MODULE_SIZE_MAX, &len);
	if (!bytes)
		return EXIT_ERR;
	memset(&log, 0, sizeof(log));
	log.buf = buf;
	log.size = sizeof(buf);
	buf[0] = 0;
	rc = wasm_module_load(bytes, len, NULL, &log, &m);
	free(bytes);
	if (rc) {
		err("%s: %s: %s", file, wasm_strerror(rc), buf);
		return EXIT_ERR;
	}
	if (wasm_module_find_export(m, name, strlen(name), &(u8){ 0 }, &idx)) {
		err("%s: no export named '%s'", file, name);
		goto out;
	}
	ft = wasm_module_func_type(m, idx);
	if (!ft) {
		err("%s: export '%s' is not a function", file, name);
		goto out;
	}
	if ((u32)nargs != ft->nparams) {
		ret = usage_err("run", "'%s' takes %u argument(s), %d given", name,
				ft->nparams, nargs);
		goto out;
	}
	n = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
	slots = calloc(n ? n : 1, sizeof(u64));
	if (!slots) {
		err("out of memory");
		goto out;
	}
	for (k = 0; k < ft->nparams; k++) {
		u8 t;

		if (!parse_arg(args[k], &t, &slots[k])) {
			ret = usage_err("run", "bad argument '%s'", args[k]);
			goto out;
		}
		if (t != ft->params[k]) {
			ret = usage_err("run", "argument %u of '%s' is %s, got '%s'", k + 1,
					name, wasm_type_name(ft->params[k]), args[k]);
			goto out;
		}
	}

	store = wasm_store_new();
	if (!store) {
		err("out of memory");
		goto out;
	}
	buf[0] = 0;
	log.len = 0;
	rc = wasm_instantiate(store, m, NULL, &log, &inst, &trap);
	if (rc == -WASM_ETRAP) {
		err("%s: instantiation trapped: %s", file, wasm_trap_str(trap));
		goto out;
	}
	if (rc) {
		if (buf[0] && buf[strlen(buf) - 1] == '\n')
			buf[strlen(buf) - 1] = 0;
		err("%s: %s: %s", file, wasm_rt_strerror(rc), buf);
		goto out;
	}
	if (!interp && wasm_jit_available()) {
		buf[0] = 0;
		log.len = 0;
		rc = wasm_jit_compile(inst, &log);
		if (rc) {
			err("%s: JIT compilation failed: %s: %s", file, wasm_rt_strerror(rc), buf);
			goto out;
		}
		iopts.tier = WASM_TIER_JIT;
	}
	rc = wasm_invoke(inst, idx, (union wasm_value *)slots, &iopts, &res);
	if (rc) {
		err("%s: invoke '%s': %s", file, name, wasm_rt_strerror(rc));
		goto out;
	}
	if (cli.json) {
		json_begin_obj(NULL);
		json_str("function", name);
		json_str("tier", iopts.tier == WASM_TIER_JIT ? "jit" : "interp");
		json_u64("fuel_used", res.fuel_used);
		if (res.trap) {
			json_str("trap", wasm_trap_str(res.trap));
		} else {
			json_begin_arr("results");
			for (k = 0; k < ft->nresults; k++) {
				fmt_result(ft->results[k], slots[k], val, sizeof(val));
				json_begin_obj(NULL);
				json_str("type", wasm_type_name(ft->results[k]));
				json_str("value", val);
				json_end_obj();
			}
			json_end_arr();
		}
		json_end_obj();
		json_done();
	} else if (res.trap) {
		printf("trap: %s\n", wasm_trap_str(res.trap));
	} else {
		for (k = 0; k < ft->nresults; k++) {
			fmt_result(ft->results[k], slots[k], val, sizeof(val));
			printf("%s:%s\n", val, wasm_type_name(ft->results[k]));
		}
	}
	ret = res.trap ? EXIT_ERR : EXIT_OK;
out:
	free(slots);
	wasm_instance_free(inst);
	wasm_store_free(store);
	wasm_module_free(m);
	return ret;
}
