// SPDX-License-Identifier: GPL-2.0
/*
 * jit_run.c - the x86-64 JIT (jit.h), run entries (runtime.h, RUN
 * ENTRIES): for an embedder that runs one exported function per event,
 * the whole run in machine code - guard, FPU section, clock, budget,
 * arguments, the call, statistics, the result mapped - with the
 * instance, the budget and the function's type as constants.
 *
 *	u32 run(void *ctx, struct wasm_run_counters *rc, u64 *args, u32 dflt)
 *
 * One frame, laid out as the C entries' (jit.h, E_*) so that the trap
 * unwinder finds it: rbp, rbx r12 r13 r14 r15, the instance, then
 * E_SLOTS: the args pointer (the result once the function returned),
 * E_NSLOTS: dflt, E_OLD_TRAP_SP, and rc in the last slot (R_RC).  While
 * inst->run_resume is set, the unwinder continues a trap into the image's
 * run exit (below) instead of returning: a normal return jumps there too,
 * with eax 0.  The exit does the counting for every run entry of the
 * image and leaves through the unwinder's exit; a re-entry is turned away
 * before any frame (run_missed).
 */
#include "jit.h"

#ifdef __x86_64__

#define RI(field)	((s32)offsetof(struct wasm_instance, field))
#define RS(field)	((s32)(offsetof(struct wasm_instance, stats) + \
			       offsetof(struct wasm_run_stats, field)))
#define RB(field)	((s32)(offsetof(struct wasm_instance, run_budget) + \
			       offsetof(struct wasm_budget, field)))
#define RC(field)	((s32)offsetof(struct wasm_run_counters, field))

static bool num_type(u8 t)
{
	return t == WASM_TYPE_I32 || t == WASM_TYPE_I64 || t == WASM_TYPE_F32 ||
	       t == WASM_TYPE_F64;
}

bool jit_run_entry_ok(const struct jit *c, u32 fidx)
{
	const struct wasm_functype *ft = &c->m->types[c->m->funcs[fidx].type];
	u32 i;

	if (!c->run || (c->floats && (!c->run->fpu_enter || !c->run->fpu_exit)))
		return false;
	if (ft->nparams > 64 || ft->nresults > 1 ||
	    (ft->nresults && !num_type(ft->results[0])))
		return false;
	for (i = 0; i < ft->nparams; i++)
		if (!num_type(ft->params[i]))
			return false;
	return true;
}

#define R_RC		(-80)	/* rc, in the E_* frame's padding slot */

/* add qword [m], 1 */
static void inc64(struct x86_buf *b, struct x86_mem m)
{
	x86_alu_mi(b, true, ALU_ADD, m, 1);
}

/* cmp byte [m], 0 */
static void cmp_byte0(struct x86_buf *b, struct x86_mem m)
{
	x86_op(b, 0, false, 0x80, 1, ALU_CMP, 0, &m);
	x86_b(b, 0);
}

/* [m] = v, 8 bytes (rax clobbered for a value an imm32 can't give) */
static void store64(struct x86_buf *b, struct x86_mem m, u64 v)
{
	if (v <= 0x7fffffffu) {
		x86_store_imm(b, 8, m, (s32)v);
	} else {
		x86_movabs(b, RAX, v);
		x86_store(b, 8, m, RAX);
	}
}

/* With WASM_RUN_MAP in register dflt: count the result in eax in rc->results[] (eax kept). */
static void count_result(struct x86_buf *b, int dflt, int rc)
{
	u32 j_map, j_range;

	x86_test_ri(b, false, dflt, (s32)WASM_RUN_MAP);
	j_map = x86_jcc8(b, CC_E);
	x86_alu_ri(b, false, ALU_CMP, RAX, WASM_RUN_NRESULTS);
	j_range = x86_jcc8(b, CC_AE);
	inc64(b, x86_mi(rc, RAX, 3, RC(results)));
	x86_bind8(b, j_map);
	x86_bind8(b, j_range);
}

/*
 * The image's run exit, right after the unwinder: rbp is a run entry's
 * frame, eax 0 or the trap code, r12 the fuel left; it ends in the
 * unwinder's exit (c->exit), which restores trap_sp and the caller's
 * registers.  Then the missed paths: run_missed (no frame: rax the
 * instance, rsi rc, ecx dflt; returns) and run_fpu_missed (the frame
 * built, the FPU refused).
 */
