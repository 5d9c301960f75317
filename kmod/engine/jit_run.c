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
 * Registers across the run (callee-saved, so the C calls keep them):
 *	r15 the instance, rbx rc, r12d dflt, r13 the start time (0: not
 *	timed), r14 ctx.
 * Frame below the saved registers: the argument/result slots at [rsp],
 * the instance's previous budget pointer above them.  The function itself
 * runs through its own C entry (gen_func_entry()), whose frame the trap
 * unwinder knows: a trap returns here with its code in eax.
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

/* add qword [m], 1 */
static void inc64(struct x86_buf *b, struct x86_mem m)
{
	x86_alu_mi(b, true, ALU_ADD, m, 1);
}

/* With WASM_RUN_MAP in r12d: count the result in eax in rc->results[] (eax kept). */
static void count_result(struct x86_buf *b, u32 *skip_map, u32 *skip_range)
{
	x86_test_ri(b, false, R12, (s32)WASM_RUN_MAP);
	*skip_map = x86_jcc8(b, CC_E);
	x86_alu_ri(b, false, ALU_CMP, RAX, WASM_RUN_NRESULTS);
	*skip_range = x86_jcc8(b, CC_AE);
	inc64(b, x86_mi(RBX, RAX, 3, RC(results)));
}

u32 jit_gen_run_entry(struct jit *c, u32 fidx, u32 ent)
{
	const struct wasm_functype *ft = &c->m->types[c->m->funcs[fidx].type];
	const struct wasm_run_config *rc = c->run;
	u32 nslots = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
	u32 area = ((nslots + 1) & ~1u) * 8, i, off;
	u64 budget = rc->fuel ? rc->fuel : WASM_FUEL_UNLIMITED, fuel0, reserve = 0, chunk = 0;
	u32 stack = rc->stack_bytes ? rc->stack_bytes : WASM_STACK_DEFAULT;
	u32 j_missed, j_missed_fpu = 0, j_untimed = 0, j_notime, j_trap, j_nomap, j_big, j_bit;
	u32 j_cm, j_cr, j_cm2, j_cr2, j_tk, j_done_t = 0, j_count, j_out;
	struct x86_buf *b = &c->b;

	if (budget > WASM_FUEL_UNLIMITED)
		budget = WASM_FUEL_UNLIMITED;
	fuel0 = budget;
	if (rc->time_ns) {
		chunk = rc->fuel_chunk ? rc->fuel_chunk : WASM_FUEL_CHUNK_DEFAULT;
		if (budget > chunk) {
			fuel0 = chunk;
			reserve = budget - chunk;
		}
	}

	x86_align(b, 16);
	off = b->len;
	/* frame: rbp, the callee-saved registers, the slots, the saved budget pointer */
	x86_endbr64(b);
	x86_push(b, RBP);
	x86_mov_rr(b, true, RBP, RSP);
	x86_push(b, RBX);
	x86_push(b, R12);
	x86_push(b, R13);
	x86_push(b, R14);
	x86_push(b, R15);
	x86_alu_ri(b, true, ALU_SUB, RSP, (s32)(area + 8));
	x86_movabs(b, R15, (u64)(uintptr_t)c->inst);
	x86_mov_rr(b, true, RBX, RSI);
	x86_mov_rr(b, false, R12, RCX);
	x86_mov_rr(b, true, R14, RDI);

	/* the arguments into the slots, i32/f32 zero-extended (no C call has run yet) */
	for (i = 0; i < ft->nparams; i++) {
		bool w = ft->params[i] == WASM_TYPE_I64 || ft->params[i] == WASM_TYPE_F64;

		x86_load(b, w, R11, x86_m(RDX, (s32)(8 * i)));
		x86_store(b, 8, x86_m(RSP, (s32)(8 * i)), R11);
	}

	/* the guard: an interrupt, kprobe or NMI re-entering this instance runs nothing */
	x86_op(b, 0, false, 0x80, 1, ALU_CMP, 0, &(struct x86_mem){ R15, -1, 0, RI(running) });
	x86_b(b, 0);
	j_missed = x86_jcc32(b, CC_NE, 0);
	x86_store_imm(b, 1, x86_m(R15, RI(running)), 1);
	if (c->floats) {
		emit_ccall(c, (const void *)rc->fpu_enter);
		x86_op(b, 0, false, 0x84, 1, RAX, RAX, NULL);	/* test al, al */
		j_missed_fpu = x86_jcc32(b, CC_E, 0);
	}
	x86_store(b, 8, x86_m(R15, RI(run_ctx)), R14);

	/* the clock, when the embedder times runs now */
	x86_alu_rr(b, false, ALU_XOR, R13, R13);
	if (rc->timed) {
		x86_movabs(b, R11, (u64)(uintptr_t)rc->timed);
		x86_op(b, 0, false, 0x80, 1, ALU_CMP, 0, &(struct x86_mem){ R11, -1, 0, 0 });
		x86_b(b, 0);
		j_untimed = x86_jcc8(b, CC_E);
		emit_ccall(c, (const void *)wasm_rt_clock_ns);
		x86_mov_rr(b, true, R13, RAX);
		x86_bind8(b, j_untimed);
	}

	/* the budget, as wasm_invoke() sets it (CHUNKS AND THE DEADLINE) */
	store64(b, x86_m(R15, RI(fuel)), fuel0);
	store64(b, x86_m(R15, RB(reserve)), reserve);
	store64(b, x86_m(R15, RB(chunk)), chunk);
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
	} else {
		x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
	}
	x86_store(b, 8, x86_m(R15, RB(deadline)), RAX);
	x86_load(b, true, RAX, x86_m(R15, RI(budget)));
	x86_store(b, 8, x86_m(RSP, (s32)area), RAX);
	x86_lea(b, true, RAX, x86_m(R15, (s32)offsetof(struct wasm_instance, run_budget)));
	x86_store(b, 8, x86_m(R15, RI(budget)), RAX);
	x86_lea(b, true, RAX, x86_m(RSP, -(s32)stack));
	x86_store(b, 8, x86_m(R15, RI(stack_limit)), RAX);

	/* the run: the function's C entry (E_* frame, the unwinder's), called directly */
	x86_mov_rr(b, true, RDI, R15);
	x86_mov_rr(b, true, RDX, RSP);
	x86_mov_ri(b, RCX, nslots);
	x86_call_to(b, ent);

	/* eax: 0 or the trap code.  The budget back, the fuel used counted. */
	x86_load(b, true, RCX, x86_m(RSP, (s32)area));
	x86_store(b, 8, x86_m(R15, RI(budget)), RCX);
	x86_store(b, 4, x86_m(R15, RI(last_trap)), RAX);
	x86_load(b, true, RCX, x86_m(R15, RI(fuel)));
	x86_alu_rm(b, true, ALU_ADD, RCX, x86_m(R15, RB(reserve)));
	x86_movabs(b, RDX, budget);
	x86_alu_rr(b, true, ALU_SUB, RDX, RCX);
	x86_store(b, 8, x86_m(R15, RI(last_fuel)), RDX);
	x86_op(b, 0, true, 0x01, 1, RDX, 0, &(struct x86_mem){ R15, -1, 0, RS(fuel) });
	inc64(b, x86_m(R15, RS(runs)));
	inc64(b, x86_m(RBX, RC(runs)));
	x86_test_rr(b, false, RAX, RAX);
	j_trap = x86_jcc8(b, CC_NE);

	/* returned: its result, kept if the mask allows it (WASM_RUN_MAP) */
	if (ft->nresults)
		x86_load(b, false, RAX, x86_m(RSP, 0));
	else
		x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
	x86_test_ri(b, false, R12, (s32)WASM_RUN_MAP);
	j_nomap = x86_jcc8(b, CC_E);
	x86_alu_ri(b, false, ALU_CMP, RAX, 32);
	j_big = x86_jcc8(b, CC_AE);
	x86_load(b, false, RCX, x86_m(R14, (s32)rc->mask_off));
	x86_op(b, 0, false, 0x0fa3, 2, RAX, RCX, NULL);	/* bt ecx, eax */
	j_bit = x86_jcc8(b, CC_B);
	x86_bind8(b, j_big);
	x86_extend_rr(b, false, false, 1, RAX, R12);	/* not allowed: the default */
	x86_bind8(b, j_bit);
	j_count = x86_jmp8(b);

	/* trapped: counted by kind, the default */
	x86_bind8(b, j_trap);
	x86_alu_ri(b, false, ALU_CMP, RAX, WASM_TRAP_COUNT);
	j_tk = x86_jcc8(b, CC_AE);
	inc64(b, x86_mi(R15, RAX, 3, RS(traps)));
	x86_bind8(b, j_tk);
	inc64(b, x86_m(RBX, RC(traps)));
	x86_extend_rr(b, false, false, 1, RAX, R12);
	x86_bind8(b, j_count);
	count_result(b, &j_cm, &j_cr);
	x86_bind8(b, j_cm);
	x86_bind8(b, j_cr);
	x86_bind8(b, j_nomap);

	/* the clock again, then out of the FPU section and the guard */
	if (rc->timed) {
		x86_test_rr(b, true, R13, R13);
		j_done_t = x86_jcc8(b, CC_E);
		x86_mov_rr(b, false, RBX, RAX);
		emit_ccall(c, (const void *)wasm_rt_clock_ns);
		x86_alu_rr(b, true, ALU_SUB, RAX, R13);
		x86_op(b, 0, true, 0x01, 1, RAX, 0, &(struct x86_mem){ R15, -1, 0, RS(run_ns) });
		inc64(b, x86_m(R15, RS(timed_runs)));
		x86_mov_rr(b, false, RAX, RBX);
		x86_bind8(b, j_done_t);
	}
	x86_store_imm(b, 8, x86_m(R15, RI(run_ctx)), 0);
	if (c->floats) {
		x86_mov_rr(b, false, RBX, RAX);
		emit_ccall(c, (const void *)rc->fpu_exit);
		x86_mov_rr(b, false, RAX, RBX);
	}
	x86_store_imm(b, 1, x86_m(R15, RI(running)), 0);
	j_out = x86_jmp32(b, 0);

	/* did not run: missed, the default (counted as a result too) */
	if (c->floats) {
		x86_bind32(b, j_missed_fpu);
		x86_store_imm(b, 1, x86_m(R15, RI(running)), 0);
	}
	x86_bind32(b, j_missed);
	inc64(b, x86_m(R15, RS(missed)));
	inc64(b, x86_m(RBX, RC(missed)));
	x86_extend_rr(b, false, false, 1, RAX, R12);
	count_result(b, &j_cm2, &j_cr2);
	x86_bind8(b, j_cm2);
	x86_bind8(b, j_cr2);

	x86_bind32(b, j_out);
	x86_lea(b, true, RSP, x86_m(RBP, -40));
	x86_pop(b, R15);
	x86_pop(b, R14);
	x86_pop(b, R13);
	x86_pop(b, R12);
	x86_pop(b, RBX);
	x86_pop(b, RBP);
	jit_emit_ret(c);
	return off;
}

#endif /* __x86_64__ */
