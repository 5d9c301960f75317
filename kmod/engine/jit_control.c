// SPDX-License-Identifier: GPL-2.0
/*
 * jit_control.c - the x86-64 JIT (jit.h), control flow: fuel checks (the
 * costs are the side table's), labels and branches, block/loop/if/else/
 * end, br_table, calls.
 */
#include "jit.h"

#ifdef __x86_64__

/* ---- fuel ------------------------------------------------------------------ */

/*
 * "cmp r12, cost; jl slow; sub r12, cost": slow is out of line at the
 * function's end (jit_fuel_slow_paths()), calls the refill stub and jumps back
 * to the cmp.  Returns the offset of the cmp's imm32.
 */
u32 jit_fuel_check(struct jit *c, u32 cost, u32 *sub_patch)
{
	struct x86_buf *b = &c->b;
	u32 at = b->len, patch, f;

	patch = x86_alu_ri32(b, true, ALU_CMP, R12, cost);
	f = x86_jcc32(b, CC_L, 0);
	*sub_patch = x86_alu_ri32(b, true, ALU_SUB, R12, cost);
	if (b->err)
		return patch;
	if (c->nslow + 2 > c->slow_cap) {
		u32 ncap = c->slow_cap ? c->slow_cap * 2 : 256;
		u32 *n = wasm_kvmalloc((size_t)ncap * sizeof(u32));

		if (!n) {
			c->err = -WASM_ENOMEM;
			return patch;
		}
		if (c->nslow)
			memcpy(n, c->slow, (size_t)c->nslow * sizeof(u32));
		wasm_kvfree(c->slow);
		c->slow = n;
		c->slow_cap = ncap;
	}
	c->slow[c->nslow++] = f;
	c->slow[c->nslow++] = at;
	return patch;
}

/* The out-of-line halves of this function's fuel checks. */
void jit_fuel_slow_paths(struct jit *c)
{
	struct x86_buf *b = &c->b;
	u32 i;

	for (i = 0; i + 1 < c->nslow && !b->err; i += 2) {
		x86_bind32(b, c->slow[i]);
		x86_call_to(b, c->refill);
		x86_jmp_to(b, c->slow[i + 1]);
	}
	c->nslow = 0;
}

/* A fuel run starts here; its cost is the side table's (entry s). */
void jit_run_start(struct jit *c, const struct wasm_side *s)
{
	u32 sub;

	jit_fuel_check(c, s->cost, &sub);
}

/* ---- labels ---------------------------------------------------------------- */

/* Bind a rel32 chain (each field holds the next field's offset, 0 ends). */
void jit_bind_list(struct jit *c, u32 list)
{
	while (list && !c->b.err) {
		u32 next = x86_get32(&c->b, list);

		x86_bind32(&c->b, list);
		list = next;
	}
}

/* Jump (cc < 0: unconditional) to label L. */
static void jump_label(struct jit *c, struct jctl *L, int cc)
{
	if (L->op == WASM_OP_LOOP) {
		if (cc < 0)
			x86_jmp_to(&c->b, L->loop_pos);
		else
			x86_jcc_to(&c->b, cc, L->loop_pos);
		return;
	}
	L->list = cc < 0 ? x86_jmp32(&c->b, L->list) : x86_jcc32(&c->b, cc, L->list);
}

static inline u32 label_arity(const struct jctl *L)
{
	return L->arity;
}

/* Must a branch to L move values? */
static bool br_needs_moves(struct jit *c, const struct jctl *L)
{
	u32 n = label_arity(L), j;

	if (!n)
		return false;
	if (c->sp - n != L->height)
		return true;
	for (j = 0; j < n; j++)
		if (c->vs[c->sp - n + j].kind != V_MEM)
			return true;
	return false;
}

/* Move the branch values into L's slots (no change to the compile state). */
static void br_moves(struct jit *c, const struct jctl *L)
{
	u32 n = label_arity(L), j;

	for (j = 0; j < n; j++) {
		struct jv v = c->vs[c->sp - n + j];
		u32 dst = L->height + j;

		v.idx = c->sp - n + j;
		if (v.kind == V_MEM && v.idx == dst)
			continue;
		if (v.kind == V_MEM) {
			x86_load(&c->b, true, R11, slot(c, v.idx));
			x86_store(&c->b, 8, slot(c, dst), R11);
		} else {
			store_val(c, &v, slot(c, dst));
		}
	}
}

