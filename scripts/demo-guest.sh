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
run wasmk prog show name drop_icmp

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

step "observability: syscall top, every system call counted by number on raw_syscalls:sys_enter"
sed -n '/^WASMK_MAP_DECL/,/^}/p' "$E/syscall_top.c" 2>/dev/null
run wasmk prog load $E/syscall_top.wasm
run wasmk link attach name syscall_top tracepoint raw_syscalls:sys_enter
echo "# a workload: wasmk-syscalls 2000 (2000 getpid + 2000 openat), find /, ls -lR /proc/sys"
wasmk-syscalls 2000
find / -xdev > /dev/null
ls -lR /proc/sys > /dev/null 2>&1
run wasmk link detach 3
run wasmk map show name syscalls
echo "# wasmk map dump name syscalls sum    (the per-CPU array summed over CPUs), top 10:"
wasmk map dump name syscalls sum | sed -n 's/^key nr=\([0-9]*\): sum calls=\([1-9][0-9]*\)$/\2 \1/p' | awk '
BEGIN {
	split("0 read 1 write 2 open 3 close 4 stat 5 fstat 6 lstat 7 poll 8 lseek " \
	      "9 mmap 10 mprotect 11 munmap 12 brk 13 rt_sigaction 14 rt_sigprocmask " \
	      "15 rt_sigreturn 16 ioctl 17 pread64 20 writev 21 access 23 select 32 dup 33 dup2 " \
	      "35 nanosleep 39 getpid 41 socket 44 sendto 45 recvfrom 56 clone 57 fork " \
	      "59 execve 60 exit 61 wait4 62 kill 63 uname 72 fcntl 78 getdents " \
	      "79 getcwd 89 readlink 96 gettimeofday 102 getuid 104 getgid 107 geteuid " \
	      "108 getegid 110 getppid 158 arch_prctl 202 futex 217 getdents64 " \
	      "218 set_tid_address 228 clock_gettime 230 clock_nanosleep 231 exit_group " \
	      "257 openat 262 newfstatat 270 pselect6 271 ppoll 273 set_robust_list " \
	      "302 prlimit64 318 getrandom 332 statx 334 rseq", t, " ")
	for (i = 1; i in t; i += 2)
		name[t[i]] = t[i + 1]
}
{ nr = $2; print $1, nr, (nr in name) ? name[nr] : "?" }' |
	sort -n -r | head -n 10 |
	awk 'BEGIN { printf "%10s  %4s  %s\n", "CALLS", "NR", "SYSCALL" }
	     { printf "%10d  %4d  %s\n", $1, $2, $3 }'
run wasmk prog show name syscall_top

step "a syscall latency histogram: sys_enter and sys_exit share a map (examples/syscall_latency.c)"
run wasmk prog load $E/syscall_latency.wasm
run wasmk link attach name syscall_latency tracepoint raw_syscalls:sys_enter entry enter
run wasmk link attach name syscall_latency tracepoint raw_syscalls:sys_exit entry exit
ls -lR /proc/sys > /dev/null 2>&1
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),"prog":\([0-9]*\).*"target":"raw_syscalls:sys_exit".*/\1/p'); do
	run wasmk link detach "$l"
done
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*"target":"raw_syscalls:sys_enter".*/\1/p'); do
	run wasmk link detach "$l"
done
run wasmk map hist name latency_ns

step "kernel structures through BTF: tcpconnect reads the socket's fields, relocated at load for this kernel"
grep '^WASMK_FIELD' "$E/tcpconnect.c" 2>/dev/null
run wasmk prog load $E/tcpconnect.wasm
for f in tcp_v4_connect tcp_v6_connect; do
	run wasmk link attach name tcpconnect kprobe $f
	run wasmk link attach name tcpconnect kretprobe $f entry ret
done
ip netns exec peer wasmk-traffic tcp-server 6000 > /tmp/srv.out &
sleep 1
wasmk events name tcpconnect count 1 &
sleep 1
echo "# wasmk-traffic tcp 10.200.0.2 6000 1000    (a connection to the peer)"
wasmk-traffic tcp 10.200.0.2 6000 1000
wait
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),"prog":[0-9]*,"hook":"kretprobe\{0,1\}".*/\1/p'); do
	wasmk link detach "$l" > /dev/null
done

step "rewriting packets: nat_port on the peer's tc turns port 8080 into 80 and back (checksums fixed)"
insmod /lib/modules/sch_ingress.ko 2>/dev/null || true
insmod /lib/modules/cls_bpf.ko 2>/dev/null || true
run wasmk prog load $E/nat_port.wasm
run ip netns exec peer wasmk link attach name nat_port tc v1 ingress entry ingress
run ip netns exec peer wasmk link attach name nat_port tc v1 egress entry egress
ip netns exec peer wasmk-traffic tcp-server 80 > /tmp/srv80.out &
sleep 1
echo "# wasmk-traffic tcp 10.200.0.2 8080 5000    (the server listens on 80)"
wasmk-traffic tcp 10.200.0.2 8080 5000
wait
echo "# the server on port 80 read $(tail -n 1 /tmp/srv80.out) bytes"
run wasmk map dump name rewrites sum
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),"prog":[0-9]*,"hook":"tc".*/\1/p'); do
	ip netns exec peer wasmk link detach "$l" > /dev/null
done

step "a broken module is refused with the validator's reason"
run wasmk prog load $W/type_mismatch.invalid.wasm

step "the kernel log"
dmesg | grep wasmk
exit 0
