/* SPDX-License-Identifier: GPL-2.0 */
/*
 * engine.h - the wasmk engine API (decoder + validator; later the compiler,
 * interpreter and runtime hang off the same struct wasm_module).
 *
 * wasm_module_load() decodes and fully validates a Wasm 2.0 core binary
 * (without SIMD) in time and memory linear in its size, never recursing on
 * input-controlled depth.  On success the module owns a private copy of the
 * bytes; every pointer in struct wasm_module points into that copy or into
 * arrays owned by the module, and stays valid until wasm_module_free().
 *
 * On failure it returns -WASM_E* and appends one line to the caller's log:
 *   "func 3 (parse_ipv4) @0x1a2: type mismatch: i32.add expects [i32 i32], got [i32 i64]"
 *   "section code @0x1a2: function and code section have inconsistent lengths"
 * Offsets are byte offsets into the module binary.
 */
#ifndef WASMK_ENGINE_H
#define WASMK_ENGINE_H

#include "platform.h"
#include "limits.h"
#include "opcodes.h"

enum wasm_err {			/* stable codes; functions return 0 or -code */
	WASM_OK = 0,
	WASM_EMALFORMED = 1,	/* binary decoding failed (spec: malformed) */
	WASM_EINVALID = 2,	/* validation failed (spec: invalid) */
	WASM_ELIMIT = 3,	/* a wasmk limit was exceeded */
	WASM_ENOMEM = 4,
	WASM_EUNSUPPORTED = 5,	/* valid Wasm using a feature wasmk lacks (SIMD) */
};

/* "malformed module", ...; accepts err or -err. */
const char *wasm_strerror(int err);

/*
 * Caller-supplied log buffer, appended to like the BPF verifier log.
 * buf may be NULL or size 0 (nothing is written).  Otherwise buf is always
 * NUL-terminated, len is the string length, and truncated is set when a
 * message did not fit.
 */
struct wasm_log {
	char *buf;
	u32 size;
	u32 len;
	bool truncated;
};

/*
 * One u32 per limit of limits.h (see there for meaning and defaults).
 * Values above a hard cap are clamped to it.
 */
struct wasm_limits {
	u32 module_size;
	u32 types;
	u32 params;
	u32 results;
	u32 functions;
	u32 imports;
	u32 exports;
	u32 globals;
	u32 tables;
	u32 table_size;
	u32 memory_pages;
	u32 elem_segments;
	u32 data_segments;
	u32 locals;
	u32 nesting;
	u32 br_table;
	u32 body_size;
	u32 stack_height;
	u32 name_length;
};

/* Fill *lim with the defaults of limits.h. */
void wasm_limits_default(struct wasm_limits *lim);
/* Fill *lim with the hard caps of limits.h (the most permissive setting). */
void wasm_limits_max(struct wasm_limits *lim);

/* Extern kinds (import/export descriptors). */
enum wasm_extern_kind {
	WASM_EXTERN_FUNC = 0,
	WASM_EXTERN_TABLE = 1,
	WASM_EXTERN_MEMORY = 2,
	WASM_EXTERN_GLOBAL = 3,
};

struct wasm_functype {
	const u8 *params;	/* nparams value-type bytes (WASM_TYPE_*) */
	const u8 *results;	/* nresults value-type bytes */
	u32 nparams;
	u32 nresults;
	bool has_float;		/* an f32/f64 among params or results */
};

struct wasm_limits_pair {	/* table/memory limits */
	u32 min;
	u32 max;		/* valid when has_max */
	bool has_max;
};

enum wasm_const_kind {
	WASM_CONST_I32,		/* value in bits (sign-extended s32 as u64) */
	WASM_CONST_I64,
	WASM_CONST_F32,		/* raw IEEE bits in the low 32 bits */
	WASM_CONST_F64,		/* raw IEEE bits */
	WASM_CONST_REF_NULL,
	WASM_CONST_REF_FUNC,	/* index = function index */
	WASM_CONST_GLOBAL_GET,	/* index = (imported) global index */
};

/* A validated constant expression (exactly one instruction in Wasm 2.0). */
struct wasm_const_expr {
	u64 bits;
	u32 index;
	u8 kind;		/* enum wasm_const_kind */
	u8 type;		/* its value type */
};

struct wasm_import {
	const char *module;
	const char *name;
	u32 module_len;
	u32 name_len;
	u8 kind;		/* enum wasm_extern_kind */
	u32 index;		/* index in the function/table/memory/global space */
};

