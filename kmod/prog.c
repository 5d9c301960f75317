// SPDX-License-Identifier: GPL-2.0
/*
 * The program registry: validated Wasm modules, by id and by name.
 *
 * Programs live in an IDR under prog_lock (a mutex: every user is an ioctl
 * in process context).  Each holds a kref; lookups take a reference so a
 * program stays alive while a caller uses it, whatever unload does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/bitmap.h>
#include <linux/capability.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wasmk.h>

#include "compat.h"
#include "engine.h"
#include "map.h"
#include "wasmk.h"

#define WASMK_MAX_PROGS_CAP	65536

static unsigned int max_progs = 1024;
module_param(max_progs, uint, 0644);
MODULE_PARM_DESC(max_progs, "Most programs loaded at once (default 1024, cap 65536)");

static DEFINE_IDR(prog_idr);
static DEFINE_MUTEX(prog_lock);
static unsigned int nr_progs;

static unsigned int max_mem_mb = 1024;
module_param(max_mem_mb, uint, 0644);
MODULE_PARM_DESC(max_mem_mb,
		 "Most linear memory all programs may reserve, in MiB, over all CPUs (default 1024)");

/* Bytes of linear memory reserved by loaded programs (all CPUs). */
static atomic64_t mem_reserved = ATOMIC64_INIT(0);

/*
 * Charge bytes to the max_mem_mb budget (maps charge themselves: map.c);
 * false, charging nothing, when that would go over it.
 */
bool wasmk_mem_charge(u64 bytes)
{
	if (atomic64_add_return(bytes, &mem_reserved) > (s64)max_mem_mb << 20) {
		atomic64_sub(bytes, &mem_reserved);
		return false;
	}
	return true;
}

void wasmk_mem_uncharge(u64 bytes)
{
	atomic64_sub(bytes, &mem_reserved);
}

unsigned int wasmk_mem_limit_mb(void)
{
	return max_mem_mb;
}

/* What p's instances reserve: its memory's maximum, capped, on every CPU. */
static u64 prog_mem_bytes(const struct wasmk_prog *p)
{
	u32 min_pages, max_pages, pages;
	bool has_max;

	if (!wasm_module_memory_limits(p->mod, &min_pages, &max_pages, &has_max))
		return 0;
	pages = has_max ? min(max_pages, p->rt.mem_pages) : p->rt.mem_pages;
	return (u64)pages * 65536 * num_possible_cpus();
}

static void prog_release(struct kref *ref)
{
	struct wasmk_prog *p = container_of(ref, struct wasmk_prog, ref);

	wasmk_events_destroy(p);
	wasmk_rt_destroy(&p->rt);
	wasmk_maps_destroy(&p->maps);
	atomic64_sub(p->mem_charged, &mem_reserved);
	wasm_module_free(p->mod);
	kfree(p);
}

static void prog_put(struct wasmk_prog *p)
{
	kref_put(&p->ref, prog_release);
}

/* A name is 1..WASMK_NAME_LEN-1 bytes of [A-Za-z0-9_.-], NUL-padded. */
static int check_name(const char *name, struct wasm_log *log)
{
	size_t len = strnlen(name, WASMK_NAME_LEN);
	size_t i;

	if (len == 0) {
		wasm_log_printf(log, "program name is empty");
		return -EINVAL;
	}
	if (len == WASMK_NAME_LEN) {
		wasm_log_printf(log, "program name is not NUL-terminated within %d bytes",
				WASMK_NAME_LEN);
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!isalnum(c) && c != '_' && c != '.' && c != '-') {
			wasm_log_printf(log, "program name has a byte 0x%02x not in [A-Za-z0-9_.-]",
					(u8)c);
			return -EINVAL;
		}
	}
	for (i = len; i < WASMK_NAME_LEN; i++) {
		if (name[i]) {
			wasm_log_printf(log, "program name has bytes after its NUL");
			return -EINVAL;
		}
	}
	return 0;
}

static struct wasmk_prog *find_by_name_locked(const char *name)
{
	struct wasmk_prog *p;
	int id;

	lockdep_assert_held(&prog_lock);
	idr_for_each_entry(&prog_idr, p, id)
		if (!strncmp(p->name, name, WASMK_NAME_LEN))
			return p;
	return NULL;
}

