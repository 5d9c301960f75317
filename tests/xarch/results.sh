# Guest side of scripts/xarch-compare: every example handler (and the float
# and trap test modules) on fixed inputs through PROG_TEST_RUN, plus a
# digest of the memory the handler wrote.  One "CASE NAME: RESULT" line
# each, with nothing that may differ between runs or architectures (no
# times, no pids); the host compares the lines of an x86-64 and an arm64
# run.  Syscall numbers here are plain inputs, the same on both.  The one
# thing Wasm leaves to the hardware, the sign of a NaN that an operation
# makes, is read as "canonical NaN" (floats below).
E=/opt/wasmk/examples W=/opt/wasmk/wasm

# run NAME PROG ARGS...: one test run, its result or trap and its fuel
run() {
	name=$1
	shift
	out=$(wasmk prog test-run "$@" 2>&1 | head -n 1)
	echo "CASE $name: $(echo "$out" | sed 's/, [0-9]* ns\/run$//')"
}
# mem NAME PROG OFF LEN: a digest of what all CPUs' memories sum to.
# A failed read or load ends the run (a failure both architectures share
# must not compare equal).
mem() {
	name=$1
	shift
	d=$(wasmk mem read name "$@" sum) || { echo "mem read $* failed"; exit 1; }
	echo "CASE $name: $(echo "$d" | md5sum | cut -c1-16)"
}
# mapsum NAME MAP: a digest of a map's entries summed over CPUs.
mapsum() {
	d=$(wasmk map dump name "$2" sum) || { echo "map dump $2 failed"; exit 1; }
	echo "CASE $1: $(echo "$d" | md5sum | cut -c1-16)"
}
load() {
	wasmk prog load "$@" > /dev/null || { echo "load $* failed"; exit 1; }
}

# IPv4: echo request to 10.200.0.2 and .3, a truncated header, UDP and
# TCP from port 5000 to ports 5003 and 5000
h() {
	echo "$*" | tr -d ' '
}
pkt() {
	case $1 in
	icmp2) h 4500001c 00004000 4001 0000 0ac80001 0ac80002 0800f7ff 00000000 ;;
	icmp3) h 4500001c 00004000 4001 0000 0ac80001 0ac80003 0800f7ff 00000000 ;;
	udp5003) h 45000020 00000000 4011 0000 c0a80001 c0a80002 1388 138b 000c 0000 00000000 ;;
	udp5000) h 45000020 00000000 4011 0000 c0a80001 c0a80002 1388 1388 000c 0000 00000000 ;;
	tcp5003) h 45000028 00000000 4006 0000 c0a80001 c0a80002 1388 138b \
		00000000 00000000 5002 0000 0000 0000 ;;
	tcp5000) h 45000028 00000000 4006 0000 c0a80001 c0a80002 1388 1388 \
		00000000 00000000 5002 0000 0000 0000 ;;
	ipv6) h 60000000 0008 11 40 fd000000000000000000000000000001 \
		fd000000000000000000000000000002 1388 1389 0008 0000 ;;
	esac
}
pkts="icmp2 icmp3 udp5003 udp5000 tcp5003 tcp5000 ipv6"
short=45

for p in drop_icmp:$E/drop_icmp.wasm drop_port:$E/drop_port.wasm \
	 port_counter:$E/port_counter.wasm rate_limit:$E/rate_limit.wasm \
	 pkt_events:$E/pkt_events.wasm; do
	load "${p#*:}"
done
wasmk mem write name drop_port 0x100 8b130000 > /dev/null		# port 5003
wasmk mem write name port_counter ports 88138b13 > /dev/null	# 5000, 5003
# (rate_limit stays off: with a rate its verdicts and fuel depend on the
# time between runs and on the CPU each run lands on, per-CPU buckets)
for prog in drop_icmp drop_port port_counter rate_limit pkt_events; do
	for p in $pkts; do
		run "$prog $p" name "$prog" hex "$(pkt "$p")"
	done
	run "$prog short" name "$prog" hex $short
done
mem "drop_port memory" drop_port 0x100 16
mem "port_counter memory" port_counter tcp_counts 128
mem "port_counter udp" port_counter udp_counts 128

# Tracing handlers: syscall and kprobe contexts
load $E/syscall_count.wasm
load $E/syscall_top.wasm
load $E/exec_logger.wasm
load $E/exec_count.wasm
load $E/socket_probe.wasm
for nr in 0 39 59 172 221 257 600 -1; do
	for prog in syscall_count syscall_top exec_logger; do
		run "$prog syscall $nr" name $prog syscall $nr 0 1 2
	done
done
mapsum "syscall_top map" syscalls
mem "exec_logger memory" exec_logger 0x18000 16
run "exec_count args" name exec_count args 0 1
run "exec_count negative" name exec_count args 0 -5
mem "exec_count memory" exec_count 0x18000 24
run "socket_probe kprobe" name socket_probe args 10 524290 17
run "socket_probe kprobe 2" name socket_probe args 12345 1 0
run "socket_probe kretprobe" name socket_probe args -97 entry ret
run "socket_probe kretprobe wide" name socket_probe args 0x1ffffffff entry ret
mem "socket_probe memory" socket_probe 0x18000 48

# Test modules: floats (the FPU section of each arch), collatz, traps
load $W/floats.wasm
for c in "muladd 0x3ff0000000400000 0x3ff0000000400000 0xbff0000000800000" \
	 "sqrt 0x4000000000000000" "sqrt 0xbff0000000000000" \
	 "div 0x3ff0000000000000 0x4008000000000000" "div 0 0" \
	 "div 0x3ff0000000000000 0x8000000000000000" \
	 "nearest 0x4004000000000000" "nearest 0xbfe0000000000000" \
	 "min 0x7ff8000000000000 0x3ff0000000000000" "min 0x8000000000000000 0" \
	 "f32add 0x3dcccccd 0x3e4ccccd" "f32add 0x7f7fffff 0x7f7fffff" \
	 "trunc 0xc00f333333333333" "trunc 0x7ff8000000000000" "trunc 0x4202a05f20000000" \
	 "convert 0xffffffffffffffff" "convert 0x8000000000000001" \
	 "demote 0x3ff0000030000000" "demote 0x3ff0000010000000" "demote 0x0000000000000001"; do
	# shellcheck disable=SC2086
	set -- $c
	e=$1
	shift
	# A NaN result's sign is the hardware's (x86: negative, arm64:
	# positive): Wasm leaves it open, so both read "canonical NaN".
	run "floats $c" name floats args "$@" entry "$e" |
		sed -E 's/: result (-524288|2146959360),/: result canonical NaN,/'
done
load $W/collatz.wasm
run "collatz 27" name collatz hex 000000000000000000000000000000000000000000000000000000
load $W/traps.wasm
for e in oob div0 unreachable ok; do
	run "traps $e" name traps hex 00 entry $e
done
# how deep recursion gets before the stack runs out is each tier's own
echo "CASE traps recurse: $(wasmk prog test-run name traps hex 00 entry recurse 2>&1 |
	sed -n 's/^\(trap: [^,]*\),.*/\1/p')"
echo XARCH-DONE
