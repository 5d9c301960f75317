// SPDX-License-Identifier: GPL-2.0
/*
 * Every limit of limits.h at its default value N (accepted) and at N + 1
 * (refused with WASM_ELIMIT and a message naming the limit), plus lowering
 * and clamping through struct wasm_limits.
 */
#include <time.h>
#include "unit.h"
#include "wasm_builder.h"

static struct load_res r;

/* Section id with a vector of n copies of elem. */
static void vec_section(struct wb *m, u8 id, u32 n, const void *elem, size_t len)
{
	struct wb s = WB_INIT;
	u32 i;

	wb_u32(&s, n);
	for (i = 0; i < n; i++)
		wb_bytes(&s, elem, len);
	wb_section(m, id, &s);
	wb_free(&s);
}

static int vec_module(u8 id, u32 n, const void *elem, size_t len,
		      const struct wasm_limits *lim)
{
	struct wb m = WB_INIT;
	int err;

	wb_header(&m);
	vec_section(&m, id, n, elem, len);
	err = wb_check(&m, lim, &r);
	wb_free(&m);
	return err;
}

#define AT_LIMIT(expr, msg) do {					\
	CHECK_EQ((expr), 0);						\
	CHECK_EQ(r.log[0], '\0');					\
} while (0)

#define OVER_LIMIT(expr, msg) do {					\
	CHECK_EQ((expr), -WASM_ELIMIT);					\
	CHECK_STR_CONTAINS(r.log, msg);					\
} while (0)

TEST(limit_defaults)
{
	struct wasm_limits lim, max;

	wasm_limits_default(&lim);
	wasm_limits_max(&max);
	CHECK_EQ(lim.module_size, 4u << 20);
	CHECK_EQ(lim.functions, 10000);
	CHECK_EQ(lim.locals, 50000);
	CHECK_EQ(lim.nesting, 1024);
	CHECK_EQ(lim.br_table, 65536);
	CHECK_EQ(max.module_size, 16u << 20);
	CHECK_EQ(max.memory_pages, 65536);
	CHECK(lim.types <= max.types && lim.params <= max.params &&
	      lim.results <= max.results && lim.functions <= max.functions &&
	      lim.imports <= max.imports && lim.exports <= max.exports &&
	      lim.globals <= max.globals && lim.tables <= max.tables &&
	      lim.table_size <= max.table_size && lim.memory_pages <= max.memory_pages &&
	      lim.elem_segments <= max.elem_segments &&
	      lim.data_segments <= max.data_segments && lim.locals <= max.locals &&
	      lim.nesting <= max.nesting && lim.br_table <= max.br_table &&
	      lim.body_size <= max.body_size && lim.stack_height <= max.stack_height &&
	      lim.name_length <= max.name_length);
}

TEST(limit_module_size)
{
	struct wb m = WB_INIT, s = WB_INIT;
	u32 n = WASM_LIMIT_MODULE_SIZE_DEFAULT;

	/* header + custom section (id, 4-byte size, name "x") filling n bytes */
	wb_header(&m);
	wb_str(&s, "x");
	while (m.len + 1 + 4 + s.len < n)
		wb_byte(&s, 0);
	CHECK_EQ(s.len, n - 8 - 5);
	wb_byte(&m, 0);
	wb_u32(&m, s.len);
	wb_bytes(&m, s.p, s.len);
	CHECK_EQ(m.len, n);
	AT_LIMIT(wb_check(&m, NULL, &r), "");
	wb_byte(&m, 0);
	OVER_LIMIT(wb_check(&m, NULL, &r), "module size too large (limit 4194304)");
	wb_free(&m);
	wb_free(&s);
}

TEST(limit_types)
{
	u32 n = WASM_LIMIT_TYPES_DEFAULT;

	AT_LIMIT(vec_module(1, n, "\x60\x00\x00", 3, NULL), "");
	OVER_LIMIT(vec_module(1, n + 1, "\x60\x00\x00", 3, NULL), "too many types (limit 10000)");
}