/* Engine result to errno. */
static int wasm_errno(int err)
{
	switch (-err) {
	case WASM_OK:
		return 0;
	case WASM_ELIMIT:
		return -E2BIG;
	case WASM_ENOMEM:
		return -ENOMEM;
	case WASM_EUNSUPPORTED:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}


/*
 * A layout string in a module's initial memory at addr (an event's or a
 * map's key or value): NUL-terminated, 1..WASMK_LAYOUT_LEN-1 characters of
 * [A-Za-z0-9_:,.-], copied to out[WASMK_LAYOUT_LEN]; -EINVAL if not.
 */
int wasmk_guest_layout(struct wasm_instance *inst, u64 addr, char *out)
{
	u64 n, i;
	const u8 *s;

	if (!inst->memory || addr >= inst->memory->size)
		return -EINVAL;
	s = inst->memory->base + addr;
	n = min_t(u64, inst->memory->size - addr, WASMK_LAYOUT_LEN);
	for (i = 0; i < n && s[i]; i++)
		if (!isalnum(s[i]) && !strchr("_:,.-", s[i]))
			return -EINVAL;
	if (i == n || i == 0)
		return -EINVAL;
	memcpy(out, s, i);
	out[i] = 0;
	return 0;
}

/*
 * The record layout a program declares for `wasmk events`: an exported
 * immutable i32 global "wasmk_event_layout" holding the address of a
 * NUL-terminated string in its initial memory (WASMK_EVENT_LAYOUT() in
 * wasmk/guest.h).  Read once, from the first CPU's fresh instance.
 */
static int read_event_layout(struct wasmk_prog *p, struct wasm_log *log)
{
	static const char sym[] = "wasmk_event_layout";
	struct wasm_instance *inst;
	struct wasm_extern ex;

	inst = per_cpu_ptr(p->rt.cpu, cpumask_first(cpu_possible_mask))->inst;
	if (wasm_instance_export(inst, sym, sizeof(sym) - 1, &ex))
		return 0;
	if (ex.kind != WASM_EXTERN_GLOBAL || ex.global->type != WASM_TYPE_I32 ||
	    ex.global->mut || !inst->memory) {
		wasm_log_printf(log, "export '%s' must be an immutable i32 global pointing into memory",
				sym);
		return -EINVAL;
	}
	if (!wasmk_guest_layout(inst, (u32)ex.global->value, p->event_layout))
		return 0;
	wasm_log_printf(log,
			"export '%s': not a NUL-terminated layout string of at most %u characters of [A-Za-z0-9_:,.-]",
			sym, WASMK_LAYOUT_LEN - 1);
	return -EINVAL;
}

/* Is export e a field declaration (WASMK_FIELD()); *optional for "wasmk_field?:". */
static bool field_export(const struct wasm_export *e, bool *optional)
{
	static const char req[] = "wasmk_field:", opt[] = "wasmk_field?:";

	*optional = e->name_len > sizeof(opt) - 1 && !memcmp(e->name, opt, sizeof(opt) - 1);
	return *optional || (e->name_len > sizeof(req) - 1 && !memcmp(e->name, req, sizeof(req) - 1));
}

/*
 * The kernel structure fields p's module declares, as the loader resolved
 * them in this kernel's BTF (PROG_LOAD VER3): every declaration resolved
 * exactly once, a required one present, each within WASMK_FIELD_END_MAX;
 * then written into the declaration's struct wasmk_field on every CPU, so
 * a read costs the handler one load of a constant, never a lookup.
 */
static int prog_fields(struct wasmk_prog *p, const struct wasmk_field_reloc *r, u32 nr,
		       struct wasm_log *log)
{
	u32 ne = wasm_module_num_exports(p->mod), i, k;
	struct wasm_instance *inst;
	unsigned long *seen;
	int cpu, ret = 0;

	seen = bitmap_zalloc(ne ? ne : 1, GFP_KERNEL);
	if (!seen)
		return -ENOMEM;
	for (k = 0; k < nr; k++) {
		const struct wasm_export *e = r[k].export_index < ne ?
					      wasm_module_export(p->mod, r[k].export_index) : NULL;
		bool optional, exists = r[k].flags & WASMK_FIELD_EXISTS;

		if (!e || !field_export(e, &optional)) {
			wasm_log_printf(log, "field relocation %u: export %u declares no field", k,
					r[k].export_index);
			ret = -EINVAL;
			goto out;
		}
		if ((r[k].flags & ~WASMK_FIELD_EXISTS) || __test_and_set_bit(r[k].export_index, seen) ||
		    (exists && (!r[k].size || (u64)r[k].offset + r[k].size > WASMK_FIELD_END_MAX)) ||
		    (!exists && (r[k].offset || r[k].size))) {
			wasm_log_printf(log,
					"field %.*s: relocation %u invalid (flags 0x%x, offset %u, size %u, given twice or past %u bytes)",
					(int)e->name_len, e->name, k, r[k].flags, r[k].offset,
					r[k].size, WASMK_FIELD_END_MAX);
			ret = -EINVAL;
			goto out;
		}
		if (!exists && !optional) {
			wasm_log_printf(log, "field %.*s: not in this kernel", (int)e->name_len,
					e->name);
			ret = -ENOENT;
			goto out;
		}
	}
	inst = per_cpu_ptr(p->rt.cpu, cpumask_first(cpu_possible_mask))->inst;
	for (i = 0; i < ne; i++) {
		const struct wasm_export *e = wasm_module_export(p->mod, i);
		struct wasm_extern ex;
		bool optional;

		if (!field_export(e, &optional))
			continue;
		if (!test_bit(i, seen)) {
			wasm_log_printf(log,
					"field %.*s: not resolved (`wasmk prog load` resolves fields in the kernel's BTF)",
					(int)e->name_len, e->name);
			ret = -EINVAL;
			goto out;
		}
		if (wasm_instance_export(inst, e->name, e->name_len, &ex) ||
		    ex.kind != WASM_EXTERN_GLOBAL || ex.global->type != WASM_TYPE_I32 ||
		    ex.global->mut || !inst->memory ||
		    (u64)(u32)ex.global->value + 16 > inst->memory->size) {
			wasm_log_printf(log,
					"field %.*s: must be an immutable i32 global pointing at a struct wasmk_field (16 bytes) in memory",
					(int)e->name_len, e->name);
			ret = -EINVAL;
			goto out;
		}
	}
	for (k = 0; k < nr; k++) {
		const struct wasm_export *e = wasm_module_export(p->mod, r[k].export_index);
		struct wasm_extern ex;
		u32 v[4] = { r[k].offset, r[k].size, !!(r[k].flags & WASMK_FIELD_EXISTS), 0 };

		for_each_possible_cpu(cpu) {
			inst = per_cpu_ptr(p->rt.cpu, cpu)->inst;
			if (wasm_instance_export(inst, e->name, e->name_len, &ex))
				continue;	/* checked above on every instance's twin */
			for (i = 0; i < 4; i++)
				put_unaligned_le32(v[i], inst->memory->base + (u32)ex.global->value + 4 * i);
		}
	}
out:
	bitmap_free(seen);
	return ret;
}

/*
 * A module that reads kernel memory (probe_read_kernel, _str, current_task:
 * helpers.c) needs what eBPF's kernel reads need: a loader with CAP_PERFMON
 * or CAP_SYS_ADMIN, and a kernel not locked down for confidentiality.
 */
static int check_kernel_reads(struct wasmk_prog *p, struct wasm_log *log)
{
	static const char *const fns[] = {
		"probe_read_kernel", "probe_read_kernel_str", "current_task",
	};
	u32 n = wasm_module_num_imports(p->mod), i, j;
	const char *what = NULL;
	int ret;

	for (i = 0; i < n && !what; i++) {
		const struct wasm_import *im = wasm_module_import(p->mod, i);

		if (im->module_len != 5 || memcmp(im->module, "wasmk", 5))
			continue;
		for (j = 0; j < ARRAY_SIZE(fns); j++)
			if (im->name_len == strlen(fns[j]) && !memcmp(im->name, fns[j], im->name_len))
				what = fns[j];
	}
	if (!what)
		return 0;
	p->reads_kernel = true;
	if (!perfmon_capable()) {
		wasm_log_printf(log, "imports %s: reading kernel memory needs CAP_PERFMON or CAP_SYS_ADMIN",
				what);
		return -EPERM;
	}
	ret = security_locked_down(LOCKDOWN_BPF_READ_KERNEL);
	if (ret) {
		wasm_log_printf(log,
				"imports %s: the kernel is locked down for confidentiality, which forbids reading kernel memory",
				what);
		return ret;
	}
	return 0;
}

/*
 * The maps p's module declares (map.c; each charges its own memory, so a
 * shared one is charged once); every CPU's instance reaches them by address.
 */
static int prog_maps(struct wasmk_prog *p, struct wasm_log *log)
{
	struct wasm_instance *inst;
	int cpu, ret;

	inst = per_cpu_ptr(p->rt.cpu, cpumask_first(cpu_possible_mask))->inst;
	ret = wasmk_maps_create(&p->maps, inst, log);
	if (ret)
		return ret;
	for_each_possible_cpu(cpu)
		per_cpu_ptr(p->rt.cpu, cpu)->maps = &p->maps;
	return 0;
}

static int prog_load(struct wasmk_prog_load *a, struct wasm_log *log)
{
	struct wasmk_field_reloc *fields = NULL;
	struct wasm_limits lim;
	struct wasmk_prog *p;
	u8 *bytes;
	int ret;

	if (a->reserved || a->reserved2 || a->reserved3 || a->prog_id || a->log_len ||
	    a->out_flags || (a->nr_fields && !a->fields))
		return -EINVAL;
	if (a->nr_fields > WASMK_FIELDS_MAX) {
		wasm_log_printf(log, "%u field relocations (at most %u)", a->nr_fields,
				WASMK_FIELDS_MAX);
		return -E2BIG;
	}
	if (a->fuel > wasmk_rt_max_fuel() || a->mem_pages > WASMK_MEM_PAGES_MAX ||
	    a->stack_bytes > WASMK_STACK_MAX || a->run_time_us > wasmk_rt_max_time_us()) {
		wasm_log_printf(log,
				"limits over the caps: fuel %llu (cap %llu), memory %u pages (cap %u), stack %u bytes (cap %u), run time %u us (cap %u)",
				a->fuel, wasmk_rt_max_fuel(), a->mem_pages, WASMK_MEM_PAGES_MAX,
				a->stack_bytes, WASMK_STACK_MAX, a->run_time_us,
				wasmk_rt_max_time_us());
		return -E2BIG;
	}
	ret = check_name(a->name, log);
	if (ret)
		return ret;
	wasm_limits_default(&lim);
	if (!a->wasm || !a->wasm_len) {
		wasm_log_printf(log, "no module bytes given");
		return -EINVAL;
	}
	if (a->wasm_len > lim.module_size) {
		wasm_log_printf(log, "module is %u bytes (limit %u)", a->wasm_len,
				lim.module_size);
		return -E2BIG;
	}

	bytes = kvmalloc(a->wasm_len, GFP_KERNEL);
	if (!bytes)
		return -ENOMEM;
	if (copy_from_user(bytes, u64_to_user_ptr(a->wasm), a->wasm_len)) {
		kvfree(bytes);
		return -EFAULT;
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		kvfree(bytes);
		return -ENOMEM;
	}
	kref_init(&p->ref);
	memcpy(p->name, a->name, WASMK_NAME_LEN);
	p->wasm_len = a->wasm_len;
	p->uid = current_uid();
	p->load_time_ns = ktime_get_boottime_ns();
	p->rt.fuel = a->fuel ? a->fuel : WASMK_FUEL_DEFAULT;
	p->rt.mem_pages = a->mem_pages ? a->mem_pages : WASMK_MEM_PAGES_DEFAULT;
	p->rt.stack_bytes = a->stack_bytes ? a->stack_bytes : WASMK_STACK_DEFAULT;
	p->run_time_us = a->run_time_us ? a->run_time_us : wasmk_rt_default_time_us();
	p->rt.time_ns = (u64)p->run_time_us * NSEC_PER_USEC;

	/* Validation may take a while: outside the lock. */
	ret = wasm_errno(wasm_module_load(bytes, a->wasm_len, &lim, log, &p->mod));
	kvfree(bytes);
	if (ret) {
		kfree(p);
		return ret;
	}
	ret = check_kernel_reads(p, log);
	if (!ret && a->nr_fields) {
		ret = -ENOMEM;
		fields = kvmalloc_array(a->nr_fields, sizeof(*fields), GFP_KERNEL);
		if (fields)
			ret = copy_from_user(fields, u64_to_user_ptr(a->fields),
					     (size_t)a->nr_fields * sizeof(*fields)) ? -EFAULT : 0;
	}
	if (ret) {
		kvfree(fields);
		wasm_module_free(p->mod);
		kfree(p);
		return ret;
	}
	/* Charge the memory its instances will reserve, then instantiate. */
	p->mem_charged = prog_mem_bytes(p);
	if (atomic64_add_return(p->mem_charged, &mem_reserved) > (s64)max_mem_mb << 20) {
		atomic64_sub(p->mem_charged, &mem_reserved);
		wasm_log_printf(log,
				"linear memory limit: this program needs %llu KiB over %u CPUs, more than is left of max_mem_mb=%u",
				p->mem_charged >> 10, num_possible_cpus(), max_mem_mb);
		wasm_module_free(p->mod);
		kfree(p);
		return -ENOSPC;
	}
	/* Instantiate on every CPU now: imports resolve or the load fails. */
	ret = wasmk_rt_create(&p->rt, p->mod, log);
	if (!ret)
		ret = prog_fields(p, fields, a->nr_fields, log);
	kvfree(fields);
	if (!ret)
		ret = read_event_layout(p, log);
	if (!ret)
		ret = prog_maps(p, log);
	if (!ret) {
		ret = wasmk_events_create(p);	/* its event ring, if it emits */
		if (ret)
			wasmk_rt_destroy(&p->rt);
	} else {
		wasmk_rt_destroy(&p->rt);
	}
	if (ret) {
		wasmk_maps_destroy(&p->maps);
		atomic64_sub(p->mem_charged, &mem_reserved);
		wasm_module_free(p->mod);
		kfree(p);
		return ret;
	}

	mutex_lock(&prog_lock);
	if (find_by_name_locked(p->name)) {
		wasm_log_printf(log, "a program named '%s' is already loaded", p->name);
		ret = -EEXIST;
	} else if (nr_progs >= min(max_progs, WASMK_MAX_PROGS_CAP)) {
		wasm_log_printf(log, "too many programs (limit %u)",
				min(max_progs, WASMK_MAX_PROGS_CAP));
		ret = -ENOSPC;
	} else {
		ret = idr_alloc_cyclic(&prog_idr, p, 1, INT_MAX, GFP_KERNEL);
		if (ret > 0) {
			p->id = ret;
			nr_progs++;
			ret = 0;
			wasmk_maps_owner(&p->maps, p->id);
		}
	}
	mutex_unlock(&prog_lock);
	if (ret) {
		prog_put(p);
		return ret;
	}
	a->prog_id = p->id;
	return 0;
}

long wasmk_cmd_prog_load(union wasmk_karg *karg)
{
	struct wasmk_prog_load *a = &karg->prog_load;
	struct wasm_log log;
	long ret;

	ret = wasmk_log_begin(&log, a->log_buf, a->log_size);
	if (ret)
		return ret;
	ret = prog_load(a, &log);
	if (log.buf) {
		a->log_len = log.len;
		a->out_flags = log.truncated ? WASMK_LOG_TRUNCATED : 0;
	}
	ret = wasmk_log_end(&log, a->log_buf, ret);
	if (ret)
		pr_debug("PROG_LOAD '%.*s' failed: %ld\n", WASMK_NAME_LEN, a->name, ret);
	return ret;
}

long wasmk_cmd_prog_unload(union wasmk_karg *karg)
{
	struct wasmk_prog_unload *a = &karg->prog_unload;
	struct wasmk_prog *p;

	if (a->reserved)
		return -EINVAL;
	mutex_lock(&prog_lock);
	p = idr_find(&prog_idr, a->prog_id);
	if (!p) {
		mutex_unlock(&prog_lock);
		return -ENOENT;
	}
	if (p->nr_links) {
		mutex_unlock(&prog_lock);
		return -EBUSY;
	}
	idr_remove(&prog_idr, a->prog_id);
	nr_progs--;
	mutex_unlock(&prog_lock);
	wasmk_events_unloaded(p);	/* an open reader drains, then sees EOF */
	prog_put(p);
	return 0;
}

/* A reference on program id, or NULL. */
struct wasmk_prog *wasmk_prog_get(u32 id)
{
	struct wasmk_prog *p;

	mutex_lock(&prog_lock);
	p = idr_find(&prog_idr, id);
	if (p)
		kref_get(&p->ref);
	mutex_unlock(&prog_lock);
	return p;
}

struct wasmk_prog *wasmk_prog_link(u32 id)
{
	struct wasmk_prog *p;

	mutex_lock(&prog_lock);
	p = idr_find(&prog_idr, id);
	if (p) {
		kref_get(&p->ref);
		p->nr_links++;
	}
	mutex_unlock(&prog_lock);
	return p;
}

void wasmk_prog_unlink(struct wasmk_prog *p)
{
	mutex_lock(&prog_lock);
	p->nr_links--;
	mutex_unlock(&prog_lock);
	prog_put(p);
}

#define TEST_RUN_MAX_CTX	65535
#define TEST_RUN_MAX_REPEAT	1000000
#define TEST_RUN_MAX_ARGS	12

/*
 * The entry's type for a test run: netfilter (i32) -> i32 or () -> i32;
 * tracing hooks take a prefix of nargs i64 arguments and return i32.
 */
static bool test_run_entry_ok(const struct wasm_functype *ft, u32 hook, u32 nargs)
{
	u32 i;

	if (!ft || ft->nresults != 1 || ft->results[0] != WASM_TYPE_I32)
		return false;
	if (hook == WASMK_HOOK_NETFILTER || hook == WASMK_HOOK_TP_RECORD)
		return ft->nparams == 0 || (ft->nparams == 1 && ft->params[0] == WASM_TYPE_I32);
	if (ft->nparams > nargs)
		return false;
	for (i = 0; i < ft->nparams; i++)
		if (ft->params[i] != WASM_TYPE_I64)
			return false;
	return true;
}

long wasmk_cmd_prog_test_run(union wasmk_karg *karg)
{
	struct wasmk_prog_test_run *a = &karg->test_run;
	const char *entry = a->entry[0] ? a->entry : "handler";
	const struct wasm_functype *ft;
	struct wasmk_ctx ctx = { .hook = a->hook };
	/* a packet, or a trace event record: bytes the handler reads */
	bool packet = a->hook == WASMK_HOOK_NETFILTER || a->hook == WASMK_HOOK_TP_RECORD;
	u64 slots[TEST_RUN_MAX_ARGS], fuel = 0, t0, ns;
	struct wasmk_prog *p;
	u32 i, repeat, funcidx, nargs = 0;
	u8 *bytes = NULL;
	int trap = 0;
	long ret;
	u8 kind;

	if (a->reserved || a->result || a->trap || a->fuel_used || a->duration_ns)
		return -EINVAL;
	if (strnlen(a->entry, WASMK_NAME_LEN) == WASMK_NAME_LEN)
		return -EINVAL;
	if (a->ctx_len > TEST_RUN_MAX_CTX || a->repeat > TEST_RUN_MAX_REPEAT)
		return -E2BIG;
	if (a->ctx_len && !a->ctx_in)
		return -EINVAL;
	switch (a->hook) {
	case WASMK_HOOK_NETFILTER:
	case WASMK_HOOK_TP_RECORD:
		break;
	case WASMK_HOOK_TRACEPOINT:
	case WASMK_HOOK_KPROBE:
	case WASMK_HOOK_KRETPROBE:
		/* the context is the hook's arguments, as u64 */
		if (a->ctx_len % 8 || a->ctx_len / 8 > TEST_RUN_MAX_ARGS)
			return -EINVAL;
		nargs = a->ctx_len / 8;
		break;
	default:
		return -EINVAL;
	}
	repeat = a->repeat ? a->repeat : 1;

	p = wasmk_prog_get(a->prog_id);
	if (!p)
		return -ENOENT;

	ret = -ENOENT;
	if (wasm_module_find_export(p->mod, entry, strlen(entry), &kind, &funcidx) ||
	    kind != WASM_EXTERN_FUNC)
		goto out;
	ret = -EINVAL;
	ft = wasm_module_func_type(p->mod, funcidx);
	if (!test_run_entry_ok(ft, a->hook, nargs))
		goto out;
	ret = -ENOMEM;
	bytes = kvmalloc(a->ctx_len ? a->ctx_len : 1, GFP_KERNEL);
	if (!bytes)
		goto out;
	ret = -EFAULT;
	if (copy_from_user(bytes, u64_to_user_ptr(a->ctx_in), a->ctx_len))
		goto out;
	if (a->hook == WASMK_HOOK_TP_RECORD) {
		ctx.record = bytes;
		ctx.record_len = a->ctx_len;
	} else if (packet) {
		ctx.bytes = bytes;
		ctx.len = a->ctx_len;
	}

	t0 = ktime_get_ns();
	for (i = 0; i < repeat; i++) {
		if (packet)
			slots[0] = a->ctx_len;
		else
			memcpy(slots, bytes, a->ctx_len);
		ret = wasmk_rt_run(&p->rt, funcidx, slots, &ctx, &trap, &fuel);
		if (ret)
			goto out;
		/* like BPF's test runs: a signal ends the repeats */
		if (signal_pending(current)) {
			ret = -EINTR;
			goto out;
		}
		if (need_resched())
			cond_resched();
	}
	ns = ktime_get_ns() - t0;
	a->result = trap ? 0 : (s64)(s32)slots[0];
	a->trap = trap;
	a->fuel_used = fuel;
	a->duration_ns = div_u64(ns, repeat);
	ret = 0;
out:
	kvfree(bytes);
	prog_put(p);
	return ret;
}

long wasmk_cmd_prog_info(union wasmk_karg *karg)
{
	struct wasmk_prog_info *a = &karg->prog_info;
	struct wasmk_rt_totals tot;
	struct wasmk_prog *p;
	u32 min_pages = 0, max_pages;
	bool has_max;

	if (a->reserved || a->reserved2 || a->reserved3)
		return -EINVAL;
	mutex_lock(&prog_lock);
	if (a->prog_id) {
		p = idr_find(&prog_idr, a->prog_id);
	} else if (a->name[0] && strnlen(a->name, WASMK_NAME_LEN) < WASMK_NAME_LEN) {
		p = find_by_name_locked(a->name);
	} else {
		mutex_unlock(&prog_lock);
		return -EINVAL;
	}
	if (p)
		kref_get(&p->ref);
	mutex_unlock(&prog_lock);
	if (!p)
		return -ENOENT;

	a->prog_id = p->id;
	memcpy(a->name, p->name, WASMK_NAME_LEN);
	a->wasm_len = p->wasm_len;
	a->nr_funcs = wasm_module_num_funcs(p->mod);
	a->nr_imports = wasm_module_num_imports(p->mod);
	a->nr_exports = wasm_module_num_exports(p->mod);
	wasm_module_memory_limits(p->mod, &min_pages, &max_pages, &has_max);
	a->mem_pages = min_pages;
	a->load_uid = from_kuid_munged(current_user_ns(), p->uid);
	a->load_time_ns = p->load_time_ns;
	a->tier = p->rt.jit ? WASMK_TIER_JIT : WASMK_TIER_INTERP;
	mutex_lock(&prog_lock);
	a->nr_links = p->nr_links;
	mutex_unlock(&prog_lock);
	a->fuel = p->rt.fuel;
	a->mem_pages_max = p->rt.mem_pages;
	a->stack_bytes = p->rt.stack_bytes;
	a->run_time_us = p->run_time_us;
	wasmk_rt_stats(&p->rt, &tot);
	a->runs = tot.runs;
	a->run_ns = tot.run_ns;
	a->timed_runs = tot.timed_runs;
	a->fuel_used = tot.fuel;
	a->traps = tot.traps;
	a->missed = tot.missed;
	wasmk_rt_traps(&p->rt, a->traps_by_kind);
	a->code_bytes = p->rt.jit ? wasm_jit_code_size(per_cpu_ptr(p->rt.cpu, 0)->inst) : 0;
	memcpy(a->event_layout, p->event_layout, sizeof(a->event_layout));
	prog_put(p);
	return 0;
}

long wasmk_cmd_prog_list(union wasmk_karg *karg)
{
	struct wasmk_prog_list *a = &karg->prog_list;
	struct wasmk_prog *p;
	u32 *ids = NULL;
	u32 n = 0, cap;
	int id;
	long ret = 0;

	if (a->reserved)
		return -EINVAL;
	if (a->count && !a->ids)
		return -EINVAL;
	cap = min_t(u32, a->count, WASMK_MAX_PROGS_CAP);
	if (cap) {
		ids = kvmalloc_array(cap, sizeof(*ids), GFP_KERNEL);
		if (!ids)
			return -ENOMEM;
	}
	mutex_lock(&prog_lock);
	idr_for_each_entry(&prog_idr, p, id) {
		if (n < cap)
			ids[n] = id;
		n++;
	}
	mutex_unlock(&prog_lock);
	if (cap && copy_to_user(u64_to_user_ptr(a->ids), ids, min(n, cap) * sizeof(*ids)))
		ret = -EFAULT;
	kvfree(ids);
	a->count = n;
	return ret;
}

void wasmk_prog_put(struct wasmk_prog *p)
{
	prog_put(p);
}

/* One CPU's memory range for MEM_READ/WRITE; NULL with *err set. */
static u8 *mem_range(struct wasmk_prog *p, u32 cpu, u64 off, u32 len, long *err)
{
	struct wasm_meminst *m;
	u64 size;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu)) {
		*err = -EINVAL;
		return NULL;
	}
	m = per_cpu_ptr(p->rt.cpu, cpu)->inst->memory;
	if (!m) {
		*err = -ENODATA;
		return NULL;
	}
	size = READ_ONCE(m->size);
	if (off > size || len > size - off) {
		*err = -EINVAL;
		return NULL;
	}
	return m->base + off;
}

