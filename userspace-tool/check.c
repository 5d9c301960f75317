// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk check FILE.wasm: validate offline with the same engine the kernel
 * runs (linked from build/libwasmk-engine.a); no kernel needed.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "wasmk.h"

static const char *kind_name(u8 kind)
{
	switch (kind) {
	case WASM_EXTERN_FUNC: return "func";
	case WASM_EXTERN_TABLE: return "table";
	case WASM_EXTERN_MEMORY: return "memory";
	case WASM_EXTERN_GLOBAL: return "global";
	}
	return "?";
}

int cmd_check(int argc, char **argv)
{
	struct wasm_module *m = NULL;
	struct wasm_log log;
	char buf[4096];
	unsigned char *bytes;
	size_t len;
	u32 i, n;
	int ret;

	if (argc < 1)
		return missing_args("check");
	if (!strcmp(argv[0], "help")) {
		printf("Usage: wasmk check FILE.wasm\n"
		       "Decodes and validates FILE with the kernel's engine, offline.\n"
		       "Prints the reason (offset, function, what) when it is rejected.\n");
		return EXIT_OK;
	}
	if (argc > 1)
		return usage_err("check", "unexpected argument '%s'", argv[1]);
	bytes = read_file(argv[0], WASM_LIMIT_MODULE_SIZE_MAX, &len);
	if (!bytes)
		return EXIT_ERR;
	memset(&log, 0, sizeof(log));
	log.buf = buf;
	log.size = sizeof(buf);
	buf[0] = 0;
	ret = wasm_module_load(bytes, len, NULL, &log, &m);
	free(bytes);
	if (ret) {
		err("%s: %s: %s", argv[0], wasm_strerror(ret), buf);
		return EXIT_ERR;
	}
	n = wasm_module_num_exports(m);
	if (cli.json) {
		json_begin_obj(NULL);
		json_str("file", argv[0]);
		json_bool("valid", true);
		json_u64("funcs", wasm_module_num_funcs(m));
		json_u64("imports", wasm_module_num_imports(m));
		json_begin_arr("exports");
		for (i = 0; i < n; i++) {
			const struct wasm_export *e = wasm_module_export(m, i);
			char name[256];

			snprintf(name, sizeof(name), "%.*s", (int)e->name_len, e->name);
			json_begin_obj(NULL);
			json_str("name", name);
			json_str("kind", kind_name(e->kind));
			json_end_obj();
		}
		json_end_arr();
		json_end_obj();
		json_done();
	} else {
		printf("%s: valid: %u functions, %u imports, %u exports\n", argv[0],
		       wasm_module_num_funcs(m), wasm_module_num_imports(m), n);
		for (i = 0; i < n; i++) {
			const struct wasm_export *e = wasm_module_export(m, i);

			printf("  export %s %.*s\n", kind_name(e->kind), (int)e->name_len,
			       e->name);
		}
	}
	wasm_module_free(m);
	return EXIT_OK;
}
