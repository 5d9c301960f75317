# XDP and tc links: the same drop_icmp.wasm that runs on netfilter runs
# from the CLI's eBPF shim on native XDP, generic XDP, tc ingress and tc
# egress of a veth pair: ping to the peer fails while attached, TCP still
# passes, the link counts runs and drops, detach restores ping.  A
# fuel-trapping handler on XDP gets the default verdict.  rmmod is refused
# while a shim is attached and works after detach.
. ./lib.sh
E=/opt/wasmk/examples W=/opt/wasmk/wasm
# (kfuncs need BTF; every test kernel has it)
[ -e /sys/kernel/btf/vmlinux ] || fail "the kernel has no BTF: no kfuncs"
if [ ! -e /sys/kernel/btf/wasmk ]; then
	fail "wasmk.ko carries no BTF (/sys/kernel/btf/wasmk missing): XDP and tc can't work"
fi
wasmk -j version | grep -q '"xdp"' || fail "the module does not report XDP support: $(wasmk -j version)"
peer_setup
tc_modules
wasmk prog load $E/drop_icmp.wasm

ping_ok() {
	ping -c 1 -W 2 10.200.0.2 > /dev/null 2>&1 || fail "$1: ping failed"
	echo "ok: $1: ping works"
}
ping_dropped() {
	! ping -c 2 -W 1 10.200.0.2 > /dev/null 2>&1 || fail "$1: ping went through"
	echo "ok: $1: ping dropped"
}
tcp_ok() {
	rm -f /tmp/srv.out
	peer wasmk-traffic tcp-server 6000 > /tmp/srv.out &
	spid=$!
	wait_listening /tmp/srv.out
	wasmk-traffic tcp 10.200.0.2 6000 20000 || fail "$1: TCP connect failed"
	wait $spid
	expect_eq "$1: bytes the peer read over TCP" "$(tail -n 1 /tmp/srv.out)" 20000
}
# link_field NS-PREFIX FIELD: FIELD of the only link
link_field() {
	wasmk -j link list | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" | head -n 1
}

ping_ok "before"
# attach IN-PEER? DEV ARGS...: attach and check; prints the link id
for how in "peer:v1:xdp v1" "peer:v1:xdp v1 mode generic" "peer:v1:tc v1 ingress" \
	   "host:v0:tc v0 egress"; do
	ns=${how%%:*} rest=${how#*:} args=${rest#*:}
	run=""
	[ "$ns" = peer ] && run="ip netns exec peer"
	$run wasmk link attach name drop_icmp $args > /tmp/att.out 2>&1 ||
		fail "$args: attach: $(cat /tmp/att.out)"
	id=$(link_field id)
	wasmk link list
	ping_dropped "$args"
	tcp_ok "$args"
	runs=$(link_field runs) dropped=$(link_field dropped)
	[ "$runs" -gt 0 ] && [ "$dropped" -ge 2 ] || fail "$args: runs $runs, dropped $dropped"
	echo "ok: $args: link $id ran $runs times, dropped $dropped"
	if [ "$ns" = peer ]; then
		expect_rc 1 wasmk link detach "$id"
		grep -q 'another network namespace' /tmp/expect.out || fail "$(cat /tmp/expect.out)"
	fi
	$run wasmk link detach "$id" || fail "$args: detach failed"
	[ -z "$(wasmk -j link list | grep '"id"')" ] || fail "$args: link still listed"
	ping_ok "$args, detached"
done

# A handler that runs out of fuel gets the link's default verdict.
wasmk prog load $W/spin.wasm fuel 10000
peer wasmk link attach name spin xdp v1 mode generic fail-closed > /dev/null
id=$(link_field id)
ping_dropped "spin, fail-closed"
traps=$(link_field traps)
[ "$traps" -gt 0 ] || fail "no traps counted"
wasmk -j prog show name spin | grep -q '"fuel exhausted":[1-9]' || fail "no fuel traps: $(wasmk -j prog show name spin)"
peer wasmk link detach "$id" > /dev/null
peer wasmk link attach name spin xdp v1 mode generic fail-open > /dev/null
id=$(link_field id)
ping_ok "spin, fail-open"

# rmmod is refused while an eBPF shim holds the module; fine after detach
expect_rc 1 rmmod wasmk
echo "rmmod said: $(cat /tmp/expect.out)"
dmesg | grep "wasmk: link $id: xdp on ifindex [0-9]*; its eBPF shim holds wasmk.ko: 'wasmk link detach $id' before rmmod" ||
	fail "the kernel log does not name link $id as what holds the module"
peer wasmk link detach "$id" > /dev/null
wasmk prog unload name spin
wasmk prog unload name drop_icmp
# the shim's program is freed after an RCU grace period: give it a moment
i=0
until rmmod wasmk 2> /tmp/rmmod.err; do
	i=$((i + 1))
	[ $i -lt 20 ] || fail "rmmod after detach: $(cat /tmp/rmmod.err)"
	sleep 0.5
done
echo "ok: rmmod after detach"
insmod "$WASMK_KO"
