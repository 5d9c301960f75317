/* SPDX-License-Identifier: GPL-2.0 */
/*
 * opcodes.h - the one opcode table of the wasmk engine (Wasm 2.0 core,
 * without SIMD), shared by the validator, the interpreter and the compiler.
 *
 * The table itself is the X-macro list in opcode_list.h, one line per opcode:
 *
 * WASM_OP(ID, name, prefix, code, imm, align, in0, in1, in2, out, class, sign, term, x86)
 * WASM_OP_FC(...same columns...) for the 0xfc-prefixed opcodes
 * WASM_OP_RESERVED(code) for an unassigned (or unsupported) opcode byte
 *
 *   ID      enum suffix: WASM_OP_<ID> == code
 *   name    text-format name, for messages
 *   prefix  0 for one-byte opcodes, 0xfc for the 0xfc-prefixed ones
 *   code    opcode byte (or u32 sub-opcode after the prefix)
 *   imm     immediate kind: WASM_IMM_<imm>
 *   align   log2 of the natural alignment for memory accesses, else 0
 *   in*,out stack signature for "simple" instructions: popped operand
 *           types in push order and the pushed result (NIL = none).
 *           Control, variable, reference, table, call and parametric
 *           instructions have type-dependent signatures; their columns
 *           are NIL and the validator handles them by name.
 *   class   what the instruction does, which decides how the interpreter
 *           and the compilers lower it: WASM_CLASS_<class>
 *   sign    S signed, U unsigned (the _s/_u variants of compares,
 *           div/rem, shifts, loads, conversions), N neither
 *   term    T: ends a fuel run (runtime.h, FUEL), N: does not
 *   x86     the x86-64 operation the JIT emits for it, a token only the
 *           JIT reads (x86_enc.h): the condition code CC_* of a compare,
 *           the ALU_*, SH_* or X86_IMUL of an integer binary operation,
 *           X86_DIV or X86_REM, the SSE_* of float arithmetic, the RND_*
 *           (roundsd immediate) of a rounding, the ALU_* of the bit
 *           operation of abs/neg/copysign, the source width in bytes of a
 *           sign extension; 0 = none
 */
#ifndef WASMK_OPCODES_H
#define WASMK_OPCODES_H

#include "platform.h"

/* Value types (binary encoding). */
#define WASM_TYPE_I32		0x7f
#define WASM_TYPE_I64		0x7e
#define WASM_TYPE_F32		0x7d
#define WASM_TYPE_F64		0x7c
#define WASM_TYPE_V128		0x7b	/* SIMD: rejected as unsupported */
#define WASM_TYPE_FUNCREF	0x70
#define WASM_TYPE_EXTERNREF	0x6f
#define WASM_TYPE_FUNC		0x60	/* function type constructor */
#define WASM_BLOCKTYPE_EMPTY	0x40

/* Signature column tokens. */
#define WASM_SIG_NIL		0
#define WASM_SIG_I32		WASM_TYPE_I32
#define WASM_SIG_I64		WASM_TYPE_I64
#define WASM_SIG_F32		WASM_TYPE_F32
#define WASM_SIG_F64		WASM_TYPE_F64

#define WASM_PREFIX_FC		0xfc
#define WASM_PREFIX_SIMD	0xfd
#define WASM_FC_COUNT		18	/* 0xfc sub-opcodes 0..17 */

enum wasm_imm {
	WASM_IMM_INVALID = 0,	/* not an opcode */
	WASM_IMM_NONE,
	WASM_IMM_BLOCK,		/* blocktype (s33) */
	WASM_IMM_LABEL,		/* labelidx */
	WASM_IMM_BR_TABLE,	/* vec(labelidx) labelidx */
	WASM_IMM_FUNC,		/* funcidx */
	WASM_IMM_CALL_IND,	/* typeidx tableidx */
	WASM_IMM_LOCAL,		/* localidx */
	WASM_IMM_GLOBAL,	/* globalidx */
	WASM_IMM_TABLE,		/* tableidx */
	WASM_IMM_MEMARG,	/* align offset */
	WASM_IMM_MEM0,		/* one 0x00 byte (memory index) */
	WASM_IMM_I32,		/* s32 */
	WASM_IMM_I64,		/* s64 */
	WASM_IMM_F32,		/* 4 raw bytes */
	WASM_IMM_F64,		/* 8 raw bytes */
	WASM_IMM_REFTYPE,	/* reftype byte */
	WASM_IMM_SELECT_T,	/* vec(valtype) */
	WASM_IMM_DATA_MEM,	/* dataidx 0x00 */
	WASM_IMM_DATA,		/* dataidx */
	WASM_IMM_MEM_MEM,	/* 0x00 0x00 */
	WASM_IMM_ELEM_TABLE,	/* elemidx tableidx */
	WASM_IMM_ELEM,		/* elemidx */
	WASM_IMM_TABLE_TABLE,	/* destination tableidx, source tableidx */
};

