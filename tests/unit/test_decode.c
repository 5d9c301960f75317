// SPDX-License-Identifier: GPL-2.0
/* Decoder tests: header, LEB128, UTF-8, sections, segments, log, names. */
#include "unit.h"
#include "wasm_builder.h"

static struct load_res r;

static int load_raw(const void *bytes, size_t n)
{
	struct wb m = WB_INIT;
	int err;

	wb_bytes(&m, bytes, n);
	err = wb_check(&m, NULL, &r);
	wb_free(&m);
	return err;
}

TEST(empty_module_ok)
{
	CHECK_EQ(load_raw("\0asm\1\0\0\0", 8), 0);
	CHECK_EQ(r.log[0], '\0');
}

TEST(header_errors)
{
	CHECK_EQ(load_raw("", 0), -WASM_EMALFORMED);
	CHECK_EQ(load_raw("\0as", 3), -WASM_EMALFORMED);
	CHECK_EQ(load_raw("\0asn\1\0\0\0", 8), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "magic header not detected");
	CHECK_EQ(load_raw("\0asm\2\0\0\0", 8), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "unknown binary version");
	CHECK_EQ(load_raw("\0asm\1\0\0", 7), -WASM_EMALFORMED);
}

TEST(strerror_codes)
{
	CHECK(strcmp(wasm_strerror(0), "success") == 0);
	CHECK(strcmp(wasm_strerror(-WASM_EMALFORMED), wasm_strerror(WASM_EMALFORMED)) == 0);
	CHECK(strstr(wasm_strerror(-WASM_EINVALID), "invalid"));
	CHECK(strstr(wasm_strerror(WASM_ELIMIT), "limit"));
	CHECK(strstr(wasm_strerror(WASM_ENOMEM), "memory"));
	CHECK(strstr(wasm_strerror(WASM_EUNSUPPORTED), "unsupported"));
	CHECK(strstr(wasm_strerror(99), "unknown"));
}

/* A module whose single global is i32/i64 with a raw init expression. */
static int global_init(u8 type, const void *expr, size_t n)
{
	struct wb m = WB_INIT, s = WB_INIT;
	int err;

	wb_header(&m);
	wb_u32(&s, 1);
	wb_byte(&s, type);
	wb_byte(&s, 0);
	wb_bytes(&s, expr, n);
	wb_section(&m, 6, &s);
	err = wb_check(&m, NULL, &r);
	wb_free(&m);
	wb_free(&s);
	return err;
}

TEST(leb_s32_edges)
{
	/* i32.const -1 in 5 bytes with proper sign extension: ok */
	CHECK_EQ(global_init(0x7f, "\x41\xff\xff\xff\xff\x7f\x0b", 7), 0);
	/* i32.const INT32_MAX in 5 bytes */
	CHECK_EQ(global_init(0x7f, "\x41\xff\xff\xff\xff\x07\x0b", 7), 0);
	/* unused bits not a sign extension */
	CHECK_EQ(global_init(0x7f, "\x41\xff\xff\xff\xff\x4f\x0b", 7), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "integer too large");
	CHECK_EQ(global_init(0x7f, "\x41\x80\x80\x80\x80\x70\x0b", 7), -WASM_EMALFORMED);
	/* 6 bytes: overlong */
	CHECK_EQ(global_init(0x7f, "\x41\x80\x80\x80\x80\x80\x00\x0b", 8), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "integer representation too long");
	/* overlong but in range is fine: 0 in 5 bytes */
	CHECK_EQ(global_init(0x7f, "\x41\x80\x80\x80\x80\x00\x0b", 7), 0);
	/* truncated */
	CHECK_EQ(global_init(0x7f, "\x41\x80", 2), -WASM_EMALFORMED);
}

TEST(leb_s64_edges)
{
	CHECK_EQ(global_init(0x7e, "\x42\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x0b", 12), 0);
	CHECK_EQ(global_init(0x7e, "\x42\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00\x0b", 12), 0);
	/* INT64_MIN: last byte 0x7f */
	CHECK_EQ(global_init(0x7e, "\x42\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f\x0b", 12), 0);
	/* unused bits of the 10th byte must copy the sign */
	CHECK_EQ(global_init(0x7e, "\x42\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01\x0b", 12),
		 -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "integer too large");
	CHECK_EQ(global_init(0x7e, "\x42\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7e\x0b", 12),
		 -WASM_EMALFORMED);
	/* 11 bytes */
	CHECK_EQ(global_init(0x7e, "\x42\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00\x0b",
			     13), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "integer representation too long");
}

