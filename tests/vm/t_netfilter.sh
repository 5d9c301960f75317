# A C handler on a real netfilter hook with real traffic: ping across a
# veth pair into another network namespace fails while drop_icmp is
# attached and works after detach; the link's counters say why.
. ./lib.sh
insmod /lib/modules/veth.ko 2>/dev/null || true
ip netns add peer
ip link add v0 type veth peer name v1
ip link set v1 netns peer
ip addr add 10.200.0.1/24 dev v0
ip link set v0 up
ip -n peer addr add 10.200.0.2/24 dev v1
ip addr add fd00::1/64 dev v0 nodad
ip -n peer addr add fd00::2/64 dev v1 nodad
ip -n peer link set v1 up
ip -n peer link set lo up
ping -c 1 -W 2 10.200.0.2 || fail "no connectivity before attach"

wasmk prog load /opt/wasmk/examples/drop_icmp.wasm
wasmk link attach name drop_icmp netfilter ipv4 output
wasmk link list
if ping -c 2 -W 1 10.200.0.2; then
	fail "ping got through while drop_icmp is attached"
fi
wasmk link list
wasmk -j link list | grep -q '"dropped":[1-9]' || fail "no drops counted"
wasmk -j link list | grep -q '"traps":0' || fail "traps counted"
# Other traffic passes: ICMP from the peer to us is not an echo to .2
ip netns exec peer ping -c 1 -W 2 10.200.0.1 || fail "reverse ping blocked"

# IPv6: the same handler on an ipv6 link drops ping to fd00::2.
ping -6 -c 1 -W 2 fd00::2 || fail "no IPv6 connectivity before attach"
wasmk link attach name drop_icmp netfilter ipv6 output
if ping -6 -c 2 -W 1 fd00::2; then
	fail "IPv6 ping got through while drop_icmp is attached"
fi
ip netns exec peer ping -6 -c 1 -W 2 fd00::1 || fail "reverse IPv6 ping blocked"
id6=$(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*"family":"ipv6".*/\1/p')
[ -n "$id6" ] || fail "no ipv6 link listed"
wasmk -j link list | tr '{' '\n' | grep '"family":"ipv6"' | grep -q '"dropped":[1-9]' ||
	fail "no IPv6 drops counted"
wasmk link detach "$id6"
ping -6 -c 1 -W 2 fd00::2 || fail "IPv6 ping still blocked after detach"

# The program can't be unloaded while attached.
expect_rc 1 wasmk prog unload name drop_icmp
grep -qi 'busy' /tmp/expect.out || fail "unload while attached: $(cat /tmp/expect.out)"

id=$(wasmk -j link list | sed 's/.*"id":\([0-9]*\).*/\1/')
wasmk link detach "$id"
ping -c 1 -W 2 10.200.0.2 || fail "ping still blocked after detach"
wasmk prog unload name drop_icmp

# A handler that traps (fuel) gives the default verdict: fail-open
# accepts, fail-closed drops.
wasmk prog load /opt/wasmk/wasm/spin.wasm fuel 1000
wasmk link attach name spin netfilter ipv4 output
ping -c 1 -W 2 10.200.0.2 || fail "fail-open link dropped"
wasmk -j link list | grep -q '"traps":[1-9]' || fail "traps not counted"
id=$(wasmk -j link list | sed 's/.*"id":\([0-9]*\).*/\1/')
wasmk link detach "$id"
wasmk link attach name spin netfilter ipv4 output fail-closed
if ping -c 1 -W 1 10.200.0.2; then
	fail "fail-closed link let a trapping handler's packet through"
fi
id=$(wasmk -j link list | sed 's/.*"id":\([0-9]*\).*/\1/')
wasmk link detach "$id"

# Namespaces created after the attach get the hook too.
wasmk prog load /opt/wasmk/examples/drop_icmp.wasm
wasmk link attach name drop_icmp netfilter ipv4 output
ip netns add late
ip -n late link set lo up
ip -n late addr add 10.200.0.2/32 dev lo
if ip netns exec late ping -c 1 -W 1 10.200.0.2; then
	fail "a namespace created after attach is not filtered"
fi
# rmmod with a link attached detaches everything cleanly.
rmmod wasmk
ip netns exec late ping -c 1 -W 2 10.200.0.2 || fail "still filtered after rmmod"
insmod "$WASMK_KO"