struct wasm_export {
	const char *name;
	u32 name_len;
	u8 kind;		/* enum wasm_extern_kind */
	u32 index;
};

/* Per-function facts, computed by the validator for the compiler. */
#define WASM_FN_FLOAT		0x001	/* f32/f64 values or instructions */
#define WASM_FN_MEMORY		0x002	/* loads, stores, memory.* */
#define WASM_FN_CALL		0x004	/* call */
#define WASM_FN_CALL_INDIRECT	0x008	/* call_indirect */
#define WASM_FN_LOOP		0x010	/* loop (back edges: fuel checks) */
#define WASM_FN_MEMORY_GROW	0x020	/* memory.grow */
#define WASM_FN_TABLE		0x040	/* table.* and elem.drop */
#define WASM_FN_BULK_MEMORY	0x080	/* memory.copy/fill/init, data.drop */
#define WASM_FN_GLOBAL_SET	0x100	/* global.set */
#define WASM_FN_BR_TABLE	0x200	/* br_table */

/*
 * The side table: what the validator learnt about a function's control
 * flow, for every pass after it (the interpreter's pre-decoder, the JIT),
 * which read it instead of deriving it again, as the BPF verifier's
 * insn_aux_data serves the passes after it.  One entry per control
 * instruction (every CTRL of opcode_list.h but nop), in code order,
 * after entry 0, which stands for the function body; iter.h's iterator
 * finds them.  The fuel runs of
 * runtime.h are computed here and nowhere else.
 */
struct wasm_side {
	/*
	 * Operand-stack height (values above the locals): block/loop/if and
	 * entry 0, the label's height (below the params, after the if's
	 * condition); br_if, br_table, the height at the branch (condition
	 * or index popped); the others, before the instruction.
	 */
	u32 height;
	u32 cost;	/* the fuel run starting right after it (entry 0: at entry); 0: none */
	u32 block;	/* the innermost block/loop/if around it (else, end: theirs) */
	/*
	 * br, br_if: the target block's entry (0: the function body);
	 * br_table: the index of its first target in module->side_labels
	 * (count + 1 of them, default last); block/loop/if: its end's entry.
	 */
	u32 target;
	u16 arity;	/* a label's arity (loop: params, else results): of the block
			 * opened (block/loop/if, entry 0), or of the target (branches)
			 */
	u8 op;		/* the opcode (entry 0: WASM_OP_BLOCK) */
	u8 flags;	/* WASM_SIDE_* */
};

/*
 * Reachability, in two strengths.  DEAD: unreachable as the spec's
 * validation has it (after unreachable, br, br_table, return, up to the
 * else or end; blocks opened there stay so): the interpreter drops that
 * code.  UNREACHED: no path at all leads there (also the code after an
 * end that nothing branches to or falls into): the JIT compiles nothing
 * for it.  DEAD implies UNREACHED.  NEXT_*: the same for the code right
 * after the instruction.
 */
#define WASM_SIDE_DEAD			0x01
#define WASM_SIDE_UNREACHED		0x02
#define WASM_SIDE_NEXT_DEAD		0x04
#define WASM_SIDE_NEXT_UNREACHED	0x08

struct wasm_local_run {		/* declared locals: count locals of type */
	u32 first;		/* local index of the first (params come first) */
	u32 count;
	u8 type;
};

struct wasm_func {
	u32 type;		/* type index */
	bool imported;
	/* Defined functions only (imported: all zero): */
	u32 body_start;		/* offset of the size-prefixed code entry */
	u32 code_start;		/* offset of the first instruction */
	u32 code_end;		/* offset just past the final end (0x0b) */
	u32 nlocals;		/* declared locals, params not included */
	u32 run_first;		/* index into module->local_runs */
	u32 nruns;
	/* Validator output: */
	u32 max_stack;		/* max operand-stack height, in values */
	u32 max_depth;		/* max nesting of block/loop/if (body = 0) */
	u32 max_live;		/* max operand-stack height outside DEAD code */
	u32 flags;		/* WASM_FN_* */
	u32 side_first;		/* its side table: module->side[side_first ...] */
	u32 nside;		/* entries (at least 1: the body) */
};

struct wasm_table {
	u8 type;		/* WASM_TYPE_FUNCREF or WASM_TYPE_EXTERNREF */
	bool imported;
	struct wasm_limits_pair lim;
};