TEST(leb_u32_edges)
{
	struct wb m = WB_INIT;

	/* type section whose vector count is 0 written in 5 bytes: ok */
	wb_header(&m);
	wb_bytes(&m, "\x01\x05\x80\x80\x80\x80\x00", 7);
	CHECK_EQ(wb_check(&m, NULL, &r), 0);
	/* 5th byte with unused bits set */
	m.len = 8;
	wb_bytes(&m, "\x01\x05\x80\x80\x80\x80\x10", 7);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "integer too large");
	/* 6 bytes */
	m.len = 8;
	wb_bytes(&m, "\x01\x06\x80\x80\x80\x80\x80\x00", 8);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "integer representation too long");
	/* section size as a maximal 5-byte u32: out of bounds */
	m.len = 8;
	wb_bytes(&m, "\x00\xff\xff\xff\xff\x0f", 6);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EMALFORMED);
	wb_free(&m);
}

TEST(leb_s33_blocktype)
{
	/* block with type index 0 written in 5 bytes (s33): ok */
	CHECK_EQ(CHECK_BODY(T_VOID, false, "\x00\x02\x80\x80\x80\x80\x00\x0b\x0b", NULL, &r), 0);
	/* unused bits of the 5th s33 byte must equal the sign (bit 32) */
	CHECK_EQ(CHECK_BODY(T_VOID, false, "\x00\x02\x80\x80\x80\x80\x10\x0b\x0b", NULL, &r),
		 -WASM_EMALFORMED);
	CHECK_EQ(CHECK_BODY(T_VOID, false, "\x00\x02\x80\x80\x80\x80\x20\x0b\x0b", NULL, &r),
		 -WASM_EMALFORMED);
	/* type index 2^31 (fits s33): unknown type, i.e. invalid */
	CHECK_EQ(CHECK_BODY(T_VOID, false, "\x00\x02\x80\x80\x80\x80\x08\x0b\x0b", NULL, &r),
		 -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "unknown type");
	/* negative s33 that is not a value type */
	CHECK_EQ(CHECK_BODY(T_VOID, false, "\x00\x02\x60\x0b\x0b", NULL, &r), -WASM_EMALFORMED);
	/* 6 bytes */
	CHECK_EQ(CHECK_BODY(T_VOID, false, "\x00\x02\x80\x80\x80\x80\x80\x00\x0b\x0b", NULL, &r),
		 -WASM_EMALFORMED);
}

static int export_name(const char *name, size_t n)
{
	struct wb m = WB_INIT, s = WB_INIT;
	int err;

	wb_header(&m);
	wb_bytes(&s, "\x01\x00\x01", 3);	/* memory 0 1 page */
	wb_section(&m, 5, &s);
	wb_u32(&s, 1);
	wb_name(&s, name, n);
	wb_bytes(&s, "\x02\x00", 2);
	wb_section(&m, 7, &s);
	err = wb_check(&m, NULL, &r);
	wb_free(&m);
	wb_free(&s);
	return err;
}

