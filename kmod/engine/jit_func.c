// SPDX-License-Identifier: GPL-2.0
/*
 * jit_func.c - the x86-64 JIT (jit.h), one function at a time: the x86
 * column of opcode_list.h, the prologue, the pre-scan that puts locals in
 * registers, and the instruction loop, which dispatches the lowering by
 * class.
 */
#include "jit.h"

#ifdef __x86_64__

/*
 * The x86 column, per one-byte opcode.  Each row is pinned at compile time
 * to an operation the lowering of its class takes (X86_ROW_OK).
 */
#define X86_IN2(x, a, b)	((x) == (a) || (x) == (b))
#define X86_ROW_OK(cls, x)							\
	((cls) == WASM_CLASS_ICMP || (cls) == WASM_CLASS_ITEST ||		\
	 (cls) == WASM_CLASS_FCMP ? (x) >= CC_B && (x) <= CC_G :		\
	 (cls) == WASM_CLASS_IBIN ?						\
		X86_IN2(x, ALU_ADD, ALU_SUB) || X86_IN2(x, ALU_AND, ALU_OR) ||	\
		X86_IN2(x, ALU_XOR, X86_IMUL) :					\
	 (cls) == WASM_CLASS_ISHIFT ?						\
		X86_IN2(x, SH_SHL, SH_SHR) || X86_IN2(x, SH_SAR, SH_ROL) ||	\
		(x) == SH_ROR :							\
	 (cls) == WASM_CLASS_IDIV ? X86_IN2(x, X86_DIV, X86_REM) :		\
	 (cls) == WASM_CLASS_FBIN ?						\
		X86_IN2(x, SSE_ADD, SSE_SUB) || X86_IN2(x, SSE_MUL, SSE_DIV) ||	\
		X86_IN2(x, SSE_MIN, SSE_MAX) || (x) == ALU_OR :			\
	 (cls) == WASM_CLASS_FUN ?						\
		X86_IN2(x, ALU_AND, ALU_XOR) || (x) == SSE_SQRT ||		\
		((x) >= RND_NEAR && (x) <= RND_TRUNC) :				\
	 (cls) == WASM_CLASS_IEXT ? X86_IN2(x, 1, 2) || (x) == 4 :		\
	 (x) == 0)
/* x, or a compile-time error when !ok (as the kernel's BUILD_BUG_ON_ZERO) */
#define X86_CHECKED(ok, x)	((x) + 0 * (int)sizeof(char[(ok) ? 1 : -1]))

