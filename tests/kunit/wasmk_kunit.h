/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the wasmk KUnit suites. */
#ifndef WASMK_KUNIT_H
#define WASMK_KUNIT_H

#include <kunit/test.h>

#include "engine.h"
#include "runtime.h"

/* One instantiated module (engine API, no wasmk.ko glue). */
struct kt_inst {
	struct wasm_module *mod;
	struct wasm_store *store;
	struct wasm_instance *inst;
	bool jit;
	bool fl;		/* module uses floats: invoke inside kernel_fpu_begin */
};

/* Load, validate, instantiate (and JIT-compile if jit); asserts success. */
void kt_instantiate(struct kunit *test, struct kt_inst *k, const u8 *bytes, u32 len,
		    bool jit, const struct wasm_host_func *hf, u32 nhf);
void kt_free(struct kt_inst *k);
/* Invoke export name; returns the trap (0 = none); asserts the call ran. */
int kt_call(struct kunit *test, struct kt_inst *k, const char *name, u64 *slots,
	    u64 fuel, u32 stack_bytes, u64 *fuel_used);

#endif
