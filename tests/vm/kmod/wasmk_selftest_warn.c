// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module: a deliberate kernel bug when loaded, so the test
 * harness can prove that scripts/vm-run fails a run whose kernel log shows
 * a report, whatever the test script itself printed.
 *   mode=warn  a WARN (any kernel)
 *   mode=oob   a heap write one byte past a kmalloc'ed object (KASAN)
 *   mode=lock  unlocking a mutex nobody holds (lockdep)
 */
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *mode = "warn";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "warn, oob or lock");

static DEFINE_MUTEX(selftest_mutex);

static int __init selftest_warn_init(void)
{
	size_t len = 16;
	char *p;

	if (!strcmp(mode, "oob")) {
		/* keep the compiler from proving the write out of bounds */
		OPTIMIZER_HIDE_VAR(len);
		p = kmalloc(len, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		p[len] = 1;
		kfree(p);
	} else if (!strcmp(mode, "lock")) {
		mutex_unlock(&selftest_mutex);
	} else {
		WARN(1, "wasmk_selftest_warn: deliberate warning for the harness self-test\n");
	}
	return 0;
}

static void __exit selftest_warn_exit(void)
{
}

module_init(selftest_warn_init);
module_exit(selftest_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wasmk test harness self-test: a deliberate kernel bug");
