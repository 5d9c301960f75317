/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runtime.h - wasmk runtime: stores, instances, invoke, traps, fuel.
 *
 * The decoder/validator (engine.h) produce a struct wasm_module; this header
 * turns one into a running instance:
 *
 *	store = wasm_store_new();
 *	wasm_instantiate(store, module, &opts, log, &inst);
 *	wasm_invoke_export(inst, "run", slots, &iopts, &res);
 *	wasm_instance_free(inst);
 *	wasm_store_free(store);
 *
 * Two tiers execute code: the portable interpreter (interp.c, always there)
 * and the x86-64 JIT (jit_*.c, jit.h).  Both follow the contract below
 * exactly: same values, same traps, same fuel.
 *
 * VALUES.  Every Wasm value is one 8-byte slot (union wasm_value / u64).
 * i32 and f32 live in the low 32 bits (upper bits unspecified on the
 * stack; zero in results and globals), floats are raw IEEE bits, a funcref
 * is (u64)(uintptr_t) of a struct wasm_funcinst * (0 = null), an externref
 * an opaque host u64 (0 = null).
 *
 * FUEL.  The unit is one Wasm instruction (every opcode counts 1, including
 * block, nop, else and end).  A function body is cut into RUNS: a run starts
 * at function entry and right after each run terminator, which are
 *
 *	loop  if  else  end  br  br_if  br_table  return  call
 *	call_indirect  unreachable
 *
 * (a run includes its terminator; block is NOT a terminator).  Whenever
 * control enters a run - function entry, fallthrough, a taken or untaken
 * branch, the untaken side of an if, the return from a call into the run
 * after the call - the run's whole instruction count is charged at once:
 * if fuel < cost the invocation traps WASM_TRAP_FUEL (fuel unchanged),
 * else fuel -= cost.  A trap in the middle of a run therefore still pays
 * the whole run.  Branch targets are always run starts (after a loop, after
 * an end, after an else), so the cost of each run is a compile-time
 * constant.  Example: (func (loop $l (br_if $l (local.get 0)))) with
 * local 0 = 1 runs forever: function entry charges the run [loop] = 1,
 * each iteration charges [local.get br_if] = 2.  With local 0 = 0 the
 * total is [loop] 1 + [local.get br_if] 2 + [end] 1 + [end] 1 = 5 (each
 * end is a run of its own here).  fuel_used after a FUEL trap is the sum
 * of the runs that were paid.
 *
 * WORK.  What costs more the more it touches pays for it, so that a unit
 * of fuel bounds time whatever the code does (bench/README.md has the
 * measured ns per unit of each class):
 *	- a function's entry run also pays wasm_fuel_locals(declared
 *	  locals): the prologue zeroes them;
 *	- memory.fill, memory.copy, memory.init pay wasm_fuel_bytes(n),
 *	  table.fill, table.copy, table.init, table.grow wasm_fuel_elems(n),
 *	  charged by the runtime helper once the operands are in bounds
 *	  (an out-of-bounds operation traps OOB and pays nothing more), before
 *	  anything is touched;
 *	- a host function pays its declared base cost (struct wasm_host_func
 *	  .fuel) before it is called, and whatever it charges itself with
 *	  wasm_fuel_charge() for the bytes it copies.
 * Each charge follows the run rule: not enough fuel traps FUEL with fuel
 * unchanged.
 *
 * CHUNKS AND THE DEADLINE.  With a time budget (wasm_invoke_opts.time_ns)
 * the budget is handed to the code in chunks (inst->fuel holds at most
 * opts.fuel_chunk; the rest waits in inst->budget->reserve).  When a run's
 * cost exceeds what is left of the chunk, the code calls out of its hot
 * path to wasm_rt_fuel_refill(), which moves the next chunk in - or, once
 * the reserve is gone, lets the FUEL trap happen exactly as without chunks
 * - and reads the clock: the first refill starts the deadline, a later one
 * past it traps WASM_TRAP_DEADLINE.  So a run that stays within its first
 * chunk never reads a clock, fuel accounting is the same with or without
 * chunks, and no run outlives its deadline by more than one chunk.
 *
 * STACK.  stack_bytes (invoke options) bounds the Wasm call depth: the
 * interpreter keeps its frames and values in an instance-owned buffer of
 * that size, the JIT compares rsp against inst->stack_limit (set by invoke
 * to the current sp - stack_bytes) in every prologue.  Exceeding either is
 * WASM_TRAP_STACK, never an overflow.
 *
 * REENTRANCY.  An instance runs one invocation at a time (a host function
 * may invoke a different instance, not the one calling it: -WASM_EBUSY).
 * Instances of one store may be used by one thread at a time.
 */
