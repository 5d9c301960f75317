# wasmk top-level Makefile.
#
#   make            kmod/wasmk.ko, build/wasmk (CLI), build/libwasmk-engine.a
#   make check      every test layer (installs what is missing first)
#   make demo       the main job, in the test VM on the stock Debian kernel
#   make fuzz       libFuzzer on decode+validate (FUZZ_TIME seconds, default 600)
#   make bench      benchmarks (never part of make check): userspace, then
#                   in the kernel against eBPF (scripts/bench-kernel)
#
# KDIR selects the kernel to build the module for.  Default: the running
# kernel's build directory if it exists, else the newest installed Debian
# cloud headers (the stock test kernel).

SHELL := /bin/bash
BUILD := build

STOCK_KVER := $(shell . scripts/lib-kernel.sh; stock_kver)
ifeq ($(origin KDIR), undefined)
  ifneq ($(wildcard /lib/modules/$(shell uname -r)/build/Makefile),)
    KDIR := /lib/modules/$(shell uname -r)/build
  else ifneq ($(STOCK_KVER),)
    KDIR := /usr/src/linux-headers-$(STOCK_KVER)
  endif
endif

CC ?= gcc
CLANG ?= clang
CFLAGS_COMMON := -std=gnu11 -g -Wall -Wextra -Wno-unused-parameter \
	-Wno-sign-compare -Wno-missing-field-initializers \
	-Werror=implicit-function-declaration -Werror=vla \
	-Ikmod/engine -Iuapi -Iinclude
CFLAGS ?= -O2
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

