// SPDX-License-Identifier: GPL-2.0
/*
 * Field relocations for `prog load` (CO-RE for Wasm): a module's
 * WASMK_FIELD() declarations are exports named "wasmk_field:TYPE:PATH"
 * ("wasmk_field?:..." when optional).  Each is resolved here against the
 * running kernel's BTF (libbpf) to an offset and a size, which PROG_LOAD
 * writes into the module (uapi/linux/wasmk.h, struct wasmk_field_reloc).
 *
 * PATH is members separated by '.', each optionally indexed "[N]"; a
 * member is found through anonymous structs and unions as C finds it.
 * Pointers are not followed (read the pointer, then its target's field),
 * and bitfields are refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/wasmk.h>

#include "engine.h"
#include "wasmk.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

/* Through typedefs and const/volatile/restrict; *id follows. */
static const struct btf_type *skip_mods(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

/*
 * Member name of composite t (or of its anonymous members, depth first):
 * its type id and bit offset from t's start; 0 found, -1 absent, -2 a
 * bitfield.
 */
static int find_member(const struct btf *btf, const struct btf_type *t, const char *name,
		       __u32 *type, __u64 *bits)
{
	const struct btf_member *m = btf_members(t);
	int i, r;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf__name_by_offset(btf, m->name_off);
		__u32 mid = m->type;
		const struct btf_type *mt;

		if (mn && *mn) {
			if (strcmp(mn, name))
				continue;
			if (btf_member_bitfield_size(t, i))
				return -2;
			*type = m->type;
			*bits = btf_member_bit_offset(t, i);
			return 0;
		}
		mt = skip_mods(btf, &mid);
		if (!mt || !btf_is_composite(mt))
			continue;
		r = find_member(btf, mt, name, type, bits);
		if (r == 0) {
			*bits += btf_member_bit_offset(t, i);
			return 0;
		}
		if (r == -2)
			return r;
	}
	return -1;
}

