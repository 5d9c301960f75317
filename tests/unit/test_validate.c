// SPDX-License-Identifier: GPL-2.0
/* Validator tests: typing rules, messages, per-function facts, opcode table. */
#include "unit.h"
#include "wasm_builder.h"
#include "iter.h"

static struct load_res r;

#define OK(type, mem, body)	CHECK_EQ(CHECK_BODY(type, mem, body, NULL, &r), 0)
#define BAD(type, mem, body)	CHECK_EQ(CHECK_BODY(type, mem, body, NULL, &r), -WASM_EINVALID)
#define MAL(type, mem, body)	CHECK_EQ(CHECK_BODY(type, mem, body, NULL, &r), -WASM_EMALFORMED)

TEST(opcode_table_positions)
{
	/* enum values are list positions: they must equal the opcode bytes */
#define WASM_OP(id, nm, pfx, code, ...)	CHECK_EQ(WASM_OP_##id, code);
#define WASM_OP_FC(id, nm, pfx, code, ...)	CHECK_EQ(WASM_OP_##id, code);
#define WASM_OP_RESERVED(code)		CHECK_EQ(WASM_OP_RESERVED_##code, code);
#include "opcode_list.h"
#undef WASM_OP
#undef WASM_OP_FC
#undef WASM_OP_RESERVED
	CHECK_EQ(WASM_OP_I32_ADD, 0x6a);
	CHECK_EQ(WASM_OP_REF_FUNC, 0xd2);
	CHECK_EQ(WASM_OP_TABLE_FILL, 17);
}

TEST(opcode_names_and_info)
{
	CHECK(!strcmp(wasm_op_name(0, 0x6a), "i32.add"));
	CHECK(!strcmp(wasm_op_name(0, 0x28), "i32.load"));
	CHECK(!strcmp(wasm_op_name(0xfc, 0), "i32.trunc_sat_f32_s"));
	CHECK(!strcmp(wasm_op_name(0xfc, 17), "table.fill"));
	CHECK(wasm_op_name(0, 0x06) == NULL);
	CHECK(wasm_op_name(0xfc, 18) == NULL);
	CHECK(wasm_op_name(0xfd, 0) == NULL);
	CHECK_EQ(wasm_opinfo[0x6a].in[0], WASM_TYPE_I32);
	CHECK_EQ(wasm_opinfo[0x6a].nin, 2);
	CHECK_EQ(wasm_opinfo[0x6a].out, WASM_TYPE_I32);
	CHECK_EQ(wasm_opinfo[0x29].align, 3);
	CHECK(wasm_opinfo[0x92].flags & WASM_OPF_FLOAT);
	CHECK(wasm_opinfo[0x28].flags & WASM_OPF_MEMORY);
	CHECK(!(wasm_opinfo[0x6a].flags & WASM_OPF_FLOAT));
	CHECK_EQ(wasm_opinfo[0x06].imm, WASM_IMM_INVALID);
	CHECK(!strcmp(wasm_type_name(WASM_TYPE_EXTERNREF), "externref"));
}

