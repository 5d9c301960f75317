# examples/nat_port.c (issue 20): a server in namespace peer listens on
# port 80; the client here talks to port 8080.  nat_port on the peer's tc
# ingress rewrites the destination port 8080 -> 80 and on its egress the
# replies' source port 80 -> 8080, fixing the L4 checksum each time.  TCP
# (IPv4, IPv6) delivers every byte and UDP echoes come back from 8080,
# with no checksum error counted on either side: once with checksum
# offload on (veth: the kernel sends CHECKSUM_PARTIAL packets, the
# checksum is finished later) and once off on both ends (full checksums
# in every packet, checked by the receiver).  Both directions count
# their rewrites in the map.  Without the links, 8080 is closed.
. ./lib.sh
[ -e /sys/kernel/btf/wasmk ] || fail "wasmk.ko carries no BTF: no tc links"
peer_setup
tc_modules
# tcp_via ADDR: 20000 bytes to ADDR:8080, read by a server on port 80
tcp_via() {
	rm -f /tmp/srv.out
	peer wasmk-traffic tcp-server 80 > /tmp/srv.out &
	spid=$!
	wait_listening /tmp/srv.out
	wasmk-traffic tcp "$1" 8080 20000 || fail "$2: TCP to $1 port 8080 failed"
	wait $spid
	expect_eq "$2: bytes the server on port 80 read from $1" "$(tail -n 1 /tmp/srv.out)" 20000
}
csum_errors() {
	echo "$(snmp - Tcp InCsumErrors) $(snmp - Udp InCsumErrors)" \
	     "$(snmp peer Tcp InCsumErrors) $(snmp peer Udp InCsumErrors)"
}

peer wasmk-traffic udp-echo-server 80 > /tmp/echo.out &
epid=$!
wait_listening /tmp/echo.out
expect_rc 1 wasmk-traffic tcp 10.200.0.2 8080 10
expect_eq "UDP echoes from 8080 without nat_port" "$(wasmk-traffic udp-echo 10.200.0.2 8080 1)" 0

wasmk prog load /opt/wasmk/examples/nat_port.wasm > /dev/null
in_id=$(peer sh -c '. ./lib.sh; attach name nat_port tc v1 ingress entry ingress')
out_id=$(peer sh -c '. ./lib.sh; attach name nat_port tc v1 egress entry egress')
wasmk link list
errs0=$(csum_errors)
for offload in on off; do
	wasmk-traffic tx-csum v0 $offload
	peer wasmk-traffic tx-csum v1 $offload
	tcp_via 10.200.0.2 "offload $offload"
	tcp_via fd00::2 "offload $offload"
	expect_eq "offload $offload: UDP echoes from 8080" \
		"$(wasmk-traffic udp-echo 10.200.0.2 8080 20)" 20
	expect_eq "offload $offload: UDP echoes from [fd00::2]:8080" \
		"$(wasmk-traffic udp-echo fd00::2 8080 20)" 20
	expect_eq "offload $offload: checksum errors (Tcp, Udp here; Tcp, Udp there)" \
		"$(csum_errors)" "$errs0"
done
wasmk map dump name rewrites
inb=$(wasmk map lookup name rewrites key 0 sum | sed -n 's/.*packets=\([0-9]*\).*/\1/p')
outb=$(wasmk map lookup name rewrites key 1 sum | sed -n 's/.*packets=\([0-9]*\).*/\1/p')
# 4 connections of 20000 bytes each way and 80 datagrams: well over 100 packets
[ "$inb" -ge 100 ] && [ "$outb" -ge 100 ] || fail "rewrites counted: in $inb, out $outb"
echo "ok: $inb packets rewritten in, $outb out"
[ "$(link_counter "$in_id" dropped)" = 0 ] || fail "ingress dropped packets: $(wasmk link list)"
peer wasmk link detach "$in_id" > /dev/null
peer wasmk link detach "$out_id" > /dev/null
expect_rc 1 wasmk-traffic tcp 10.200.0.2 8080 10
kill $epid
wasmk prog unload name nat_port
