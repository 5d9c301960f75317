// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-bpf_jited FILE: loads the smallest eBPF program (a socket filter:
 * r0 = 0; exit) and writes the kernel BPF JIT's machine code for it to
 * FILE, which shows how the kernel's own JIT returns (a ret, or a jump to
 * its return thunk): scripts/jit-mitigations compares wasmk's JIT with it.
 * Raw bpf(2), like bpftool's "prog dump jited ... file" (which Debian's
 * bpftool refuses without libbfd).
 */
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long sys_bpf(int cmd, union bpf_attr *a)
{
	return syscall(__NR_bpf, cmd, a, sizeof(*a));
}

int main(int argc, char **argv)
{
	struct bpf_insn insns[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static unsigned char code[65536];
	struct bpf_prog_info info;
	union bpf_attr a;
	FILE *f;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: wasmk-bpf_jited FILE\n");
		return 2;
	}
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = 2;
	a.license = (uintptr_t)"GPL";
	fd = (int)sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0) {
		perror("BPF_PROG_LOAD");
		return 1;
	}
	memset(&info, 0, sizeof(info));
	info.jited_prog_len = sizeof(code);
	info.jited_prog_insns = (uintptr_t)code;
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = (unsigned int)fd;
	a.info.info_len = sizeof(info);
	a.info.info = (uintptr_t)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a)) {
		perror("BPF_OBJ_GET_INFO_BY_FD");
		return 1;
	}
	if (!info.jited_prog_len || info.jited_prog_len > sizeof(code)) {
		fprintf(stderr, "no JIT image (%u bytes): is the BPF JIT on?\n", info.jited_prog_len);
		return 1;
	}
	f = fopen(argv[1], "wb");
	if (!f || fwrite(code, 1, info.jited_prog_len, f) != info.jited_prog_len || fclose(f)) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
