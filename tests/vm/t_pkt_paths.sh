# The write and verdict paths beyond the examples (issue 20), with
# tests/vm/wasm/pkt_paths.c on real traffic over the veth pair:
# - tc redirect out of a device: UDP from the peer to port 5800 comes back
#   to it from here, turned around on v0's tc ingress and redirected out
#   of v0 (where nothing listens on 5800, so only the redirect answers);
# - tc redirect into a device's receive path: UDP the peer sends to
#   10.200.0.1:5700 is turned around on v1's tc egress and redirected into
#   v1's own receive path: the peer's stack answers itself;
# - netfilter rewrites: UDP from here to the peer's port 5900 leaves as
#   5901 (output), where an echo server answers; the answers come back as
#   5900 again (prerouting), so a socket connected to 5900 takes them in;
#   with checksum offload on and off, and no checksum error counted; UDP
#   to 5902 is rewritten and dropped;
# each link counts its verdicts.  Without the handlers, none comes back.
. ./lib.sh
[ -e /sys/kernel/btf/wasmk ] || fail "wasmk.ko carries no BTF: no tc links"
peer_setup
tc_modules
wasmk prog load /opt/wasmk/wasm/pkt_paths.wasm > /dev/null

expect_eq "echoes from 10.200.0.1:5800 without a handler" \
	"$(peer wasmk-traffic udp-echo 10.200.0.1 5800 1)" 0
id=$(attach name pkt_paths tc v0 ingress entry tc_reflect)
expect_eq "tc redirect out of v0: echoes" "$(peer wasmk-traffic udp-echo 10.200.0.1 5800 20)" 20
[ "$(link_counter "$id" redirected)" -ge 20 ] || fail "redirected: $(wasmk link list)"
wasmk link detach "$id" > /dev/null

expect_eq "echoes from 10.200.0.1:5700 without a handler" \
	"$(peer wasmk-traffic udp-echo 10.200.0.1 5700 1)" 0
id=$(peer sh -c '. ./lib.sh; attach name pkt_paths tc v1 egress entry tc_loopback')
expect_eq "tc redirect into v1's receive path: echoes" \
	"$(peer wasmk-traffic udp-echo 10.200.0.1 5700 20)" 20
[ "$(link_counter "$id" redirected)" -ge 20 ] || fail "redirected: $(wasmk link list)"
peer wasmk link detach "$id" > /dev/null

peer wasmk-traffic udp-echo-server 5901 > /tmp/echo.out &
epid=$!
wait_listening /tmp/echo.out
expect_eq "echoes from port 5900 without a handler" "$(wasmk-traffic udp-echo 10.200.0.2 5900 1)" 0
out=$(attach name pkt_paths netfilter ipv4 output entry nf_out)
in=$(attach name pkt_paths netfilter ipv4 prerouting entry nf_in)
errs0="$(snmp - Udp InCsumErrors) $(snmp peer Udp InCsumErrors)"
for offload in on off; do
	wasmk-traffic tx-csum v0 $offload
	peer wasmk-traffic tx-csum v1 $offload
	expect_eq "offload $offload: netfilter rewrites: echoes" \
		"$(wasmk-traffic udp-echo 10.200.0.2 5900 20)" 20
	expect_eq "offload $offload: checksum errors here, there" \
		"$(snmp - Udp InCsumErrors) $(snmp peer Udp InCsumErrors)" "$errs0"
done
d0=$(link_counter "$out" dropped)
expect_eq "a rewritten and dropped datagram: echoes" "$(wasmk-traffic udp-echo 10.200.0.2 5902 2)" 0
expect_eq "output link drops" $(($(link_counter "$out" dropped) - d0)) 2
wasmk link list
wasmk link detach "$out" > /dev/null
wasmk link detach "$in" > /dev/null
kill $epid
wasmk prog unload name pkt_paths
