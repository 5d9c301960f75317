# Maps (issue 18, first part): examples/proto_count.c counts UDP datagrams
# from the peer in a hash map exactly, its per-CPU array agrees; two CPUs
# adding to one key give exact totals; a full hash refuses an insert and
# counts it; a dump while two CPUs rewrite an entry never shows it half
# written; userspace updates, looks up and deletes; a handle that declares
# no map traps; and unprivileged callers get EPERM for entries, not lists.
. ./lib.sh
peer_setup
wasmk prog load /opt/wasmk/examples/proto_count.wasm > /dev/null
wasmk map list
wasmk -j map list | grep -q '"name":"protos","prog":[0-9]*,"kind":"hash","key_size":4,"value_size":16,"max_entries":256' ||
	fail "protos not listed as declared: $(wasmk -j map list)"
wasmk link attach name proto_count netfilter ipv4 input > /dev/null
expect_eq "datagrams received" "$(udp_count 5700 100)" 100
wasmk map dump name protos
# UDP (17), decoded by the declared layouts: packets, then bytes
expect_eq "UDP packets counted in the hash" \
	"$(wasmk map lookup name protos key 17 | sed -n 's/^key proto=17: packets=\([0-9]*\) .*/\1/p')" 100
expect_eq "the same key as hex" "$(wasmk map lookup name protos key hex 11000000)" \
	"$(wasmk map lookup name protos key 17)"
total=$(wasmk map dump name protos | sed -n 's/^key proto=[0-9]*: packets=\([0-9]*\) .*/\1/p' |
	awk '{s += $1} END {print s}')
percpu=$(wasmk -j map dump name per_cpu sum | sed -n 's/.*"sum":{"packets":\([0-9]*\)}.*/\1/p')
expect_eq "per-CPU packet counts summed" "$percpu" "$total"
wasmk link detach "$(wasmk -j link list | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1)"

wasmk prog load /opt/wasmk/wasm/maps.wasm name m > /dev/null
# two CPUs add to one key at once: exact
taskset -c 0 wasmk prog test-run name m args 5 1 entry add repeat 20000 > /tmp/a0 &
p0=$!
taskset -c 1 wasmk prog test-run name m args 5 1 entry add repeat 20000 > /tmp/a1 &
p1=$!
wait $p0 $p1
cat /tmp/a0 /tmp/a1
expect_eq "key 5 after 2 x 20000 adds on two CPUs" \
	"$(wasmk map lookup name small key 05000000)" "key 05000000: 409c000000000000""0000000000000000"
# full: 3 entries (5 and two more), the fourth key refused and counted
wasmk prog test-run name m args 6 1 entry add | grep -q '^result 0,' || fail "key 6 refused"
wasmk prog test-run name m args 7 1 entry add | grep -q '^result 0,' || fail "key 7 refused"
out=$(wasmk prog test-run name m args 8 1 entry add)
echo "$out"
echo "$out" | grep -q '^result -7,' || fail "a full hash took key 8: $out"
wasmk -j map show name small | grep -q '"entries":3,.*"refused_full":1,' ||
	fail "the refusal is not counted: $(wasmk -j map show name small)"
# userspace: delete one, update, look up, delete again
wasmk map delete name small key 06000000
expect_rc 1 wasmk map lookup name small key 06000000
wasmk map update name small key 09000000 value 0100000000000000ffffffffffffffff
expect_eq "userspace update" "$(wasmk map lookup name small key 09000000)" \
	"key 09000000: 0100000000000000ffffffffffffffff"
expect_rc 1 wasmk map update name small key 09000000 value 00000000000000000000000000000000 noexist
expect_rc 1 wasmk map update name small key 0a000000 value 00000000000000000000000000000000 noexist
expect_rc 1 wasmk map delete name arr key 00000000
# no torn entry: two CPUs rewrite arr[0] = {n, n} while it is dumped
taskset -c 0 wasmk prog test-run name m args 0 entry pair repeat 1000000 > /dev/null &
p0=$!
taskset -c 1 wasmk prog test-run name m args 0 entry pair repeat 1000000 > /dev/null &
p1=$!
dumps=0 torn=0
while kill -0 $p0 2> /dev/null || kill -0 $p1 2> /dev/null; do
	v=$(wasmk map lookup name arr key 00000000 | sed -n 's/^key 00000000: //p')
	[ "$(echo "$v" | cut -c1-16)" = "$(echo "$v" | cut -c17-32)" ] || torn=$((torn + 1))
	dumps=$((dumps + 1))
done
wait $p0 $p1
echo "arr[0] read $dumps times while two CPUs rewrote it: $torn torn"
[ "$dumps" -gt 3 ] || fail "only $dumps reads"
expect_eq "torn values" $torn 0
# a handle that declares no map
out=$(wasmk prog test-run name m args 0 entry bad)
echo "$out" | grep -q '^trap: host function failed' || fail "bad handle: $out"
# privileges: listing is open, entries are not
as_nobody wasmk map list > /dev/null || fail "map list refused to nobody"
expect_rc 1 as_nobody wasmk map lookup name small key 05000000
grep -q "not permitted" /tmp/expect.out || fail "no EPERM: $(cat /tmp/expect.out)"
wasmk prog unload name m > /dev/null
wasmk -j map list | grep -q '"name":"small"' && fail "the maps outlived their program"
echo "ok: maps"
