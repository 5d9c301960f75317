# Attach, detach and unload in a loop while traffic flows on both vCPUs,
# then rmmod with links attached: no oops, no warning (vm-run checks the
# kernel log), every packet gets a verdict, the handler counted them.
. ./lib.sh
if [ "$(uname -m)" = x86_64 ]; then
	# (see hold_nf_hooks: an emulator bug, not the one under test)
	hold_nf_hooks || fail "nft or nf_tables missing (scripts/setup installs nftables)"
fi
peer_setup
# Background traffic from both namespaces, bounded in time.
# (Bounded: they stop at /tmp/stop or after 280 s, inside run-all's 300 s:
# the 25 rounds take over 120 s on the debug kernel.)
rm -f /tmp/stop
( end=$(($(date +%s) + 280)); while [ ! -e /tmp/stop ] && [ "$(date +%s)" -lt "$end" ]; do
	wasmk-traffic udp 10.200.0.2 5000 50; sleep 0.1; done ) &
t1=$!
( end=$(($(date +%s) + 280)); while [ ! -e /tmp/stop ] && [ "$(date +%s)" -lt "$end" ]; do
	ip netns exec peer wasmk-traffic udp 10.200.0.1 5000 50; sleep 0.1; done ) &
t2=$!

i=0
while [ $i -lt 25 ]; do
	wasmk prog load /opt/wasmk/examples/port_counter.wasm name pc$i > /dev/null
	wasmk mem write name pc$i ports 8813
	wasmk link attach name pc$i netfilter ipv4 input > /dev/null
	wasmk link attach name pc$i netfilter ipv4 output > /dev/null
	wasmk link attach name pc$i netfilter ipv6 prerouting > /dev/null
	sleep 0.2
	for id in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
		wasmk link detach "$id" > /dev/null
	done
	# the memory must still be readable after the detaches
	total=$(wasmk mem read name pc$i udp_counts 8 sum) || fail "round $i: mem read failed"
	wasmk prog unload name pc$i > /dev/null
	i=$((i + 1))
done
echo "ok: 25 load/attach/detach/unload rounds under traffic (last round counted $total)"

# Leave links attached and remove the module under traffic.
wasmk prog load /opt/wasmk/examples/port_counter.wasm name last > /dev/null
wasmk mem write name last ports 8813
wasmk link attach name last netfilter ipv4 input > /dev/null
wasmk link attach name last netfilter ipv4 output > /dev/null
sleep 1
total=$(wasmk mem read name last udp_counts 8 sum)
[ "$total" -gt 0 ] || fail "the last handler counted no packets under traffic"
rmmod wasmk
echo "ok: rmmod with links attached under traffic ($total packets counted)"
touch /tmp/stop
wait $t1 $t2
insmod "$WASMK_KO"