static int params_module(u32 np, u32 nr)
{
	struct wb m = WB_INIT, s = WB_INIT;
	u32 i;
	int err;

	wb_header(&m);
	wb_bytes(&s, "\x01\x60", 2);
	wb_u32(&s, np);
	for (i = 0; i < np; i++)
		wb_byte(&s, 0x7f);
	wb_u32(&s, nr);
	for (i = 0; i < nr; i++)
		wb_byte(&s, 0x7e);
	wb_section(&m, 1, &s);
	err = wb_check(&m, NULL, &r);
	wb_free(&m);
	wb_free(&s);
	return err;
}

TEST(limit_params_results)
{
	AT_LIMIT(params_module(WASM_LIMIT_PARAMS_DEFAULT, 0), "");
	OVER_LIMIT(params_module(WASM_LIMIT_PARAMS_DEFAULT + 1, 0), "too many params (limit 1000)");
	AT_LIMIT(params_module(0, WASM_LIMIT_RESULTS_DEFAULT), "");
	OVER_LIMIT(params_module(0, WASM_LIMIT_RESULTS_DEFAULT + 1),
		   "too many results (limit 1000)");
}

static int funcs_module(u32 nimp, u32 ndef, const struct wasm_limits *lim)
{
	struct wb m = WB_INIT, s = WB_INIT;
	u32 i;
	int err;

	wb_header(&m);
	wb_bytes(&s, "\x01\x60\x00\x00", 4);
	wb_section(&m, 1, &s);
	if (nimp) {
		wb_u32(&s, nimp);
		for (i = 0; i < nimp; i++) {
			wb_str(&s, "env");
			wb_str(&s, "f");
			wb_bytes(&s, "\x00\x00", 2);
		}
		wb_section(&m, 2, &s);
	}
	vec_section(&m, 3, ndef, "\x00", 1);
	vec_section(&m, 10, ndef, "\x02\x00\x0b", 3);
	err = wb_check(&m, lim, &r);
	wb_free(&m);
	wb_free(&s);
	return err;
}

TEST(limit_functions)
{
	u32 n = WASM_LIMIT_FUNCTIONS_DEFAULT;
	struct wasm_limits lim;

	AT_LIMIT(funcs_module(0, n, NULL), "");
	OVER_LIMIT(funcs_module(0, n + 1, NULL), "too many functions (limit 10000)");
	/* imported functions count too */
	AT_LIMIT(funcs_module(500, n - 500, NULL), "");
	OVER_LIMIT(funcs_module(500, n - 499, NULL), "too many functions (limit 10000)");
	/* lowered by the embedder */
	wasm_limits_default(&lim);
	lim.functions = 5;
	AT_LIMIT(funcs_module(0, 5, &lim), "");
	OVER_LIMIT(funcs_module(0, 6, &lim), "too many functions (limit 5)");
	OVER_LIMIT(funcs_module(6, 0, &lim), "too many functions (limit 5)");
}

TEST(limit_imports)
{
	u32 n = WASM_LIMIT_IMPORTS_DEFAULT;

	AT_LIMIT(funcs_module(n, 0, NULL), "");
	OVER_LIMIT(funcs_module(n + 1, 0, NULL), "too many imports (limit 1000)");
}

static int exports_module(u32 n)
{
	struct wb m = WB_INIT, s = WB_INIT;
	char name[16];
	u32 i;
	int err;

	wb_header(&m);
	wb_bytes(&s, "\x01\x60\x00\x00", 4);
	wb_section(&m, 1, &s);
	vec_section(&m, 3, 1, "\x00", 1);
	wb_u32(&s, n);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "e%u", i);
		wb_str(&s, name);
		wb_bytes(&s, "\x00\x00", 2);
	}
	wb_section(&m, 7, &s);
	vec_section(&m, 10, 1, "\x02\x00\x0b", 3);
	err = wb_check(&m, NULL, &r);
	wb_free(&m);
	wb_free(&s);
	return err;
}

