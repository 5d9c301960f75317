// SPDX-License-Identifier: GPL-2.0
/*
 * validate.c - one-pass decoding and validation of function bodies
 * (the algorithm of the spec's validation appendix), producing the
 * per-function facts the compiler needs.
 *
 * Operand and control stacks are explicit arrays bounded by the
 * stack_height and nesting limits; nothing recurses.
 *
 * It also writes each function's side table (struct wasm_side in
 * engine.h): one entry per control instruction with heights, arities,
 * branch targets, reachability and the cost of the fuel run that starts
 * after it (runtime.h: the one place that rule is computed).
 */
#include "internal.h"
#include "iter.h"
#include "runtime.h"

#define T_ANY	0	/* unknown type from the polymorphic stack */

struct wasm_ctrl {
	const u8 *params;
	const u8 *results;
	u32 nparams;
	u32 nresults;
	u32 height;
	u32 stamp;		/* br_table: already checked this label */
	u8 op;			/* WASM_OP_BLOCK (also the body), LOOP, IF, ELSE */
	bool unreachable;
	/* side table */
	u32 side;		/* the entry of the instruction that opened it */
	bool wdead_open;	/* opened in DEAD, UNREACHED code */
	bool sdead_open;
	bool targeted;		/* a reached branch goes to its end */
	bool else_pending;	/* if: the false edge goes to the end (no else yet) */
};

#define NO_RUN	0xffffffffu

static_assert(WASM_LIMIT_PARAMS_MAX <= 0xffff && WASM_LIMIT_RESULTS_MAX <= 0xffff,
	      "struct wasm_side.arity is a u16");

struct vstate {
	struct wasm_ctx *c;
	struct wasm_module *m;
	u8 *stk;
	u32 sp;
	u32 cap;
	u32 maxsp;
	struct wasm_ctrl *ctl;
	u32 nctl;
	u32 maxdepth;
	u32 flags;
	u32 stamp;
	u32 nlocals;		/* params + declared locals */
	const u8 *ltypes;	/* expanded local types, or NULL: use runs */
	const struct wasm_func *f;
	const struct wasm_functype *ft;
	const u8 *op_at;	/* current instruction */
	struct wasm_rd r;

	/* side table of the function */
	bool wdead;		/* the code here is WASM_SIDE_DEAD */
	bool sdead;		/* ... WASM_SIDE_UNREACHED */
	u32 run_owner;		/* the entry whose run is being counted, NO_RUN */
	u32 run_cost;		/* instructions in it so far */
	u32 maxlive;		/* max height outside DEAD code */
	struct wasm_side *fside;	/* the function's entries in m->side */
	u32 nfside;		/* how many */
	u32 side_cap;		/* of m->side */
	u32 labels_cap;		/* of m->side_labels */
};

/* ---- messages ------------------------------------------------------------ */

static const char *cur_op_name(struct vstate *v)
{
	const u8 *p = v->op_at;
	const char *n;

	if (*p == WASM_PREFIX_FC) {
		u32 sub = 0;

		p++;
		wasm_leb_u32_lenient(&p, v->r.end, &sub);
		n = wasm_op_name(WASM_PREFIX_FC, sub);
	} else {
		n = wasm_op_name(0, *p);
	}
	return n ? n : "?";
}

static void types_str(char *buf, u32 size, const u8 *t, u32 n)
{
	u32 o = 0, i = 0, first;

	buf[0] = '\0';
	if (n > 12) {
		o += snprintf(buf, size, "... ");
		i = n - 12;
	}
	for (first = i; i < n && o < size; i++)
		o += snprintf(buf + o, size - o, "%s%s", i > first ? " " : "",
			      t[i] == T_ANY ? "any" : wasm_type_name(t[i]));
}

static noinline int type_error(struct vstate *v, const char *what, const u8 *expect, u32 n)
{
	const struct wasm_ctrl *fr = &v->ctl[v->nctl - 1];
	u32 avail = v->sp - fr->height;
	u32 shown = avail < n ? avail : n;
	char e[128], g[128];

	if (!n && avail)
		shown = avail;
	types_str(e, sizeof(e), expect, n);
	types_str(g, sizeof(g), v->stk + v->sp - shown, shown);
	return INVALID(v->c, v->op_at, "type mismatch: %s expects [%s], got [%s]",
		       what ? what : cur_op_name(v), e, g);
}

/* ---- operand stack --------------------------------------------------------- */

