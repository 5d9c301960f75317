// SPDX-License-Identifier: GPL-2.0
/*
 * A tracepoint's prototype from the kernel's BTF (libbpf): the typedef
 * btf_trace_<name> is a pointer to the probe's prototype,
 * void (*)(void *data, TP_PROTO...).  The kernel needs the argument count
 * and each argument's size and signedness to register a matching probe.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/wasmk.h>

#include "wasmk.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

/* Through typedefs and const/volatile/restrict to the real type. */
static const struct btf_type *resolve(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	return t;
}

static const char *kind_name(const struct btf_type *t)
{
	if (!t)
		return "unknown type";
	if (btf_is_struct(t))
		return "struct (passed by value)";
	if (btf_is_union(t))
		return "union (passed by value)";
	if (btf_is_float(t))
		return "floating-point value";
	return "non-integer type";
}

int tracepoint_btf_args(const char *target, struct wasmk_link_attach *a)
{
	const char *name = strrchr(target, ':');
	const struct btf_type *t;
	const struct btf_param *p;
	char tn[128];
	struct btf *btf;
	int id, n, i;

	name = name ? name + 1 : target;
	snprintf(tn, sizeof(tn), "btf_trace_%s", name);
	libbpf_set_print(quiet);
	btf = btf__load_vmlinux_btf();
	if (!btf) {
		err("cannot read the kernel's BTF (/sys/kernel/btf/vmlinux): %s; it gives "
		    "tracepoint %s's arguments (a kernel built with CONFIG_DEBUG_INFO_BTF)",
		    strerror(errno), target);
		return -1;
	}
	id = btf__find_by_name_kind(btf, tn, BTF_KIND_TYPEDEF);
	if (id < 0) {
		err("no tracepoint named %s (the kernel's BTF has no %s)", target, tn);
		goto fail;
	}
	t = btf__type_by_id(btf, id);
	t = t ? btf__type_by_id(btf, t->type) : NULL;
	t = t && btf_is_ptr(t) ? btf__type_by_id(btf, t->type) : NULL;
	if (!t || !btf_is_func_proto(t) || btf_vlen(t) < 1) {
		err("%s in the kernel's BTF is not a pointer to a probe prototype", tn);
		goto fail;
	}
	n = btf_vlen(t) - 1;
	if (n < 1 || n > WASMK_TRACE_MAX_ARGS) {
		err("tracepoint %s has %d arguments: wasmk supports 1 to %d", target, n,
		    WASMK_TRACE_MAX_ARGS);
		goto fail;
	}
	p = btf_params(t) + 1;
	for (i = 0; i < n; i++) {
		const struct btf_type *at = resolve(btf, p[i].type);

		if (at && btf_is_int(at) && at->size <= 8) {
			a->arg_size[i] = at->size;
			a->arg_signed[i] = !!(btf_int_encoding(at) & BTF_INT_SIGNED);
		} else if (at && btf_is_ptr(at)) {
			a->arg_size[i] = 8;
		} else if (at && (btf_is_enum(at) || btf_is_enum64(at)) && at->size <= 8) {
			a->arg_size[i] = at->size;
			a->arg_signed[i] = btf_kflag(at);
		} else {
			err("tracepoint %s: argument %d is a %s: wasmk passes integers and "
			    "pointers only", target, i, kind_name(at));
			goto fail;
		}
		if (a->arg_size[i] != 1 && a->arg_size[i] != 2 && a->arg_size[i] != 4 &&
		    a->arg_size[i] != 8) {
			err("tracepoint %s: argument %d has size %u", target, i, a->arg_size[i]);
			goto fail;
		}
	}
	a->nargs = n;
	btf__free(btf);
	return 0;
fail:
	btf__free(btf);
	return -1;
}
