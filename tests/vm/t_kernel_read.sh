# Kernel reads and field relocations (issue 19): a handler reads
# current_task()->tgid at the offset and size `prog load` resolved in this
# kernel's BTF and finds pid_tgid()'s tgid; ->comm through the string read
# equals comm(); ->real_parent->tgid is the caller's parent; the offset is
# the one pahole-style BTF gives (checked against bpftool-free libbpf data
# by the CLI, here against the kernel's own /sys/kernel/btf via the CLI
# twice: the same on reload).  An optional field the kernel lacks loads with
# exists 0; a required one fails naming it.  Bad addresses give -EFAULT,
# never an oops; over-long reads -E2BIG.  Loading needs CAP_PERFMON (or
# CAP_SYS_ADMIN) besides CAP_BPF; such a program attaches to tracing hooks
# only, and its reads fail with -EPERM in a packet-hook test run.
. ./lib.sh
W=/opt/wasmk/wasm
res() {	# res ENTRY [ARGS...]: the result of a test run of f's ENTRY
	e=$1
	shift
	wasmk prog test-run name f args 0 "$@" entry "$e" | sed -n 's/^result \(-*[0-9]*\),.*/\1/p'
}
wasmk prog load $W/fields.wasm name f
expect_eq "current_task()->tgid == pid_tgid() >> 32" "$(res tgid)" 1
expect_eq "tgid's relocated size" "$(res tgid_size)" 4
off=$(res tgid_off)
echo "task_struct.tgid at offset $off in this kernel"
[ "$off" -gt 0 ] || fail "tgid offset $off"
expect_eq "an absent optional field: exists" "$(res opt)" 0
expect_eq "->comm by probe_read_kernel_str == comm(): its length" "$(res comm)" 5	# "wasmk"
# ->real_parent->tgid: the test run's caller is wasmk, a child of the sh that prints its pid
sh -c 'wasmk prog test-run name f args 0 entry ppid; echo "sh $$"' > /tmp/ppid
cat /tmp/ppid
expect_eq "current->real_parent->tgid: the parent shell" \
	"$(sed -n 's/^result \([0-9]*\),.*/\1/p' /tmp/ppid)" "$(sed -n 's/^sh //p' /tmp/ppid)"
# bad addresses: errors, not oopses (the kernel log is checked after the run)
for a in 0 8 4096 0x7fff00000000 -1; do
	expect_eq "probe_read_kernel($a)" "$(res bad "$a")" -14
	expect_eq "probe_read_kernel_str($a)" "$(res bad_str "$a")" -14
done
expect_eq "probe_read_user of a kernel address" "$(res bad_user -4096)" -14
expect_eq "an 8192-byte read" "$(res too_big)" -7
# outside a tracing hook the reads say EPERM
out=$(wasmk prog test-run name f hex 4500 entry pkt)
echo "$out" | grep -q '^result 1,' || fail "packet test run: $out"
expect_rc 1 wasmk link attach name f netfilter ipv4 input entry pkt
grep -q "reads kernel memory (probe_read_kernel, current_task): it attaches to tracing hooks only" /tmp/expect.out ||
	fail "attach to a packet hook: $(cat /tmp/expect.out)"
wasmk link attach name f tracepoint raw_syscalls:sys_enter entry opt > /dev/null
wasmk prog show name f > /dev/null
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	wasmk link detach "$l"
done
# fields: a required one the kernel lacks is refused with its name
expect_rc 1 wasmk prog load $W/fields_missing.wasm name fm
grep -q "field task_struct:no_such_member_xyz: no member no_such_member_xyz in this kernel" /tmp/expect.out ||
	fail "missing field: $(cat /tmp/expect.out)"
# privileges: CAP_BPF alone can't load a kernel reader; with CAP_PERFMON it can
expect_rc 1 wasmk-capload bpf $W/task_reader.wasm tr
grep -q "imports current_task: reading kernel memory needs CAP_PERFMON or CAP_SYS_ADMIN" /tmp/expect.out ||
	fail "CAP_BPF only: $(cat /tmp/expect.out)"
expect_rc 0 wasmk-capload bpf,perfmon $W/task_reader.wasm tr
expect_rc 0 wasmk-capload bpf $W/counter.wasm plain	# no kernel reads: CAP_BPF is enough
expect_rc 1 as_nobody wasmk prog load $W/fields.wasm name f2
wasmk prog unload name tr > /dev/null
wasmk prog unload name plain > /dev/null
wasmk prog unload name f > /dev/null
echo "ok: kernel reads and fields"
