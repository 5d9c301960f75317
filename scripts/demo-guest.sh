#!/bin/sh
# Runs inside the test VM (scripts/demo): a packet filter written in C,
# compiled to wasm32, loaded into the stock Debian kernel and attached to
# netfilter, with real traffic between two network namespaces.
E=/opt/wasmk/examples W=/opt/wasmk/wasm

step() {
	echo
	echo "### $*"
}
run() {
	echo "# $*"
	"$@"
}
ip() {
	/bin/ip "$@"
}

step "wasmk.ko is loaded into the stock Debian kernel $(uname -r)"
run wasmk version

step "two hosts: this namespace (10.200.0.1) and 'peer' (10.200.0.2), over a veth pair"
insmod /lib/modules/veth.ko 2>/dev/null
ip netns add peer
ip link add v0 type veth peer name v1
ip link set v1 netns peer
ip addr add 10.200.0.1/24 dev v0
ip link set v0 up
ip -n peer addr add 10.200.0.2/24 dev v1
ip -n peer link set v1 up
run ping -c 2 -W 1 10.200.0.2

step "the handler: examples/drop_icmp.c, compiled with clang --target=wasm32"
sed -n '/^WASMK_EXPORT/,/^}/p' "$E/drop_icmp.c" 2>/dev/null ||
	echo "(source in examples/drop_icmp.c)"
run wasmk check $E/drop_icmp.wasm

step "load it: the kernel validates, instantiates per CPU and compiles it"
run wasmk prog load $E/drop_icmp.wasm
run wasmk prog show name drop_icmp

step "try it in the kernel on packet bytes first (an ICMP echo to 10.200.0.2)"
run wasmk prog test-run name drop_icmp hex 4500001c00004000400100000ac800010ac800020800f7ff00000000 repeat 1000

step "attach it to netfilter (IPv4, output) and ping again: dropped"
run wasmk link attach name drop_icmp netfilter ipv4 output
run ping -c 3 -W 1 10.200.0.2
run wasmk link list

step "other traffic passes: the peer can still ping us"
run ip netns exec peer ping -c 1 -W 1 10.200.0.1

step "detach it: ping works again"
run wasmk link detach 1
run ping -c 2 -W 1 10.200.0.2

step "a handler that loops forever is stopped by fuel; fail-open lets traffic through"
run wasmk prog load $W/spin.wasm fuel 10000
run wasmk link attach name spin netfilter ipv4 output
run ping -c 2 -W 1 10.200.0.2
run wasmk link list
run wasmk link detach 2

step "observability: count a program's syscalls on raw_syscalls:sys_enter"
sed -n '/^WASMK_EXPORT/,/^}/p' "$E/syscall_count.c" 2>/dev/null
run wasmk prog load $E/syscall_count.wasm
run wasmk link attach name syscall_count tracepoint raw_syscalls:sys_enter
echo "# wasmk-syscalls 500    (makes 500 getpid and 500 openat calls)"
wasmk-syscalls 500
echo "# wasmk mem read name syscall_count 0x18000 16 sum    (getpid, openat; all CPUs)"
wasmk mem read name syscall_count 0x18000 16 sum
echo "# wasmk top interval 1 count 1"
wasmk top interval 1 count 1 | cat

step "a broken module is refused with the validator's reason"
run wasmk prog load $W/type_mismatch.invalid.wasm

step "the kernel log"
dmesg | grep wasmk
exit 0