#ifndef WASMK_RUNTIME_H
#define WASMK_RUNTIME_H

#include "engine.h"

/* Runtime error codes (returned as -code), beyond enum wasm_err. */
enum wasm_rt_err {
	WASM_ELINK = 16,	/* unknown import or incompatible import type */
	WASM_ETRAP = 17,	/* the start function or a segment init trapped */
	WASM_EBUSY = 18,	/* instance already running (re-entered) */
	WASM_ENOTFOUND = 19,	/* no such export / function index */
	WASM_ENOJIT = 20,	/* JIT tier requested but not compiled */
};

/* Like wasm_strerror() but also knows enum wasm_rt_err. */
const char *wasm_rt_strerror(int err);

/* Trap codes: stable, positive, distinct.  0 = no trap. */
enum wasm_trap {
	WASM_TRAP_NONE = 0,
	WASM_TRAP_UNREACHABLE = 1,	/* "unreachable" */
	WASM_TRAP_MEM_OOB = 2,		/* "out of bounds memory access" */
	WASM_TRAP_DIV_ZERO = 3,		/* "integer divide by zero" */
	WASM_TRAP_INT_OVERFLOW = 4,	/* "integer overflow" */
	WASM_TRAP_INVALID_CONV = 5,	/* "invalid conversion to integer" */
	WASM_TRAP_UNDEFINED_ELEM = 6,	/* "undefined element" */
	WASM_TRAP_UNINIT_ELEM = 7,	/* "uninitialized element" */
	WASM_TRAP_INDIRECT_TYPE = 8,	/* "indirect call type mismatch" */
	WASM_TRAP_TABLE_OOB = 9,	/* "out of bounds table access" */
	WASM_TRAP_STACK = 10,		/* "call stack exhausted" */
	WASM_TRAP_FUEL = 11,		/* "fuel exhausted" */
	WASM_TRAP_HOST = 12,		/* "host function failed" */
	WASM_TRAP_DEADLINE = 13,	/* "run time limit exceeded" */
	WASM_TRAP_COUNT
};

/* The spec's message for a trap code ("unknown trap" if out of range). */
const char *wasm_trap_str(int trap);

union wasm_value {
	u32 i32;
	u64 i64;
	u32 f32;		/* raw IEEE bits */
	u64 f64;		/* raw IEEE bits */
	u64 ref;
	u64 bits;
};

#define WASM_PAGE_SIZE		65536u
#define WASM_MAX_PAGES		65536u
#define WASM_STACK_DEFAULT	(256u << 10)	/* interpreter, bytes */
#define WASM_FUEL_UNLIMITED	((u64)0x7fffffffffffffffull)
/*
 * Work per fuel unit (see WORK above): one unit per 4 bytes of memory
 * touched, two per table entry (8 bytes), one per declared local zeroed.
 * Chosen by measurement (bench/README.md, "Fuel per unit of work"): with
 * it the dearest class stays within 20x a plain loop's ns per unit,
 * natively and emulated (where rep movsb/stosb moves a byte at a time).
 */
#define WASM_FUEL_BYTES_SHIFT	2	/* 4 bytes per unit */
#define WASM_FUEL_CHUNK_DEFAULT	8192u	/* fuel per chunk with a time budget */

static inline u64 wasm_fuel_bytes(u64 n)
{
	return n >> WASM_FUEL_BYTES_SHIFT;
}

/* Table entries (8 bytes each: references). */
static inline u64 wasm_fuel_elems(u64 n)
{
	return wasm_fuel_bytes(8 * n);
}