TEST(utf8_names)
{
	CHECK_EQ(export_name("mem", 3), 0);
	CHECK_EQ(export_name("", 0), 0);
	CHECK_EQ(export_name("\xc3\xa9t\xc3\xa9", 6), 0);		/* été */
	CHECK_EQ(export_name("\xe2\x82\xac", 3), 0);			/* U+20AC */
	CHECK_EQ(export_name("\xf4\x8f\xbf\xbf", 4), 0);		/* U+10FFFF */
	CHECK_EQ(export_name("\xc0\x80", 2), -WASM_EMALFORMED);		/* overlong NUL */
	CHECK_STR_CONTAINS(r.log, "malformed UTF-8 encoding");
	CHECK_EQ(export_name("\xe0\x80\xaf", 3), -WASM_EMALFORMED);	/* overlong '/' */
	CHECK_EQ(export_name("\xf0\x80\x80\xaf", 4), -WASM_EMALFORMED);	/* overlong, 4 bytes */
	CHECK_EQ(export_name("\xed\xa0\x80", 3), -WASM_EMALFORMED);	/* surrogate D800 */
	CHECK_EQ(export_name("\xed\xbf\xbf", 3), -WASM_EMALFORMED);	/* surrogate DFFF */
	CHECK_EQ(export_name("\xf4\x90\x80\x80", 4), -WASM_EMALFORMED);	/* > U+10FFFF */
	CHECK_EQ(export_name("\xf8\x88\x80\x80\x80", 5), -WASM_EMALFORMED);
	CHECK_EQ(export_name("\xe2\x82", 2), -WASM_EMALFORMED);		/* truncated */
	CHECK_EQ(export_name("a\x80", 2), -WASM_EMALFORMED);		/* stray continuation */
	CHECK_EQ(export_name("\xc3(", 2), -WASM_EMALFORMED);		/* bad continuation */
}

TEST(section_order_and_duplicates)
{
	/* function section before type section */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x03\x01\x00\x01\x01\x00", 14), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "section type @0x");
	CHECK_STR_CONTAINS(r.log, "out of order");
	/* duplicate type section */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x01\x01\x00\x01\x01\x00", 14), -WASM_EMALFORMED);
	/* data count (12) must come before code (10) */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x0a\x01\x00\x0c\x01\x00", 14), -WASM_EMALFORMED);
	/* ...and after element (9) */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x0c\x01\x00\x09\x01\x00", 14), -WASM_EMALFORMED);
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x09\x01\x00\x0c\x01\x00\x0a\x01\x00", 17), 0);
	/* custom sections anywhere, also between and repeated */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x00\x02\x01x\x01\x01\x00\x00\x02\x01y\x00\x01\x00",
			  22), 0);
	/* unknown section id */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x0d\x00", 10), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "malformed section id 13");
}

TEST(section_size_mismatch)
{
	/* type section of size 2 holding a 1-byte vector + junk */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x01\x02\x00\x00", 12), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "section size mismatch");
	/* section size beyond the end */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x01\x05\x00", 11), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "unexpected end");
	/* section contents run past the section: vector of 1 type, size 1 */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x01\x01\x01\x60\x00\x00", 14), -WASM_EMALFORMED);
	/* function body size mismatch: body claims 3 bytes, has "00 0b" + junk */
	CHECK_EQ(CHECK_BODY(T_VOID, false, "\x00\x0b\x01", NULL, &r), -WASM_EMALFORMED);
}

TEST(function_code_count_mismatch)
{
	struct wb m = WB_INIT;

	/* function section with 1 entry, no code section */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00", 18),
		 -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "function and code section have inconsistent lengths");
	/* code section with a body, no function section */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x01\x04\x01\x60\x00\x00\x0a\x04\x01\x02\x00\x0b", 20),
		 -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "section code @0x");
	/* well-formed for comparison */
	wb_func_module(&m, T_VOID, sizeof(T_VOID) - 1, false, "\x00\x0b", 2);
	CHECK_EQ(wb_check(&m, NULL, &r), 0);
	wb_free(&m);
}

TEST(data_count_mismatch)
{
	struct wb m = WB_INIT, s = WB_INIT;

	wb_header(&m);
	wb_bytes(&s, "\x01\x00\x01", 3);
	wb_section(&m, 5, &s);
	wb_u32(&s, 2);
	wb_section(&m, 12, &s);
	wb_bytes(&s, "\x01\x01\x01x", 4);	/* one passive segment */
	wb_section(&m, 11, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "data count and data section have inconsistent lengths");
	/* data count without data section */
	m.len = 0;
	wb_header(&m);
	wb_u32(&s, 1);
	wb_section(&m, 12, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EMALFORMED);
	wb_free(&m);
	wb_free(&s);
}

