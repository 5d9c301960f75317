/* SPDX-License-Identifier: GPL-2.0 */
/* wasmk.ko internal declarations shared by the kernel glue files. */
#ifndef WASMK_KMOD_H
#define WASMK_KMOD_H

#include <linux/fs.h>
#include <linux/types.h>

#define WASMK_RELEASE	"0.1.0"

long wasmk_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif
