# Programs: load (validated in the kernel), list, show, unload; rejections
# carry the validator's reason; names are unique.
. ./lib.sh
W=/opt/wasmk/wasm

out=$(wasmk prog load $W/counter.wasm)
echo "$out"
echo "$out" | grep -q '^loaded .* as program [0-9]* (counter)$' || fail "load: $out"
wasmk prog list | grep -q ': counter  bytes [0-9]*  funcs 2  imports 0  exports 3  mem_pages 1' ||
	fail "list: $(wasmk prog list)"
wasmk -j prog show name counter | grep -q '"name":"counter","bytes":' ||
	fail "show -j: $(wasmk -j prog show name counter)"
id=$(wasmk -j prog show name counter | sed 's/.*"id":\([0-9]*\).*/\1/')
wasmk prog show "$id" | grep -q "^$id: counter " || fail "show by id"

# The same name twice is refused.
expect_rc 1 wasmk prog load $W/counter.wasm
grep -q "a program named 'counter' is already loaded" /tmp/expect.out ||
	fail "duplicate: $(cat /tmp/expect.out)"
expect_rc 0 wasmk prog load $W/counter.wasm name counter2

# An invalid module: the reason names the function, offset and mismatch.
expect_rc 1 wasmk prog load $W/type_mismatch.invalid.wasm
cat /tmp/expect.out
grep -q 'rejected (Invalid argument): func 0 (parse_ipv4) @0x[0-9a-f]*: type mismatch' \
	/tmp/expect.out || fail "invalid module message"

# Malformed bytes.
printf '\000asm\002\000\000\000' > /tmp/badver.wasm
expect_rc 1 wasmk prog load /tmp/badver.wasm
grep -qi 'version' /tmp/expect.out || fail "bad version message: $(cat /tmp/expect.out)"
printf 'hello, world' > /tmp/notwasm.wasm
expect_rc 1 wasmk prog load /tmp/notwasm.wasm
grep -qi 'magic' /tmp/expect.out || fail "bad magic message: $(cat /tmp/expect.out)"

# SIMD is valid Wasm that wasmk does not support: EOPNOTSUPP, said so.
expect_rc 1 wasmk prog load $W/simd.wasm
grep -q 'SIMD is not supported' /tmp/expect.out || fail "simd: $(cat /tmp/expect.out)"

# Unload by name and by id.
expect_rc 0 wasmk prog unload name counter2
expect_rc 1 wasmk prog show name counter2
grep -q "no program named 'counter2'" /tmp/expect.out || fail "show after unload"
expect_rc 0 wasmk prog unload "$id"
expect_rc 1 wasmk prog unload "$id"
expect_rc 2 wasmk prog unload
[ -z "$(wasmk prog list)" ] || fail "programs left: $(wasmk prog list)"
