/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iter.h - the trusted iterator over validated code.
 *
 * Every pass after the validator (the interpreter's pre-decoder, the JIT,
 * its pre-scan) walks function bodies the validator has accepted, so it
 * reads them with these, which check nothing: an opcode, then its
 * immediates with the readers below (leb.h for the integers), or
 * wasm_iter_skip() over the rest of the instruction.  The immediate kinds
 * are opcode_list.h's (struct wasm_opinfo.imm).
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

/*
 * The side table of a function (struct wasm_side, engine.h) as a walker
 * reads it.  Entry 0 is the body; the others follow the code, one per
 * control instruction: wasm_side_at() finds the entry of the one at byte
 * at, moving forward only (walkers go through the code in order, and
 * whatever they skip of it is skipped here too).
 */
struct wasm_side_cursor {
	const struct wasm_side *e;	/* the function's entries */
	u32 n;
	u32 k;				/* where the search starts */
	const u8 *base;			/* the module's bytes: offsets are from there */
};

static inline void wasm_side_rewind(struct wasm_side_cursor *sc)
{
	sc->k = 1;
}

static inline void wasm_side_begin(struct wasm_side_cursor *sc, const struct wasm_module *m,
				   const struct wasm_func *f)
{
	sc->e = m->side + f->side_first;
	sc->n = f->nside;
	sc->base = m->bytes;
	wasm_side_rewind(sc);
}

static inline const struct wasm_side *wasm_side_at(struct wasm_side_cursor *sc, const u8 *at)
{
	u32 off = (u32)(at - sc->base);

	while (sc->k + 1 < sc->n && sc->e[sc->k].off < off)
		sc->k++;
	return &sc->e[sc->k];
}

#endif /* WASMK_ITER_H */
