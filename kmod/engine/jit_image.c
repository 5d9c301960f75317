// SPDX-License-Identifier: GPL-2.0
/*
 * jit_image.c - the x86-64 JIT (jit.h), the image: the shared stubs (a
 * trap stub per kind, the unwinder, the indirect-branch thunk, the fuel
 * refill, xcall), the C entries, and the driver that compiles an
 * instance into one image.
 */
#include "jit.h"

#ifdef __x86_64__

/* ---- the code buffer ------------------------------------------------------- */

int x86_grow(struct x86_buf *b)
{
	u32 ncap = b->cap ? b->cap * 2 : 65536;
	u8 *n;

	if (b->err) {
		b->len = 0;
		return b->err;
	}
	if (b->cap >= b->limit) {
		b->err = -WASM_ELIMIT;
		b->len = 0;
		return b->err;
	}
	if (ncap > b->limit)
		ncap = b->limit;
	n = wasm_kvmalloc(ncap + 16);
	if (!n) {
		b->err = -WASM_ENOMEM;
		b->len = 0;
		return b->err;
	}
	if (b->len)
		memcpy(n, b->p, b->len);
	wasm_kvfree(b->p);
	b->p = n;
	b->cap = ncap;
	return 0;
}

/*
 * ret, or with a return thunk (WASM_JIT_RETHUNK_F) a jump through the
 * indirect-branch thunk to the home's safe return, which returns for us:
 * the image is too far from it for a rel32.  r11 is free at every return.
 */
void jit_emit_ret(struct jit *c)
{
	if (c->ret_target) {
		x86_movabs(&c->b, R11, (u64)(uintptr_t)c->ret_target);
		x86_jmp_to(&c->b, c->thunk);
	} else {
		x86_ret(&c->b);
	}
}

/* ---- image-wide code -------------------------------------------------------- */

/* The exit path shared by a normal return and the unwinder (eax = result). */
static void gen_exit(struct jit *c)
{
	struct x86_buf *b = &c->b;

	x86_load(b, true, RDI, x86_m(RBP, E_INST));
	x86_store(b, 8, x86_m(RDI, I_FUEL), R12);
	x86_load(b, true, RCX, x86_m(RBP, E_OLD_TRAP_SP));
	x86_store(b, 8, x86_m(RDI, I_TRAP_SP), RCX);
	x86_lea(b, true, RSP, x86_m(RBP, -40));
	x86_pop(b, R15);
	x86_pop(b, R14);
	x86_pop(b, R13);
	x86_pop(b, R12);
	x86_pop(b, RBX);
	x86_pop(b, RBP);
	jit_emit_ret(c);
}

/* Load r14/r13 from r15's memory, if it has one (clobbers rdx). */
void jit_load_mem(struct jit *c)
{
	struct x86_buf *b = &c->b;
	u32 j;

	x86_load(b, true, RDX, x86_m(R15, I_MEMORY));
	x86_test_rr(b, true, RDX, RDX);
	j = x86_jcc8(b, CC_E);
	x86_load(b, true, R14, x86_m(RDX, M_BASE));
	x86_load(b, true, R13, x86_m(RDX, M_SIZE));
	x86_bind8(b, j);
}

/* [base + rax * 8]: slot rax of an argument/result array */
static inline struct x86_mem slot_i(int base)
{
	struct x86_mem m = { (s8)base, RAX, 3, 0 };

	return m;
}

/*
 * Copy slots rax .. rcx - 1 from the array at src to the one at dst (r11
 * and rax clobbered) with a loop: handlers take one or two arguments,
 * where "rep movsq" costs more to start than it moves.
 */
static void gen_copy_slots(struct x86_buf *b, int src, int dst)
{
	u32 top = b->len, j;

	x86_alu_rr(b, true, ALU_CMP, RAX, RCX);
	j = x86_jcc8(b, CC_AE);
	x86_load(b, true, R11, slot_i(src));
	x86_store(b, 8, slot_i(dst), R11);
	x86_alu_ri(b, true, ALU_ADD, RAX, 1);
	x86_jmp_to(b, top);
	x86_bind8(b, j);
}