/* memcmp() for the short type lists of block and call signatures */
static inline bool types_eq(const u8 *a, const u8 *b, u32 n)
{
	u32 i;

	if (n > 8)
		return !memcmp(a, b, n);
	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static noinline int grow_stack(struct vstate *v, u32 need)
{
	struct wasm_ctx *c = v->c;
	u32 ncap = v->cap ? v->cap : 256;
	u8 *n;

	if (need > c->lim.stack_height)
		return wasm_fail_size(c, v->op_at, "operand stack height", c->lim.stack_height);
	while (ncap < need)
		ncap *= 2;
	if (ncap > c->lim.stack_height)
		ncap = c->lim.stack_height;
	n = wasm_kvmalloc(ncap);
	if (!n)
		return wasm_fail(c, WASM_ENOMEM, v->op_at, "out of memory");
	if (v->sp)
		memcpy(n, v->stk, v->sp);
	wasm_kvfree(v->stk);
	v->stk = n;
	v->cap = ncap;
	c->vstack = n;
	c->vcap = ncap;
	return 0;
}

/*
 * A new highest height: max_stack, and outside DEAD code max_live (the
 * interpreter's frame), which is at most max_stack.
 */
static noinline void raise_max(struct vstate *v)
{
	if (v->sp > v->maxsp)
		v->maxsp = v->sp;
	if (!v->wdead)
		v->maxlive = v->sp;
}

static inline int push(struct vstate *v, u8 t)
{
	if (unlikely(v->sp >= v->cap)) {
		int err = grow_stack(v, v->sp + 1);

		if (err)
			return err;
	}
	v->stk[v->sp++] = t;
	if (unlikely(v->sp > v->maxlive))
		raise_max(v);
	return 0;
}

static inline int push_vals(struct vstate *v, const u8 *t, u32 n)
{
	if (!n)
		return 0;
	if (unlikely(n > v->cap - v->sp)) {
		int err = grow_stack(v, v->sp + n);

		if (err)
			return err;
	}
	if (n)
		memcpy(v->stk + v->sp, t, n);
	v->sp += n;
	if (unlikely(v->sp > v->maxlive))
		raise_max(v);
	return 0;
}

/* Pop one value of type t (T_ANY: any type); *got receives the actual. */
static inline int pop_expect(struct vstate *v, u8 t, u8 *got)
{
	const struct wasm_ctrl *fr = &v->ctl[v->nctl - 1];

	if (likely(v->sp > fr->height)) {
		u8 a = v->stk[v->sp - 1];

		if (unlikely(a != t && a != T_ANY && t != T_ANY))
			return type_error(v, NULL, &t, 1);
		v->sp--;
		if (got)
			*got = a;
		return 0;
	}
	if (fr->unreachable) {
		if (got)
			*got = T_ANY;
		return 0;
	}
	return type_error(v, NULL, &t, t == T_ANY ? 0 : 1);
}

static noinline int pop_vals_slow(struct vstate *v, const char *what, const u8 *t, u32 n)
{
	const struct wasm_ctrl *fr = &v->ctl[v->nctl - 1];
	u32 avail = v->sp - fr->height, i;

	/* check everything first, so that the message shows the whole stack */
	if (n > avail && !fr->unreachable)
		return type_error(v, what, t, n);
	for (i = 0; i < n && i < avail; i++) {
		u8 a = v->stk[v->sp - 1 - i];

		if (a != t[n - 1 - i] && a != T_ANY)
			return type_error(v, what, t, n);
	}
	/* below the frame's height the stack is polymorphic (unreachable) */
	v->sp -= n < avail ? n : avail;
	return 0;
}

static inline int pop_vals(struct vstate *v, const char *what, const u8 *t, u32 n)
{
	const struct wasm_ctrl *fr = &v->ctl[v->nctl - 1];

	if (likely(v->sp - fr->height >= n && types_eq(v->stk + v->sp - n, t, n))) {
		v->sp -= n;
		return 0;
	}
	return pop_vals_slow(v, what, t, n);
}

/* Check that the top of the stack matches t, without popping. */
static inline int check_vals(struct vstate *v, const char *what, const u8 *t, u32 n)
{
	const struct wasm_ctrl *fr = &v->ctl[v->nctl - 1];
	u32 sp = v->sp;
	int err;

	if (likely(v->sp - fr->height >= n && types_eq(v->stk + v->sp - n, t, n)))
		return 0;
	err = pop_vals_slow(v, what, t, n);
	v->sp = sp;
	return err;
}

/* pop_vals + push_vals: the types of the values become exactly t. */
static inline int refine_vals(struct vstate *v, const char *what, const u8 *t, u32 n)
{
	const struct wasm_ctrl *fr = &v->ctl[v->nctl - 1];
	int err;

	if (likely(v->sp - fr->height >= n && types_eq(v->stk + v->sp - n, t, n)))
		return 0;
	err = pop_vals_slow(v, what, t, n);
	if (err)
		return err;
	return push_vals(v, t, n);
}

static inline void set_unreachable(struct vstate *v)
{
	struct wasm_ctrl *fr = &v->ctl[v->nctl - 1];

	v->sp = fr->height;
	fr->unreachable = true;
}

/* ---- control stack --------------------------------------------------------- */

static int push_ctrl(struct vstate *v, u8 op, const u8 *params, u32 np, const u8 *results,
		     u32 nr)
{
	struct wasm_ctx *c = v->c;
	struct wasm_ctrl *fr;

	if (unlikely(v->nctl >= c->ccap)) {
		u32 ncap = c->ccap ? c->ccap * 2 : 64;
		struct wasm_ctrl *n;

		if (v->nctl > c->lim.nesting)
			return wasm_fail_size(c, v->op_at, "nesting depth", c->lim.nesting);
		if (ncap > c->lim.nesting + 1)
			ncap = c->lim.nesting + 1;
		n = wasm_kvmalloc((size_t)ncap * sizeof(*n));
		if (!n)
			return wasm_fail(c, WASM_ENOMEM, v->op_at, "out of memory");
		if (v->nctl)
			memcpy(n, v->ctl, (size_t)v->nctl * sizeof(*n));
		wasm_kvfree(c->cstack);
		c->cstack = n;
		c->ccap = ncap;
		v->ctl = n;
	}
	if (unlikely(v->nctl > c->lim.nesting))
		return wasm_fail_size(c, v->op_at, "nesting depth", c->lim.nesting);
	fr = &v->ctl[v->nctl++];
	fr->params = params;
	fr->nparams = np;
	fr->results = results;
	fr->nresults = nr;
	fr->height = v->sp;
	fr->stamp = 0;
	fr->op = op;
	fr->unreachable = false;
	fr->side = 0;
	fr->wdead_open = v->wdead;
	fr->sdead_open = v->sdead;
	fr->targeted = false;
	fr->else_pending = false;
	if (v->nctl - 1 > v->maxdepth)
		v->maxdepth = v->nctl - 1;
	return 0;
}

static inline void label_types(const struct wasm_ctrl *fr, const u8 **t, u32 *n)
{
	if (fr->op == WASM_OP_LOOP) {
		*t = fr->params;
		*n = fr->nparams;
	} else {
		*t = fr->results;
		*n = fr->nresults;
	}
}

/* ---- side table ------------------------------------------------------------ */

static inline struct wasm_side *side_ent(struct vstate *v, u32 k)
{
	return &v->fside[k];
}

/* Grow an array of n elements of size sz to hold one more. */
static noinline int grow_array(struct vstate *v, void **arr, u32 n, u32 *cap, size_t sz)
{
	u32 ncap = *cap ? *cap * 2 : 256;
	void *a;

	if (ncap <= *cap)
		return wasm_fail(v->c, WASM_ENOMEM, v->op_at, "out of memory");
	a = wasm_kvmalloc((size_t)ncap * sz);
	if (!a)
		return wasm_fail(v->c, WASM_ENOMEM, v->op_at, "out of memory");
	if (n)
		memcpy(a, *arr, (size_t)n * sz);
	wasm_kvfree(*arr);
	*arr = a;
	*cap = ncap;
	return 0;
}

/*
 * A run terminator (the term column of opcode_list.h): the run being
 * counted, which includes it, ends here.
 */
static inline void run_end(struct vstate *v)
{
	if (v->run_owner != NO_RUN)
		side_ent(v, v->run_owner)->cost = v->run_cost;
	v->run_owner = NO_RUN;
}

static noinline int side_grow(struct vstate *v)
{
	struct wasm_module *m = v->m;
	int err = grow_array(v, (void **)&m->side, m->nside, &v->side_cap, sizeof(*m->side));

	if (!err)
		v->fside = m->side + v->f->side_first;
	return err;
}

/*
 * A new entry for the current instruction (op); *k gets its index in the
 * function's table.  Entries never outnumber the bytes of code.  An
 * instruction that ends a fuel run (the term column) ends the one being
 * counted, which includes it.
 */
static inline int side_add(struct vstate *v, u8 op, u32 *k)
{
	struct wasm_side *e;

	if (unlikely(v->m->nside >= v->side_cap)) {
		int err = side_grow(v);

		if (err)
			return err;
	}
	v->m->nside++;
	*k = v->nfside;
	e = &v->fside[v->nfside++];
	e->height = v->sp;
	e->cost = 0;
	e->block = v->ctl[v->nctl - 1].side;
	e->target = 0;
	e->arity = 0;
	e->op = op;
	e->flags = (v->wdead ? WASM_SIDE_DEAD : 0) | (v->sdead ? WASM_SIDE_UNREACHED : 0);
	if (wasm_opinfo[op].flags & WASM_OPF_TERM)
		run_end(v);
	return 0;
}

/* After the instruction of entry k: the reachability of what follows. */
static inline void side_next(struct vstate *v, u32 k)
{
	side_ent(v, k)->flags |= (v->wdead ? WASM_SIDE_NEXT_DEAD : 0) |
				 (v->sdead ? WASM_SIDE_NEXT_UNREACHED : 0);
}

/* A run starts right after the instruction of entry k, unless that is DEAD. */
static inline void run_begin(struct vstate *v, u32 k)
{
	if (!v->wdead) {
		v->run_owner = k;
		v->run_cost = 0;
	}
}

/* Code after unreachable, br, br_table, return. */
static inline void side_dead(struct vstate *v, u32 k)
{
	v->wdead = true;
	v->sdead = true;
	side_next(v, k);
}

/* A branch (entry k) to label l, at the current reachability (br_table: each). */
static void side_branch(struct vstate *v, u32 k, struct wasm_ctrl *l)
{
	struct wasm_side *e = side_ent(v, k);

	if (e->op != WASM_OP_BR_TABLE)
		e->target = l->side;
	e->arity = (u16)(l->op == WASM_OP_LOOP ? l->nparams : l->nresults);
	if (!v->sdead && l->op != WASM_OP_LOOP)
		l->targeted = true;
}

/* A run terminator that control may pass (loop, if, br_if, call): entry k. */
static inline void side_pass(struct vstate *v, u32 k)
{
	run_begin(v, k);
	side_next(v, k);
}

static int label_add(struct vstate *v, u32 idx)
{
	struct wasm_module *m = v->m;

	if (unlikely(m->nside_labels >= v->labels_cap)) {
		int err = grow_array(v, (void **)&m->side_labels, m->nside_labels,
				     &v->labels_cap, sizeof(u32));

		if (err)
			return err;
	}
	m->side_labels[m->nside_labels++] = idx;
	return 0;
}

/* call, call_indirect: the height before the arguments are popped */
static int side_call(struct vstate *v)
{
	u32 k;
	int err = side_add(v, *v->op_at, &k);

	if (!err)
		side_pass(v, k);
	return err;
}

/* else: the then-branch ends; the else-branch is reached as the if was. */
static int side_else(struct vstate *v, struct wasm_ctrl *fr)
{
	u32 k;
	int err = side_add(v, WASM_OP_ELSE, &k);

	if (err)
		return err;
	if (!v->sdead)
		fr->targeted = true;	/* the then-branch jumps to the end */
	fr->else_pending = false;
	v->wdead = fr->wdead_open;
	v->sdead = fr->sdead_open;
	run_begin(v, k);
	side_next(v, k);
	return 0;
}

/*
 * end: what follows is reached when the block was, and (UNREACHED) when
 * control falls into the end or a reached branch goes there.
 */
static int side_end(struct vstate *v, struct wasm_ctrl *fr)
{
	bool reach = !v->sdead || fr->targeted || fr->else_pending;
	u32 k;
	int err = side_add(v, WASM_OP_END, &k);

	if (err)
		return err;
	side_ent(v, fr->side)->target = k;
	if (v->nctl == 1) {		/* the function body's */
		v->wdead = true;
		v->sdead = true;
	} else {
		u32 h = fr->height + fr->nresults;	/* the results, after it */

		v->wdead = fr->wdead_open;
		v->sdead = fr->sdead_open || !reach;
		run_begin(v, k);
		/* what the block leaves counts even when pushed in its DEAD code */
		if (!v->wdead && h > v->maxlive) {
			v->maxlive = h;
			if (h > v->maxsp)
				v->maxsp = h;
		}
	}
	side_next(v, k);
	return 0;
}

static int rd_label(struct vstate *v, const struct wasm_ctrl **fr)
{
	const u8 *at = v->r.p;
	u32 l;
	int err = wasm_rd_u32(v->c, &v->r, &l);

	if (err)
		return err;
	if (l >= v->nctl)
		return INVALID(v->c, at, "unknown label %u", l);
	*fr = &v->ctl[v->nctl - 1 - l];
	return 0;
}

/* Check a block type, then read it with iter.h's reader. */
static int rd_blocktype(struct vstate *v, struct wasm_blocktype *bt)
{
	struct wasm_ctx *c = v->c;
	const u8 *at = v->r.p;
	struct wasm_rd r = v->r;
	s64 idx;
	int err;
	u8 b;

	if (at >= v->r.end)
		return MALFORMED(c, at, "unexpected end");
	b = *at;
	if (b == WASM_TYPE_V128) {
		wasm_fail(c, WASM_EUNSUPPORTED, at, "SIMD is not supported (v128)");
		return -WASM_EUNSUPPORTED;
	}
	if (b != WASM_BLOCKTYPE_EMPTY && !wasm_is_numtype(b) && !wasm_is_reftype(b)) {
		err = wasm_rd_s33(c, &r, &idx);
		if (err)
			return err;
		if (idx < 0)
			return MALFORMED(c, at, "malformed block type");
		if (idx >= v->m->ntypes)
			return INVALID(c, at, "unknown type %lld", (long long)idx);
		if (v->m->types[idx].has_float)
			v->flags |= WASM_FN_FLOAT;
	}
	if (wasm_is_float(b))
		v->flags |= WASM_FN_FLOAT;
	wasm_blocktype_read(v->m, &v->r.p, bt);
	return 0;
}

static int rd_zero_byte(struct vstate *v)
{
	u8 b;
	int err = wasm_rd_u8(v->c, &v->r, &b);

	if (err)
		return err;
	if (b)
		return MALFORMED(v->c, v->r.p - 1, "zero byte expected");
	return 0;
}

static inline int need_memory(struct vstate *v)
{
	if (unlikely(!v->m->nmemories))
		return INVALID(v->c, v->op_at, "unknown memory 0");
	return 0;
}

static int rd_table(struct vstate *v, u32 *t)
{
	const u8 *at = v->r.p;
	int err = wasm_rd_u32(v->c, &v->r, t);

	if (err)
		return err;
	if (*t >= v->m->ntables)
		return INVALID(v->c, at, "unknown table %u", *t);
	v->flags |= WASM_FN_TABLE;
	return 0;
}

static u8 local_type(const struct vstate *v, u32 idx)
{
	const struct wasm_local_run *runs;
	u32 lo, hi;

	if (v->ltypes)
		return v->ltypes[idx];
	if (idx < v->ft->nparams)
		return v->ft->params[idx];
	runs = v->m->local_runs + v->f->run_first;
	lo = 0;
	hi = v->f->nruns;
	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (runs[mid].first <= idx)
			lo = mid;
		else
			hi = mid;
	}
	return runs[lo].type;
}