TEST(opcode_table_columns)
{
	u32 op, nterm = 0;

	/* the run terminators of runtime.h's fuel rule, exactly */
	for (op = 0; op < 256; op++)
		nterm += !!(wasm_opinfo[op].flags & WASM_OPF_TERM);
	CHECK_EQ(nterm, 11);
	CHECK(wasm_opinfo[WASM_OP_LOOP].flags & WASM_OPF_TERM);
	CHECK(wasm_opinfo[WASM_OP_CALL_INDIRECT].flags & WASM_OPF_TERM);
	CHECK(!(wasm_opinfo[WASM_OP_BLOCK].flags & WASM_OPF_TERM));
	CHECK(!(wasm_opinfo_fc[WASM_OP_MEMORY_COPY].flags & WASM_OPF_TERM));
	/* a name ending in _s is signed, in _u unsigned; loads and stores by class */
	for (op = 0; op < 256; op++) {
		const char *n = wasm_op_name(0, op);
		size_t l = n ? strlen(n) : 0;
		u8 cls = wasm_opinfo[op].cls;

		if (!n) {
			CHECK_EQ(cls, WASM_CLASS_NONE);
			continue;
		}
		CHECK(cls != WASM_CLASS_NONE);
		if (l > 2 && !strcmp(n + l - 2, "_s"))
			CHECK_EQ(wasm_opinfo[op].sign, WASM_SIGN_S);
		else if (l > 2 && !strcmp(n + l - 2, "_u"))
			CHECK_EQ(wasm_opinfo[op].sign, WASM_SIGN_U);
		else if (!strstr(n, "_s_") && !strstr(n, "_u_"))
			CHECK_EQ(wasm_opinfo[op].sign, WASM_SIGN_N);
		CHECK_EQ(cls == WASM_CLASS_LOAD, strstr(n, ".load") != NULL);
		CHECK_EQ(cls == WASM_CLASS_STORE, strstr(n, ".store") != NULL);
	}
	CHECK_EQ(wasm_opinfo[WASM_OP_I64_LOAD16_S].align, 1);
	CHECK_EQ(wasm_opinfo[WASM_OP_I64_LOAD16_S].out, WASM_TYPE_I64);
	CHECK_EQ(wasm_opinfo[WASM_OP_I32_TRUNC_F64_U].sign, WASM_SIGN_U);
	CHECK_EQ(wasm_opinfo[WASM_OP_I32_SHR_U].cls, WASM_CLASS_ISHIFT);
	CHECK_EQ(wasm_opinfo[WASM_OP_I64_REM_S].cls, WASM_CLASS_IDIV);
	CHECK_EQ(wasm_opinfo_fc[WASM_OP_I64_TRUNC_SAT_F32_U].cls, WASM_CLASS_CVT);
	CHECK_EQ(wasm_opinfo_fc[WASM_OP_I64_TRUNC_SAT_F32_U].sign, WASM_SIGN_U);
}

TEST(type_mismatch_message)
{
	/* i32.const 1, i64.const 2, i32.add */
	BAD(T_I32, false, "\x00\x41\x01\x42\x02\x6a\x0b");
	CHECK_STR_CONTAINS(r.log, "func 0 @0x");
	CHECK_STR_CONTAINS(r.log, "type mismatch: i32.add expects [i32 i32], got [i32 i64]");
	/* stack underflow */
	BAD(T_I32, false, "\x00\x41\x01\x6a\x0b");
	CHECK_STR_CONTAINS(r.log, "i32.add expects [i32 i32], got [i32]");
	/* result missing at end */
	BAD(T_I32, false, "\x00\x0b");
	CHECK_STR_CONTAINS(r.log, "end expects [i32], got []");
	/* extra value at end */
	BAD(T_VOID, false, "\x00\x41\x00\x0b");
	CHECK_STR_CONTAINS(r.log, "type mismatch");
	OK(T_I32, false, "\x00\x41\x01\x41\x02\x6a\x0b");
}

TEST(unreachable_polymorphism)
{
	OK(T_I32, false, "\x00\x00\x6a\x0b");			/* unreachable i32.add */
	OK(T_I32, false, "\x00\x00\x1b\x0b");			/* unreachable select */
	OK(T_VOID, false, "\x00\x00\x1a\x0b");			/* unreachable drop */
	OK(T_VOID, false, "\x00\x0f\x42\x00\x1a\x00\x0b");	/* return, junk, unreachable */
	/* a concrete value still has its type in dead code */
	BAD(T_I32, false, "\x00\x00\x42\x00\x6a\x0b");
	/* br_table with unknowns */
	OK(T_I32, false, "\x00\x02\x7f\x00\x0e\x01\x00\x01\x0b\x0b");
	/* select of two unknowns followed by an i64 op: ok */
	OK(T_VOID, false, "\x00\x00\x1b\x7a\x1a\x0b");
	/* ref.is_null in dead code */
	OK(T_I32, false, "\x00\x00\xd1\x0b");
	/* but not on a number */
	BAD(T_I32, false, "\x00\x41\x00\xd1\x0b");
}