/*
 * The E_* frame below rbp, which the unwinder relies on: rbx r12 r13 r14
 * r15, the instance (register inst), rdx, rcx, the previous trap_sp, then
 * register last or padding (last < 0); r15 = inst, trap_sp = rsp.
 */
void jit_entry_frame(struct jit *c, int inst, int last)
{
	struct x86_buf *b = &c->b;

	x86_push(b, RBP);
	x86_mov_rr(b, true, RBP, RSP);
	x86_push(b, RBX);
	x86_push(b, R12);
	x86_push(b, R13);
	x86_push(b, R14);
	x86_push(b, R15);
	x86_push(b, inst);
	x86_push(b, RDX);
	x86_push(b, RCX);
	x86_push_m(b, x86_m(inst, I_TRAP_SP));
	if (last >= 0)
		x86_push(b, last);
	else
		x86_alu_ri(b, true, ALU_SUB, RSP, 8);
	x86_mov_rr(b, true, R15, inst);
	x86_store(b, 8, x86_m(R15, I_TRAP_SP), RSP);
}

/*
 * The C ABI entries, int entry(struct wasm_instance *inst, const void
 * *code, u64 *slots, u64 nslots), begin alike: the E_* frame with slots
 * and nslots in it; r15 = inst, r12 = fuel.  The argument area follows.
 */
static void gen_entry_enter(struct jit *c)
{
	x86_endbr64(&c->b);
	jit_entry_frame(c, RDI, -1);
	x86_load(&c->b, true, R12, x86_m(R15, I_FUEL));
}

/*
 * The entry of exported function fidx: the generic entry specialised to
 * its type, calling it directly (no indirect branch: a retpoline in the
 * kernel) and copying exactly its parameters in and results out.
 * Returns its offset.
 */
static u32 gen_func_entry(struct jit *c, u32 fidx)
{
	const struct wasm_functype *ft = &c->m->types[c->m->funcs[fidx].type];
	u32 nslots = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
	u32 area = ((nslots + 1) & ~1u) * 8, i, off;
	struct x86_buf *b = &c->b;

	x86_align(b, 16);
	off = b->len;
	gen_entry_enter(c);
	if (area) {
		x86_lea(b, true, RBX, x86_m(RSP, -(s32)area));
		x86_alu_rm(b, true, ALU_CMP, RBX, x86_m(R15, I_STACK_LIMIT));
		x86_jcc_to(b, CC_B, c->trap_stub[WASM_TRAP_STACK]);
		x86_mov_rr(b, true, RSP, RBX);
	}
	for (i = 0; i < ft->nparams; i++) {
		x86_load(b, true, R11, x86_m(RDX, (s32)(8 * i)));
		x86_store(b, 8, x86_m(RSP, (s32)(8 * i)), R11);
	}
	jit_load_mem(c);
	x86_call_to(b, c->fn_off[fidx]);
	if (ft->nresults) {
		x86_load(b, true, RDX, x86_m(RBP, E_SLOTS));
		x86_store(b, 8, x86_m(RDX, 0), RAX);
	}
	for (i = 1; i < ft->nresults; i++) {
		x86_load(b, true, R11, x86_m(RSP, (s32)(8 * i)));
		x86_store(b, 8, x86_m(RDX, (s32)(8 * i)), R11);
	}
	x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
	gen_exit(c);
	return off;
}

/* What the refill stub keeps: the operand-stack pool (rbx is callee-saved). */
static const u8 refill_saved[] = { RAX, RCX, RDX, RSI, RDI, R8, R9, R10 };