/* Immediates and stack effect of a table-driven ("simple") instruction. */
static int simple_op(struct vstate *v, const struct wasm_opinfo *info)
{
	struct wasm_ctx *c = v->c;
	const struct wasm_ctrl *fr;
	u32 align, off;
	s32 v32;
	s64 v64;
	int err = 0;

	switch (info->imm) {
	case WASM_IMM_NONE:
		break;
	case WASM_IMM_MEMARG: {
		const u8 *at = v->r.p;

		err = need_memory(v);
		if (!err)
			err = wasm_rd_u32(c, &v->r, &align);
		if (!err)
			err = wasm_rd_u32(c, &v->r, &off);
		if (err)
			return err;
		if (align >= 32)
			return MALFORMED(c, at, "malformed memop flags 0x%x", align);
		if (align > info->align)
			return INVALID(c, at, "alignment must not be larger than natural");
		break;
	}
	case WASM_IMM_MEM0:
		err = rd_zero_byte(v);
		if (!err)
			err = need_memory(v);
		break;
	case WASM_IMM_MEM_MEM:
		err = rd_zero_byte(v);
		if (!err)
			err = rd_zero_byte(v);
		if (!err)
			err = need_memory(v);
		v->flags |= WASM_FN_BULK_MEMORY;
		break;
	case WASM_IMM_I32:
		err = wasm_rd_s32(c, &v->r, &v32);
		break;
	case WASM_IMM_I64:
		err = wasm_rd_s64(c, &v->r, &v64);
		break;
	case WASM_IMM_F32:
	case WASM_IMM_F64: {
		u32 n = info->imm == WASM_IMM_F32 ? 4 : 8;

		if ((u32)(v->r.end - v->r.p) < n)
			return MALFORMED(c, v->r.p, "unexpected end");
		v->r.p += n;
		break;
	}
	default:
		return MALFORMED(c, v->op_at, "illegal opcode 0x%02x", *v->op_at);
	}
	if (err)
		return err;
	v->flags |= info->flags;
	fr = &v->ctl[v->nctl - 1];
	if (info->nin == 2 && likely(v->sp - fr->height >= 2 &&
				     v->stk[v->sp - 1] == info->in[1] &&
				     v->stk[v->sp - 2] == info->in[0])) {
		v->sp -= 2;
	} else if (info->nin == 1 && likely(v->sp - fr->height >= 1 &&
					    v->stk[v->sp - 1] == info->in[0])) {
		v->sp -= 1;
	} else if (info->nin) {
		err = pop_vals_slow(v, NULL, info->in, info->nin);
		if (err)
			return err;
	}
	if (info->out)
		return push(v, info->out);
	return 0;
}