/* Return: results to rax and [rbp + 16 + 8 i], leave, ret. */
void jit_emit_return(struct jit *c)
{
	u32 n = c->ft->nresults, i;
	struct jv v;

	for (i = 1; i < n; i++) {
		v = c->vs[c->sp - n + i];
		v.idx = c->sp - n + i;
		store_val(c, &v, x86_m(RBP, 16 + 8 * (s32)i));
	}
	if (n) {
		v = c->vs[c->sp - n];
		v.idx = c->sp - n;
		load_val(c, &v, RAX);
	}
	x86_raw(&c->b, (const u8 *)"\xc9", 1);	/* leave */
	jit_emit_ret(c);
}

/* Branch to L (cc < 0: always), from the current state. */
static void emit_br(struct jit *c, struct jctl *L, int cc)
{
	u32 skip;

	if (L->op == C_FUNC) {
		skip = cc >= 0 ? x86_jcc32(&c->b, cc ^ 1, 0) : 0;
		jit_emit_return(c);
		if (cc >= 0)
			x86_bind32(&c->b, skip);
		return;
	}
	if (!br_needs_moves(c, L)) {
		jump_label(c, L, cc);
		return;
	}
	skip = cc >= 0 ? x86_jcc32(&c->b, cc ^ 1, 0) : 0;
	br_moves(c, L);
	jump_label(c, L, -1);
	if (cc >= 0)
		x86_bind32(&c->b, skip);
}

/* After a call: the memory registers may be stale (grow, other instance). */
void jit_reload_mem(struct jit *c, bool base)
{
	if (!c->has_mem)
		return;
	x86_load(&c->b, true, R11, x86_m(R15, I_MEMORY));
	if (base)
		x86_load(&c->b, true, R14, x86_m(R11, M_BASE));
	x86_load(&c->b, true, R13, x86_m(R11, M_SIZE));
}

/* ---- control ------------------------------------------------------------------ */

static void rd_blocktype(struct jit *c, const u8 **pt, u32 *np, const u8 **rt, u32 *nr)
{
	struct wasm_blocktype bt;

	wasm_blocktype_read(c->m, &c->it.p, &bt);
	*pt = bt.params;
	*np = bt.nparams;
	*rt = bt.results;
	*nr = bt.nresults;
}

/* block, loop, if: entry s opens block L (the side table's heights) */
void jit_op_block(struct jit *c, u8 op, const struct wasm_side *s)
{
	struct jctl *L = &c->cs[s - c->it.side];
	struct jv cond;
	int cc = CC_NE;

	memset(L, 0, sizeof(*L));
	L->op = op;
	rd_blocktype(c, &L->ptypes, &L->nparams, &L->rtypes, &L->nresults);
	L->height = s->height;
	L->arity = s->arity;
	L->dead = c->dead;
	if (c->dead)
		return;
	if (op == WASM_OP_IF) {
		cond = vpop(c);
		if (cond.kind == V_COND) {
			cc = cond.cc;
			spill_all(c);
		} else if (cond.kind == V_LREG) {
			spill_all(c);
			x86_test_rr(&c->b, false, cond.reg, cond.reg);
		} else {
			int r = to_reg(c, &cond, 0);

			spill_all(c);
			x86_test_rr(&c->b, false, r, r);
			free_reg(c, r);
		}
	} else {
		spill_all(c);
	}
	if (op == WASM_OP_BLOCK)
		return;
	if (op == WASM_OP_IF)
		L->else_list = x86_jcc32(&c->b, cc ^ 1, 0);
	if (op == WASM_OP_LOOP) {
		x86_align(&c->b, 16);	/* the back edges' target */
		L->loop_pos = c->b.len;
	}
	jit_run_start(c, s);
}

static void push_types_mem(struct jit *c, const u8 *t, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		push_mem(c, t[i]);
}

void jit_op_else(struct jit *c, const struct wasm_side *s)
{
	struct jctl *L = &c->cs[s->block];

	if (L->dead)
		return;
	if (!c->dead) {
		spill_all(c);
		L->list = x86_jmp32(&c->b, L->list);
	}
	jit_bind_list(c, L->else_list);
	L->else_list = 0;
	L->op = WASM_OP_ELSE;
	reset_stack(c, L->height);
	push_types_mem(c, L->ptypes, L->nparams);
	c->dead = s->flags & WASM_SIDE_NEXT_UNREACHED;
	jit_run_start(c, s);
}

void jit_op_end(struct jit *c, const struct wasm_side *s)
{
	struct jctl *L = &c->cs[s->block];
	bool reach = !(s->flags & WASM_SIDE_NEXT_UNREACHED);

	if (L->op == C_FUNC) {
		if (!c->dead)
			jit_emit_return(c);
		c->done = true;
		return;
	}
	if (L->dead)
		return;
	if (!c->dead)
		spill_all(c);
	jit_bind_list(c, L->list);
	jit_bind_list(c, L->else_list);
	reset_stack(c, L->height);
	push_types_mem(c, L->rtypes, L->nresults);
	c->dead = !reach;
	if (reach)
		jit_run_start(c, s);
}

