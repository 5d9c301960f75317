// SPDX-License-Identifier: GPL-2.0
/*
 * interp.c - the portable interpreter.
 *
 * Each defined function is pre-decoded once (at instantiation) into an array
 * of u32 words: an internal opcode followed by its decoded immediates.
 * Branch targets are word indexes resolved up front, operand-stack heights
 * are known statically (so a branch knows where its results go), each run
 * (see the fuel rule in runtime.h) starts with an OP_FUEL word carrying the
 * run's cost, and code after an unconditional transfer is dropped.
 *
 * Execution is a non-recursive loop over one instance-owned stack buffer:
 * value slots (locals, then operands, per frame) grow up from the bottom,
 * call records grow down from the top; when they would meet the call traps
 * with WASM_TRAP_STACK.
 */
#include "runtime.h"
#include "interp_float.h"
#include "iter.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the interpreter assumes a little-endian host"
#endif

#define NO_U32		0xffffffffu

/* Internal opcodes beyond the one-byte Wasm opcodes (0x00..0xff). */
enum {
	OP_FC = 0x100,		/* + 0xfc sub-opcode (0..17) */
	OP_FUEL = 0x120,	/* cost */
	OP_JMP,			/* target */
	OP_BR_MOVE,		/* target height arity */
	OP_BR_IF,		/* target */
	OP_BR_IF_MOVE,		/* target height arity */
	OP_BR_UNLESS,		/* target */
	OP_BR_TABLE,		/* count arity (target height)*(count+1) */
	OP_RETURN,		/* nresults */
	OP_CALL,		/* funcidx */
	OP_CALL_INDIRECT,	/* canonical type id, table */
	OP_COUNT
};

struct icode {
	u32 *code;
	u32 off;		/* in state->words while building */
	u32 nparams;
	u32 nresults;
	u32 nlocals;		/* params + declared locals */
	u32 frame_slots;	/* nlocals + max operand height */
};

struct wasm_interp_state {
	struct icode *fns;	/* per defined function */
	u32 *words;
	u32 nwords;
	u64 *stack;
	u32 stack_bytes;
};

/* ---- pre-decoding ------------------------------------------------------- */

/*
 * The pre-decoder reads the validator's side table (struct wasm_side):
 * heights, arities, branch targets, what is DEAD (dropped here) and the
 * cost of every fuel run.  What it keeps itself is the code it emits: per
 * block (by side-table entry), the forward references to patch.
 */
enum { K_FUNC, K_BLOCK, K_LOOP, K_IF };

struct pctrl {
	u8 kind;
	u32 height;		/* absolute operand height of the label (below the params) */
	u32 target;		/* loop: branch target */
	u32 patches;		/* forward references (chain through the words) */
	u32 else_patch;		/* if: the BR_UNLESS immediate, NO_U32 when done */
};

struct pd {
	struct wasm_instance *inst;
	const struct wasm_module *m;
	struct wasm_log *log;
	struct wasm_iter it;	/* over the function, with its side table */
	u32 *out;
	u32 len;
	u32 cap;
	struct pctrl *blk;	/* per side-table entry (blocks only) */
	u32 blk_cap;
	u32 nl;			/* params + declared locals: heights are above them */
	u32 nresults;
	bool live;
	bool oom;
};

/* The trusted readers of iter.h on the function being pre-decoded. */
static inline u32 rd_u32(struct pd *d)
{
	return wasm_leb_u32(&d->it.p);
}

static inline s64 rd_s64(struct pd *d)
{
	return wasm_leb_s64(&d->it.p);
}

static bool grow_out(struct pd *d, u32 need)
{
	u32 ncap;
	u32 *n;

	if (d->oom)
		return false;
	if (d->len + need <= d->cap)
		return true;
	ncap = d->cap ? d->cap : 256;
	while (ncap < d->len + need) {
		if (ncap > (1u << 28)) {
			d->oom = true;
			return false;
		}
		ncap *= 2;
	}
	n = wasm_kvmalloc((size_t)ncap * sizeof(u32));
	if (!n) {
		d->oom = true;
		return false;
	}
	if (d->len)
		memcpy(n, d->out, (size_t)d->len * sizeof(u32));
	wasm_kvfree(d->out);
	d->out = n;
	d->cap = ncap;
	return true;
}

/* Append one word; returns its index. */
static u32 emit(struct pd *d, u32 w)
{
	if (!grow_out(d, 1))
		return 0;
	d->out[d->len] = w;
	return d->len++;
}

static void emit64(struct pd *d, u64 v)
{
	emit(d, (u32)v);
	emit(d, (u32)(v >> 32));
}

/* A run starts (its cost from the side table): OP_FUEL; returns its word. */
static u32 begin_run(struct pd *d, const struct wasm_side *s)
{
	u32 at = emit(d, OP_FUEL);

	emit(d, s->cost);
	return at;
}

/* Resolve a forward-reference chain to target. */
static void resolve(struct pd *d, u32 chain, u32 target)
{
	while (chain != NO_U32 && !d->oom) {
		u32 next = d->out[chain];

		d->out[chain] = target - chain;
		chain = next;
	}
}

/* Emit a reference to label c (target word; chained if forward). */
static void emit_target(struct pd *d, struct pctrl *c)
{
	u32 at;

	if (c->kind == K_LOOP) {
		emit(d, c->target - d->len);
		return;
	}
	at = emit(d, c->patches);
	if (!d->oom)
		c->patches = at;
}