TEST(blocks_and_branches)
{
	OK(T_I32, false, "\x00\x02\x7f\x41\x01\x0b\x0b");		/* block (result i32) */
	BAD(T_I32, false, "\x00\x02\x7e\x41\x01\x0b\x0b");
	/* br to the loop label takes the loop params: none */
	OK(T_VOID, false, "\x00\x03\x40\x0c\x00\x0b\x0b");
	BAD(T_VOID, false, "\x00\x0c\x01\x0b");				/* unknown label */
	CHECK_STR_CONTAINS(r.log, "unknown label 1");
	/* if without else must have matching types */
	BAD(T_I32, false, "\x00\x41\x01\x04\x7f\x41\x01\x0b\x0b");
	CHECK_STR_CONTAINS(r.log, "if without else");
	OK(T_I32, false, "\x00\x41\x01\x04\x7f\x41\x01\x05\x41\x02\x0b\x0b");
	/* else in a block: malformed */
	MAL(T_VOID, false, "\x00\x02\x40\x05\x0b\x0b");
	/* missing final end */
	MAL(T_VOID, false, "\x00\x01");
	/* br_table arity mismatch */
	BAD(T_VOID, false, "\x00\x02\x40\x02\x7f\x41\x00\x0e\x01\x00\x01\x0b\x1a\x0b\x0b");
	/* br_if keeps the value */
	OK(T_I32, false, "\x00\x02\x7f\x41\x01\x41\x00\x0d\x00\x0b\x0b");
}

TEST(multi_value_blocks)
{
	struct wb m = WB_INIT, s = WB_INIT;

	/* type 0: [] -> [], type 1: [i32 i32] -> [i32 i64] */
	wb_header(&m);
	wb_bytes(&s, "\x02\x60\x00\x00\x60\x02\x7f\x7f\x02\x7f\x7e", 11);
	wb_section(&m, 1, &s);
	wb_bytes(&s, "\x01\x00", 2);
	wb_section(&m, 3, &s);
	/* i32.const 1 i32.const 2 block (type 1) drop i64.const 0 end drop drop */
	wb_bytes(&s, "\x01\x0e\x00\x41\x01\x41\x02\x02\x01\x1a\x42\x00\x0b\x1a\x1a\x0b", 16);
	wb_section(&m, 10, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), 0);
	wb_free(&m);
	wb_free(&s);
}

TEST(memory_instructions)
{
	OK(T_I32, true, "\x00\x41\x00\x28\x02\x00\x0b");
	BAD(T_I32, false, "\x00\x41\x00\x28\x02\x00\x0b");		/* no memory */
	CHECK_STR_CONTAINS(r.log, "unknown memory 0");
	BAD(T_I32, true, "\x00\x41\x00\x28\x03\x00\x0b");		/* align 8 > 4 */
	CHECK_STR_CONTAINS(r.log, "alignment must not be larger than natural");
	MAL(T_I32, true, "\x00\x41\x00\x28\x20\x00\x0b");		/* align 2^32 */
	OK(T_I32, true, "\x00\x3f\x00\x0b");				/* memory.size */
	MAL(T_I32, true, "\x00\x3f\x01\x0b");				/* reserved byte */
	CHECK_STR_CONTAINS(r.log, "zero byte expected");
	OK(T_I32, true, "\x00\x41\x01\x40\x00\x0b");			/* memory.grow */
	OK(T_VOID, true, "\x00\x41\x00\x41\x00\x41\x00\xfc\x0b\x00\x0b");	/* fill */
	OK(T_VOID, true, "\x00\x41\x00\x41\x00\x41\x00\xfc\x0a\x00\x00\x0b");	/* copy */
	/* memory.init / data.drop without data count section */
	BAD(T_VOID, true, "\x00\x41\x00\x41\x00\x41\x00\xfc\x08\x00\x00\x0b");
	BAD(T_VOID, true, "\x00\xfc\x09\x00\x0b");	/* no data segment at all */
	CHECK_STR_CONTAINS(r.log, "unknown data segment 0");
}