/*
 * WASM_OP_<ID>: opcode byte (enum wasm_op) or 0xfc sub-opcode
 * (enum wasm_op_fc).  The values are the positions in opcode_list.h.
 */
#define WASM_OP(id, nm, pfx, code, ...)	\
	WASM_OP_##id,
#define WASM_OP_RESERVED(code)	\
	WASM_OP_RESERVED_##code,
#define WASM_OP_FC(...)
enum wasm_op {
#include "opcode_list.h"
};

#undef WASM_OP
#undef WASM_OP_FC
#undef WASM_OP_RESERVED
#define WASM_OP(...)
#define WASM_OP_RESERVED(code)
#define WASM_OP_FC(id, nm, pfx, code, ...)	\
	WASM_OP_##id,
enum wasm_op_fc {
#include "opcode_list.h"
};

#undef WASM_OP
#undef WASM_OP_FC
#undef WASM_OP_RESERVED

/* The class column: how an instruction is lowered. */
enum wasm_opclass {
	WASM_CLASS_NONE = 0,	/* reserved opcode */
	WASM_CLASS_CTRL,	/* structured control, branches, calls */
	WASM_CLASS_PARAM,	/* drop, select */
	WASM_CLASS_VAR,		/* local.*, global.* */
	WASM_CLASS_TABLE,	/* table.*, elem.drop */
	WASM_CLASS_LOAD,	/* t.load*: size 1 << align, result out, sign */
	WASM_CLASS_STORE,	/* t.store*: size 1 << align */
	WASM_CLASS_MEM,		/* memory.*, data.drop */
	WASM_CLASS_CONST,	/* t.const */
	WASM_CLASS_REF,		/* ref.* */
	WASM_CLASS_ITEST,	/* i.eqz */
	WASM_CLASS_ICMP,	/* integer compares */
	WASM_CLASS_IUN,		/* clz, ctz, popcnt */
	WASM_CLASS_IBIN,	/* add, sub, mul, and, or, xor */
	WASM_CLASS_ISHIFT,	/* shl, shr_s, shr_u, rotl, rotr */
	WASM_CLASS_IDIV,	/* div_s, div_u, rem_s, rem_u */
	WASM_CLASS_IEXT,	/* extend8_s, extend16_s, extend32_s */
	WASM_CLASS_FCMP,	/* float compares */
	WASM_CLASS_FUN,		/* abs, neg, ceil, floor, trunc, nearest, sqrt */
	WASM_CLASS_FBIN,	/* add, sub, mul, div, min, max, copysign */
	WASM_CLASS_CVT,		/* conversions between types */
};

/* The sign column. */
enum wasm_opsign {
	WASM_SIGN_N = 0,	/* neither */
	WASM_SIGN_S,		/* signed */
	WASM_SIGN_U,		/* unsigned */
};

/* Compact per-opcode facts, indexed by opcode byte / 0xfc sub-opcode. */
struct wasm_opinfo {
	u8 imm;		/* enum wasm_imm; WASM_IMM_INVALID = no such opcode */
	u8 align;	/* log2 natural alignment (memory accesses) */
	u8 in[3];	/* operand types in push order, 0 = none */
	u8 out;		/* result type, 0 = none */
	u8 nin;		/* number of operands in in[] */
	u8 flags;	/* WASM_OPF_* */
	u8 cls;		/* enum wasm_opclass */
	u8 sign;	/* enum wasm_opsign */
};

/* wasm_opinfo.flags (same bits as WASM_FN_FLOAT/WASM_FN_MEMORY in engine.h) */
#define WASM_OPF_FLOAT		0x01	/* f32/f64 operand or result */
#define WASM_OPF_MEMORY		0x02	/* accesses linear memory */
#define WASM_OPF_TERM		0x04	/* ends a fuel run (the term column) */

extern const struct wasm_opinfo wasm_opinfo[256];
extern const struct wasm_opinfo wasm_opinfo_fc[WASM_FC_COUNT];

/* Text-format name of an opcode ("i32.add"), or NULL if unknown. */
const char *wasm_op_name(u32 prefix, u32 code);

/* Name of a value type ("i32", "funcref"), "?" if unknown. */
const char *wasm_type_name(u8 type);

#endif /* WASMK_OPCODES_H */
