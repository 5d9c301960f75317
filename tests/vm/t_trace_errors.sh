# Tracing attach errors: unknown tracepoint, unknown symbol, wrong entry
# signature, too many arguments, and EPERM for an unprivileged user.
. ./lib.sh
# (tracepoint attach reads prototypes from BTF; every test kernel has it)
[ -r /sys/kernel/btf/vmlinux ] || fail "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
wasmk prog load /opt/wasmk/examples/syscall_count.wasm
wasmk prog load /opt/wasmk/examples/port_counter.wasm
wasmk prog load /opt/wasmk/examples/exec_count.wasm

# kernel side: no such tracepoint (raw_syscalls-style names skip BTF)
expect_rc 1 wasmk link attach name syscall_count tracepoint nosuch:sys_exit_nope
expect_rc 1 wasmk link attach name syscall_count tracepoint nosuch_tracepoint_xyz
grep -q "no tracepoint named nosuch_tracepoint_xyz" /tmp/expect.out || fail "message: $(cat /tmp/expect.out)"
expect_rc 1 wasmk link attach name syscall_count kprobe no_such_function_xyz
grep -q "symbol no_such_function_xyz not found (or not probe-able)" /tmp/expect.out ||
	fail "message: $(cat /tmp/expect.out)"
grep -q "No such file or directory" /tmp/expect.out || fail "not ENOENT: $(cat /tmp/expect.out)"
expect_rc 1 wasmk link attach name syscall_count kretprobe no_such_function_xyz
grep -q "not found" /tmp/expect.out || fail "message: $(cat /tmp/expect.out)"

# wrong entry signature: (i32) -> i32 is a netfilter handler
expect_rc 1 wasmk link attach name port_counter tracepoint raw_syscalls:sys_enter
grep -q "expected (i64 ...) -> i32 (up to 12 i64 arguments), got (i32) -> i32" /tmp/expect.out ||
	fail "message: $(cat /tmp/expect.out)"
grep -q "Invalid argument" /tmp/expect.out || fail "not EINVAL: $(cat /tmp/expect.out)"
expect_rc 1 wasmk link attach name port_counter kprobe __sys_socket
grep -q "got (i32) -> i32" /tmp/expect.out || fail "message: $(cat /tmp/expect.out)"
# (i64 i64) on sys_exit is fine, on a kretprobe it is one too many
expect_rc 1 wasmk link attach name exec_count kretprobe __sys_socket
grep -q "up to 1 i64 arguments" /tmp/expect.out || fail "message: $(cat /tmp/expect.out)"
# sched_process_fork gives (parent, child): 2 args, the entry takes 2: ok
wasmk link attach name exec_count tracepoint sched:sched_process_fork
# no such entry
expect_rc 1 wasmk link attach name exec_count tracepoint sched:sched_process_fork entry nope
grep -q "exports no function 'nope'" /tmp/expect.out || fail "message: $(cat /tmp/expect.out)"
# usage errors
expect_rc 2 wasmk link attach name exec_count tracepoint
expect_rc 2 wasmk link attach name exec_count kretprobe __sys_socket+4
expect_rc 2 wasmk link attach name exec_count kprobe __sys_socket+x

# raw ABI checks (kernel messages, EPERM) are in abi-test
wasmk-abi-test trace
# an unprivileged user: EPERM
as_nobody wasmk link attach name syscall_count tracepoint raw_syscalls:sys_enter > /tmp/np 2>&1 && fail "nobody attached"
cat /tmp/np
grep -qi "permi" /tmp/np || fail "nobody: not EPERM"
echo "ok: nobody gets EPERM"