#define WASM_OP(id, nm, pfx, code, imm, al, a, b, c, r, cls, sgn, term, x86)	\
	[code] = X86_CHECKED(X86_ROW_OK(WASM_CLASS_##cls, (int)(x86)), x86),
#define WASM_OP_RESERVED(code)
#define WASM_OP_FC(...)
const u8 jit_op_x86[256] = {
#include "opcode_list.h"
};

#undef WASM_OP
#undef WASM_OP_RESERVED
#undef WASM_OP_FC

/* roundsd's modes are jit_fround()'s (0 nearest, 1 floor, 2 ceil, 3 trunc) */
static_assert((RND_NEAR & 3) == 0 && (RND_FLOOR & 3) == 1 && (RND_CEIL & 3) == 2 &&
	      (RND_TRUNC & 3) == 3, "rounding modes");
/* ORDER OP: jit_op_bitcount() and jit_fcompare() take their kind from the order. */
static_assert(WASM_OP_I32_CTZ - WASM_OP_I32_CLZ == 1 && WASM_OP_I32_POPCNT - WASM_OP_I32_CLZ == 2 &&
	      WASM_OP_I64_CTZ - WASM_OP_I64_CLZ == 1 && WASM_OP_I64_POPCNT - WASM_OP_I64_CLZ == 2,
	      "clz ctz popcnt");
static_assert(WASM_OP_F32_GE - WASM_OP_F32_EQ == 5 && WASM_OP_F64_GE - WASM_OP_F64_EQ == 5 &&
	      WASM_OP_F32_LT - WASM_OP_F32_EQ == 2 && WASM_OP_F64_LE - WASM_OP_F64_EQ == 4,
	      "eq ne lt gt le ge");

/* ---- function bodies ------------------------------------------------------------------ */

/* Skip the immediates of an instruction in unreachable code. */
static inline void skip_imm(struct jit *c, u8 op)
{
	wasm_iter_skip(&c->it.p, op);
}


static void op_select(struct jit *c)
{
	struct jv cond = vpop(c), y, x;
	int rc = to_reg(c, &cond, 0), rx, ry = -1;
	bool w;

	y = vpop(c);
	x = vpop(c);
	w = is64(x.type);
	if (y.kind != V_MEM)
		ry = to_reg(c, &y, 1u << rc);
	rx = to_reg(c, &x, (1u << rc) | (ry >= 0 ? 1u << ry : 0));
	x86_test_rr(&c->b, false, rc, rc);
	if (ry >= 0)
		x86_cmov_rr(&c->b, w, CC_E, rx, ry);
	else
		x86_cmov_rm(&c->b, w, CC_E, rx, slot(c, y.idx));
	free_reg(c, rc);
	if (ry >= 0)
		free_reg(c, ry);
	push_reg(c, x.type, rx);
}

/* 0xfc: by the class column */
static void op_fc(struct jit *c)
{
	u32 sub = rd_u32(c);

	switch (sub < WASM_FC_COUNT ? wasm_opinfo_fc[sub].cls : WASM_CLASS_NONE) {
	case WASM_CLASS_CVT:		/* the saturating truncations */
		jit_op_cvt(c, &wasm_opinfo_fc[sub], true);
		break;
	case WASM_CLASS_MEM:
		jit_op_bulk_mem(c, sub);
		break;
	case WASM_CLASS_TABLE:
		jit_op_table_fc(c, sub);
		break;
	default:
		c->err = -WASM_EUNSUPPORTED;
		break;
	}
}

/* Lowering by the class column of opcode_list.h */
static void op_numeric(struct jit *c, u8 op)
{
	const struct wasm_opinfo *oi = &wasm_opinfo[op];
	bool w = is64(oi->in[0]);
	u8 x = jit_op_x86[op];

	switch (oi->cls) {
	case WASM_CLASS_LOAD:
		jit_op_load(c, op);
		break;
	case WASM_CLASS_STORE:
		jit_op_store(c, op);
		break;
	case WASM_CLASS_ITEST:
		jit_op_eqz(c, w);
		break;
	case WASM_CLASS_ICMP:
		jit_op_compare(c, w, x);
		break;
	case WASM_CLASS_FCMP:	/* ORDER OP */
		jit_fcompare(c, w, op - (w ? WASM_OP_F64_EQ : WASM_OP_F32_EQ));
		break;
	case WASM_CLASS_IUN:	/* ORDER OP */
		jit_op_bitcount(c, w, op - (w ? WASM_OP_I64_CLZ : WASM_OP_I32_CLZ));
		break;
	case WASM_CLASS_IBIN:
	case WASM_CLASS_ISHIFT:
	case WASM_CLASS_IDIV:
		jit_op_int(c, op);
		break;
	case WASM_CLASS_IEXT:
		jit_op_extend(c, w, true, x);
		break;
	case WASM_CLASS_FUN:
		if (x == ALU_AND || x == ALU_XOR)
			jit_fsign(c, w, x == ALU_XOR);
		else
			jit_funary(c, w, x == SSE_SQRT ? -1 : x & 3);
		break;
	case WASM_CLASS_FBIN:
		if (x == ALU_OR)
			jit_fsign(c, w, 2);
		else if (x == SSE_MIN || x == SSE_MAX)
			jit_fminmax(c, w, x == SSE_MIN);
		else
			jit_fbinop(c, w, x);
		break;
	case WASM_CLASS_CVT:
		jit_op_cvt(c, oi, false);
		break;
	case WASM_CLASS_MEM:
		jit_op_mem(c, op);
		break;
	case WASM_CLASS_REF:
		jit_op_ref(c, op);
		break;
	default:
		if (op == WASM_PREFIX_FC)
			op_fc(c);
		else
			c->err = -WASM_EUNSUPPORTED;
		break;
	}
}

static void prologue(struct jit *c)
{
	struct x86_buf *b = &c->b;
	u32 ndecl = c->nlocals - c->nparams, i;

	x86_endbr64(b);
	x86_push(b, RBP);
	x86_mov_rr(b, true, RBP, RSP);
	x86_lea(b, true, R11, x86_m(RBP, -0x10000000));
	c->frame_patch[0] = b->len - 4;
	x86_alu_rm(b, true, ALU_CMP, R11, x86_m(R15, I_STACK_LIMIT));
	jmp_stub(c, CC_B, WASM_TRAP_STACK);
	x86_lea(b, true, RSP, x86_m(RBP, -0x10000000));
	c->frame_patch[1] = b->len - 4;
	x86_store(b, 8, x86_m(RBP, -8), R15);
	if (ndecl <= 8) {
		for (i = 0; i < ndecl; i++)
			x86_store_imm(b, 8, local_mem(c, c->nparams + i), 0);
	} else if (ndecl) {
		x86_alu_rr(b, false, ALU_XOR, RAX, RAX);
		x86_lea(b, true, RDI, local_mem(c, c->nlocals - 1));
		x86_mov_ri(b, RCX, ndecl);
		x86_raw(b, (const u8 *)"\xf3\x48\xab", 3);	/* rep stosq */
	}
	for (i = 0; i < c->nlregs; i++) {
		u32 l = c->lregs[i];

		if (l < c->nparams)
			x86_load(b, true, lreg(c, l), local_mem(c, l));
		else
			x86_alu_rr(b, false, ALU_XOR, lreg(c, l), lreg(c, l));
	}
	/* the entry run (it pays for zeroing the declared locals too) */
	jit_run_start(c, &c->it.side[0]);
}

/*
 * Pre-scan of the body: choose the locals kept in registers, the most used
 * ones (uses weighted by loop depth) when that beats saving and reloading
 * them around the calls.
 */
static void scan_locals(struct jit *c)
{
	struct wasm_iter save = c->it;
	u64 callw = 0;
	u32 cur = 0, i, k;	/* cur: the innermost block (side-table entry) */

	memset(c->lflag, 0, c->nlocals);
	memset(c->lscore, 0, 4 * (size_t)c->nlocals);
	c->nlregs = 0;
	c->pool = POOL_MASK;
	c->cs[0].depth = 0;
	c->cs[0].loops = 0;
	while (wasm_iter_more(&c->it)) {
		u8 op = wasm_iter_op(&c->it);
		u32 ld = c->cs[cur].loops;
		u32 w = 1u << (ld < 7 ? 3 * ld : 21);

		switch (op) {
		case WASM_OP_BLOCK:
		case WASM_OP_LOOP:
		case WASM_OP_IF:
			skip_leb(c);
			/* loops deeper than 64 blocks weigh as their parent */
			k = (u32)(c->it.s - c->it.side);
			c->cs[k].depth = c->cs[cur].depth + 1;
			c->cs[k].loops = ld + (op == WASM_OP_LOOP && c->cs[cur].depth < 64);
			cur = k;
			break;
		case WASM_OP_END:
			cur = c->it.side[c->it.s->block].block;
			break;
		case WASM_OP_LOCAL_GET:
		case WASM_OP_LOCAL_SET:
		case WASM_OP_LOCAL_TEE:
			i = rd_u32(c);
			if (op != WASM_OP_LOCAL_GET)
				c->lflag[i] |= LF_WRITTEN;
			c->lscore[i] += w;
			if (c->lscore[i] > (1u << 30))
				c->lscore[i] = 1u << 30;
			break;
		case WASM_OP_CALL:
		case WASM_OP_CALL_INDIRECT:
		case WASM_OP_MEMORY_GROW:
		case WASM_PREFIX_FC:
			callw += w;
			skip_imm(c, op);
			break;
		default:
			skip_imm(c, op);
			break;
		}
	}
	c->it = save;
	for (k = 0; k < ARRAY_SIZE(lreg_order); k++) {
		u32 best = ~0u, bs = 0;

		for (i = 0; i < c->nlocals; i++) {
			u64 cost = 2 + callw * ((c->lflag[i] & LF_WRITTEN) ? 2 : 1);

			if (!(c->lflag[i] & LF_REG) && c->lscore[i] > cost && c->lscore[i] > bs) {
				best = i;
				bs = c->lscore[i];
			}
		}
		if (best == ~0u)
			break;
		c->lflag[best] |= lreg_order[k] + 1;
		c->lregs[c->nlregs++] = best;
		c->pool &= ~(1u << lreg_order[k]);
	}
}

static int setup_func(struct jit *c, u32 fidx)
{
	const struct wasm_module *m = c->m;
	const struct wasm_func *f = &m->funcs[fidx];
	const struct wasm_local_run *runs = m->local_runs + f->run_first;
	const struct wasm_functype *ft = &m->types[f->type];
	u32 i, need;

	c->fidx = fidx;
	c->f = f;
	c->ft = ft;
	wasm_iter_begin(&c->it, m, f);
	c->nparams = ft->nparams;
	c->nlocals = ft->nparams + f->nlocals;
	if (c->nlocals > c->lcap || !c->ltypes) {
		wasm_kvfree(c->ltypes);
		c->ltypes = wasm_kvmalloc(6 * (size_t)c->nlocals + 4);
		if (!c->ltypes)
			return -WASM_ENOMEM;
		c->lcap = c->nlocals;
	}
	c->lflag = c->ltypes + c->lcap;
	c->lscore = (u32 *)(c->ltypes + ((2 * (size_t)c->lcap + 3) & ~(size_t)3));
	if (ft->nparams)
		memcpy(c->ltypes, ft->params, ft->nparams);
	for (i = 0; i < f->nruns; i++)
		memset(c->ltypes + runs[i].first, runs[i].type, runs[i].count);
	need = f->max_stack + 1;
	if (need > c->vcap) {
		wasm_kvfree(c->vs);
		c->vs = wasm_kvcalloc(need, sizeof(*c->vs));
		if (!c->vs)
			return -WASM_ENOMEM;
		c->vcap = need;
	}
	need = f->nside;
	if (need > c->ccap) {
		wasm_kvfree(c->cs);
		c->cs = wasm_kvcalloc(need, sizeof(*c->cs));
		if (!c->cs)
			return -WASM_ENOMEM;
		c->ccap = need;
	}
	c->slot0 = -16 - 8 * (s32)f->nlocals;
	c->max_out = 0;
	c->sp = 0;
	c->clean = 0;
	c->done = false;
	c->dead = false;
	scan_locals(c);
	c->free = c->pool;
	for (i = 0; i < 16; i++)
		c->owner[i] = -1;
	return 0;
}

int jit_compile_func(struct jit *c, u32 fidx)
{
	struct x86_buf *b = &c->b;
	struct jctl *F;
	u64 frame;
	int err = setup_func(c, fidx);

	if (err)
		return err;
	c->fn_off[fidx] = b->len;
	jit_bind_list(c, c->fn_list[fidx]);
	c->fn_list[fidx] = 0;
	F = &c->cs[0];
	memset(F, 0, sizeof(*F));
	F->op = C_FUNC;
	F->rtypes = c->ft->results;
	F->nresults = c->ft->nresults;
	F->arity = c->it.side[0].arity;
	prologue(c);

	while (!c->done && !c->err && !b->err) {
		u8 op = wasm_iter_op(&c->it);
		u32 x;

		/* unreachable code: only the block structure is followed */
		if (c->dead && op != WASM_OP_BLOCK && op != WASM_OP_LOOP && op != WASM_OP_IF &&
		    op != WASM_OP_ELSE && op != WASM_OP_END) {
			skip_imm(c, op);
			continue;
		}
		switch (op) {
		case WASM_OP_UNREACHABLE:
			x86_jmp_to(b, c->trap_stub[WASM_TRAP_UNREACHABLE]);
			jit_set_dead(c, c->it.s);
			break;
		case WASM_OP_NOP:
			break;
		case WASM_OP_BLOCK:
		case WASM_OP_LOOP:
		case WASM_OP_IF:
			jit_op_block(c, op, c->it.s);
			break;
		case WASM_OP_ELSE:
			jit_op_else(c, c->it.s);
			break;
		case WASM_OP_END:
			jit_op_end(c, c->it.s);
			break;
		case WASM_OP_BR:
			jit_op_br(c, c->it.s);
			break;
		case WASM_OP_BR_IF:
			jit_op_br_if(c, c->it.s);
			break;
		case WASM_OP_BR_TABLE:
			jit_op_br_table(c, c->it.s);
			break;
		case WASM_OP_RETURN:
			jit_emit_return(c);
			jit_set_dead(c, c->it.s);
			break;
		case WASM_OP_CALL:
			jit_op_call(c, c->it.s);
			break;
		case WASM_OP_CALL_INDIRECT:
			jit_op_call_indirect(c, c->it.s);
			break;
		case WASM_OP_DROP: {
			struct jv v = vpop(c);

			release(c, &v);
			break;
		}
		case WASM_OP_SELECT_T:
			x = rd_u32(c);
			c->it.p += x;
			fallthrough;
		case WASM_OP_SELECT:
			op_select(c);
			break;
		case WASM_OP_LOCAL_GET:
			jit_op_local_get(c, rd_u32(c));
			break;
		case WASM_OP_LOCAL_SET:
			jit_op_local_set(c, rd_u32(c), false);
			break;
		case WASM_OP_LOCAL_TEE:
			jit_op_local_set(c, rd_u32(c), true);
			break;
		case WASM_OP_GLOBAL_GET:
			jit_op_global_get(c, rd_u32(c));
			break;
		case WASM_OP_GLOBAL_SET:
			jit_op_global_set(c, rd_u32(c));
			break;
		case WASM_OP_TABLE_GET:
			jit_op_table_get(c, rd_u32(c));
			break;
		case WASM_OP_TABLE_SET:
			jit_op_table_set(c, rd_u32(c));
			break;
		case WASM_OP_I32_CONST:
			push_const(c, WASM_TYPE_I32, (u32)rd_s64(c));
			break;
		case WASM_OP_I64_CONST:
			push_const(c, WASM_TYPE_I64, (u64)rd_s64(c));
			break;
		case WASM_OP_F32_CONST:
			push_const(c, WASM_TYPE_F32, wasm_imm_raw32(&c->it.p));
			break;
		case WASM_OP_F64_CONST:
			push_const(c, WASM_TYPE_F64, wasm_imm_raw64(&c->it.p));
			break;
		default:
			op_numeric(c, op);
			break;
		}
	}
	jit_fuel_slow_paths(c);
	if (c->err)
		return c->err;
	if (b->err)
		return b->err;
	/* frame: instance slot, locals, operand slots, outgoing area; 16-aligned */
	frame = 8 + 8 * ((u64)c->f->nlocals + c->f->max_stack + c->max_out);
	frame = (frame + 15) & ~15ull;
	if (frame > 0x10000000)
		return -WASM_ELIMIT;
	x86_put32(b, c->frame_patch[0], (u32)-(s32)(frame + JIT_STACK_SLACK));
	x86_put32(b, c->frame_patch[1], (u32)-(s32)frame);
	return 0;
}


#endif /* __x86_64__ */