static int op_br_table(struct vstate *v)
{
	struct wasm_ctx *c = v->c;
	const u8 *at = v->r.p;
	u32 n, i, k, arity = 0, stamp = ++v->stamp;
	const u8 *prev = NULL;
	int err = wasm_rd_u32(c, &v->r, &n);

	if (err)
		return err;
	if (n > c->lim.br_table)
		return wasm_fail_count(c, at, "br_table entries", c->lim.br_table);
	if (n > (u32)(v->r.end - v->r.p))
		return MALFORMED(c, at, "unexpected end: br_table length %u", n);
	err = pop_expect(v, WASM_TYPE_I32, NULL);
	if (!err)
		err = side_add(v, WASM_OP_BR_TABLE, &k);
	if (err)
		return err;
	side_ent(v, k)->target = v->m->nside_labels;
	for (i = 0; i <= n; i++) {
		struct wasm_ctrl *fr;
		const struct wasm_ctrl *cfr;
		const u8 *lt;
		u32 na;

		at = v->r.p;
		err = rd_label(v, &cfr);
		if (err)
			return err;
		fr = (struct wasm_ctrl *)cfr;
		err = label_add(v, fr->side);
		if (err)
			return err;
		side_branch(v, k, fr);
		label_types(fr, &lt, &na);
		if (i == 0)
			arity = na;
		else if (na != arity)
			return INVALID(c, at, "type mismatch: br_table arity %u vs %u", na,
				       arity);
		if (fr->stamp == stamp || (lt == prev && i))
			continue;
		fr->stamp = stamp;
		prev = lt;
		err = check_vals(v, NULL, lt, na);
		if (err)
			return err;
	}
	side_dead(v, k);
	set_unreachable(v);
	v->flags |= WASM_FN_BR_TABLE;
	return 0;
}