TEST(limit_exports)
{
	AT_LIMIT(exports_module(WASM_LIMIT_EXPORTS_DEFAULT), "");
	OVER_LIMIT(exports_module(WASM_LIMIT_EXPORTS_DEFAULT + 1), "too many exports (limit 1000)");
}

TEST(limit_globals)
{
	u32 n = WASM_LIMIT_GLOBALS_DEFAULT;

	AT_LIMIT(vec_module(6, n, "\x7f\x00\x41\x00\x0b", 5, NULL), "");
	OVER_LIMIT(vec_module(6, n + 1, "\x7f\x00\x41\x00\x0b", 5, NULL),
		   "too many globals (limit 1000)");
}

TEST(limit_tables)
{
	u32 n = WASM_LIMIT_TABLES_DEFAULT;

	AT_LIMIT(vec_module(4, n, "\x70\x00\x00", 3, NULL), "");
	OVER_LIMIT(vec_module(4, n + 1, "\x70\x00\x00", 3, NULL), "too many tables (limit 100)");
}

static int table_min(u32 min)
{
	struct wb e = WB_INIT;
	int err;

	wb_bytes(&e, "\x70\x00", 2);
	wb_u32(&e, min);
	err = vec_module(4, 1, e.p, e.len, NULL);
	wb_free(&e);
	return err;
}

TEST(limit_table_size)
{
	AT_LIMIT(table_min(WASM_LIMIT_TABLE_SIZE_DEFAULT), "");
	OVER_LIMIT(table_min(WASM_LIMIT_TABLE_SIZE_DEFAULT + 1),
		   "table size too large (limit 100000)");
}

static int memory_min(u32 min)
{
	struct wb e = WB_INIT;
	int err;

	wb_bytes(&e, "\x00", 1);
	wb_u32(&e, min);
	err = vec_module(5, 1, e.p, e.len, NULL);
	wb_free(&e);
	return err;
}

TEST(limit_memory_pages)
{
	AT_LIMIT(memory_min(WASM_LIMIT_MEMORY_PAGES_DEFAULT), "");
	OVER_LIMIT(memory_min(WASM_LIMIT_MEMORY_PAGES_DEFAULT + 1),
		   "too many memory pages (limit 1024)");
	/* the spec's own bound comes first: 65537 pages is invalid */
	CHECK_EQ(memory_min(65537), -WASM_EINVALID);
}

TEST(limit_elem_segments)
{
	u32 n = WASM_LIMIT_ELEM_SEGMENTS_DEFAULT;

	AT_LIMIT(vec_module(9, n, "\x01\x00\x00", 3, NULL), "");
	OVER_LIMIT(vec_module(9, n + 1, "\x01\x00\x00", 3, NULL),
		   "too many element segments (limit 10000)");
}

TEST(limit_data_segments)
{
	u32 n = WASM_LIMIT_DATA_SEGMENTS_DEFAULT;

	AT_LIMIT(vec_module(11, n, "\x01\x00", 2, NULL), "");
	OVER_LIMIT(vec_module(11, n + 1, "\x01\x00", 2, NULL),
		   "too many data segments (limit 10000)");
	/* the data count section is checked too */
	/* (at the limit it only lacks its data section) */
	CHECK_EQ(vec_module(12, n, "", 0, NULL), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "data count and data section have inconsistent lengths");
	OVER_LIMIT(vec_module(12, n + 1, "", 0, NULL), "too many data segments (limit 10000)");
}