/* Declared locals a call zeroes (one 8-byte store each). */
static inline u64 wasm_fuel_locals(u64 n)
{
	return n;
}

struct wasm_store;
struct wasm_instance;

/*
 * Host functions.  args_results has max(nparams, nresults) slots: the
 * arguments in 0..nparams-1, the function writes results to 0..nresults-1.
 * Returns 0 or a WASM_TRAP_* code (any other non-zero is WASM_TRAP_HOST).
 * inst is the calling instance (NULL when invoked directly by the
 * embedder).  Host functions are called with preemption as the caller has
 * it (in the kernel: atomic); they must not sleep.
 */
typedef int (*wasm_host_fn)(struct wasm_instance *inst, void *data, u64 *args_results);

struct wasm_host_func {
	const char *module;
	const char *name;
	const u8 *params;	/* WASM_TYPE_* bytes */
	const u8 *results;
	u32 nparams;
	u32 nresults;
	wasm_host_fn fn;
	void *data;
	u32 fuel;		/* base cost of a call, beyond the call instruction */
};

/* A function instance (Wasm-defined or host).  Layout used by the JIT. */
struct wasm_funcinst {
	const void *code;		/* JIT entry, or NULL */
	struct wasm_instance *inst;	/* owner (NULL for host functions) */
	u32 type_id;			/* canonical type id in the store */
	u32 index;			/* function index in the owner's module */
	const struct wasm_host_func *host;	/* non-NULL: host function */
	void *interp;			/* interpreter's pre-decoded code */
	u32 nslots;			/* defined: max(params, results) */
	/*
	 * Defined: bit i set when parameter i is i32/f32 (zero-extended in
	 * its slot by wasm_invoke()); zext_loop: more than 64 parameters,
	 * the type is walked instead.
	 */
	u64 zext;
	bool zext_loop;
	/*
	 * JIT (set with code): the C entry running code with nslots
	 * argument/result slots, 0 or a trap code; an exported function's
	 * own (a direct call), else the image's generic one.
	 */
	int (*entry)(struct wasm_instance *inst, const void *code, u64 *slots, u64 nslots);
	/* JIT with a run configuration: the function's run entry (RUN ENTRIES), or NULL */
	void *run;
};

/*
 * Linear memory.  base never moves: the maximum (declared max capped by the
 * embedder) is reserved up front; growing only commits more of it.
 * Shared by every instance that imports it.
 */
struct wasm_meminst {
	u8 *base;		/* offset 0 */
	u64 size;		/* offset 8: bytes accessible = pages * 64 KiB */
	u32 pages;
	u32 max_pages;		/* growth limit: min(declared max, embedder cap) */
	u32 decl_max;		/* declared maximum (WASM_MAX_PAGES if none) */
	bool has_max;
	u64 reserved;		/* bytes reserved at base */
};

/*
 * Table.  elems may MOVE on table.grow: JIT code reloads it from the
 * tableinst at every access.  Entries are references (see VALUES).
 */
struct wasm_tableinst {
	u64 *elems;		/* offset 0 */
	u32 size;		/* offset 8 */
	u32 max;		/* growth limit: min(declared max, cap) */
	u8 type;		/* WASM_TYPE_FUNCREF / WASM_TYPE_EXTERNREF */
	bool has_max;
	u32 decl_max;
	u32 cap;		/* allocated entries */
};

/* Global: value first, so a u64 * to the cell is a struct wasm_globalinst *. */
struct wasm_globalinst {
	u64 value;
	u8 type;
	bool mut;
};

/*
 * An exported/imported entity.  owner is the instance that exports it (the
 * importer holds a reference on it), NULL for host objects of the store.
 */
struct wasm_extern {
	u8 kind;			/* enum wasm_extern_kind */
	union {
		struct wasm_funcinst *func;
		struct wasm_tableinst *table;
		struct wasm_meminst *memory;
		struct wasm_globalinst *global;
	};
	struct wasm_instance *owner;
};

/*
 * Import resolver: fill *out for imp and return 0, or return non-zero when
 * unknown (instantiation then fails with "unknown import M.N").  Types are
 * checked by the runtime afterwards.
 */