TEST(data_count_and_memory_init)
{
	struct wb m = WB_INIT, s = WB_INIT;

	wb_header(&m);
	wb_bytes(&s, "\x01\x60\x00\x00", 4);
	wb_section(&m, 1, &s);
	wb_bytes(&s, "\x01\x00", 2);
	wb_section(&m, 3, &s);
	wb_bytes(&s, "\x01\x00\x01", 3);
	wb_section(&m, 5, &s);
	wb_u32(&s, 1);
	wb_section(&m, 12, &s);
	wb_bytes(&s, "\x01\x0f\x00\x41\x00\x41\x00\x41\x00\xfc\x08\x00\x00\xfc\x09\x00\x0b", 17);
	wb_section(&m, 10, &s);
	wb_bytes(&s, "\x01\x01\x01x", 4);
	wb_section(&m, 11, &s);
	CHECK_EQ(wb_load_lim(&m, NULL, &r), 0);
	if (r.m)
		CHECK(r.m->funcs[0].flags & WASM_FN_BULK_MEMORY);
	wasm_module_free(r.m);
	/* the same without the data count section: malformed */
	m.len = 0;
	wb_header(&m);
	wb_bytes(&s, "\x01\x60\x00\x00", 4);
	wb_section(&m, 1, &s);
	wb_bytes(&s, "\x01\x00", 2);
	wb_section(&m, 3, &s);
	wb_bytes(&s, "\x01\x00\x01", 3);
	wb_section(&m, 5, &s);
	wb_bytes(&s, "\x01\x0f\x00\x41\x00\x41\x00\x41\x00\xfc\x08\x00\x00\xfc\x09\x00\x0b", 17);
	wb_section(&m, 10, &s);
	wb_bytes(&s, "\x01\x01\x01x", 4);
	wb_section(&m, 11, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "data count section required");
	wb_free(&m);
	wb_free(&s);
}

TEST(locals)
{
	OK(T_VOID, false, "\x01\x02\x7e\x20\x01\x50\x1a\x0b");		/* i64 locals */
	BAD(T_VOID, false, "\x01\x02\x7e\x20\x01\x45\x1a\x0b");
	BAD(T_VOID, false, "\x01\x02\x7e\x20\x02\x1a\x0b");
	CHECK_STR_CONTAINS(r.log, "unknown local 2");
	OK(T_VOID, false, "\x01\x01\x7f\x41\x00\x21\x00\x0b");		/* local.set */
	OK(T_I32, false, "\x01\x01\x7f\x41\x00\x22\x00\x0b");		/* local.tee */
	/* params come first: type [i64] -> [] with one i32 local */
	OK("\x01\x7e\x00", false, "\x01\x01\x7f\x20\x00\x50\x20\x01\x45\x1a\x1a\x0b");
}

TEST(locals_through_runs)
{
	/* 40000 i32 + 1 i64 declared by a tiny body: looked up through runs */
	OK(T_VOID, false, "\x02\xc0\xb8\x02\x7f\x01\x7e\x20\xc0\xb8\x02\x50\x1a\x0b");
	BAD(T_VOID, false, "\x02\xc0\xb8\x02\x7f\x01\x7e\x20\xc0\xb8\x02\x45\x1a\x0b");
	OK(T_VOID, false, "\x02\xc0\xb8\x02\x7f\x01\x7e\x20\xbf\xb8\x02\x45\x1a\x0b");
	BAD(T_VOID, false, "\x02\xc0\xb8\x02\x7f\x01\x7e\x20\xc1\xb8\x02\x1a\x0b");
}