/* Emit a branch (br, br_if: entry s); its operands already popped. */
static void emit_br(struct pd *d, const struct wasm_side *s, bool cond)
{
	struct pctrl *c = &d->blk[s->target];
	u32 n = s->arity, h = d->nl + s->height;

	if (c->kind == K_FUNC) {
		u32 skip = 0;

		if (cond) {
			emit(d, OP_BR_UNLESS);
			skip = emit(d, 0);
		}
		emit(d, OP_RETURN);
		emit(d, d->nresults);
		if (cond && !d->oom)
			d->out[skip] = d->len - skip;	/* the next run's OP_FUEL */
		return;
	}
	if (h - n == c->height) {
		emit(d, cond ? OP_BR_IF : OP_JMP);
		emit_target(d, c);
	} else {
		emit(d, cond ? OP_BR_IF_MOVE : OP_BR_MOVE);
		emit_target(d, c);
		emit(d, c->height);
		emit(d, n);
	}
}

static void emit_br_table(struct pd *d, const struct wasm_side *s)
{
	const u32 *labels = d->m->side_labels + s->target;
	u32 count = rd_u32(d), i, n = s->arity, h = d->nl + s->height;
	u32 ret_patch = NO_U32;

	emit(d, OP_BR_TABLE);
	emit(d, count);
	emit(d, n);
	for (i = 0; i <= count; i++) {
		struct pctrl *c = &d->blk[labels[i]];

		wasm_leb_skip(&d->it.p);
		if (c->kind == K_FUNC) {
			/* branch to a RETURN stub right after the table */
			u32 at = emit(d, ret_patch);

			if (!d->oom)
				ret_patch = at;
			emit(d, h - n);
		} else {
			emit_target(d, c);
			emit(d, c->height);
		}
	}
	if (ret_patch != NO_U32) {
		resolve(d, ret_patch, d->len);
		emit(d, OP_RETURN);
		emit(d, d->nresults);
	}
}

/* block, loop, if (live or dead): entry s opens block c */
static void open_block(struct pd *d, u8 op, const struct wasm_side *s)
{
	struct pctrl *c = &d->blk[s - d->it.side];
	struct wasm_blocktype bt;

	wasm_blocktype_read(d->m, &d->it.p, &bt);
	c->kind = op == WASM_OP_LOOP ? K_LOOP : op == WASM_OP_IF ? K_IF : K_BLOCK;
	c->height = d->nl + s->height;
	c->target = 0;
	c->patches = NO_U32;
	c->else_patch = NO_U32;
	if (!d->live)
		return;
	if (op == WASM_OP_IF) {
		emit(d, OP_BR_UNLESS);
		c->else_patch = emit(d, 0);
		begin_run(d, s);
	} else if (op == WASM_OP_LOOP) {
		c->target = begin_run(d, s);
	}
}

/* Control instructions (both live and dead code). Returns false at the final end. */
static bool control(struct pd *d, u8 op, const struct wasm_side *s)
{
	struct pctrl *c;
	u32 run;

	switch (op) {
	case WASM_OP_BLOCK:
	case WASM_OP_LOOP:
	case WASM_OP_IF:
		open_block(d, op, s);
		return true;
	case WASM_OP_ELSE:
		c = &d->blk[s->block];
		if (d->live) {
			emit(d, OP_JMP);
			emit_target(d, c);
		}
		d->live = !(s->flags & WASM_SIDE_NEXT_DEAD);
		if (d->live) {
			run = begin_run(d, s);
			if (!d->oom && c->else_patch != NO_U32)
				d->out[c->else_patch] = run - c->else_patch;
			c->else_patch = NO_U32;
		}
		return true;
	case WASM_OP_END:
		c = &d->blk[s->block];
		if (c->kind == K_FUNC) {
			if (d->live) {
				emit(d, OP_RETURN);
				emit(d, d->nresults);
			}
			return false;
		}
		d->live = !(s->flags & WASM_SIDE_NEXT_DEAD);
		if (d->live) {
			run = begin_run(d, s);
			resolve(d, c->patches, run);
			if (!d->oom && c->else_patch != NO_U32)
				d->out[c->else_patch] = run - c->else_patch;
		}
		return true;
	default:
		return true;
	}
}

/* One live non-control instruction (s: its side-table entry, if it has one). */
static void live_op(struct pd *d, u8 op, const struct wasm_side *s)
{
	const struct wasm_module *m = d->m;
	const struct wasm_opinfo *oi = &wasm_opinfo[op];
	u32 a, b;

	switch (op) {
	case WASM_OP_UNREACHABLE:
		emit(d, op);
		d->live = false;
		return;
	case WASM_OP_NOP:
		return;
	case WASM_OP_BR:
		rd_u32(d);
		emit_br(d, s, false);
		d->live = false;
		return;
	case WASM_OP_BR_IF:
		rd_u32(d);
		emit_br(d, s, true);
		begin_run(d, s);
		return;
	case WASM_OP_BR_TABLE:
		emit_br_table(d, s);
		d->live = false;
		return;
	case WASM_OP_RETURN:
		emit(d, OP_RETURN);
		emit(d, d->nresults);
		d->live = false;
		return;
	case WASM_OP_CALL:
		a = rd_u32(d);
		emit(d, OP_CALL);
		emit(d, a);
		begin_run(d, s);
		return;
	case WASM_OP_CALL_INDIRECT:
		a = rd_u32(d);
		b = rd_u32(d);
		emit(d, OP_CALL_INDIRECT);
		emit(d, a < m->ntypes ? d->inst->type_ids[a] : 0);
		emit(d, b);
		begin_run(d, s);
		return;
	case WASM_OP_SELECT:
	case WASM_OP_SELECT_T:
		if (op == WASM_OP_SELECT_T)
			wasm_skip_imm(&d->it.p, WASM_IMM_SELECT_T);
		emit(d, WASM_OP_SELECT);
		return;
	case WASM_OP_LOCAL_GET:
	case WASM_OP_GLOBAL_GET:
	case WASM_OP_LOCAL_SET:
	case WASM_OP_GLOBAL_SET:
	case WASM_OP_LOCAL_TEE:
	case WASM_OP_TABLE_GET:
	case WASM_OP_TABLE_SET:
	case WASM_OP_REF_FUNC:
		emit(d, op);
		emit(d, rd_u32(d));
		return;
	case WASM_OP_MEMORY_SIZE:
	case WASM_OP_MEMORY_GROW:
		rd_u32(d);
		emit(d, op);
		return;
	case WASM_OP_I32_CONST:
		emit(d, op);
		emit(d, (u32)rd_s64(d));
		return;
	case WASM_OP_I64_CONST:
		emit(d, op);
		emit64(d, (u64)rd_s64(d));
		return;
	case WASM_OP_F32_CONST:
		emit(d, op);
		emit(d, wasm_imm_raw32(&d->it.p));
		return;
	case WASM_OP_F64_CONST:
		emit(d, op);
		emit64(d, wasm_imm_raw64(&d->it.p));
		return;
	case WASM_OP_REF_NULL:
		d->it.p++;
		emit(d, op);
		return;
	default:
		break;
	}
	if (oi->imm == WASM_IMM_MEMARG) {
		rd_u32(d);			/* alignment */
		emit(d, op);
		emit(d, rd_u32(d));		/* offset */
		return;
	}
	/* plain numeric instruction, drop, ref.is_null */
	emit(d, op);
}

