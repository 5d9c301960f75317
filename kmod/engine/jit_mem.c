// SPDX-License-Identifier: GPL-2.0
/*
 * jit_mem.c - the x86-64 JIT (jit.h), lowering of linear-memory access
 * (LOAD STORE MEM and bulk memory): bounds checks, speculation masks, the
 * runtime's helpers.
 */
#include "jit.h"

#ifdef __x86_64__

/* ---- linear memory ----------------------------------------------------------- */

/* Bounds-check [addr + off, + size) and return a register with the masked ea. */
static int mem_ea(struct jit *c, struct jv *addr, u32 off, u32 size)
{
	struct x86_buf *b = &c->b;
	int a;

	/*
	 * A constant address within the memory the instance has now: in
	 * bounds for good (memories never shrink), no check, no mask.
	 */
	if (addr->kind == V_CONST && (u64)(u32)addr->imm + off + size <= c->mem_min) {
		a = alloc_reg(c, 0);
		x86_mov_ri(b, a, (u64)(u32)addr->imm + off);
		return a;
	}
	/* r11 (a itself for 1 byte) = ea + size - 1, the last byte: in bounds iff < r13 */
	if (off <= 0x7fffffff - 8) {
		/* a local's register is read, not changed: the ea goes to a new one */
		int base = addr->kind == V_LREG ? addr->reg : to_reg(c, addr, 0);

		a = addr->kind == V_LREG ? alloc_reg(c, 0) : base;
		if (size > 1)
			x86_lea(b, true, R11, x86_m(base, (s32)(off + size - 1)));
		if (off)
			x86_lea(b, true, a, x86_m(base, (s32)off));
		else if (a != base)
			x86_mov_rr(b, true, a, base);
	} else {
		a = to_reg(c, addr, 0);
		x86_mov_ri(b, R11, off);
		x86_alu_rr(b, true, ALU_ADD, a, R11);
		if (size > 1)
			x86_lea(b, true, R11, x86_m(a, (s32)(size - 1)));
	}
	x86_alu_rr(b, true, ALU_CMP, size > 1 ? R11 : a, R13);
	jmp_stub(c, CC_AE, WASM_TRAP_MEM_OOB);
	/* speculation: a = 0 when the branch above was mispredicted (CF clear) */
	x86_alu_rr(b, true, ALU_SBB, R11, R11);
	x86_alu_rr(b, true, ALU_AND, a, R11);
	return a;
}

/* f.add/sub/mul/div of a type: the ones that take a memory operand */
static inline bool farith(u8 op, u8 type)
{
	u8 x = jit_op_x86[op];

	return wasm_opinfo[op].cls == WASM_CLASS_FBIN && wasm_opinfo[op].out == type &&
	       (x == SSE_ADD || x == SSE_SUB || x == SSE_MUL || x == SSE_DIV);
}

void jit_op_load(struct jit *c, u8 op)
{
	struct x86_buf *b = &c->b;
	u32 off, size;
	bool w = false, sx = false;
	u8 type;
	struct jv addr;
	struct x86_mem m;
	int a;

	skip_leb(c);
	off = rd_u32(c);
	size = 1u << wasm_opinfo[op].align;
	type = wasm_opinfo[op].out;
	sx = wasm_opinfo[op].sign == WASM_SIGN_S;
	w = type == WASM_TYPE_I64 && sx;
	addr = vpop(c);
	a = mem_ea(c, &addr, off, size);
	m = x86_mi(R14, a, 0, 0);
	/* x; f.load; f.add/sub/mul/div: the load is the op's memory operand */
	if (farith(*c->it.p, type)) {
		u8 fop = *c->it.p++;
		struct jv x = vpop(c);

		xmm_flush(c);
		xmm_in(c, &x, 0);
		x86_sse_rm(b, size == 8, jit_op_x86[fop], 0, m);
		free_reg(c, a);
		push_xmm(c, type);
		return;
	}
	if (size == 8)
		x86_load(b, true, a, m);
	else if (size == 4 && !sx)
		x86_load(b, false, a, m);
	else
		x86_loadx(b, w, sx, (int)size, a, m);
	push_reg(c, type, a);
}