TEST(globals)
{
	struct wb m = WB_INIT, s = WB_INIT;

	wb_header(&m);
	wb_bytes(&s, "\x01\x60\x00\x00", 4);
	wb_section(&m, 1, &s);
	wb_bytes(&s, "\x01\x00", 2);
	wb_section(&m, 3, &s);
	wb_bytes(&s, "\x02\x7f\x00\x41\x00\x0b\x7d\x01\x43\0\0\0\0\x0b", 14);
	wb_section(&m, 6, &s);
	/* global.get 1 global.set 1 */
	wb_bytes(&s, "\x01\x06\x00\x23\x01\x24\x01\x0b", 8);
	wb_section(&m, 10, &s);
	CHECK_EQ(wb_load_lim(&m, NULL, &r), 0);
	if (r.m) {
		CHECK(r.m->funcs[0].flags & WASM_FN_FLOAT);
		CHECK(r.m->funcs[0].flags & WASM_FN_GLOBAL_SET);
	}
	wasm_module_free(r.m);
	/* global.set of the immutable global 0 */
	m.p[m.len - 2] = 0;
	m.p[m.len - 4] = 0;
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "global is immutable");
	wb_free(&m);
	wb_free(&s);
}

/* Module: type [] -> [], 2 functions, funcref table, optional export of f1. */
static int ref_module(bool declare, const char *body, size_t n)
{
	struct wb m = WB_INIT, s = WB_INIT;
	int err;

	wb_header(&m);
	wb_bytes(&s, "\x01\x60\x00\x00", 4);
	wb_section(&m, 1, &s);
	wb_bytes(&s, "\x02\x00\x00", 3);
	wb_section(&m, 3, &s);
	wb_bytes(&s, "\x02\x70\x00\x01\x6f\x00\x01", 7);	/* funcref, externref tables */
	wb_section(&m, 4, &s);
	if (declare) {
		wb_u32(&s, 1);
		wb_str(&s, "f");
		wb_bytes(&s, "\x00\x01", 2);
		wb_section(&m, 7, &s);
	}
	wb_bytes(&s, "\x01\x03\x00\x01\x01", 5);		/* declarative elem: f1 */
	wb_section(&m, 9, &s);
	wb_u32(&s, 2);
	wb_u32(&s, n);
	wb_bytes(&s, body, n);
	wb_bytes(&s, "\x02\x00\x0b", 3);
	wb_section(&m, 10, &s);
	err = wb_check(&m, NULL, &r);
	wb_free(&m);
	wb_free(&s);
	return err;
}

#define REF(decl, body)	ref_module(decl, body, sizeof(body) - 1)

TEST(reference_types)
{
	CHECK_EQ(REF(false, "\x00\xd2\x01\x1a\x0b"), 0);		/* declared by elem */
	CHECK_EQ(REF(false, "\x00\xd2\x00\x1a\x0b"), -WASM_EINVALID);	/* f0 undeclared */
	CHECK_STR_CONTAINS(r.log, "undeclared function reference");
	CHECK_EQ(REF(false, "\x00\xd2\x02\x1a\x0b"), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "unknown function 2");
	CHECK_EQ(REF(false, "\x00\xd0\x70\xd1\x1a\x0b"), 0);		/* ref.null/is_null */
	CHECK_EQ(REF(false, "\x00\xd0\x7f\x1a\x0b"), -WASM_EMALFORMED);
	/* table.get/set/size/grow/fill on table 1 (externref) */
	CHECK_EQ(REF(false, "\x00\x41\x00\x25\x01\x1a\x0b"), 0);
	CHECK_EQ(REF(false, "\x00\x41\x00\xd0\x6f\x26\x01\x0b"), 0);
	CHECK_EQ(REF(false, "\x00\x41\x00\xd0\x70\x26\x01\x0b"), -WASM_EINVALID);
	CHECK_EQ(REF(false, "\x00\xfc\x10\x01\x1a\x0b"), 0);
	CHECK_EQ(REF(false, "\x00\xd0\x6f\x41\x01\xfc\x0f\x01\x1a\x0b"), 0);
	CHECK_EQ(REF(false, "\x00\x41\x00\xd0\x6f\x41\x01\xfc\x11\x01\x0b"), 0);
	CHECK_EQ(REF(false, "\x00\xfc\x10\x02\x1a\x0b"), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "unknown table 2");
	/* table.copy between tables of different types */
	CHECK_EQ(REF(false, "\x00\x41\x00\x41\x00\x41\x00\xfc\x0e\x00\x01\x0b"), -WASM_EINVALID);
	CHECK_EQ(REF(false, "\x00\x41\x00\x41\x00\x41\x00\xfc\x0e\x00\x00\x0b"), 0);
	/* table.init of the funcref segment 0 into table 0 / 1 */
	CHECK_EQ(REF(false, "\x00\x41\x00\x41\x00\x41\x00\xfc\x0c\x00\x00\x0b"), 0);
	CHECK_EQ(REF(false, "\x00\x41\x00\x41\x00\x41\x00\xfc\x0c\x00\x01\x0b"), -WASM_EINVALID);
	CHECK_EQ(REF(false, "\x00\xfc\x0d\x00\x0b"), 0);			/* elem.drop */
	CHECK_EQ(REF(false, "\x00\xfc\x0d\x01\x0b"), -WASM_EINVALID);
	/* call_indirect through table 1 (externref) */
	CHECK_EQ(REF(false, "\x00\x41\x00\x11\x00\x01\x0b"), -WASM_EINVALID);
	CHECK_EQ(REF(false, "\x00\x41\x00\x11\x00\x00\x0b"), 0);
	/* select of references needs the typed form */
	CHECK_EQ(REF(false, "\x00\xd0\x70\xd0\x70\x41\x00\x1b\x1a\x0b"), -WASM_EINVALID);
	CHECK_EQ(REF(false, "\x00\xd0\x70\xd0\x70\x41\x00\x1c\x01\x70\x1a\x0b"), 0);
	CHECK_EQ(REF(false, "\x00\x41\x00\x41\x00\x41\x00\x1c\x02\x7f\x7f\x1a\x0b"),
		 -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "invalid result arity");
	CHECK_EQ(REF(true, "\x00\xd2\x01\x1a\x0b"), 0);
}

TEST(illegal_opcodes)
{
	MAL(T_VOID, false, "\x00\x06\x0b");
	CHECK_STR_CONTAINS(r.log, "illegal opcode 0x06");
	MAL(T_VOID, false, "\x00\xff\x0b");
	MAL(T_VOID, false, "\x00\xfc\x12\x0b");
	CHECK_STR_CONTAINS(r.log, "illegal opcode 0xfc 18");
	MAL(T_VOID, false, "\x00\x41");			/* truncated immediate */
	MAL(T_VOID, false, "\x00\x43\x00\x00\x0b");	/* truncated f32.const */
}

