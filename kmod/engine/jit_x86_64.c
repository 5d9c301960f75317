// SPDX-License-Identifier: GPL-2.0
/*
 * jit_x86_64.c - the x86-64 JIT: validated Wasm bytecode to machine code in
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
#include "runtime.h"
#include "x86_enc.h"
#include "iter.h"

#ifdef __x86_64__

/*
 * The x86 column of opcode_list.h, per one-byte opcode (the tokens are
 * x86_enc.h's, and these).  Each row is pinned at compile time to an
 * operation the lowering of its class takes (X86_ROW_OK).
 */
enum { X86_DIV = 0, X86_REM = 1, X86_IMUL = 0xff };

#define X86_IN2(x, a, b)	((x) == (a) || (x) == (b))
#define X86_ROW_OK(cls, x)							\
	((cls) == WASM_CLASS_ICMP || (cls) == WASM_CLASS_ITEST ||		\
	 (cls) == WASM_CLASS_FCMP ? (x) >= CC_B && (x) <= CC_G :		\
	 (cls) == WASM_CLASS_IBIN ?						\
		X86_IN2(x, ALU_ADD, ALU_SUB) || X86_IN2(x, ALU_AND, ALU_OR) ||	\
		X86_IN2(x, ALU_XOR, X86_IMUL) :					\
	 (cls) == WASM_CLASS_ISHIFT ?						\
		X86_IN2(x, SH_SHL, SH_SHR) || X86_IN2(x, SH_SAR, SH_ROL) ||	\
		(x) == SH_ROR :							\
	 (cls) == WASM_CLASS_IDIV ? X86_IN2(x, X86_DIV, X86_REM) :		\
	 (cls) == WASM_CLASS_FBIN ?						\
		X86_IN2(x, SSE_ADD, SSE_SUB) || X86_IN2(x, SSE_MUL, SSE_DIV) ||	\
		X86_IN2(x, SSE_MIN, SSE_MAX) || (x) == ALU_OR :			\
	 (cls) == WASM_CLASS_FUN ?						\
		X86_IN2(x, ALU_AND, ALU_XOR) || (x) == SSE_SQRT ||		\
		((x) >= RND_NEAR && (x) <= RND_TRUNC) :				\
	 (cls) == WASM_CLASS_IEXT ? X86_IN2(x, 1, 2) || (x) == 4 :		\
	 (x) == 0)
/* x, or a compile-time error when !ok (as the kernel's BUILD_BUG_ON_ZERO) */
#define X86_CHECKED(ok, x)	((x) + 0 * (int)sizeof(char[(ok) ? 1 : -1]))