/* One function whose local declarations are the given (count, i32) runs. */
static int locals_module(const u64 *counts, u32 n, const struct wasm_limits *lim)
{
	struct wb m = WB_INIT, s = WB_INIT, body = WB_INIT;
	u32 i;
	int err;

	wb_header(&m);
	wb_bytes(&s, "\x01\x60\x00\x00", 4);
	wb_section(&m, 1, &s);
	vec_section(&m, 3, 1, "\x00", 1);
	wb_u32(&body, n);
	for (i = 0; i < n; i++) {
		wb_u32(&body, counts[i]);
		wb_byte(&body, 0x7f);
	}
	wb_byte(&body, 0x0b);
	wb_u32(&s, 1);
	wb_u32(&s, body.len);
	wb_bytes(&s, body.p, body.len);
	wb_section(&m, 10, &s);
	err = wb_check(&m, lim, &r);
	wb_free(&m);
	wb_free(&s);
	wb_free(&body);
	return err;
}

TEST(limit_locals)
{
	static const u64 at[] = { 50000 }, over[] = { 50001 };
	static const u64 split_at[] = { 25000, 0, 25000 }, split_over[] = { 25000, 25001 };
	struct wasm_limits lim;

	AT_LIMIT(locals_module(at, 1, NULL), "");
	OVER_LIMIT(locals_module(over, 1, NULL), "too many locals (limit 50000)");
	AT_LIMIT(locals_module(split_at, 3, NULL), "");
	OVER_LIMIT(locals_module(split_over, 2, NULL), "too many locals (limit 50000)");
	/* an embedder asking for more than the hard cap gets the hard cap */
	wasm_limits_default(&lim);
	lim.locals = 1000000000;
	OVER_LIMIT(locals_module(over, 1, &lim), "too many locals (limit 50000)");
	lim.locals = 10;
	OVER_LIMIT(locals_module(at, 1, &lim), "too many locals (limit 10)");
}

TEST(limit_locals_huge_is_o1)
{
	/* 2^32 - 1 locals, then twice 2^31: refused before anything is expanded */
	static const u64 huge[] = { 0xffffffffu };
	static const u64 two[] = { 0x80000000u, 0x80000000u };
	static const u64 many[] = { 1, 0xffffffffu, 0xffffffffu };
	struct timespec t0, t1;
	double ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	OVER_LIMIT(locals_module(huge, 1, NULL), "too many locals (limit 50000)");
	OVER_LIMIT(locals_module(two, 2, NULL), "too many locals (limit 50000)");
	OVER_LIMIT(locals_module(many, 3, NULL), "too many locals (limit 50000)");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	CHECK(ms < 100);
}

static int nested_module(u32 depth)
{
	struct wb body = WB_INIT;
	struct wb m = WB_INIT;
	u32 i;
	int err;

	wb_byte(&body, 0);
	for (i = 0; i < depth; i++)
		wb_bytes(&body, "\x02\x40", 2);
	for (i = 0; i < depth; i++)
		wb_byte(&body, 0x0b);
	wb_byte(&body, 0x0b);
	wb_func_module(&m, T_VOID, sizeof(T_VOID) - 1, false, body.p, body.len);
	err = wb_load_lim(&m, NULL, &r);
	if (!err)
		CHECK_EQ(r.m->funcs[0].max_depth, depth);
	wasm_module_free(r.m);
	wb_free(&m);
	wb_free(&body);
	return err;
}

TEST(limit_nesting)
{
	AT_LIMIT(nested_module(WASM_LIMIT_NESTING_DEFAULT), "");
	OVER_LIMIT(nested_module(WASM_LIMIT_NESTING_DEFAULT + 1),
		   "nesting depth too large (limit 1024)");
}

static int br_table_module(u32 n)
{
	struct wb body = WB_INIT, m = WB_INIT;
	u32 i;
	int err;

	wb_bytes(&body, "\x00\x02\x40\x41\x00\x0e", 6);
	wb_u32(&body, n);
	for (i = 0; i < n; i++)
		wb_byte(&body, i & 1);
	wb_bytes(&body, "\x00\x0b\x0b", 3);
	wb_func_module(&m, T_VOID, sizeof(T_VOID) - 1, false, body.p, body.len);
	err = wb_check(&m, NULL, &r);
	wb_free(&m);
	wb_free(&body);
	return err;
}

