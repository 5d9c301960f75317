# examples/xdp_lb.c (issue 20): an L4 load balancer at XDP.  The client
# (this namespace, 10.10.0.1) reaches VIP 10.10.0.100:80 through namespace
# lb; backends b1 (10.11.1.2) and b2 (10.11.2.2) sit behind lb on their
# own veth pairs and route replies through it.  The backend table is
# filled with `wasmk map update`; the handler runs on lb's three devices,
# picks a backend per connection by 5-tuple hash, rewrites addresses with
# checksum fix-ups and redirects.  64 connections each get a backend's
# name back; the spread is within 16..48 of 64 per backend (a fair coin
# falls outside that once in 10^5); the map counts the same picks; no
# checksum errors anywhere (tx checksum offload is off on the senders, so
# every checksum is a full one the receiver checks); lb's own stack saw
# none of the connections.  On generic XDP, then native XDP (where a
# veth's peer needs an XDP program to take redirected frames: a
# pass-everything handler on each).
. ./lib.sh
[ -e /sys/kernel/btf/wasmk ] || fail "wasmk.ko carries no BTF: no XDP links"
insmod /lib/modules/veth.ko 2>/dev/null || true
N=64
in_ns() {
	ns=$1
	shift
	ip netns exec "$ns" "$@"
}
mac_of() {	# NS DEV
	ip -n "$1" link show "$2" | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p'
}
ifindex_of() {	# NS DEV
	ip -n "$1" link show "$2" | sed -n 's/^\([0-9]*\): .*/\1/p'
}

ip netns add lb
ip link add c0 type veth peer name c1
ip link set c1 netns lb
ip addr add 10.10.0.1/24 dev c0
ip link set c0 up
ip -n lb addr add 10.10.0.2/24 dev c1
ip -n lb addr add 10.10.0.100/32 dev c1		# answers ARP for the VIP
ip -n lb link set c1 up
ip -n lb link set lo up
for b in 1 2; do
	ip netns add b$b
	ip -n lb link add b${b}a type veth peer name b${b}b
	ip -n lb link set b${b}b netns b$b
	ip -n lb addr add 10.11.$b.1/24 dev b${b}a
	ip -n lb link set b${b}a up
	ip -n b$b addr add 10.11.$b.2/24 dev b${b}b
	ip -n b$b link set b${b}b up
	ip -n b$b link set lo up
	ip -n b$b route add default via 10.11.$b.1
	in_ns b$b wasmk-traffic tx-csum b${b}b off
	in_ns b$b wasmk-traffic tcp-name-server 80 b$b > /tmp/b$b.out &
	eval "spid$b=$!"
	wait_listening /tmp/b$b.out
done
wasmk-traffic tx-csum c0 off
# without the balancer, the VIP is lb's own address, where nothing listens
out=$(wasmk-traffic tcp-conns 10.10.0.100 80 2)
expect_eq "connections without the balancer" "$out" "failed 2"

wasmk prog load /opt/wasmk/examples/xdp_lb.wasm > /dev/null
wasmk map update name config key 0 value 10.10.0.100,80,2
for b in 1 2; do
	wasmk map update name backends key $((b - 1)) \
		value 10.11.$b.2,$(ifindex_of lb b${b}a),$(mac_of b$b b${b}b),$(mac_of lb b${b}a)
done
wasmk map dump name backends
wasmk prog load /opt/wasmk/wasm/counter.wasm > /dev/null
errs() {
	for ns in - b1 b2; do
		printf '%s ' "$(snmp $ns Tcp InCsumErrors)" "$(snmp $ns Ip InHdrErrors)"
	done
}
errs0=$(errs)
for mode in generic native; do
	ids=""
	for dev in c1 b1a b2a; do
		ids="$ids $(in_ns lb sh -c ". ./lib.sh; attach name xdp_lb xdp $dev mode $mode")"
	done
	pass=""
	if [ $mode = native ]; then
		pass="$(attach name counter xdp c0)"
		for b in 1 2; do
			pass="$pass $(in_ns b$b sh -c ". ./lib.sh; attach name counter xdp b${b}b")"
		done
	fi
	lb_in0=$(snmp lb Tcp InSegs)
	out=$(wasmk-traffic tcp-conns 10.10.0.100 80 $N)
	echo "$mode: $(echo $out)"
	n1=$(echo "$out" | sed -n 's/^b1 //p') n2=$(echo "$out" | sed -n 's/^b2 //p')
	n1=${n1:-0} n2=${n2:-0}
	expect_eq "$mode: connections that failed" "$(echo "$out" | sed -n 's/^failed //p')" 0
	expect_eq "$mode: connections answered" $((n1 + n2)) $N
	[ "$n1" -ge 16 ] && [ "$n1" -le 48 ] || fail "$mode: spread b1 $n1, b2 $n2: outside 16..48"
	echo "ok: $mode: spread b1 $n1, b2 $n2"
	expect_eq "$mode: TCP segments lb's own stack got" $(($(snmp lb Tcp InSegs) - lb_in0)) 0
	wasmk map dump name picked sum
	p1=$(wasmk map lookup name picked key 0 sum | sed -n 's/.*connections=\([0-9]*\).*/\1/p')
	p2=$(wasmk map lookup name picked key 1 sum | sed -n 's/.*connections=\([0-9]*\).*/\1/p')
	expect_eq "$mode: picks counted for b1, b2 (all runs so far)" "$p1 $p2" "$((n1 + ${prev1:-0})) $((n2 + ${prev2:-0}))"
	prev1=$p1 prev2=$p2
	wasmk link list
	for id in $ids; do
		[ "$(link_counter "$id" redirected)" -gt 0 ] || fail "$mode: link $id redirected nothing"
	done
	for id in $ids; do
		in_ns lb wasmk link detach "$id" > /dev/null
	done
	wasmk link detach $(echo $pass | cut -d' ' -f1) 2> /dev/null > /dev/null || true
	for b in 1 2; do
		id=$(echo $pass | cut -d' ' -f$((b + 1)))
		[ -z "$id" ] || in_ns b$b wasmk link detach "$id" > /dev/null
	done
done
expect_eq "checksum and header errors (Tcp InCsumErrors, Ip InHdrErrors: here, b1, b2)" \
	"$(errs)" "$errs0"
kill $spid1 $spid2
wasmk prog unload name xdp_lb
wasmk prog unload name counter
