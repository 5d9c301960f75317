# XDP and tc links by slot (hook_xdp.c): the kfuncs find a link in a table
# of 1024 slots that its id names, so link ids whose slot is taken are
# skipped.  With a tc link attached, the ids are advanced (netfilter links
# attached and detached by the ABI helper) to just before its slot comes
# round again: the next XDP link must get another slot, and both links
# must run on the traffic, each counted in its own statistics.
. ./lib.sh
E=/opt/wasmk/examples
peer_setup
tc_modules
wasmk prog load $E/drop_icmp.wasm
pid=$(wasmk -j prog show name drop_icmp | sed -n 's/^{"id":\([0-9]*\),.*/\1/p')
[ -n "$pid" ] || fail "no program id: $(wasmk -j prog show name drop_icmp)"

a=$(attach name drop_icmp tc v0 egress)
[ -n "$a" ] || fail "no id for the tc link"
last=$(wasmk-abi-test advance "$pid" $(( (a + 1023) % 1024 ))) || fail "advancing the ids failed"
[ "$last" -gt "$a" ] || fail "ids did not advance: $last after $a"
echo "ok: ids advanced to $last; the next one ($((last + 1))) names tc link $a's slot"
peer wasmk link attach name drop_icmp xdp v1 mode generic > /tmp/att.out 2>&1 ||
	fail "xdp attach: $(cat /tmp/att.out)"
b=$(sed -n 's/.* as link \([0-9]*\)$/\1/p' /tmp/att.out)
[ -n "$b" ] && [ "$b" -gt "$last" ] || fail "xdp link id '$b' (after $last)"
[ $((b % 1024)) -ne $((a % 1024)) ] || fail "xdp link $b shares tc link $a's slot"
echo "ok: xdp link $b skipped id $((last + 1)) (slot $((a % 1024)))"

# TCP passes both; each link runs on its own device
peer wasmk-traffic tcp-server 6000 > /tmp/srv.out &
spid=$!
wait_listening /tmp/srv.out
wasmk-traffic tcp 10.200.0.2 6000 20000 || fail "TCP connect failed"
wait $spid
ra=$(link_counter "$a" runs) rb=$(link_counter "$b" runs)
[ "${ra:-0}" -gt 0 ] && [ "${rb:-0}" -gt 0 ] || fail "runs: tc link $a ${ra:-none}, xdp link $b ${rb:-none}"
echo "ok: tc link $a ran $ra times, xdp link $b $rb times"

# ICMP: dropped at tc egress first; with it gone, at the peer's XDP
wasmk link detach "$a" || fail "detach $a"
da=$(link_counter "$b" dropped)
! ping -c 2 -W 1 10.200.0.2 > /dev/null 2>&1 || fail "ping passed the xdp link"
db=$(link_counter "$b" dropped)
[ "$db" -ge $((da + 2)) ] || fail "xdp link $b dropped $da then $db"
echo "ok: xdp link $b dropped the pings after tc link $a left its slot"
peer wasmk link detach "$b" || fail "detach $b"
ping -c 1 -W 2 10.200.0.2 > /dev/null 2>&1 || fail "ping failed after both detached"
wasmk prog unload name drop_icmp || fail "unload"
echo "ok: both detached, ping works"
