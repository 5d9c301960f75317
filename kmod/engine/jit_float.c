// SPDX-License-Identifier: GPL-2.0
/*
 * jit_float.c - the x86-64 JIT (jit.h), lowering of the float classes
 * (FCMP FUN FBIN) and of the conversions (CVT): raw bits in general
 * registers, computed in xmm0/xmm1.
 */
#include "jit.h"

#ifdef __x86_64__

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
void jit_fbinop(struct jit *c, bool dbl, u8 op)
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

void jit_fminmax(struct jit *c, bool dbl, bool min)
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
void jit_fsign(struct jit *c, bool dbl, int kind)
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
void jit_funary(struct jit *c, bool dbl, int mode)
{
	struct x86_buf *b = &c->b;
	u8 t = dbl ? WASM_TYPE_F64 : WASM_TYPE_F32;
	struct jv v;

	if (mode >= 0 && !c->sse41) {
		xmm_flush(c);
		jit_ccall_val(c, 2, (u64)mode | (dbl ? 0x100 : 0), jit_fround, t);
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
void jit_fcompare(struct jit *c, bool dbl, int kind)
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
		jit_cmp_result(c, rx, kind <= 3 ? CC_A : CC_AE);
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

static inline bool is_flt(u8 t)
{
	return t == WASM_TYPE_F32 || t == WASM_TYPE_F64;
}

/* CVT: by the types and the sign column (sat: the 0xfc trunc_sat) */
void jit_op_cvt(struct jit *c, const struct wasm_opinfo *oi, bool sat)
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
		jit_op_extend(c, true, sgn, 4);
	} else if (is_flt(from) && !is_flt(to)) {
		op_trunc(c, from == WASM_TYPE_F64, to == WASM_TYPE_I64, sgn, sat);
	} else if (!is_flt(from)) {
		op_convert(c, to == WASM_TYPE_F64, from == WASM_TYPE_I64, sgn);
	} else {
		op_fwiden(c, to == WASM_TYPE_F64);
	}
}


#endif /* __x86_64__ */