#define WASM_OP(id, nm, pfx, code, imm, al, a, b, c, r, cls, sgn, term, x86)	\
	[code] = X86_CHECKED(X86_ROW_OK(WASM_CLASS_##cls, (int)(x86)), x86),
#define WASM_OP_RESERVED(code)
#define WASM_OP_FC(...)
static const u8 op_x86[256] = {
#include "opcode_list.h"
};

#undef WASM_OP
#undef WASM_OP_RESERVED
#undef WASM_OP_FC

/* roundsd's modes are jit_fround()'s (0 nearest, 1 floor, 2 ceil, 3 trunc) */
static_assert((RND_NEAR & 3) == 0 && (RND_FLOOR & 3) == 1 && (RND_CEIL & 3) == 2 &&
	      (RND_TRUNC & 3) == 3, "rounding modes");
/* ORDER OP: op_bitcount() and fcompare() take their kind from the order. */
static_assert(WASM_OP_I32_POPCNT - WASM_OP_I32_CLZ == 2 && WASM_OP_I64_POPCNT - WASM_OP_I64_CLZ == 2 &&
	      WASM_OP_I32_CTZ - WASM_OP_I32_CLZ == 1 && WASM_OP_I64_CTZ - WASM_OP_I64_CLZ == 1,
	      "clz ctz popcnt");
static_assert(WASM_OP_F32_GE - WASM_OP_F32_EQ == 5 && WASM_OP_F64_GE - WASM_OP_F64_EQ == 5 &&
	      WASM_OP_F32_LT - WASM_OP_F32_EQ == 2 && WASM_OP_F64_LE - WASM_OP_F64_EQ == 4,
	      "eq ne lt gt le ge");

#define JIT_STACK_SLACK		256	/* below a frame, for C helpers the code calls */

#define NR_LREGS	4	/* locals in registers at most: lreg_order[] */
#define POOL_MASK	((1u << RAX) | (1u << RCX) | (1u << RDX) | (1u << RBX) | (1u << RSI) | \
			 (1u << RDI) | (1u << R8) | (1u << R9) | (1u << R10))

static const u8 pool_order[] = { RBX, RSI, RDI, R8, R9, R10, RAX, RCX, RDX };

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

/* Entry trampoline frame (below its rbp), see gen_entry(). */
#define E_INST		(-48)
#define E_SLOTS		(-56)
#define E_NSLOTS	(-64)
#define E_OLD_TRAP_SP	(-72)
#define E_FRAME		80

/*
 * V_LREG: the value of a local living in register reg (local.get of a
 * register local, not copied); read-only for its consumers, turned into a
 * copy before that local is written (lreg_detach()).
 * V_XMM: a float result left in xmm0 by fbinop() for the next float op; at
 * most one on the stack, moved to a general register (xmm_flush()) before
 * any other code writes xmm0 (C calls are preceded by spill_all()).
 */
enum { V_MEM, V_REG, V_CONST, V_COND, V_LREG, V_XMM };

/* One operand-stack position at compile time. */
struct jv {
	u8 kind;		/* V_* */
	u8 type;		/* WASM_TYPE_* */
	u8 reg;			/* V_REG, V_LREG */
	u8 cc;			/* V_COND: flags hold the value, true when cc */
	u32 idx;		/* stack position (set by vpop) */
	u64 imm;		/* V_CONST (i32/f32: zero-extended) */
};

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

	bool sse41, popcnt, lzcnt, tzcnt;

	/* current function */
	u32 fidx;
	const struct wasm_func *f;
	const struct wasm_functype *ft;
	const u8 *p;
	const u8 *end;
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
	const struct wasm_side *side;	/* the function's side table */
	u32 nside;
	u32 k;			/* cursor: the next entry */
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

/* ---- small helpers -------------------------------------------------------- */

int x86_grow(struct x86_buf *b)
{
	u32 ncap = b->cap ? b->cap * 2 : 65536;
	u8 *n;

	if (b->err) {
		b->len = 0;
		return b->err;
	}
	if (b->cap >= b->limit) {
		b->err = -WASM_ELIMIT;
		b->len = 0;
		return b->err;
	}
	if (ncap > b->limit)
		ncap = b->limit;
	n = wasm_kvmalloc(ncap + 16);
	if (!n) {
		b->err = -WASM_ENOMEM;
		b->len = 0;
		return b->err;
	}
	if (b->len)
		memcpy(n, b->p, b->len);
	wasm_kvfree(b->p);
	b->p = n;
	b->cap = ncap;
	return 0;
}

static inline bool is64(u8 t)
{
	return t == WASM_TYPE_I64 || t == WASM_TYPE_F64 || t == WASM_TYPE_FUNCREF ||
	       t == WASM_TYPE_EXTERNREF;
}

/* The trusted readers of iter.h on the current function's code. */
static inline u32 rd_u32(struct jit *c)
{
	return wasm_leb_u32(&c->p);
}

static inline s64 rd_s64(struct jit *c)
{
	return wasm_leb_s64(&c->p);
}

static inline void skip_leb(struct jit *c)
{
	wasm_leb_skip(&c->p);
}

static inline struct x86_mem slot(struct jit *c, u32 k)
{
	return x86_m(RBP, c->slot0 - 8 * (s32)k);
}

static inline struct x86_mem local_mem(struct jit *c, u32 i)
{
	if (i < c->nparams)
		return x86_m(RBP, 16 + 8 * (s32)i);
	return x86_m(RBP, -16 - 8 * (s32)(i - c->nparams));
}

/*
 * Locals in registers: the few hottest locals (see scan_locals()) live in
 * lreg_order[] registers, taken out of the operand-stack pool, for the
 * whole function.  Their frame slots are written before calls (when the
 * local is ever written) and the registers reloaded after.
 */
#define LF_WRITTEN	0x80
#define LF_REG		0x0f

/* Not rdi, rsi (or rcx): rep movsb/stosb for memory.copy/fill need them. */
static const u8 lreg_order[NR_LREGS] = { RBX, R10, R9, R8 };

/* The register of local i, or -1 (in its frame slot). */
static inline int lreg(struct jit *c, u32 i)
{
	return (int)(c->lflag[i] & LF_REG) - 1;
}

/* Before a call: the register locals to their frame slots. */
static void lsave(struct jit *c)
{
	u32 k;

	for (k = 0; k < c->nlregs; k++) {
		u32 i = c->lregs[k];

		if (c->lflag[i] & LF_WRITTEN)
			x86_store(&c->b, 8, local_mem(c, i), lreg(c, i));
	}
}

/* After a call: reload the register locals. */
static void lload(struct jit *c)
{
	u32 k;

	for (k = 0; k < c->nlregs; k++)
		x86_load(&c->b, true, lreg(c, c->lregs[k]), local_mem(c, c->lregs[k]));
}

/* ---- register pool and operand stack -------------------------------------- */

static void free_reg(struct jit *c, int r)
{
	c->free |= 1u << r;
	c->owner[r] = -1;
}

static void spill_entry(struct jit *c, u32 i);

/* A free pool register not in avoid (spilling the deepest one if needed). */
static int alloc_reg(struct jit *c, u32 avoid)
{
	u32 cand = c->free & ~avoid & POOL_MASK;
	int best = -1;
	u32 i;

	if (cand) {
		for (i = 0; i < ARRAY_SIZE(pool_order); i++) {
			int r = pool_order[i];

			if (cand & (1u << r)) {
				c->free &= ~(1u << r);
				c->owner[r] = -1;
				return r;
			}
		}
	}
	for (i = 0; i < ARRAY_SIZE(pool_order); i++) {
		int r = pool_order[i];

		if ((avoid & (1u << r)) || c->owner[r] < 0)
			continue;
		if (best < 0 || c->owner[r] < c->owner[best])
			best = r;
	}
	if (best < 0) {
		c->err = -WASM_EINVALID;	/* can't happen: more temps than the pool */
		return RAX;
	}
	spill_entry(c, (u32)c->owner[best]);
	c->free &= ~(1u << best);
	c->owner[best] = -1;
	return best;
}

/* Make register r a temp of the caller, moving a stack value out of it. */
static void take_reg(struct jit *c, int r)
{
	if (c->free & (1u << r)) {
		c->free &= ~(1u << r);
		c->owner[r] = -1;
		return;
	}
	if (c->owner[r] >= 0) {
		u32 i = (u32)c->owner[r];
		int n = alloc_reg(c, 1u << r);

		if (c->vs[i].kind == V_REG && c->vs[i].reg == r) {
			x86_mov_rr(&c->b, true, n, r);
			c->vs[i].reg = (u8)n;
			c->owner[n] = (s32)i;
		} else {
			free_reg(c, n);
		}
		c->owner[r] = -1;
		return;
	}
	c->err = -WASM_EINVALID;	/* r is already a temp: compiler bug */
}

static inline void vtouch(struct jit *c)
{
	if (c->sp < c->clean)
		c->clean = c->sp;
}

/* Push a value not at its own slot yet (the stack is dirty from here). */
static struct jv *vpush(struct jit *c, u8 kind, u8 type)
{
	struct jv *v = &c->vs[c->sp];

	vtouch(c);
	v->kind = kind;
	v->type = type;
	c->sp++;
	return v;
}

static void push_reg(struct jit *c, u8 type, int r)
{
	c->owner[r] = (s32)c->sp;
	vpush(c, V_REG, type)->reg = (u8)r;
}

static void push_const(struct jit *c, u8 type, u64 imm)
{
	vpush(c, V_CONST, type)->imm = imm;
}

/* The value of register local l, read in place (V_LREG). */
static void push_lreg(struct jit *c, u8 type, int l)
{
	vpush(c, V_LREG, type)->reg = (u8)l;
}

static void push_mem(struct jit *c, u8 type)
{
	struct jv *v = &c->vs[c->sp];

	v->kind = V_MEM;
	v->type = type;
	c->sp++;
}

static void push_cond(struct jit *c, int cc)
{
	vpush(c, V_COND, WASM_TYPE_I32)->cc = (u8)cc;
}

/* Pop the top: a V_REG register becomes a temp owned by the caller. */
static struct jv vpop(struct jit *c)
{
	struct jv v = c->vs[--c->sp];

	v.idx = c->sp;
	if (v.kind == V_REG)
		c->owner[v.reg] = -1;
	return v;
}

static inline struct jv *vtop(struct jit *c, u32 depth)
{
	return &c->vs[c->sp - 1 - depth];
}

static void release(struct jit *c, const struct jv *v)
{
	if (v->kind == V_REG)
		free_reg(c, v->reg);
}

/* Load the value of v (at stack position v->idx) into register dst. */
static void load_val(struct jit *c, const struct jv *v, int dst)
{
	switch (v->kind) {
	case V_REG:
	case V_LREG:
		if (v->reg != dst)
			x86_mov_rr(&c->b, true, dst, v->reg);
		break;
	case V_CONST:
		if (!v->imm)
			x86_alu_rr(&c->b, false, ALU_XOR, dst, dst);
		else
			x86_mov_ri(&c->b, dst, v->imm);
		break;
	case V_COND:
		x86_setcc(&c->b, v->cc, dst);
		x86_extend_rr(&c->b, false, false, 1, dst, dst);
		break;
	case V_XMM:
		x86_movq_rx(&c->b, is64(v->type), dst, 0);
		break;
	default:
		x86_load(&c->b, is64(v->type), dst, slot(c, v->idx));
		break;
	}
}

/*
 * The stack values of kind (V_XMM, or V_LREG reading register reg) into
 * pool registers of their own: what they read is about to change.
 */
static void materialize(struct jit *c, u8 kind, int reg)
{
	u32 j;

	for (j = c->clean; j < c->sp; j++) {
		struct jv *v = &c->vs[j];
		int r;

		if (v->kind != kind || (kind == V_LREG && v->reg != reg))
			continue;
		r = alloc_reg(c, 0);
		load_val(c, v, r);
		v->kind = V_REG;
		v->reg = (u8)r;
		c->owner[r] = (s32)j;
	}
}

/* Store the value of v as 8 bytes to m (i32/f32 zero-extended). */
static void store_val(struct jit *c, const struct jv *v, struct x86_mem m)
{
	if (v->kind == V_REG || v->kind == V_LREG) {
		x86_store(&c->b, 8, m, v->reg);
	} else if (v->kind == V_CONST && x86_is_s32((s64)v->imm)) {
		x86_store_imm(&c->b, 8, m, (s32)v->imm);
	} else {
		load_val(c, v, R11);
		x86_store(&c->b, 8, m, R11);
	}
}

/* A register holding the popped value v, not in avoid (v's own if possible). */
static int to_reg(struct jit *c, struct jv *v, u32 avoid)
{
	int r;

	if (v->kind == V_REG && !(avoid & (1u << v->reg)))
		return v->reg;
	r = alloc_reg(c, avoid);
	load_val(c, v, r);
	release(c, v);
	v->kind = V_REG;
	v->reg = (u8)r;
	return r;
}

static int pop_reg(struct jit *c, u32 avoid)
{
	struct jv v = vpop(c);

	return to_reg(c, &v, avoid);
}

/* Pop the top into register r (which becomes a temp). */
static void pop_into(struct jit *c, int r)
{
	struct jv *t = vtop(c, 0);
	struct jv v;

	if (t->kind == V_REG && t->reg == r) {
		vpop(c);
		return;
	}
	take_reg(c, r);
	v = vpop(c);
	load_val(c, &v, r);
	release(c, &v);
}

static void spill_entry(struct jit *c, u32 i)
{
	struct jv *v = &c->vs[i];

	if (v->kind == V_MEM)
		return;
	v->idx = i;
	store_val(c, v, slot(c, i));
	if (v->kind == V_REG)
		free_reg(c, v->reg);
	v->kind = V_MEM;
}

static void spill_all(struct jit *c)
{
	u32 i;

	for (i = c->clean; i < c->sp; i++)
		spill_entry(c, i);
	c->clean = c->sp;
}

/* Drop everything above height h (unreachable code, branches). */
static void reset_stack(struct jit *c, u32 h)
{
	while (c->sp > h) {
		struct jv v = vpop(c);

		release(c, &v);
	}
	vtouch(c);
}

/* ---- fuel ------------------------------------------------------------------ */

/*
 * "cmp r12, cost; jl slow; sub r12, cost": slow is out of line at the
 * function's end (fuel_slow_paths()), calls the refill stub and jumps back
 * to the cmp.  Returns the offset of the cmp's imm32.
 */
static u32 fuel_check(struct jit *c, u32 cost, u32 *sub_patch)
{
	struct x86_buf *b = &c->b;
	u32 at = b->len, patch, f;

	patch = x86_alu_ri32(b, true, ALU_CMP, R12, cost);
	f = x86_jcc32(b, CC_L, 0);
	*sub_patch = x86_alu_ri32(b, true, ALU_SUB, R12, cost);
	if (b->err)
		return patch;
	if (c->nslow + 2 > c->slow_cap) {
		u32 ncap = c->slow_cap ? c->slow_cap * 2 : 256;
		u32 *n = wasm_kvmalloc((size_t)ncap * sizeof(u32));

		if (!n) {
			c->err = -WASM_ENOMEM;
			return patch;
		}
		if (c->nslow)
			memcpy(n, c->slow, (size_t)c->nslow * sizeof(u32));
		wasm_kvfree(c->slow);
		c->slow = n;
		c->slow_cap = ncap;
	}
	c->slow[c->nslow++] = f;
	c->slow[c->nslow++] = at;
	return patch;
}

/* The out-of-line halves of this function's fuel checks. */
static void fuel_slow_paths(struct jit *c)
{
	struct x86_buf *b = &c->b;
	u32 i;

	for (i = 0; i + 1 < c->nslow && !b->err; i += 2) {
		x86_bind32(b, c->slow[i]);
		x86_call_to(b, c->refill);
		x86_jmp_to(b, c->slow[i + 1]);
	}
	c->nslow = 0;
}

/* A fuel run starts here; its cost is the side table's (entry s). */
static void run_start(struct jit *c, const struct wasm_side *s)
{
	u32 sub;

	fuel_check(c, s->cost, &sub);
}

/* The side-table entry of the control instruction at byte at. */
static const struct wasm_side *side_at(struct jit *c, const u8 *at)
{
	u32 off = (u32)(at - c->m->bytes);

	while (c->k + 1 < c->nside && c->side[c->k].off < off)
		c->k++;
	return &c->side[c->k];
}

/* ---- labels ---------------------------------------------------------------- */

/* Bind a rel32 chain (each field holds the next field's offset, 0 ends). */
static void bind_list(struct jit *c, u32 list)
{
	while (list && !c->b.err) {
		u32 next = x86_get32(&c->b, list);

		x86_bind32(&c->b, list);
		list = next;
	}
}

/* Jump (cc < 0: unconditional) to label L. */
static void jump_label(struct jit *c, struct jctl *L, int cc)
{
	if (L->op == WASM_OP_LOOP) {
		if (cc < 0)
			x86_jmp_to(&c->b, L->loop_pos);
		else
			x86_jcc_to(&c->b, cc, L->loop_pos);
		return;
	}
	L->list = cc < 0 ? x86_jmp32(&c->b, L->list) : x86_jcc32(&c->b, cc, L->list);
}

static inline u32 label_arity(const struct jctl *L)
{
	return L->arity;
}

/* Must a branch to L move values? */
static bool br_needs_moves(struct jit *c, const struct jctl *L)
{
	u32 n = label_arity(L), j;

	if (!n)
		return false;
	if (c->sp - n != L->height)
		return true;
	for (j = 0; j < n; j++)
		if (c->vs[c->sp - n + j].kind != V_MEM)
			return true;
	return false;
}

/* Move the branch values into L's slots (no change to the compile state). */
static void br_moves(struct jit *c, const struct jctl *L)
{
	u32 n = label_arity(L), j;

	for (j = 0; j < n; j++) {
		struct jv v = c->vs[c->sp - n + j];
		u32 dst = L->height + j;

		v.idx = c->sp - n + j;
		if (v.kind == V_MEM && v.idx == dst)
			continue;
		if (v.kind == V_MEM) {
			x86_load(&c->b, true, R11, slot(c, v.idx));
			x86_store(&c->b, 8, slot(c, dst), R11);
		} else {
			store_val(c, &v, slot(c, dst));
		}
	}
}

/*
 * ret, or with a return thunk (WASM_JIT_RETHUNK_F) a jump through the
 * indirect-branch thunk to the home's safe return, which returns for us:
 * the image is too far from it for a rel32.  r11 is free at every return.
 */
static void emit_ret(struct jit *c)
{
	if (c->ret_target) {
		x86_movabs(&c->b, R11, (u64)(uintptr_t)c->ret_target);
		x86_jmp_to(&c->b, c->thunk);
	} else {
		x86_ret(&c->b);
	}
}

/* Return: results to rax and [rbp + 16 + 8 i], leave, ret. */
static void emit_return(struct jit *c)
{
	u32 n = c->ft->nresults, i;
	struct jv v;

	for (i = 1; i < n; i++) {
		v = c->vs[c->sp - n + i];
		v.idx = c->sp - n + i;
		store_val(c, &v, x86_m(RBP, 16 + 8 * (s32)i));
	}
	if (n) {
		v = c->vs[c->sp - n];
		v.idx = c->sp - n;
		load_val(c, &v, RAX);
	}
	x86_raw(&c->b, (const u8 *)"\xc9", 1);	/* leave */
	emit_ret(c);
}

/* Branch to L (cc < 0: always), from the current state. */
static void emit_br(struct jit *c, struct jctl *L, int cc)
{
	u32 skip;

	if (L->op == C_FUNC) {
		skip = cc >= 0 ? x86_jcc32(&c->b, cc ^ 1, 0) : 0;
		emit_return(c);
		if (cc >= 0)
			x86_bind32(&c->b, skip);
		return;
	}
	if (!br_needs_moves(c, L)) {
		jump_label(c, L, cc);
		return;
	}
	skip = cc >= 0 ? x86_jcc32(&c->b, cc ^ 1, 0) : 0;
	br_moves(c, L);
	jump_label(c, L, -1);
	if (cc >= 0)
		x86_bind32(&c->b, skip);
}

static inline void jmp_stub(struct jit *c, int cc, int trap)
{
	x86_jcc_to(&c->b, cc, c->trap_stub[trap]);
}

static void emit_ccall(struct jit *c, const void *fn)
{
	x86_movabs(&c->b, R11, (u64)(uintptr_t)fn);
	x86_call_to(&c->b, c->thunk);
}

/* After a call: the memory registers may be stale (grow, other instance). */
static void reload_mem(struct jit *c, bool base)
{
	if (!c->has_mem)
		return;
	x86_load(&c->b, true, R11, x86_m(R15, I_MEMORY));
	if (base)
		x86_load(&c->b, true, R14, x86_m(R11, M_BASE));
	x86_load(&c->b, true, R13, x86_m(R11, M_SIZE));
}

/* ---- image-wide code -------------------------------------------------------- */

/* The exit path shared by a normal return and the unwinder (eax = result). */
static void gen_exit(struct jit *c)
{
	struct x86_buf *b = &c->b;

	x86_load(b, true, RDI, x86_m(RBP, E_INST));
	x86_store(b, 8, x86_m(RDI, I_FUEL), R12);
	x86_load(b, true, RCX, x86_m(RBP, E_OLD_TRAP_SP));
	x86_store(b, 8, x86_m(RDI, I_TRAP_SP), RCX);
	x86_lea(b, true, RSP, x86_m(RBP, -40));
	x86_pop(b, R15);
	x86_pop(b, R14);
	x86_pop(b, R13);
	x86_pop(b, R12);
	x86_pop(b, RBX);
	x86_pop(b, RBP);
	emit_ret(c);
}

/* Load r14/r13 from r15's memory, if it has one (clobbers rdx). */
static void gen_load_mem(struct jit *c)
{
	struct x86_buf *b = &c->b;
	u32 j;

	x86_load(b, true, RDX, x86_m(R15, I_MEMORY));
	x86_test_rr(b, true, RDX, RDX);
	j = x86_jcc8(b, CC_E);
	x86_load(b, true, R14, x86_m(RDX, M_BASE));
	x86_load(b, true, R13, x86_m(RDX, M_SIZE));
	x86_bind8(b, j);
}

/* [base + rax * 8]: slot rax of an argument/result array */
static inline struct x86_mem slot_i(int base)
{
	struct x86_mem m = { (s8)base, RAX, 3, 0 };

	return m;
}

/*
 * Copy slots rax .. rcx - 1 from the array at src to the one at dst (r11
 * and rax clobbered) with a loop: handlers take one or two arguments,
 * where "rep movsq" costs more to start than it moves.
 */
static void gen_copy_slots(struct x86_buf *b, int src, int dst)
{
	u32 top = b->len, j;

	x86_alu_rr(b, true, ALU_CMP, RAX, RCX);
	j = x86_jcc8(b, CC_AE);
	x86_load(b, true, R11, slot_i(src));
	x86_store(b, 8, slot_i(dst), R11);
	x86_alu_ri(b, true, ALU_ADD, RAX, 1);
	x86_jmp_to(b, top);
	x86_bind8(b, j);
}

/*
 * The C ABI entries, int entry(struct wasm_instance *inst, const void
 * *code, u64 *slots, u64 nslots), begin alike: frame below rbp: rbx r12
 * r13 r14 r15, inst, slots, nslots, the previous trap_sp, padding (the
 * E_* offsets, which the unwinder relies on); r15 = inst, r12 = fuel,
 * trap_sp = rsp.  The argument area follows.
 */
static void gen_entry_enter(struct jit *c)
{
	struct x86_buf *b = &c->b;

	x86_endbr64(b);
	x86_push(b, RBP);
	x86_mov_rr(b, true, RBP, RSP);
	x86_push(b, RBX);
	x86_push(b, R12);
	x86_push(b, R13);
	x86_push(b, R14);
	x86_push(b, R15);
	x86_push(b, RDI);
	x86_push(b, RDX);
	x86_push(b, RCX);
	x86_push_m(b, x86_m(RDI, I_TRAP_SP));
	x86_alu_ri(b, true, ALU_SUB, RSP, 8);
	x86_mov_rr(b, true, R15, RDI);
	x86_store(b, 8, x86_m(R15, I_TRAP_SP), RSP);
	x86_load(b, true, R12, x86_m(R15, I_FUEL));
}

/*
 * The entry of exported function fidx: the generic entry specialised to
 * its type, calling it directly (no indirect branch: a retpoline in the
 * kernel) and copying exactly its parameters in and results out.
 * Returns its offset.
 */
static u32 gen_func_entry(struct jit *c, u32 fidx)
{
	const struct wasm_functype *ft = &c->m->types[c->m->funcs[fidx].type];
	u32 nslots = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
	u32 area = ((nslots + 1) & ~1u) * 8, i, off;
	struct x86_buf *b = &c->b;

	x86_align(b, 16);
	off = b->len;
	gen_entry_enter(c);
	if (area) {
		x86_lea(b, true, RBX, x86_m(RSP, -(s32)area));
		x86_alu_rm(b, true, ALU_CMP, RBX, x86_m(R15, I_STACK_LIMIT));
		x86_jcc_to(b, CC_B, c->trap_stub[WASM_TRAP_STACK]);
		x86_mov_rr(b, true, RSP, RBX);
	}
	for (i = 0; i < ft->nparams; i++) {
		x86_load(b, true, R11, x86_m(RDX, (s32)(8 * i)));
		x86_store(b, 8, x86_m(RSP, (s32)(8 * i)), R11);
	}
	gen_load_mem(c);
	x86_call_to(b, c->fn_off[fidx]);
	if (ft->nresults) {
		x86_load(b, true, RDX, x86_m(RBP, E_SLOTS));
		x86_store(b, 8, x86_m(RDX, 0), RAX);
	}
	for (i = 1; i < ft->nresults; i++) {
		x86_load(b, true, R11, x86_m(RSP, (s32)(8 * i)));
		x86_store(b, 8, x86_m(RDX, (s32)(8 * i)), R11);
	}
	x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
	gen_exit(c);
	return off;
}

/* What the refill stub keeps: the operand-stack pool (rbx is callee-saved). */
static const u8 refill_saved[] = { RAX, RCX, RDX, RSI, RDI, R8, R9, R10 };

static void gen_common(struct jit *c)
{
	struct x86_buf *b = &c->b;
	u32 j, j2, i;

	/* 0: a few int3 so that no function starts at offset 0 */
	for (i = 0; i < 16; i++)
		x86_raw(b, (const u8 *)"\xcc", 1);

	/* the indirect-branch thunk: target in r11 (first: returns use it) */
	c->thunk = b->len;
	if (c->retpoline) {
		/* call 1f; 2: pause; lfence; jmp 2b; 1: mov [rsp], r11; ret */
		x86_raw(b, (const u8 *)"\xe8\x07\x00\x00\x00\xf3\x90\x0f\xae\xe8\xeb\xf9"
			"\x4c\x89\x1c\x24", 16);
		x86_ret(b);
	} else {
		x86_jmp_r(b, R11);
		x86_raw(b, (const u8 *)"\xcc", 1);
	}

	/* the unwinder: eax = trap code, r15 = an instance of this invocation */
	c->trap_eax = b->len;
	x86_load(b, true, RSP, x86_m(R15, I_TRAP_SP));
	x86_lea(b, true, RBP, x86_m(RSP, E_FRAME));
	gen_exit(c);

	for (i = 1; i < WASM_TRAP_COUNT; i++) {
		c->trap_stub[i] = b->len;
		x86_mov_ri(b, RAX, i);
		x86_jmp_to(b, c->trap_eax);
	}

	/*
	 * refill: the slow path of a fuel check, called with rsp 16-aligned
	 * (+ the return address): wasm_rt_fuel_refill(r15) with every pool
	 * register (and the float scratch registers) kept, then back to the
	 * check, or to the unwinder with its trap code.
	 */
	c->refill = b->len;
	for (i = 0; i < ARRAY_SIZE(refill_saved); i++)
		x86_push(b, refill_saved[i]);
	x86_alu_ri(b, true, ALU_SUB, RSP, c->floats ? 24 : 8);
	if (c->floats) {
		x86_movq_mx(b, true, x86_m(RSP, 8), 0);
		x86_movq_mx(b, true, x86_m(RSP, 16), 1);
	}
	x86_store(b, 8, x86_m(R15, I_FUEL), R12);
	x86_mov_rr(b, true, RDI, R15);
	emit_ccall(c, wasm_rt_fuel_refill);
	x86_load(b, true, R12, x86_m(R15, I_FUEL));
	x86_mov_rr(b, true, R11, RAX);
	if (c->floats) {
		x86_movq_xm(b, true, 0, x86_m(RSP, 8));
		x86_movq_xm(b, true, 1, x86_m(RSP, 16));
	}
	x86_alu_ri(b, true, ALU_ADD, RSP, c->floats ? 24 : 8);
	for (i = ARRAY_SIZE(refill_saved); i-- > 0;)
		x86_pop(b, refill_saved[i]);
	x86_test_rr(b, false, R11, R11);
	j = x86_jcc8(b, CC_NE);
	emit_ret(c);		/* (r11 is free again) */
	x86_bind8(b, j);
	x86_mov_rr(b, false, RAX, R11);
	x86_jmp_to(b, c->trap_eax);

	/*
	 * xcall: call the funcinst in r11; arguments at [rsp + 8] (above our
	 * return address), results back there and in rax.
	 */
	c->xcall = b->len;
	x86_load(b, true, RAX, x86_m(R11, F_CODE));
	x86_test_rr(b, true, RAX, RAX);
	j = x86_jcc32(b, CC_E, 0);
	x86_load(b, true, RCX, x86_m(R11, F_INST));
	x86_alu_rr(b, true, ALU_CMP, RCX, R15);
	j2 = x86_jcc8(b, CC_NE);
	x86_mov_rr(b, true, R11, RAX);
	x86_jmp_to(b, c->thunk);
	/* another instance: it runs within our invocation */
	x86_bind8(b, j2);
	x86_load(b, true, RDX, x86_m(R15, I_TRAP_SP));
	x86_store(b, 8, x86_m(RCX, I_TRAP_SP), RDX);
	x86_load(b, true, RDX, x86_m(R15, I_STACK_LIMIT));
	x86_store(b, 8, x86_m(RCX, I_STACK_LIMIT), RDX);
	x86_load(b, true, RDX, x86_m(R15, I_BUDGET));
	x86_store(b, 8, x86_m(RCX, I_BUDGET), RDX);
	x86_mov_rr(b, true, R15, RCX);
	gen_load_mem(c);
	x86_mov_rr(b, true, R11, RAX);
	x86_jmp_to(b, c->thunk);
	/* no JIT code (host function, interpreted instance): through C */
	x86_bind32(b, j);
	x86_store(b, 8, x86_m(R15, I_FUEL), R12);
	x86_mov_rr(b, true, RDI, R15);
	x86_mov_rr(b, true, RSI, R11);
	x86_lea(b, true, RDX, x86_m(RSP, 8));
	x86_alu_ri(b, true, ALU_SUB, RSP, 8);
	emit_ccall(c, wasm_rt_call_func);
	x86_alu_ri(b, true, ALU_ADD, RSP, 8);
	x86_load(b, true, R12, x86_m(R15, I_FUEL));
	x86_test_rr(b, false, RAX, RAX);
	x86_jcc_to(b, CC_NE, c->trap_eax);
	x86_load(b, true, RAX, x86_m(RSP, 8));
	emit_ret(c);

	/* the generic C entry: any function of the image, code in rsi */
	c->entry = b->len;
	gen_entry_enter(c);
	/* argument area: nslots * 8 rounded up to 16, within the stack limit */
	x86_lea(b, true, RAX, x86_m(RCX, 1));
	x86_alu_ri(b, true, ALU_AND, RAX, -2);
	x86_shift_ri(b, true, SH_SHL, RAX, 3);
	x86_mov_rr(b, true, RBX, RSP);
	x86_alu_rr(b, true, ALU_SUB, RBX, RAX);
	x86_alu_rm(b, true, ALU_CMP, RBX, x86_m(R15, I_STACK_LIMIT));
	x86_jcc_to(b, CC_B, c->trap_stub[WASM_TRAP_STACK]);
	x86_mov_rr(b, true, RSP, RBX);
	/* the arguments */
	x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
	gen_copy_slots(b, RDX, RSP);
	x86_mov_rr(b, true, R11, RSI);
	gen_load_mem(c);
	x86_call_to(b, c->thunk);
	/* results: rax and [rsp + 8 ...] */
	x86_load(b, true, RCX, x86_m(RBP, E_NSLOTS));
	x86_test_rr(b, true, RCX, RCX);
	j = x86_jcc8(b, CC_E);
	x86_load(b, true, RDX, x86_m(RBP, E_SLOTS));
	x86_store(b, 8, x86_m(RDX, 0), RAX);
	x86_mov_ri(b, RAX, 1);
	gen_copy_slots(b, RSP, RDX);
	x86_bind8(b, j);
	x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
	gen_exit(c);
}

/* ---- integer operations ---------------------------------------------------- */

static inline bool imm_ok(const struct jv *v, bool w)
{
	return v->kind == V_CONST && (!w || x86_is_s32((s64)v->imm));
}

static const u8 cc_mirror[16] = {
	[CC_E] = CC_E, [CC_NE] = CC_NE, [CC_L] = CC_G, [CC_G] = CC_L, [CC_LE] = CC_GE,
	[CC_GE] = CC_LE, [CC_B] = CC_A, [CC_A] = CC_B, [CC_BE] = CC_AE, [CC_AE] = CC_BE,
};

/*
 * "a op= b" for a group-1 ALU op (or imul when alu < 0); returns a's
 * register (a temp).  commutative: the operands may be swapped to fold a
 * constant (*swapped tells).
 */
/*
 * The register operand for x of "x op= y": x's own register (*rx, a temp),
 * or for a compare of a register local, the local's register in place
 * (*rx then a fresh temp for the result).
 */
static int x_operand(struct jit *c, struct jv *x, int alu, u32 avoid, int *rx)
{
	if (alu == ALU_CMP && x->kind == V_LREG) {
		*rx = alloc_reg(c, avoid);
		return x->reg;
	}
	*rx = to_reg(c, x, avoid);
	return *rx;
}

static int binop(struct jit *c, bool w, int alu, bool commutative, bool *swapped)
{
	struct x86_buf *b = &c->b;
	struct jv y = vpop(c), x = vpop(c);
	int rx, ry, xo;

	if (swapped)
		*swapped = false;
	if (commutative && imm_ok(&x, w) && !imm_ok(&y, w)) {
		struct jv t = x;

		x = y;
		y = t;
		if (swapped)
			*swapped = true;
	}
	if (imm_ok(&y, w) && x.kind == V_LREG && (alu == ALU_ADD ||
	    (alu == ALU_SUB && (s32)y.imm != (s32)0x80000000))) {
		/* register local + constant: lea (32-bit for i32: wraps, zero-extends) */
		rx = alloc_reg(c, 0);
		x86_lea(b, w, rx, x86_m(x.reg, alu == ALU_ADD ? (s32)y.imm : -(s32)y.imm));
	} else if (imm_ok(&y, w) && x.kind == V_LREG && alu < 0) {
		rx = alloc_reg(c, 0);
		x86_imul_rri(b, w, rx, x.reg, (s32)y.imm);
	} else if (imm_ok(&y, w)) {
		xo = x_operand(c, &x, alu, 0, &rx);
		if (alu < 0)
			x86_imul_rri(b, w, rx, rx, (s32)y.imm);
		else
			x86_alu_ri(b, w, alu, xo, (s32)y.imm);
	} else if (y.kind == V_MEM) {
		xo = x_operand(c, &x, alu, 0, &rx);
		if (alu < 0)
			x86_imul_rm(b, w, rx, slot(c, y.idx));
		else
			x86_alu_rm(b, w, alu, xo, slot(c, y.idx));
	} else if (y.kind == V_LREG) {
		xo = x_operand(c, &x, alu, 0, &rx);
		if (alu < 0)
			x86_imul_rr(b, w, rx, y.reg);
		else
			x86_alu_rr(b, w, alu, xo, y.reg);
	} else {
		ry = to_reg(c, &y, 0);
		xo = x_operand(c, &x, alu, 1u << ry, &rx);
		if (alu < 0)
			x86_imul_rr(b, w, rx, ry);
		else
			x86_alu_rr(b, w, alu, xo, ry);
		free_reg(c, ry);
	}
	return rx;
}

/* The flags hold a compare: fuse with a following br_if/if, else setcc. */
static void cmp_result(struct jit *c, int r, int cc)
{
	if (*c->p == WASM_OP_BR_IF || *c->p == WASM_OP_IF) {
		free_reg(c, r);
		push_cond(c, cc);
		return;
	}
	x86_setcc(&c->b, cc, r);
	x86_extend_rr(&c->b, false, false, 1, r, r);
	push_reg(c, WASM_TYPE_I32, r);
}

static void op_compare(struct jit *c, bool w, int cc)
{
	bool swapped;
	int r = binop(c, w, ALU_CMP, true, &swapped);

	cmp_result(c, r, swapped ? cc_mirror[cc] : cc);
}

static void op_eqz(struct jit *c, bool w)
{
	struct jv v = vpop(c);
	int r;

	if (v.kind == V_LREG) {
		r = alloc_reg(c, 0);
		x86_test_rr(&c->b, w, v.reg, v.reg);
	} else {
		r = to_reg(c, &v, 0);
		x86_test_rr(&c->b, w, r, r);
	}
	cmp_result(c, r, CC_E);
}

static void op_shift(struct jit *c, bool w, int sh)
{
	struct jv *t = vtop(c, 0);
	int r;

	if (t->kind == V_CONST) {
		u8 n = (u8)(t->imm & (w ? 63 : 31));

		vpop(c);
		r = pop_reg(c, 0);
		if (n)
			x86_shift_ri(&c->b, w, sh, r, n);
		else if (!w)
			x86_mov_rr(&c->b, false, r, r);
		push_reg(c, w ? WASM_TYPE_I64 : WASM_TYPE_I32, r);
		return;
	}
	pop_into(c, RCX);
	r = pop_reg(c, 1u << RCX);
	x86_shift_cl(&c->b, w, sh, r);
	free_reg(c, RCX);
	push_reg(c, w ? WASM_TYPE_I64 : WASM_TYPE_I32, r);
}

/* div/rem: kind 0 div_s, 1 div_u, 2 rem_s, 3 rem_u */
static void op_divrem(struct jit *c, bool w, int kind)
{
	struct x86_buf *b = &c->b;
	bool sgn = !(kind & 1), rem = kind >= 2;
	struct jv *t = vtop(c, 0);
	int rd, j, j2 = 0;
	s64 k = 0;
	bool folded = false;

	if (t->kind == V_CONST) {
		k = w ? (s64)t->imm : (s64)(s32)(u32)t->imm;
		folded = k != 0 && !(sgn && k == -1);
	}
	if (folded) {
		vpop(c);
		rd = R11;
	} else {
		rd = pop_reg(c, (1u << RAX) | (1u << RDX));
	}
	pop_into(c, RAX);
	take_reg(c, RDX);
	if (folded)
		x86_mov_ri(b, R11, w ? (u64)k : (u32)k);
	if (!folded) {
		x86_test_rr(b, w, rd, rd);
		jmp_stub(c, CC_E, WASM_TRAP_DIV_ZERO);
	}
	if (sgn && !folded) {
		x86_alu_ri(b, w, ALU_CMP, rd, -1);
		j = x86_jcc8(b, CC_NE);
		if (rem) {
			x86_alu_rr(b, false, ALU_XOR, RDX, RDX);
			j2 = x86_jmp8(b);
		} else {
			if (w) {
				x86_mov_ri(b, R11, 0x8000000000000000ull);
				x86_alu_rr(b, true, ALU_CMP, RAX, R11);
			} else {
				x86_alu_ri(b, false, ALU_CMP, RAX, (s32)0x80000000);
			}
			jmp_stub(c, CC_E, WASM_TRAP_INT_OVERFLOW);
		}
		x86_bind8(b, j);
	}
	if (sgn) {
		x86_cdq(b, w);
		x86_grp3(b, w, 7, rd);
	} else {
		x86_alu_rr(b, false, ALU_XOR, RDX, RDX);
		x86_grp3(b, w, 6, rd);
	}
	if (j2)
		x86_bind8(b, j2);
	if (rd != R11)
		free_reg(c, rd);
	if (rem) {
		free_reg(c, RAX);
		push_reg(c, w ? WASM_TYPE_I64 : WASM_TYPE_I32, RDX);
	} else {
		free_reg(c, RDX);
		push_reg(c, w ? WASM_TYPE_I64 : WASM_TYPE_I32, RAX);
	}
}

static u64 jit_popcnt(u64 x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (x * 0x0101010101010101ull) >> 56;
}

/* Call a C function u64 fn(u64 a, u64 b) on the top value(s). */
static void op_ccall_val(struct jit *c, int nargs, u64 arg2, const void *fn, u8 rtype)
{
	struct jv v;

	spill_all(c);
	lsave(c);
	v = vpop(c);
	x86_load(&c->b, is64(v.type), RDI, slot(c, v.idx));
	if (nargs > 1)
		x86_mov_ri(&c->b, RSI, arg2);
	emit_ccall(c, fn);
	lload(c);
	take_reg(c, RAX);
	if (!is64(rtype))
		x86_mov_rr(&c->b, false, RAX, RAX);
	push_reg(c, rtype, RAX);
}

/* clz 0, ctz 1, popcnt 2 */
static void op_bitcount(struct jit *c, bool w, int kind)
{
	struct x86_buf *b = &c->b;
	int r;

	if (kind == 2 && !c->popcnt) {
		op_ccall_val(c, 1, 0, jit_popcnt, w ? WASM_TYPE_I64 : WASM_TYPE_I32);
		return;
	}
	r = pop_reg(c, 0);
	if (kind == 2) {
		x86_bitscan(b, 0xf3, w, 0x0fb8, r, r);
	} else if (kind == 0 && c->lzcnt) {
		x86_bitscan(b, 0xf3, w, 0x0fbd, r, r);
	} else if (kind == 1 && c->tzcnt) {
		x86_bitscan(b, 0xf3, w, 0x0fbc, r, r);
	} else if (kind == 0) {
		/* bsr; zero input -> 2 * width - 1; xor with width - 1 */
		x86_bitscan(b, 0, w, 0x0fbd, r, r);
		x86_mov_ri(b, R11, w ? 127 : 63);
		x86_cmov_rr(b, w, CC_E, r, R11);
		x86_alu_ri(b, w, ALU_XOR, r, w ? 63 : 31);
	} else {
		x86_bitscan(b, 0, w, 0x0fbc, r, r);
		x86_mov_ri(b, R11, w ? 64 : 32);
		x86_cmov_rr(b, w, CC_E, r, R11);
	}
	push_reg(c, w ? WASM_TYPE_I64 : WASM_TYPE_I32, r);
}

/* ---- floats in xmm0 -------------------------------------------------------------- */

/* Stack values left in xmm0 (V_XMM) to general registers: xmm0 is about to change. */
static void xmm_flush(struct jit *c)
{
	materialize(c, V_XMM, 0);
}

/* The popped float value v into xmm register x (v in xmm0 stays there when x is 0). */
static void xmm_in(struct jit *c, struct jv *v, int x)
{
	bool w = is64(v->type);

	switch (v->kind) {
	case V_XMM:
		if (x)
			x86_movaps(&c->b, x, 0);
		break;
	case V_REG:
	case V_LREG:
		x86_movq_xr(&c->b, w, x, v->reg);
		break;
	case V_MEM:
		x86_movq_xm(&c->b, w, x, slot(c, v->idx));
		break;
	default:
		load_val(c, v, R11);
		x86_movq_xr(&c->b, w, x, R11);
		break;
	}
	release(c, v);
}

static void push_xmm(struct jit *c, u8 type)
{
	vpush(c, V_XMM, type);
}

/* ---- linear memory ----------------------------------------------------------- */

/* Bounds-check [addr + off, + size) and return a register with the masked ea. */
static int mem_ea(struct jit *c, struct jv *addr, u32 off, u32 size)
{
	struct x86_buf *b = &c->b;
	int a;

	/*
	 * A constant address within the memory the instance has now: in
	 * bounds for good (memories never shrink), no check, no mask.
	 */
	if (addr->kind == V_CONST && (u64)(u32)addr->imm + off + size <= c->mem_min) {
		a = alloc_reg(c, 0);
		x86_mov_ri(b, a, (u64)(u32)addr->imm + off);
		return a;
	}
	/* r11 (a itself for 1 byte) = ea + size - 1, the last byte: in bounds iff < r13 */
	if (off <= 0x7fffffff - 8) {
		/* a local's register is read, not changed: the ea goes to a new one */
		int base = addr->kind == V_LREG ? addr->reg : to_reg(c, addr, 0);

		a = addr->kind == V_LREG ? alloc_reg(c, 0) : base;
		if (size > 1)
			x86_lea(b, true, R11, x86_m(base, (s32)(off + size - 1)));
		if (off)
			x86_lea(b, true, a, x86_m(base, (s32)off));
		else if (a != base)
			x86_mov_rr(b, true, a, base);
	} else {
		a = to_reg(c, addr, 0);
		x86_mov_ri(b, R11, off);
		x86_alu_rr(b, true, ALU_ADD, a, R11);
		if (size > 1)
			x86_lea(b, true, R11, x86_m(a, (s32)(size - 1)));
	}
	x86_alu_rr(b, true, ALU_CMP, size > 1 ? R11 : a, R13);
	jmp_stub(c, CC_AE, WASM_TRAP_MEM_OOB);
	/* speculation: a = 0 when the branch above was mispredicted (CF clear) */
	x86_alu_rr(b, true, ALU_SBB, R11, R11);
	x86_alu_rr(b, true, ALU_AND, a, R11);
	return a;
}

/* f.add/sub/mul/div of a type: the ones that take a memory operand */
static inline bool farith(u8 op, u8 type)
{
	u8 x = op_x86[op];

	return wasm_opinfo[op].cls == WASM_CLASS_FBIN && wasm_opinfo[op].out == type &&
	       (x == SSE_ADD || x == SSE_SUB || x == SSE_MUL || x == SSE_DIV);
}

static void op_load(struct jit *c, u8 op)
{
	struct x86_buf *b = &c->b;
	u32 off, size;
	bool w = false, sx = false;
	u8 type;
	struct jv addr;
	struct x86_mem m;
	int a;

	skip_leb(c);
	off = rd_u32(c);
	size = 1u << wasm_opinfo[op].align;
	type = wasm_opinfo[op].out;
	sx = wasm_opinfo[op].sign == WASM_SIGN_S;
	w = type == WASM_TYPE_I64 && sx;
	addr = vpop(c);
	a = mem_ea(c, &addr, off, size);
	m = x86_mi(R14, a, 0, 0);
	/* x; f.load; f.add/sub/mul/div: the load is the op's memory operand */
	if (farith(*c->p, type)) {
		u8 fop = *c->p++;
		struct jv x = vpop(c);

		xmm_flush(c);
		xmm_in(c, &x, 0);
		x86_sse_rm(b, size == 8, op_x86[fop], 0, m);
		free_reg(c, a);
		push_xmm(c, type);
		return;
	}
	if (size == 8)
		x86_load(b, true, a, m);
	else if (size == 4 && !sx)
		x86_load(b, false, a, m);
	else
		x86_loadx(b, w, sx, (int)size, a, m);
	push_reg(c, type, a);
}

static void op_store(struct jit *c, u8 op)
{
	struct x86_buf *b = &c->b;
	u32 off, size;
	struct jv val, addr;
	struct x86_mem m;
	int a, rv = -1;

	skip_leb(c);
	off = rd_u32(c);
	size = 1u << wasm_opinfo[op].align;
	val = vpop(c);
	addr = vpop(c);
	if (val.kind == V_LREG)
		rv = val.reg;
	else if (val.kind == V_XMM)
		rv = -1;	/* stored from xmm0 below */
	else if (!(val.kind == V_CONST && (size < 8 || x86_is_s32((s64)val.imm))))
		rv = to_reg(c, &val, 0);
	a = mem_ea(c, &addr, off, size);
	m = x86_mi(R14, a, 0, 0);
	if (val.kind == V_XMM) {
		x86_movq_mx(b, size == 8, m, 0);
	} else if (rv >= 0) {
		x86_store(b, (int)size, m, rv);
		if (val.kind != V_LREG)
			free_reg(c, rv);
	} else {
		x86_store_imm(b, (int)size, m, (s32)val.imm);
	}
	free_reg(c, a);
}

/* The top n values, all spilled, as arguments: load one into reg. */
static void stack_arg(struct jit *c, int reg, u32 depth)
{
	u32 i = c->sp - 1 - depth;

	x86_load(&c->b, is64(c->vs[i].type), reg, slot(c, i));
}

static void check_trap_eax(struct jit *c)
{
	x86_test_rr(&c->b, false, RAX, RAX);
	x86_jcc_to(&c->b, CC_NE, c->trap_eax);
}

/*
 * A runtime helper taking (inst, imm..., stack values...) in C argument
 * registers; nimm immediates then nstack values (deepest first).  Returns
 * with the values popped and rax holding the helper's result.  Fuel goes
 * to the instance and back: the bulk helpers charge for their work.
 */
static void op_helper(struct jit *c, const void *fn, u32 nimm, u32 imm0, u32 imm1, u32 nstack)
{
	static const u8 argreg[] = { RSI, RDX, RCX, R8, R9 };
	u32 i, a = 0;

	spill_all(c);
	lsave(c);
	x86_mov_rr(&c->b, true, RDI, R15);
	if (nimm > 0)
		x86_mov_ri(&c->b, argreg[a++], imm0);
	if (nimm > 1)
		x86_mov_ri(&c->b, argreg[a++], imm1);
	for (i = 0; i < nstack; i++)
		stack_arg(c, argreg[a++], nstack - 1 - i);
	reset_stack(c, c->sp - nstack);
	x86_store(&c->b, 8, x86_m(R15, I_FUEL), R12);
	emit_ccall(c, fn);
	x86_load(&c->b, true, R12, x86_m(R15, I_FUEL));
	lload(c);
}

/* ---- floats (raw bits in general registers, computed in xmm0/xmm1) ----------- */

/*
 * Integer-only rounding of an IEEE value, for CPUs without SSE4.1.
 * arg: mode (0 nearest-even, 1 floor, 2 ceil, 3 trunc) | 0x100 for f64.
 */
static u64 jit_fround(u64 x, u64 arg)
{
	bool dbl = arg & 0x100;
	int mode = (int)(arg & 3);
	int mbits = dbl ? 52 : 23, ebias = dbl ? 1023 : 127, emax = dbl ? 0x7ff : 0xff;
	u64 signbit = 1ull << (dbl ? 63 : 31);
	u64 one = (u64)ebias << mbits;
	int e = (int)((x >> mbits) & (u64)emax);
	u64 sign = x & signbit, mag = x & ~signbit, fmask, ip, unit, frac, half;
	bool up;

	if (e == emax)
		return mag > ((u64)emax << mbits) ? x | (1ull << (mbits - 1)) : x;
	e -= ebias;
	if (e >= mbits)
		return x;
	if (e < 0) {
		if (!mag)
			return x;
		if (mode == 1)
			return sign ? sign | one : 0;
		if (mode == 2)
			return sign ? sign : one;
		if (mode == 3)
			return sign;
		return mag > (u64)(ebias - 1) << mbits ? sign | one : sign;
	}
	unit = 1ull << (mbits - e);
	fmask = unit - 1;
	frac = x & fmask;
	if (!frac)
		return x;
	ip = x & ~fmask;
	half = unit >> 1;
	if (mode == 1)
		up = sign;
	else if (mode == 2)
		up = !sign;
	else if (mode == 3)
		up = false;
	else
		up = frac > half || (frac == half && (e == 0 || (x & unit)));
	return up ? ip + unit : ip;
}

/* add/sub/mul/div: xmm0 = x op y, the result left in xmm0 */
static void fbinop(struct jit *c, bool dbl, u8 op)
{
	struct jv y = vpop(c), x = vpop(c);

	xmm_flush(c);
	if (y.kind == V_XMM) {
		xmm_in(c, &y, 1);
		xmm_in(c, &x, 0);
	} else {
		xmm_in(c, &x, 0);
		xmm_in(c, &y, 1);
	}
	x86_sse_rr(&c->b, dbl, op, 0, 1);
	push_xmm(c, dbl ? WASM_TYPE_F64 : WASM_TYPE_F32);
}

static void fminmax(struct jit *c, bool dbl, bool min)
{
	struct x86_buf *b = &c->b;
	struct jv y = vpop(c), x = vpop(c);
	int ry = to_reg(c, &y, 0), rx = to_reg(c, &x, 1u << ry);
	u32 jnan, jne, jd1, jd2;

	xmm_flush(c);
	x86_movq_xr(b, dbl, 0, rx);
	x86_movq_xr(b, dbl, 1, ry);
	x86_ucomis(b, dbl, 0, 1);
	jnan = x86_jcc8(b, CC_P);
	jne = x86_jcc8(b, CC_NE);
	/* equal: -0 vs +0 decided by the sign bits */
	x86_sse_logic(b, min ? 0x56 : 0x54, 0, 1);
	jd1 = x86_jmp8(b);
	x86_bind8(b, jnan);
	x86_sse_rr(b, dbl, 0x58, 0, 1);		/* a NaN operand: NaN result */
	jd2 = x86_jmp8(b);
	x86_bind8(b, jne);
	x86_sse_rr(b, dbl, min ? 0x5d : 0x5f, 0, 1);
	x86_bind8(b, jd1);
	x86_bind8(b, jd2);
	x86_movq_rx(b, dbl, rx, 0);
	free_reg(c, ry);
	push_reg(c, dbl ? WASM_TYPE_F64 : WASM_TYPE_F32, rx);
}

/* abs 0, neg 1, copysign 2: bit operations, no SSE */
static void fsign(struct jit *c, bool dbl, int kind)
{
	struct x86_buf *b = &c->b;
	int rx, ry = -1;

	if (kind == 2) {
		struct jv y = vpop(c);

		ry = to_reg(c, &y, 0);
		rx = pop_reg(c, 1u << ry);
	} else {
		rx = pop_reg(c, 0);
	}
	if (dbl)
		x86_bt_ri(b, true, kind == 1 ? 7 : 6, rx, 63);
	else if (kind == 1)
		x86_alu_ri(b, false, ALU_XOR, rx, (s32)0x80000000);
	else
		x86_alu_ri(b, false, ALU_AND, rx, 0x7fffffff);
	if (kind == 2) {
		if (dbl) {
			x86_shift_ri(b, true, SH_SHR, ry, 63);
			x86_shift_ri(b, true, SH_SHL, ry, 63);
		} else {
			x86_alu_ri(b, false, ALU_AND, ry, (s32)0x80000000);
		}
		x86_alu_rr(b, dbl, ALU_OR, rx, ry);
		free_reg(c, ry);
	}
	push_reg(c, dbl ? WASM_TYPE_F64 : WASM_TYPE_F32, rx);
}

/* sqrt (mode < 0) or rounding mode 0 nearest, 1 floor, 2 ceil, 3 trunc */
static void funary(struct jit *c, bool dbl, int mode)
{
	struct x86_buf *b = &c->b;
	u8 t = dbl ? WASM_TYPE_F64 : WASM_TYPE_F32;
	struct jv v;

	if (mode >= 0 && !c->sse41) {
		xmm_flush(c);
		op_ccall_val(c, 2, (u64)mode | (dbl ? 0x100 : 0), jit_fround, t);
		return;
	}
	v = vpop(c);
	xmm_flush(c);
	xmm_in(c, &v, 0);
	if (mode < 0)
		x86_sse_rr(b, dbl, 0x51, 0, 0);
	else
		x86_round(b, dbl, 0, 0, (u8)(mode | 8));
	push_xmm(c, t);
}

/* eq 0, ne 1, lt 2, gt 3, le 4, ge 5 */
static void fcompare(struct jit *c, bool dbl, int kind)
{
	struct x86_buf *b = &c->b;
	struct jv y = vpop(c), x = vpop(c);
	int ry = to_reg(c, &y, 0), rx = to_reg(c, &x, 1u << ry);
	bool swap = kind == 2 || kind == 4;

	xmm_flush(c);
	x86_movq_xr(b, dbl, 0, rx);
	x86_movq_xr(b, dbl, 1, ry);
	free_reg(c, ry);
	x86_ucomis(b, dbl, swap ? 1 : 0, swap ? 0 : 1);
	if (kind >= 2) {
		cmp_result(c, rx, kind <= 3 ? CC_A : CC_AE);
		return;
	}
	x86_setcc(b, kind ? CC_NE : CC_E, rx);
	x86_setcc(b, kind ? CC_P : CC_NP, R11);
	x86_extend_rr(b, false, false, 1, rx, rx);
	x86_extend_rr(b, false, false, 1, R11, R11);
	x86_alu_rr(b, false, kind ? ALU_OR : ALU_AND, rx, R11);
	push_reg(c, WASM_TYPE_I32, rx);
}

/* float -> int, trapping or saturating */
static void op_trunc(struct jit *c, bool dbl, bool dst64, bool sgn, bool sat)
{
	struct x86_buf *b = &c->b;
	u64 lo, hi, p63 = dbl ? 0x43e0000000000000ull : 0x5f000000;
	bool lo_incl = sgn && (dst64 || !dbl);
	u32 jn = 0, jl = 0, jh = 0, jbig, jd, e1, e2, e3;
	int r;

	xmm_flush(c);
	if (sgn && !dst64) {
		lo = dbl ? 0xc1e0000000200000ull : 0xcf000000;
		hi = dbl ? 0x41e0000000000000ull : 0x4f000000;
	} else if (sgn) {
		lo = dbl ? 0xc3e0000000000000ull : 0xdf000000;
		hi = p63;
	} else {
		lo = dbl ? 0xbff0000000000000ull : 0xbf800000;
		if (dst64)
			hi = dbl ? 0x43f0000000000000ull : 0x5f800000;
		else
			hi = dbl ? 0x41f0000000000000ull : 0x4f800000;
	}
	r = pop_reg(c, 0);
	x86_movq_xr(b, dbl, 0, r);
	x86_ucomis(b, dbl, 0, 0);
	if (sat)
		jn = x86_jcc32(b, CC_P, 0);
	else
		jmp_stub(c, CC_P, WASM_TRAP_INVALID_CONV);
	x86_mov_ri(b, R11, lo);
	x86_movq_xr(b, dbl, 1, R11);
	x86_ucomis(b, dbl, 0, 1);
	if (sat)
		jl = x86_jcc32(b, lo_incl ? CC_B : CC_BE, 0);
	else
		jmp_stub(c, lo_incl ? CC_B : CC_BE, WASM_TRAP_INT_OVERFLOW);
	x86_mov_ri(b, R11, hi);
	x86_movq_xr(b, dbl, 1, R11);
	x86_ucomis(b, dbl, 0, 1);
	if (sat)
		jh = x86_jcc32(b, CC_AE, 0);
	else
		jmp_stub(c, CC_AE, WASM_TRAP_INT_OVERFLOW);
	if (dst64 && !sgn) {
		x86_mov_ri(b, R11, p63);
		x86_movq_xr(b, dbl, 1, R11);
		x86_ucomis(b, dbl, 0, 1);
		jbig = x86_jcc8(b, CC_AE);
		x86_cvtt2si(b, dbl, true, r, 0);
		jd = x86_jmp8(b);
		x86_bind8(b, jbig);
		x86_sse_rr(b, dbl, 0x5c, 0, 1);
		x86_cvtt2si(b, dbl, true, r, 0);
		x86_bt_ri(b, true, 7, r, 63);
		x86_bind8(b, jd);
	} else {
		x86_cvtt2si(b, dbl, dst64 || !sgn, r, 0);
		if (!dst64)
			x86_mov_rr(b, false, r, r);
	}
	if (sat) {
		e1 = x86_jmp32(b, 0);
		x86_bind32(b, jn);
		x86_alu_rr(b, false, ALU_XOR, r, r);
		e2 = x86_jmp32(b, 0);
		x86_bind32(b, jl);
		x86_mov_ri(b, r, sgn ? (dst64 ? 0x8000000000000000ull : 0x80000000) : 0);
		e3 = x86_jmp32(b, 0);
		x86_bind32(b, jh);
		x86_mov_ri(b, r, sgn ? (dst64 ? 0x7fffffffffffffffull : 0x7fffffff) :
			   (dst64 ? ~0ull : 0xffffffff));
		x86_bind32(b, e1);
		x86_bind32(b, e2);
		x86_bind32(b, e3);
	}
	push_reg(c, dst64 ? WASM_TYPE_I64 : WASM_TYPE_I32, r);
}

/* int -> float */
static void op_convert(struct jit *c, bool dbl, bool src64, bool sgn)
{
	struct x86_buf *b = &c->b;
	int r = pop_reg(c, 0);
	u32 jneg, jd;

	xmm_flush(c);
	if (src64 && !sgn) {
		x86_test_rr(b, true, r, r);
		jneg = x86_jcc8(b, CC_S);
		x86_cvtsi2f(b, dbl, true, 0, r);
		jd = x86_jmp8(b);
		x86_bind8(b, jneg);
		x86_mov_rr(b, true, R11, r);
		x86_alu_ri(b, false, ALU_AND, R11, 1);
		x86_shift_ri(b, true, SH_SHR, r, 1);
		x86_alu_rr(b, true, ALU_OR, r, R11);
		x86_cvtsi2f(b, dbl, true, 0, r);
		x86_sse_rr(b, dbl, 0x58, 0, 0);
		x86_bind8(b, jd);
	} else {
		x86_cvtsi2f(b, dbl, src64 || !sgn, 0, r);
	}
	x86_movq_rx(b, dbl, r, 0);
	push_reg(c, dbl ? WASM_TYPE_F64 : WASM_TYPE_F32, r);
}

static void op_fwiden(struct jit *c, bool promote)
{
	struct x86_buf *b = &c->b;
	int r = pop_reg(c, 0);

	xmm_flush(c);
	x86_movq_xr(b, !promote, 0, r);
	x86_sse_rr(b, !promote, 0x5a, 0, 0);
	x86_movq_rx(b, promote, r, 0);
	push_reg(c, promote ? WASM_TYPE_F64 : WASM_TYPE_F32, r);
}

/* ---- control ------------------------------------------------------------------ */

static void rd_blocktype(struct jit *c, const u8 **pt, u32 *np, const u8 **rt, u32 *nr)
{
	struct wasm_blocktype bt;

	wasm_blocktype_read(c->m, &c->p, &bt);
	*pt = bt.params;
	*np = bt.nparams;
	*rt = bt.results;
	*nr = bt.nresults;
}

/* block, loop, if: entry s opens block L (the side table's heights) */
static void op_block(struct jit *c, u8 op, const struct wasm_side *s)
{
	struct jctl *L = &c->cs[s - c->side];
	struct jv cond;
	int cc = CC_NE;

	memset(L, 0, sizeof(*L));
	L->op = op;
	rd_blocktype(c, &L->ptypes, &L->nparams, &L->rtypes, &L->nresults);
	L->height = s->height;
	L->arity = s->arity;
	L->dead = c->dead;
	if (c->dead)
		return;
	if (op == WASM_OP_IF) {
		cond = vpop(c);
		if (cond.kind == V_COND) {
			cc = cond.cc;
			spill_all(c);
		} else if (cond.kind == V_LREG) {
			spill_all(c);
			x86_test_rr(&c->b, false, cond.reg, cond.reg);
		} else {
			int r = to_reg(c, &cond, 0);

			spill_all(c);
			x86_test_rr(&c->b, false, r, r);
			free_reg(c, r);
		}
	} else {
		spill_all(c);
	}
	if (op == WASM_OP_BLOCK)
		return;
	if (op == WASM_OP_IF)
		L->else_list = x86_jcc32(&c->b, cc ^ 1, 0);
	if (op == WASM_OP_LOOP) {
		x86_align(&c->b, 16);	/* the back edges' target */
		L->loop_pos = c->b.len;
	}
	run_start(c, s);
}

static void push_types_mem(struct jit *c, const u8 *t, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		push_mem(c, t[i]);
}

static void op_else(struct jit *c, const struct wasm_side *s)
{
	struct jctl *L = &c->cs[s->block];

	if (L->dead)
		return;
	if (!c->dead) {
		spill_all(c);
		L->list = x86_jmp32(&c->b, L->list);
	}
	bind_list(c, L->else_list);
	L->else_list = 0;
	L->op = WASM_OP_ELSE;
	reset_stack(c, L->height);
	push_types_mem(c, L->ptypes, L->nparams);
	c->dead = s->flags & WASM_SIDE_NEXT_UNREACHED;
	run_start(c, s);
}

static void op_end(struct jit *c, const struct wasm_side *s)
{
	struct jctl *L = &c->cs[s->block];
	bool reach = !(s->flags & WASM_SIDE_NEXT_UNREACHED);

	if (L->op == C_FUNC) {
		if (!c->dead)
			emit_return(c);
		c->done = true;
		return;
	}
	if (L->dead)
		return;
	if (!c->dead)
		spill_all(c);
	bind_list(c, L->list);
	bind_list(c, L->else_list);
	reset_stack(c, L->height);
	push_types_mem(c, L->rtypes, L->nresults);
	c->dead = !reach;
	if (reach)
		run_start(c, s);
}

/* After unreachable, br, br_table, return (entry s): nothing is reached. */
static void set_dead(struct jit *c, const struct wasm_side *s)
{
	reset_stack(c, c->cs[s->block].height);
	c->dead = true;
}

static void op_br(struct jit *c, const struct wasm_side *s)
{
	rd_u32(c);
	emit_br(c, &c->cs[s->target], -1);
	set_dead(c, s);
}

static void op_br_if(struct jit *c, const struct wasm_side *s)
{
	struct jctl *L = &c->cs[s->target];
	struct jv cond;
	int cc = CC_NE;

	rd_u32(c);
	cond = vpop(c);
	if (cond.kind == V_COND) {
		cc = cond.cc;
	} else if (cond.kind == V_LREG) {
		x86_test_rr(&c->b, false, cond.reg, cond.reg);
	} else {
		int r = to_reg(c, &cond, 0);

		x86_test_rr(&c->b, false, r, r);
		free_reg(c, r);
	}
	emit_br(c, L, cc);
	run_start(c, s);
}

/* The landing pad of a br_table target: moves, then jump (or return). */
static void br_pad(struct jit *c, struct jctl *L)
{
	x86_endbr64(&c->b);
	emit_br(c, L, -1);
}

static void op_br_table(struct jit *c, const struct wasm_side *s)
{
	const u32 *labels = c->m->side_labels + s->target;
	struct x86_buf *b = &c->b;
	u32 n = rd_u32(c), i, tab;
	int r;

	for (i = 0; i <= n; i++)
		skip_leb(c);
	r = pop_reg(c, 0);
	spill_all(c);
	/* clamp: out of range -> the default (entry n), without a branch */
	x86_mov_ri(b, R11, n);
	x86_alu_rr(b, false, ALU_CMP, r, R11);
	x86_cmov_rr(b, false, CC_A, r, R11);
	if (n < 8) {
		for (i = 0; i <= n; i++) {
			struct jctl *L = &c->cs[labels[i]];

			if (i < n) {
				x86_alu_ri(b, false, ALU_CMP, r, (s32)i);
				emit_br(c, L, CC_E);
			} else {
				emit_br(c, L, -1);
			}
		}
	} else {
		/*
		 * lea r11, [rip + table]; r11 += 4 * r + 4; r = table[r]; r11 += r;
		 * jmp r11 (through the thunk).  Entries are rel32 fields (relative
		 * to their own end), chained per label like branches, pointing at
		 * per-label pads (endbr64 for IBT, then the branch moves).
		 */
		x86_raw(b, (const u8 *)"\x4c\x8d\x1d", 3);
		x86_d(b, 0);
		tab = b->len - 4;
		x86_lea(b, true, R11, x86_mi(R11, r, 2, 4));
		x86_loadx(b, true, true, 4, r, x86_m(R11, -4));
		x86_alu_rr(b, true, ALU_ADD, R11, r);
		x86_jmp_to(b, c->thunk);
		x86_put32(b, tab, b->len - (tab + 4));
		for (i = 0; i <= n; i++) {
			struct jctl *L = &c->cs[labels[i]];

			x86_room(b);
			x86_d(b, L->pad_list);
			L->pad_list = b->len - 4;
		}
		for (i = 0; i <= n; i++) {
			struct jctl *L = &c->cs[labels[i]];

			if (!L->pad_list)
				continue;
			bind_list(c, L->pad_list);
			L->pad_list = 0;
			br_pad(c, L);
		}
	}
	free_reg(c, r);
	set_dead(c, s);
}

/* ---- calls ------------------------------------------------------------------------ */

/* Arguments to the outgoing area, everything else spilled. */
static void call_args(struct jit *c, const struct wasm_functype *ft)
{
	u32 np = ft->nparams, i;
	u32 need = np > ft->nresults ? np : ft->nresults;

	for (i = 0; i < np; i++) {
		struct jv v = c->vs[c->sp - np + i];

		v.idx = c->sp - np + i;
		store_val(c, &v, x86_m(RSP, 8 * (s32)i));
	}
	reset_stack(c, c->sp - np);
	spill_all(c);
	lsave(c);
	if (need > c->max_out)
		c->max_out = need;
}

static void call_results(struct jit *c, const struct wasm_functype *ft, bool via_funcinst)
{
	u32 i;

	if (via_funcinst) {
		x86_load(&c->b, true, R15, x86_m(RBP, -8));
		reload_mem(c, true);
	} else {
		reload_mem(c, false);
	}
	lload(c);
	for (i = 0; i < ft->nresults; i++) {
		if (i == 0) {
			take_reg(c, RAX);
			if (via_funcinst && !is64(ft->results[0]))
				x86_mov_rr(&c->b, false, RAX, RAX);
			push_reg(c, ft->results[0], RAX);
			continue;
		}
		x86_load(&c->b, true, R11, x86_m(RSP, 8 * (s32)i));
		x86_store(&c->b, 8, slot(c, c->sp), R11);
		push_mem(c, ft->results[i]);
	}
}

/*
 * A call of an imported host function: straight into its C function (the
 * image is this instance's, its imports resolved), as call_host() would:
 * fn(caller, data, slots) with the arguments at [rsp], a trap code out of
 * range is a HOST trap.  The host function's base cost is checked first;
 * fuel goes to the instance around the call, for what it charges itself.
 */
static void op_call_host(struct jit *c, const struct wasm_host_func *h)
{
	struct x86_buf *b = &c->b;
	u32 sub;

	if (h->fuel)
		fuel_check(c, h->fuel, &sub);
	/* the host function may charge for its work (wasm_fuel_charge) */
	x86_store(b, 8, x86_m(R15, I_FUEL), R12);
	x86_mov_rr(b, true, RDI, R15);
	x86_movabs(b, RSI, (u64)(uintptr_t)h->data);
	x86_mov_rr(b, true, RDX, RSP);
	emit_ccall(c, h->fn);
	x86_load(b, true, R12, x86_m(R15, I_FUEL));
	x86_alu_ri(b, false, ALU_CMP, RAX, WASM_TRAP_COUNT);
	jmp_stub(c, CC_AE, WASM_TRAP_HOST);
	x86_test_rr(b, false, RAX, RAX);
	x86_jcc_to(b, CC_NE, c->trap_eax);
	x86_load(b, true, RAX, x86_m(RSP, 0));
}

static void op_call(struct jit *c, const struct wasm_side *s)
{
	u32 idx = rd_u32(c);
	const struct wasm_functype *ft = &c->m->types[c->m->funcs[idx].type];
	bool imported = c->m->funcs[idx].imported;

	call_args(c, ft);
	if (imported && c->inst->funcs[idx]->host) {
		op_call_host(c, c->inst->funcs[idx]->host);
	} else if (imported) {
		x86_load(&c->b, true, R11, x86_m(R15, I_FUNCS));
		x86_load(&c->b, true, R11, x86_m(R11, 8 * (s32)idx));
		x86_call_to(&c->b, c->xcall);
	} else if (c->fn_off[idx]) {
		x86_call_to(&c->b, c->fn_off[idx]);
	} else {
		c->fn_list[idx] = x86_call32(&c->b, c->fn_list[idx]);
	}
	call_results(c, ft, imported);
	run_start(c, s);
}

static void op_call_indirect(struct jit *c, const struct wasm_side *s)
{
	struct x86_buf *b = &c->b;
	u32 typeidx = rd_u32(c), tab = rd_u32(c);
	const struct wasm_functype *ft = &c->m->types[typeidx];
	int ri, rt;

	ri = pop_reg(c, 0);
	call_args(c, ft);
	rt = alloc_reg(c, 1u << ri);
	x86_load(b, true, R11, x86_m(R15, I_TABLES));
	x86_load(b, true, R11, x86_m(R11, 8 * (s32)tab));
	x86_alu_rm(b, false, ALU_CMP, ri, x86_m(R11, T_SIZE));
	jmp_stub(c, CC_AE, WASM_TRAP_UNDEFINED_ELEM);
	x86_load(b, true, R11, x86_m(R11, T_ELEMS));
	x86_alu_rr(b, true, ALU_SBB, rt, rt);		/* -1, or 0 if mispredicted */
	x86_alu_rr(b, true, ALU_AND, ri, rt);
	x86_load(b, true, R11, x86_mi(R11, ri, 3, 0));
	x86_test_rr(b, true, R11, R11);
	jmp_stub(c, CC_E, WASM_TRAP_UNINIT_ELEM);
	x86_load(b, true, rt, x86_m(R15, I_TYPE_IDS));
	x86_load(b, false, rt, x86_m(rt, 4 * (s32)typeidx));
	x86_alu_rm(b, false, ALU_CMP, rt, x86_m(R11, F_TYPE_ID));
	jmp_stub(c, CC_NE, WASM_TRAP_INDIRECT_TYPE);
	free_reg(c, ri);
	free_reg(c, rt);
	x86_call_to(b, c->xcall);
	call_results(c, ft, true);
	run_start(c, s);
}

/* ---- variables, references, tables ------------------------------------------------- */

static void op_local_get(struct jit *c, u32 i)
{
	u8 t = c->ltypes[i];
	int r, l = lreg(c, i);

	if (l >= 0) {
		push_lreg(c, t, l);
		return;
	}
	r = alloc_reg(c, 0);
	x86_load(&c->b, is64(t), r, local_mem(c, i));
	push_reg(c, t, r);
}

/* Local register l is about to change: copy the stack values reading it. */
static void lreg_detach(struct jit *c, int l)
{
	materialize(c, V_LREG, l);
}

static void op_local_set(struct jit *c, u32 i, bool tee)
{
	struct jv v = vpop(c);
	int l = lreg(c, i);

	if (l >= 0) {
		lreg_detach(c, l);
		load_val(c, &v, l);
	} else {
		if (tee && v.kind == V_MEM)
			to_reg(c, &v, 0);
		store_val(c, &v, local_mem(c, i));
	}
	if (!tee) {
		release(c, &v);
	} else if (v.kind == V_REG) {
		push_reg(c, v.type, v.reg);
	} else {
		c->sp++;	/* still there, unchanged (a constant) */
		vtouch(c);
	}
}

static void global_cell(struct jit *c, u32 idx)
{
	x86_load(&c->b, true, R11, x86_m(R15, I_GLOBALS));
	x86_load(&c->b, true, R11, x86_m(R11, 8 * (s32)idx));
}

static void op_global_get(struct jit *c, u32 idx)
{
	u8 t = c->m->globals[idx].type;
	int r = alloc_reg(c, 0);

	global_cell(c, idx);
	x86_load(&c->b, is64(t), r, x86_m(R11, 0));
	push_reg(c, t, r);
}

static void op_global_set(struct jit *c, u32 idx)
{
	struct jv v = vpop(c);
	int r = to_reg(c, &v, 0);

	global_cell(c, idx);
	x86_store(&c->b, 8, x86_m(R11, 0), r);
	free_reg(c, r);
}

/* r11 = tables[t] */
static void table_ptr(struct jit *c, u32 t)
{
	x86_load(&c->b, true, R11, x86_m(R15, I_TABLES));
	x86_load(&c->b, true, R11, x86_m(R11, 8 * (s32)t));
}

/* Bounds-check index register ri against table t; r11 = elems; ri masked. */
static void table_index(struct jit *c, u32 t, int ri, int rt)
{
	struct x86_buf *b = &c->b;

	table_ptr(c, t);
	x86_alu_rm(b, false, ALU_CMP, ri, x86_m(R11, T_SIZE));
	jmp_stub(c, CC_AE, WASM_TRAP_TABLE_OOB);
	x86_load(b, true, R11, x86_m(R11, T_ELEMS));
	x86_alu_rr(b, true, ALU_SBB, rt, rt);
	x86_alu_rr(b, true, ALU_AND, ri, rt);
}

static void op_table_get(struct jit *c, u32 t)
{
	int ri = pop_reg(c, 0), rt = alloc_reg(c, 1u << ri);

	table_index(c, t, ri, rt);
	x86_load(&c->b, true, rt, x86_mi(R11, ri, 3, 0));
	free_reg(c, ri);
	push_reg(c, c->m->tables[t].type, rt);
}

static void op_table_set(struct jit *c, u32 t)
{
	struct jv v = vpop(c);
	int rv = to_reg(c, &v, 0);
	int ri = pop_reg(c, 1u << rv);
	int rt = alloc_reg(c, (1u << ri) | (1u << rv));

	table_index(c, t, ri, rt);
	x86_store(&c->b, 8, x86_mi(R11, ri, 3, 0), rv);
	free_reg(c, ri);
	free_reg(c, rt);
	free_reg(c, rv);
}

static void op_extend(struct jit *c, bool w, bool sx, int size)
{
	int r = pop_reg(c, 0);

	if (size == 4 && !sx)
		x86_mov_rr(&c->b, false, r, r);
	else
		x86_extend_rr(&c->b, w, sx, size, r, r);
	push_reg(c, w ? WASM_TYPE_I64 : WASM_TYPE_I32, r);
}

static inline bool is_flt(u8 t)
{
	return t == WASM_TYPE_F32 || t == WASM_TYPE_F64;
}

/* CVT: by the types and the sign column (sat: the 0xfc trunc_sat) */
static void op_cvt(struct jit *c, const struct wasm_opinfo *oi, bool sat)
{
	u8 from = oi->in[0], to = oi->out;
	bool sgn = oi->sign == WASM_SIGN_S;
	struct jv *t;
	int r;

	if (oi->sign == WASM_SIGN_N && is_flt(from) != is_flt(to)) {
		vtop(c, 0)->type = to;		/* reinterpret: the bits stay */
	} else if (from == WASM_TYPE_I64 && to == WASM_TYPE_I32) {	/* wrap */
		t = vtop(c, 0);
		if (t->kind == V_CONST) {
			t->imm = (u32)t->imm;
			t->type = WASM_TYPE_I32;
			return;
		}
		r = pop_reg(c, 0);
		x86_mov_rr(&c->b, false, r, r);
		push_reg(c, WASM_TYPE_I32, r);
	} else if (from == WASM_TYPE_I32 && to == WASM_TYPE_I64) {
		op_extend(c, true, sgn, 4);
	} else if (is_flt(from) && !is_flt(to)) {
		op_trunc(c, from == WASM_TYPE_F64, to == WASM_TYPE_I64, sgn, sat);
	} else if (!is_flt(from)) {
		op_convert(c, to == WASM_TYPE_F64, from == WASM_TYPE_I64, sgn);
	} else {
		op_fwiden(c, to == WASM_TYPE_F64);
	}
}

static void op_fc(struct jit *c)
{
	struct x86_buf *b = &c->b;
	u32 sub = rd_u32(c), x, y, j;
	int r;

	switch (sub) {
	case WASM_OP_I32_TRUNC_SAT_F32_S ... WASM_OP_I64_TRUNC_SAT_F64_U:	/* ORDER OP */
		op_cvt(c, &wasm_opinfo_fc[sub], true);
		break;
	case WASM_OP_MEMORY_INIT:
		x = rd_u32(c);
		c->p++;
		op_helper(c, wasm_rt_memory_init, 1, x, 0, 3);
		check_trap_eax(c);
		break;
	case WASM_OP_DATA_DROP:
		x = rd_u32(c);
		op_helper(c, wasm_rt_data_drop, 1, x, 0, 0);
		break;
	case WASM_OP_MEMORY_COPY:
		c->p += 2;
		op_helper(c, wasm_rt_memory_copy, 0, 0, 0, 3);
		check_trap_eax(c);
		break;
	case WASM_OP_MEMORY_FILL:
		c->p++;
		op_helper(c, wasm_rt_memory_fill, 0, 0, 0, 3);
		check_trap_eax(c);
		break;
	case WASM_OP_TABLE_INIT:
		x = rd_u32(c);
		y = rd_u32(c);
		op_helper(c, wasm_rt_table_init, 2, y, x, 3);
		check_trap_eax(c);
		break;
	case WASM_OP_ELEM_DROP:
		x = rd_u32(c);
		op_helper(c, wasm_rt_elem_drop, 1, x, 0, 0);
		break;
	case WASM_OP_TABLE_COPY:
		x = rd_u32(c);
		y = rd_u32(c);
		op_helper(c, wasm_rt_table_copy, 2, x, y, 3);
		check_trap_eax(c);
		break;
	case WASM_OP_TABLE_GROW:
		x = rd_u32(c);
		op_helper(c, wasm_rt_table_grow, 1, x, 0, 2);
		/* a trap code in bits 32..63 (paying for the new entries) */
		x86_mov_rr(b, true, R11, RAX);
		x86_shift_ri(b, true, SH_SHR, R11, 32);
		j = x86_jcc8(b, CC_E);
		x86_mov_rr(b, false, RAX, R11);
		x86_jmp_to(b, c->trap_eax);
		x86_bind8(b, j);
		take_reg(c, RAX);
		x86_mov_rr(b, false, RAX, RAX);
		push_reg(c, WASM_TYPE_I32, RAX);
		break;
	case WASM_OP_TABLE_SIZE:
		x = rd_u32(c);
		r = alloc_reg(c, 0);
		table_ptr(c, x);
		x86_load(b, false, r, x86_m(R11, T_SIZE));
		push_reg(c, WASM_TYPE_I32, r);
		break;
	case WASM_OP_TABLE_FILL:
		x = rd_u32(c);
		op_helper(c, wasm_rt_table_fill, 1, x, 0, 3);
		check_trap_eax(c);
		break;
	default:
		c->err = -WASM_EUNSUPPORTED;
		break;
	}
}

/* ---- the rest of the numeric instructions ---------------------------------------------- */

/*
 * "local.get x; const k; add/sub; local.set/tee l" with x and l register
 * locals: lea l, [x + k] (consuming the local.set/tee).
 */
static bool lea_to_local(struct jit *c, bool w, bool sub)
{
	struct jv *y = vtop(c, 0), *x = vtop(c, 1);
	const u8 *save = c->p;
	u8 nop = *c->p;
	int l, xr;
	s32 d;

	if ((nop != WASM_OP_LOCAL_SET && nop != WASM_OP_LOCAL_TEE) || x->kind != V_LREG ||
	    !imm_ok(y, w) || (sub && (s32)y->imm == (s32)0x80000000))
		return false;
	c->p++;
	l = lreg(c, rd_u32(c));
	if (l < 0) {
		c->p = save;
		return false;
	}
	d = sub ? -(s32)y->imm : (s32)y->imm;
	xr = x->reg;
	vpop(c);
	vpop(c);
	lreg_detach(c, l);
	x86_lea(&c->b, w, l, x86_m(xr, d));
	if (nop == WASM_OP_LOCAL_TEE)
		push_lreg(c, w ? WASM_TYPE_I64 : WASM_TYPE_I32, l);
	return true;
}

/* IBIN, ISHIFT, IDIV: the operation from the x86 column */
static void op_int(struct jit *c, u8 op)
{
	const struct wasm_opinfo *oi = &wasm_opinfo[op];
	bool w = oi->in[0] == WASM_TYPE_I64;
	u8 x = op_x86[op];
	int r;

	if (oi->cls == WASM_CLASS_ISHIFT) {
		op_shift(c, w, x);
		return;
	}
	if (oi->cls == WASM_CLASS_IDIV) {
		op_divrem(c, w, (oi->sign == WASM_SIGN_U) | (x == X86_REM) << 1);
		return;
	}
	if ((x == ALU_ADD || x == ALU_SUB) && lea_to_local(c, w, x == ALU_SUB))
		return;
	r = binop(c, w, x == X86_IMUL ? -1 : x, x != ALU_SUB, NULL);
	push_reg(c, w ? WASM_TYPE_I64 : WASM_TYPE_I32, r);
}

static void op_misc(struct jit *c, u8 op)
{
	int r;

	switch (op) {
	case WASM_OP_REF_NULL:
		push_const(c, *c->p++, 0);
		break;
	case WASM_OP_REF_IS_NULL:
		r = pop_reg(c, 0);
		x86_test_rr(&c->b, true, r, r);
		cmp_result(c, r, CC_E);
		break;
	case WASM_OP_REF_FUNC: {
		u32 idx = rd_u32(c);

		r = alloc_reg(c, 0);
		x86_load(&c->b, true, r, x86_m(R15, I_FUNCS));
		x86_load(&c->b, true, r, x86_m(r, 8 * (s32)idx));
		push_reg(c, WASM_TYPE_FUNCREF, r);
		break;
	}
	case WASM_PREFIX_FC:
		op_fc(c);
		break;
	default:
		c->err = -WASM_EUNSUPPORTED;
		break;
	}
}

/* ---- function bodies ------------------------------------------------------------------ */

/* Skip the immediates of an instruction in unreachable code. */
static inline void skip_imm(struct jit *c, u8 op)
{
	wasm_iter_skip(&c->p, op);
}


static void op_select(struct jit *c)
{
	struct jv cond = vpop(c), y, x;
	int rc = to_reg(c, &cond, 0), rx, ry = -1;
	bool w;

	y = vpop(c);
	x = vpop(c);
	w = is64(x.type);
	if (y.kind != V_MEM)
		ry = to_reg(c, &y, 1u << rc);
	rx = to_reg(c, &x, (1u << rc) | (ry >= 0 ? 1u << ry : 0));
	x86_test_rr(&c->b, false, rc, rc);
	if (ry >= 0)
		x86_cmov_rr(&c->b, w, CC_E, rx, ry);
	else
		x86_cmov_rm(&c->b, w, CC_E, rx, slot(c, y.idx));
	free_reg(c, rc);
	if (ry >= 0)
		free_reg(c, ry);
	push_reg(c, x.type, rx);
}

/* Lowering by the class column of opcode_list.h */
static void op_numeric(struct jit *c, u8 op)
{
	const struct wasm_opinfo *oi = &wasm_opinfo[op];
	bool w = is64(oi->in[0]);
	u8 x = op_x86[op];

	switch (oi->cls) {
	case WASM_CLASS_LOAD:
		op_load(c, op);
		break;
	case WASM_CLASS_STORE:
		op_store(c, op);
		break;
	case WASM_CLASS_ITEST:
		op_eqz(c, w);
		break;
	case WASM_CLASS_ICMP:
		op_compare(c, w, x);
		break;
	case WASM_CLASS_FCMP:	/* ORDER OP */
		fcompare(c, w, op - (w ? WASM_OP_F64_EQ : WASM_OP_F32_EQ));
		break;
	case WASM_CLASS_IUN:	/* ORDER OP */
		op_bitcount(c, w, op - (w ? WASM_OP_I64_CLZ : WASM_OP_I32_CLZ));
		break;
	case WASM_CLASS_IBIN:
	case WASM_CLASS_ISHIFT:
	case WASM_CLASS_IDIV:
		op_int(c, op);
		break;
	case WASM_CLASS_IEXT:
		op_extend(c, w, true, x);
		break;
	case WASM_CLASS_FUN:
		if (x == ALU_AND || x == ALU_XOR)
			fsign(c, w, x == ALU_XOR);
		else
			funary(c, w, x == SSE_SQRT ? -1 : x & 3);
		break;
	case WASM_CLASS_FBIN:
		if (x == ALU_OR)
			fsign(c, w, 2);
		else if (x == SSE_MIN || x == SSE_MAX)
			fminmax(c, w, x == SSE_MIN);
		else
			fbinop(c, w, x);
		break;
	case WASM_CLASS_CVT:
		op_cvt(c, oi, false);
		break;
	default:
		op_misc(c, op);
		break;
	}
}

static void prologue(struct jit *c)
{
	struct x86_buf *b = &c->b;
	u32 ndecl = c->nlocals - c->nparams, i;

	x86_endbr64(b);
	x86_push(b, RBP);
	x86_mov_rr(b, true, RBP, RSP);
	x86_lea(b, true, R11, x86_m(RBP, -0x10000000));
	c->frame_patch[0] = b->len - 4;
	x86_alu_rm(b, true, ALU_CMP, R11, x86_m(R15, I_STACK_LIMIT));
	jmp_stub(c, CC_B, WASM_TRAP_STACK);
	x86_lea(b, true, RSP, x86_m(RBP, -0x10000000));
	c->frame_patch[1] = b->len - 4;
	x86_store(b, 8, x86_m(RBP, -8), R15);
	if (ndecl <= 8) {
		for (i = 0; i < ndecl; i++)
			x86_store_imm(b, 8, local_mem(c, c->nparams + i), 0);
	} else if (ndecl) {
		x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
		x86_lea(b, true, RDI, local_mem(c, c->nlocals - 1));
		x86_mov_ri(b, RCX, ndecl);
		x86_raw(b, (const u8 *)"\xf3\x48\xab", 3);	/* rep stosq */
	}
	for (i = 0; i < c->nlregs; i++) {
		u32 l = c->lregs[i];

		if (l < c->nparams)
			x86_load(b, true, lreg(c, l), local_mem(c, l));
		else
			x86_alu_rr(b, false, ALU_XOR, lreg(c, l), lreg(c, l));
	}
	/* the entry run (it pays for zeroing the declared locals too) */
	run_start(c, &c->side[0]);
}

/*
 * Pre-scan of the body: choose the locals kept in registers, the most used
 * ones (uses weighted by loop depth) when that beats saving and reloading
 * them around the calls.
 */
static void scan_locals(struct jit *c)
{
	const u8 *save = c->p;
	u64 callw = 0;
	u32 cur = 0, i, k;	/* cur: the innermost block (side-table entry) */

	memset(c->lflag, 0, c->nlocals);
	memset(c->lscore, 0, 4 * (size_t)c->nlocals);
	c->nlregs = 0;
	c->pool = POOL_MASK;
	c->cs[0].depth = 0;
	c->cs[0].loops = 0;
	while (c->p < c->end) {
		const u8 *at = c->p;
		u8 op = *c->p++;
		u32 ld = c->cs[cur].loops;
		u32 w = 1u << (ld < 7 ? 3 * ld : 21);
		const struct wasm_side *e;

		switch (op) {
		case WASM_OP_BLOCK:
		case WASM_OP_LOOP:
		case WASM_OP_IF:
			skip_leb(c);
			/* loops deeper than 64 blocks weigh as their parent */
			k = (u32)(side_at(c, at) - c->side);
			c->cs[k].depth = c->cs[cur].depth + 1;
			c->cs[k].loops = ld + (op == WASM_OP_LOOP && c->cs[cur].depth < 64);
			cur = k;
			break;
		case WASM_OP_END:
			e = side_at(c, at);
			cur = c->side[e->block].block;
			break;
		case WASM_OP_LOCAL_GET:
		case WASM_OP_LOCAL_SET:
		case WASM_OP_LOCAL_TEE:
			i = rd_u32(c);
			if (op != WASM_OP_LOCAL_GET)
				c->lflag[i] |= LF_WRITTEN;
			c->lscore[i] += w;
			if (c->lscore[i] > (1u << 30))
				c->lscore[i] = 1u << 30;
			break;
		case WASM_OP_CALL:
		case WASM_OP_CALL_INDIRECT:
		case WASM_OP_MEMORY_GROW:
		case WASM_PREFIX_FC:
			callw += w;
			skip_imm(c, op);
			break;
		default:
			skip_imm(c, op);
			break;
		}
	}
	c->p = save;
	c->k = 1;
	for (k = 0; k < ARRAY_SIZE(lreg_order); k++) {
		u32 best = ~0u, bs = 0;

		for (i = 0; i < c->nlocals; i++) {
			u64 cost = 2 + callw * ((c->lflag[i] & LF_WRITTEN) ? 2 : 1);

			if (!(c->lflag[i] & LF_REG) && c->lscore[i] > cost && c->lscore[i] > bs) {
				best = i;
				bs = c->lscore[i];
			}
		}
		if (best == ~0u)
			break;
		c->lflag[best] |= lreg_order[k] + 1;
		c->lregs[c->nlregs++] = best;
		c->pool &= ~(1u << lreg_order[k]);
	}
}

static int setup_func(struct jit *c, u32 fidx)
{
	const struct wasm_module *m = c->m;
	const struct wasm_func *f = &m->funcs[fidx];
	const struct wasm_local_run *runs = m->local_runs + f->run_first;
	const struct wasm_functype *ft = &m->types[f->type];
	u32 i, need;

	c->fidx = fidx;
	c->f = f;
	c->ft = ft;
	c->p = m->bytes + f->code_start;
	c->end = m->bytes + f->code_end;
	c->nparams = ft->nparams;
	c->nlocals = ft->nparams + f->nlocals;
	if (c->nlocals > c->lcap || !c->ltypes) {
		wasm_kvfree(c->ltypes);
		c->ltypes = wasm_kvmalloc(6 * (size_t)c->nlocals + 4);
		if (!c->ltypes)
			return -WASM_ENOMEM;
		c->lcap = c->nlocals;
	}
	c->lflag = c->ltypes + c->lcap;
	c->lscore = (u32 *)(c->ltypes + ((2 * (size_t)c->lcap + 3) & ~(size_t)3));
	if (ft->nparams)
		memcpy(c->ltypes, ft->params, ft->nparams);
	for (i = 0; i < f->nruns; i++)
		memset(c->ltypes + runs[i].first, runs[i].type, runs[i].count);
	need = f->max_stack + 1;
	if (need > c->vcap) {
		wasm_kvfree(c->vs);
		c->vs = wasm_kvcalloc(need, sizeof(*c->vs));
		if (!c->vs)
			return -WASM_ENOMEM;
		c->vcap = need;
	}
	need = f->nside;
	if (need > c->ccap) {
		wasm_kvfree(c->cs);
		c->cs = wasm_kvcalloc(need, sizeof(*c->cs));
		if (!c->cs)
			return -WASM_ENOMEM;
		c->ccap = need;
	}
	c->slot0 = -16 - 8 * (s32)f->nlocals;
	c->max_out = 0;
	c->sp = 0;
	c->clean = 0;
	c->side = m->side + f->side_first;
	c->nside = f->nside;
	c->k = 1;
	c->done = false;
	c->dead = false;
	scan_locals(c);
	c->free = c->pool;
	for (i = 0; i < 16; i++)
		c->owner[i] = -1;
	return 0;
}

static int compile_func(struct jit *c, u32 fidx)
{
	struct x86_buf *b = &c->b;
	struct jctl *F;
	u64 frame;
	int err = setup_func(c, fidx);

	if (err)
		return err;
	c->fn_off[fidx] = b->len;
	bind_list(c, c->fn_list[fidx]);
	c->fn_list[fidx] = 0;
	F = &c->cs[0];
	memset(F, 0, sizeof(*F));
	F->op = C_FUNC;
	F->rtypes = c->ft->results;
	F->nresults = c->ft->nresults;
	F->arity = c->side[0].arity;
	prologue(c);

	while (!c->done && !c->err && !b->err) {
		const u8 *at = c->p;
		u8 op = *c->p++;
		u32 x;

		if (c->dead) {
			switch (op) {
			case WASM_OP_BLOCK:
			case WASM_OP_LOOP:
			case WASM_OP_IF:
				op_block(c, op, side_at(c, at));
				break;
			case WASM_OP_ELSE:
				op_else(c, side_at(c, at));
				break;
			case WASM_OP_END:
				op_end(c, side_at(c, at));
				break;
			default:
				skip_imm(c, op);
				break;
			}
			continue;
		}
		switch (op) {
		case WASM_OP_UNREACHABLE:
			x86_jmp_to(b, c->trap_stub[WASM_TRAP_UNREACHABLE]);
			set_dead(c, side_at(c, at));
			break;
		case WASM_OP_NOP:
			break;
		case WASM_OP_BLOCK:
		case WASM_OP_LOOP:
		case WASM_OP_IF:
			op_block(c, op, side_at(c, at));
			break;
		case WASM_OP_ELSE:
			op_else(c, side_at(c, at));
			break;
		case WASM_OP_END:
			op_end(c, side_at(c, at));
			break;
		case WASM_OP_BR:
			op_br(c, side_at(c, at));
			break;
		case WASM_OP_BR_IF:
			op_br_if(c, side_at(c, at));
			break;
		case WASM_OP_BR_TABLE:
			op_br_table(c, side_at(c, at));
			break;
		case WASM_OP_RETURN:
			emit_return(c);
			set_dead(c, side_at(c, at));
			break;
		case WASM_OP_CALL:
			op_call(c, side_at(c, at));
			break;
		case WASM_OP_CALL_INDIRECT:
			op_call_indirect(c, side_at(c, at));
			break;
		case WASM_OP_DROP: {
			struct jv v = vpop(c);

			release(c, &v);
			break;
		}
		case WASM_OP_SELECT_T:
			x = rd_u32(c);
			c->p += x;
			fallthrough;
		case WASM_OP_SELECT:
			op_select(c);
			break;
		case WASM_OP_LOCAL_GET:
			op_local_get(c, rd_u32(c));
			break;
		case WASM_OP_LOCAL_SET:
			op_local_set(c, rd_u32(c), false);
			break;
		case WASM_OP_LOCAL_TEE:
			op_local_set(c, rd_u32(c), true);
			break;
		case WASM_OP_GLOBAL_GET:
			op_global_get(c, rd_u32(c));
			break;
		case WASM_OP_GLOBAL_SET:
			op_global_set(c, rd_u32(c));
			break;
		case WASM_OP_TABLE_GET:
			op_table_get(c, rd_u32(c));
			break;
		case WASM_OP_TABLE_SET:
			op_table_set(c, rd_u32(c));
			break;
		case WASM_OP_MEMORY_SIZE: {
			int r = alloc_reg(c, 0);

			c->p++;
			x86_mov_rr(b, true, r, R13);
			x86_shift_ri(b, true, SH_SHR, r, 16);
			push_reg(c, WASM_TYPE_I32, r);
			break;
		}
		case WASM_OP_MEMORY_GROW:
			c->p++;
			op_helper(c, wasm_rt_memory_grow, 0, 0, 0, 1);
			take_reg(c, RAX);
			x86_mov_rr(b, false, RAX, RAX);
			push_reg(c, WASM_TYPE_I32, RAX);
			reload_mem(c, false);
			break;
		case WASM_OP_I32_CONST:
			push_const(c, WASM_TYPE_I32, (u32)rd_s64(c));
			break;
		case WASM_OP_I64_CONST:
			push_const(c, WASM_TYPE_I64, (u64)rd_s64(c));
			break;
		case WASM_OP_F32_CONST:
			push_const(c, WASM_TYPE_F32, wasm_imm_raw32(&c->p));
			break;
		case WASM_OP_F64_CONST:
			push_const(c, WASM_TYPE_F64, wasm_imm_raw64(&c->p));
			break;
		default:
			op_numeric(c, op);
			break;
		}
	}
	fuel_slow_paths(c);
	if (c->err)
		return c->err;
	if (b->err)
		return b->err;
	/* frame: instance slot, locals, operand slots, outgoing area; 16-aligned */
	frame = 8 + 8 * ((u64)c->f->nlocals + c->f->max_stack + c->max_out);
	frame = (frame + 15) & ~15ull;
	if (frame > 0x10000000)
		return -WASM_ELIMIT;
	x86_put32(b, c->frame_patch[0], (u32)-(s32)(frame + JIT_STACK_SLACK));
	x86_put32(b, c->frame_patch[1], (u32)-(s32)frame);
	return 0;
}

/* ---- driver ------------------------------------------------------------------------------ */

static void jit_cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

int wasm_jit_baseline_cpu;
u32 wasm_jit_code_limit = WASM_LIMIT_JIT_CODE_MAX;

static void detect_cpu(struct jit *c)
{
	u32 a, b, cx, d, max;

	if (wasm_jit_baseline_cpu)
		return;
	jit_cpuid(0, 0, &max, &b, &cx, &d);
	if (max >= 1) {
		jit_cpuid(1, 0, &a, &b, &cx, &d);
		c->sse41 = cx & (1u << 19);
		c->popcnt = cx & (1u << 23);
	}
	if (max >= 7) {
		jit_cpuid(7, 0, &a, &b, &cx, &d);
		c->tzcnt = b & (1u << 3);	/* BMI1 */
	}
	jit_cpuid(0x80000000, 0, &max, &b, &cx, &d);
	if (max >= 0x80000001) {
		jit_cpuid(0x80000001, 0, &a, &b, &cx, &d);
		c->lzcnt = cx & (1u << 5);	/* ABM */
	}
}

typedef int (*jit_entry_fn)(struct wasm_instance *inst, const void *code, u64 *slots,
			    u64 nslots);

static int jit_call(struct wasm_instance *inst, struct wasm_funcinst *f, u64 *slots)
{
	struct wasm_instance *callee = f->inst;
	int r;

	if (!f->code || !callee)
		return wasm_rt_call_func(inst, f, slots);
	if (!inst->stack_limit)
		inst->stack_limit = (uintptr_t)__builtin_frame_address(0) - WASM_STACK_DEFAULT;
	if (callee != inst) {
		callee->fuel = inst->fuel;
		callee->budget = inst->budget;
		callee->stack_limit = inst->stack_limit;
	}
	r = f->entry(callee, f->code, slots, f->nslots);
	if (callee != inst)
		inst->fuel = callee->fuel;
	return r;
}

static void jit_free(struct wasm_instance *inst)
{
	struct jit_image *img = inst->jit;

	if (img) {
		wasm_exec_free(img->handle);
		wasm_free(img);
	}
	inst->jit = NULL;
	inst->jit_call = NULL;
	inst->jit_free = NULL;
}

u32 wasm_jit_code_size(const struct wasm_instance *inst)
{
	const struct jit_image *img = inst->jit;

	return img ? img->len : 0;
}

bool wasm_jit_available(void)
{
	return true;
}

static void jit_cleanup(struct jit *c)
{
	wasm_kvfree(c->b.p);
	wasm_kvfree(c->fn_off);
	wasm_kvfree(c->fn_list);
	wasm_kvfree(c->ent_off);
	wasm_kvfree(c->ltypes);
	wasm_kvfree(c->vs);
	wasm_kvfree(c->cs);
	wasm_kvfree(c->slow);
	wasm_free(c);
}

int wasm_jit_compile(struct wasm_instance *inst, struct wasm_log *log)
{
	const struct wasm_module *m = inst->module;
	struct jit_image *img = NULL;
	unsigned int mit;
	struct jit *c;
	u32 i;
	int err = 0;

	c = wasm_calloc(1, sizeof(*c));
	if (!c)
		return -WASM_ENOMEM;
	c->m = m;
	c->inst = inst;
	c->log = log;
	c->has_mem = m->nmemories != 0;
	c->floats = wasm_module_uses_float(m);
	c->mem_min = inst->memory ? inst->memory->size : 0;
	c->b.limit = wasm_jit_code_limit < WASM_LIMIT_JIT_CODE_MAX ? wasm_jit_code_limit :
		     WASM_LIMIT_JIT_CODE_MAX;
	c->fn_off = wasm_kvcalloc(m->nfuncs + 1, sizeof(u32));
	c->fn_list = wasm_kvcalloc(m->nfuncs + 1, sizeof(u32));
	c->ent_off = wasm_kvcalloc(m->nfuncs + 1, sizeof(u32));
	err = c->fn_off && c->fn_list && c->ent_off ? x86_grow(&c->b) : -WASM_ENOMEM;
	if (err)
		goto out;
	detect_cpu(c);
	mit = wasm_jit_mitigations();
	c->retpoline = mit & WASM_JIT_RETPOLINE_F;
	c->ret_target = mit & WASM_JIT_RETHUNK_F ? wasm_jit_ret_target() : NULL;
	gen_common(c);
	for (i = m->nimported_funcs; i < m->nfuncs && !err; i++) {
		err = compile_func(c, i);
		if (err)
			wasm_log_printf(log, "func %u: JIT compilation failed: %s", i,
					err == -WASM_ELIMIT ? "code size limit" : wasm_strerror(err));
	}
	/* entries of the exported functions (what wasm_invoke() runs) */
	for (i = 0; i < m->nexports && !err; i++) {
		const struct wasm_export *e = &m->exports[i];

		if (e->kind == WASM_EXTERN_FUNC && e->index >= m->nimported_funcs &&
		    !c->ent_off[e->index])
			c->ent_off[e->index] = gen_func_entry(c, e->index);
	}
	if (!err)
		err = c->b.err;
	if (err)
		goto out;
	img = wasm_calloc(1, sizeof(*img));
	if (!img) {
		err = -WASM_ENOMEM;
		goto out;
	}
	img->handle = wasm_exec_alloc(c->b.p, c->b.len);
	if (!img->handle) {
		wasm_free(img);
		err = -WASM_ENOMEM;
		goto out;
	}
	img->exec = wasm_exec_addr(img->handle);
	img->len = c->b.len;
	if (inst->jit_free)
		inst->jit_free(inst);
	inst->jit = img;
	inst->jit_free = jit_free;
	inst->jit_call = jit_call;
	for (i = m->nimported_funcs; i < m->nfuncs; i++) {
		struct wasm_funcinst *f = inst->funcs[i];

		f->code = img->exec + c->fn_off[i];
		/* an export's own entry, or the image's generic one */
		f->entry = (jit_entry_fn)(void *)(img->exec + (c->ent_off[i] ? c->ent_off[i] :
								  c->entry));
	}
out:
	jit_cleanup(c);
	return err;
}

#else /* !__x86_64__ */

int wasm_jit_baseline_cpu;
u32 wasm_jit_code_limit = WASM_LIMIT_JIT_CODE_MAX;

bool wasm_jit_available(void)
{
	return false;
}

int wasm_jit_compile(struct wasm_instance *inst, struct wasm_log *log)
{
	return -WASM_EUNSUPPORTED;
}

u32 wasm_jit_code_size(const struct wasm_instance *inst)
{
	return 0;
}

#endif
