# XDP head and tail adjustment (issue 20) with tests/vm/wasm/ipip.c: UDP
# from here to 10.200.0.100:4000 (routed to the peer) is reflected by the
# peer's XDP handler, wrapped in an IPIP header it pushes and a trailer it
# appends, and sent back with XDP_TX; this side's XDP handler checks and
# strips the trailer, pops the outer header and passes the inner datagram,
# which arrives intact at the sending socket from 10.200.0.100:4000.
# Both handlers also check the limits (-EINVAL past the headroom and
# below 14 bytes) and that what they add reads as zero.  Native and
# generic XDP; without the decapsulating handler the stack refuses the
# IPIP packets (no tunnel here: InUnknownProtos).  On tc the adjustments
# are refused with EOPNOTSUPP.
. ./lib.sh
[ -e /sys/kernel/btf/wasmk ] || fail "wasmk.ko carries no BTF: no XDP links"
peer_setup
tc_modules
ip route add 10.200.0.100/32 via 10.200.0.2
# full checksums leave here (an XDP_TX frame can't carry a partial one back)
wasmk-traffic tx-csum v0 off
N=30
wasmk prog load /opt/wasmk/wasm/ipip.wasm > /dev/null
wasmk prog load /opt/wasmk/wasm/counter.wasm > /dev/null
for mode in native generic; do
	dec=$(attach name ipip xdp v0 mode $mode entry decap)
	enc=$(ip netns exec peer sh -c ". ./lib.sh; attach name ipip xdp v1 mode $mode entry encap_reflect")
	expect_eq "$mode: echoes through the tunnel" "$(wasmk-traffic udp-echo 10.200.0.100 4000 $N)" $N
	wasmk link list
	[ "$(link_counter "$enc" tx)" -ge $N ] || fail "$mode: encap_reflect sent $(link_counter "$enc" tx)"
	expect_eq "$mode: decap drops" "$(link_counter "$dec" dropped)" 0
	expect_eq "$mode: encap_reflect drops" "$(link_counter "$enc" dropped)" 0
	[ "$(link_counter "$dec" passed)" -ge $N ] || fail "$mode: decap passed $(link_counter "$dec" passed)"
	echo "ok: $mode: $(link_counter "$enc" tx) encapsulated with XDP_TX, decapsulated and passed"
	wasmk link detach "$dec" > /dev/null
	# (a handler that passes everything instead: native XDP_TX into v0 needs one)
	pass=$(attach name counter xdp v0 mode $mode)
	unknown0=$(snmp - Ip InUnknownProtos)
	expect_eq "$mode: echoes without decap" "$(wasmk-traffic udp-echo 10.200.0.100 4000 2)" 0
	[ $(($(snmp - Ip InUnknownProtos) - unknown0)) -ge 2 ] ||
		fail "$mode: the stack did not see the IPIP packets: InUnknownProtos $unknown0 -> $(snmp - Ip InUnknownProtos)"
	echo "ok: $mode: without decap the stack refuses them (InUnknownProtos)"
	wasmk link detach "$pass" > /dev/null
	ip netns exec peer wasmk link detach "$enc" > /dev/null
done
# tc: the handler drops unless both adjustments say EOPNOTSUPP
tcid=$(attach name ipip tc v0 egress entry tc_adjust)
ping -c 2 -W 2 10.200.0.2 > /dev/null || fail "tc: pings dropped: $(wasmk link list)"
expect_eq "tc: drops" "$(link_counter "$tcid" dropped)" 0
echo "ok: tc refuses head and tail adjustment (EOPNOTSUPP)"
wasmk link detach "$tcid" > /dev/null
wasmk prog unload name ipip
wasmk prog unload name counter