void jit_gen_run_common(struct jit *c)
{
	const struct wasm_run_config *rc = c->run;
	struct wasm_budget_plan plan = wasm_budget_plan(rc->fuel, rc->time_ns, rc->fuel_chunk);
	struct x86_buf *b = &c->b;
	u32 j_trap, j_big, j_bit, j_count, j_tk, j_t, j_nomap;

	c->run_exit = b->len;
	x86_load(b, true, R15, x86_m(RBP, E_INST));
	x86_store_imm(b, 1, x86_m(R15, RI(run_resume)), 0);
	x86_store_imm(b, 8, x86_m(R15, RI(budget)), 0);
	x86_store(b, 4, x86_m(R15, RI(last_trap)), RAX);
	/* fuel used: the budget less what is left here and in reserve */
	x86_mov_rr(b, true, RCX, R12);
	x86_alu_rm(b, true, ALU_ADD, RCX, x86_m(R15, RB(reserve)));
	x86_movabs(b, RDX, plan.all);
	x86_alu_rr(b, true, ALU_SUB, RDX, RCX);
	x86_store(b, 8, x86_m(R15, RI(last_fuel)), RDX);
	x86_op(b, 0, true, 0x01, 1, RDX, 0, &(struct x86_mem){ R15, -1, 0, RS(fuel) });
	inc64(b, x86_m(R15, RS(runs)));
	x86_load(b, true, RBX, x86_m(RBP, R_RC));
	inc64(b, x86_m(RBX, RC(runs)));
	x86_load(b, false, R14, x86_m(RBP, E_NSLOTS));
	x86_test_rr(b, false, RAX, RAX);
	j_trap = x86_jcc8(b, CC_NE);

	/* returned: its result, kept if the mask allows it (WASM_RUN_MAP) */
	x86_load(b, false, RAX, x86_m(RBP, E_SLOTS));
	x86_test_ri(b, false, R14, (s32)WASM_RUN_MAP);
	j_nomap = x86_jcc8(b, CC_E);
	x86_alu_ri(b, false, ALU_CMP, RAX, 32);
	j_big = x86_jcc8(b, CC_AE);
	x86_load(b, true, RCX, x86_m(R15, RI(run_ctx)));
	x86_load(b, false, RCX, x86_m(RCX, (s32)rc->mask_off));
	x86_op(b, 0, false, 0x0fa3, 2, RAX, RCX, NULL);	/* bt ecx, eax */
	j_bit = x86_jcc8(b, CC_B);
	x86_bind8(b, j_big);
	x86_extend_rr(b, false, false, 1, RAX, R14);	/* not allowed: the default */
	x86_bind8(b, j_bit);
	j_count = x86_jmp8(b);

	/* trapped: counted by kind, the default */
	x86_bind8(b, j_trap);
	x86_alu_ri(b, false, ALU_CMP, RAX, WASM_TRAP_COUNT);
	j_tk = x86_jcc8(b, CC_AE);
	inc64(b, x86_mi(R15, RAX, 3, RS(traps)));
	x86_bind8(b, j_tk);
	inc64(b, x86_m(RBX, RC(traps)));
	x86_extend_rr(b, false, false, 1, RAX, R14);
	x86_bind8(b, j_count);
	count_result(b, R14, RBX);
	x86_bind8(b, j_nomap);

	/* the clock again, then out of the FPU section and the guard */
	if (rc->timed) {
		x86_load(b, true, R13, x86_m(R15, RI(run_t0)));
		x86_test_rr(b, true, R13, R13);
		j_t = x86_jcc8(b, CC_E);
		x86_mov_rr(b, false, RBX, RAX);
		emit_ccall(c, (const void *)wasm_rt_clock_ns);
		x86_alu_rr(b, true, ALU_SUB, RAX, R13);
		x86_op(b, 0, true, 0x01, 1, RAX, 0, &(struct x86_mem){ R15, -1, 0, RS(run_ns) });
		inc64(b, x86_m(R15, RS(timed_runs)));
		x86_mov_rr(b, false, RAX, RBX);
		x86_bind8(b, j_t);
	}
	x86_store_imm(b, 8, x86_m(R15, RI(run_ctx)), 0);
	if (c->floats) {
		x86_mov_rr(b, false, RBX, RAX);
		emit_ccall(c, (const void *)rc->fpu_exit);
		x86_mov_rr(b, false, RAX, RBX);
	}
	x86_store_imm(b, 1, x86_m(R15, RI(running)), 0);
	x86_jmp_to(b, c->exit);

	/* did not run: missed, the default (counted as a result too) */
	c->run_missed = b->len;
	inc64(b, x86_m(RAX, RS(missed)));
	inc64(b, x86_m(RSI, RC(missed)));
	x86_extend_rr(b, false, false, 1, RAX, RCX);
	count_result(b, RCX, RSI);
	jit_emit_ret(c);

	/* the FPU refused (r12 the first handout): counted missed, out of the frame */
	c->run_fpu_missed = b->len;
	x86_store_imm(b, 1, x86_m(R15, RI(running)), 0);
	x86_store_imm(b, 8, x86_m(R15, RI(run_ctx)), 0);
	x86_mov_rr(b, true, RAX, R15);
	x86_load(b, true, RSI, x86_m(RBP, R_RC));
	x86_load(b, false, RCX, x86_m(RBP, E_NSLOTS));
	x86_call_to(b, c->run_missed);
	x86_jmp_to(b, c->exit);
}

