// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module: triggers one kernel WARN when loaded, so the test
 * harness can prove that scripts/vm-run fails a run whose kernel log shows
 * a warning, whatever the test script itself printed.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init selftest_warn_init(void)
{
	WARN(1, "wasmk_selftest_warn: deliberate warning for the harness self-test\n");
	return 0;
}

static void __exit selftest_warn_exit(void)
{
}

module_init(selftest_warn_init);
module_exit(selftest_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wasmk test harness self-test: deliberate WARN");