static void gen_common(struct jit *c)
{
	struct x86_buf *b = &c->b;
	u32 j, j2, i, j_run = 0;

	/* 0: a few int3 so that no function starts at offset 0 */
	for (i = 0; i < 16; i++)
		x86_raw(b, (const u8 *)"\xcc", 1);

	/* the indirect-branch thunk: target in r11 (first: returns use it) */
	c->thunk = b->len;
	if (c->retpoline) {
		/* call 1f; 2: pause; lfence; jmp 2b; 1: mov [rsp], r11; ret */
		x86_raw(b, (const u8 *)"\xe8\x07\x00\x00\x00\xf3\x90\x0f\xae\xe8\xeb\xf9"
			"\x4c\x89\x1c\x24", 16);
		x86_ret(b);
	} else {
		x86_jmp_r(b, R11);
		x86_raw(b, (const u8 *)"\xcc", 1);
	}

	/* the unwinder: eax = trap code, r15 = an instance of this invocation */
	c->trap_eax = b->len;
	x86_load(b, true, RSP, x86_m(R15, I_TRAP_SP));
	x86_lea(b, true, RBP, x86_m(RSP, E_FRAME));
	if (c->run) {
		/* the frame of a run entry: its exit counts the trap (jit_run.c) */
		x86_load(b, true, RDI, x86_m(RBP, E_INST));
		x86_op(b, 0, false, 0x80, 1, ALU_CMP, 0,
		       &(struct x86_mem){ RDI, -1, 0,
					  (s32)offsetof(struct wasm_instance, run_resume) });
		x86_b(b, 0);
		j_run = x86_jcc32(b, CC_NE, 0);
	}
	c->exit = b->len;
	gen_exit(c);
	if (c->run) {
		x86_bind32(b, j_run);
		jit_gen_run_common(c);
	}

	for (i = 1; i < WASM_TRAP_COUNT; i++) {
		c->trap_stub[i] = b->len;
		x86_mov_ri(b, RAX, i);
		x86_jmp_to(b, c->trap_eax);
	}

	/*
	 * refill: the slow path of a fuel check, called with rsp 16-aligned
	 * (+ the return address): wasm_rt_fuel_refill(r15) with every pool
	 * register (and the float scratch registers) kept, then back to the
	 * check, or to the unwinder with its trap code.
	 */
	c->refill = b->len;
	for (i = 0; i < ARRAY_SIZE(refill_saved); i++)
		x86_push(b, refill_saved[i]);
	x86_alu_ri(b, true, ALU_SUB, RSP, c->floats ? 24 : 8);
	if (c->floats) {
		x86_movq_mx(b, true, x86_m(RSP, 8), 0);
		x86_movq_mx(b, true, x86_m(RSP, 16), 1);
	}
	x86_store(b, 8, x86_m(R15, I_FUEL), R12);
	x86_mov_rr(b, true, RDI, R15);
	emit_ccall(c, wasm_rt_fuel_refill);
	x86_load(b, true, R12, x86_m(R15, I_FUEL));
	x86_mov_rr(b, true, R11, RAX);
	if (c->floats) {
		x86_movq_xm(b, true, 0, x86_m(RSP, 8));
		x86_movq_xm(b, true, 1, x86_m(RSP, 16));
	}
	x86_alu_ri(b, true, ALU_ADD, RSP, c->floats ? 24 : 8);
	for (i = ARRAY_SIZE(refill_saved); i-- > 0;)
		x86_pop(b, refill_saved[i]);
	x86_test_rr(b, false, R11, R11);
	j = x86_jcc8(b, CC_NE);
	jit_emit_ret(c);		/* (r11 is free again) */
	x86_bind8(b, j);
	x86_mov_rr(b, false, RAX, R11);
	x86_jmp_to(b, c->trap_eax);

	/*
	 * xcall: call the funcinst in r11; arguments at [rsp + 8] (above our
	 * return address), results back there and in rax.
	 */
	c->xcall = b->len;
	x86_load(b, true, RAX, x86_m(R11, F_CODE));
	x86_test_rr(b, true, RAX, RAX);
	j = x86_jcc32(b, CC_E, 0);
	x86_load(b, true, RCX, x86_m(R11, F_INST));
	x86_alu_rr(b, true, ALU_CMP, RCX, R15);
	j2 = x86_jcc8(b, CC_NE);
	x86_mov_rr(b, true, R11, RAX);
	x86_jmp_to(b, c->thunk);
	/* another instance: it runs within our invocation */
	x86_bind8(b, j2);
	x86_load(b, true, RDX, x86_m(R15, I_TRAP_SP));
	x86_store(b, 8, x86_m(RCX, I_TRAP_SP), RDX);
	x86_load(b, true, RDX, x86_m(R15, I_STACK_LIMIT));
	x86_store(b, 8, x86_m(RCX, I_STACK_LIMIT), RDX);
	x86_load(b, true, RDX, x86_m(R15, I_BUDGET));
	x86_store(b, 8, x86_m(RCX, I_BUDGET), RDX);
	x86_mov_rr(b, true, R15, RCX);
	jit_load_mem(c);
	x86_mov_rr(b, true, R11, RAX);
	x86_jmp_to(b, c->thunk);
	/* no JIT code (host function, interpreted instance): through C */
	x86_bind32(b, j);
	x86_store(b, 8, x86_m(R15, I_FUEL), R12);
	x86_mov_rr(b, true, RDI, R15);
	x86_mov_rr(b, true, RSI, R11);
	x86_lea(b, true, RDX, x86_m(RSP, 8));
	x86_alu_ri(b, true, ALU_SUB, RSP, 8);
	emit_ccall(c, wasm_rt_call_func);
	x86_alu_ri(b, true, ALU_ADD, RSP, 8);
	x86_load(b, true, R12, x86_m(R15, I_FUEL));
	x86_test_rr(b, false, RAX, RAX);
	x86_jcc_to(b, CC_NE, c->trap_eax);
	x86_load(b, true, RAX, x86_m(RSP, 8));
	jit_emit_ret(c);

	/* the generic C entry: any function of the image, code in rsi */
	c->entry = b->len;
	gen_entry_enter(c);
	/* argument area: nslots * 8 rounded up to 16, within the stack limit */
	x86_lea(b, true, RAX, x86_m(RCX, 1));
	x86_alu_ri(b, true, ALU_AND, RAX, -2);
	x86_shift_ri(b, true, SH_SHL, RAX, 3);
	x86_mov_rr(b, true, RBX, RSP);
	x86_alu_rr(b, true, ALU_SUB, RBX, RAX);
	x86_alu_rm(b, true, ALU_CMP, RBX, x86_m(R15, I_STACK_LIMIT));
	x86_jcc_to(b, CC_B, c->trap_stub[WASM_TRAP_STACK]);
	x86_mov_rr(b, true, RSP, RBX);
	/* the arguments */
	x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
	gen_copy_slots(b, RDX, RSP);
	x86_mov_rr(b, true, R11, RSI);
	jit_load_mem(c);
	x86_call_to(b, c->thunk);
	/* results: rax and [rsp + 8 ...] */
	x86_load(b, true, RCX, x86_m(RBP, E_NSLOTS));
	x86_test_rr(b, true, RCX, RCX);
	j = x86_jcc8(b, CC_E);
	x86_load(b, true, RDX, x86_m(RBP, E_SLOTS));
	x86_store(b, 8, x86_m(RDX, 0), RAX);
	x86_mov_ri(b, RAX, 1);
	gen_copy_slots(b, RSP, RDX);
	x86_bind8(b, j);
	x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
	gen_exit(c);
}

