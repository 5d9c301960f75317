/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jit_vstack.h - the JIT's value stack and register state (as V8 Liftoff's
 * cache state): where each operand-stack position is at compile time (a
 * pool register, a constant, the flags of a compare, a register local
 * read in place, xmm0 or its frame slot), which pool registers are free,
 * and the moves between them.  Included by jit.h.
 */
#ifndef WASMK_JIT_VSTACK_H
#define WASMK_JIT_VSTACK_H

#define POOL_MASK	((1u << RAX) | (1u << RCX) | (1u << RDX) | (1u << RBX) | (1u << RSI) | \
			 (1u << RDI) | (1u << R8) | (1u << R9) | (1u << R10))

static const u8 pool_order[] = { RBX, RSI, RDI, R8, R9, R10, RAX, RCX, RDX };

/*
 * V_LREG: the value of a local living in register reg (local.get of a
 * register local, not copied); read-only for its consumers, turned into a
 * copy before that local is written (lreg_detach()).
 * V_XMM: a float result left in xmm0 by jit_fbinop() for the next float op; at
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

static inline bool is64(u8 t)
{
	return t == WASM_TYPE_I64 || t == WASM_TYPE_F64 || t == WASM_TYPE_FUNCREF ||
	       t == WASM_TYPE_EXTERNREF;
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
static inline void lsave(struct jit *c)
{
	u32 k;

	for (k = 0; k < c->nlregs; k++) {
		u32 i = c->lregs[k];

		if (c->lflag[i] & LF_WRITTEN)
			x86_store(&c->b, 8, local_mem(c, i), lreg(c, i));
	}
}

/* After a call: reload the register locals. */
static inline void lload(struct jit *c)
{
	u32 k;

	for (k = 0; k < c->nlregs; k++)
		x86_load(&c->b, true, lreg(c, c->lregs[k]), local_mem(c, c->lregs[k]));
}

/* ---- register pool and operand stack -------------------------------------- */

static inline void free_reg(struct jit *c, int r)
{
	c->free |= 1u << r;
	c->owner[r] = -1;
}

static inline void spill_entry(struct jit *c, u32 i);

/* A free pool register not in avoid (spilling the deepest one if needed). */
static inline int alloc_reg(struct jit *c, u32 avoid)
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
static inline void take_reg(struct jit *c, int r)
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
static inline struct jv *vpush(struct jit *c, u8 kind, u8 type)
{
	struct jv *v = &c->vs[c->sp];

	vtouch(c);
	v->kind = kind;
	v->type = type;
	c->sp++;
	return v;
}

static inline void push_reg(struct jit *c, u8 type, int r)
{
	c->owner[r] = (s32)c->sp;
	vpush(c, V_REG, type)->reg = (u8)r;
}

static inline void push_const(struct jit *c, u8 type, u64 imm)
{
	vpush(c, V_CONST, type)->imm = imm;
}

/* The value of register local l, read in place (V_LREG). */
static inline void push_lreg(struct jit *c, u8 type, int l)
{
	vpush(c, V_LREG, type)->reg = (u8)l;
}

static inline void push_mem(struct jit *c, u8 type)
{
	struct jv *v = &c->vs[c->sp];

	v->kind = V_MEM;
	v->type = type;
	c->sp++;
}

static inline void push_cond(struct jit *c, int cc)
{
	vpush(c, V_COND, WASM_TYPE_I32)->cc = (u8)cc;
}

/* Pop the top: a V_REG register becomes a temp owned by the caller. */
static inline struct jv vpop(struct jit *c)
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

static inline void release(struct jit *c, const struct jv *v)
{
	if (v->kind == V_REG)
		free_reg(c, v->reg);
}

/* Load the value of v (at stack position v->idx) into register dst. */
static inline void load_val(struct jit *c, const struct jv *v, int dst)
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
static inline void materialize(struct jit *c, u8 kind, int reg)
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
static inline void store_val(struct jit *c, const struct jv *v, struct x86_mem m)
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
static inline int to_reg(struct jit *c, struct jv *v, u32 avoid)
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

static inline int pop_reg(struct jit *c, u32 avoid)
{
	struct jv v = vpop(c);

	return to_reg(c, &v, avoid);
}

/* Pop the top into register r (which becomes a temp). */
static inline void pop_into(struct jit *c, int r)
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

static inline void spill_entry(struct jit *c, u32 i)
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

static inline void spill_all(struct jit *c)
{
	u32 i;

	for (i = c->clean; i < c->sp; i++)
		spill_entry(c, i);
	c->clean = c->sp;
}

/* Drop everything above height h (unreachable code, branches). */
static inline void reset_stack(struct jit *c, u32 h)
{
	while (c->sp > h) {
		struct jv v = vpop(c);

		release(c, &v);
	}
	vtouch(c);
}

/* ---- floats in xmm0 -------------------------------------------------------------- */

/* Stack values left in xmm0 (V_XMM) to general registers: xmm0 is about to change. */
static inline void xmm_flush(struct jit *c)
{
	materialize(c, V_XMM, 0);
}

/* The popped float value v into xmm register x (v in xmm0 stays there when x is 0). */
static inline void xmm_in(struct jit *c, struct jv *v, int x)
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

static inline void push_xmm(struct jit *c, u8 type)
{
	vpush(c, V_XMM, type);
}

/* Local register l is about to change: copy the stack values reading it. */
static inline void lreg_detach(struct jit *c, int l)
{
	materialize(c, V_LREG, l);
}

#endif /* WASMK_JIT_VSTACK_H */
