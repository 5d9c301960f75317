# PROG_TEST_RUN: the engine runs in the kernel on given packet bytes; each
# trap kind is reported by name, fuel stops an endless loop, and the
# instance keeps working after a trap.
. ./lib.sh
E=/opt/wasmk/examples W=/opt/wasmk/wasm
wasmk prog load $E/drop_icmp.wasm
# IPv4 ICMP echo request 10.200.0.1 -> 10.200.0.2
echo_req=4500001c00004000400100000ac800010ac800020800f7ff00000000
out=$(wasmk prog test-run name drop_icmp hex $echo_req)
echo "$out"
echo "$out" | grep -q '^result 0, fuel used [1-9]' || fail "echo request not dropped"
# the same to 10.200.0.3: accepted
out=$(wasmk prog test-run name drop_icmp hex 4500001c00004000400100000ac800010ac800030800f7ff00000000 repeat 1000)
echo "$out"
echo "$out" | grep -q '^result 1, ' || fail "other address not accepted"
out=$(wasmk prog test-run name drop_icmp hex 45)
echo "$out" | grep -q '^result 1, ' || fail "short packet not accepted"
# x86-64 runs programs on the JIT, other arches on the interpreter; every
# run is counted.
wasmk prog show name drop_icmp
wasmk -j prog show name drop_icmp | grep -q "\"tier\":\"$(tier)" || fail "not on the $(tier) tier"
wasmk -j prog show name drop_icmp | grep -q '"runs":1002,' || fail "runs not counted"
# every run is timed, unless wasmk.ko's run_stats parameter is off: then
# runs still count and run_ns stands still
jfield() {
	wasmk -j prog show name drop_icmp | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"
}
[ "$(jfield timed_runs)" = 1002 ] || fail "timed_runs $(jfield timed_runs), want 1002"
ns=$(jfield run_ns)
[ "$ns" -gt 0 ] || fail "no run time counted"
echo N > /sys/module/wasmk/parameters/run_stats
wasmk prog test-run name drop_icmp hex 45 repeat 100 > /dev/null
echo Y > /sys/module/wasmk/parameters/run_stats
[ "$(jfield runs)" = 1102 ] || fail "runs $(jfield runs) with run_stats off, want 1102"
[ "$(jfield timed_runs)" = 1002 ] || fail "timed_runs $(jfield timed_runs) with run_stats off"
[ "$(jfield run_ns)" = "$ns" ] || fail "run_ns grew with run_stats off"
wasmk prog show name drop_icmp | grep -q "timed runs 1002 (run time" ||
	fail "prog show does not say some runs were not timed"

wasmk prog load $W/spin.wasm fuel 5000
out=$(wasmk prog test-run name spin hex 00)
echo "$out"
echo "$out" | grep -q '^trap: fuel exhausted, fuel used [0-9]' || fail "spin: $out"
wasmk -j prog show name spin | grep -q '"traps":1,' || fail "trap not counted"
wasmk -j prog show name spin | grep -q '"traps_by_kind":{"fuel exhausted":1}' ||
	fail "trap kind not counted: $(wasmk -j prog show name spin)"
if [ "$(tier)" = jit ]; then
	wasmk -j prog show name spin | grep -q '"code_bytes":[1-9]' || fail "no JIT code size"
fi

wasmk prog load $W/traps.wasm
for e in oob:'out of bounds memory access' div0:'integer divide by zero' \
	 recurse:'call stack exhausted' unreachable:'unreachable'; do
	name=${e%%:*}
	want=${e#*:}
	out=$(wasmk prog test-run name traps hex 00 entry "$name")
	echo "$name: $out"
	echo "$out" | grep -q "^trap: $want," || fail "$name: want trap '$want'"
done
out=$(wasmk prog test-run name traps hex 00112233 entry ok)
echo "$out" | grep -q '^result 4, ' || fail "instance unusable after traps: $out"

expect_rc 1 wasmk prog load $W/bad_import.wasm
grep -q 'wasmk.no_such_helper' /tmp/expect.out || fail "unknown import not named: $(cat /tmp/expect.out)"

# PROG_TEST_RUN gives what the userspace engine gives (result and fuel),
# on the JIT and on the interpreter tiers offline.
wasmk prog load $W/collatz.wasm
pkt=$(printf '%054d' 0)	# 27 bytes: the entry gets 27
k=$(wasmk -j prog test-run name collatz hex "$pkt")
u=$(wasmk -j run $W/collatz.wasm --invoke handler 27)
i=$(wasmk -j run $W/collatz.wasm --invoke handler 27 --interp)
echo "kernel: $k"
echo "user:   $u"
echo "interp: $i"
kres=$(echo "$k" | sed 's/.*"result":\([0-9-]*\).*/\1/')
kfuel=$(echo "$k" | sed 's/.*"fuel_used":\([0-9]*\).*/\1/')
expect_eq "kernel result" "$kres" 111
echo "$u" | grep -q "111" || fail "userspace result differs: $u"
echo "$u" | grep -q "\"fuel_used\":$kfuel" || fail "userspace fuel differs: $u"
echo "$i" | grep -q "\"fuel_used\":$kfuel" || fail "interpreter fuel differs: $i"

# Tracing contexts: a syscall's number and arguments, a kprobe's arguments.
wasmk prog load $W/sysargs.wasm
out=$(wasmk prog test-run name sysargs syscall 39 5 -7)
echo "$out" | grep -q '^result 42, ' || fail "syscall context: $out"
out=$(wasmk prog test-run name sysargs args 10 3 entry two)
echo "$out" | grep -q '^result 7, ' || fail "kprobe args context: $out"
expect_rc 1 wasmk prog test-run name sysargs hex 00	# wrong entry type for a packet
expect_rc 2 wasmk prog test-run name sysargs syscall

# pkt_load() copies exactly the bytes asked for, at every small length
# (time 50000, the most: the arm64 VM runs the interpreter, emulated)
wasmk prog load $W/load_sweep.wasm time 50000
sweep=$(i=0; while [ $i -lt 64 ]; do printf %02x $(( (7 * i + 3) & 255 )); i=$((i + 1)); done)
out=$(wasmk prog test-run name load_sweep hex "$sweep")
echo "$out"
echo "$out" | grep -q '^result 1, ' || fail "pkt_load sweep: $out (2 + off * 64 + n failed)"
echo "ok: pkt_load at lengths 0..48, offsets 0..8 and past the end"
wasmk prog unload name load_sweep
