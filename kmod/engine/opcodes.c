// SPDX-License-Identifier: GPL-2.0
/* opcodes.c - tables generated from the X-macro lists in opcodes.h. */
#include "opcodes.h"

#define WASM_OP_RESERVED(code)

#define IS_FLT_(t)	((t) == WASM_TYPE_F32 || (t) == WASM_TYPE_F64)
#define IS_MEM_(imm)	((imm) == WASM_IMM_MEMARG || (imm) == WASM_IMM_MEM0 ||	\
			 (imm) == WASM_IMM_MEM_MEM || (imm) == WASM_IMM_DATA_MEM)

#define TERM_T_		WASM_OPF_TERM
#define TERM_N_		0

#define WASM_OPINFO_(id, nm, pfx, code, imm_, al, a, b, c, r, cls_, sgn, term, x86)	\
	[code] = {								\
		.imm = WASM_IMM_##imm_, .align = (al),				\
		.in = { WASM_SIG_##a, WASM_SIG_##b, WASM_SIG_##c },		\
		.out = WASM_SIG_##r,						\
		.nin = !!WASM_SIG_##a + !!WASM_SIG_##b + !!WASM_SIG_##c,	\
		.flags = ((IS_FLT_(WASM_SIG_##a) || IS_FLT_(WASM_SIG_##b) ||	\
			   IS_FLT_(WASM_SIG_##c) || IS_FLT_(WASM_SIG_##r)) ?	\
			  WASM_OPF_FLOAT : 0) |					\
			 (IS_MEM_(WASM_IMM_##imm_) ? WASM_OPF_MEMORY : 0) |	\
			 TERM_##term##_,					\
		.cls = WASM_CLASS_##cls_, .sign = WASM_SIGN_##sgn,		\
	},

#define WASM_OP(...)		WASM_OPINFO_(__VA_ARGS__)
#define WASM_OP_FC(...)
const struct wasm_opinfo wasm_opinfo[256] = {
#include "opcode_list.h"
};

#undef WASM_OP
#undef WASM_OP_FC
#define WASM_OP(...)
#define WASM_OP_FC(...)		WASM_OPINFO_(__VA_ARGS__)
const struct wasm_opinfo wasm_opinfo_fc[WASM_FC_COUNT] = {
#include "opcode_list.h"
};

#undef WASM_OP
#undef WASM_OP_FC
#define WASM_OPNAME_(id, nm, pfx, code, ...)	\
	[code] = nm,
#define WASM_OP(...)		WASM_OPNAME_(__VA_ARGS__)
#define WASM_OP_FC(...)
static const char * const op_names[256] = {
#include "opcode_list.h"
};

#undef WASM_OP
#undef WASM_OP_FC
#define WASM_OP(...)
#define WASM_OP_FC(...)		WASM_OPNAME_(__VA_ARGS__)
static const char * const op_names_fc[WASM_FC_COUNT] = {
#include "opcode_list.h"
};

#undef WASM_OP
#undef WASM_OP_FC

const char *wasm_op_name(u32 prefix, u32 code)
{
	if (prefix == 0)
		return code < 256 ? op_names[code] : NULL;
	if (prefix == WASM_PREFIX_FC)
		return code < WASM_FC_COUNT ? op_names_fc[code] : NULL;
	return NULL;
}

const char *wasm_type_name(u8 type)
{
	switch (type) {
	case WASM_TYPE_I32:
		return "i32";
	case WASM_TYPE_I64:
		return "i64";
	case WASM_TYPE_F32:
		return "f32";
	case WASM_TYPE_F64:
		return "f64";
	case WASM_TYPE_V128:
		return "v128";
	case WASM_TYPE_FUNCREF:
		return "funcref";
	case WASM_TYPE_EXTERNREF:
		return "externref";
	default:
		return "?";
	}
}
