/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jit.h - the x86-64 JIT's internals, shared by its files (not an API):
 *
 *	jit_image.c	the image: shared stubs, C entries, trap unwinding,
 *			the driver (wasm_jit_compile())
 *	jit_run.c	run entries: one run of an export for an embedder's
 *			event, guard and statistics included (runtime.h)
 *	jit_func.c	one function: prologue, pre-scan of the locals, the
 *			instruction loop, lowering dispatched by class
 *	jit_control.c	control flow: fuel checks, labels and branches,
 *			blocks, calls
 *	jit_int.c jit_float.c jit_mem.c jit_var.c
 *			lowering per instruction class (opcode_list.h)
 *	jit_vstack.h	the value stack and the register state
 *	x86_enc.h	the instruction encoder
 *
 * The x86-64 JIT: the x86-64 JIT: validated Wasm bytecode to machine code in
 * one pass per function (a baseline compiler in the style of V8's Liftoff).
 *
 * The image.  One buffer per instance: shared stubs first (a trap stub per
 * trap kind, the unwinder, the indirect-branch thunk, the funcinst call
 * routine, the C entry trampoline), then every defined function, then a
 * C entry of each exported function, which calls it directly.  All
 * intra-image references are rel32; the only absolute addresses are C
 * functions of the runtime, called as movabs r11 + call through the thunk
 * (vmalloc space is out of rel32 range of kernel text).  The image is built
 * in ordinary memory, then wasm_exec_alloc() maps a read+exec copy.
 *
 * Registers.
 *	r15  the instance (struct wasm_instance *)
 *	r14  linear memory base, r13 its size in bytes (reloaded after calls)
 *	r12  remaining fuel (written back to the instance at exit/trap and
 *	     around calls into C that may run Wasm)
 *	rbp  frame pointer, rsp 16-byte aligned in bodies
 *	r11  scratch (never holds a Wasm value)
 *	rax rcx rdx rbx rsi rdi r8 r9 r10: the operand-stack register pool,
 *	     less the registers of register locals (below)
 * Floats live in general registers as raw bits; float instructions move
 * them through xmm0/xmm1 (SSE2; roundsd needs SSE4.1, else a C helper), so
 * integer-only code contains no SSE instruction at all.  The result of a
 * float add/sub/mul/div/sqrt/rounding stays in xmm0 (V_XMM) for the next
 * float instruction, and "f.load; f.add" uses the load as a memory operand.
 *
 * Register locals.  A pre-scan of the body (scan_locals()) weighs each
 * local's uses by loop depth (8x per level) against the calls; up to four
 * of the hottest live in rbx r10 r9 r8 for the whole function (taken
 * out of the pool), are read in place (V_LREG, copied only before that
 * local is written), stored to their frame slots before calls (when ever
 * written) and reloaded after.
 *
 * Calling convention (Wasm to Wasm).  The caller stores the arguments in
 * its outgoing area at [rsp + 8 * i] and calls; the callee addresses them
 * as [rbp + 16 + 8 * i].  Result 0 returns in rax, results 1.. in the same
 * area.  r12-r15 hold on return (r13/r14 are reloaded by the caller),
 * everything in the pool is clobbered.  Calls through a funcinst (imports,
 * call_indirect) go through the in-image routine "xcall", which switches
 * instance (r15, memory registers, trap_sp/stack_limit copied) and
 * tail-jumps to the code, or calls wasm_rt_call_func() for host functions
 * and functions without JIT code.
 *
 * Frame: [rbp-8] the instance, then declared locals, then one 8-byte slot
 * per operand-stack position (validator's max_stack), then the outgoing
 * area.  Prologue: endbr64, push rbp, stack check against
 * inst->stack_limit (STACK trap), zero the declared locals.
 *
 * Operand stack.  Each Wasm stack position is, at compile time, a register
 * of the pool, a constant (folded into immediates) or its memory slot.  At
 * every block/loop/if boundary and around calls everything is spilled
 * (values at their own slots is the merge state), branches move their
 * values into the target label's slots.  Compares directly followed by
 * br_if/if become cmp + jcc.  Loop headers are 16-byte aligned.
 *
 * Traps jump to per-image stubs (mov eax, code) and the unwinder restores
 * rsp from inst->trap_sp (set by the entry trampoline), the callee-saved
 * registers, stores fuel and returns the code to jit_call().
 *
 * Control flow comes from the validator's side table (struct wasm_side):
 * label heights and arities, branch targets, what is unreachable, and
 * the cost of each fuel run.  Fuel: at the start of every run (see
 * runtime.h) "cmp r12, cost; jl fuel-trap; sub r12, cost".
 *
 * Linear memory: ea = zext(addr) + offset (64-bit), "lea r11, [ea + size -
 * 1]; cmp r11, r13; jae oob" (cmp ea itself for one byte), then the address
 * is masked with the borrow ("sbb r11, r11; and ea, r11": all ones when in
 * bounds) so that a mispredicted bounds check reads [base + 0], never
 * beyond.  A constant address within the memory the instance has at
 * compile time needs neither (memories never shrink).
 */
#ifndef WASMK_JIT_H
#define WASMK_JIT_H

#include "runtime.h"
#include "x86_enc.h"
#include "iter.h"

struct jv;

/* The x86 column's tokens that are not x86_enc.h's (opcode_list.h) */
enum { X86_DIV = 0, X86_REM = 1, X86_IMUL = 0xff };

#define JIT_STACK_SLACK		256	/* below a frame, for C helpers the code calls */

#define NR_LREGS	4	/* locals in registers at most: lreg_order[] */

/* Offsets in struct wasm_instance / wasm_funcinst / wasm_meminst / wasm_tableinst. */
#define I_MEMORY	WASM_INST_OFF_MEMORY
#define I_GLOBALS	WASM_INST_OFF_GLOBALS
#define I_FUNCS		WASM_INST_OFF_FUNCS
#define I_TABLES	WASM_INST_OFF_TABLES
#define I_TYPE_IDS	WASM_INST_OFF_TYPE_IDS
#define I_FUEL		WASM_INST_OFF_FUEL
#define I_STACK_LIMIT	WASM_INST_OFF_STACK_LIMIT
#define I_TRAP_SP	WASM_INST_OFF_TRAP_SP
#define I_BUDGET	WASM_INST_OFF_BUDGET
#define F_CODE		((s32)offsetof(struct wasm_funcinst, code))
#define F_INST		((s32)offsetof(struct wasm_funcinst, inst))
#define F_TYPE_ID	((s32)offsetof(struct wasm_funcinst, type_id))
#define M_BASE		((s32)offsetof(struct wasm_meminst, base))
#define M_SIZE		((s32)offsetof(struct wasm_meminst, size))
#define T_ELEMS		((s32)offsetof(struct wasm_tableinst, elems))
#define T_SIZE		((s32)offsetof(struct wasm_tableinst, size))

/* Entry trampoline frame (below its rbp), see gen_entry_enter(). */
#define E_INST		(-48)
#define E_SLOTS		(-56)
#define E_NSLOTS	(-64)
#define E_OLD_TRAP_SP	(-72)
#define E_FRAME		80

#define C_FUNC	0xff		/* the function body's frame */

struct jctl {
	const u8 *ptypes;
	const u8 *rtypes;
	u32 nparams;
	u32 nresults;
	u32 height;		/* stack height below the params (side table) */
	u32 arity;		/* the label's (side table) */
	u32 list;		/* forward branches to the end (rel32 chain) */
	u32 else_list;		/* if: the branch taken when false */
	u32 loop_pos;		/* loop: offset of the label */
	u32 pad_list;		/* br_table: jump-table entries to this label's pad */
	u32 depth;		/* scan_locals(): blocks around it (the body: 0) */
	u32 loops;		/* scan_locals(): loops among them, and it */
	u8 op;			/* WASM_OP_BLOCK/LOOP/IF/ELSE or C_FUNC */
	bool dead;		/* opened in unreachable code */
};

/* The executable image of one instance (inst->jit). */
struct jit_image {
	struct wasm_exec *handle;
	u8 *exec;
	u32 len;
};

struct jit {
	struct x86_buf b;
	const struct wasm_module *m;
	const struct wasm_instance *inst;	/* the one compiled for (its imports) */
	struct wasm_log *log;
	u32 *fn_off;		/* code offset per function index, 0 = not yet */
	u32 *fn_list;		/* pending call rel32 chain per function index */
	u32 *ent_off;		/* an exported function's own C entry, 0: none */
	u32 *run_off;		/* its run entry (jit_run.c), 0: none */

	/* image-wide stubs */
	u32 trap_stub[WASM_TRAP_COUNT];
	u32 trap_eax;		/* unwinder, eax = trap code */
	u32 thunk;		/* jmp r11 (or retpoline) */
	bool retpoline;		/* WASM_JIT_RETPOLINE_F: the thunk is a retpoline */
	const void *ret_target;	/* WASM_JIT_RETHUNK_F: returns jump here, else NULL */
	u32 xcall;		/* call through funcinst in r11 */
	u32 entry;		/* C entry trampoline */
	u32 refill;		/* fuel slow path: the next chunk, the deadline */
	bool floats;		/* the module uses floats (xmm0/xmm1 live in code) */
	const struct wasm_run_config *run;	/* run entries for exports, or NULL */
	u32 exit;		/* the unwinder's exit: E_* frame, eax = result */
	u32 run_exit;		/* jit_run.c: the run entries' common exit */
	u32 run_missed;		/* and their missed paths */
	u32 run_fpu_missed;

	bool sse41, popcnt, lzcnt, tzcnt;

	/* current function */
	u32 fidx;
	const struct wasm_func *f;
	const struct wasm_functype *ft;
	struct wasm_iter it;	/* over its code, with its side table */
	u32 nparams;
	u32 nlocals;		/* params + declared */
	u8 *ltypes;		/* per local: type; lflag, lscore follow in one buffer */
	u8 *lflag;		/* per local: LF_WRITTEN | register + 1 (0: frame slot) */
	u32 *lscore;		/* pre-scan: uses weighted by loop depth */
	u32 lcap;
	u32 pool;		/* operand-stack pool: POOL_MASK less the local registers */
	u32 lregs[NR_LREGS];	/* the locals living in registers */
	u32 nlregs;
	s32 slot0;		/* rbp displacement of operand slot 0 */
	u32 max_out;		/* outgoing area, in slots */
	u32 frame_patch[2];

	struct jv *vs;
	u32 sp;
	u32 vcap;
	u32 clean;		/* positions below are all V_MEM */
	struct jctl *cs;	/* per side-table entry (the blocks') */
	u32 ccap;
	bool done;		/* the body's end was compiled */
	s32 owner[16];		/* pool register -> stack position, -1: free or temp */
	u32 free;		/* free pool registers */
	bool dead;		/* current code is unreachable */

	u32 *slow;		/* fuel checks of this function: (jl rel32, cmp) pairs */
	u32 nslow;
	u32 slow_cap;
	bool has_mem;
	u64 mem_min;		/* bytes of memory at compile time: a lower bound for good */
	int err;
};

/* The trusted readers of iter.h on the current function's code. */
static inline u32 rd_u32(struct jit *c)
{
	return wasm_leb_u32(&c->it.p);
}

static inline s64 rd_s64(struct jit *c)
{
	return wasm_leb_s64(&c->it.p);
}

static inline void skip_leb(struct jit *c)
{
	wasm_leb_skip(&c->it.p);
}

static inline void jmp_stub(struct jit *c, int cc, int trap)
{
	x86_jcc_to(&c->b, cc, c->trap_stub[trap]);
}

static inline void emit_ccall(struct jit *c, const void *fn)
{
	x86_movabs(&c->b, R11, (u64)(uintptr_t)fn);
	x86_call_to(&c->b, c->thunk);
}

/* The x86 column of opcode_list.h, per one-byte opcode (jit_func.c). */
extern const u8 jit_op_x86[256];

/* jit_control.c: fuel, labels and branches, blocks, calls */
u32 jit_fuel_check(struct jit *c, u32 cost, u32 *sub_patch);
void jit_fuel_slow_paths(struct jit *c);
void jit_run_start(struct jit *c, const struct wasm_side *s);
void jit_bind_list(struct jit *c, u32 list);
void jit_emit_return(struct jit *c);
void jit_reload_mem(struct jit *c, bool base);
void jit_op_block(struct jit *c, u8 op, const struct wasm_side *s);
void jit_op_else(struct jit *c, const struct wasm_side *s);
void jit_op_end(struct jit *c, const struct wasm_side *s);
void jit_set_dead(struct jit *c, const struct wasm_side *s);
void jit_op_br(struct jit *c, const struct wasm_side *s);
void jit_op_br_if(struct jit *c, const struct wasm_side *s);
void jit_op_br_table(struct jit *c, const struct wasm_side *s);
void jit_op_call(struct jit *c, const struct wasm_side *s);
void jit_op_call_indirect(struct jit *c, const struct wasm_side *s);

/* jit_image.c */
void jit_emit_ret(struct jit *c);
void jit_load_mem(struct jit *c);
void jit_entry_frame(struct jit *c, int inst, int last);

/* jit_run.c: can exported function fidx have a run entry; emit it (its offset) */
bool jit_run_entry_ok(const struct jit *c, u32 fidx);
u32 jit_gen_run_entry(struct jit *c, u32 fidx);
/* The image's run exit (after the unwinder, which jumps to it when inst->run_resume). */
void jit_gen_run_common(struct jit *c);

/* jit_func.c */
int jit_compile_func(struct jit *c, u32 fidx);

/* jit_int.c: integer classes */
void jit_cmp_result(struct jit *c, int r, int cc);
void jit_op_compare(struct jit *c, bool w, int cc);
void jit_op_eqz(struct jit *c, bool w);
void jit_ccall_val(struct jit *c, int nargs, u64 arg2, const void *fn, u8 rtype);
void jit_op_bitcount(struct jit *c, bool w, int kind);
void jit_op_extend(struct jit *c, bool w, bool sx, int size);
void jit_op_int(struct jit *c, u8 op);

/* jit_float.c: float classes and conversions */
void jit_fbinop(struct jit *c, bool dbl, u8 op);
void jit_fminmax(struct jit *c, bool dbl, bool min);
void jit_fsign(struct jit *c, bool dbl, int kind);
void jit_funary(struct jit *c, bool dbl, int mode);
void jit_fcompare(struct jit *c, bool dbl, int kind);
void jit_op_cvt(struct jit *c, const struct wasm_opinfo *oi, bool sat);

/* jit_mem.c: linear memory */
void jit_op_load(struct jit *c, u8 op);
void jit_op_store(struct jit *c, u8 op);
void jit_check_trap_eax(struct jit *c);
void jit_op_helper(struct jit *c, const void *fn, u32 nimm, u32 imm0, u32 imm1, u32 nstack);
void jit_op_mem(struct jit *c, u8 op);
void jit_op_bulk_mem(struct jit *c, u32 sub);

/* jit_var.c: locals, globals, tables, references */
void jit_op_local_get(struct jit *c, u32 i);
void jit_op_local_set(struct jit *c, u32 i, bool tee);
void jit_op_global_get(struct jit *c, u32 idx);
void jit_op_global_set(struct jit *c, u32 idx);
void jit_op_table_get(struct jit *c, u32 t);
void jit_op_table_set(struct jit *c, u32 t);
void jit_op_ref(struct jit *c, u8 op);
void jit_op_table_fc(struct jit *c, u32 sub);

#include "jit_vstack.h"

#endif /* WASMK_JIT_H */
