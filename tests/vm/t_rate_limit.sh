# examples/rate_limit.c: a per-source token bucket on ipv4 input,
# configured with `mem write`.  A burst of 100 datagrams from the peer:
# with rate 1/s and burst 10 only about a burst per CPU gets through (the
# receiving socket counts them); the handler's own counters add up to what
# was sent; raising the rate with another `mem write` lets all through.
. ./lib.sh
peer_setup
wasmk prog load /opt/wasmk/examples/rate_limit.wasm
# rate 1/s, burst 10 (u32 little-endian each)
wasmk mem write name rate_limit 0x17000 010000000a000000
wasmk link attach name rate_limit netfilter ipv4 input

got=$(udp_count 5001 100)
wasmk mem read name rate_limit 0x18000 24 sum > /tmp/c
passed=$(sed -n 1p /tmp/c) dropped=$(sed -n 2p /tmp/c)
echo "limited: socket received $got of 100; handler passed $passed, dropped $dropped"
ncpu=$(grep -c ^processor /proc/cpuinfo)
# at most a burst per CPU plus what refilled meanwhile (1/s per CPU)
[ "$got" -ge 10 ] && [ "$got" -le $((ncpu * 20)) ] || fail "received $got, want 10..$((ncpu * 20))"
[ "$dropped" -ge $((100 - ncpu * 20)) ] || fail "only $dropped dropped"
[ $((passed + dropped)) -ge 100 ] || fail "passed + dropped = $((passed + dropped)) < 100 sent"
[ "$got" -le "$passed" ] || fail "socket got $got, more than the $passed passed"
echo "ok: the limiter let through $got of 100"

# reconfigure: 100000/s, burst 1000: nothing is dropped any more
wasmk mem write name rate_limit 0x17000 a086010000e80300
before=$dropped
got=$(udp_count 5001 100)
dropped=$(wasmk mem read name rate_limit 0x18008 8 sum)
expect_eq "datagrams received after raising the rate" "$got" 100
expect_eq "drops after raising the rate" "$dropped" "$before"
wasmk -j link list | grep -q '"dropped":[1-9]' || fail "link stats count no drops"
wasmk link detach "$(wasmk -j link list | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1)"
wasmk prog unload name rate_limit
