# A per-port counter on real TCP and UDP traffic over IPv4 and IPv6,
# configured and read with MEM_WRITE/MEM_READ by the symbols it exports:
# the counts match what was sent (UDP: datagrams sent; TCP: segments the
# peer's stack received).
. ./lib.sh
peer_setup
wasmk prog load /opt/wasmk/examples/port_counter.wasm
# ports[0] = 5000 (0x1388), ports[1] = 6000 (0x1770), little-endian u16
wasmk mem write name port_counter ports 88137017
wasmk mem read name port_counter ports 4 cpu 0 | grep -q '88 13 70 17' || fail "config not written"
wasmk link attach name port_counter netfilter ipv4 input
wasmk link attach name port_counter netfilter ipv6 input

# UDP over IPv4 and IPv6: 7 + 5 datagrams to port 5000, 3 to port 5001
wasmk-traffic udp 10.200.0.2 5000 7
wasmk-traffic udp fd00::2 5000 5
wasmk-traffic udp 10.200.0.2 5001 3

# TCP to port 6000: count the segments the peer received
in0=$(snmp peer Tcp InSegs)
rm -f /tmp/srv.out
ip netns exec peer wasmk-traffic tcp-server 6000 > /tmp/srv.out &
wait_listening /tmp/srv.out
wasmk-traffic tcp 10.200.0.2 6000 100000
wait
in1=$(snmp peer Tcp InSegs)
echo "server read $(tail -n 1 /tmp/srv.out) bytes; peer TCP InSegs $in0 -> $in1"

wasmk mem read name port_counter tcp_counts 128 sum > /tmp/tcp
wasmk mem read name port_counter udp_counts 128 sum > /tmp/udp
tcp6000=$(sed -n 2p /tmp/tcp)
udp5000=$(sed -n 1p /tmp/udp)
udp_other=$(sed -n 2p /tmp/udp)
expect_eq "UDP datagrams to 5000" "$udp5000" 12
expect_eq "UDP to 6000 (none sent)" "$udp_other" 0
expect_eq "TCP segments to 6000" "$tcp6000" $((in1 - in0))
[ "$tcp6000" -gt 3 ] || fail "too few TCP segments: $tcp6000"
wasmk link list
wasmk -j link list | grep -q '"family":"ipv6"' || fail "no ipv6 link listed"