TEST(data_segment_encodings)
{
	struct wb m = WB_INIT, s = WB_INIT;
	struct wasm_module *mod;

	wb_header(&m);
	wb_bytes(&s, "\x01\x00\x01", 3);
	wb_section(&m, 5, &s);
	wb_u32(&s, 3);
	wb_bytes(&s, "\x00\x41\x08\x0b\x02hi", 7);		/* active, memory 0 */
	wb_bytes(&s, "\x01\x03xyz", 5);				/* passive */
	wb_bytes(&s, "\x02\x00\x41\x10\x0b\x00", 6);		/* active, explicit memidx */
	wb_section(&m, 11, &s);
	CHECK_EQ(wb_load_lim(&m, NULL, &r), 0);
	mod = r.m;
	CHECK(mod);
	if (mod) {
		CHECK_EQ(mod->ndatas, 3);
		CHECK_EQ(mod->datas[0].mode, WASM_SEG_ACTIVE);
		CHECK_EQ(mod->datas[0].offset.bits, 8);
		CHECK_EQ(mod->datas[0].len, 2);
		CHECK(!memcmp(mod->datas[0].bytes, "hi", 2));
		CHECK_EQ(mod->datas[1].mode, WASM_SEG_PASSIVE);
		CHECK_EQ(mod->datas[2].offset.bits, 16);
	}
	wasm_module_free(mod);
	/* flags 3: malformed */
	m.len = 8;
	wb_bytes(&s, "\x01\x00\x01", 3);
	wb_section(&m, 5, &s);
	wb_bytes(&s, "\x01\x03\x00", 3);
	wb_section(&m, 11, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EMALFORMED);
	/* active segment without memory: invalid */
	m.len = 8;
	wb_bytes(&s, "\x01\x00\x41\x00\x0b\x00", 6);
	wb_section(&m, 11, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "unknown memory 0");
	wb_free(&m);
	wb_free(&s);
}

TEST(elem_segment_encodings)
{
	struct wb m = WB_INIT, s = WB_INIT;
	struct wasm_module *mod;

	wb_header(&m);
	wb_bytes(&s, "\x01\x60\x00\x00", 4);
	wb_section(&m, 1, &s);
	wb_bytes(&s, "\x02\x00\x00", 3);			/* 2 functions */
	wb_section(&m, 3, &s);
	wb_bytes(&s, "\x02\x70\x00\x04\x6f\x00\x04", 7);	/* funcref + externref tables */
	wb_section(&m, 4, &s);
	wb_u32(&s, 8);
	wb_bytes(&s, "\x00\x41\x00\x0b\x02\x00\x01", 7);		/* 0: active t0, funcs */
	wb_bytes(&s, "\x01\x00\x01\x01", 4);			/* 1: passive, elemkind */
	wb_bytes(&s, "\x02\x00\x41\x01\x0b\x00\x01\x00", 8);	/* 2: active tidx */
	wb_bytes(&s, "\x03\x00\x01\x00", 4);			/* 3: declarative */
	wb_bytes(&s, "\x04\x41\x00\x0b\x02\xd2\x00\x0b\xd0\x70\x0b", 11);	/* 4: exprs */
	wb_bytes(&s, "\x05\x6f\x01\xd0\x6f\x0b", 6);		/* 5: passive externref */
	wb_bytes(&s, "\x06\x01\x41\x00\x0b\x6f\x01\xd0\x6f\x0b", 10);	/* 6: table 1 */
	wb_bytes(&s, "\x07\x70\x01\xd2\x01\x0b", 6);		/* 7: declarative exprs */
	wb_section(&m, 9, &s);
	wb_bytes(&s, "\x02\x02\x00\x0b\x02\x00\x0b", 7);
	wb_section(&m, 10, &s);
	CHECK_EQ(wb_load_lim(&m, NULL, &r), 0);
	CHECK_STR_CONTAINS(r.log, "");
	mod = r.m;
	if (mod) {
		CHECK_EQ(mod->nelems, 8);
		CHECK_EQ(mod->elems[0].mode, WASM_SEG_ACTIVE);
		CHECK_EQ(mod->elems[0].count, 2);
		CHECK_EQ(mod->elems[0].items[1], 1);
		CHECK_EQ(mod->elems[1].mode, WASM_SEG_PASSIVE);
		CHECK_EQ(mod->elems[2].offset.bits, 1);
		CHECK_EQ(mod->elems[3].mode, WASM_SEG_DECLARATIVE);
		CHECK_EQ(mod->elems[4].items[0], 0);
		CHECK_EQ(mod->elems[4].items[1], WASM_ELEM_NULL);
		CHECK_EQ(mod->elems[5].type, WASM_TYPE_EXTERNREF);
		CHECK_EQ(mod->elems[6].table, 1);
		CHECK_EQ(mod->elems[7].items[0], 1);
	}
	wasm_module_free(mod);
	/* flags 8: malformed */
	m.len = 8;
	wb_bytes(&s, "\x01\x08", 2);
	wb_section(&m, 9, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EMALFORMED);
	/* elemkind other than 0x00: malformed */
	m.len = 8;
	wb_bytes(&s, "\x01\x01\x01\x00", 4);
	wb_section(&m, 9, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EMALFORMED);
	wb_free(&m);
	wb_free(&s);
}

/* Function 0 has an invalid body; a name section names it. */
static void named_bad_module(struct wb *m, bool good_names)
{
	struct wb s = WB_INIT, sub = WB_INIT;

	wb_func_module(m, T_VOID, sizeof(T_VOID) - 1, false, "\x00\x41\x01\x0b", 4);	/* leaves an i32 */
	wb_str(&s, "name");
	wb_u32(&sub, 1);			/* one name */
	wb_u32(&sub, 0);
	wb_str(&sub, "parse_ipv4");
	wb_byte(&s, 1);				/* subsection: function names */
	wb_u32(&s, good_names ? sub.len : sub.len + 40);
	wb_bytes(&s, sub.p, sub.len);
	wb_section(m, 0, &s);
	wb_free(&s);
	wb_free(&sub);
}

TEST(name_section_in_messages)
{
	struct wb m = WB_INIT;

	named_bad_module(&m, true);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "func 0 (parse_ipv4) @0x");
	CHECK_STR_CONTAINS(r.log, "type mismatch");
	wb_free(&m);
	/* a malformed name section is ignored: message without the name */
	named_bad_module(&m, false);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "func 0 @0x");
	wb_free(&m);
}

TEST(malformed_name_section_accepted)
{
	struct wb m = WB_INIT, s = WB_INIT;
	struct wasm_module *mod;
	const char *name;
	u32 len;

	wb_func_module(&m, T_VOID, sizeof(T_VOID) - 1, false, "\x00\x0b", 2);
	wb_str(&s, "name");
	wb_bytes(&s, "\x01\xff\xff\xff\xff\xff\x02", 7);	/* garbage */
	wb_section(&m, 0, &s);
	CHECK_EQ(wb_load_lim(&m, NULL, &r), 0);
	mod = r.m;
	CHECK(mod && !wasm_module_func_name(mod, 0, &name, &len));
	wasm_module_free(mod);
	/* a valid one is available through the accessor */
	wb_free(&m);
	m = (struct wb)WB_INIT;
	wb_func_module(&m, T_VOID, sizeof(T_VOID) - 1, false, "\x00\x0b", 2);
	wb_str(&s, "name");
	wb_bytes(&s, "\x01\x06\x01\x00\x03"
		  "abc", 8);
	wb_section(&m, 0, &s);
	CHECK_EQ(wb_load_lim(&m, NULL, &r), 0);
	mod = r.m;
	CHECK(mod && wasm_module_func_name(mod, 0, &name, &len));
	if (mod && wasm_module_func_name(mod, 0, &name, &len))
		CHECK(len == 3 && !memcmp(name, "abc", 3));
	wasm_module_free(mod);
	wb_free(&m);
	wb_free(&s);
}

TEST(custom_section_name_utf8)
{
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x00\x03\x02\xc0\x80", 13), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "malformed UTF-8");
	/* custom section name length beyond the section */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x00\x02\x05x", 12), -WASM_EMALFORMED);
	/* empty custom section: no name */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x00\x00", 10), -WASM_EMALFORMED);
}