ENGINE_SRCS := $(sort $(wildcard kmod/engine/*.c))
ENGINE_HDRS := $(wildcard kmod/engine/*.h) $(wildcard uapi/linux/*.h) \
	$(wildcard include/wasmk/*.h)
ENGINE_OBJS := $(patsubst kmod/engine/%.c,$(BUILD)/engine/%.o,$(ENGINE_SRCS))
ENGINE_SAN_OBJS := $(patsubst kmod/engine/%.c,$(BUILD)/engine-san/%.o,$(ENGINE_SRCS))
LIB := $(BUILD)/libwasmk-engine.a
LIB_SAN := $(BUILD)/libwasmk-engine-san.a

CLI_SRCS := $(sort $(wildcard userspace-tool/*.c))
CLI_HDRS := $(wildcard userspace-tool/*.h)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
SPEC_SRCS := $(sort $(wildcard tests/spec/*.c))

.PHONY: all module cli lib unit spec-runner check demo fuzz bench stress clean \
	setup install checkpatch vm-helpers vm-wasm examples \
	bench-kernel-files

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
module:
	@if [ -z "$(KDIR)" ]; then \
		echo "no kernel build dir: run scripts/setup or pass KDIR=" >&2; \
		exit 1; fi
	kdir=$$(scripts/module-btf "$(KDIR)") && \
		$(MAKE) -C "$$kdir" M=$(CURDIR) modules \
		2> >(grep -v '^Skipping BTF generation' >&2)

# ---- userspace engine library --------------------------------------------
lib: $(LIB)
$(BUILD)/engine/%.o: kmod/engine/%.c $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -c $< -o $@
$(BUILD)/engine-san/%.o: kmod/engine/%.c $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -O1 $(SAN) -c $< -o $@
$(LIB): $(ENGINE_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(LIB_SAN): $(ENGINE_SAN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# ---- CLI (static, so the initramfs needs no libraries for it) ------------
cli: $(BUILD)/wasmk
$(BUILD)/wasmk: $(CLI_SRCS) $(CLI_HDRS) $(LIB) $(BUILD)/shim/shim_blob.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -static -o $@ $(CLI_SRCS) $(BUILD)/shim/shim_blob.o \
		$(LIB) -lbpf -lelf -lz
# The eBPF shim for XDP and tc links, embedded in the CLI as bytes.
$(BUILD)/shim/wasmk_shim.bpf.o: userspace-tool/shim/wasmk_shim.bpf.c
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -target bpf -I/usr/include/$(shell $(CC) -dumpmachine) -c $< -o $@
$(BUILD)/shim/shim_blob.o: $(BUILD)/shim/wasmk_shim.bpf.o
	cd $(dir $@) && ld -r -b binary -z noexecstack -o shim_blob.o wasmk_shim.bpf.o

# ---- userspace tests -----------------------------------------------------
unit: $(UNIT_BINS)
$(BUILD)/unit/%: tests/unit/%.c tests/unit/unit.c tests/unit/unit.h $(LIB_SAN)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -O1 $(SAN) -Itests/unit -o $@ $< tests/unit/unit.c $(LIB_SAN)

spec-runner: $(BUILD)/spec-runner
$(BUILD)/spec-runner: $(SPEC_SRCS) $(wildcard tests/spec/*.h) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -Itests/spec -o $@ $(SPEC_SRCS) $(LIB) -lm

# Static helper programs the VM tests run inside the guest.
VM_HELPER_SRCS := $(sort $(wildcard tests/vm/*.c))
VM_HELPERS := $(patsubst tests/vm/%.c,$(BUILD)/vm-helpers/wasmk-%,$(VM_HELPER_SRCS))
vm-helpers: $(VM_HELPERS)
$(BUILD)/vm-helpers/wasmk-%: tests/vm/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -static -o $@ $< $(LIB)

# Wasm modules the VM tests load (tests/vm/wasm/*.wat; *.invalid.wat are
# invalid on purpose and built without wabt's checks).
VM_WAT := $(sort $(wildcard tests/vm/wasm/*.wat))
VM_WASM := $(patsubst tests/vm/wasm/%.wat,$(BUILD)/vm-wasm/%.wasm,$(VM_WAT))
vm-wasm: $(VM_WASM)
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

STRESS_TIME ?= 120
stress: $(BUILD)/.setup-done
	scripts/stress $(STRESS_TIME)

$(BUILD)/bench/validate_bench: bench/validate_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -o $@ $< $(LIB)

$(BUILD)/bench/wasm_bench: bench/wasm_bench.c $(ENGINE_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -o $@ $< $(LIB)

# The in-kernel benchmarks (scripts/bench-kernel): wasmk handlers, eBPF
# programs and native code for the same workloads (bench/hooks/), the
# static helper that runs them in the test VM, and a static wasm_bench
# for the userspace JIT in the same VM.
BENCH_HOOKS := bench/hooks
BENCH_WASM := $(patsubst $(BENCH_HOOKS)/%.c,$(BUILD)/bench/hooks/%.wasm,\
	$(wildcard $(BENCH_HOOKS)/wasm_*.c))
BENCH_KERNEL_FILES := $(BENCH_WASM) $(BUILD)/bench/hooks/bench.bpf.o \
	$(BUILD)/bench/kbench $(BUILD)/bench/wasm_bench-static
bench-kernel-files: $(BENCH_KERNEL_FILES)
$(BUILD)/bench/hooks/wasm_%.wasm: $(BENCH_HOOKS)/wasm_%.c $(BENCH_HOOKS)/wasm_common.h \
		$(BENCH_HOOKS)/workload.h uapi/wasmk/guest.h sdk/wasmk-cc
	@mkdir -p $(dir $@)
	CLANG=$(CLANG) sdk/wasmk-cc -o $@ $< -Wall -Wextra
# -mcpu=v3: 32-bit subregisters and jmp32, what current eBPF tooling uses.
$(BUILD)/bench/hooks/bench.bpf.o: $(BENCH_HOOKS)/bench.bpf.c $(BENCH_HOOKS)/workload.h
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -Wall -target bpf -mcpu=v3 -I/usr/include/$(shell $(CC) -dumpmachine) \
		-c -o $@ $<
# The native workloads: the same clang -O2 as the wasm and eBPF sides.
$(BUILD)/bench/hooks/native.o: $(BENCH_HOOKS)/native.c $(BENCH_HOOKS)/native.h \
		$(BENCH_HOOKS)/workload.h
	@mkdir -p $(dir $@)
	$(CLANG) -O2 -g -Wall -Wextra -c -o $@ $<
$(BUILD)/bench/kbench: $(BENCH_HOOKS)/kbench.c $(BUILD)/bench/hooks/native.o $(ENGINE_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -static -o $@ $< $(BUILD)/bench/hooks/native.o \
		$(LIB) -lbpf -lelf -lz
$(BUILD)/bench/wasm_bench-static: bench/wasm_bench.c $(ENGINE_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -static -o $@ $< $(LIB)

checkpatch:
	scripts/run-checkpatch

# The CLI, its man page and bash completion (the module is built for your
# kernel by `make module`; load it with insmod, see README.md).
PREFIX ?= /usr/local
install: cli
	install -D -m 0755 $(BUILD)/wasmk $(DESTDIR)$(PREFIX)/sbin/wasmk
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