/* ---- driver ------------------------------------------------------------------------------ */

static void jit_cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

int wasm_jit_baseline_cpu;
u32 wasm_jit_code_limit = WASM_LIMIT_JIT_CODE_MAX;

static void detect_cpu(struct jit *c)
{
	u32 a, b, cx, d, max;

	if (wasm_jit_baseline_cpu)
		return;
	jit_cpuid(0, 0, &max, &b, &cx, &d);
	if (max >= 1) {
		jit_cpuid(1, 0, &a, &b, &cx, &d);
		c->sse41 = cx & (1u << 19);
		c->popcnt = cx & (1u << 23);
	}
	if (max >= 7) {
		jit_cpuid(7, 0, &a, &b, &cx, &d);
		c->tzcnt = b & (1u << 3);	/* BMI1 */
	}
	jit_cpuid(0x80000000, 0, &max, &b, &cx, &d);
	if (max >= 0x80000001) {
		jit_cpuid(0x80000001, 0, &a, &b, &cx, &d);
		c->lzcnt = cx & (1u << 5);	/* ABM */
	}
}

typedef int (*jit_entry_fn)(struct wasm_instance *inst, const void *code, u64 *slots,
			    u64 nslots);

static int jit_call(struct wasm_instance *inst, struct wasm_funcinst *f, u64 *slots)
{
	struct wasm_instance *callee = f->inst;
	int r;

	if (!f->code || !callee)
		return wasm_rt_call_func(inst, f, slots);
	if (!inst->stack_limit)
		inst->stack_limit = (uintptr_t)__builtin_frame_address(0) - WASM_STACK_DEFAULT;
	if (callee != inst) {
		callee->fuel = inst->fuel;
		callee->budget = inst->budget;
		callee->stack_limit = inst->stack_limit;
	}
	r = f->entry(callee, f->code, slots, f->nslots);
	if (callee != inst)
		inst->fuel = callee->fuel;
	return r;
}