static int op_select(struct vstate *v, bool typed)
{
	struct wasm_ctx *c = v->c;
	u8 t = T_ANY, t1 = T_ANY, t2 = T_ANY;
	int err;

	if (typed) {
		const u8 *at = v->r.p;
		u32 n;

		err = wasm_rd_u32(c, &v->r, &n);
		if (err)
			return err;
		if (n != 1)
			return INVALID(c, at, "invalid result arity %u", n);
		err = wasm_rd_valtype(c, &v->r, &t);
		if (err)
			return err;
		if (wasm_is_float(t))
			v->flags |= WASM_FN_FLOAT;
	}
	err = pop_expect(v, WASM_TYPE_I32, NULL);
	if (!err)
		err = pop_expect(v, t, &t1);
	if (!err)
		err = pop_expect(v, t, &t2);
	if (err)
		return err;
	if (typed)
		return push(v, t);
	if (wasm_is_reftype(t1) || wasm_is_reftype(t2) ||
	    (t1 != t2 && t1 != T_ANY && t2 != T_ANY)) {
		u8 want[3] = { t2, t1, WASM_TYPE_I32 };

		v->sp += (t1 != T_ANY) + (t2 != T_ANY);	/* show them again */
		return type_error(v, "select", want, 2);
	}
	return push(v, t1 == T_ANY ? t2 : t1);
}

static int call_type(struct vstate *v, const struct wasm_functype *ft)
{
	int err = pop_vals(v, NULL, ft->params, ft->nparams);

	if (err)
		return err;
	if (ft->has_float)
		v->flags |= WASM_FN_FLOAT;
	return push_vals(v, ft->results, ft->nresults);
}

static int op_fc(struct vstate *v)
{
	static const u8 three_i32[3] = { WASM_TYPE_I32, WASM_TYPE_I32, WASM_TYPE_I32 };
	struct wasm_ctx *c = v->c;
	struct wasm_module *m = v->m;
	const u8 *at = v->r.p;
	u32 sub, x, y;
	u8 t;
	int err = wasm_rd_u32(c, &v->r, &sub);

	if (err)
		return err;
	if (sub >= WASM_FC_COUNT)
		return MALFORMED(c, v->op_at, "illegal opcode 0xfc %u", sub);
	switch (sub) {
	case WASM_OP_MEMORY_INIT:
	case WASM_OP_DATA_DROP:
		at = v->r.p;
		err = wasm_rd_u32(c, &v->r, &x);
		if (err)
			return err;
		/* without a data count section, only an index that would
		 * be valid makes the binary malformed (spec binary.wast)
		 */
		if (x >= (m->has_datacount ? m->datacount : m->ndatas))
			return INVALID(c, at, "unknown data segment %u", x);
		if (!m->has_datacount)
			return MALFORMED(c, v->op_at, "data count section required");
		v->flags |= WASM_FN_BULK_MEMORY;
		if (sub == WASM_OP_DATA_DROP)
			return 0;
		err = rd_zero_byte(v);
		if (!err)
			err = need_memory(v);
		if (err)
			return err;
		v->flags |= WASM_FN_MEMORY;
		return pop_vals(v, NULL, three_i32, 3);
	case WASM_OP_TABLE_INIT:
		at = v->r.p;
		err = wasm_rd_u32(c, &v->r, &x);
		if (err)
			return err;
		if (x >= m->nelems)
			return INVALID(c, at, "unknown elem segment %u", x);
		err = rd_table(v, &y);
		if (err)
			return err;
		if (m->elems[x].type != m->tables[y].type)
			return INVALID(c, at, "type mismatch: table.init of %s segment into %s table",
				       wasm_type_name(m->elems[x].type),
				       wasm_type_name(m->tables[y].type));
		return pop_vals(v, NULL, three_i32, 3);
	case WASM_OP_ELEM_DROP:
		err = wasm_rd_u32(c, &v->r, &x);
		if (err)
			return err;
		if (x >= m->nelems)
			return INVALID(c, at, "unknown elem segment %u", x);
		v->flags |= WASM_FN_TABLE;
		return 0;
	case WASM_OP_TABLE_COPY:
		err = rd_table(v, &x);
		if (!err)
			err = rd_table(v, &y);
		if (err)
			return err;
		if (m->tables[x].type != m->tables[y].type)
			return INVALID(c, at, "type mismatch: table.copy from %s table to %s table",
				       wasm_type_name(m->tables[y].type),
				       wasm_type_name(m->tables[x].type));
		return pop_vals(v, NULL, three_i32, 3);
	case WASM_OP_TABLE_GROW:
	case WASM_OP_TABLE_SIZE:
	case WASM_OP_TABLE_FILL: {
		u8 sig[3] = { WASM_TYPE_I32, 0, WASM_TYPE_I32 };

		err = rd_table(v, &x);
		if (err)
			return err;
		t = m->tables[x].type;
		if (sub == WASM_OP_TABLE_SIZE)
			return push(v, WASM_TYPE_I32);
		sig[1] = t;
		if (sub == WASM_OP_TABLE_FILL)
			return pop_vals(v, NULL, sig, 3);
		err = pop_vals(v, NULL, sig + 1, 2);	/* [t i32] */
		if (err)
			return err;
		return push(v, WASM_TYPE_I32);
	}
	case WASM_OP_MEMORY_COPY:
	case WASM_OP_MEMORY_FILL:
		v->flags |= WASM_FN_BULK_MEMORY;
		fallthrough;
	default:
		return simple_op(v, &wasm_opinfo_fc[sub]);
	}
}

/* block, loop, if: the params stay on the stack, as the new frame's */
static int op_block(struct vstate *v, u8 op)
{
	struct wasm_blocktype bt;
	struct wasm_ctrl *fr;
	struct wasm_side *e;
	u32 np, k;
	int err = rd_blocktype(v, &bt);

	if (err)
		return err;
	np = bt.nparams;
	if (op == WASM_OP_IF) {
		err = pop_expect(v, WASM_TYPE_I32, NULL);
		if (err)
			return err;
	} else if (op == WASM_OP_LOOP) {
		v->flags |= WASM_FN_LOOP;
	}
	err = side_add(v, op, &k);
	if (err)
		return err;
	fr = &v->ctl[v->nctl - 1];
	if (likely(v->sp - fr->height >= np && types_eq(v->stk + v->sp - np, bt.params, np))) {
		v->sp -= np;
		err = push_ctrl(v, op, bt.params, np, bt.results, bt.nresults);
		v->sp += np;
	} else {
		err = pop_vals_slow(v, NULL, bt.params, np);
		if (!err)
			err = push_ctrl(v, op, bt.params, np, bt.results, bt.nresults);
		if (!err)
			err = push_vals(v, bt.params, np);
	}
	if (err)
		return err;
	fr = &v->ctl[v->nctl - 1];
	fr->side = k;
	fr->else_pending = op == WASM_OP_IF && !v->sdead;
	e = side_ent(v, k);
	e->height = fr->height;
	e->arity = (u16)(op == WASM_OP_LOOP ? np : bt.nresults);
	if (op == WASM_OP_BLOCK)
		side_next(v, k);
	else
		side_pass(v, k);
	return 0;
}

static int setup_locals(struct vstate *v)
{
	struct wasm_ctx *c = v->c;
	const struct wasm_func *f = v->f;
	/* no runs: local_runs may be NULL, and NULL + 0 is undefined */
	const struct wasm_local_run *runs = f->nruns ? v->m->local_runs + f->run_first : NULL;
	u32 i, total = v->ft->nparams + f->nlocals;
	u32 body = f->code_end - f->code_start;

	v->nlocals = total;
	v->ltypes = NULL;
	if (v->ft->has_float)
		v->flags |= WASM_FN_FLOAT;
	for (i = 0; i < f->nruns; i++)
		if (wasm_is_float(runs[i].type))
			v->flags |= WASM_FN_FLOAT;
	/*
	 * Expand into an array only when that costs O(body size): a tiny body
	 * declaring 50000 locals is looked up through the runs instead.
	 */
	if (total > 1024 && total / 16 > body)
		return 0;
	if (total > c->lcap) {
		u8 *n = wasm_kvmalloc(total);

		if (!n)
			return wasm_fail(c, WASM_ENOMEM, NULL, "out of memory");
		wasm_kvfree(c->ltypes);
		c->ltypes = n;
		c->lcap = total;
	}
	if (v->ft->nparams)
		memcpy(c->ltypes, v->ft->params, v->ft->nparams);
	for (i = 0; i < f->nruns; i++)
		memset(c->ltypes + runs[i].first, runs[i].type, runs[i].count);
	v->ltypes = c->ltypes;
	return 0;
}

