# examples/xdp_reflect.c (issue 20): UDP to the peer's port 7, where
# nothing listens, comes back to the sender because the handler on the
# peer's device swaps addresses and ports and returns XDP_TX: on native
# XDP and generic XDP, over IPv4 and IPv6.  The echoes arrive intact at a
# socket connected to the peer's port 7 (so from that address and port),
# with no checksum error counted, and the link counts them as tx.  Without
# the handler nothing comes back.
. ./lib.sh
[ -e /sys/kernel/btf/wasmk ] || fail "wasmk.ko carries no BTF: no XDP links"
peer_setup
N=50
# Native XDP_TX out of a veth lands in its peer's XDP queue, which 6.1
# serves only while the peer has an XDP program: a handler that passes
# everything (and counts) on v0.  The datagrams leave v0 with full
# checksums (tx offload off: an XDP frame has no skb to carry a partial
# checksum back, and the receiver checks it).
wasmk-traffic tx-csum v0 off
wasmk prog load /opt/wasmk/wasm/counter.wasm > /dev/null
pass_id=$(attach name counter xdp v0)
expect_eq "echoes without a handler" "$(wasmk-traffic udp-echo 10.200.0.2 7 1)" 0
wasmk prog load /opt/wasmk/examples/xdp_reflect.wasm > /dev/null
errs0=$(snmp - Udp InCsumErrors)
for mode in native generic; do
	id=$(ip netns exec peer sh -c ". ./lib.sh; attach name xdp_reflect xdp v1 mode $mode")
	expect_eq "$mode: IPv4 echoes" "$(wasmk-traffic udp-echo 10.200.0.2 7 $N)" $N
	expect_eq "$mode: IPv6 echoes" "$(wasmk-traffic udp-echo fd00::2 7 $N)" $N
	wasmk link list
	tx=$(link_counter "$id" tx)
	[ "$tx" -ge $((2 * N)) ] || fail "$mode: link counts tx $tx, want >= $((2 * N))"
	echo "ok: $mode: the link counts $tx XDP_TX verdicts"
	ip netns exec peer wasmk link detach "$id"
done
expect_eq "UDP checksum errors here" "$(snmp - Udp InCsumErrors)" "$errs0"
expect_eq "echoes after detach" "$(wasmk-traffic udp-echo 10.200.0.2 7 1)" 0
wasmk prog unload name xdp_reflect
# (an attached shim holds wasmk.ko: the next test's rmmod needs it gone)
wasmk link detach "$pass_id" > /dev/null
