/* SPDX-License-Identifier: GPL-2.0 */
/*
 * interp_float.h - Wasm float operations on raw IEEE bits.
 *
 * interp_float.c is the only engine unit that uses C float/double; in the
 * kernel it is built with FPU flags and must be entered only inside
 * kernel_fpu_begin()/kernel_fpu_end().  abs/neg/copysign and the
 * reinterprets are bit operations and need no FPU (the interpreter does
 * them inline).
 *
 * Results follow the spec: arithmetic NaN results are quiet (canonical when
 * no input NaN was non-canonical), min/max order -0 < +0 and propagate NaN,
 * nearest rounds half to even, conversions to integers trap.
 */
#ifndef WASMK_INTERP_FLOAT_H
#define WASMK_INTERP_FLOAT_H

#include "platform.h"

/*
 * Binary operations: op is the Wasm opcode (WASM_OP_F32_ADD..F32_MAX,
 * F64_ADD..F64_MAX, and the comparisons F32_EQ..F64_GE which return 0/1).
 * f32 operands/results in the low 32 bits.
 */
u64 wasm_float_binop(u32 op, u64 a, u64 b);

/*
 * Unary operations and conversions with a float operand or result:
 * ceil/floor/trunc/nearest/sqrt, i32/i64.trunc_* (may trap), the
 * convert_*, demote, promote.  op is the Wasm opcode; for the saturating
 * truncations (0xfc 0..7) pass WASM_FLOAT_SAT + sub-opcode.  Sets *trap to
 * WASM_TRAP_INVALID_CONV (NaN) or WASM_TRAP_INT_OVERFLOW (out of range)
 * and returns 0 on a trapping truncation; *trap is untouched otherwise.
 */
#define WASM_FLOAT_SAT	0x100
u64 wasm_float_unop(u32 op, u64 a, int *trap);

#endif /* WASMK_INTERP_FLOAT_H */
