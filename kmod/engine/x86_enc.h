/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86_enc.h - a tiny x86-64 instruction encoder for the JIT: one small
 * inline emitter per instruction form, writing into a growable buffer.
 *
 * Every emitter first makes room for one maximal instruction (15 bytes),
 * so callers never check space.  When the buffer can't grow (allocation
 * failure or the code-size limit), x86_buf.err is set and emission
 * continues harmlessly at the start of the buffer; the compiler checks err
 * once per function.
 *
 * Registers are numbered as in the encoding (rax = 0 ... r15 = 15); XMM
 * registers likewise (only xmm0..xmm7 are used).  A memory operand is a
 * struct x86_mem: base + index * (1 << scale) + disp (index < 0: none).
 * The "w" arguments select 64-bit operand size (REX.W).
 */
#ifndef WASMK_X86_ENC_H
#define WASMK_X86_ENC_H

#include "platform.h"

enum {
	RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
	R8, R9, R10, R11, R12, R13, R14, R15,
};

/* Condition codes (low nibble of Jcc/SETcc/CMOVcc). */
enum {
	CC_O, CC_NO, CC_B, CC_AE, CC_E, CC_NE, CC_BE, CC_A,
	CC_S, CC_NS, CC_P, CC_NP, CC_L, CC_GE, CC_LE, CC_G,
};

/* ALU group-1 operations (the /digit of 0x81/0x83, opcode base >> 3). */
enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

/* Shift group-2 operations (/digit of 0xc1/0xd3). */
enum { SH_ROL = 0, SH_ROR = 1, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };

/* Scalar SSE operations (the opcode after 0xf2/0xf3 0x0f), see x86_sse_rr(). */
enum {
	SSE_SQRT = 0x51, SSE_ADD = 0x58, SSE_MUL = 0x59, SSE_CVT = 0x5a,
	SSE_SUB = 0x5c, SSE_MIN = 0x5d, SSE_DIV = 0x5e, SSE_MAX = 0x5f,
};

/* roundss/roundsd immediates: the rounding mode, precision exception suppressed. */
enum { RND_NEAR = 8, RND_FLOOR = 9, RND_CEIL = 10, RND_TRUNC = 11 };

struct x86_buf {
	u8 *p;
	u32 len;
	u32 cap;
	u32 limit;		/* maximum size in bytes */
	int err;		/* 0 or -WASM_ENOMEM / -WASM_ELIMIT */
};

struct x86_mem {
	s8 base;
	s8 index;		/* < 0: none */
	u8 scale;		/* log2 */
	s32 disp;
};

static inline struct x86_mem x86_m(int base, s32 disp)
{
	struct x86_mem m = { (s8)base, -1, 0, disp };

	return m;
}

static inline struct x86_mem x86_mi(int base, int index, int scale, s32 disp)
{
	struct x86_mem m = { (s8)base, (s8)index, (u8)scale, disp };

	return m;
}

int x86_grow(struct x86_buf *b);

static inline void x86_room(struct x86_buf *b)
{
	if (unlikely(b->cap - b->len < 16))
		x86_grow(b);
}

static inline void x86_b(struct x86_buf *b, u8 v)
{
	b->p[b->len++] = v;
}

static inline void x86_d(struct x86_buf *b, u32 v)
{
	b->p[b->len++] = (u8)v;
	b->p[b->len++] = (u8)(v >> 8);
	b->p[b->len++] = (u8)(v >> 16);
	b->p[b->len++] = (u8)(v >> 24);
}

static inline void x86_q(struct x86_buf *b, u64 v)
{
	x86_d(b, (u32)v);
	x86_d(b, (u32)(v >> 32));
}

static inline void x86_put32(struct x86_buf *b, u32 pos, u32 v)
{
	b->p[pos] = (u8)v;
	b->p[pos + 1] = (u8)(v >> 8);
	b->p[pos + 2] = (u8)(v >> 16);
	b->p[pos + 3] = (u8)(v >> 24);
}