TEST(limit_br_table)
{
	AT_LIMIT(br_table_module(WASM_LIMIT_BR_TABLE_DEFAULT), "");
	OVER_LIMIT(br_table_module(WASM_LIMIT_BR_TABLE_DEFAULT + 1),
		   "too many br_table entries (limit 65536)");
}

static int body_size_module(u32 size)
{
	struct wb body = WB_INIT, m = WB_INIT;
	int err;

	wb_byte(&body, 0);
	while (body.len < size - 1)
		wb_byte(&body, 0x01);		/* nop */
	wb_byte(&body, 0x0b);
	wb_func_module(&m, T_VOID, sizeof(T_VOID) - 1, false, body.p, body.len);
	err = wb_check(&m, NULL, &r);
	wb_free(&m);
	wb_free(&body);
	return err;
}

TEST(limit_body_size)
{
	AT_LIMIT(body_size_module(WASM_LIMIT_BODY_SIZE_DEFAULT), "");
	OVER_LIMIT(body_size_module(WASM_LIMIT_BODY_SIZE_DEFAULT + 1),
		   "function body size too large (limit 1048576)");
}

static int stack_module(u32 height)
{
	struct wb body = WB_INIT, m = WB_INIT;
	u32 i;
	int err;

	wb_byte(&body, 0);
	for (i = 0; i < height; i++)
		wb_bytes(&body, "\x41\x00", 2);
	for (i = 0; i < height; i++)
		wb_byte(&body, 0x1a);
	wb_byte(&body, 0x0b);
	wb_func_module(&m, T_VOID, sizeof(T_VOID) - 1, false, body.p, body.len);
	err = wb_load_lim(&m, NULL, &r);
	if (!err)
		CHECK_EQ(r.m->funcs[0].max_stack, height);
	wasm_module_free(r.m);
	wb_free(&m);
	wb_free(&body);
	return err;
}

TEST(limit_stack_height)
{
	AT_LIMIT(stack_module(WASM_LIMIT_STACK_HEIGHT_DEFAULT), "");
	OVER_LIMIT(stack_module(WASM_LIMIT_STACK_HEIGHT_DEFAULT + 1),
		   "operand stack height too large (limit 65536)");
}

static int name_module(u32 len, bool import)
{
	struct wb m = WB_INIT, s = WB_INIT;
	char *name = malloc(len + 1);
	int err;

	memset(name, 'n', len);
	wb_header(&m);
	if (import) {
		wb_u32(&s, 1);
		wb_name(&s, name, len);
		wb_str(&s, "x");
		wb_bytes(&s, "\x02\x00\x00", 3);	/* memory */
		wb_section(&m, 2, &s);
	} else {
		wb_bytes(&s, "\x01\x00\x00", 3);
		wb_section(&m, 5, &s);
		wb_u32(&s, 1);
		wb_name(&s, name, len);
		wb_bytes(&s, "\x02\x00", 2);
		wb_section(&m, 7, &s);
	}
	err = wb_check(&m, NULL, &r);
	free(name);
	wb_free(&m);
	wb_free(&s);
	return err;
}

TEST(limit_name_length)
{
	u32 n = WASM_LIMIT_NAME_LENGTH_DEFAULT;

	AT_LIMIT(name_module(n, true), "");
	OVER_LIMIT(name_module(n + 1, true), "name length too large (limit 1024)");
	AT_LIMIT(name_module(n, false), "");
	OVER_LIMIT(name_module(n + 1, false), "name length too large (limit 1024)");
}

TEST(limit_raised_to_hard_cap)
{
	struct wasm_limits lim;

	wasm_limits_default(&lim);
	lim.nesting = WASM_LIMIT_NESTING_MAX;
	lim.functions = 0xffffffff;			/* clamped to the cap */
	CHECK_EQ(funcs_module(0, WASM_LIMIT_FUNCTIONS_DEFAULT + 1, &lim), 0);
}
