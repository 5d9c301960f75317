/* SPDX-License-Identifier: GPL-2.0 */
/* wasmk.ko internal declarations shared by the kernel glue files. */
#ifndef WASMK_KMOD_H
#define WASMK_KMOD_H

#include <linux/fs.h>
#include <linux/types.h>
#include <linux/wasmk.h>

#define WASMK_RELEASE	"0.1.0"

/* The kernel's copy of any command's argument struct. */
union wasmk_karg {
	struct wasmk_ioc_hdr hdr;
	struct wasmk_version version;
	struct wasmk_prog_load prog_load;
	struct wasmk_prog_unload prog_unload;
	struct wasmk_prog_info prog_info;
	struct wasmk_prog_list prog_list;
};

long wasmk_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

/* prog.c */
long wasmk_cmd_prog_load(union wasmk_karg *karg);
long wasmk_cmd_prog_unload(union wasmk_karg *karg);
long wasmk_cmd_prog_info(union wasmk_karg *karg);
long wasmk_cmd_prog_list(union wasmk_karg *karg);
void wasmk_prog_exit(void);

#endif