TEST(log_truncation)
{
	char small[8];
	struct wasm_log log = { small, sizeof(small), 0, false };
	struct wasm_module *m = (struct wasm_module *)1;

	memset(small, 'X', sizeof(small));
	CHECK_EQ(wasm_module_load((const u8 *)"\0asn\1\0\0\0", 8, NULL, &log, &m),
		 -WASM_EMALFORMED);
	CHECK(m == NULL);
	CHECK(log.truncated);
	CHECK_EQ(log.len, 7);
	CHECK_EQ(small[7], '\0');
	CHECK_EQ(strlen(small), 7);
	/* no buffer at all */
	log = (struct wasm_log){ NULL, 0, 0, false };
	CHECK_EQ(wasm_module_load((const u8 *)"\0asn\1\0\0\0", 8, NULL, &log, &m),
		 -WASM_EMALFORMED);
	CHECK_EQ(log.len, 0);
	/* NULL log */
	CHECK_EQ(wasm_module_load((const u8 *)"\0asn\1\0\0\0", 8, NULL, NULL, &m),
		 -WASM_EMALFORMED);
	/* size 1: only the terminator */
	log = (struct wasm_log){ small, 1, 0, false };
	CHECK_EQ(wasm_module_load((const u8 *)"\0asn\1\0\0\0", 8, NULL, &log, &m),
		 -WASM_EMALFORMED);
	CHECK(log.truncated);
	CHECK_EQ(small[0], '\0');
}

TEST(log_appends)
{
	char buf[256];
	struct wasm_log log = { buf, sizeof(buf), 0, false };
	struct wasm_module *m;

	wasm_log_printf(&log, "first;");
	CHECK_EQ(wasm_module_load((const u8 *)"\0asn\1\0\0\0", 8, NULL, &log, &m),
		 -WASM_EMALFORMED);
	CHECK(!strncmp(buf, "first;module @0x0: magic header not detected", 44));
	CHECK(!log.truncated);
	CHECK_EQ(log.len, strlen(buf));
}

TEST(simd_unsupported)
{
	/* v128 parameter */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x01\x05\x01\x60\x01\x7b\x00", 15), -WASM_EUNSUPPORTED);
	CHECK_STR_CONTAINS(r.log, "SIMD is not supported");
	/* 0xfd prefix in a body */
	CHECK_EQ(CHECK_BODY(T_VOID, true, "\x00\xfd\x0c\x00\x0b", NULL, &r), -WASM_EUNSUPPORTED);
	CHECK_STR_CONTAINS(r.log, "SIMD is not supported");
	/* v128 local */
	CHECK_EQ(CHECK_BODY(T_VOID, false, "\x01\x01\x7b\x0b", NULL, &r), -WASM_EUNSUPPORTED);
	/* v128 block type */
	CHECK_EQ(CHECK_BODY(T_VOID, false, "\x00\x02\x7b\x0b\x0b", NULL, &r), -WASM_EUNSUPPORTED);
}

