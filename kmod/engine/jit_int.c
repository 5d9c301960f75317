// SPDX-License-Identifier: GPL-2.0
/*
 * jit_int.c - the x86-64 JIT (jit.h), lowering of the integer classes
 * (ITEST ICMP IUN IBIN ISHIFT IDIV IEXT).
 */
#include "jit.h"

#ifdef __x86_64__

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
void jit_cmp_result(struct jit *c, int r, int cc)
{
	if (*c->it.p == WASM_OP_BR_IF || *c->it.p == WASM_OP_IF) {
		free_reg(c, r);
		push_cond(c, cc);
		return;
	}
	x86_setcc(&c->b, cc, r);
	x86_extend_rr(&c->b, false, false, 1, r, r);
	push_reg(c, WASM_TYPE_I32, r);
}

void jit_op_compare(struct jit *c, bool w, int cc)
{
	bool swapped;
	int r = binop(c, w, ALU_CMP, true, &swapped);

	jit_cmp_result(c, r, swapped ? cc_mirror[cc] : cc);
}

void jit_op_eqz(struct jit *c, bool w)
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
	jit_cmp_result(c, r, CC_E);
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
void jit_ccall_val(struct jit *c, int nargs, u64 arg2, const void *fn, u8 rtype)
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
void jit_op_bitcount(struct jit *c, bool w, int kind)
{
	struct x86_buf *b = &c->b;
	int r;

	if (kind == 2 && !c->popcnt) {
		jit_ccall_val(c, 1, 0, jit_popcnt, w ? WASM_TYPE_I64 : WASM_TYPE_I32);
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

void jit_op_extend(struct jit *c, bool w, bool sx, int size)
{
	int r = pop_reg(c, 0);

	if (size == 4 && !sx)
		x86_mov_rr(&c->b, false, r, r);
	else
		x86_extend_rr(&c->b, w, sx, size, r, r);
	push_reg(c, w ? WASM_TYPE_I64 : WASM_TYPE_I32, r);
}

/* ---- binary operations ------------------------------------------------------ */

/*
 * "local.get x; const k; add/sub; local.set/tee l" with x and l register
 * locals: lea l, [x + k] (consuming the local.set/tee).
 */
static bool lea_to_local(struct jit *c, bool w, bool sub)
{
	struct jv *y = vtop(c, 0), *x = vtop(c, 1);
	const u8 *save = c->it.p;
	u8 nop = *c->it.p;
	int l, xr;
	s32 d;

	if ((nop != WASM_OP_LOCAL_SET && nop != WASM_OP_LOCAL_TEE) || x->kind != V_LREG ||
	    !imm_ok(y, w) || (sub && (s32)y->imm == (s32)0x80000000))
		return false;
	c->it.p++;
	l = lreg(c, rd_u32(c));
	if (l < 0) {
		c->it.p = save;
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
void jit_op_int(struct jit *c, u8 op)
{
	const struct wasm_opinfo *oi = &wasm_opinfo[op];
	bool w = oi->in[0] == WASM_TYPE_I64;
	u8 x = jit_op_x86[op];
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


#endif /* __x86_64__ */
