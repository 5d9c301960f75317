// SPDX-License-Identifier: GPL-2.0
/* The engine's executable-memory hooks (platform.h), on kmod/execmem.c. */
#include <linux/err.h>
#include <linux/slab.h>

#include "execmem.h"
#include "platform.h"

struct wasm_exec {
	struct wasmk_exec *x;
};

struct wasm_exec *wasm_exec_alloc(const void *code, size_t len)
{
	struct wasm_exec *e = kmalloc(sizeof(*e), GFP_KERNEL);

	if (!e)
		return NULL;
	e->x = wasmk_exec_create(code, len);
	if (IS_ERR(e->x)) {
		kfree(e);
		return NULL;
	}
	return e;
}

void *wasm_exec_addr(struct wasm_exec *e)
{
	return e->x->exec;
}

void wasm_exec_free(struct wasm_exec *e)
{
	if (!e)
		return;
	wasmk_exec_free(e->x);
	kfree(e);
}