typedef int (*wasm_resolve_fn)(void *ctx, const struct wasm_import *imp,
			       struct wasm_extern *out);

/* ---- stores ------------------------------------------------------------- */

struct wasm_store *wasm_store_new(void);
/* Frees the store and its host objects; every instance must be freed first. */
void wasm_store_free(struct wasm_store *s);
/* Canonical id of a function type (structural); U32_MAX on ENOMEM. */
u32 wasm_store_type_id(struct wasm_store *s, const u8 *params, u32 nparams,
		       const u8 *results, u32 nresults);
/* Host objects owned by the store (live until wasm_store_free()). */
struct wasm_funcinst *wasm_store_host_func(struct wasm_store *s, const struct wasm_host_func *hf);
struct wasm_meminst *wasm_store_memory(struct wasm_store *s, u32 min, u32 max, bool has_max);
struct wasm_tableinst *wasm_store_table(struct wasm_store *s, u8 type, u32 min, u32 max,
					bool has_max);
struct wasm_globalinst *wasm_store_global(struct wasm_store *s, u8 type, bool mut, u64 value);

/* ---- instances ---------------------------------------------------------- */

struct wasm_instance_opts {
	u32 max_pages;		/* memory cap in pages; 0 = WASM_MAX_PAGES */
	u32 max_table;		/* table growth cap; 0 = WASM_LIMIT_TABLE_SIZE_MAX */
	/* Imports: first host_funcs (func imports by module+name), then resolve. */
	const struct wasm_host_func *host_funcs;
	u32 nhost_funcs;
	wasm_resolve_fn resolve;
	void *resolve_ctx;
	u64 start_fuel;		/* budget of the start function; 0 = unlimited */
	/*
	 * Interpreter stack, allocated now (invokes with up to this many
	 * stack_bytes then allocate nothing); 0 = allocated on first use.
	 * Also the start function's stack budget.
	 */
	u32 stack_bytes;
	void *user;		/* stored in inst->user */
	u64 start_time_ns;	/* the start function's time budget; 0 = none */
	/*
	 * Optional brackets around the start function's run (after every
	 * allocation of the instantiation): the kernel runs a float-using
	 * start function inside its FPU section.  start_enter(user) returning
	 * false fails the instantiation (-WASM_EBUSY) without running it;
	 * start_exit(user) follows every start_enter() that returned true.
	 */
	bool (*start_enter)(void *user);
	void (*start_exit)(void *user);
};

struct wasm_interp_state;

/*
 * RUN ENTRIES.  An embedder that runs one function per event (a kernel
 * hook) pays for wasm_invoke()'s generality on every run.  Compiled with
 * a struct wasm_run_config (wasm_jit_compile_run()), an instance also gets
 * a run entry for each exported function whose parameters and results are
 * numbers (at most one result): machine code that does for one run all
 * that the embedder's C would, with the configuration's constants in its
 * instructions:
 *
 *	u32 run(void *ctx, struct wasm_run_counters *rc, u64 *args, u32 dflt)
 *
 *   - the recursion guard (inst->running set: a re-entry counts missed in
 *     inst->stats and *rc and runs nothing);
 *   - the FPU section, for modules that use floats (cfg->fpu_enter
 *     returning false: missed too);
 *   - inst->run_ctx = ctx for the host functions, then NULL;
 *   - the clock read around the run when *cfg->timed is set (stats.run_ns,
 *     timed_runs), which also starts the deadline (else the first refill
 *     does: CHUNKS AND THE DEADLINE);
 *   - the budget (cfg->fuel, cfg->time_ns, the chunk) and stack limit, as
 *     wasm_invoke() sets them; the arguments (i32/f32 ones zero-extended);
 *     a direct call of the function's code;
 *   - stats: runs, fuel, traps by kind in inst->stats; runs, traps in *rc;
 *     inst->last_trap and inst->last_fuel of this run.
 *
 * dflt's low byte is the result of a run that trapped or did not run.
 * With WASM_RUN_MAP in dflt the i32 result r is kept only when r < 32 and
 * bit r is set in the u32 at ctx + cfg->mask_off (else dflt's), and the
 * kept result is counted in rc->results[r] (r < WASM_RUN_NRESULTS), also
 * for a missed run.  Without it the result is returned as is (0 for a
 * function without one).  Call with preemption off in the kernel: the
 * instance is one CPU's.  Only instances whose function imports are all
 * host functions, with no imported table, get run entries, and their code
 * must run only through them while any may run (one instance per store,
 * as wasmk.ko has): a run leaves inst->budget NULL.
 */
