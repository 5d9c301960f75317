# kprobe and kretprobe on __sys_socket(int family, int type, int protocol):
# the handler sees the arguments wasmk-syscalls passed to socket(2), the
# kretprobe its result (a file descriptor, or -errno).
. ./lib.sh
grep -qw __sys_socket /proc/kallsyms || fail "no __sys_socket in /proc/kallsyms"
wasmk prog load /opt/wasmk/examples/socket_probe.wasm
wasmk link attach name socket_probe kprobe __sys_socket
wasmk link attach name socket_probe kretprobe __sys_socket entry ret
wasmk link list
wasmk -j link list | grep -q '"hook":"kprobe","target":"__sys_socket","offset":0,"nargs":6' ||
	fail "kprobe link not listed"
wasmk -j link list | grep -q '"hook":"kretprobe","target":"__sys_socket","nargs":1' ||
	fail "kretprobe link not listed"

# AF_INET6 (10), SOCK_DGRAM | SOCK_CLOEXEC (0x80002), IPPROTO_UDP (17)
fd=$(wasmk-syscalls socket 10 0x80002 17)
echo "socket() returned $fd"
# sum over CPUs: only one CPU saw the (single) call, the others hold 0
wasmk mem read name socket_probe 0x18000 48 sum > /tmp/v
expect_eq "kprobe calls" "$(sed -n 1p /tmp/v)" 1
expect_eq "family" "$(sed -n 2p /tmp/v)" 10
expect_eq "type" "$(sed -n 3p /tmp/v)" $((0x80002))
expect_eq "protocol" "$(sed -n 4p /tmp/v)" 17
expect_eq "kretprobe calls" "$(sed -n 5p /tmp/v)" 1
expect_eq "return value" "$(sed -n 6p /tmp/v)" "$fd"

# a failing call: family 12345 -> -EAFNOSUPPORT (-97), read as a signed int
wasmk mem write name socket_probe 0x18000 000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000 all
r=$(wasmk-syscalls socket 12345 1 0)
expect_eq "socket(12345) result" "$r" -97
wasmk mem read name socket_probe 0x18000 48 sum > /tmp/v
expect_eq "family" "$(sed -n 2p /tmp/v)" 12345
# -97 as u64 summed with zeros
expect_eq "return value" "$(sed -n 6p /tmp/v)" 18446744073709551519

# SYMBOL+OFFSET: offset 1 is inside the first instruction
expect_rc 1 wasmk link attach name socket_probe kprobe __sys_socket+1
grep -q "__sys_socket+1 is not an instruction boundary" /tmp/expect.out ||
	fail "message: $(cat /tmp/expect.out)"
wasmk link attach name socket_probe kprobe __sys_socket+0x0
for id in $(wasmk -j link list | sed 's/},{/}\n{/g' | sed -n 's/.*"id":\([0-9]*\).*/\1/p'); do
	wasmk link detach "$id"
done
wasmk prog unload name socket_probe
