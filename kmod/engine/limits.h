/* SPDX-License-Identifier: GPL-2.0 */
/*
 * limits.h - every wasmk engine limit, in one place.
 *
 * Each limit has a default (what wasm_limits_default() fills in) and a hard
 * cap.  An embedder may set any value up to the hard cap in a struct
 * wasm_limits (engine.h); larger values are clamped to the hard cap.
 * Exceeding a limit makes wasm_module_load() fail with WASM_ELIMIT and a
 * log line naming the limit, e.g. "too many functions (limit 10000)".
 *
 * The hard caps keep every allocation the validator makes bounded and every
 * size computation far away from u32 overflow.
 *
 *  limit                    default        hard cap   counts
 *  module_size              4 MiB          16 MiB     bytes of the binary
 *  types                    10000          100000     entries in the type section
 *  params                   1000           1000       parameters of one function type
 *  results                  1000           1000       results of one function type
 *  functions                10000          100000     imported + defined functions
 *  imports                  1000           100000     imports of all kinds
 *  exports                  1000           100000     exports
 *  globals                  1000           100000     imported + defined globals
 *  tables                   100            10000      imported + defined tables
 *  table_size               100000         10000000   initial (minimum) size of a table
 *  memory_pages             1024 (64 MiB)  65536      initial (minimum) memory pages
 *  elem_segments            10000          100000     element segments
 *  data_segments            10000          100000     data segments
 *  locals                   50000          50000      declared locals of one function
 *  nesting                  1024           16384      nested blocks/loops/ifs in a body
 *  br_table                 65536          1000000    label entries of one br_table
 *  body_size                1 MiB          16 MiB     bytes of one function body
 *  stack_height             65536          1048576    operand-stack values of one body
 *  name_length              1024           65536      bytes of an import/export name
 *  jit_code (fixed)         16 MiB         16 MiB     bytes of one instance's JIT image
 *
 * Table and memory maxima are not limited here (the spec allows any
 * 32-bit table maximum and 65536 memory pages); the instance caps growth
 * at the same limits at run time.
 */
#ifndef WASMK_LIMITS_H
#define WASMK_LIMITS_H

#define WASM_LIMIT_MODULE_SIZE_DEFAULT		(4u << 20)
#define WASM_LIMIT_MODULE_SIZE_MAX		(16u << 20)
#define WASM_LIMIT_TYPES_DEFAULT		10000u
#define WASM_LIMIT_TYPES_MAX			100000u
#define WASM_LIMIT_PARAMS_DEFAULT		1000u
#define WASM_LIMIT_PARAMS_MAX			1000u
#define WASM_LIMIT_RESULTS_DEFAULT		1000u
#define WASM_LIMIT_RESULTS_MAX			1000u
#define WASM_LIMIT_FUNCTIONS_DEFAULT		10000u
#define WASM_LIMIT_FUNCTIONS_MAX		100000u
#define WASM_LIMIT_IMPORTS_DEFAULT		1000u
#define WASM_LIMIT_IMPORTS_MAX			100000u
#define WASM_LIMIT_EXPORTS_DEFAULT		1000u
#define WASM_LIMIT_EXPORTS_MAX			100000u
#define WASM_LIMIT_GLOBALS_DEFAULT		1000u
#define WASM_LIMIT_GLOBALS_MAX			100000u
#define WASM_LIMIT_TABLES_DEFAULT		100u
#define WASM_LIMIT_TABLES_MAX			10000u
#define WASM_LIMIT_TABLE_SIZE_DEFAULT		100000u
#define WASM_LIMIT_TABLE_SIZE_MAX		10000000u
#define WASM_LIMIT_MEMORY_PAGES_DEFAULT		1024u
#define WASM_LIMIT_MEMORY_PAGES_MAX		65536u
#define WASM_LIMIT_ELEM_SEGMENTS_DEFAULT	10000u
#define WASM_LIMIT_ELEM_SEGMENTS_MAX		100000u
#define WASM_LIMIT_DATA_SEGMENTS_DEFAULT	10000u
#define WASM_LIMIT_DATA_SEGMENTS_MAX		100000u
#define WASM_LIMIT_LOCALS_DEFAULT		50000u
#define WASM_LIMIT_LOCALS_MAX			50000u
#define WASM_LIMIT_NESTING_DEFAULT		1024u
#define WASM_LIMIT_NESTING_MAX			16384u
#define WASM_LIMIT_BR_TABLE_DEFAULT		65536u
#define WASM_LIMIT_BR_TABLE_MAX			1000000u
#define WASM_LIMIT_BODY_SIZE_DEFAULT		(1u << 20)
#define WASM_LIMIT_BODY_SIZE_MAX		(16u << 20)
#define WASM_LIMIT_STACK_HEIGHT_DEFAULT		65536u
#define WASM_LIMIT_STACK_HEIGHT_MAX		1048576u
#define WASM_LIMIT_NAME_LENGTH_DEFAULT		1024u
#define WASM_LIMIT_NAME_LENGTH_MAX		65536u
/* Machine code of one JIT image (wasm_jit_compile() fails with ELIMIT). */
#define WASM_LIMIT_JIT_CODE_MAX			(16u << 20)

#endif /* WASMK_LIMITS_H */