#define WASM_RUN_NRESULTS	4
#define WASM_RUN_MAP		0x100u

struct wasm_run_stats {
	u64 runs;
	u64 missed;
	u64 fuel;
	u64 timed_runs;
	u64 run_ns;
	u64 traps[WASM_TRAP_COUNT];
};

struct wasm_run_counters {
	u64 runs;
	u64 traps;
	u64 missed;
	u64 results[WASM_RUN_NRESULTS];
};

struct wasm_run_config {
	u64 fuel;			/* budget of a run; 0 = WASM_FUEL_UNLIMITED */
	u64 time_ns;			/* time budget; 0 = none */
	u32 fuel_chunk;			/* 0 = WASM_FUEL_CHUNK_DEFAULT */
	u32 stack_bytes;		/* 0 = WASM_STACK_DEFAULT */
	const bool *timed;		/* read at each run; NULL = never timed */
	u32 mask_off;			/* WASM_RUN_MAP: offset of the u32 mask in ctx */
	bool (*fpu_enter)(void);	/* float-using modules: both set, or no entries */
	void (*fpu_exit)(void);
};

typedef u32 (*wasm_run_fn)(void *ctx, struct wasm_run_counters *rc, u64 *args, u32 dflt);

/* The run entry of function funcidx of a compiled instance, or NULL. */
static inline wasm_run_fn wasm_run_entry(const struct wasm_instance *inst, u32 funcidx);

/*
 * The fuel and time of one invocation beyond the current chunk (see CHUNKS
 * AND THE DEADLINE): wasm_invoke() keeps it in the instance it runs
 * (inst->run_budget: not on the stack, which is the code's) and points
 * inst->budget at it; calls into other instances pass the pointer on.
 */
struct wasm_budget {
	u64 reserve;		/* fuel not yet handed to the code */
	u64 chunk;		/* handed at a time */
	u64 time_ns;		/* wall-clock budget, 0 = none */
	u64 deadline;		/* wasm_clock_ns() limit; 0 until the first refill */
	u32 refills;		/* times the slow path ran */
};

/*
 * How one run's fuel goes out (CHUNKS AND THE DEADLINE), for
 * wasm_invoke() and the run entries alike: the whole budget (fuel 0:
 * unlimited), the first handout, what stays in reserve, and the chunk
 * (0 without a time budget).
 */
struct wasm_budget_plan {
	u64 all, first, reserve, chunk;
};

static inline struct wasm_budget_plan wasm_budget_plan(u64 fuel, u64 time_ns, u32 fuel_chunk)
{
	struct wasm_budget_plan p = { fuel ? fuel : WASM_FUEL_UNLIMITED, 0, 0, 0 };

	if (p.all > WASM_FUEL_UNLIMITED)
		p.all = WASM_FUEL_UNLIMITED;
	p.first = p.all;
	if (time_ns) {
		p.chunk = fuel_chunk ? fuel_chunk : WASM_FUEL_CHUNK_DEFAULT;
		if (p.all > p.chunk) {
			p.first = p.chunk;
			p.reserve = p.all - p.chunk;
		}
	}
	return p;
}

/*
 * An instance.  The first fields are read by JIT code through offsetof();
 * their order and types are fixed (see WASM_INST_OFF_*).
 */
struct wasm_instance {
	struct wasm_meminst *memory;	/* 0: NULL when the module has none */
	u64 **globals;			/* 8: cell of each global (by index) */
	struct wasm_funcinst **funcs;	/* 16: by function index */
	struct wasm_tableinst **tables;	/* 24: by table index */
	u32 *type_ids;			/* 32: module type index -> canonical */
	s64 fuel;			/* 40: remaining fuel of this invocation */
	uintptr_t stack_limit;		/* 48: JIT: lowest allowed rsp */
	uintptr_t trap_sp;		/* 56: JIT: rsp to unwind to on a trap */
	void *jit_scratch[4];		/* 64: owned by the JIT */
	struct wasm_budget *budget;	/* 96: the running invocation's, or NULL */