static inline u32 x86_get32(const struct x86_buf *b, u32 pos)
{
	return b->p[pos] | (u32)b->p[pos + 1] << 8 | (u32)b->p[pos + 2] << 16 |
	       (u32)b->p[pos + 3] << 24;
}

static inline bool x86_is_s8(s64 v)
{
	return v >= -128 && v <= 127;
}

static inline bool x86_is_s32(s64 v)
{
	return v >= -2147483648LL && v <= 2147483647LL;
}

/*
 * Prefix + REX + opcode (1-3 bytes, most significant first in op, length
 * oplen).  reg is the ModRM.reg field (register or /digit), rm a register
 * (m == NULL) or the memory operand m.  byteregs: an 8-bit register operand
 * is involved, so spl/bpl/sil/dil need an (empty) REX.
 */
static inline void x86_head(struct x86_buf *b, u8 pfx, bool w, u32 op, int oplen, int reg,
			    int rm, const struct x86_mem *m, bool byteregs)
{
	u8 rex = 0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0);

	x86_room(b);
	if (m) {
		if (m->index >= 0 && (m->index & 8))
			rex |= 2;
		if (m->base & 8)
			rex |= 1;
	} else if (rm & 8) {
		rex |= 1;
	}
	if (pfx)
		x86_b(b, pfx);
	if (rex != 0x40 || (byteregs && ((reg & 15) >= 4 || (!m && (rm & 15) >= 4))))
		x86_b(b, rex);
	if (oplen >= 3)
		x86_b(b, (u8)(op >> 16));
	if (oplen >= 2)
		x86_b(b, (u8)(op >> 8));
	x86_b(b, (u8)op);
}

/* ModRM (+ SIB + displacement) for reg and a register or memory operand. */
static inline void x86_modrm(struct x86_buf *b, int reg, int rm, const struct x86_mem *m)
{
	int base, mod;

	reg &= 7;
	if (!m) {
		x86_b(b, 0xc0 | reg << 3 | (rm & 7));
		return;
	}
	base = m->base & 7;
	if (m->disp == 0 && base != RBP)
		mod = 0;
	else if (x86_is_s8(m->disp))
		mod = 1;
	else
		mod = 2;
	if (m->index >= 0 || base == RSP) {
		int idx = m->index >= 0 ? (m->index & 7) : RSP;

		x86_b(b, mod << 6 | reg << 3 | 4);
		x86_b(b, m->scale << 6 | idx << 3 | base);
	} else {
		x86_b(b, mod << 6 | reg << 3 | base);
	}
	if (mod == 1)
		x86_b(b, (u8)m->disp);
	else if (mod == 2)
		x86_d(b, (u32)m->disp);
}

/* op reg, r/m  (register form when m == NULL) */
static inline void x86_op(struct x86_buf *b, u8 pfx, bool w, u32 op, int oplen, int reg,
			  int rm, const struct x86_mem *m)
{
	x86_head(b, pfx, w, op, oplen, reg, rm, m, false);
	x86_modrm(b, reg, rm, m);
}

/* ---- moves ----------------------------------------------------------------- */

static inline void x86_mov_rr(struct x86_buf *b, bool w, int dst, int src)
{
	x86_op(b, 0, w, 0x89, 1, src, dst, NULL);
}

/* dst = [m], 4 or 8 bytes (4: zero-extends) */
static inline void x86_load(struct x86_buf *b, bool w, int dst, struct x86_mem m)
{
	x86_op(b, 0, w, 0x8b, 1, dst, 0, &m);
}

/* [m] = src, size 1, 2, 4 or 8 */
static inline void x86_store(struct x86_buf *b, int size, struct x86_mem m, int src)
{
	if (size == 1) {
		x86_head(b, 0, false, 0x88, 1, src, 0, &m, true);
		x86_modrm(b, src, 0, &m);
		return;
	}
	x86_op(b, size == 2 ? 0x66 : 0, size == 8, 0x89, 1, src, 0, &m);
}

