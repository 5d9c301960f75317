/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iter.h - the trusted iterator over validated code.
 *
 * Every pass after the validator (the interpreter's pre-decoder, the JIT,
 * its pre-scan) walks function bodies the validator has accepted, so it
 * reads them with these, which check nothing: struct wasm_iter gives the
 * opcodes and, for control instructions, their side-table entries; the
 * readers below (leb.h for the integers) the immediates, or
 * wasm_iter_skip() steps over the rest of the instruction.  The immediate
 * kinds are opcode_list.h's (struct wasm_opinfo.imm).
 */
#ifndef WASMK_ITER_H
#define WASMK_ITER_H

#include "engine.h"
#include "leb.h"

/* A block type: the parameter and result types of a block, loop or if. */
struct wasm_blocktype {
	const u8 *params;	/* nparams types, NULL when none */
	const u8 *results;	/* nresults types (a value type: the byte in the code) */
	u32 nparams;
	u32 nresults;
};

/* The one block type reader (validate.c checks the bytes first). */
static inline void wasm_blocktype_read(const struct wasm_module *m, const u8 **pp,
				       struct wasm_blocktype *bt)
{
	const u8 *p = *pp;
	u8 b = *p;

	bt->params = NULL;
	bt->results = NULL;
	bt->nparams = 0;
	bt->nresults = 0;
	if (b == WASM_BLOCKTYPE_EMPTY) {
		p++;
	} else if ((b & 0xc0) == 0x40) {	/* a value type: a negative s33 */
		bt->results = p++;
		bt->nresults = 1;
	} else {
		const struct wasm_functype *ft = &m->types[wasm_leb_s64(&p)];

		bt->params = ft->params;
		bt->nparams = ft->nparams;
		bt->results = ft->results;
		bt->nresults = ft->nresults;
	}
	*pp = p;
}

/* Raw little-endian immediates (f32.const, f64.const). */
static inline u32 wasm_imm_raw32(const u8 **pp)
{
	const u8 *p = *pp;

	*pp = p + 4;
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline u64 wasm_imm_raw64(const u8 **pp)
{
	u64 lo = wasm_imm_raw32(pp);

	return lo | (u64)wasm_imm_raw32(pp) << 32;
}

/* The one immediate skipper: step over immediates of kind imm (enum wasm_imm). */
static inline void wasm_skip_imm(const u8 **pp, u8 imm)
{
	u32 n, i;

	switch (imm) {
	case WASM_IMM_LABEL:
	case WASM_IMM_FUNC:
	case WASM_IMM_LOCAL:
	case WASM_IMM_GLOBAL:
	case WASM_IMM_TABLE:
	case WASM_IMM_I32:
	case WASM_IMM_I64:
	case WASM_IMM_DATA:
	case WASM_IMM_ELEM:
	case WASM_IMM_BLOCK:
		wasm_leb_skip(pp);
		break;
	case WASM_IMM_CALL_IND:
	case WASM_IMM_MEMARG:
	case WASM_IMM_ELEM_TABLE:
	case WASM_IMM_TABLE_TABLE:
		wasm_leb_skip(pp);
		wasm_leb_skip(pp);
		break;
	case WASM_IMM_BR_TABLE:
		n = wasm_leb_u32(pp);
		for (i = 0; i <= n; i++)
			wasm_leb_skip(pp);
		break;
	case WASM_IMM_MEM0:
	case WASM_IMM_REFTYPE:
		*pp += 1;
		break;
	case WASM_IMM_MEM_MEM:
		*pp += 2;
		break;
	case WASM_IMM_DATA_MEM:
		wasm_leb_skip(pp);
		*pp += 1;
		break;
	case WASM_IMM_F32:
		*pp += 4;
		break;
	case WASM_IMM_F64:
		*pp += 8;
		break;
	case WASM_IMM_SELECT_T:
		n = wasm_leb_u32(pp);
		*pp += n;
		break;
	default:
		break;
	}
}

/* The immediate kind of a 0xfc sub-opcode (WASM_IMM_NONE beyond the table). */
static inline u8 wasm_fc_imm(u32 sub)
{
	return sub < WASM_FC_COUNT ? wasm_opinfo_fc[sub].imm : WASM_IMM_NONE;
}

/* The rest of an instruction whose opcode byte op was just read. */
static inline void wasm_iter_skip(const u8 **pp, u8 op)
{
	if (op == WASM_PREFIX_FC)
		wasm_skip_imm(pp, wasm_fc_imm(wasm_leb_u32(pp)));
	else
		wasm_skip_imm(pp, wasm_opinfo[op].imm);
}

/* Does op have a side-table entry (every control instruction but nop)? */
static inline bool wasm_side_op(u8 op)
{
	return wasm_opinfo[op].cls == WASM_CLASS_CTRL && op != WASM_OP_NOP;
}

/*
 * The iterator over a validated function body.  wasm_iter_op() reads an
 * opcode byte and, for a control instruction, moves on to its entry in
 * the side table (struct wasm_side, engine.h): entry 0 is the body, the
 * others follow the code, so the walker finds each instruction's entry
 * in it->s whether it compiles the instruction or skips it.  The walker
 * reads the immediates from it->p with the readers above.
 */
struct wasm_iter {
	const u8 *p;			/* the next byte */
	const u8 *end;			/* past the body's final end */
	const u8 *at;			/* the current instruction */
	const struct wasm_side *side;	/* the function's side table */
	const struct wasm_side *s;	/* the current control instruction's entry */
	u32 k;				/* the next control instruction's entry */
};

static inline void wasm_iter_begin(struct wasm_iter *it, const struct wasm_module *m,
				   const struct wasm_func *f)
{
	it->p = m->bytes + f->code_start;
	it->end = m->bytes + f->code_end;
	it->at = it->p;
	it->side = m->side + f->side_first;
	it->s = it->side;
	it->k = 1;
}

static inline bool wasm_iter_more(const struct wasm_iter *it)
{
	return it->p < it->end;
}

static inline u8 wasm_iter_op(struct wasm_iter *it)
{
	u8 op;

	it->at = it->p;
	op = *it->p++;
	if (wasm_side_op(op))
		it->s = &it->side[it->k++];
	return op;
}

#endif /* WASMK_ITER_H */