	/* ---- not JIT-visible ---- */
	const struct wasm_module *module;
	struct wasm_store *store;
	void *user;
	void *jit;			/* JIT image (jit_free releases it) */
	void (*jit_free)(struct wasm_instance *inst);
	/* JIT tier entry: run f (of inst) with slots; 0 or a trap code. */
	int (*jit_call)(struct wasm_instance *inst, struct wasm_funcinst *f, u64 *slots);

	u32 refs;
	u32 max_table;
	bool running;
	int last_trap;

	struct wasm_funcinst *own_funcs;	/* defined functions */
	struct wasm_globalinst *own_globals;	/* defined globals */
	struct wasm_tableinst *own_tables;	/* tables[] entries we own */
	struct wasm_instance **deps;		/* exporters we hold a ref on */
	u32 ndeps;

	/* Passive segments: 0 length after data.drop/elem.drop. */
	u32 *data_len;
	u32 *elem_len;
	u64 **elem_refs;		/* evaluated element items per segment */

	struct wasm_interp_state *interp;
	struct wasm_budget run_budget;	/* of an invocation of this instance */

	/* RUN ENTRIES (kept by run entries; an embedder's C path may add to them) */
	void *run_ctx;			/* the running run's ctx argument */
	u64 last_fuel;			/* fuel the last run entry's run used */
	u64 run_t0;			/* jit_run.c: the run's start time, 0: not timed */
	bool run_resume;		/* jit_run.c: a trap unwinds into the run's exit */
	struct wasm_run_stats stats;
};

static inline wasm_run_fn wasm_run_entry(const struct wasm_instance *inst, u32 funcidx)
{
	return (wasm_run_fn)inst->funcs[funcidx]->run;
}

#define WASM_INST_OFF_MEMORY		0
#define WASM_INST_OFF_GLOBALS		8
#define WASM_INST_OFF_FUNCS		16
#define WASM_INST_OFF_TABLES		24
#define WASM_INST_OFF_TYPE_IDS		32
#define WASM_INST_OFF_FUEL		40
#define WASM_INST_OFF_STACK_LIMIT	48
#define WASM_INST_OFF_TRAP_SP		56
#define WASM_INST_OFF_JIT_SCRATCH	64
#define WASM_INST_OFF_BUDGET		96

/*
 * Instantiate m in s: resolve imports, allocate memory/tables/globals,
 * evaluate element segments, apply active segments in order, run the
 * start function (on the interpreter).  Returns 0 and *out, or:
 *	-WASM_ELINK	unknown import / incompatible import type (logged:
 *			"unknown import env.foo", "incompatible import type
 *			for env.foo: ...")
 *	-WASM_ETRAP	a segment was out of bounds or the start function
 *			trapped; *trap (if non-NULL) gets the trap code.
 *			*out is STILL SET: segments applied before the trap
 *			stay applied and may have stored this instance's
 *			functions in imported tables, so the caller keeps
 *			the instance alive as long as those tables (or
 *			frees it at once if it imported no table).
 *	-WASM_ENOMEM, -WASM_ELIMIT (memory/table larger than the caps)
 * m must outlive the instance.  May sleep.
 */
int wasm_instantiate(struct wasm_store *s, const struct wasm_module *m,
		     const struct wasm_instance_opts *opts, struct wasm_log *log,
		     struct wasm_instance **out, int *trap);
/* Drop the caller's reference (freed once no importer holds it either). */
void wasm_instance_free(struct wasm_instance *inst);

/* Look up an export; 0 or -WASM_ENOTFOUND. */
int wasm_instance_export(struct wasm_instance *inst, const char *name, u32 name_len,
			 struct wasm_extern *out);
/* Function index of an exported function; 0 or -WASM_ENOTFOUND. */
int wasm_instance_export_func(struct wasm_instance *inst, const char *name, u32 name_len,
			      u32 *funcidx);