/* [m] = imm (size 1, 2, 4; 8 = sign-extended imm32) */
static inline void x86_store_imm(struct x86_buf *b, int size, struct x86_mem m, s32 imm)
{
	if (size == 1) {
		x86_op(b, 0, false, 0xc6, 1, 0, 0, &m);
		x86_b(b, (u8)imm);
	} else if (size == 2) {
		x86_op(b, 0x66, false, 0xc7, 1, 0, 0, &m);
		x86_b(b, (u8)imm);
		x86_b(b, (u8)(imm >> 8));
	} else {
		x86_op(b, 0, size == 8, 0xc7, 1, 0, 0, &m);
		x86_d(b, (u32)imm);
	}
}

/* dst = imm, the shortest way (32-bit mov zero-extends) */
static inline void x86_mov_ri(struct x86_buf *b, int dst, u64 imm)
{
	x86_room(b);
	if (imm <= 0xffffffffull) {
		if (dst & 8)
			x86_b(b, 0x41);
		x86_b(b, 0xb8 + (dst & 7));
		x86_d(b, (u32)imm);
	} else if (x86_is_s32((s64)imm)) {
		x86_op(b, 0, true, 0xc7, 1, 0, dst, NULL);
		x86_d(b, (u32)imm);
	} else {
		x86_b(b, 0x48 | ((dst & 8) ? 1 : 0));
		x86_b(b, 0xb8 + (dst & 7));
		x86_q(b, imm);
	}
}

/* movabs dst, imm64 (always 10 bytes) */
static inline void x86_movabs(struct x86_buf *b, int dst, u64 imm)
{
	x86_room(b);
	x86_b(b, 0x48 | ((dst & 8) ? 1 : 0));
	x86_b(b, 0xb8 + (dst & 7));
	x86_q(b, imm);
}

/* Zero/sign-extending loads: size 1 or 2 (movzx/movsx), 4 with sx (movsxd). */
static inline void x86_loadx(struct x86_buf *b, bool w, bool sx, int size, int dst,
			     struct x86_mem m)
{
	if (size == 4)
		x86_op(b, 0, true, 0x63, 1, dst, 0, &m);
	else
		x86_op(b, 0, w, (sx ? 0x0fbe : 0x0fb6) + (size == 2), 2, dst, 0, &m);
}

/* Register forms of movzx/movsx/movsxd (size of the source). */
static inline void x86_extend_rr(struct x86_buf *b, bool w, bool sx, int size, int dst, int src)
{
	if (size == 4) {
		x86_op(b, 0, true, 0x63, 1, dst, src, NULL);
		return;
	}
	x86_head(b, 0, w, (sx ? 0x0fbe : 0x0fb6) + (size == 2), 2, dst, src, NULL,
		 size == 1);
	x86_modrm(b, dst, src, NULL);
}

static inline void x86_lea(struct x86_buf *b, bool w, int dst, struct x86_mem m)
{
	x86_op(b, 0, w, 0x8d, 1, dst, 0, &m);
}

/* ---- arithmetic ------------------------------------------------------------ */

static inline void x86_alu_rr(struct x86_buf *b, bool w, int alu, int dst, int src)
{
	x86_op(b, 0, w, (u32)(alu << 3 | 1), 1, src, dst, NULL);
}

static inline void x86_alu_rm(struct x86_buf *b, bool w, int alu, int dst, struct x86_mem m)
{
	x86_op(b, 0, w, (u32)(alu << 3 | 3), 1, dst, 0, &m);
}

static inline void x86_alu_ri(struct x86_buf *b, bool w, int alu, int dst, s32 imm)
{
	if (x86_is_s8(imm)) {
		x86_op(b, 0, w, 0x83, 1, alu, dst, NULL);
		x86_b(b, (u8)imm);
	} else {
		x86_op(b, 0, w, 0x81, 1, alu, dst, NULL);
		x86_d(b, (u32)imm);
	}
}

static inline void x86_alu_mi(struct x86_buf *b, bool w, int alu, struct x86_mem m, s32 imm)
{
	if (x86_is_s8(imm)) {
		x86_op(b, 0, w, 0x83, 1, alu, 0, &m);
		x86_b(b, (u8)imm);
	} else {
		x86_op(b, 0, w, 0x81, 1, alu, 0, &m);
		x86_d(b, (u32)imm);
	}
}

