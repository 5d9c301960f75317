# Maps by name and lifetime (issue 18): two programs declaring the shared
# map "tally" use one map and see each other's counts; a third declaring it
# differently is refused with the difference; a pinned map outlives its
# programs and the next program declaring it gets its contents; an fd from
# MAP_GET_FD keeps a map (and its id) after its program is unloaded, while
# a reader dumps it; same-named private maps are ambiguous by name and can't
# be pinned twice; pins and fds need privilege; rmmod frees pinned maps.
. ./lib.sh
id_of() {	# id_of NAME: the id of the map NAME (by name lookup)
	wasmk -j map show name "$1" | sed -n 's/.*"id":\([0-9]*\).*/\1/p'
}
wasmk prog load /opt/wasmk/wasm/share.wasm name sa > /dev/null
wasmk prog load /opt/wasmk/wasm/share.wasm name sb > /dev/null
wasmk map list
expect_eq "maps named tally" "$(wasmk -j map list | grep -o '"name":"tally"' | wc -l)" 1
wasmk -j map show name tally | grep -q '"shared":true,"pinned":false,"progs":2,"fds":0,"key_layout":"u32:k","value_layout":"u64:n"' ||
	fail "tally not shared by two: $(wasmk -j map show name tally)"
tally=$(id_of tally)
wasmk prog test-run name sa args 3 5 entry add | grep -q '^result 0,' || fail "sa's add"
wasmk prog test-run name sb args 3 7 entry add | grep -q '^result 0,' || fail "sb's add"
# decoded by the declared layouts, and keys given by field
expect_eq "tally[3] after sa adds 5 and sb 7" "$(wasmk map lookup name tally key 3)" "key k=3: n=12"
wasmk -j map lookup name tally key 3 | grep -q '"key":{"k":3},"value":{"n":12}' ||
	fail "JSON by layout: $(wasmk -j map lookup name tally key 3)"
expect_eq "the same key as hex" "$(wasmk map lookup name tally key hex 03000000)" "key k=3: n=12"
wasmk map update name tally key 4 value 40
expect_eq "update by field" "$(wasmk map dump name tally | sed -n '/k=4:/p')" "key k=4: n=40"
expect_rc 2 wasmk map lookup name tally key 70000000000
grep -q "not a value for field k" /tmp/expect.out || fail "bad key: $(cat /tmp/expect.out)"

# a disagreeing declaration is refused, saying how
expect_rc 1 wasmk prog load /opt/wasmk/wasm/share_bad.wasm name bad
cat /tmp/expect.out
grep -q "map tally: declared hash, key 4, value 16, 16 entries, but the shared map tally (id $tally) is hash, key 4, value 8, 16 entries" /tmp/expect.out ||
	fail "no reason given"

# pinned, it outlives both programs; the next program gets its contents
wasmk map pin name tally
wasmk prog unload name sa > /dev/null
wasmk prog unload name sb > /dev/null
wasmk -j map show name tally | grep -q "\"id\":$tally,.*\"prog\":0,.*\"pinned\":true,\"progs\":0" ||
	fail "the pinned map went with its programs: $(wasmk -j map show name tally)"
wasmk prog load /opt/wasmk/wasm/share.wasm name sc > /dev/null
expect_eq "a new program uses the pinned map" "$(id_of tally)" "$tally"
wasmk prog test-run name sc args 3 1 entry add > /dev/null
expect_eq "the pinned contents, plus sc's add" "$(wasmk map lookup name tally key 3)" "key k=3: n=13"
expect_rc 1 wasmk map pin name tally
grep -q "pinned already" /tmp/expect.out || fail "double pin: $(cat /tmp/expect.out)"
wasmk map unpin name tally
expect_rc 1 wasmk map unpin name tally
wasmk prog unload name sc > /dev/null
wasmk -j map list | grep -q '"name":"tally"' && fail "tally outlived its last holder"

# an fd holds a map after its program is gone, while a reader dumps it
wasmk prog load /opt/wasmk/wasm/share.wasm name sd > /dev/null
wasmk prog test-run name sd args 9 99 entry add > /dev/null
tally=$(id_of tally)
mkfifo /tmp/hold.in
wasmk-maphold "$tally" < /tmp/hold.in > /tmp/hold.out &
holder=$!
exec 7> /tmp/hold.in
i=0
until grep -q "^held $tally" /tmp/hold.out; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "maphold: $(cat /tmp/hold.out)"
	sleep 0.1
done
(n=0; while [ $n -lt 200 ]; do wasmk map dump "$tally" > /dev/null 2>&1 || true; n=$((n + 1)); done) &
reader=$!
wasmk prog unload name sd > /dev/null
wait $reader
wasmk -j map show "$tally" | grep -q '"progs":0,"fds":1' || fail "not held by the fd: $(wasmk -j map show "$tally")"
expect_eq "held map's entry" "$(wasmk map lookup "$tally" key 9)" "key k=9: n=99"
exec 7>&-
wait $holder
rm -f /tmp/hold.in
expect_rc 1 wasmk map show "$tally"

# private maps of one name: ambiguous by name, one pin per name
wasmk prog load /opt/wasmk/wasm/maps.wasm name m1 > /dev/null
wasmk prog load /opt/wasmk/wasm/maps.wasm name m2 > /dev/null
expect_rc 1 wasmk map show name small
grep -q "several programs have a map of that name" /tmp/expect.out || fail "$(cat /tmp/expect.out)"
ids=$(wasmk -j map list | tr '{' '\n' | sed -n 's/.*"id":\([0-9]*\),"name":"small".*/\1/p')
first=$(echo "$ids" | head -n 1)
second=$(echo "$ids" | tail -n 1)
wasmk map pin "$first"
expect_rc 1 wasmk map pin "$second"
grep -q "another map of that name is shared or pinned" /tmp/expect.out || fail "$(cat /tmp/expect.out)"
expect_eq "by name: the pinned one" "$(id_of small)" "$first"
# privileges: pin, unpin and fds need CAP_SYS_ADMIN or CAP_BPF
expect_rc 1 as_nobody wasmk map unpin "$first"
grep -q "not permitted" /tmp/expect.out || fail "no EPERM: $(cat /tmp/expect.out)"
expect_rc 1 as_nobody wasmk-maphold "$first" < /dev/null
grep -q "not permitted" /tmp/expect.out || fail "no EPERM: $(cat /tmp/expect.out)"
wasmk prog unload name m1 > /dev/null
wasmk prog unload name m2 > /dev/null
wasmk -j map show "$first" | grep -q '"pinned":true,"progs":0' || fail "pin lost"
# rmmod with a pinned map: freed with the module (vm-run checks the log)
rmmod wasmk
insmod "$WASMK_KO"
expect_eq "maps after reload" "$(wasmk -j map list)" "[]"
echo "ok: map sharing, pins and fds"
