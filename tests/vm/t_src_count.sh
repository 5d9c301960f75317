# examples/src_count.c at XDP on real traffic (issue 18): UDP from the peer
# is counted under its source address in an lru_hash, decoded by the
# declared layout; 300 more sources than its 256 entries make it evict:
# it stays full, every source is either there or counted as evicted (none
# refused), and the newest source is there with its exact count.
. ./lib.sh
[ -e /sys/kernel/btf/wasmk ] || fail "wasmk.ko carries no BTF: no XDP links"
peer_setup
wasmk prog load /opt/wasmk/examples/src_count.wasm > /dev/null
wasmk link attach name src_count xdp v0 > /dev/null
expect_eq "datagrams received" "$(udp_count 5800 50)" 50
wasmk map dump name sources
line=$(wasmk map lookup name sources key 10.200.0.2)
echo "$line"
pk=$(echo "$line" | sed -n 's/^key saddr=10\.200\.0\.2: packets=\([0-9]*\) bytes=\([0-9]*\)$/\1/p')
by=$(echo "$line" | sed -n 's/^key saddr=10\.200\.0\.2: packets=\([0-9]*\) bytes=\([0-9]*\)$/\2/p')
# only the datagrams come from 10.200.0.2 over IPv4 (29 bytes from the IP header on)
expect_eq "packets from 10.200.0.2" "$pk" 50
expect_eq "bytes from 10.200.0.2" "$by" $((50 * 29))
# 300 sources 10.200.1.0 .. 10.200.2.43, two datagrams each
ip netns exec peer wasmk-traffic udp-from 10.200.0.1 5801 2 10.200.1.0 300
sleep 1
info=$(wasmk -j map show name sources)
echo "$info"
entries=$(echo "$info" | sed -n 's/.*"entries":\([0-9]*\).*/\1/p')
evicted=$(echo "$info" | sed -n 's/.*"evicted":\([0-9]*\).*/\1/p')
expect_eq "entries (full)" "$entries" 256
expect_eq "entries + evicted = sources seen" $((entries + evicted)) 301
echo "$info" | grep -q '"refused_full":0,' || fail "inserts refused: $info"
expect_eq "the newest source" "$(wasmk map lookup name sources key 10.200.2.43)" \
	"key saddr=10.200.2.43: packets=2 bytes=58"
wasmk link detach "$(wasmk -j link list | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1)"
wasmk prog unload name src_count > /dev/null
echo "ok: src_count"