/* op r/m, imm32 with a 4-byte immediate always (patched later); returns its offset. */
static inline u32 x86_alu_ri32(struct x86_buf *b, bool w, int alu, int dst, s32 imm)
{
	x86_op(b, 0, w, 0x81, 1, alu, dst, NULL);
	x86_d(b, (u32)imm);
	return b->len - 4;
}

static inline void x86_test_rr(struct x86_buf *b, bool w, int a, int c)
{
	x86_op(b, 0, w, 0x85, 1, c, a, NULL);
}

static inline void x86_test_ri(struct x86_buf *b, bool w, int a, s32 imm)
{
	x86_op(b, 0, w, 0xf7, 1, 0, a, NULL);
	x86_d(b, (u32)imm);
}

static inline void x86_imul_rr(struct x86_buf *b, bool w, int dst, int src)
{
	x86_op(b, 0, w, 0x0faf, 2, dst, src, NULL);
}

static inline void x86_imul_rm(struct x86_buf *b, bool w, int dst, struct x86_mem m)
{
	x86_op(b, 0, w, 0x0faf, 2, dst, 0, &m);
}

/* dst = src * imm */
static inline void x86_imul_rri(struct x86_buf *b, bool w, int dst, int src, s32 imm)
{
	if (x86_is_s8(imm)) {
		x86_op(b, 0, w, 0x6b, 1, dst, src, NULL);
		x86_b(b, (u8)imm);
	} else {
		x86_op(b, 0, w, 0x69, 1, dst, src, NULL);
		x86_d(b, (u32)imm);
	}
}

/* Group 3: /2 not, /3 neg, /6 div, /7 idiv */
static inline void x86_grp3(struct x86_buf *b, bool w, int digit, int r)
{
	x86_op(b, 0, w, 0xf7, 1, digit, r, NULL);
}

static inline void x86_cdq(struct x86_buf *b, bool w)
{
	x86_room(b);
	if (w)
		x86_b(b, 0x48);
	x86_b(b, 0x99);
}

static inline void x86_shift_cl(struct x86_buf *b, bool w, int sh, int r)
{
	x86_op(b, 0, w, 0xd3, 1, sh, r, NULL);
}

static inline void x86_shift_ri(struct x86_buf *b, bool w, int sh, int r, u8 n)
{
	x86_op(b, 0, w, 0xc1, 1, sh, r, NULL);
	x86_b(b, n);
}

/* bt-group with imm8: /4 bt, /5 bts, /6 btr, /7 btc */
static inline void x86_bt_ri(struct x86_buf *b, bool w, int digit, int r, u8 bit)
{
	x86_op(b, 0, w, 0x0fba, 2, digit, r, NULL);
	x86_b(b, bit);
}

/* bsf (0x0fbc) / bsr (0x0fbd); with pfx 0xf3: tzcnt / lzcnt; 0xf30fb8: popcnt */
static inline void x86_bitscan(struct x86_buf *b, u8 pfx, bool w, u32 op, int dst, int src)
{
	x86_op(b, pfx, w, op, 2, dst, src, NULL);
}

static inline void x86_setcc(struct x86_buf *b, int cc, int r)
{
	x86_head(b, 0, false, 0x0f90 + cc, 2, 0, r, NULL, true);
	x86_modrm(b, 0, r, NULL);
}

static inline void x86_cmov_rr(struct x86_buf *b, bool w, int cc, int dst, int src)
{
	x86_op(b, 0, w, 0x0f40 + cc, 2, dst, src, NULL);
}

static inline void x86_cmov_rm(struct x86_buf *b, bool w, int cc, int dst, struct x86_mem m)
{
	x86_op(b, 0, w, 0x0f40 + cc, 2, dst, 0, &m);
}

/* ---- control --------------------------------------------------------------- */

/* Jumps and calls with a rel32 field: return the field's offset. */
static inline u32 x86_jcc32(struct x86_buf *b, int cc, u32 rel)
{
	x86_room(b);
	x86_b(b, 0x0f);
	x86_b(b, 0x80 + cc);
	x86_d(b, rel);
	return b->len - 4;
}

