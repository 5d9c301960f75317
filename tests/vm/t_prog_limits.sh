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
# The total linear memory limit (max_mem_mb): counter.wasm reserves 16
# pages (its cap) on each CPU.
ncpu=$(grep -c ^processor /proc/cpuinfo)
per=$((16 * 64 * ncpu))
echo $(((per + per / 2 + 1023) / 1024)) > /sys/module/wasmk/parameters/max_mem_mb
wasmk prog load $W/counter.wasm name m1
expect_rc 1 wasmk prog load $W/counter.wasm name m2
grep -q "linear memory limit: this program needs $per KiB" /tmp/expect.out ||
	fail "memory limit: $(cat /tmp/expect.out)"
wasmk prog unload name m1
wasmk prog load $W/counter.wasm name m2	# the charge was given back
wasmk prog unload name m2
echo 1024 > /sys/module/wasmk/parameters/max_mem_mb

# Unloading with programs loaded frees them (kmemleak/KASAN would tell on
# the debug kernel): rmmod with a program loaded, then reload.
wasmk prog load $W/counter.wasm name leftover
rmmod wasmk
insmod "$WASMK_KO"
[ -z "$(wasmk prog list)" ] || fail "programs survived rmmod"