static void live_fc(struct pd *d, u32 sub)
{
	u32 a, b;

	emit(d, OP_FC + sub);
	switch (sub) {
	case WASM_OP_MEMORY_INIT:
		emit(d, rd_u32(d));
		rd_u32(d);
		break;
	case WASM_OP_DATA_DROP:
	case WASM_OP_ELEM_DROP:
	case WASM_OP_TABLE_GROW:
	case WASM_OP_TABLE_SIZE:
	case WASM_OP_TABLE_FILL:
		emit(d, rd_u32(d));
		break;
	case WASM_OP_MEMORY_COPY:
		rd_u32(d);
		rd_u32(d);
		break;
	case WASM_OP_MEMORY_FILL:
		rd_u32(d);
		break;
	case WASM_OP_TABLE_INIT:
	case WASM_OP_TABLE_COPY:
		a = rd_u32(d);		/* elem / destination table */
		b = rd_u32(d);		/* table / source table */
		emit(d, a);
		emit(d, b);
		break;
	default:
		/* saturating truncations: one in, one out */
		break;
	}
}

static int predecode(struct pd *d, u32 fidx, struct icode *ic)
{
	const struct wasm_module *m = d->m;
	const struct wasm_func *f = &m->funcs[fidx];
	const struct wasm_functype *ft = &m->types[f->type];
	u64 nl = (u64)ft->nparams + f->nlocals;

	if (nl > (1u << 24))
		return -WASM_ELIMIT;
	if (f->nside > d->blk_cap) {
		wasm_kvfree(d->blk);
		d->blk = wasm_kvmalloc((size_t)f->nside * sizeof(*d->blk));
		d->blk_cap = d->blk ? f->nside : 0;
		if (!d->blk)
			return -WASM_ENOMEM;
	}
	ic->off = d->len;
	ic->nparams = ft->nparams;
	ic->nresults = ft->nresults;
	ic->nlocals = (u32)nl;
	wasm_iter_begin(&d->it, m, f);
	d->nl = (u32)nl;
	d->nresults = ft->nresults;
	d->live = true;
	d->blk[0].kind = K_FUNC;
	d->blk[0].height = (u32)nl;
	d->blk[0].patches = NO_U32;
	d->blk[0].else_patch = NO_U32;
	/* the entry run (it pays for zeroing the declared locals too) */
	begin_run(d, &d->it.side[0]);
	while (wasm_iter_more(&d->it) && !d->oom) {
		u8 op = wasm_iter_op(&d->it);

		if (op == WASM_OP_BLOCK || op == WASM_OP_LOOP || op == WASM_OP_IF ||
		    op == WASM_OP_ELSE || op == WASM_OP_END) {
			if (!control(d, op, d->it.s))
				break;
			continue;
		}
		if (op == WASM_PREFIX_FC) {
			u32 sub = rd_u32(d);

			if (d->live)
				live_fc(d, sub);
			else
				wasm_skip_imm(&d->it.p, wasm_fc_imm(sub));
			continue;
		}
		if (d->live)
			live_op(d, op, d->it.s);
		else
			wasm_skip_imm(&d->it.p, wasm_opinfo[op].imm);
	}
	if (d->oom)
		return -WASM_ENOMEM;
	ic->frame_slots = d->nl + f->max_live + 2;
	return 0;
}

int wasm_interp_prepare(struct wasm_instance *inst, struct wasm_log *log)
{
	const struct wasm_module *m = inst->module;
	u32 ndef = m->nfuncs - m->nimported_funcs, i;
	struct wasm_interp_state *st;
	struct pd d = { 0 };
	int err = 0;

	st = wasm_calloc(1, sizeof(*st));
	if (!st)
		return -WASM_ENOMEM;
	inst->interp = st;
	st->fns = wasm_kvcalloc(ndef ? ndef : 1, sizeof(struct icode));
	if (!st->fns)
		return -WASM_ENOMEM;
	d.inst = inst;
	d.m = m;
	d.log = log;
	for (i = 0; i < ndef && !err; i++)
		err = predecode(&d, m->nimported_funcs + i, &st->fns[i]);
	wasm_kvfree(d.blk);
	if (err) {
		wasm_kvfree(d.out);
		if (err == -WASM_ELIMIT)
			wasm_log_printf(log, "function %u has too many locals\n",
					m->nimported_funcs + i - 1);
		return err;
	}
	st->words = d.out;
	st->nwords = d.len;
	for (i = 0; i < ndef; i++) {
		st->fns[i].code = st->words + st->fns[i].off;
		inst->own_funcs[i].interp = &st->fns[i];
	}
	return 0;
}

