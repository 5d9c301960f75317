// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the engine's decoder + validator:
 * wasm_module_load() then wasm_module_free(), built with ASan + UBSan by
 * scripts/fuzz.
 *
 * The first input byte picks a configuration and is then read as 0x00
 * (the first byte of the magic), so every seed module is valid input in
 * every configuration:
 *
 *   0x00       default limits, 4 KiB log
 *   0x01       every limit at its hard cap
 *   0x02       tiny limits (the limit paths), 4 KiB log
 *   0x03       default limits, 1-byte log (truncation), ...
 *   0x04       ... and no log at all
 *   other      default limits, 4 KiB log
 *
 * On success the module's own tables are cross-checked (every export is
 * found by name, every function has a type), so a decoder that builds an
 * inconsistent module trips an abort even without a memory error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void tiny_limits(struct wasm_limits *lim)
{
	lim->module_size = 4096;
	lim->types = 3;
	lim->params = 3;
	lim->results = 3;
	lim->functions = 3;
	lim->imports = 3;
	lim->exports = 3;
	lim->globals = 3;
	lim->tables = 2;
	lim->table_size = 16;
	lim->memory_pages = 2;
	lim->elem_segments = 3;
	lim->data_segments = 3;
	lim->locals = 8;
	lim->nesting = 4;
	lim->br_table = 4;
	lim->body_size = 256;
	lim->stack_height = 8;
	lim->name_length = 8;
}

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_validate: inconsistency: %s\n", what);
		abort();
	}
}

static void cross_check(const struct wasm_module *m)
{
	u32 i, n;

	n = wasm_module_num_exports(m);
	for (i = 0; i < n; i++) {
		const struct wasm_export *e = wasm_module_export(m, i);
		u8 kind = 0xff;
		u32 index = 0;

		check(e != NULL, "export i < num_exports is NULL");
		check(wasm_module_find_export(m, e->name, e->name_len, &kind,
					      &index) == 0,
		      "an export is not found by its name");
		check(kind == e->kind && index == e->index,
		      "find_export returns another export");
	}
	check(wasm_module_export(m, n) == NULL, "export past the end");
	n = wasm_module_num_funcs(m);
	for (i = 0; i < n; i++)
		check(wasm_module_func_type(m, i) != NULL,
		      "a function without a type");
	check(wasm_module_func_type(m, n) == NULL, "function past the end");
	n = wasm_module_num_imports(m);
	for (i = 0; i < n; i++)
		check(wasm_module_import(m, i) != NULL,
		      "import i < num_imports is NULL");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char logbuf[4096];
	struct wasm_module *m = NULL;
	struct wasm_limits lim;
	struct wasm_log log;
	struct wasm_log *logp = &log;
	u8 mode, *bytes;
	int err;

	if (size == 0 || size > UINT32_MAX)
		return 0;
	mode = data[0];

	/* An exact-size heap copy, so ASan sees any read past the end. */
	bytes = malloc(size);
	if (!bytes)
		return 0;
	memcpy(bytes, data, size);
	bytes[0] = 0x00;

	wasm_limits_default(&lim);
	memset(&log, 0, sizeof(log));
	log.buf = logbuf;
	log.size = sizeof(logbuf);
	logbuf[0] = 0;
	switch (mode) {
	case 1:
		wasm_limits_max(&lim);
		break;
	case 2:
		tiny_limits(&lim);
		break;
	case 3:
		log.size = 1;
		break;
	case 4:
		logp = NULL;
		break;
	}

	err = wasm_module_load(bytes, (u32)size, &lim, logp, &m);
	if (err == 0) {
		check(m != NULL, "success without a module");
		cross_check(m);
		wasm_module_free(m);
	} else {
		check(err < 0 && err >= -WASM_EUNSUPPORTED, "unknown error code");
		check(m == NULL, "failure with a module");
		check(wasm_strerror(err) != NULL, "no strerror");
		if (logp) {
			check(log.len < log.size, "log length past its buffer");
			check(logbuf[log.len] == 0, "log not NUL-terminated");
		}
	}
	free(bytes);
	return 0;
}
