# examples/tcpconnect.c (issue 19): TCP connections this test makes over
# IPv4 and IPv6 to the peer appear as events with the connecting process's
# pid and comm, both addresses and the port, read from the socket through
# fields relocated in this kernel's BTF.  (As libbpf-tools' tcpconnect, it
# reports attempts: tcp_v4_connect succeeds once the SYN is sent.)
. ./lib.sh
peer_setup
wasmk prog load /opt/wasmk/examples/tcpconnect.wasm
for f in tcp_v4_connect tcp_v6_connect; do
	wasmk link attach name tcpconnect kprobe $f > /dev/null
	wasmk link attach name tcpconnect kretprobe $f entry ret > /dev/null
done
wasmk events name tcpconnect count 2 > /tmp/ev 2> /tmp/ev.err &
reader=$!
sleep 1
connect() {	# connect ADDR: one connection to the peer's port 6000; prints the client's pid
	rm -f /tmp/srv.out
	ip netns exec peer wasmk-traffic tcp-server 6000 > /tmp/srv.out &
	srv=$!
	wait_listening /tmp/srv.out
	wasmk-traffic tcp "$1" 6000 1000 &
	cli=$!
	wait $cli || fail "connect to $1 failed"
	wait $srv
	echo $cli
}
pid4=$(connect 10.200.0.2)
pid6=$(connect fd00::2)
wait $reader
cat /tmp/ev /tmp/ev.err
expect_eq "events" "$(wc -l < /tmp/ev)" 2
grep -q "pid=$pid4 uid=0 saddr=::ffff:10.200.0.1 daddr=::ffff:10.200.0.2 dport=6000 af=2 comm=wasmk-traffic\$" /tmp/ev ||
	fail "no IPv4 event for pid $pid4"
grep -q "pid=$pid6 uid=0 saddr=fd00::1 daddr=fd00::2 dport=6000 af=10 comm=wasmk-traffic\$" /tmp/ev ||
	fail "no IPv6 event for pid $pid6"
expect_eq "sockets left in the map" "$(wasmk -j map show name connecting | sed -n 's/.*"entries":\([0-9]*\).*/\1/p')" 0
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	wasmk link detach "$l"
done
wasmk prog unload name tcpconnect > /dev/null
echo "ok: tcpconnect"
