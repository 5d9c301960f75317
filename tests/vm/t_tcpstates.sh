# examples/tcpstates.c (issue 19): a tracepoint record link on
# sock:inet_sock_set_state (the trace event's record through perf, its
# fields relocated from BTF's trace_event_raw_inet_sock_set_state): the
# connection this test makes to the peer goes CLOSE -> SYN_SENT ->
# ESTABLISHED, with both addresses and ports as the record has them, and
# its close follows, and the server's socket goes SYN_RECV -> ESTABLISHED.
. ./lib.sh
grep -q tracefs /proc/mounts || mount -t tracefs nodev /sys/kernel/tracing 2> /dev/null || true
if [ ! -e /sys/kernel/tracing/events/sock/inet_sock_set_state/id ]; then
	echo "no trace events in tracefs in this kernel"
	exit 77
fi
peer_setup
wasmk prog load /opt/wasmk/examples/tcpstates.wasm
wasmk link attach name tcpstates tracepoint sock:inet_sock_set_state record > /dev/null
wasmk link list
wasmk -j link list | grep -q '"hook":"tracepoint_record","target":"sock:inet_sock_set_state"' ||
	fail "record link not listed: $(wasmk -j link list)"
wasmk events name tcpstates > /tmp/ts.out 2> /tmp/ts.err &
reader=$!
sleep 1
rm -f /tmp/srv.out
ip netns exec peer wasmk-traffic tcp-server 6000 > /tmp/srv.out &
srv=$!
wait_listening /tmp/srv.out
wasmk-traffic tcp 10.200.0.2 6000 1000 &
cli=$!
wait $cli
wait $srv
sleep 1
kill -INT $reader
wait $reader || true
cat /tmp/ts.out
# the client's socket: the first two changes, in order, with its port
grep ' dport=6000 ' /tmp/ts.out | grep 'saddr=::ffff:10.200.0.1' > /tmp/client
expect_eq "the client's first change" "$(sed -n 1p /tmp/client | sed 's/.* af=\([0-9]*\) sport=[0-9]* \(dport=6000\) pad=0 \(.*\)/af=\1 \2 \3/')" \
	"af=2 dport=6000 saddr=::ffff:10.200.0.1 daddr=::ffff:10.200.0.2 old=7 new=2"
expect_eq "its next" "$(sed -n 2p /tmp/client | sed 's/.* old=/old=/')" "old=2 new=1"
grep -q "pid=$cli comm=wasmk-traffic" /tmp/client || fail "not the connecting process ($cli)"
grep -q ' old=[0-9]* new=7$' /tmp/client || fail "no close of the client's socket"
sport=$(sed -n '2s/.* sport=\([0-9]*\) .*/\1/p' /tmp/client)	# bound by then
[ "$sport" -gt 1023 ] || fail "client port $sport"
grep -q " sport=6000 dport=$sport .* old=3 new=1\$" /tmp/ts.out || fail "no SYN_RECV -> ESTABLISHED on the server side"
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	wasmk link detach "$l"
done
wasmk prog unload name tcpstates > /dev/null
echo "ok: tcpstates"