static void jit_free(struct wasm_instance *inst)
{
	struct jit_image *img = inst->jit;

	if (img) {
		wasm_exec_free(img->handle);
		wasm_free(img);
	}
	inst->jit = NULL;
	inst->jit_call = NULL;
	inst->jit_free = NULL;
}

u32 wasm_jit_code_size(const struct wasm_instance *inst)
{
	const struct jit_image *img = inst->jit;

	return img ? img->len : 0;
}

bool wasm_jit_available(void)
{
	return true;
}

static void jit_cleanup(struct jit *c)
{
	wasm_kvfree(c->b.p);
	wasm_kvfree(c->fn_off);
	wasm_kvfree(c->fn_list);
	wasm_kvfree(c->ent_off);
	wasm_kvfree(c->run_off);
	wasm_kvfree(c->ltypes);
	wasm_kvfree(c->vs);
	wasm_kvfree(c->cs);
	wasm_kvfree(c->slow);
	wasm_free(c);
}

int wasm_jit_compile(struct wasm_instance *inst, struct wasm_log *log)
{
	return wasm_jit_compile_run(inst, NULL, log);
}

int wasm_jit_compile_run(struct wasm_instance *inst, const struct wasm_run_config *cfg,
			 struct wasm_log *log)
{
	const struct wasm_module *m = inst->module;
	struct jit_image *img = NULL;
	unsigned int mit;
	struct jit *c;
	u32 i;
	int err = 0;

