# The program table limit (module parameter max_progs): limit accepted,
# limit + 1 refused with ENOSPC and a message naming the limit.
. ./lib.sh
W=/opt/wasmk/wasm
echo 3 > /sys/module/wasmk/parameters/max_progs
for i in 1 2 3; do
	wasmk prog load $W/counter.wasm name p$i
done
expect_rc 1 wasmk prog load $W/counter.wasm name p4
grep -q 'too many programs (limit 3)' /tmp/expect.out || fail "limit: $(cat /tmp/expect.out)"
for i in 1 2 3; do
	wasmk prog unload name p$i
done
echo 1024 > /sys/module/wasmk/parameters/max_progs
# Unloading with programs loaded frees them (kmemleak/KASAN would tell on
# the debug kernel): rmmod with a program loaded, then reload.
wasmk prog load $W/counter.wasm name leftover
rmmod wasmk
insmod "$WASMK_KO"
[ -z "$(wasmk prog list)" ] || fail "programs survived rmmod"