long wasmk_cmd_mem_read(union wasmk_karg *karg)
{
	struct wasmk_mem *a = &karg->mem;
	struct wasmk_prog *p;
	long ret = 0;
	u8 *src;

	if (a->reserved || a->len > WASMK_MEM_IO_MAX || (a->len && !a->buf))
		return -EINVAL;
	p = wasmk_prog_get(a->prog_id);
	if (!p)
		return -ENOENT;
	src = mem_range(p, a->cpu, a->offset, a->len, &ret);
	if (src && copy_to_user(u64_to_user_ptr(a->buf), src, a->len))
		ret = -EFAULT;
	prog_put(p);
	return ret;
}

long wasmk_cmd_mem_write(union wasmk_karg *karg)
{
	struct wasmk_mem *a = &karg->mem;
	struct wasmk_prog *p;
	u8 *bytes, *dst;
	long ret = 0;
	u32 cpu;

	if (a->reserved || a->len > WASMK_MEM_IO_MAX || (a->len && !a->buf))
		return -EINVAL;
	bytes = kvmalloc(a->len ? a->len : 1, GFP_KERNEL);
	if (!bytes)
		return -ENOMEM;
	if (copy_from_user(bytes, u64_to_user_ptr(a->buf), a->len)) {
		kvfree(bytes);
		return -EFAULT;
	}
	p = wasmk_prog_get(a->prog_id);
	if (!p) {
		kvfree(bytes);
		return -ENOENT;
	}
	if (a->cpu == WASMK_MEM_ALL_CPUS) {
		/* Check every CPU first: all or nothing. */
		for_each_possible_cpu(cpu) {
			if (!mem_range(p, cpu, a->offset, a->len, &ret))
				goto out;
		}
		for_each_possible_cpu(cpu)
			memcpy(mem_range(p, cpu, a->offset, a->len, &ret), bytes, a->len);
	} else {
		dst = mem_range(p, a->cpu, a->offset, a->len, &ret);
		if (dst)
			memcpy(dst, bytes, a->len);
	}
out:
	prog_put(p);
	kvfree(bytes);
	return ret;
}

