# wasmk top-level Makefile.
#
#   make            kmod/wasmk.ko, build/wasmk (CLI), build/libwasmk-engine.a
#   make check      every test layer (installs what is missing first)
#   make demo       the main job, in the test VM on the stock Debian kernel
#   make fuzz       libFuzzer on decode+validate (FUZZ_TIME seconds, default 600)
#   make bench      benchmarks (never part of make check): userspace, then
#                   in the kernel against eBPF (scripts/bench-kernel), then
#                   make bench-fuel (ns per unit of fuel, natively and in the VM)
#   make ARCH=arm64 the same for arm64, cross-compiled (see below)
#
# KDIR selects the kernel to build the module for.  Default: the running
# kernel's build directory if it exists, else the newest installed Debian
# 6.1 cloud headers (the default stock test kernel; a 6.12 installed beside
# it does not change that).  KVER=6.1|6.12 picks a stock kernel series
# instead: KDIR is its headers, installed or unpacked in the cache by
# scripts/setup-kernel (with ARCH=arm64: scripts/setup-arm64 --kver).
#
# ARCH=arm64 (on an x86-64 host: CROSS_COMPILE=aarch64-linux-gnu-) builds
# the native parts for arm64 into build/arm64/: wasmk.ko for Debian's arm64
# kernel of the stock kernel's version (KDIR default: the headers that
# scripts/setup-arm64 keeps in the cache; module in
# build/arm64/kbuild/KVER/kmod/), a static CLI linked with the arm64
# libbpf/libelf/zlib of that cache, the engine library, static unit tests
# and spec runner (no sanitizers: they run under qemu-aarch64).  The .wasm
# files (examples, VM test modules) are the same for every architecture
# and stay in build/.

SHELL := /bin/bash
BUILD := build

STOCK_KVER := $(shell . scripts/lib-kernel.sh; stock_kver 6.1)
ifneq ($(KVER),)
  ifneq ($(ARCH),arm64)
    KDIR := $(shell . scripts/lib-kernel.sh; stock_kernel x86_64 $(KVER) > /dev/null && echo "$$KDIR")
    ifeq ($(KDIR),)
      $(error no stock $(KVER) kernel headers (scripts/setup))
    endif
  endif
endif
ifeq ($(origin KDIR), undefined)
  ifneq ($(wildcard /lib/modules/$(shell uname -r)/build/Makefile),)
    KDIR := /lib/modules/$(shell uname -r)/build
  else ifneq ($(STOCK_KVER),)
    KDIR := /usr/src/linux-headers-$(STOCK_KVER)
  endif
endif

CC ?= gcc
CLANG ?= clang
LD := ld
CFLAGS_COMMON := -std=gnu11 -g -Wall -Wextra -Wno-unused-parameter \
	-Wno-sign-compare -Wno-missing-field-initializers \
	-Werror=implicit-function-declaration -Werror=vla \
	-ffp-contract=off -Ikmod/engine -Iuapi -Iinclude
CFLAGS ?= -O2
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
# Where native objects go (build/ARCH when cross-building) and how the
# test programs link (-static for ones run under qemu-user).
OBJ := $(BUILD)
TEST_LDFLAGS :=
CLI_LIBS := -lbpf -lelf -lz
BPF_INC := /usr/include/$(shell $(CC) -dumpmachine)

ifeq ($(ARCH),arm64)
  ifneq ($(shell uname -m),aarch64)
    CROSS_COMPILE ?= aarch64-linux-gnu-
  endif
  ifeq ($(origin CC),default)
    CC := $(CROSS_COMPILE)gcc
  endif
  LD := $(CROSS_COMPILE)ld
  OBJ := $(BUILD)/arm64
  SAN :=
  TEST_LDFLAGS := -static
  ARM64_DIR := $(shell scripts/setup-arm64 --print-dir $(if $(KVER),--kver $(KVER)))
  ifeq ($(ARM64_DIR),)
    $(error scripts/setup-arm64 failed (the arm64 headers and libraries))
  endif
  SYSROOT := $(ARM64_DIR)/root
  ARM64_KVER := $(shell sed -n 's/^KVER=//p' $(ARM64_DIR)/env)
  KDIR := $(shell sed -n 's/^KDIR=//p' $(ARM64_DIR)/env)
  CLI_LIBS := -I$(SYSROOT)/usr/include -L$(SYSROOT)/usr/lib/aarch64-linux-gnu $(CLI_LIBS)
  BPF_INC := /usr/aarch64-linux-gnu/include
