// SPDX-License-Identifier: GPL-2.0
/*
 * spec-runner: runs the commands of a wast2json script (X.json + X.N.wasm)
 * against the userspace engine.
 *
 *	spec-runner [--engine jit|interp] [-v] [--strict] [--default-limits]
 *		    X.json...
 *
 *   module                      the binary must load and instantiate; it
 *                               becomes "current" (exec.c)
 *   assert_invalid   (binary)   must be rejected
 *   assert_malformed (binary)   must be rejected
 *   assert_unlinkable,
 *   assert_uninstantiable       the module must validate, then fail to link
 *                               / trap at instantiation (exec.c)
 *   text-form assert_*          skipped (we take binaries only)
 *   assert_return, assert_trap, assert_exhaustion, action, register
 *                               executed by exec.c on the engine chosen
 *                               with --engine (jit: skipped while the JIT
 *                               is not available)
 *
 * Each command type has its own handler in cmd_table[].
 *
 * Limits: every limit of limits.h is set to its hard cap, unless
 * --default-limits.  A `module` the engine refuses with WASM_ELIMIT is
 * counted skipped and always reported on a SKIP line, so that a limit hit
 * is visible without failing conformance.  In a file whose name contains
 * "simd", WASM_EUNSUPPORTED on any command counts as skipped.
 *
 * --strict also fails an assert_invalid rejected with a code other than
 * WASM_EINVALID and an assert_malformed rejected with a code other than
 * WASM_EMALFORMED; WASM_ELIMIT (an implementation limit, which the spec
 * allows) is accepted for both.  By default any rejection passes; -v shows
 * the code.
 *
 * Output: one line per failure (every command with -v), then a last line
 * "N passed, N failed, N skipped".  Exit status 1 if anything failed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "exec.h"
#include "json.h"

#define LOG_SIZE 8192
#define MAX_FILE_SIZE (256u << 20)

enum outcome { PASS, FAIL, SKIP };

struct named_module {
	char *name;			/* "$M" from the script, or NULL */
	struct wasm_module *m;
	struct named_module *next;
};

struct runner {
	/* options */
	const char *engine;		/* "jit" or "interp" (execution only) */
	bool verbose;
	bool strict;

	/* per script */
	const char *json_path;
	const char *label;		/* source .wast name for messages */
	char *dir;			/* where the .wasm files are */
	bool simd;			/* "simd" in the file name */
	bool unsupported;		/* the last module was skipped as
					 * unsupported (SIMD): its actions are
					 * skipped too */
	struct wasm_module *cur;	/* last module that loaded */
	struct named_module *named;	/* modules with a $name (for later
					 * execution / register) */
	unsigned int passed, failed, skipped;
	struct exec *exec;		/* instances, linking, actions */

	char log[LOG_SIZE];
};

/* The outcome of loading one .wasm file. */
struct load_result {
	int err;			/* 0 or -WASM_E*; see io_error */
	bool io_error;			/* couldn't read the file at all */
	char io_msg[256];
	const char *log;		/* engine log (may be "") */
	struct wasm_module *m;		/* on success; caller owns it */
};

static const char *cmd_type(const struct json *cmd)
{
	const char *t = json_get_str(cmd, "type");

	return t ? t : "?";
}

static void print_log(const char *log)
{
	const char *p = log;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		if (n)
			printf("    log: %.*s\n", n, p);
		p = nl ? nl + 1 : NULL;
	}
}

/*
 * Records one command's outcome.  A failure always prints a line (with the
 * engine's log); a pass or a skip only with -v, or when @always is set.
 */