static inline u32 x86_jmp32(struct x86_buf *b, u32 rel)
{
	x86_room(b);
	x86_b(b, 0xe9);
	x86_d(b, rel);
	return b->len - 4;
}

static inline u32 x86_call32(struct x86_buf *b, u32 rel)
{
	x86_room(b);
	x86_b(b, 0xe8);
	x86_d(b, rel);
	return b->len - 4;
}

/* Jump/call to a known offset (short form when it fits). */
static inline void x86_jcc_to(struct x86_buf *b, int cc, u32 target)
{
	s64 rel;

	x86_room(b);
	rel = (s64)target - (b->len + 2);
	if (x86_is_s8(rel)) {
		x86_b(b, 0x70 + cc);
		x86_b(b, (u8)rel);
	} else {
		x86_jcc32(b, cc, (u32)((s64)target - (b->len + 6)));
	}
}

static inline void x86_jmp_to(struct x86_buf *b, u32 target)
{
	s64 rel;

	x86_room(b);
	rel = (s64)target - (b->len + 2);
	if (x86_is_s8(rel)) {
		x86_b(b, 0xeb);
		x86_b(b, (u8)rel);
	} else {
		x86_jmp32(b, (u32)((s64)target - (b->len + 5)));
	}
}

static inline void x86_call_to(struct x86_buf *b, u32 target)
{
	x86_room(b);
	x86_call32(b, (u32)((s64)target - (b->len + 5)));
}

/* Short forward jump with an 8-bit field (for tiny local skips); returns it. */
static inline u32 x86_jcc8(struct x86_buf *b, int cc)
{
	x86_room(b);
	x86_b(b, 0x70 + cc);
	x86_b(b, 0);
	return b->len - 1;
}

static inline u32 x86_jmp8(struct x86_buf *b)
{
	x86_room(b);
	x86_b(b, 0xeb);
	x86_b(b, 0);
	return b->len - 1;
}

/* Point the 8-bit field at pos to the current offset. */
static inline void x86_bind8(struct x86_buf *b, u32 pos)
{
	b->p[pos] = (u8)(b->len - (pos + 1));
}

/* Point the rel32 field at pos to the current offset. */
static inline void x86_bind32(struct x86_buf *b, u32 pos)
{
	x86_put32(b, pos, b->len - (pos + 4));
}

static inline void x86_push(struct x86_buf *b, int r)
{
	x86_room(b);
	if (r & 8)
		x86_b(b, 0x41);
	x86_b(b, 0x50 + (r & 7));
}

static inline void x86_pop(struct x86_buf *b, int r)
{
	x86_room(b);
	if (r & 8)
		x86_b(b, 0x41);
	x86_b(b, 0x58 + (r & 7));
}

static inline void x86_push_m(struct x86_buf *b, struct x86_mem m)
{
	x86_op(b, 0, false, 0xff, 1, 6, 0, &m);
}

/* ret + int3 (straight-line-speculation padding) */
static inline void x86_ret(struct x86_buf *b)
{
	x86_room(b);
	x86_b(b, 0xc3);
	x86_b(b, 0xcc);
}

static inline void x86_endbr64(struct x86_buf *b)
{
	x86_room(b);
	x86_b(b, 0xf3);
	x86_b(b, 0x0f);
	x86_b(b, 0x1e);
	x86_b(b, 0xfa);
}

static inline void x86_raw(struct x86_buf *b, const u8 *s, int n)
{
	x86_room(b);
	while (n--)
		x86_b(b, *s++);
}

