# raw_syscalls:sys_enter: a C handler (examples/syscall_count.c) counts the
# getpid and openat calls of wasmk-syscalls, filtered by comm; the counts
# match exactly what it made, and uid_gid() saw the caller.  On x86-64 the
# handler's defaults (configuration 0) are used, as the README's commands
# do; elsewhere this architecture's numbers are written to its
# configuration.
. ./lib.sh
wasmk prog load /opt/wasmk/examples/syscall_count.wasm
[ "$(uname -m)" = x86_64 ] ||
	wasmk mem write name syscall_count 0x17000 "$(le32 "$(sysnr getpid)")$(le32 "$(sysnr openat)")"
wasmk link attach name syscall_count tracepoint raw_syscalls:sys_enter
wasmk link list
wasmk -j link list | grep -q '"hook":"tracepoint","target":"raw_syscalls:sys_enter","nargs":7' ||
	fail "tracepoint link not listed"

wasmk-syscalls 1000
as_nobody wasmk-syscalls 234
wasmk mem read name syscall_count 0x18000 24 sum > /tmp/counts
expect_eq "getpid calls" "$(sed -n 1p /tmp/counts)" 1234
expect_eq "openat calls" "$(sed -n 2p /tmp/counts)" 1234
expect_eq "calls by nobody (uid_gid)" "$(sed -n 3p /tmp/counts)" 468
id=$(wasmk -j link list | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1)
runs=$(wasmk -j link list | sed -n 's/.*"runs":\([0-9]*\).*/\1/p' | head -n 1)
[ "$runs" -ge 2468 ] || fail "link runs $runs < 2468"
echo "ok: link $id ran $runs times"
wasmk link detach "$id"
# detached: no more counting
wasmk-syscalls 10
wasmk mem read name syscall_count 0x18000 16 sum > /tmp/counts
expect_eq "getpid calls after detach" "$(sed -n 1p /tmp/counts)" 1234
wasmk prog unload name syscall_count