TEST(function_facts)
{
	struct wb m = WB_INIT, s = WB_INIT;
	const struct wasm_func *f;

	wb_header(&m);
	wb_bytes(&s, "\x01\x60\x00\x00", 4);
	wb_section(&m, 1, &s);
	wb_bytes(&s, "\x03\x00\x00\x00", 4);
	wb_section(&m, 3, &s);
	wb_bytes(&s, "\x01\x70\x00\x01", 4);
	wb_section(&m, 4, &s);
	wb_bytes(&s, "\x01\x00\x01", 3);
	wb_section(&m, 5, &s);
	wb_u32(&s, 3);
	/* f0: block { loop { i32 i32 i32 add add drop } } call 1 */
	wb_bytes(&s, "\x13\x00\x02\x40\x03\x40\x41\x01\x41\x02\x41\x03\x6a\x6a\x1a\x0b\x0b"
		  "\x10\x01\x0b", 20);
	/* f1: 2 f64 locals, f64.add, i32.load, memory.grow, call_indirect */
	wb_bytes(&s, "\x17\x01\x02\x7c\x20\x00\x20\x01\xa0\x1a\x41\x00\x28\x02\x00\x40\x00"
		  "\x1a\x41\x00\x11\x00\x00\x0b", 24);
	/* f2: empty */
	wb_bytes(&s, "\x02\x00\x0b", 3);
	wb_section(&m, 10, &s);
	CHECK_EQ(wb_load_lim(&m, NULL, &r), 0);
	if (!r.m) {
		unit_fail(__FILE__, __LINE__, "%s", r.log);
		goto out;
	}
	f = &r.m->funcs[0];
	CHECK_EQ(f->max_stack, 3);
	CHECK_EQ(f->max_depth, 2);
	CHECK_EQ(f->flags, WASM_FN_LOOP | WASM_FN_CALL);
	CHECK_EQ(f->nlocals, 0);
	f = &r.m->funcs[1];
	CHECK_EQ(f->max_stack, 2);
	CHECK_EQ(f->max_depth, 0);
	CHECK_EQ(f->nlocals, 2);
	CHECK_EQ(f->nruns, 1);
	CHECK_EQ(r.m->local_runs[f->run_first].count, 2);
	CHECK_EQ(r.m->local_runs[f->run_first].type, WASM_TYPE_F64);
	CHECK_EQ(f->flags, WASM_FN_FLOAT | WASM_FN_MEMORY | WASM_FN_MEMORY_GROW |
		 WASM_FN_CALL_INDIRECT | WASM_FN_TABLE);
	f = &r.m->funcs[2];
	CHECK_EQ(f->max_stack, 0);
	CHECK_EQ(f->flags, 0);
	CHECK(f->code_end - f->code_start == 1);
	CHECK(wasm_module_uses_float(r.m));
	wasm_module_free(r.m);
out:
	wb_free(&m);
	wb_free(&s);
}

/* Load a one-function module and keep it in r.m (the caller frees it). */
#define LOAD_BODY(type, body)							\
	({									\
		struct wb m_ = WB_INIT;						\
		int e_;								\
		wb_func_module(&m_, type, sizeof(type) - 1, false, body,	\
			       sizeof(body) - 1);				\
		e_ = wb_load_lim(&m_, NULL, &r);				\
		wb_free(&m_);							\
		e_;								\
	})

#define SD	WASM_SIDE_DEAD
#define SU	WASM_SIDE_UNREACHED
#define SND	WASM_SIDE_NEXT_DEAD
#define SNU	WASM_SIDE_NEXT_UNREACHED