TEST(exports_and_accessors)
{
	struct wb m = WB_INIT, s = WB_INIT;
	struct wasm_module *mod;
	const struct wasm_functype *ft;
	u32 idx, mn, mx;
	bool hm;
	u8 kind;

	wb_header(&m);
	wb_bytes(&s, "\x02\x60\x02\x7f\x7e\x01\x7d\x60\x00\x00", 10);
	wb_section(&m, 1, &s);
	wb_u32(&s, 1);
	wb_str(&s, "env");
	wb_str(&s, "helper");
	wb_bytes(&s, "\x00\x01", 2);
	wb_section(&m, 2, &s);
	wb_bytes(&s, "\x02\x00\x01", 3);
	wb_section(&m, 3, &s);
	wb_bytes(&s, "\x01\x01\x02\x05", 4);			/* memory 2..5 */
	wb_section(&m, 5, &s);
	wb_u32(&s, 4);
	wb_str(&s, "zeta");
	wb_bytes(&s, "\x00\x02", 2);
	wb_str(&s, "alpha");
	wb_bytes(&s, "\x00\x01", 2);
	wb_str(&s, "mem");
	wb_bytes(&s, "\x02\x00", 2);
	wb_str(&s, "alp");
	wb_bytes(&s, "\x00\x00", 2);
	wb_section(&m, 7, &s);
	wb_bytes(&s, "\x02\x07\x00\x43\x00\x00\x80\x3f\x0b\x02\x00\x0b", 12);
	wb_section(&m, 10, &s);
	CHECK_EQ(wb_load_lim(&m, NULL, &r), 0);
	CHECK_STR_CONTAINS(r.log, "");
	mod = r.m;
	if (!mod) {
		unit_fail(__FILE__, __LINE__, "%s", r.log);
		goto out;
	}
	CHECK_EQ(wasm_module_num_funcs(mod), 3);
	CHECK_EQ(wasm_module_num_imports(mod), 1);
	CHECK_EQ(wasm_module_num_exports(mod), 4);
	CHECK_EQ(wasm_module_find_export(mod, "alpha", 5, &kind, &idx), 0);
	CHECK_EQ(kind, WASM_EXTERN_FUNC);
	CHECK_EQ(idx, 1);
	CHECK_EQ(wasm_module_find_export(mod, "alp", 3, &kind, &idx), 0);
	CHECK_EQ(idx, 0);
	CHECK_EQ(wasm_module_find_export(mod, "zeta", 4, &kind, &idx), 0);
	CHECK_EQ(idx, 2);
	CHECK_EQ(wasm_module_find_export(mod, "mem", 3, &kind, &idx), 0);
	CHECK_EQ(kind, WASM_EXTERN_MEMORY);
	CHECK_EQ(wasm_module_find_export(mod, "al", 2, &kind, &idx), -WASM_EINVALID);
	CHECK_EQ(wasm_module_find_export(mod, "zz", 2, NULL, NULL), -WASM_EINVALID);
	ft = wasm_module_func_type(mod, 1);
	CHECK(ft && ft->nparams == 2 && ft->nresults == 1);
	CHECK(ft && ft->params[0] == WASM_TYPE_I32 && ft->params[1] == WASM_TYPE_I64 &&
	      ft->results[0] == WASM_TYPE_F32);
	CHECK(wasm_module_func_type(mod, 3) == NULL);
	CHECK(wasm_module_import(mod, 0) &&
	      !memcmp(wasm_module_import(mod, 0)->name, "helper", 6));
	CHECK(wasm_module_export(mod, 4) == NULL);
	CHECK(wasm_module_uses_float(mod));
	CHECK(wasm_module_memory_limits(mod, &mn, &mx, &hm));
	CHECK(mn == 2 && mx == 5 && hm);
	CHECK(mod->funcs[0].imported && !mod->funcs[1].imported);
	wasm_module_free(mod);
out:
	wb_free(&m);
	wb_free(&s);
}

TEST(duplicate_export)
{
	struct wb m = WB_INIT, s = WB_INIT;

	wb_header(&m);
	wb_bytes(&s, "\x01\x00\x01", 3);
	wb_section(&m, 5, &s);
	wb_u32(&s, 2);
	wb_str(&s, "m");
	wb_bytes(&s, "\x02\x00", 2);
	wb_str(&s, "m");
	wb_bytes(&s, "\x02\x00", 2);
	wb_section(&m, 7, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "duplicate export name");
	wb_free(&m);
	wb_free(&s);
}

TEST(memory_and_table_types)
{
	/* memory limits flag 2 (shared): malformed */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x05\x04\x01\x02\x00\x01", 14), -WASM_EMALFORMED);
	/* memory max > 65536 pages */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x05\x06\x01\x01\x00\x81\x80\x04", 16), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "at most 65536 pages");
	/* memory min > max */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x05\x04\x01\x01\x02\x01", 14), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "minimum must not be greater than maximum");
	/* two memories */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x05\x05\x02\x00\x00\x00\x00", 15), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "multiple memories");
	/* table with max 0xffffffff is valid */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x04\x09\x01\x70\x01\x00\xff\xff\xff\xff\x0f", 19), 0);
	/* table min > max */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x04\x05\x01\x70\x01\x02\x01", 15), -WASM_EINVALID);
	/* bad reference type */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x04\x04\x01\x7f\x00\x00", 14), -WASM_EMALFORMED);
	/* several tables are fine (reference types) */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x04\x07\x02\x70\x00\x00\x6f\x00\x01", 17), 0);
}

