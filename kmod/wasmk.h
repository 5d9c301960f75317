/* SPDX-License-Identifier: GPL-2.0 */
/* wasmk.ko internal declarations shared by the kernel glue files. */
#ifndef WASMK_KMOD_H
#define WASMK_KMOD_H

#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wasmk.h>

#include "map.h"
#include "rt.h"

#define WASMK_RELEASE	"0.1.0"

/* The kernel's copy of any command's argument struct. */
union wasmk_karg {
	struct wasmk_ioc_hdr hdr;
	struct wasmk_version version;
	struct wasmk_prog_load prog_load;
	struct wasmk_prog_unload prog_unload;
	struct wasmk_prog_info prog_info;
	struct wasmk_prog_list prog_list;
	struct wasmk_prog_test_run test_run;
	struct wasmk_link_attach link_attach;
	struct wasmk_link_detach link_detach;
	struct wasmk_link_list link_list;
	struct wasmk_mem mem;
	struct wasmk_prog_symbol prog_symbol;
	struct wasmk_events_open events_open;
	struct wasmk_map_list map_list;
	struct wasmk_map_info map_info;
	struct wasmk_map_elem map_elem;
	struct wasmk_map_pin map_pin;
	struct wasmk_map_fd map_fd;
};

struct wasmk_prog {
	struct kref ref;
	u32 id;
	char name[WASMK_NAME_LEN];
	struct wasm_module *mod;
	u32 wasm_len;
	kuid_t uid;
	u64 load_time_ns;
	unsigned int nr_links;		/* under prog_lock */
	u64 mem_charged;		/* linear memory reserved, all CPUs */
	struct wasmk_events *events;	/* event ring, if it imports emit */
	char event_layout[WASMK_LAYOUT_LEN];	/* its wasmk_event_layout, or "" */
	u32 run_time_us;		/* time budget per run */
	bool reads_kernel;		/* imports probe_read_kernel* or current_task */
	struct wasmk_maps maps;		/* the maps it declares */
	struct wasmk_rt rt;
};

long wasmk_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
int wasmk_log_begin(struct wasm_log *log, u64 ubuf, u32 usize);
long wasmk_log_end(struct wasm_log *log, u64 ubuf, long ret);

/* prog.c */
long wasmk_cmd_prog_load(union wasmk_karg *karg);
long wasmk_cmd_prog_unload(union wasmk_karg *karg);
long wasmk_cmd_prog_info(union wasmk_karg *karg);
long wasmk_cmd_prog_list(union wasmk_karg *karg);
long wasmk_cmd_prog_test_run(union wasmk_karg *karg);
long wasmk_cmd_prog_symbol(union wasmk_karg *karg);

/* map.c */
long wasmk_cmd_map_list(union wasmk_karg *karg);
long wasmk_cmd_map_info(union wasmk_karg *karg);
long wasmk_cmd_map_lookup(union wasmk_karg *karg);
long wasmk_cmd_map_update(union wasmk_karg *karg);
long wasmk_cmd_map_delete(union wasmk_karg *karg);
long wasmk_cmd_map_next_key(union wasmk_karg *karg);
long wasmk_cmd_map_pin(union wasmk_karg *karg);
long wasmk_cmd_map_unpin(union wasmk_karg *karg);
long wasmk_cmd_map_get_fd(union wasmk_karg *karg);
void wasmk_map_exit(void);
long wasmk_cmd_mem_read(union wasmk_karg *karg);
long wasmk_cmd_mem_write(union wasmk_karg *karg);
void wasmk_prog_exit(void);
/* The max_mem_mb budget, shared by programs' memories and maps. */
bool wasmk_mem_charge(u64 bytes);
void wasmk_mem_uncharge(u64 bytes);
unsigned int wasmk_mem_limit_mb(void);
int wasmk_guest_layout(struct wasm_instance *inst, u64 addr, char *out);
/* A reference for a link (counted: unload refuses while links exist). */
struct wasmk_prog *wasmk_prog_link(u32 id);
void wasmk_prog_unlink(struct wasmk_prog *p);

/* A reference on a loaded program (NULL if none); drop with wasmk_prog_put. */
struct wasmk_prog *wasmk_prog_get(u32 id);
void wasmk_prog_put(struct wasmk_prog *p);

/* events.c */
int wasmk_events_create(struct wasmk_prog *p);	/* at load */
void wasmk_events_unloaded(struct wasmk_prog *p);	/* PROG_UNLOAD: readers see EOF */
void wasmk_events_destroy(struct wasmk_prog *p);	/* at release */
long wasmk_cmd_events_open(union wasmk_karg *karg);

/* link.c */
long wasmk_cmd_link_attach(union wasmk_karg *karg);
long wasmk_cmd_link_detach(union wasmk_karg *karg);
long wasmk_cmd_link_list(union wasmk_karg *karg);
int wasmk_link_init(void);
void wasmk_link_exit(void);

#endif