static int validate_func(struct vstate *v, u32 fidx)
{
	struct wasm_ctx *c = v->c;
	struct wasm_module *m = v->m;
	struct wasm_func *f = &m->funcs[fidx];
	struct wasm_ctrl *fr;
	const u8 *at;
	u32 x;
	int err;
	u8 t = 0;

	v->f = f;
	v->ft = &m->types[f->type];
	v->r.p = c->base + f->code_start;
	v->r.end = c->base + f->code_end;
	v->op_at = v->r.p;
	v->sp = 0;
	v->maxsp = 0;
	v->nctl = 0;
	v->maxdepth = 0;
	v->flags = 0;
	v->wdead = false;
	v->sdead = false;
	v->maxlive = 0;
	f->side_first = m->nside;
	v->fside = m->side ? m->side + f->side_first : NULL;
	v->nfside = 0;
	err = setup_locals(v);
	if (!err)
		err = push_ctrl(v, WASM_OP_BLOCK, NULL, 0, v->ft->results, v->ft->nresults);
	/* entry 0: the body; the first run starts at entry and zeroes the locals */
	if (!err)
		err = side_add(v, WASM_OP_BLOCK, &x);
	if (err)
		return err;
	side_ent(v, 0)->arity = (u16)v->ft->nresults;
	v->run_owner = 0;
	v->run_cost = (u32)wasm_fuel_locals(f->nlocals);

	while (v->nctl) {
		u32 np = 0;
		u8 op;

		at = v->r.p;
		if (unlikely(at >= v->r.end))
			return MALFORMED(c, at, "unexpected end: END opcode expected");
		op = *v->r.p++;
		v->op_at = at;
		v->run_cost++;
		switch (op) {
		case WASM_OP_UNREACHABLE:
			err = side_add(v, op, &x);
			if (err)
				return err;
			side_dead(v, x);
			set_unreachable(v);
			break;
		case WASM_OP_NOP:
			break;
		case WASM_OP_BLOCK:
		case WASM_OP_LOOP:
		case WASM_OP_IF:
			err = op_block(v, op);
			if (err)
				return err;
			break;
		case WASM_OP_ELSE:
			fr = &v->ctl[v->nctl - 1];
			if (fr->op != WASM_OP_IF)
				return MALFORMED(c, at, "else without matching if");
			err = side_else(v, fr);
			if (err)
				return err;
			err = pop_vals(v, NULL, fr->results, fr->nresults);
			if (err)
				return err;
			if (v->sp != fr->height)
				return type_error(v, NULL, fr->results, fr->nresults);
			fr->op = WASM_OP_ELSE;
			fr->unreachable = false;
			err = push_vals(v, fr->params, fr->nparams);
			if (err)
				return err;
			break;
		case WASM_OP_END:
			fr = &v->ctl[v->nctl - 1];
			err = side_end(v, fr);
			if (err)
				return err;
			if (likely(v->sp - fr->height == fr->nresults && fr->op != WASM_OP_IF &&
				   types_eq(v->stk + fr->height, fr->results, fr->nresults))) {
				/* the results stay where they are */
				v->nctl--;
				break;
			}
			err = pop_vals(v, NULL, fr->results, fr->nresults);
			if (err)
				return err;
			if (v->sp != fr->height) {
				v->sp += fr->nresults;
				return type_error(v, NULL, fr->results, fr->nresults);
			}
			if (fr->op == WASM_OP_IF &&
			    (fr->nparams != fr->nresults ||
			     !types_eq(fr->params, fr->results, fr->nparams)))
				return INVALID(c, at, "type mismatch: if without else");
			v->nctl--;
			if (v->nctl) {
				err = push_vals(v, fr->results, fr->nresults);
				if (err)
					return err;
			}
			break;
		case WASM_OP_BR: {
			const struct wasm_ctrl *l;
			const u8 *lt;

			err = rd_label(v, &l);
			if (!err)
				err = side_add(v, op, &x);
			if (err)
				return err;
			side_branch(v, x, (struct wasm_ctrl *)l);
			side_dead(v, x);
			label_types(l, &lt, &np);
			err = pop_vals(v, NULL, lt, np);
			if (err)
				return err;
			set_unreachable(v);
			break;
		}
		case WASM_OP_BR_IF: {
			const struct wasm_ctrl *l;
			const u8 *lt;

			err = rd_label(v, &l);
			if (!err)
				err = pop_expect(v, WASM_TYPE_I32, NULL);
			if (!err)
				err = side_add(v, op, &x);
			if (err)
				return err;
			side_branch(v, x, (struct wasm_ctrl *)l);
			side_pass(v, x);
			label_types(l, &lt, &np);
			err = refine_vals(v, NULL, lt, np);
			if (err)
				return err;
			break;
		}
		case WASM_OP_BR_TABLE:
			err = op_br_table(v);
			if (err)
				return err;
			break;
		case WASM_OP_RETURN:
			err = side_add(v, op, &x);
			if (err)
				return err;
			side_ent(v, x)->arity = (u16)v->ft->nresults;
			side_dead(v, x);
			err = pop_vals(v, NULL, v->ft->results, v->ft->nresults);
			if (err)
				return err;
			set_unreachable(v);
			break;
		case WASM_OP_CALL:
			at = v->r.p;
			err = wasm_rd_u32(c, &v->r, &x);
			if (err)
				return err;
			if (x >= m->nfuncs)
				return INVALID(c, at, "unknown function %u", x);
			v->flags |= WASM_FN_CALL;
			err = side_call(v);
			if (!err)
				err = call_type(v, &m->types[m->funcs[x].type]);
			if (err)
				return err;
			break;
		case WASM_OP_CALL_INDIRECT: {
			u32 tab;

			at = v->r.p;
			err = wasm_rd_u32(c, &v->r, &x);
			if (err)
				return err;
			if (x >= m->ntypes)
				return INVALID(c, at, "unknown type %u", x);
			err = rd_table(v, &tab);
			if (err)
				return err;
			if (m->tables[tab].type != WASM_TYPE_FUNCREF)
				return INVALID(c, at, "type mismatch: call_indirect on a table of %s",
					       wasm_type_name(m->tables[tab].type));
			v->flags |= WASM_FN_CALL_INDIRECT;
			err = side_call(v);
			if (!err)
				err = pop_expect(v, WASM_TYPE_I32, NULL);
			if (!err)
				err = call_type(v, &m->types[x]);
			if (err)
				return err;
			break;
		}
		case WASM_OP_DROP:
			err = pop_expect(v, T_ANY, NULL);
			if (err)
				return err;
			break;
		case WASM_OP_SELECT:
		case WASM_OP_SELECT_T:
			err = op_select(v, op == WASM_OP_SELECT_T);
			if (err)
				return err;
			break;
		case WASM_OP_LOCAL_GET:
		case WASM_OP_LOCAL_SET:
		case WASM_OP_LOCAL_TEE:
			at = v->r.p;
			err = wasm_rd_u32(c, &v->r, &x);
			if (err)
				return err;
			if (x >= v->nlocals)
				return INVALID(c, at, "unknown local %u", x);
			t = local_type(v, x);
			if (op == WASM_OP_LOCAL_GET) {
				err = push(v, t);
			} else {
				err = pop_expect(v, t, NULL);
				if (!err && op == WASM_OP_LOCAL_TEE)
					err = push(v, t);
			}
			if (err)
				return err;
			break;
		case WASM_OP_GLOBAL_GET:
		case WASM_OP_GLOBAL_SET:
			at = v->r.p;
			err = wasm_rd_u32(c, &v->r, &x);
			if (err)
				return err;
			if (x >= m->nglobals)
				return INVALID(c, at, "unknown global %u", x);
			t = m->globals[x].type;
			if (wasm_is_float(t))
				v->flags |= WASM_FN_FLOAT;
			if (op == WASM_OP_GLOBAL_GET) {
				err = push(v, t);
			} else {
				if (!m->globals[x].mut)
					return INVALID(c, at, "global is immutable: global.set %u",
						       x);
				v->flags |= WASM_FN_GLOBAL_SET;
				err = pop_expect(v, t, NULL);
			}
			if (err)
				return err;
			break;
		case WASM_OP_TABLE_GET:
		case WASM_OP_TABLE_SET:
			err = rd_table(v, &x);
			if (err)
				return err;
			t = m->tables[x].type;
			if (op == WASM_OP_TABLE_GET) {
				err = pop_expect(v, WASM_TYPE_I32, NULL);
				if (!err)
					err = push(v, t);
			} else {
				u8 sig[2] = { WASM_TYPE_I32, t };

				err = pop_vals(v, NULL, sig, 2);
			}
			if (err)
				return err;
			break;
		case WASM_OP_MEMORY_GROW:
			v->flags |= WASM_FN_MEMORY_GROW;
			err = simple_op(v, &wasm_opinfo[op]);
			if (err)
				return err;
			break;
		case WASM_OP_REF_NULL:
			at = v->r.p;
			err = wasm_rd_u8(c, &v->r, &t);
			if (err)
				return err;
			if (!wasm_is_reftype(t))
				return MALFORMED(c, at, "malformed reference type 0x%02x", t);
			err = push(v, t);
			if (err)
				return err;
			break;
		case WASM_OP_REF_IS_NULL:
			err = pop_expect(v, T_ANY, &t);
			if (err)
				return err;
			if (t != T_ANY && !wasm_is_reftype(t))
				return INVALID(c, at, "type mismatch: ref.is_null of %s",
					       wasm_type_name(t));
			err = push(v, WASM_TYPE_I32);
			if (err)
				return err;
			break;
		case WASM_OP_REF_FUNC:
			at = v->r.p;
			err = wasm_rd_u32(c, &v->r, &x);
			if (err)
				return err;
			if (x >= m->nfuncs)
				return INVALID(c, at, "unknown function %u", x);
			if (!(c->refs[x >> 3] & (1u << (x & 7))))
				return INVALID(c, at, "undeclared function reference %u", x);
			err = push(v, WASM_TYPE_FUNCREF);
			if (err)
				return err;
			break;
		case WASM_PREFIX_FC:
			err = op_fc(v);
			if (err)
				return err;
			break;
		case WASM_PREFIX_SIMD:
			return wasm_fail(c, WASM_EUNSUPPORTED, at, "SIMD is not supported");
		default: {
			const struct wasm_opinfo *info = &wasm_opinfo[op];
			u32 avail;

			if (unlikely(info->imm != WASM_IMM_NONE || !info->nin || !info->out)) {
				err = simple_op(v, info);
				if (err)
					return err;
				break;
			}
			/* fast path: numeric instruction, operands all concrete */
			avail = v->sp - v->ctl[v->nctl - 1].height;
			if (info->nin == 2 && likely(avail >= 2 &&
						     v->stk[v->sp - 1] == info->in[1] &&
						     v->stk[v->sp - 2] == info->in[0])) {
				v->sp--;
			} else if (info->nin != 1 || unlikely(!avail ||
							 v->stk[v->sp - 1] != info->in[0])) {
				err = simple_op(v, info);
				if (err)
					return err;
				break;
			}
			/* one operand slot is reused for the result */
			v->stk[v->sp - 1] = info->out;
			v->flags |= info->flags;
			break;
		}
		}
	}
	if (v->r.p != v->r.end)
		return MALFORMED(c, v->r.p, "section size mismatch: code after end");
	f->max_stack = v->maxsp;
	f->max_depth = v->maxdepth;
	f->max_live = v->maxlive;
	f->flags = v->flags;
	f->nside = v->nfside;
	return 0;
}