void wasm_interp_release(struct wasm_instance *inst)
{
	struct wasm_interp_state *st = inst->interp;

	if (!st)
		return;
	wasm_kvfree(st->stack);
	wasm_kvfree(st->words);
	wasm_kvfree(st->fns);
	wasm_free(st);
	inst->interp = NULL;
}

/* ---- execution ---------------------------------------------------------- */

struct iframe {
	const u32 *pc;
	u64 *fp;
	struct wasm_instance *inst;
};

static inline u32 popcnt64(u64 x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (u32)((x * 0x0101010101010101ull) >> 56);
}

static inline u32 rotl32(u32 x, u32 n)
{
	n &= 31;
	return n ? (x << n) | (x >> (32 - n)) : x;
}

static inline u64 rotl64(u64 x, u64 n)
{
	n &= 63;
	return n ? (x << n) | (x >> (64 - n)) : x;
}

static int host_call(struct wasm_instance *inst, struct wasm_funcinst *f, u64 *slots)
{
	const struct wasm_host_func *h = f->host;
	u32 i;
	int r = h->fuel ? wasm_fuel_charge(inst, h->fuel) : 0;

	if (!r)
		r = h->fn(inst, h->data, slots);

	if (r)
		return (r < 0 || r >= WASM_TRAP_COUNT) ? WASM_TRAP_HOST : r;
	for (i = 0; i < h->nresults; i++)
		if (h->results[i] == WASM_TYPE_I32 || h->results[i] == WASM_TYPE_F32)
			slots[i] = (u32)slots[i];
	return 0;
}

#define IMM64(p)	((u64)(p)[0] | ((u64)(p)[1] << 32))

/*
 * Operand macros of the interpreter loop (they use its sp, pc and mem).
 * LOAD/STORE evaluate to false when the access is out of bounds (nothing
 * touched, pc unchanged); the address is clamped against speculation
 * after the check.
 */
#define MEM_EA(ea, N)							\
	(mem->base + wasm_index_nospec((ea), mem->size - (N) + 1))
#define LOAD(T, CONV)							\
	({								\
		u64 ea_ = (u64)(u32)sp[-1] + pc[1];			\
		bool ok_ = ea_ + sizeof(T) <= mem->size;		\
		if (likely(ok_)) {					\
			T v_;						\
			memcpy(&v_, MEM_EA(ea_, sizeof(T)), sizeof(T));	\
			sp[-1] = CONV(v_);				\
			pc += 2;					\
		}							\
		ok_;							\
	})
#define STORE(T)							\
	({								\
		u64 ea_ = (u64)(u32)sp[-2] + pc[1];			\
		bool ok_ = ea_ + sizeof(T) <= mem->size;		\
		if (likely(ok_)) {					\
			T v_ = (T)sp[-1];				\
			memcpy(MEM_EA(ea_, sizeof(T)), &v_, sizeof(T));	\
			sp -= 2;					\
			pc += 2;					\
		}							\
		ok_;							\
	})
#define BIN32(expr)							\
	do {								\
		u32 b = (u32)sp[-1], a = (u32)sp[-2];			\
		sp--;							\
		sp[-1] = (u32)(expr);					\
		pc++;							\
	} while (0)
#define BIN64(expr)							\
	do {								\
		u64 b = sp[-1], a = sp[-2];				\
		sp--;							\
		sp[-1] = (u64)(expr);					\
		pc++;							\
	} while (0)
#define CMP64(expr)							\
	do {								\
		u64 b = sp[-1], a = sp[-2];				\
		sp--;							\
		sp[-1] = (u32)(expr);					\
		pc++;							\
	} while (0)
#define UN32(expr)							\
	do {								\
		u32 a = (u32)sp[-1];					\
		sp[-1] = (u32)(expr);					\
		pc++;							\
	} while (0)
#define UN64(expr)							\
	do {								\
		u64 a = sp[-1];						\
		sp[-1] = (u64)(expr);					\
		pc++;							\
	} while (0)

static u32 interp_stack_size(u32 stack_bytes)
{
	stack_bytes &= ~7u;
	return stack_bytes < 256 ? 256 : stack_bytes;
}

static int interp_stack_alloc(struct wasm_interp_state *st, u32 stack_bytes)
{
	wasm_kvfree(st->stack);
	st->stack_bytes = 0;
	st->stack = wasm_kvmalloc(stack_bytes);
	if (!st->stack)
		return -WASM_ENOMEM;
	st->stack_bytes = stack_bytes;
	return 0;
}

/*
 * Allocate inst's interpreter stack for stack_bytes now, so that calls with
 * the same stack_bytes never allocate (the kernel calls from atomic context).
 */
int wasm_interp_reserve(struct wasm_instance *inst, u32 stack_bytes)
{
	struct wasm_interp_state *st = inst->interp;

	if (!st)
		return 0;
	stack_bytes = interp_stack_size(stack_bytes);
	if (st->stack && st->stack_bytes >= stack_bytes)
		return 0;
	return interp_stack_alloc(st, stack_bytes);
}

/*
 * Around runtime helpers and host functions, which charge fuel for work
 * (runtime.h) on the instance they are given: the current one, which may
 * not be root (a call into an imported function).
 */
#define FUEL_OUT()	do { inst->fuel = fuel; inst->budget = root->budget; } while (0)
#define FUEL_IN()	(fuel = inst->fuel)