struct wasm_memory {
	bool imported;
	struct wasm_limits_pair lim;	/* in 64 KiB pages */
};

struct wasm_global {
	u8 type;
	bool mut;
	bool imported;
	struct wasm_const_expr init;	/* defined globals only */
};

enum wasm_seg_mode {
	WASM_SEG_ACTIVE,
	WASM_SEG_PASSIVE,
	WASM_SEG_DECLARATIVE,	/* element segments only */
};

/* Element items: a function index, or one of: */
#define WASM_ELEM_NULL		0xffffffffu	/* ref.null */
#define WASM_ELEM_GLOBAL	0x80000000u	/* | global index: global.get */

struct wasm_elem {
	u8 mode;		/* enum wasm_seg_mode */
	u8 type;		/* reference type */
	u32 table;		/* active only */
	struct wasm_const_expr offset;	/* active only */
	u32 count;
	const u32 *items;	/* count items, see WASM_ELEM_* */
};

struct wasm_data {
	u8 mode;		/* WASM_SEG_ACTIVE or WASM_SEG_PASSIVE */
	u32 memory;
	struct wasm_const_expr offset;	/* active only */
	u32 len;
	const u8 *bytes;
};

/* Module-wide flags. */
#define WASM_MOD_FLOAT		0x1	/* some function, global or signature uses floats */

struct wasm_module {
	u8 *bytes;		/* private copy of the binary */
	u32 len;

	u32 ntypes;
	struct wasm_functype *types;

	u32 nimports;
	struct wasm_import *imports;

	u32 nfuncs;		/* imported first, then defined */
	u32 nimported_funcs;
	struct wasm_func *funcs;

	u32 ntables;
	u32 nimported_tables;
	struct wasm_table *tables;

	u32 nmemories;		/* 0 or 1 */
	struct wasm_memory memory;

	u32 nglobals;
	u32 nimported_globals;
	struct wasm_global *globals;

	u32 nexports;
	struct wasm_export *exports;
	u32 *export_order;	/* export indices sorted by name */

	bool has_start;
	u32 start;

	u32 nelems;
	struct wasm_elem *elems;
	u32 *elem_items;

	bool has_datacount;
	u32 datacount;
	u32 ndatas;
	struct wasm_data *datas;

	u32 nlocal_runs;
	struct wasm_local_run *local_runs;

	u32 nside;		/* the side tables of all defined functions */
	struct wasm_side *side;
	u32 nside_labels;	/* br_table targets (entry indexes) */
	u32 *side_labels;

	u32 fnames_off;		/* "name" section function-name map, if any */
	u32 fnames_len;

	u32 flags;		/* WASM_MOD_* */
};

/*
 * Decode and validate a module.  lim == NULL means defaults; log may be
 * NULL.  Returns 0 and *out on success, else -WASM_E* and *out = NULL.
 * May sleep (allocates with GFP_KERNEL in the kernel).
 */
int wasm_module_load(const u8 *bytes, u32 len, const struct wasm_limits *lim,
		     struct wasm_log *log, struct wasm_module **out);
void wasm_module_free(struct wasm_module *m);

/* Find an export by name; 0 or -WASM_EINVALID when absent. */
int wasm_module_find_export(const struct wasm_module *m, const char *name,
			    u32 name_len, u8 *kind, u32 *index);

/* Accessors for embedders. */
u32 wasm_module_num_funcs(const struct wasm_module *m);
u32 wasm_module_num_imports(const struct wasm_module *m);
u32 wasm_module_num_exports(const struct wasm_module *m);
const struct wasm_export *wasm_module_export(const struct wasm_module *m, u32 i);
const struct wasm_import *wasm_module_import(const struct wasm_module *m, u32 i);
/* Type of function funcidx, NULL when out of range. */
const struct wasm_functype *wasm_module_func_type(const struct wasm_module *m, u32 funcidx);
bool wasm_module_uses_float(const struct wasm_module *m);
/* false when the module has no memory. */
bool wasm_module_memory_limits(const struct wasm_module *m, u32 *min_pages, u32 *max_pages,
			       bool *has_max);
/* Name of a function from the "name" section (valid UTF-8), if present. */
bool wasm_module_func_name(const struct wasm_module *m, u32 funcidx, const char **name,
			   u32 *len);

/* Append a formatted line to a log (used by the engine; handy for embedders). */
__printf(2, 3) void wasm_log_printf(struct wasm_log *log, const char *fmt, ...);

#endif /* WASMK_ENGINE_H */