int wasm_validate_funcs(struct wasm_ctx *c)
{
	struct wasm_module *m = c->m;
	struct vstate *v;
	u32 i;
	int err = 0;

	v = wasm_calloc(1, sizeof(*v));
	if (!v)
		return wasm_fail(c, WASM_ENOMEM, NULL, "out of memory");
	v->c = c;
	v->m = m;
	/* never leave the operand stack NULL: pointer arithmetic on it is UB */
	if (!c->vstack && m->nfuncs > m->nimported_funcs) {
		err = grow_stack(v, 1);
		if (err) {
			wasm_free(v);
			return err;
		}
	}
	for (i = m->nimported_funcs; i < m->nfuncs; i++) {
		v->stk = c->vstack;
		v->cap = c->vcap;
		v->ctl = c->cstack;
		c->in_func = true;
		c->func = i;
		err = validate_func(v, i);
		if (err)
			break;
		if (m->funcs[i].flags & WASM_FN_FLOAT)
			m->flags |= WASM_MOD_FLOAT;
	}
	c->in_func = false;
	wasm_free(v);
	return err;
}

void wasm_validate_cleanup(struct wasm_ctx *c)
{
	wasm_kvfree(c->vstack);
	wasm_kvfree(c->cstack);
	wasm_kvfree(c->ltypes);
	c->vstack = NULL;
	c->cstack = NULL;
	c->ltypes = NULL;
}