static void report(struct runner *r, const struct json *cmd,
		   enum outcome oc, bool always, const char *log,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void report(struct runner *r, const struct json *cmd,
		   enum outcome oc, bool always, const char *log,
		   const char *fmt, ...)
{
	static const char *const tag[] = { "PASS", "FAIL", "SKIP" };
	const char *file = json_get_str(cmd, "filename");
	va_list ap;

	switch (oc) {
	case PASS: r->passed++; break;
	case FAIL: r->failed++; break;
	case SKIP: r->skipped++; break;
	}
	if (oc != FAIL && !r->verbose && !always)
		return;
	printf("%s:%ld: %s %s", r->label, json_get_int(cmd, "line", 0),
	       tag[oc], cmd_type(cmd));
	if (file)
		printf(" (%s)", file);
	if (fmt && *fmt) {
		printf(": ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	printf("\n");
	if (oc == FAIL || r->verbose)
		print_log(log);
}

static const char *errname(int err)
{
	switch (-err) {
	case WASM_OK:		return "OK";
	case WASM_EMALFORMED:	return "EMALFORMED";
	case WASM_EINVALID:	return "EINVALID";
	case WASM_ELIMIT:	return "ELIMIT";
	case WASM_ENOMEM:	return "ENOMEM";
	case WASM_EUNSUPPORTED:	return "EUNSUPPORTED";
	default:		return "E?";
	}
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static char *read_file(const char *path, size_t *len, char *msg, size_t msglen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		snprintf(msg, msglen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;

		if (n == cap) {
			char *nb;

			if (cap >= MAX_FILE_SIZE) {
				snprintf(msg, msglen, "%s: file too large",
					 path);
				goto fail;
			}
			cap = cap ? cap * 2 : 4096;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				snprintf(msg, msglen, "%s: out of memory",
					 path);
				goto fail;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f)) {
				snprintf(msg, msglen, "%s: read error", path);
				goto fail;
			}
			break;
		}
	}
	fclose(f);
	if (!buf) {
		buf = malloc(1);
		if (!buf) {
			snprintf(msg, msglen, "%s: out of memory", path);
			return NULL;
		}
	}
	buf[n] = 0;
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

/*
 * The limits conformance runs with: every limit at its hard cap (the spec
 * tests are about the language; limits.h's defaults have their own tests).
 * --default-limits runs with wasm_limits_default() instead.
 */
static bool default_limits;

static void runner_limits(struct wasm_limits *lim)
{
	if (default_limits)
		wasm_limits_default(lim);
	else
		wasm_limits_max(lim);
}

/* Loads @cmd's "filename" through the engine. */
static void load(struct runner *r, const struct json *cmd,
		 struct load_result *res)
{
	const char *file = json_get_str(cmd, "filename");
	struct wasm_limits lim;
	struct wasm_log log;
	size_t len = 0;
	char *path, *bytes;

	memset(res, 0, sizeof(*res));
	res->log = r->log;
	r->log[0] = 0;
	if (!file || !*file) {
		res->io_error = true;
		snprintf(res->io_msg, sizeof(res->io_msg),
			 "command has no \"filename\"");
		return;
	}
	path = path_join(r->dir, file);
	if (!path) {
		res->io_error = true;
		snprintf(res->io_msg, sizeof(res->io_msg), "out of memory");
		return;
	}
	bytes = read_file(path, &len, res->io_msg, sizeof(res->io_msg));
	free(path);
	if (!bytes) {
		res->io_error = true;
		return;
	}
	if (len > UINT32_MAX) {
		free(bytes);
		res->io_error = true;
		snprintf(res->io_msg, sizeof(res->io_msg), "file too large");
		return;
	}

	memset(&log, 0, sizeof(log));
	log.buf = r->log;
	log.size = sizeof(r->log);
	runner_limits(&lim);
	res->err = wasm_module_load((const void *)bytes, (uint32_t)len, &lim,
				    &log, &res->m);
	if (res->err > 0)	/* defensive: the API returns 0 or -code */
		res->err = -res->err;
	if (res->err)
		res->m = NULL;
	r->log[sizeof(r->log) - 1] = 0;
	if (log.len < sizeof(r->log))
		r->log[log.len] = 0;
	free(bytes);
}

/* A binary command needs "module_type": "binary" (absent = binary). */
static bool is_text_form(const struct json *cmd)
{
	const char *mt = json_get_str(cmd, "module_type");

	return mt && strcmp(mt, "binary") != 0;
}

static void forget_modules(struct runner *r)
{
	while (r->named) {
		struct named_module *n = r->named;

		r->named = n->next;
		if (n->m != r->cur)
			wasm_module_free(n->m);
		free(n->name);
		free(n);
	}
	if (r->cur)
		wasm_module_free(r->cur);
	r->cur = NULL;
}

/* Makes @m the current module (the previous one is freed unless named). */
static void set_current(struct runner *r, struct wasm_module *m,
			const char *name)
{
	struct named_module *n;
	bool cur_named = false;

	for (n = r->named; n; n = n->next)
		if (n->m == r->cur)
			cur_named = true;
	if (r->cur && !cur_named)
		wasm_module_free(r->cur);
	r->cur = m;
	if (!name || !m)
		return;
	/* A re-used $name shadows the older module (which stays listed so it
	 * is freed at the end). */
	n = calloc(1, sizeof(*n));
	if (!n)
		return;
	n->name = strdup(name);
	n->m = m;
	n->next = r->named;
	r->named = n;
}

/* ---- command handlers ---------------------------------------------------- */

static void cmd_module(struct runner *r, const struct json *cmd)
{
	struct load_result res;

	if (is_text_form(cmd)) {
		report(r, cmd, SKIP, false, NULL, "text module");
		return;
	}
	load(r, cmd, &res);
	if (res.io_error) {
		report(r, cmd, FAIL, false, NULL, "%s", res.io_msg);
		set_current(r, NULL, NULL);
		return;
	}
	r->unsupported = res.err == -WASM_EUNSUPPORTED && r->simd;
	if (!res.err) {
		char msg[LOG_SIZE];
		enum exec_outcome oc;

		/* exec owns the module from here on */
		oc = exec_module(r->exec, res.m, json_get_str(cmd, "name"), msg, sizeof(msg));
		report(r, cmd, oc == EXEC_PASS ? PASS : oc == EXEC_FAIL ? FAIL : SKIP,
		       oc == EXEC_SKIP, res.log, "%s", msg);
		return;
	}
	set_current(r, NULL, NULL);
	if (res.err == -WASM_ELIMIT) {
		report(r, cmd, SKIP, true, res.log, "engine limit: %s",
		       wasm_strerror(res.err));
		return;
	}
	if (res.err == -WASM_EUNSUPPORTED && r->simd) {
		report(r, cmd, SKIP, false, res.log, "unsupported: %s",
		       wasm_strerror(res.err));
		return;
	}
	report(r, cmd, FAIL, false, res.log,
	       "expected the module to load, got %s (%s)",
	       errname(res.err), wasm_strerror(res.err));
}

/* assert_invalid / assert_malformed on a binary module. */
static void cmd_assert_reject(struct runner *r, const struct json *cmd)
{
	bool malformed = !strcmp(cmd_type(cmd), "assert_malformed");
	int want = malformed ? -WASM_EMALFORMED : -WASM_EINVALID;
	const char *text = json_get_str(cmd, "text");
	struct load_result res;

	if (!text)
		text = "";
	if (is_text_form(cmd)) {
		report(r, cmd, SKIP, false, NULL, "text form (\"%s\")", text);
		return;
	}
	load(r, cmd, &res);
	if (res.io_error) {
		report(r, cmd, FAIL, false, NULL, "%s", res.io_msg);
		return;
	}
	if (!res.err) {
		wasm_module_free(res.m);
		report(r, cmd, FAIL, false, NULL,
		       "expected rejection (\"%s\"), got: accepted", text);
		return;
	}
	if (res.err == -WASM_EUNSUPPORTED && r->simd) {
		report(r, cmd, SKIP, false, res.log, "unsupported: %s",
		       wasm_strerror(res.err));
		return;
	}
	if (res.err != want && res.err != -WASM_ELIMIT && r->strict) {
		report(r, cmd, FAIL, false, res.log,
		       "expected %s (\"%s\"), got %s", errname(want), text,
		       errname(res.err));
		return;
	}
	report(r, cmd, PASS, false, res.log, "rejected with %s%s (\"%s\")",
	       errname(res.err),
	       res.err != want ? " [not the expected class]" : "", text);
}

/* assert_unlinkable / assert_uninstantiable: valid modules. */
static void cmd_assert_link_inst(struct runner *r, const struct json *cmd)
{
	const char *text = json_get_str(cmd, "text");
	struct load_result res;

	if (is_text_form(cmd)) {
		report(r, cmd, SKIP, false, NULL, "text form");
		return;
	}
	load(r, cmd, &res);
	if (res.io_error) {
		report(r, cmd, FAIL, false, NULL, "%s", res.io_msg);
		return;
	}
	r->unsupported = res.err == -WASM_EUNSUPPORTED && r->simd;
	if (!res.err) {
		char msg[LOG_SIZE];
		enum exec_outcome oc;

		(void)text;
		oc = exec_assert_instantiate(r->exec, cmd, res.m, msg, sizeof(msg));
		report(r, cmd, oc == EXEC_PASS ? PASS : oc == EXEC_FAIL ? FAIL : SKIP,
		       false, NULL, "%s", msg);
		return;
	}
	if (res.err == -WASM_ELIMIT) {
		report(r, cmd, SKIP, true, res.log, "engine limit: %s",
		       wasm_strerror(res.err));
		return;
	}
	if (res.err == -WASM_EUNSUPPORTED && r->simd) {
		report(r, cmd, SKIP, false, res.log, "unsupported: %s",
		       wasm_strerror(res.err));
		return;
	}
	report(r, cmd, FAIL, false, res.log,
	       "expected the (valid) module to load, got %s (%s)",
	       errname(res.err), wasm_strerror(res.err));
}

/*
 * assert_return, assert_trap, assert_exhaustion, action and the NaN
 * variants.  Execution is not there yet: skipped.  When it comes, this
 * resolves the "action" (module name or current, "field", "args"),
 * instantiates on demand and compares "expected".
 */
static void cmd_action(struct runner *r, const struct json *cmd)
{
	char msg[LOG_SIZE];
	enum exec_outcome oc = exec_command(r->exec, cmd, msg, sizeof(msg));

	/* Commands on a SIMD module wasmk refused as unsupported: skipped. */
	if (oc == EXEC_FAIL && r->unsupported) {
		report(r, cmd, SKIP, false, NULL, "its module is unsupported (SIMD)");
		return;
	}
	report(r, cmd, oc == EXEC_PASS ? PASS : oc == EXEC_FAIL ? FAIL : SKIP,
	       false, NULL, "%s", msg);
}

/* register: names a module's exports for later imports (linking). */
static void cmd_register(struct runner *r, const struct json *cmd)
{
	cmd_action(r, cmd);
}

typedef void (*cmd_fn)(struct runner *r, const struct json *cmd);

static const struct {
	const char *type;
	cmd_fn fn;
} cmd_table[] = {
	{ "module",				cmd_module },
	{ "assert_invalid",			cmd_assert_reject },
	{ "assert_malformed",			cmd_assert_reject },
	{ "assert_unlinkable",			cmd_assert_link_inst },
	{ "assert_uninstantiable",		cmd_assert_link_inst },
	{ "assert_return",			cmd_action },
	{ "assert_trap",			cmd_action },
	{ "assert_exhaustion",			cmd_action },
	{ "assert_return_canonical_nan",	cmd_action },
	{ "assert_return_arithmetic_nan",	cmd_action },
	{ "assert_exception",			cmd_action },
	{ "action",				cmd_action },
	{ "register",				cmd_register },
};

static void run_command(struct runner *r, const struct json *cmd)
{
	const char *type = json_get_str(cmd, "type");
	size_t i;

	if (!type) {
		report(r, cmd, FAIL, false, NULL,
		       "command without a \"type\"");
		return;
	}
	for (i = 0; i < sizeof(cmd_table) / sizeof(cmd_table[0]); i++) {
		if (!strcmp(cmd_table[i].type, type)) {
			cmd_table[i].fn(r, cmd);
			return;
		}
	}
	report(r, cmd, SKIP, false, NULL, "unknown command type");
}

/* Runs one script; returns false if it could not be read at all. */
static bool run_script(struct runner *r, const char *json_path)
{
	char msg[320];
	struct json *root;
	const struct json *cmds;
	const char *src;
	char *text, *slash;
	size_t len, i;

	r->json_path = json_path;
	r->label = json_path;
	text = read_file(json_path, &len, msg, sizeof(msg));
	if (!text) {
		printf("%s: FAIL: %s\n", json_path, msg);
		r->failed++;
		return false;
	}
	root = json_parse(text, len, msg, sizeof(msg));
	free(text);
	if (!root) {
		printf("%s: FAIL: %s\n", json_path, msg);
		r->failed++;
		return false;
	}
	cmds = json_get(root, "commands");
	if (!cmds || cmds->type != JSON_ARRAY) {
		printf("%s: FAIL: no \"commands\" array\n", json_path);
		r->failed++;
		json_free(root);
		return false;
	}
	src = json_get_str(root, "source_filename");
	if (src && *src)
		r->label = src;
	r->simd = strstr(r->label, "simd") || strstr(json_path, "simd");

	r->dir = strdup(json_path);
	if (!r->dir) {
		printf("%s: FAIL: out of memory\n", json_path);
		r->failed++;
		json_free(root);
		return false;
	}
	slash = strrchr(r->dir, '/');
	if (slash)
		slash[slash == r->dir ? 1 : 0] = 0;
	else
		strcpy(r->dir, ".");

	for (i = 0; i < json_len(cmds); i++)
		run_command(r, json_at(cmds, i));

	forget_modules(r);
	exec_reset(r->exec);
	free(r->dir);
	r->dir = NULL;
	r->label = json_path;
	json_free(root);
	return true;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: spec-runner [--engine jit|interp] [-v] [--strict] "
		"[--default-limits] FILE.json...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct runner r;
	unsigned int tp = 0, tf = 0, ts = 0;
	int i, nfiles = 0;

	r.engine = "jit";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			r.verbose = true;
		} else if (!strcmp(a, "--strict")) {
			r.strict = true;
		} else if (!strcmp(a, "--default-limits")) {
			default_limits = true;
		} else if (!strcmp(a, "--engine")) {
			if (++i >= argc)
				usage();
			r.engine = argv[i];
		} else if (!strncmp(a, "--engine=", 9)) {
			r.engine = a + 9;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage();
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "spec-runner: unknown option %s\n", a);
			usage();
		} else {
			break;
		}
	}
	if (strcmp(r.engine, "jit") && strcmp(r.engine, "interp")) {
		fprintf(stderr, "spec-runner: --engine must be jit or interp\n");
		return 2;
	}
	if (i >= argc)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	r.exec = exec_new(r.engine);
	if (!r.exec) {
		fprintf(stderr, "spec-runner: out of memory\n");
		return 2;
	}

	for (; i < argc; i++, nfiles++) {
		r.passed = r.failed = r.skipped = 0;
		run_script(&r, argv[i]);
		if (argc - i > 1 || nfiles > 0)
			printf("%s: %u passed, %u failed, %u skipped\n",
			       r.label, r.passed, r.failed, r.skipped);
		tp += r.passed;
		tf += r.failed;
		ts += r.skipped;
	}
	printf("%u passed, %u failed, %u skipped\n", tp, tf, ts);
	return tf ? 1 : 0;
}
