# Every command's -j output is JSON (checked by a strict parser, since
# the VM has no jq), and -p pretty output too; errors with -j are a JSON
# object as well, on the same exit codes.
. ./lib.sh
E=/opt/wasmk/examples W=/opt/wasmk/wasm
peer_setup
n=0
# json CMD...: run `wasmk -j CMD...` and `wasmk -p CMD...`, both must
# succeed and print JSON
json() {
	for opt in -j -p; do
		wasmk $opt "$@" > /tmp/j.out 2> /tmp/j.err || fail "wasmk $opt $*: exit $?: $(cat /tmp/j.err)"
		wasmk-jsoncheck < /tmp/j.out > /dev/null 2> /tmp/j.bad ||
			fail "wasmk $opt $*: $(cat /tmp/j.bad): $(cat /tmp/j.out)"
	done
	n=$((n + 1))
}
# json_once CMD...: a command that changes state runs once, with -j or
# -p in turn
json_once() {
	opt=-j
	[ $((n % 2)) = 1 ] && opt=-p
	wasmk $opt "$@" > /tmp/j.out 2> /tmp/j.err || fail "wasmk $opt $*: exit $?: $(cat /tmp/j.err)"
	wasmk-jsoncheck < /tmp/j.out > /dev/null 2> /tmp/j.bad ||
		fail "wasmk $opt $*: $(cat /tmp/j.bad): $(cat /tmp/j.out)"
	n=$((n + 1))
}
# json_err RC CMD...: a failing command, -j: exit RC and a JSON error
json_err() {
	rc=$1
	shift
	set +e
	wasmk -j "$@" > /tmp/j.out 2> /dev/null
	got=$?
	set -e
	[ "$got" = "$rc" ] || fail "wasmk -j $*: exit $got, want $rc"
	wasmk-jsoncheck < /tmp/j.out > /dev/null 2> /tmp/j.bad || fail "wasmk -j $*: $(cat /tmp/j.bad)"
	grep -q '"error":' /tmp/j.out || fail "wasmk -j $*: no error member: $(cat /tmp/j.out)"
	n=$((n + 1))
}

json version
json check $E/drop_icmp.wasm
json run $W/collatz.wasm --invoke handler 27
json_once prog load $E/port_counter.wasm name pc
json_once prog load $E/exec_logger.wasm name ex
json prog list
json prog show name pc
json prog show name ex
json prog test-run name pc hex 45000014000000004011000000000000 repeat 3
json prog test-run name ex syscall 39 1 2 3
json_once mem write name pc ports 8813
json_once mem write name ex 0x17000 "$(le32 "$(sysnr execve)")$(le32 "$(sysnr execveat)")"
json mem read name pc ports 4
json mem read name pc ports 4 cpu 0
json mem read name pc tcp_counts+8 16 sum
json_once link attach name pc netfilter ipv4 input
json_once link attach name ex tracepoint raw_syscalls:sys_enter
json_once prog load $E/socket_probe.wasm name sp
json_once link attach name sp kprobe __sys_socket
json_once link attach name sp kretprobe __sys_socket entry ret
wasmk-traffic udp 10.200.0.2 5000 3
json link list
json top interval 1 count 1
# events: a bounded read
/bin/true
json_once events name ex count 1
for id in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	json_once link detach "$id"
done
json_once prog unload name sp
json_once prog unload name ex
json_once prog unload name pc

# errors, -j: usage (2) and failure (1)
json_err 2 prog frobnicate
json_err 2 mem
json_err 2 link attach
json_err 1 prog show name nosuch
json_err 1 link detach 999
json_err 1 check /opt/wasmk/wasm/type_mismatch.invalid.wasm
json_err 1 prog load /opt/wasmk/wasm/bad_import.wasm
json_err 1 mem read 999 0 8
json_err 1 mem read name pc no_such_symbol 8
json_err 1 events name nosuch
echo "ok: $n commands printed JSON"