void jit_op_store(struct jit *c, u8 op)
{
	struct x86_buf *b = &c->b;
	u32 off, size;
	struct jv val, addr;
	struct x86_mem m;
	int a, rv = -1;

	skip_leb(c);
	off = rd_u32(c);
	size = 1u << wasm_opinfo[op].align;
	val = vpop(c);
	addr = vpop(c);
	if (val.kind == V_LREG)
		rv = val.reg;
	else if (val.kind == V_XMM)
		rv = -1;	/* stored from xmm0 below */
	else if (!(val.kind == V_CONST && (size < 8 || x86_is_s32((s64)val.imm))))
		rv = to_reg(c, &val, 0);
	a = mem_ea(c, &addr, off, size);
	m = x86_mi(R14, a, 0, 0);
	if (val.kind == V_XMM) {
		x86_movq_mx(b, size == 8, m, 0);
	} else if (rv >= 0) {
		x86_store(b, (int)size, m, rv);
		if (val.kind != V_LREG)
			free_reg(c, rv);
	} else {
		x86_store_imm(b, (int)size, m, (s32)val.imm);
	}
	free_reg(c, a);
}

/* The top n values, all spilled, as arguments: load one into reg. */
static void stack_arg(struct jit *c, int reg, u32 depth)
{
	u32 i = c->sp - 1 - depth;

	x86_load(&c->b, is64(c->vs[i].type), reg, slot(c, i));
}

void jit_check_trap_eax(struct jit *c)
{
	x86_test_rr(&c->b, false, RAX, RAX);
	x86_jcc_to(&c->b, CC_NE, c->trap_eax);
}

/*
 * A runtime helper taking (inst, imm..., stack values...) in C argument
 * registers; nimm immediates then nstack values (deepest first).  Returns
 * with the values popped and rax holding the helper's result.  Fuel goes
 * to the instance and back: the bulk helpers charge for their work.
 */
void jit_op_helper(struct jit *c, const void *fn, u32 nimm, u32 imm0, u32 imm1, u32 nstack)
{
	static const u8 argreg[] = { RSI, RDX, RCX, R8, R9 };
	u32 i, a = 0;

	spill_all(c);
	lsave(c);
	x86_mov_rr(&c->b, true, RDI, R15);
	if (nimm > 0)
		x86_mov_ri(&c->b, argreg[a++], imm0);
	if (nimm > 1)
		x86_mov_ri(&c->b, argreg[a++], imm1);
	for (i = 0; i < nstack; i++)
		stack_arg(c, argreg[a++], nstack - 1 - i);
	reset_stack(c, c->sp - nstack);
	x86_store(&c->b, 8, x86_m(R15, I_FUEL), R12);
	emit_ccall(c, fn);
	x86_load(&c->b, true, R12, x86_m(R15, I_FUEL));
	lload(c);
}


/* memory.size, memory.grow */
void jit_op_mem(struct jit *c, u8 op)
{
	struct x86_buf *b = &c->b;
	int r;

	c->it.p++;
	if (op == WASM_OP_MEMORY_SIZE) {
		r = alloc_reg(c, 0);
		x86_mov_rr(b, true, r, R13);
		x86_shift_ri(b, true, SH_SHR, r, 16);
		push_reg(c, WASM_TYPE_I32, r);
		return;
	}
	jit_op_helper(c, wasm_rt_memory_grow, 0, 0, 0, 1);
	take_reg(c, RAX);
	x86_mov_rr(b, false, RAX, RAX);
	push_reg(c, WASM_TYPE_I32, RAX);
	jit_reload_mem(c, false);
}

/* memory.init, data.drop, memory.copy, memory.fill: the runtime's helpers */
void jit_op_bulk_mem(struct jit *c, u32 sub)
{
	u32 x;

	switch (sub) {
	case WASM_OP_MEMORY_INIT:
		x = rd_u32(c);
		c->it.p++;
		jit_op_helper(c, wasm_rt_memory_init, 1, x, 0, 3);
		jit_check_trap_eax(c);
		break;
	case WASM_OP_DATA_DROP:
		x = rd_u32(c);
		jit_op_helper(c, wasm_rt_data_drop, 1, x, 0, 0);
		break;
	case WASM_OP_MEMORY_COPY:
		c->it.p += 2;
		jit_op_helper(c, wasm_rt_memory_copy, 0, 0, 0, 3);
		jit_check_trap_eax(c);
		break;
	case WASM_OP_MEMORY_FILL:
		c->it.p++;
		jit_op_helper(c, wasm_rt_memory_fill, 0, 0, 0, 3);
		jit_check_trap_eax(c);
		break;
	}
}

#endif /* __x86_64__ */
