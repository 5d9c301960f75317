/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exec.h - execution commands of the spec runner: instantiation, linking
 * (register, the spectest host module), invoke/get actions and the
 * assert_return / assert_trap / assert_exhaustion / assert_unlinkable /
 * assert_uninstantiable checks.
 *
 * One exec context per runner; exec_reset() at the end of each script frees
 * its instances, modules and store.
 */
#ifndef WASMK_SPEC_EXEC_H
#define WASMK_SPEC_EXEC_H

#include <stddef.h>

#include "engine.h"
#include "json.h"

enum exec_outcome { EXEC_PASS, EXEC_FAIL, EXEC_SKIP };

struct exec;

/* engine: "interp" or "jit" */
struct exec *exec_new(const char *engine);
void exec_free(struct exec *e);
/* Forget every module and instance (end of a script). */
void exec_reset(struct exec *e);

/*
 * A `module` command loaded m (ownership passes to exec): instantiate it
 * and make it current (and named, when name != NULL).
 */
enum exec_outcome exec_module(struct exec *e, struct wasm_module *m, const char *name,
			      char *msg, size_t msglen);

/* assert_unlinkable / assert_uninstantiable on loaded module m (owned now). */
enum exec_outcome exec_assert_instantiate(struct exec *e, const struct json *cmd,
					  struct wasm_module *m, char *msg, size_t msglen);

/* assert_return*, assert_trap, assert_exhaustion, action, register. */
enum exec_outcome exec_command(struct exec *e, const struct json *cmd, char *msg,
			       size_t msglen);

#endif