/* ---- invoke ------------------------------------------------------------- */

enum wasm_tier {
	WASM_TIER_INTERP = 0,
	WASM_TIER_JIT = 1,	/* requires inst->jit_call (wasm_jit_compile) */
};

struct wasm_invoke_opts {
	u64 fuel;		/* budget; 0 = WASM_FUEL_UNLIMITED */
	u32 stack_bytes;	/* 0 = WASM_STACK_DEFAULT (interp) */
	u8 tier;		/* enum wasm_tier */
	/*
	 * Wall-clock budget in ns (0 = none: fuel alone bounds the run) and
	 * the fuel handed out between two clock reads (0 =
	 * WASM_FUEL_CHUNK_DEFAULT); see CHUNKS AND THE DEADLINE.
	 */
	u64 time_ns;
	u32 fuel_chunk;
	u64 start_ns;		/* wasm_clock_ns() at the run's start, if read; 0 = not */
};

struct wasm_invoke_result {
	int trap;		/* WASM_TRAP_*, 0 = returned normally */
	u64 fuel_used;
	u32 refills;		/* chunks handed out after the first */
};

/*
 * Call function funcidx of inst.  args_results holds max(nparams, nresults)
 * slots: arguments in (i32/f32 ones are zero-extended here), results out.
 * opts NULL = defaults.  An imported Wasm function runs in (and needs to be
 * idle in) its own instance.  Returns 0 when
 * the call ran (out->trap tells whether it trapped), or -WASM_ENOTFOUND,
 * -WASM_EBUSY, -WASM_ENOJIT, -WASM_ENOMEM (interpreter stack).  The
 * instance stays usable after a trap.
 */
int wasm_invoke(struct wasm_instance *inst, u32 funcidx, union wasm_value *args_results,
		const struct wasm_invoke_opts *opts, struct wasm_invoke_result *out);
int wasm_invoke_export(struct wasm_instance *inst, const char *name,
		       union wasm_value *args_results, const struct wasm_invoke_opts *opts,
		       struct wasm_invoke_result *out);

/* ---- JIT (jit_image.c; referenced only by embedders) ------------------- */

/* true when this build has a JIT for the running architecture. */
bool wasm_jit_available(void);
/*
 * Compile every defined function of inst, set inst->funcs[i]->code,
 * inst->jit, inst->jit_free and inst->jit_call.  0 or -WASM_E*.
 */
int wasm_jit_compile(struct wasm_instance *inst, struct wasm_log *log);
/* The same, with run entries for cfg (RUN ENTRIES); cfg is not kept. */
int wasm_jit_compile_run(struct wasm_instance *inst, const struct wasm_run_config *cfg,
			 struct wasm_log *log);
/* Bytes of machine code compiled for inst (0 when not compiled). */
u32 wasm_jit_code_size(const struct wasm_instance *inst);
/*
 * JIT test hooks: non-zero wasm_jit_baseline_cpu compiles for baseline
 * x86-64 (no SSE4.1 roundsd, popcnt, lzcnt, tzcnt: the fallback paths);
 * wasm_jit_code_limit lowers the image size limit (capped at
 * WASM_LIMIT_JIT_CODE_MAX).
 */
extern int wasm_jit_baseline_cpu;
extern u32 wasm_jit_code_limit;

/* ---- runtime helpers (interpreter and JIT call these) ------------------- */
/*
 * All take the instance whose code executes.  "int" results are 0 or a
 * WASM_TRAP_* code; the bounds rules are the spec's (the whole range is
 * checked before anything is touched; n == 0 at offset == size is fine).
 */