int wasm_interp_call(struct wasm_instance *root, struct wasm_funcinst *entry, u64 *slots,
		     u32 stack_bytes)
{
	struct wasm_interp_state *st = root->interp;
	struct wasm_instance *inst = root;
	struct wasm_meminst *mem = inst->memory;
	struct iframe *fr, *fr_top;
	struct wasm_funcinst *f;
	const struct icode *ic;
	const u32 *pc;
	u64 *fp, *sp;
	s64 fuel = root->fuel;
	int trap = 0;
	u32 n;

	/* 0: whatever stack is there (else the default); a larger one is reused */
	if (!stack_bytes)
		stack_bytes = st->stack ? st->stack_bytes : WASM_STACK_DEFAULT;
	stack_bytes = interp_stack_size(stack_bytes);
	if (!st->stack || st->stack_bytes < stack_bytes) {
		if (interp_stack_alloc(st, stack_bytes))
			return -WASM_ENOMEM;
	}
	fr_top = (struct iframe *)((u8 *)st->stack + (stack_bytes / sizeof(struct iframe)) *
				   sizeof(struct iframe));
	fr = fr_top;
	ic = entry->interp;
	fp = st->stack;
	if (fp + ic->frame_slots > (u64 *)fr)
		return WASM_TRAP_STACK;
	memcpy(fp, slots, (size_t)ic->nparams * sizeof(u64));
	memset(fp + ic->nparams, 0, (size_t)(ic->nlocals - ic->nparams) * sizeof(u64));
	sp = fp + ic->nlocals;
	pc = ic->code;

	for (;;) {
		switch (*pc) {
		case OP_FUEL:
			if (unlikely(fuel < (s64)pc[1])) {
				/* the next chunk, the deadline (runtime.h) */
				root->fuel = fuel;
				trap = wasm_rt_fuel_refill(root);
				fuel = root->fuel;
				if (trap)
					goto out;
				continue;
			}
			fuel -= pc[1];
			pc += 2;
			continue;
		case OP_JMP:
			pc += 1 + (s32)pc[1];
			continue;
		case OP_BR_MOVE:
			n = pc[3];
			memmove(fp + pc[2], sp - n, (size_t)n * sizeof(u64));
			sp = fp + pc[2] + n;
			pc += 1 + (s32)pc[1];
			continue;
		case OP_BR_IF:
			sp--;
			if ((u32)*sp)
				pc += 1 + (s32)pc[1];
			else
				pc += 2;
			continue;
		case OP_BR_IF_MOVE:
			sp--;
			if (!(u32)*sp) {
				pc += 4;
				continue;
			}
			n = pc[3];
			memmove(fp + pc[2], sp - n, (size_t)n * sizeof(u64));
			sp = fp + pc[2] + n;
			pc += 1 + (s32)pc[1];
			continue;
		case OP_BR_UNLESS:
			sp--;
			if (!(u32)*sp)
				pc += 1 + (s32)pc[1];
			else
				pc += 2;
			continue;
		case OP_BR_TABLE: {
			u32 cnt = pc[1], i = (u32)sp[-1];
			const u32 *e;
			u64 *dst;

			sp--;
			if (i > cnt)
				i = cnt;
			n = pc[2];
			e = pc + 3 + 2 * (size_t)i;
			dst = fp + e[1];
			if (dst != sp - n) {
				memmove(dst, sp - n, (size_t)n * sizeof(u64));
				sp = dst + n;
			}
			pc = e + (s32)e[0];
			continue;
		}
		case OP_RETURN:
			n = pc[1];
			if (fp != sp - n)
				memmove(fp, sp - n, (size_t)n * sizeof(u64));
			sp = fp + n;
			if (fr == fr_top) {
				memcpy(slots, fp, (size_t)n * sizeof(u64));
				goto out;
			}
			pc = fr->pc;
			fp = fr->fp;
			if (inst != fr->inst) {
				inst = fr->inst;
				mem = inst->memory;
			}
			fr++;
			continue;
		case OP_CALL:
			f = inst->funcs[pc[1]];
			pc += 2;
			break;
		case OP_CALL_INDIRECT:
			trap = wasm_rt_indirect(inst, pc[2], (u32)sp[-1], pc[1], &f);
			if (unlikely(trap))
				goto out;
			sp--;
			pc += 3;
			break;
		case WASM_OP_UNREACHABLE:
			trap = WASM_TRAP_UNREACHABLE;
			goto out;
		case WASM_OP_DROP:
			sp--;
			pc++;
			continue;
		case WASM_OP_SELECT:
			sp -= 2;
			if (!(u32)sp[1])
				sp[-1] = sp[0];
			pc++;
			continue;
		case WASM_OP_LOCAL_GET:
			*sp++ = fp[pc[1]];
			pc += 2;
			continue;
		case WASM_OP_LOCAL_SET:
			fp[pc[1]] = *--sp;
			pc += 2;
			continue;
		case WASM_OP_LOCAL_TEE:
			fp[pc[1]] = sp[-1];
			pc += 2;
			continue;
		case WASM_OP_GLOBAL_GET:
			*sp++ = *inst->globals[pc[1]];
			pc += 2;
			continue;
		case WASM_OP_GLOBAL_SET:
			*inst->globals[pc[1]] = *--sp;
			pc += 2;
			continue;
		case WASM_OP_TABLE_GET:
			trap = wasm_rt_table_get(inst, pc[1], (u32)sp[-1], &sp[-1]);
			if (unlikely(trap))
				goto out;
			pc += 2;
			continue;
		case WASM_OP_TABLE_SET:
			trap = wasm_rt_table_set(inst, pc[1], (u32)sp[-2], sp[-1]);
			if (unlikely(trap))
				goto out;
			sp -= 2;
			pc += 2;
			continue;
		case WASM_OP_I32_LOAD:
		case WASM_OP_F32_LOAD:
		case WASM_OP_I64_LOAD32_U:
			if (LOAD(u32, (u64)))
				continue;
			goto trap_oob;
		case WASM_OP_I64_LOAD:
		case WASM_OP_F64_LOAD:
			if (LOAD(u64, (u64)))
				continue;
			goto trap_oob;
		case WASM_OP_I32_LOAD8_S:
			if (LOAD(s8, (u32)(s32)))
				continue;
			goto trap_oob;
		case WASM_OP_I32_LOAD8_U:
		case WASM_OP_I64_LOAD8_U:
			if (LOAD(u8, (u64)))
				continue;
			goto trap_oob;
		case WASM_OP_I32_LOAD16_S:
			if (LOAD(s16, (u32)(s32)))
				continue;
			goto trap_oob;
		case WASM_OP_I32_LOAD16_U:
		case WASM_OP_I64_LOAD16_U:
			if (LOAD(u16, (u64)))
				continue;
			goto trap_oob;
		case WASM_OP_I64_LOAD8_S:
			if (LOAD(s8, (u64)(s64)))
				continue;
			goto trap_oob;
		case WASM_OP_I64_LOAD16_S:
			if (LOAD(s16, (u64)(s64)))
				continue;
			goto trap_oob;
		case WASM_OP_I64_LOAD32_S:
			if (LOAD(s32, (u64)(s64)))
				continue;
			goto trap_oob;
		case WASM_OP_I32_STORE:
		case WASM_OP_F32_STORE:
		case WASM_OP_I64_STORE32:
			if (STORE(u32))
				continue;
			goto trap_oob;
		case WASM_OP_I64_STORE:
		case WASM_OP_F64_STORE:
			if (STORE(u64))
				continue;
			goto trap_oob;
		case WASM_OP_I32_STORE8:
		case WASM_OP_I64_STORE8:
			if (STORE(u8))
				continue;
			goto trap_oob;
		case WASM_OP_I32_STORE16:
		case WASM_OP_I64_STORE16:
			if (STORE(u16))
				continue;
			goto trap_oob;
		case WASM_OP_MEMORY_SIZE:
			*sp++ = mem->pages;
			pc++;
			continue;
		case WASM_OP_MEMORY_GROW:
			sp[-1] = wasm_rt_memory_grow(inst, (u32)sp[-1]);
			pc++;
			continue;
		case WASM_OP_I32_CONST:
		case WASM_OP_F32_CONST:
			*sp++ = pc[1];
			pc += 2;
			continue;
		case WASM_OP_I64_CONST:
		case WASM_OP_F64_CONST:
			*sp++ = IMM64(pc + 1);
			pc += 3;
			continue;

		case WASM_OP_I32_EQZ:
			UN32(a == 0);
			continue;
		case WASM_OP_I32_EQ:
			BIN32(a == b);
			continue;
		case WASM_OP_I32_NE:
			BIN32(a != b);
			continue;
		case WASM_OP_I32_LT_S:
			BIN32((s32)a < (s32)b);
			continue;
		case WASM_OP_I32_LT_U:
			BIN32(a < b);
			continue;
		case WASM_OP_I32_GT_S:
			BIN32((s32)a > (s32)b);
			continue;
		case WASM_OP_I32_GT_U:
			BIN32(a > b);
			continue;
		case WASM_OP_I32_LE_S:
			BIN32((s32)a <= (s32)b);
			continue;
		case WASM_OP_I32_LE_U:
			BIN32(a <= b);
			continue;
		case WASM_OP_I32_GE_S:
			BIN32((s32)a >= (s32)b);
			continue;
		case WASM_OP_I32_GE_U:
			BIN32(a >= b);
			continue;
		case WASM_OP_I64_EQZ:
			UN64((u32)(a == 0));
			continue;
		case WASM_OP_I64_EQ:
			CMP64(a == b);
			continue;
		case WASM_OP_I64_NE:
			CMP64(a != b);
			continue;
		case WASM_OP_I64_LT_S:
			CMP64((s64)a < (s64)b);
			continue;
		case WASM_OP_I64_LT_U:
			CMP64(a < b);
			continue;
		case WASM_OP_I64_GT_S:
			CMP64((s64)a > (s64)b);
			continue;
		case WASM_OP_I64_GT_U:
			CMP64(a > b);
			continue;
		case WASM_OP_I64_LE_S:
			CMP64((s64)a <= (s64)b);
			continue;
		case WASM_OP_I64_LE_U:
			CMP64(a <= b);
			continue;
		case WASM_OP_I64_GE_S:
			CMP64((s64)a >= (s64)b);
			continue;
		case WASM_OP_I64_GE_U:
			CMP64(a >= b);
			continue;

		case WASM_OP_F32_EQ ... WASM_OP_F64_GE:
		case WASM_OP_F32_ADD ... WASM_OP_F32_MAX:
		case WASM_OP_F64_ADD ... WASM_OP_F64_MAX:
			sp[-2] = wasm_float_binop(*pc, sp[-2], sp[-1]);
			sp--;
			pc++;
			continue;

		case WASM_OP_I32_CLZ:
			UN32(a ? __builtin_clz(a) : 32);
			continue;
		case WASM_OP_I32_CTZ:
			UN32(a ? __builtin_ctz(a) : 32);
			continue;
		case WASM_OP_I32_POPCNT:
			UN32(popcnt64(a));
			continue;
		case WASM_OP_I32_ADD:
			BIN32(a + b);
			continue;
		case WASM_OP_I32_SUB:
			BIN32(a - b);
			continue;
		case WASM_OP_I32_MUL:
			BIN32(a * b);
			continue;
		case WASM_OP_I32_DIV_S:
		case WASM_OP_I32_REM_S: {
			s32 b = (s32)sp[-1], a = (s32)sp[-2];

			if (unlikely(!b))
				goto trap_div0;
			if (*pc == WASM_OP_I32_DIV_S) {
				if (unlikely(a == (s32)0x80000000 && b == -1))
					goto trap_ovf;
				sp[-2] = (u32)(a / b);
			} else {
				sp[-2] = b == -1 ? 0 : (u32)(a % b);
			}
			sp--;
			pc++;
			continue;
		}
		case WASM_OP_I32_DIV_U:
		case WASM_OP_I32_REM_U: {
			u32 b = (u32)sp[-1], a = (u32)sp[-2];

			if (unlikely(!b))
				goto trap_div0;
			sp[-2] = *pc == WASM_OP_I32_DIV_U ? a / b : a % b;
			sp--;
			pc++;
			continue;
		}
		case WASM_OP_I32_AND:
			BIN32(a & b);
			continue;
		case WASM_OP_I32_OR:
			BIN32(a | b);
			continue;
		case WASM_OP_I32_XOR:
			BIN32(a ^ b);
			continue;
		case WASM_OP_I32_SHL:
			BIN32(a << (b & 31));
			continue;
		case WASM_OP_I32_SHR_S:
			BIN32((s32)a >> (b & 31));
			continue;
		case WASM_OP_I32_SHR_U:
			BIN32(a >> (b & 31));
			continue;
		case WASM_OP_I32_ROTL:
			BIN32(rotl32(a, b));
			continue;
		case WASM_OP_I32_ROTR:
			BIN32(rotl32(a, 32 - (b & 31)));
			continue;
		case WASM_OP_I64_CLZ:
			UN64(a ? __builtin_clzll(a) : 64);
			continue;
		case WASM_OP_I64_CTZ:
			UN64(a ? __builtin_ctzll(a) : 64);
			continue;
		case WASM_OP_I64_POPCNT:
			UN64(popcnt64(a));
			continue;
		case WASM_OP_I64_ADD:
			BIN64(a + b);
			continue;
		case WASM_OP_I64_SUB:
			BIN64(a - b);
			continue;
		case WASM_OP_I64_MUL:
			BIN64(a * b);
			continue;
		case WASM_OP_I64_DIV_S:
		case WASM_OP_I64_REM_S: {
			s64 b = (s64)sp[-1], a = (s64)sp[-2];

			if (unlikely(!b))
				goto trap_div0;
			if (*pc == WASM_OP_I64_DIV_S) {
				if (unlikely(a == (s64)0x8000000000000000ull && b == -1))
					goto trap_ovf;
				sp[-2] = (u64)(a / b);
			} else {
				sp[-2] = b == -1 ? 0 : (u64)(a % b);
			}
			sp--;
			pc++;
			continue;
		}
		case WASM_OP_I64_DIV_U:
		case WASM_OP_I64_REM_U: {
			u64 b = sp[-1], a = sp[-2];

			if (unlikely(!b))
				goto trap_div0;
			sp[-2] = *pc == WASM_OP_I64_DIV_U ? a / b : a % b;
			sp--;
			pc++;
			continue;
		}
		case WASM_OP_I64_AND:
			BIN64(a & b);
			continue;
		case WASM_OP_I64_OR:
			BIN64(a | b);
			continue;
		case WASM_OP_I64_XOR:
			BIN64(a ^ b);
			continue;
		case WASM_OP_I64_SHL:
			BIN64(a << (b & 63));
			continue;
		case WASM_OP_I64_SHR_S:
			BIN64((s64)a >> (b & 63));
			continue;
		case WASM_OP_I64_SHR_U:
			BIN64(a >> (b & 63));
			continue;
		case WASM_OP_I64_ROTL:
			BIN64(rotl64(a, b));
			continue;
		case WASM_OP_I64_ROTR:
			BIN64(rotl64(a, 64 - (b & 63)));
			continue;

		case WASM_OP_F32_ABS:
			UN32(a & 0x7fffffffu);
			continue;
		case WASM_OP_F32_NEG:
			UN32(a ^ 0x80000000u);
			continue;
		case WASM_OP_F32_COPYSIGN:
			BIN32((a & 0x7fffffffu) | (b & 0x80000000u));
			continue;
		case WASM_OP_F64_ABS:
			UN64(a & 0x7fffffffffffffffull);
			continue;
		case WASM_OP_F64_NEG:
			UN64(a ^ 0x8000000000000000ull);
			continue;
		case WASM_OP_F64_COPYSIGN:
			BIN64((a & 0x7fffffffffffffffull) | (b & 0x8000000000000000ull));
			continue;

		case WASM_OP_F32_CEIL ... WASM_OP_F32_SQRT:
		case WASM_OP_F64_CEIL ... WASM_OP_F64_SQRT:
		case WASM_OP_I32_TRUNC_F32_S ... WASM_OP_I32_TRUNC_F64_U:
		case WASM_OP_I64_TRUNC_F32_S ... WASM_OP_F64_PROMOTE_F32:
			sp[-1] = wasm_float_unop(*pc, sp[-1], &trap);
			if (unlikely(trap))
				goto out;
			pc++;
			continue;

		case WASM_OP_I32_WRAP_I64:
		case WASM_OP_I64_EXTEND_I32_U:
			UN64((u32)a);
			continue;
		case WASM_OP_I64_EXTEND_I32_S:
			UN64((u64)(s64)(s32)a);
			continue;
		case WASM_OP_I32_REINTERPRET_F32:
		case WASM_OP_I64_REINTERPRET_F64:
		case WASM_OP_F32_REINTERPRET_I32:
		case WASM_OP_F64_REINTERPRET_I64:
			pc++;
			continue;
		case WASM_OP_I32_EXTEND8_S:
			UN32((s32)(s8)a);
			continue;
		case WASM_OP_I32_EXTEND16_S:
			UN32((s32)(s16)a);
			continue;
		case WASM_OP_I64_EXTEND8_S:
			UN64((s64)(s8)a);
			continue;
		case WASM_OP_I64_EXTEND16_S:
			UN64((s64)(s16)a);
			continue;
		case WASM_OP_I64_EXTEND32_S:
			UN64((s64)(s32)a);
			continue;

		case WASM_OP_REF_NULL:
			*sp++ = 0;
			pc++;
			continue;
		case WASM_OP_REF_IS_NULL:
			sp[-1] = sp[-1] == 0;
			pc++;
			continue;
		case WASM_OP_REF_FUNC:
			*sp++ = (u64)(uintptr_t)inst->funcs[pc[1]];
			pc += 2;
			continue;

		case OP_FC + 0 ... OP_FC + 7:
			sp[-1] = wasm_float_unop(WASM_FLOAT_SAT + (*pc - OP_FC), sp[-1], &trap);
			pc++;
			continue;
		case OP_FC + WASM_OP_MEMORY_INIT:
			FUEL_OUT();
			trap = wasm_rt_memory_init(inst, pc[1], (u32)sp[-3], (u32)sp[-2],
						   (u32)sp[-1]);
			FUEL_IN();
			if (unlikely(trap))
				goto out;
			sp -= 3;
			pc += 2;
			continue;
		case OP_FC + WASM_OP_DATA_DROP:
			wasm_rt_data_drop(inst, pc[1]);
			pc += 2;
			continue;
		case OP_FC + WASM_OP_MEMORY_COPY:
			FUEL_OUT();
			trap = wasm_rt_memory_copy(inst, (u32)sp[-3], (u32)sp[-2], (u32)sp[-1]);
			FUEL_IN();
			if (unlikely(trap))
				goto out;
			sp -= 3;
			pc++;
			continue;
		case OP_FC + WASM_OP_MEMORY_FILL:
			FUEL_OUT();
			trap = wasm_rt_memory_fill(inst, (u32)sp[-3], (u32)sp[-2], (u32)sp[-1]);
			FUEL_IN();
			if (unlikely(trap))
				goto out;
			sp -= 3;
			pc++;
			continue;
		case OP_FC + WASM_OP_TABLE_INIT:
			FUEL_OUT();
			trap = wasm_rt_table_init(inst, pc[2], pc[1], (u32)sp[-3], (u32)sp[-2],
						  (u32)sp[-1]);
			FUEL_IN();
			if (unlikely(trap))
				goto out;
			sp -= 3;
			pc += 3;
			continue;
		case OP_FC + WASM_OP_ELEM_DROP:
			wasm_rt_elem_drop(inst, pc[1]);
			pc += 2;
			continue;
		case OP_FC + WASM_OP_TABLE_COPY:
			FUEL_OUT();
			trap = wasm_rt_table_copy(inst, pc[1], pc[2], (u32)sp[-3], (u32)sp[-2],
						  (u32)sp[-1]);
			FUEL_IN();
			if (unlikely(trap))
				goto out;
			sp -= 3;
			pc += 3;
			continue;
		case OP_FC + WASM_OP_TABLE_GROW: {
			u64 r;

			FUEL_OUT();
			r = wasm_rt_table_grow(inst, pc[1], sp[-2], (u32)sp[-1]);
			FUEL_IN();
			if (unlikely(r >> 32)) {
				trap = (int)(r >> 32);
				goto out;
			}
			sp[-2] = (u32)r;
			sp--;
			pc += 2;
			continue;
		}
		case OP_FC + WASM_OP_TABLE_SIZE:
			*sp++ = inst->tables[pc[1]]->size;
			pc += 2;
			continue;
		case OP_FC + WASM_OP_TABLE_FILL:
			FUEL_OUT();
			trap = wasm_rt_table_fill(inst, pc[1], (u32)sp[-3], sp[-2], (u32)sp[-1]);
			FUEL_IN();
			if (unlikely(trap))
				goto out;
			sp -= 3;
			pc += 2;
			continue;
		default:
			trap = WASM_TRAP_UNREACHABLE;
			goto out;
		}

		/* call f: only OP_CALL and OP_CALL_INDIRECT get here */
		if (f->host) {
			u32 np = f->host->nparams;

			root->fuel = fuel;
			FUEL_OUT();
			trap = host_call(inst, f, sp - np);
			FUEL_IN();
			if (unlikely(trap))
				goto out;
			sp = sp - np + f->host->nresults;
			continue;
		}
		ic = f->interp;
		if (unlikely(sp - ic->nparams + ic->frame_slots > (u64 *)(fr - 1)))
			goto trap_stack;
		fr--;
		fr->pc = pc;
		fr->fp = fp;
		fr->inst = inst;
		fp = sp - ic->nparams;
		memset(sp, 0, (size_t)(ic->nlocals - ic->nparams) * sizeof(u64));
		sp = fp + ic->nlocals;
		pc = ic->code;
		if (f->inst != inst) {
			inst = f->inst;
			mem = inst->memory;
		}
	}

trap_oob:
	trap = WASM_TRAP_MEM_OOB;
	goto out;
trap_div0:
	trap = WASM_TRAP_DIV_ZERO;
	goto out;
trap_ovf:
	trap = WASM_TRAP_INT_OVERFLOW;
	goto out;
trap_stack:
	trap = WASM_TRAP_STACK;
out:
	root->fuel = fuel;
	return trap;
}