endif

ENGINE_SRCS := $(sort $(wildcard kmod/engine/*.c))
ENGINE_HDRS := $(wildcard kmod/engine/*.h) $(wildcard uapi/linux/*.h) \
	$(wildcard include/wasmk/*.h)
ENGINE_OBJS := $(patsubst kmod/engine/%.c,$(OBJ)/engine/%.o,$(ENGINE_SRCS))
ENGINE_SAN_OBJS := $(patsubst kmod/engine/%.c,$(OBJ)/engine-san/%.o,$(ENGINE_SRCS))
LIB := $(OBJ)/libwasmk-engine.a
LIB_SAN := $(OBJ)/libwasmk-engine-san.a

CLI_SRCS := $(sort $(wildcard userspace-tool/*.c))
CLI_HDRS := $(wildcard userspace-tool/*.h)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(OBJ)/unit/%,$(UNIT_SRCS))
SPEC_SRCS := $(sort $(wildcard tests/spec/*.c))

.PHONY: all module cli lib unit spec-runner check demo fuzz fuzz-kernel bench stress clean \
	setup install checkpatch vm-helpers vm-wasm examples dkms-check \
	bench-kernel-files bench-fuel jit-fingerprint

all: module cli lib examples

# ---- setup ---------------------------------------------------------------
# scripts/setup is idempotent; the stamp only saves its second of checking.
$(BUILD)/.setup-done: scripts/setup
	@mkdir -p $(BUILD)
	scripts/setup
	@touch $@
setup:
	scripts/setup

# ---- kernel module ------------------------------------------------------
# With module BTF when scripts/module-btf can give it (else it says why, once:
# kbuild's "Skipping BTF generation" line is left out).
ifeq ($(ARCH),arm64)
# Cross: in a mirror of the sources (scripts/build-kmod), so the x86-64
# objects in kmod/ stay as they are.
module:
	scripts/build-kmod --arch arm64 "$(KDIR)" $(OBJ)/kbuild/$(ARM64_KVER)
	@echo "built $(OBJ)/kbuild/$(ARM64_KVER)/kmod/wasmk.ko"
else
module:
	@if [ -z "$(KDIR)" ]; then \
		echo "no kernel build dir: run scripts/setup or pass KDIR=" >&2; \
		exit 1; fi
	kdir=$$(scripts/module-btf "$(KDIR)") && \
		$(MAKE) -C "$$kdir" M=$(CURDIR) modules \
		2> >(grep -v '^Skipping BTF generation' >&2)
endif

# ---- userspace engine library --------------------------------------------
lib: $(LIB)
$(OBJ)/engine/%.o: kmod/engine/%.c $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -c $< -o $@
$(OBJ)/engine-san/%.o: kmod/engine/%.c $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -O1 $(SAN) -c $< -o $@
$(LIB): $(ENGINE_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(LIB_SAN): $(ENGINE_SAN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# ---- CLI (static, so the initramfs needs no libraries for it) ------------
cli: $(OBJ)/wasmk
$(OBJ)/wasmk: $(CLI_SRCS) $(CLI_HDRS) $(LIB) $(OBJ)/shim/shim_blob.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -static -o $@ $(CLI_SRCS) $(OBJ)/shim/shim_blob.o \
		$(LIB) $(CLI_LIBS)
# The eBPF shim for XDP and tc links, embedded in the CLI as bytes.
$(OBJ)/shim/wasmk_shim.bpf.o: userspace-tool/shim/wasmk_shim.bpf.c uapi/linux/wasmk.h
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -target bpf -Iuapi -I$(BPF_INC) -c $< -o $@
$(OBJ)/shim/shim_blob.o: $(OBJ)/shim/wasmk_shim.bpf.o
	cd $(dir $@) && $(LD) -r -b binary -z noexecstack -o shim_blob.o wasmk_shim.bpf.o

# ---- userspace tests -----------------------------------------------------
unit: $(UNIT_BINS)
# The unit tests' Wasm modules (tests/unit/jit/*.wat) as C arrays.
UNIT_WAT := $(sort $(wildcard tests/unit/jit/*.wat))
$(OBJ)/unit/gen/jit_mods.h: tests/unit/jit/gen.sh $(UNIT_WAT)
	@mkdir -p $(dir $@)
	tests/unit/jit/gen.sh $@
$(OBJ)/unit/%: tests/unit/%.c tests/unit/unit.c tests/unit/unit.h $(LIB_SAN) \
		$(OBJ)/unit/gen/jit_mods.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -O1 $(SAN) $(TEST_LDFLAGS) -Itests/unit -I$(OBJ)/unit/gen -o $@ $< \
		tests/unit/unit.c $(LIB_SAN)

spec-runner: $(OBJ)/spec-runner
$(OBJ)/spec-runner: $(SPEC_SRCS) $(wildcard tests/spec/*.h) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) $(TEST_LDFLAGS) -Itests/spec -o $@ $(SPEC_SRCS) $(LIB) -lm

# Static helper programs the VM tests run inside the guest.
VM_HELPER_SRCS := $(sort $(wildcard tests/vm/*.c))
VM_HELPERS := $(patsubst tests/vm/%.c,$(OBJ)/vm-helpers/wasmk-%,$(VM_HELPER_SRCS))
vm-helpers: $(VM_HELPERS)
$(OBJ)/vm-helpers/wasmk-%: tests/vm/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -static -o $@ $< $(LIB) -lm
# The ioctl fuzzer's commands, structs and errors, from the uapi header.
$(OBJ)/vm-helpers/gen/ioctl_table.h: scripts/gen-ioctl-table uapi/linux/wasmk.h
	@mkdir -p $(dir $@)
	scripts/gen-ioctl-table uapi/linux/wasmk.h $@
$(OBJ)/vm-helpers/wasmk-ioctl-fuzz: tests/vm/ioctl-fuzz.c $(OBJ)/vm-helpers/gen/ioctl_table.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -I$(OBJ)/vm-helpers/gen -static -pthread -o $@ $<

# Wasm modules the VM tests load (tests/vm/wasm/*.wat; *.invalid.wat are
# invalid on purpose and built without wabt's checks; *.c as examples are).
VM_WAT := $(sort $(wildcard tests/vm/wasm/*.wat))
VM_WASM_C := $(sort $(wildcard tests/vm/wasm/*.c))
VM_WASM := $(patsubst tests/vm/wasm/%.wat,$(BUILD)/vm-wasm/%.wasm,$(VM_WAT)) \
	$(patsubst tests/vm/wasm/%.c,$(BUILD)/vm-wasm/%.wasm,$(VM_WASM_C))
vm-wasm: $(VM_WASM)
$(BUILD)/vm-wasm/%.wasm: tests/vm/wasm/%.c uapi/wasmk/guest.h sdk/wasmk-cc Makefile
	@mkdir -p $(dir $@)
	CLANG=$(CLANG) sdk/wasmk-cc -o $@ $< -Wall -Wextra
$(BUILD)/vm-wasm/%.invalid.wasm: tests/vm/wasm/%.invalid.wat Makefile
	@mkdir -p $(dir $@)
	wat2wasm --no-check --debug-names -o $@ $<
$(BUILD)/vm-wasm/%.wasm: tests/vm/wasm/%.wat Makefile
	@mkdir -p $(dir $@)
	wat2wasm --enable-all --debug-names -o $@ $<

# Example handlers: C compiled to wasm32 with the guest ABI header (the C
# SDK's rule: clang --target=wasm32 -O2 -nostdlib), and WAT.
EXAMPLE_C := $(sort $(wildcard examples/*.c))
EXAMPLE_WAT := $(sort $(wildcard examples/*.wat))
EXAMPLES := $(patsubst examples/%.c,$(BUILD)/examples/%.wasm,$(EXAMPLE_C)) \
	$(patsubst examples/%.wat,$(BUILD)/examples/%.wasm,$(EXAMPLE_WAT))
examples: $(EXAMPLES)
$(BUILD)/examples/%.wasm: examples/%.c uapi/wasmk/guest.h sdk/wasmk-cc Makefile
	@mkdir -p $(dir $@)
	CLANG=$(CLANG) sdk/wasmk-cc -o $@ $< -Wall -Wextra
$(BUILD)/examples/%.wasm: examples/%.wat
	@mkdir -p $(dir $@)
	wat2wasm --debug-names -o $@ $<

check: $(BUILD)/.setup-done
	scripts/check

# DKMS from dkms.conf against the 6.1 and 6.12 headers (also a check layer).
dkms-check: $(BUILD)/.setup-done
	scripts/dkms-check

demo: $(BUILD)/.setup-done
	$(MAKE) all
	scripts/demo

# ---- long runs (never in make check) -------------------------------------
FUZZ_TIME ?= 600
fuzz: $(BUILD)/.setup-done
	scripts/fuzz $(FUZZ_TIME)

# gnuplot, nftables, bpftool: only the benchmarks need them.
$(BUILD)/.setup-bench-done: scripts/setup
	@mkdir -p $(BUILD)
	scripts/setup --bench
	@touch $@
bench: $(BUILD)/.setup-done $(BUILD)/.setup-bench-done
	scripts/bench
	$(MAKE) bench-fuel

# The ioctl fuzzer in the debug kernel's VM (scripts/fuzz-kernel).
DURATION ?= 600
SEED ?=
fuzz-kernel: $(BUILD)/.setup-done
	scripts/fuzz-kernel --kernel debug $(DURATION) $(SEED)

STRESS_TIME ?= 120
BOUNDED_SECS ?= 60
stress: $(BUILD)/.setup-done
	scripts/stress $(STRESS_TIME)
	scripts/stress --bounded $(BOUNDED_SECS)

# ns per unit of fuel of each instruction class (bench/README.md, "Fuel per
# unit of work"): bench/fuel_cost natively, bench/fuel/vm.sh in the VM.
bench-fuel: $(BUILD)/.setup-done $(OBJ)/bench/fuel_cost $(BUILD)/bench/fuel/classes.wasm \
		$(BUILD)/bench/fuel/host.wasm
	scripts/bench-fuel
$(OBJ)/bench/fuel_cost: bench/fuel_cost.c $(ENGINE_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) $(TEST_LDFLAGS) -o $@ $< $(LIB)
# @REP N TEXT@ expanded first (1000 locals, a 64 KiB segment in one line).
$(BUILD)/bench/fuel/%.wasm: bench/fuel/%.wat bench/fuel/expand.awk
	@mkdir -p $(dir $@)
	awk -f bench/fuel/expand.awk $< > $(@:.wasm=.wat)
	wat2wasm -o $@ $(@:.wasm=.wat)

$(OBJ)/bench/validate_bench: bench/validate_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -o $@ $< $(LIB)

# The engine benchmark corpus as wasm32, for scripts/bench, bench-kernel
# and bench-arm64 alike (scripts/bench builds the native side with the
# same -O2 -fno-math-errno).
$(BUILD)/bench/corpus/%.wasm: bench/kernels/%.c bench/kernels/kernel.h
	@mkdir -p $(dir $@)
	$(CLANG) --target=wasm32 -std=gnu11 -O2 -fno-math-errno -Wall -Wextra -nostdlib \
		-Wl,--no-entry -Wl,--export=run -o $@ $<

$(OBJ)/bench/wasm_bench: bench/wasm_bench.c $(ENGINE_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) $(TEST_LDFLAGS) -o $@ $< $(LIB)

# The in-kernel benchmarks (scripts/bench-kernel): wasmk handlers, eBPF
# programs and native code for the same workloads (bench/hooks/), the
# static helper that runs them in the test VM, and a static wasm_bench
# for the userspace JIT in the same VM.
BENCH_HOOKS := bench/hooks
BENCH_WASM := $(patsubst $(BENCH_HOOKS)/%.c,$(BUILD)/bench/hooks/%.wasm,\
	$(wildcard $(BENCH_HOOKS)/wasm_*.c))
BENCH_KERNEL_FILES := $(BENCH_WASM) $(BUILD)/bench/hooks/bench.bpf.o \
	$(BUILD)/bench/hooks/trace.bpf.o $(BUILD)/bench/kbench $(BUILD)/bench/wasm_bench-static
bench-kernel-files: $(BENCH_KERNEL_FILES)
$(BUILD)/bench/hooks/wasm_%.wasm: $(BENCH_HOOKS)/wasm_%.c $(BENCH_HOOKS)/wasm_common.h \
		$(BENCH_HOOKS)/workload.h uapi/wasmk/guest.h sdk/wasmk-cc
	@mkdir -p $(dir $@)
	CLANG=$(CLANG) sdk/wasmk-cc -o $@ $< -Wall -Wextra
# -mcpu=v3: 32-bit subregisters and jmp32, what current eBPF tooling uses.
$(BUILD)/bench/hooks/bench.bpf.o: $(BENCH_HOOKS)/bench.bpf.c $(BENCH_HOOKS)/workload.h
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -Wall -target bpf -mcpu=v3 -I$(BPF_INC) \
		-c -o $@ $<
# The eBPF twins of the tracing examples: kprobes, so bpf_tracing.h needs
# the target's pt_regs (BPF_TARGET_ARCH); kernel fields by CO-RE.
BPF_TARGET_ARCH := $(if $(filter arm64,$(ARCH)),arm64,x86)
$(BUILD)/bench/hooks/trace.bpf.o: $(BENCH_HOOKS)/trace.bpf.c $(BENCH_HOOKS)/trace.h
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -Wall -target bpf -mcpu=v3 -D__TARGET_ARCH_$(BPF_TARGET_ARCH) \
		-I$(BPF_INC) -c -o $@ $<
# The native workloads: the same clang -O2 as the wasm and eBPF sides.
$(BUILD)/bench/hooks/native.o: $(BENCH_HOOKS)/native.c $(BENCH_HOOKS)/native.h \
		$(BENCH_HOOKS)/workload.h
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -Wall -Wextra -c -o $@ $<
$(BUILD)/bench/kbench: $(BENCH_HOOKS)/kbench.c $(BENCH_HOOKS)/workload.h \
		$(BENCH_HOOKS)/trace.h $(BUILD)/bench/hooks/native.o $(ENGINE_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -static -pthread -o $@ $< $(BUILD)/bench/hooks/native.o \
		$(LIB) $(CLI_LIBS)
$(BUILD)/bench/wasm_bench-static: bench/wasm_bench.c $(ENGINE_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -static -o $@ $< $(LIB)

checkpatch:
	scripts/run-checkpatch

# The JIT's output on the corpus, byte for byte (scripts/jit-fingerprint):
# build/jitfp/fingerprint, or with BASE=REV the comparison with that
# revision's engine (SPEC_DIR=DIR adds the modules of DIR/*.wast).
jit-fingerprint:
	scripts/jit-fingerprint $(if $(BASE),--compare $(BASE)) $(if $(SPEC_DIR),--spec $(SPEC_DIR))

# The CLI, its man page and bash completion (the module is built for your
# kernel by `make module`; load it with insmod, see README.md).
PREFIX ?= /usr/local
install: cli
	install -D -m 0755 $(OBJ)/wasmk $(DESTDIR)$(PREFIX)/sbin/wasmk
	install -D -m 0644 doc/wasmk.8 $(DESTDIR)$(PREFIX)/share/man/man8/wasmk.8
	install -D -m 0644 doc/wasmk.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/wasmk
	install -D -m 0644 uapi/wasmk/guest.h $(DESTDIR)$(PREFIX)/include/wasmk/guest.h
	install -D -m 0755 sdk/wasmk-cc $(DESTDIR)$(PREFIX)/bin/wasmk-cc
	install -D -m 0644 doc/60-wasmk.rules $(DESTDIR)/etc/udev/rules.d/60-wasmk.rules
	install -D -m 0644 uapi/linux/wasmk.h $(DESTDIR)$(PREFIX)/include/linux/wasmk.h

clean:
	rm -rf $(BUILD)
	@if [ -n "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
