/* SPDX-License-Identifier: GPL-2.0 */
/* wasmk CLI: shared declarations. */
#ifndef WASMK_CLI_H
#define WASMK_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define WASMK_TOOL_VERSION	"0.1.0"

/* Exit codes (stable, documented in wasmk(8)). */
#define EXIT_OK		0
#define EXIT_ERR	1	/* the operation failed */
#define EXIT_USAGE	2	/* bad command line */

struct cli {
	bool json;		/* -j */
	bool pretty;		/* -p (implies -j) */
	const char *dev;	/* device path, default /dev/wasmk */
};

extern struct cli cli;

/* Errors: "wasmk: ..." on stderr (also as JSON {"error": ...} with -j). */
void err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int missing_args(const char *obj);
/* An object's commands, ended by { NULL }, and their dispatch. */
struct subcmd {
	const char *name;
	int (*fn)(int argc, char **argv);
};
int subcmd_run(const char *obj, const struct subcmd *cmds, void (*help)(void), int argc,
	       char **argv);
/* xdp.c: XDP and tc links' eBPF side */
struct wasmk_link_attach;
struct wasmk_link_info;
int xdp_args(struct wasmk_link_attach *a, int argc, char **argv);
/* This process's network namespace cookie (SO_NETNS_COOKIE), 0 if unknown. */
unsigned long long netns_cookie(void);
/* link.c */
int link_opt(struct wasmk_link_attach *a, int argc, char **argv, int *i, bool verdicts);
int shim_attach(const struct wasmk_link_attach *a);
int shim_detach(const struct wasmk_link_info *k);
int usage_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Open the device; prints an actionable error and returns -1 on failure. */
int dev_open(void);
/* ioctl with an error message naming the command on failure; -errno. */
int dev_ioctl(int fd, unsigned long cmd, void *arg, const char *what);
/* ioctl without a message: 0 or -errno (errno is kept). */
int ioctl_raw(int fd, unsigned long cmd, void *arg);
/*
 * SIGINT and SIGTERM set stop_signal (to the signal) instead of ending the
 * process, and interrupt a blocking call (EINTR).
 */
extern volatile sig_atomic_t stop_signal;
void catch_stop_signals(void);
/* The message dev_ioctl prints for error e (a positive errno). */
void ioctl_err(int e, const char *what);

unsigned char *read_file(const char *path, size_t max, size_t *len);
bool parse_u32(const char *s, unsigned int *out);
/* Hex digits (spaces and colons ignored) into a new buffer; NULL if bad. */
unsigned char *parse_hex(const char *s, size_t *len);
/* Number of possible CPUs (ids 0..n-1). */
unsigned int possible_cpus(void);

/* Minimal streaming JSON writer (stdout), honouring -p. */
void json_begin_obj(const char *key);
void json_end_obj(void);
void json_begin_arr(const char *key);
void json_end_arr(void);
void json_str(const char *key, const char *val);
void json_u64(const char *key, unsigned long long val);
void json_i64(const char *key, long long val);
void json_bool(const char *key, bool val);
void json_done(void);

int cmd_version(int argc, char **argv);
int cmd_prog(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_mem(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_run(int argc, char **argv);

struct wasmk_prog_info;
/* "ID" or "name NAME" at argv: 1 or 2 args used, 0 error shown, -1 usage. */
int prog_lookup(int fd, int argc, char **argv, struct wasmk_prog_info *info);
unsigned long long prog_timed_runs(const struct wasmk_prog_info *p);
const char *trap_name(unsigned int trap);

struct wasmk_link_attach;
/* btf.c: nargs, arg_size, arg_signed of a tracepoint from the kernel's BTF. */
int tracepoint_btf_args(const char *target, struct wasmk_link_attach *a);
/* elf.c: the file offset of function symbol name in ELF file path; 0 or -1 (said why). */
int elf_symbol_offset(const char *path, const char *name, unsigned long long *off);
/* fields.c: a module's WASMK_FIELD()s resolved in the kernel's BTF; 0 or -1 (said why). */
struct wasmk_field_reloc;
int resolve_fields(const unsigned char *wasm, size_t len, struct wasmk_field_reloc **out,
		   unsigned int *nout);

#endif