TEST(side_table)
{
	const struct wasm_side *e;
	const struct wasm_func *f;

	/*
	 * (local i32) block (result i32) i32.const 1 local.get 0 br_if 0
	 * br 0 i32.const 2 end loop end end
	 */
	CHECK_EQ(LOAD_BODY(T_I32, "\x01\x01\x7f\x02\x7f\x41\x01\x20\x00\x0d\x00\x0c\x00"
			   "\x41\x02\x0b\x03\x40\x0b\x0b"), 0);
	if (!r.m)
		return;
	f = &r.m->funcs[0];
	e = r.m->side + f->side_first;
	CHECK_EQ(f->nside, 8);
	CHECK_EQ(f->max_live, 2);
	/* the body: the entry run pays the local and block .. br_if */
	CHECK_EQ(e[0].cost, 1 + 4);
	CHECK_EQ(e[0].arity, 1);
	CHECK_EQ(e[1].op, WASM_OP_BLOCK);
	CHECK_EQ(e[1].height, 0);
	CHECK_EQ(e[1].arity, 1);
	CHECK_EQ(e[1].target, 4);		/* its end */
	CHECK_EQ(e[1].cost, 0);			/* block does not end a run */
	CHECK_EQ(e[2].op, WASM_OP_BR_IF);
	CHECK_EQ(e[2].height, 1);		/* the condition popped */
	CHECK_EQ(e[2].target, 1);
	CHECK_EQ(e[2].arity, 1);
	CHECK_EQ(e[2].cost, 1);			/* [br] */
	CHECK_EQ(e[3].op, WASM_OP_BR);
	CHECK_EQ(e[3].flags, SND | SNU);
	CHECK_EQ(e[3].cost, 0);
	CHECK_EQ(e[4].op, WASM_OP_END);
	CHECK_EQ(e[4].block, 1);
	CHECK_EQ(e[4].flags, SD | SU);		/* not fallen into, but branched to */
	CHECK_EQ(e[4].cost, 1);			/* [loop] */
	CHECK_EQ(e[5].op, WASM_OP_LOOP);
	CHECK_EQ(e[5].cost, 1);			/* [end] */
	CHECK_EQ(e[6].cost, 1);			/* [end] */
	CHECK_EQ(e[7].flags, SND | SNU);
	CHECK_EQ(e[7].block, 0);
	/* the iterator meets one entry per control instruction, in order */
	{
		struct wasm_iter it;
		u32 n = 0;

		wasm_iter_begin(&it, r.m, f);
		while (wasm_iter_more(&it)) {
			u8 op = wasm_iter_op(&it);

			if (wasm_side_op(op)) {
				CHECK_EQ(it.s->op, op);
				n++;
			}
			wasm_iter_skip(&it.p, op);
		}
		CHECK_EQ(n + 1, f->nside);
	}
	wasm_module_free(r.m);

	/* block unreachable end nop end: after the block, DEAD only for the JIT */
	CHECK_EQ(LOAD_BODY(T_VOID, "\x00\x02\x40\x00\x0b\x01\x0b"), 0);
	if (!r.m)
		return;
	f = &r.m->funcs[0];
	e = r.m->side + f->side_first;
	CHECK_EQ(f->nside, 5);
	CHECK_EQ(e[0].cost, 2);			/* [block unreachable] */
	CHECK_EQ(e[2].flags, SND | SNU);
	CHECK_EQ(e[3].flags, SD | SU | SNU);	/* nothing branches to the block's end */
	CHECK_EQ(e[3].cost, 2);			/* [nop end], by the spec's reachability */
	CHECK_EQ(e[3].block, 1);
	CHECK_EQ(e[4].flags, SU | SND | SNU);
	wasm_module_free(r.m);
}

TEST(sign_ext_and_sat)
{
	OK(T_I32, false, "\x00\x41\x01\xc0\x0b");				/* i32.extend8_s */
	OK(T_VOID, false, "\x00\x42\x01\xc4\x1a\x0b");			/* i64.extend32_s */
	OK(T_I32, false, "\x00\x43\0\0\0\0\xfc\x00\x0b");		/* trunc_sat */
	BAD(T_I32, false, "\x00\x44\0\0\0\0\0\0\0\0\xfc\x00\x0b");
	CHECK_STR_CONTAINS(r.log, "i32.trunc_sat_f32_s expects [f32], got [f64]");
}

TEST(name_in_message)
{
	struct wb m = WB_INIT, s = WB_INIT;
	static const char name[] = "a\nvery_long_function_name_that_goes_on_and_on_and_on_and_on_"
				   "and_on_forever";

	wb_func_module(&m, T_VOID, sizeof(T_VOID) - 1, false, "\x00\x6a\x0b", 3);
	wb_str(&s, "name");
	wb_byte(&s, 1);
	wb_u32(&s, 3 + sizeof(name) - 1);
	wb_bytes(&s, "\x01\x00", 2);
	wb_str(&s, name);
	wb_section(&m, 0, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EINVALID);
	/* sanitized (newline -> '?') and shortened */
	CHECK_STR_CONTAINS(r.log, "func 0 (a?very_long_function_name");
	CHECK_STR_CONTAINS(r.log, "...) @0x");
	wb_free(&m);
	wb_free(&s);
}