u32 wasm_rt_memory_grow(struct wasm_instance *inst, u32 delta);	/* old pages or U32_MAX */
int wasm_rt_memory_fill(struct wasm_instance *inst, u32 d, u32 val, u32 n);
int wasm_rt_memory_copy(struct wasm_instance *inst, u32 d, u32 s, u32 n);
int wasm_rt_memory_init(struct wasm_instance *inst, u32 seg, u32 d, u32 s, u32 n);
void wasm_rt_data_drop(struct wasm_instance *inst, u32 seg);
int wasm_rt_table_get(struct wasm_instance *inst, u32 t, u32 i, u64 *out);
int wasm_rt_table_set(struct wasm_instance *inst, u32 t, u32 i, u64 v);
/*
 * table.grow: the old size or U32_MAX (growth failed: pays nothing more) in
 * bits 0..31; a trap code (paying for the new entries: FUEL, DEADLINE) in
 * bits 32..63, the table unchanged.
 */
u64 wasm_rt_table_grow(struct wasm_instance *inst, u32 t, u64 init, u32 delta);
int wasm_rt_table_fill(struct wasm_instance *inst, u32 t, u32 i, u64 v, u32 n);
int wasm_rt_table_copy(struct wasm_instance *inst, u32 dt, u32 st, u32 d, u32 s, u32 n);
int wasm_rt_table_init(struct wasm_instance *inst, u32 t, u32 seg, u32 d, u32 s, u32 n);
void wasm_rt_elem_drop(struct wasm_instance *inst, u32 seg);
/*
 * Charge units of fuel for work (see WORK): 0, or WASM_TRAP_FUEL (fuel
 * unchanged) / WASM_TRAP_DEADLINE.  For host functions too: inst is the
 * instance they were called with.
 */
int wasm_fuel_charge(struct wasm_instance *inst, u64 units);
/*
 * The slow path of a run's fuel check (inst->fuel < the run's cost): move
 * the next chunk in and check the deadline.  0 (the code checks again), or
 * WASM_TRAP_FUEL when no fuel is left in reserve, WASM_TRAP_DEADLINE.
 */
int wasm_rt_fuel_refill(struct wasm_instance *inst);
/* wasm_clock_ns(), out of line (run entries call it). */
u64 wasm_rt_clock_ns(void);
/*
 * Call a function that has no JIT code (a host function, or a Wasm
 * function of an instance that was not compiled: runs on the interpreter
 * with inst->fuel as its budget, updating it).  slots as for host
 * functions.  Returns 0 or a trap code.
 */
int wasm_rt_call_func(struct wasm_instance *inst, struct wasm_funcinst *f, u64 *slots);
/*
 * call_indirect lookup: the funcinst at table t index i, checked against
 * canonical type id want.  Returns 0 and *f, or UNDEFINED_ELEM /
 * UNINIT_ELEM / INDIRECT_TYPE.
 */
int wasm_rt_indirect(struct wasm_instance *inst, u32 t, u32 i, u32 want,
		     struct wasm_funcinst **f);

/* ---- interpreter (interp.c), used by instance.c ----------------------- */

/* Pre-decode every defined function of inst (sets own_funcs[i].interp). */
int wasm_interp_prepare(struct wasm_instance *inst, struct wasm_log *log);
void wasm_interp_release(struct wasm_instance *inst);
/*
 * Run Wasm function f (of instance f->inst == inst) with slots as for host
 * functions, inst->fuel as the budget (updated).  Uses the first
 * stack_bytes of inst's interpreter stack (0: all of it, or
 * WASM_STACK_DEFAULT if there is none yet), allocating only when the
 * stack is smaller: returns 0 or a trap code, or -WASM_ENOMEM.
 */
int wasm_interp_call(struct wasm_instance *inst, struct wasm_funcinst *f, u64 *slots,
		     u32 stack_bytes);
/*
 * Allocate inst's interpreter stack for stack_bytes ahead of time: later
 * calls with up to stack_bytes allocate nothing (kernel hooks run in
 * atomic context).  0 or -WASM_ENOMEM.
 */
int wasm_interp_reserve(struct wasm_instance *inst, u32 stack_bytes);

/*
 * Speculation-safe index: idx when idx < size, else 0, without a branch
 * (like the kernel's array_index_nospec).  Use after the bounds check.
 */
static inline u64 wasm_index_nospec(u64 idx, u64 size)
{
	u64 mask = (u64)(~(s64)(idx | (size - 1 - idx)) >> 63);

	return idx & mask;
}

#endif /* WASMK_RUNTIME_H */
