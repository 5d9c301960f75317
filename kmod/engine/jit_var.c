// SPDX-License-Identifier: GPL-2.0
/*
 * jit_var.c - the x86-64 JIT (jit.h), lowering of locals, globals,
 * tables and references (VAR TABLE REF).
 */
#include "jit.h"

#ifdef __x86_64__

/* ---- variables, references, tables ------------------------------------------------- */

void jit_op_local_get(struct jit *c, u32 i)
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

void jit_op_local_set(struct jit *c, u32 i, bool tee)
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

void jit_op_global_get(struct jit *c, u32 idx)
{
	u8 t = c->m->globals[idx].type;
	int r = alloc_reg(c, 0);

	global_cell(c, idx);
	x86_load(&c->b, is64(t), r, x86_m(R11, 0));
	push_reg(c, t, r);
}

void jit_op_global_set(struct jit *c, u32 idx)
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

void jit_op_table_get(struct jit *c, u32 t)
{
	int ri = pop_reg(c, 0), rt = alloc_reg(c, 1u << ri);

	table_index(c, t, ri, rt);
	x86_load(&c->b, true, rt, x86_mi(R11, ri, 3, 0));
	free_reg(c, ri);
	push_reg(c, c->m->tables[t].type, rt);
}

void jit_op_table_set(struct jit *c, u32 t)
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

void jit_op_ref(struct jit *c, u8 op)
{
	int r;

	switch (op) {
	case WASM_OP_REF_NULL:
		push_const(c, *c->it.p++, 0);
		break;
	case WASM_OP_REF_IS_NULL:
		r = pop_reg(c, 0);
		x86_test_rr(&c->b, true, r, r);
		jit_cmp_result(c, r, CC_E);
		break;
	case WASM_OP_REF_FUNC: {
		u32 idx = rd_u32(c);

		r = alloc_reg(c, 0);
		x86_load(&c->b, true, r, x86_m(R15, I_FUNCS));
		x86_load(&c->b, true, r, x86_m(r, 8 * (s32)idx));
		push_reg(c, WASM_TYPE_FUNCREF, r);
		break;
	}
	}
}


/* The 0xfc table instructions and elem.drop */
void jit_op_table_fc(struct jit *c, u32 sub)
{
	struct x86_buf *b = &c->b;
	u32 x, y, j;
	int r;

	switch (sub) {
	case WASM_OP_TABLE_INIT:
		x = rd_u32(c);
		y = rd_u32(c);
		jit_op_helper(c, wasm_rt_table_init, 2, y, x, 3);
		jit_check_trap_eax(c);
		break;
	case WASM_OP_ELEM_DROP:
		x = rd_u32(c);
		jit_op_helper(c, wasm_rt_elem_drop, 1, x, 0, 0);
		break;
	case WASM_OP_TABLE_COPY:
		x = rd_u32(c);
		y = rd_u32(c);
		jit_op_helper(c, wasm_rt_table_copy, 2, x, y, 3);
		jit_check_trap_eax(c);
		break;
	case WASM_OP_TABLE_GROW:
		x = rd_u32(c);
		jit_op_helper(c, wasm_rt_table_grow, 1, x, 0, 2);
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
		jit_op_helper(c, wasm_rt_table_fill, 1, x, 0, 3);
		jit_check_trap_eax(c);
		break;
	}
}

#endif /* __x86_64__ */
