# examples/tcplife.c (issue 19): each TCP connection this test makes shows
# up when it closes, with the client process, both ends and ports, and
# the bytes each way from tcp_sock's counters through relocated fields:
# the client's acked bytes are what the server read (plus SYN and FIN).
# IPv4 and IPv6.
. ./lib.sh
peer_setup
wasmk prog load /opt/wasmk/examples/tcplife.wasm
wasmk link attach name tcplife tracepoint sock:inet_sock_set_state > /dev/null
wasmk events name tcplife > /tmp/tl.out 2> /tmp/tl.err &
reader=$!
sleep 1
conn() {	# conn ADDR BYTES: one connection sending BYTES; prints the client's pid
	rm -f /tmp/srv.out
	ip netns exec peer wasmk-traffic tcp-server 6000 > /tmp/srv.out &
	srv=$!
	wait_listening /tmp/srv.out
	wasmk-traffic tcp "$1" 6000 "$2" &
	cli=$!
	wait $cli || fail "connect to $1 failed"
	wait $srv
	[ "$(tail -n 1 /tmp/srv.out)" = "$2" ] || fail "the server read $(tail -n 1 /tmp/srv.out)"
	echo $cli
}
pid4=$(conn 10.200.0.2 100000)
pid6=$(conn fd00::2 20000)
sleep 1
kill -INT $reader
wait $reader || true
cat /tmp/tl.out
# tx and rx count sequence space: the SYN and the FIN one byte each (the
# client sees the server's FIN, or not if it closed first)
grep -q " pid=$pid4 comm=wasmk-traffic laddr=::ffff:10.200.0.1 raddr=::ffff:10.200.0.2 lport=[1-9][0-9]* rport=6000 tx=100002 rx=[01] us=[0-9]*\$" /tmp/tl.out ||
	fail "no IPv4 client connection of pid $pid4"
grep -q " laddr=::ffff:10.200.0.2 raddr=::ffff:10.200.0.1 lport=6000 rport=[1-9][0-9]* tx=1 rx=100001 us=[0-9]*\$" /tmp/tl.out ||
	fail "no IPv4 server side"
grep -q " pid=$pid6 comm=wasmk-traffic laddr=fd00::1 raddr=fd00::2 lport=[1-9][0-9]* rport=6000 tx=20002 rx=[01] us=[0-9]*\$" /tmp/tl.out ||
	fail "no IPv6 client connection of pid $pid6"
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	wasmk link detach "$l"
done
wasmk prog unload name tcplife > /dev/null
echo "ok: tcplife"