/*
 * PROG_SYMBOL: what a program exports under a name, read from its first
 * CPU's instance as read_event_layout() does: an immutable i32 global is
 * the address of the data it names (a C variable with default
 * visibility), which `wasmk mem` then reads and writes by name.
 */
long wasmk_cmd_prog_symbol(union wasmk_karg *karg)
{
	struct wasmk_prog_symbol *a = &karg->prog_symbol;
	struct wasm_instance *inst;
	struct wasm_extern ex;
	struct wasmk_prog *p;
	size_t len;
	long ret = 0;

	if (a->reserved)
		return -EINVAL;
	len = strnlen(a->name, WASMK_SYMBOL_LEN);
	if (!len || len == WASMK_SYMBOL_LEN)
		return -EINVAL;
	p = wasmk_prog_get(a->prog_id);
	if (!p)
		return -ENOENT;
	inst = per_cpu_ptr(p->rt.cpu, cpumask_first(cpu_possible_mask))->inst;
	a->kind = 0;
	a->out_flags = 0;
	a->value = 0;
	a->mem_size = inst->memory ? READ_ONCE(inst->memory->size) : 0;
	if (wasm_instance_export(inst, a->name, len, &ex)) {
		ret = -ENOENT;
		goto out;
	}
	switch (ex.kind) {
	case WASM_EXTERN_FUNC:
		a->kind = WASMK_SYMBOL_FUNC;
		break;
	case WASM_EXTERN_TABLE:
		a->kind = WASMK_SYMBOL_TABLE;
		break;
	case WASM_EXTERN_MEMORY:
		a->kind = WASMK_SYMBOL_MEMORY;
		break;
	case WASM_EXTERN_GLOBAL:
		a->kind = WASMK_SYMBOL_GLOBAL;
		if (ex.global->mut) {
			a->out_flags = WASMK_SYMBOL_MUTABLE;
		} else if (ex.global->type == WASM_TYPE_I32) {
			a->out_flags = WASMK_SYMBOL_ADDR;
			a->value = (u32)ex.global->value;
		}
		break;
	default:
		ret = -ENOENT;
	}
out:
	prog_put(p);
	return ret;
}

/* rmmod: free every program (no hook can reach them any more). */
void wasmk_prog_exit(void)
{
	struct wasmk_prog *p;
	int id;

	mutex_lock(&prog_lock);
	idr_for_each_entry(&prog_idr, p, id) {
		idr_remove(&prog_idr, id);
		prog_put(p);
	}
	nr_progs = 0;
	mutex_unlock(&prog_lock);
	idr_destroy(&prog_idr);
}
