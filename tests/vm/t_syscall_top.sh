# examples/syscall_top.c: every syscall counted by number on
# raw_syscalls:sys_enter in a per-CPU array map; a workload making 3000
# getpid (39 on x86-64) and 3000 openat (257) calls shows up in the summed
# dump, decoded by the map's layouts, and the top of the table (as `make
# demo` prints it) includes them.
. ./lib.sh
nr_getpid=$(sysnr getpid) nr_openat=$(sysnr openat)
wasmk prog load /opt/wasmk/examples/syscall_top.wasm
wasmk link attach name syscall_top tracepoint raw_syscalls:sys_enter
wasmk-syscalls 3000
wasmk link detach "$(wasmk -j link list | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1)"
wasmk map dump name syscalls sum > /tmp/top
expect_eq "table entries" "$(grep -c '^key nr=' /tmp/top)" 512
getpid=$(sed -n "s/^key nr=$nr_getpid: sum calls=//p" /tmp/top)
openat=$(sed -n "s/^key nr=$nr_openat: sum calls=//p" /tmp/top)
echo "getpid $getpid, openat $openat"
# other processes (this shell, wasmk itself) make some too; never fewer
[ "$getpid" -ge 3000 ] && [ "$getpid" -lt 3100 ] || fail "getpid counted $getpid"
[ "$openat" -ge 3000 ] && [ "$openat" -lt 3100 ] || fail "openat counted $openat"
# the per-CPU values add up to the sum
percpu=$(wasmk -j map lookup name syscalls key "$nr_getpid" | tr '{' '\n' | sed -n 's/^"calls":\([0-9]*\)}.*/\1/p' |
	awk '{ s += $1 } END { print s }')
expect_eq "getpid: the CPUs' values added up" "$percpu" "$getpid"
sed -n 's/^key nr=\([0-9]*\): sum calls=\([1-9][0-9]*\)$/\2 \1/p' /tmp/top | sort -n -r | head -n 5 > /tmp/top5
cat /tmp/top5
grep -q " $nr_getpid\$" /tmp/top5 || fail "getpid ($nr_getpid) not in the top 5"
grep -q " $nr_openat\$" /tmp/top5 || fail "openat ($nr_openat) not in the top 5"
wasmk prog unload name syscall_top