/* TYPE:PATH in btf: offset and size, 0; or -1 with *why set (absent: -2). */
static int resolve_field(const struct btf *btf, const char *spec, __u32 *offset, __u32 *size,
			 char *why, size_t whylen)
{
	char buf[512], *path, *tok, *save, *br;
	const struct btf_type *t;
	__u64 bits = 0;
	__u32 id;
	__s64 sz;
	int sid, r;

	snprintf(buf, sizeof(buf), "%s", spec);
	path = strchr(buf, ':');
	if (!path || !path[1] || path == buf) {
		snprintf(why, whylen, "not TYPE:PATH");
		return -1;
	}
	*path++ = 0;
	sid = btf__find_by_name_kind(btf, buf, BTF_KIND_STRUCT);
	if (sid < 0)
		sid = btf__find_by_name_kind(btf, buf, BTF_KIND_UNION);
	if (sid < 0) {
		snprintf(why, whylen, "the kernel's BTF has no struct or union %.64s", buf);
		return -2;
	}
	id = sid;
	t = btf__type_by_id(btf, id);
	for (tok = strtok_r(path, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
		unsigned long idx = 0;
		bool indexed = false;
		__u32 mtype;
		__u64 mbits;

		br = strchr(tok, '[');
		if (br) {
			char *end;

			*br = 0;
			idx = strtoul(br + 1, &end, 10);
			if (end == br + 1 || strcmp(end, "]")) {
				snprintf(why, whylen, "bad index in '%s['", tok);
				return -1;
			}
			indexed = true;
		}
		if (!t || !btf_is_composite(t)) {
			snprintf(why, whylen, "'%s' is reached through something not a struct or union (a pointer? read it, then declare a field of its target)",
				 tok);
			return -1;
		}
		r = find_member(btf, t, tok, &mtype, &mbits);
		if (r == -2) {
			snprintf(why, whylen, "member %s is a bitfield: not supported", tok);
			return -1;
		}
		if (r) {
			snprintf(why, whylen, "no member %s", tok);
			return -2;
		}
		bits += mbits;
		id = mtype;
		t = skip_mods(btf, &id);
		if (indexed) {
			const struct btf_array *arr;

			if (!t || !btf_is_array(t)) {
				snprintf(why, whylen, "member %s is not an array", tok);
				return -1;
			}
			arr = btf_array(t);
			if (idx >= arr->nelems) {
				snprintf(why, whylen, "%s[%lu]: the array has %u elements", tok, idx,
					 arr->nelems);
				return -2;
			}
			id = arr->type;
			sz = btf__resolve_size(btf, id);
			if (sz < 0) {
				snprintf(why, whylen, "%s: element size unknown", tok);
				return -1;
			}
			bits += (__u64)idx * sz * 8;
			t = skip_mods(btf, &id);
		}
	}
	sz = btf__resolve_size(btf, id);
	if (sz <= 0 || bits % 8 || bits / 8 + sz > WASMK_FIELD_END_MAX) {
		snprintf(why, whylen, "size %lld at bit %llu: not a byte-aligned field within %u bytes",
			 (long long)sz, (unsigned long long)bits, WASMK_FIELD_END_MAX);
		return -1;
	}
	*offset = bits / 8;
	*size = sz;
	return 0;
}

int resolve_fields(const unsigned char *wasm, size_t len, struct wasmk_field_reloc **out,
		   unsigned int *nout)
{
	static const char req[] = "wasmk_field:", opt[] = "wasmk_field?:";
	struct wasmk_field_reloc *r = NULL;
	struct wasm_module *m = NULL;
	struct btf *btf = NULL;
	struct wasm_log log;
	unsigned int n = 0, i, ne;
	char buf[512];
	int ret = -1;

	*out = NULL;
	*nout = 0;
	if (!memmem(wasm, len, "wasmk_field", 11))
		return 0;	/* declares none (the kernel checks too) */
	memset(&log, 0, sizeof(log));
	if (wasm_module_load(wasm, len, NULL, &log, &m))
		return 0;	/* invalid: the kernel says why */
	ne = wasm_module_num_exports(m);
	for (i = 0; i < ne; i++) {
		const struct wasm_export *e = wasm_module_export(m, i);
		bool optional = e->name_len > sizeof(opt) - 1 &&
				!memcmp(e->name, opt, sizeof(opt) - 1);
		size_t plen = optional ? sizeof(opt) - 1 : sizeof(req) - 1;
		char why[256];
		__u32 off = 0, size = 0;
		int res;

		if (!optional && (e->name_len <= plen || memcmp(e->name, req, plen)))
			continue;
		snprintf(buf, sizeof(buf), "%.*s", (int)(e->name_len - plen), e->name + plen);
		if (!btf) {
			libbpf_set_print(quiet);
			btf = btf__load_vmlinux_btf();
			if (!btf) {
				err("field %s: cannot read the kernel's BTF (/sys/kernel/btf/vmlinux): %s",
				    buf, strerror(errno));
				goto out;
			}
		}
		res = resolve_field(btf, buf, &off, &size, why, sizeof(why));
		if (res == -1 || (res == -2 && !optional)) {
			err("field %s: %s%s", buf, why,
			    res == -2 ? " in this kernel (declare it WASMK_FIELD_OPTIONAL to load without it)" : "");
			goto out;
		}
		r = realloc(r, (n + 1) * sizeof(*r));
		if (!r)
			goto out;
		memset(&r[n], 0, sizeof(r[n]));
		r[n].export_index = i;
		if (res == 0) {
			r[n].offset = off;
			r[n].size = size;
			r[n].flags = WASMK_FIELD_EXISTS;
		}
		n++;
	}
	*out = r;
	*nout = n;
	r = NULL;
	ret = 0;
out:
	free(r);
	btf__free(btf);
	wasm_module_free(m);
	return ret;
}