u32 jit_gen_run_entry(struct jit *c, u32 fidx)
{
	const struct wasm_functype *ft = &c->m->types[c->m->funcs[fidx].type];
	const struct wasm_run_config *rc = c->run;
	struct wasm_budget_plan plan = wasm_budget_plan(rc->fuel, rc->time_ns, rc->fuel_chunk);
	u32 area = ((ft->nparams + 1) & ~1u) * 8, i, off, j_untimed, j_notime;
	u32 stack = rc->stack_bytes ? rc->stack_bytes : WASM_STACK_DEFAULT;
	struct x86_buf *b = &c->b;

	x86_align(b, 16);
	off = b->len;
	x86_endbr64(b);
	/* the guard, before any frame: a re-entry (interrupt, kprobe, NMI) runs nothing */
	x86_movabs(b, RAX, (u64)(uintptr_t)c->inst);
	cmp_byte0(b, x86_m(RAX, RI(running)));
	x86_jcc_to(b, CC_NE, c->run_missed);
	/* the E_* frame (jit.h), rc in its last slot; r12 the fuel the exits store */
	jit_entry_frame(c, RAX, RSI);
	x86_mov_ri(b, R12, plan.first);
	x86_store_imm(b, 1, x86_m(R15, RI(running)), 1);
	x86_store(b, 8, x86_m(R15, RI(run_ctx)), RDI);
	if (c->floats) {
		emit_ccall(c, (const void *)rc->fpu_enter);
		x86_op(b, 0, false, 0x84, 1, RAX, RAX, NULL);	/* test al, al */
		x86_jcc_to(b, CC_E, c->run_fpu_missed);
	}
	/* from here a trap ends in the run exit */
	x86_store_imm(b, 1, x86_m(R15, RI(run_resume)), 1);

	/* the clock, when the embedder times runs now */
	x86_alu_rr(b, false, ALU_XOR, R13, R13);
	if (rc->timed) {
		x86_movabs(b, R11, (u64)(uintptr_t)rc->timed);
		cmp_byte0(b, x86_m(R11, 0));
		j_untimed = x86_jcc8(b, CC_E);
		emit_ccall(c, (const void *)wasm_rt_clock_ns);
		x86_mov_rr(b, true, R13, RAX);
		x86_bind8(b, j_untimed);
		x86_store(b, 8, x86_m(R15, RI(run_t0)), R13);
	}

	/* the budget, as wasm_invoke() sets it */
	store64(b, x86_m(R15, RB(reserve)), plan.reserve);
	store64(b, x86_m(R15, RB(chunk)), plan.chunk);
	store64(b, x86_m(R15, RB(time_ns)), rc->time_ns);
	x86_store_imm(b, 4, x86_m(R15, RB(refills)), 0);
	x86_mov_rr(b, true, RAX, R13);
	if (rc->time_ns) {
		/* timed: the deadline counts from t0; else from the first refill */
		x86_test_rr(b, true, RAX, RAX);
		j_notime = x86_jcc8(b, CC_E);
		x86_movabs(b, RCX, rc->time_ns);
		x86_alu_rr(b, true, ALU_ADD, RAX, RCX);
		x86_bind8(b, j_notime);
	}
	x86_store(b, 8, x86_m(R15, RB(deadline)), RAX);
	x86_lea(b, true, RAX, x86_m(R15, (s32)offsetof(struct wasm_instance, run_budget)));
	x86_store(b, 8, x86_m(R15, RI(budget)), RAX);
	x86_lea(b, true, RAX, x86_m(RSP, -(s32)stack));
	x86_store(b, 8, x86_m(R15, RI(stack_limit)), RAX);

	/* the arguments, i32/f32 zero-extended, in the outgoing area */
	if (area) {
		x86_lea(b, true, RBX, x86_m(RSP, -(s32)area));
		x86_alu_rm(b, true, ALU_CMP, RBX, x86_m(R15, I_STACK_LIMIT));
		x86_jcc_to(b, CC_B, c->trap_stub[WASM_TRAP_STACK]);
		x86_mov_rr(b, true, RSP, RBX);
		x86_load(b, true, RDX, x86_m(RBP, E_SLOTS));
	}
	for (i = 0; i < ft->nparams; i++) {
		bool w = ft->params[i] == WASM_TYPE_I64 || ft->params[i] == WASM_TYPE_F64;

		x86_load(b, w, R11, x86_m(RDX, (s32)(8 * i)));
		x86_store(b, 8, x86_m(RSP, (s32)(8 * i)), R11);
	}
	jit_load_mem(c);

	/* the run: a direct call; its result into E_SLOTS, then the exit */
	x86_call_to(b, c->fn_off[fidx]);
	if (ft->nresults)
		x86_store(b, 8, x86_m(RBP, E_SLOTS), RAX);
	else
		x86_store_imm(b, 8, x86_m(RBP, E_SLOTS), 0);
	x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
	x86_jmp_to(b, c->run_exit);
	return off;
}

#endif /* __x86_64__ */