/* After unreachable, br, br_table, return (entry s): nothing is reached. */
void jit_set_dead(struct jit *c, const struct wasm_side *s)
{
	reset_stack(c, c->cs[s->block].height);
	c->dead = true;
}

void jit_op_br(struct jit *c, const struct wasm_side *s)
{
	rd_u32(c);
	emit_br(c, &c->cs[s->target], -1);
	jit_set_dead(c, s);
}

void jit_op_br_if(struct jit *c, const struct wasm_side *s)
{
	struct jctl *L = &c->cs[s->target];
	struct jv cond;
	int cc = CC_NE;

	rd_u32(c);
	cond = vpop(c);
	if (cond.kind == V_COND) {
		cc = cond.cc;
	} else if (cond.kind == V_LREG) {
		x86_test_rr(&c->b, false, cond.reg, cond.reg);
	} else {
		int r = to_reg(c, &cond, 0);

		x86_test_rr(&c->b, false, r, r);
		free_reg(c, r);
	}
	emit_br(c, L, cc);
	jit_run_start(c, s);
}

/* The landing pad of a br_table target: moves, then jump (or return). */
static void br_pad(struct jit *c, struct jctl *L)
{
	x86_endbr64(&c->b);
	emit_br(c, L, -1);
}

void jit_op_br_table(struct jit *c, const struct wasm_side *s)
{
	const u32 *labels = c->m->side_labels + s->target;
	struct x86_buf *b = &c->b;
	u32 n = rd_u32(c), i, tab;
	int r;

	for (i = 0; i <= n; i++)
		skip_leb(c);
	r = pop_reg(c, 0);
	spill_all(c);
	/* clamp: out of range -> the default (entry n), without a branch */
	x86_mov_ri(b, R11, n);
	x86_alu_rr(b, false, ALU_CMP, r, R11);
	x86_cmov_rr(b, false, CC_A, r, R11);
	if (n < 8) {
		for (i = 0; i <= n; i++) {
			struct jctl *L = &c->cs[labels[i]];

			if (i < n) {
				x86_alu_ri(b, false, ALU_CMP, r, (s32)i);
				emit_br(c, L, CC_E);
			} else {
				emit_br(c, L, -1);
			}
		}
	} else {
		/*
		 * lea r11, [rip + table]; r11 += 4 * r + 4; r = table[r]; r11 += r;
		 * jmp r11 (through the thunk).  Entries are rel32 fields (relative
		 * to their own end), chained per label like branches, pointing at
		 * per-label pads (endbr64 for IBT, then the branch moves).
		 */
		x86_raw(b, (const u8 *)"\x4c\x8d\x1d", 3);
		x86_d(b, 0);
		tab = b->len - 4;
		x86_lea(b, true, R11, x86_mi(R11, r, 2, 4));
		x86_loadx(b, true, true, 4, r, x86_m(R11, -4));
		x86_alu_rr(b, true, ALU_ADD, R11, r);
		x86_jmp_to(b, c->thunk);
		x86_put32(b, tab, b->len - (tab + 4));
		for (i = 0; i <= n; i++) {
			struct jctl *L = &c->cs[labels[i]];

			x86_room(b);
			x86_d(b, L->pad_list);
			L->pad_list = b->len - 4;
		}
		for (i = 0; i <= n; i++) {
			struct jctl *L = &c->cs[labels[i]];

			if (!L->pad_list)
				continue;
			jit_bind_list(c, L->pad_list);
			L->pad_list = 0;
			br_pad(c, L);
		}
	}
	free_reg(c, r);
	jit_set_dead(c, s);
}

/* ---- calls ------------------------------------------------------------------------ */

/* Arguments to the outgoing area, everything else spilled. */
static void call_args(struct jit *c, const struct wasm_functype *ft)
{
	u32 np = ft->nparams, i;
	u32 need = np > ft->nresults ? np : ft->nresults;

	for (i = 0; i < np; i++) {
		struct jv v = c->vs[c->sp - np + i];

		v.idx = c->sp - np + i;
		store_val(c, &v, x86_m(RSP, 8 * (s32)i));
	}
	reset_stack(c, c->sp - np);
	spill_all(c);
	lsave(c);
	if (need > c->max_out)
		c->max_out = need;
}