/* Pad with multi-byte nops to a multiple of align (a power of 2, <= 16). */
static inline void x86_align(struct x86_buf *b, u32 align)
{
	static const u8 nops[8][8] = {
		{ 0x90 },
		{ 0x66, 0x90 },
		{ 0x0f, 0x1f, 0x00 },
		{ 0x0f, 0x1f, 0x40, 0x00 },
		{ 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		{ 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	};
	u32 n = (align - (b->len & (align - 1))) & (align - 1);

	while (n) {
		u32 k = n > 8 ? 8 : n;

		x86_raw(b, nops[k - 1], (int)k);
		n -= k;
	}
}

/* jmp r / call r (register-indirect; only inside the in-image thunk) */
static inline void x86_jmp_r(struct x86_buf *b, int r)
{
	x86_op(b, 0, false, 0xff, 1, 4, r, NULL);
}

/* ---- SSE2 (emitted only for float instructions) ---------------------------- */

/* xmm = gpr (movd/movq) */
static inline void x86_movq_xr(struct x86_buf *b, bool w, int x, int r)
{
	x86_op(b, 0x66, w, 0x0f6e, 2, x, r, NULL);
}

/* gpr = xmm (movd/movq; movd zero-extends) */
static inline void x86_movq_rx(struct x86_buf *b, bool w, int r, int x)
{
	x86_op(b, 0x66, w, 0x0f7e, 2, x, r, NULL);
}

/* xmm = [m] (movd/movq) */
static inline void x86_movq_xm(struct x86_buf *b, bool w, int x, struct x86_mem m)
{
	x86_op(b, 0x66, w, 0x0f6e, 2, x, 0, &m);
}

/* [m] = xmm (movd/movq) */
static inline void x86_movq_mx(struct x86_buf *b, bool w, struct x86_mem m, int x)
{
	x86_op(b, 0x66, w, 0x0f7e, 2, x, 0, &m);
}

/* movaps xmm, xmm */
static inline void x86_movaps(struct x86_buf *b, int dst, int src)
{
	x86_op(b, 0, false, 0x0f28, 2, dst, src, NULL);
}

/* Scalar op xmm, [m] (see x86_sse_rr) */
static inline void x86_sse_rm(struct x86_buf *b, bool dbl, u8 op, int dst, struct x86_mem m)
{
	x86_op(b, dbl ? 0xf2 : 0xf3, false, 0x0f00 | op, 2, dst, 0, &m);
}

/*
 * Scalar op xmm, xmm: dbl selects sd (F2) vs ss (F3); op is the 0x0fXX
 * opcode: 0x58 add, 0x59 mul, 0x5c sub, 0x5d min, 0x5e div, 0x5f max,
 * 0x51 sqrt, 0x5a cvt between widths.
 */
static inline void x86_sse_rr(struct x86_buf *b, bool dbl, u8 op, int dst, int src)
{
	x86_op(b, dbl ? 0xf2 : 0xf3, false, 0x0f00 | op, 2, dst, src, NULL);
}

/* ucomisd / ucomiss */
static inline void x86_ucomis(struct x86_buf *b, bool dbl, int a, int c)
{
	x86_op(b, dbl ? 0x66 : 0, false, 0x0f2e, 2, a, c, NULL);
}

/* andps/orps (op 0x54 / 0x56): bitwise, width-agnostic */
static inline void x86_sse_logic(struct x86_buf *b, u8 op, int dst, int src)
{
	x86_op(b, 0, false, 0x0f00 | op, 2, dst, src, NULL);
}

/* cvttsd2si / cvttss2si: gpr (w: 64-bit) = trunc(xmm) */
static inline void x86_cvtt2si(struct x86_buf *b, bool dbl, bool w, int r, int x)
{
	x86_op(b, dbl ? 0xf2 : 0xf3, w, 0x0f2c, 2, r, x, NULL);
}

/* cvtsi2sd / cvtsi2ss: xmm = (float)gpr (w: 64-bit source) */
static inline void x86_cvtsi2f(struct x86_buf *b, bool dbl, bool w, int x, int r)
{
	x86_op(b, dbl ? 0xf2 : 0xf3, w, 0x0f2a, 2, x, r, NULL);
}

/* SSE4.1 roundsd / roundss xmm, xmm, mode */
static inline void x86_round(struct x86_buf *b, bool dbl, int dst, int src, u8 mode)
{
	x86_op(b, 0x66, false, dbl ? 0x0f3a0b : 0x0f3a0a, 3, dst, src, NULL);
	x86_b(b, mode);
}

#endif /* WASMK_X86_ENC_H */