TEST(globals_and_const_exprs)
{
	struct wb m = WB_INIT, s = WB_INIT;

	/* imported immutable global usable in a global initializer */
	wb_header(&m);
	wb_u32(&s, 2);
	wb_str(&s, "a");
	wb_str(&s, "g");
	wb_bytes(&s, "\x03\x7f\x00", 3);
	wb_str(&s, "a");
	wb_str(&s, "m");
	wb_bytes(&s, "\x03\x7f\x01", 3);
	wb_section(&m, 2, &s);
	wb_bytes(&s, "\x01\x7f\x00\x23\x00\x0b", 6);
	wb_section(&m, 6, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), 0);
	/* ...but not a mutable one */
	m.len -= 8;
	wb_bytes(&s, "\x01\x7f\x00\x23\x01\x0b", 6);
	wb_section(&m, 6, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "constant expression required");
	wb_free(&m);
	/* a defined global is not visible */
	CHECK_EQ(global_init(0x7f, "\x23\x00\x0b", 3), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "unknown global 0");
	/* non-constant instruction */
	CHECK_EQ(global_init(0x7f, "\x41\x00\x41\x00\x6a\x0b", 6), -WASM_EINVALID);
	CHECK_EQ(global_init(0x7f, "\x01\x0b", 2), -WASM_EINVALID);
	/* type mismatch and empty */
	CHECK_EQ(global_init(0x7f, "\x42\x00\x0b", 3), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "type mismatch");
	CHECK_EQ(global_init(0x7f, "\x0b", 1), -WASM_EINVALID);
	/* illegal opcode */
	CHECK_EQ(global_init(0x7f, "\xff\x0b", 2), -WASM_EMALFORMED);
	/* bad mutability byte */
	CHECK_EQ(load_raw("\0asm\1\0\0\0\x06\x06\x01\x7f\x02\x41\x00\x0b", 16), -WASM_EMALFORMED);
	/* ref.null and f64 consts */
	CHECK_EQ(global_init(0x70, "\xd0\x70\x0b", 3), 0);
	CHECK_EQ(global_init(0x6f, "\xd0\x70\x0b", 3), -WASM_EINVALID);
	CHECK_EQ(global_init(0x7c, "\x44\0\0\0\0\0\0\xf0\x3f\x0b", 10), 0);
	wb_free(&s);
}

TEST(start_function)
{
	struct wb m = WB_INIT, s = WB_INIT;

	wb_header(&m);
	wb_bytes(&s, "\x02\x60\x00\x00\x60\x01\x7f\x00", 8);
	wb_section(&m, 1, &s);
	wb_bytes(&s, "\x02\x00\x01", 3);
	wb_section(&m, 3, &s);
	wb_bytes(&s, "\x00", 1);
	wb_section(&m, 8, &s);
	wb_bytes(&s, "\x02\x02\x00\x0b\x02\x00\x0b", 7);
	wb_section(&m, 10, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), 0);
	m.p[m.len - 10] = 1;	/* start = function 1, of type [i32] -> [] */
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "start function");
	m.p[m.len - 10] = 2;
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "unknown function 2");
	wb_free(&m);
	wb_free(&s);
}

TEST(import_kinds)
{
	struct wb m = WB_INIT, s = WB_INIT;

	wb_header(&m);
	wb_u32(&s, 1);
	wb_str(&s, "a");
	wb_str(&s, "b");
	wb_bytes(&s, "\x04\x00", 2);		/* kind 4 */
	wb_section(&m, 2, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EMALFORMED);
	CHECK_STR_CONTAINS(r.log, "section import @0x");
	m.len = 8;
	wb_u32(&s, 1);
	wb_str(&s, "a");
	wb_str(&s, "b");
	wb_bytes(&s, "\x00\x00", 2);		/* func of unknown type 0 */
	wb_section(&m, 2, &s);
	CHECK_EQ(wb_check(&m, NULL, &r), -WASM_EINVALID);
	CHECK_STR_CONTAINS(r.log, "unknown type 0");
	wb_free(&m);
	wb_free(&s);
}