static void call_results(struct jit *c, const struct wasm_functype *ft, bool via_funcinst)
{
	u32 i;

	if (via_funcinst) {
		x86_load(&c->b, true, R15, x86_m(RBP, -8));
		jit_reload_mem(c, true);
	} else {
		jit_reload_mem(c, false);
	}
	lload(c);
	for (i = 0; i < ft->nresults; i++) {
		if (i == 0) {
			take_reg(c, RAX);
			if (via_funcinst && !is64(ft->results[0]))
				x86_mov_rr(&c->b, false, RAX, RAX);
			push_reg(c, ft->results[0], RAX);
			continue;
		}
		x86_load(&c->b, true, R11, x86_m(RSP, 8 * (s32)i));
		x86_store(&c->b, 8, slot(c, c->sp), R11);
		push_mem(c, ft->results[i]);
	}
}

/*
 * A call of an imported host function: straight into its C function (the
 * image is this instance's, its imports resolved), as call_host() would:
 * fn(caller, data, slots) with the arguments at [rsp], a trap code out of
 * range is a HOST trap.  The host function's base cost is checked first;
 * fuel goes to the instance around the call, for what it charges itself.
 */
static void op_call_host(struct jit *c, const struct wasm_host_func *h)
{
	struct x86_buf *b = &c->b;
	u32 sub;

	if (h->fuel)
		jit_fuel_check(c, h->fuel, &sub);
	/* the host function may charge for its work (wasm_fuel_charge) */
	x86_store(b, 8, x86_m(R15, I_FUEL), R12);
	x86_mov_rr(b, true, RDI, R15);
	x86_movabs(b, RSI, (u64)(uintptr_t)h->data);
	x86_mov_rr(b, true, RDX, RSP);
	emit_ccall(c, h->fn);
	x86_load(b, true, R12, x86_m(R15, I_FUEL));
	x86_alu_ri(b, false, ALU_CMP, RAX, WASM_TRAP_COUNT);
	jmp_stub(c, CC_AE, WASM_TRAP_HOST);
	x86_test_rr(b, false, RAX, RAX);
	x86_jcc_to(b, CC_NE, c->trap_eax);
	x86_load(b, true, RAX, x86_m(RSP, 0));
}

void jit_op_call(struct jit *c, const struct wasm_side *s)
{
	u32 idx = rd_u32(c);
	const struct wasm_functype *ft = &c->m->types[c->m->funcs[idx].type];
	bool imported = c->m->funcs[idx].imported;

	call_args(c, ft);
	if (imported && c->inst->funcs[idx]->host) {
		op_call_host(c, c->inst->funcs[idx]->host);
	} else if (imported) {
		x86_load(&c->b, true, R11, x86_m(R15, I_FUNCS));
		x86_load(&c->b, true, R11, x86_m(R11, 8 * (s32)idx));
		x86_call_to(&c->b, c->xcall);
	} else if (c->fn_off[idx]) {
		x86_call_to(&c->b, c->fn_off[idx]);
	} else {
		c->fn_list[idx] = x86_call32(&c->b, c->fn_list[idx]);
	}
	call_results(c, ft, imported);
	jit_run_start(c, s);
}

void jit_op_call_indirect(struct jit *c, const struct wasm_side *s)
{
	struct x86_buf *b = &c->b;
	u32 typeidx = rd_u32(c), tab = rd_u32(c);
	const struct wasm_functype *ft = &c->m->types[typeidx];
	int ri, rt;

	ri = pop_reg(c, 0);
	call_args(c, ft);
	rt = alloc_reg(c, 1u << ri);
	x86_load(b, true, R11, x86_m(R15, I_TABLES));
	x86_load(b, true, R11, x86_m(R11, 8 * (s32)tab));
	x86_alu_rm(b, false, ALU_CMP, ri, x86_m(R11, T_SIZE));
	jmp_stub(c, CC_AE, WASM_TRAP_UNDEFINED_ELEM);
	x86_load(b, true, R11, x86_m(R11, T_ELEMS));
	x86_alu_rr(b, true, ALU_SBB, rt, rt);		/* -1, or 0 if mispredicted */
	x86_alu_rr(b, true, ALU_AND, ri, rt);
	x86_load(b, true, R11, x86_mi(R11, ri, 3, 0));
	x86_test_rr(b, true, R11, R11);
	jmp_stub(c, CC_E, WASM_TRAP_UNINIT_ELEM);
	x86_load(b, true, rt, x86_m(R15, I_TYPE_IDS));
	x86_load(b, false, rt, x86_m(rt, 4 * (s32)typeidx));
	x86_alu_rm(b, false, ALU_CMP, rt, x86_m(R11, F_TYPE_ID));
	jmp_stub(c, CC_NE, WASM_TRAP_INDIRECT_TYPE);
	free_reg(c, ri);
	free_reg(c, rt);
	x86_call_to(b, c->xcall);
	call_results(c, ft, true);
	jit_run_start(c, s);
}


#endif /* __x86_64__ */