	c = wasm_calloc(1, sizeof(*c));
	if (!c)
		return -WASM_ENOMEM;
	c->m = m;
	c->inst = inst;
	c->log = log;
	c->has_mem = m->nmemories != 0;
	c->floats = wasm_module_uses_float(m);
	c->mem_min = inst->memory ? inst->memory->size : 0;
	c->b.limit = wasm_jit_code_limit < WASM_LIMIT_JIT_CODE_MAX ? wasm_jit_code_limit :
		     WASM_LIMIT_JIT_CODE_MAX;
	c->fn_off = wasm_kvcalloc(m->nfuncs + 1, sizeof(u32));
	c->fn_list = wasm_kvcalloc(m->nfuncs + 1, sizeof(u32));
	c->ent_off = wasm_kvcalloc(m->nfuncs + 1, sizeof(u32));
	c->run_off = wasm_kvcalloc(m->nfuncs + 1, sizeof(u32));
	c->run = cfg;
	/* run entries: imports of host functions only, no imported table (runtime.h) */
	for (i = 0; cfg && i < m->nimported_funcs; i++)
		if (!inst->funcs[i]->host)
			c->run = NULL;
	if (m->nimported_tables)
		c->run = NULL;
	err = c->fn_off && c->fn_list && c->ent_off && c->run_off ? x86_grow(&c->b) :
	      -WASM_ENOMEM;
	if (err)
		goto out;
	detect_cpu(c);
	mit = wasm_jit_mitigations();
	c->retpoline = mit & WASM_JIT_RETPOLINE_F;
	c->ret_target = mit & WASM_JIT_RETHUNK_F ? wasm_jit_ret_target() : NULL;
	gen_common(c);
	for (i = m->nimported_funcs; i < m->nfuncs && !err; i++) {
		err = jit_compile_func(c, i);
		if (err)
			wasm_log_printf(log, "func %u: JIT compilation failed: %s", i,
					err == -WASM_ELIMIT ? "code size limit" : wasm_strerror(err));
	}
	/* entries of the exported functions (what wasm_invoke() runs) */
	for (i = 0; i < m->nexports && !err; i++) {
		const struct wasm_export *e = &m->exports[i];

		if (e->kind == WASM_EXTERN_FUNC && e->index >= m->nimported_funcs &&
		    !c->ent_off[e->index])
			c->ent_off[e->index] = gen_func_entry(c, e->index);
		/* and its run entry, around that one (RUN ENTRIES) */
		if (e->kind == WASM_EXTERN_FUNC && e->index >= m->nimported_funcs &&
		    !c->run_off[e->index] && jit_run_entry_ok(c, e->index))
			c->run_off[e->index] = jit_gen_run_entry(c, e->index);
	}
	if (!err)
		err = c->b.err;
	if (err)
		goto out;
	img = wasm_calloc(1, sizeof(*img));
	if (!img) {
		err = -WASM_ENOMEM;
		goto out;
	}
	img->handle = wasm_exec_alloc(c->b.p, c->b.len);
	if (!img->handle) {
		wasm_free(img);
		err = -WASM_ENOMEM;
		goto out;
	}
	img->exec = wasm_exec_addr(img->handle);
	img->len = c->b.len;
	if (inst->jit_free)
		inst->jit_free(inst);
	inst->jit = img;
	inst->jit_free = jit_free;
	inst->jit_call = jit_call;
	for (i = m->nimported_funcs; i < m->nfuncs; i++) {
		struct wasm_funcinst *f = inst->funcs[i];

		f->code = img->exec + c->fn_off[i];
		/* an export's own entry, or the image's generic one */
		f->entry = (jit_entry_fn)(void *)(img->exec + (c->ent_off[i] ? c->ent_off[i] :
								  c->entry));
		f->run = c->run_off[i] ? img->exec + c->run_off[i] : NULL;
	}
out:
	jit_cleanup(c);
	return err;
}


#else /* !__x86_64__ */

int wasm_jit_baseline_cpu;
u32 wasm_jit_code_limit = WASM_LIMIT_JIT_CODE_MAX;

bool wasm_jit_available(void)
{
	return false;
}

int wasm_jit_compile(struct wasm_instance *inst, struct wasm_log *log)
{
	return -WASM_EUNSUPPORTED;
}

int wasm_jit_compile_run(struct wasm_instance *inst, const struct wasm_run_config *cfg,
			 struct wasm_log *log)
{
	return -WASM_EUNSUPPORTED;
}

u32 wasm_jit_code_size(const struct wasm_instance *inst)
{
	return 0;
}

#endif /* __x86_64__ */
