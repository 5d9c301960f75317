# Host functions pay for the bytes they copy (issue 16): the fuel of one
# run grows by one unit per 4 bytes pkt_load, pkt_store, emit, log, user_str,
# map_lookup, probe_read_kernel, probe_read_kernel_str, probe_read_user
# and record_load copy
# (log caps its line at 200 bytes, user_str pays per piece it tries).  A
# budget too short for the bytes traps before anything is copied.
. ./lib.sh
wasmk prog load /opt/wasmk/wasm/hostcost.wasm name hc > /dev/null
# fuel NAME ARGS...: the fuel one test-run uses
fuel() {
	out=$(wasmk prog test-run name hc "$@")
	echo "$(echo "$*" | cut -c1-48) -> $out" >&2
	echo "$out" | sed -n 's/.*fuel used \([0-9]*\),.*/\1/p'
}
small=$(fuel hex "$(printf '45%038x' 0)" entry pkt)
big=$(fuel hex "$(printf '45%02998x' 0)" entry pkt)
expect_eq "pkt_load of 1500 bytes over 20 bytes" $((big - small)) $(((1500 - 20) / 4))
out=$(wasmk prog test-run name hc hex "$(printf '45%02998x' 0)" entry pktw)
echo "$out" | grep -q 'result 0,' || fail "pkt_store of the whole packet did not return 0: $out"
small=$(fuel hex "$(printf '45%038x' 0)" entry pktw)
big=$(fuel hex "$(printf '45%02998x' 0)" entry pktw)
expect_eq "pkt_store of 1500 bytes over 20 bytes" $((big - small)) $(((1500 - 20) / 4))
e0=$(fuel args 0 entry emit)
e1=$(fuel args 4096 entry emit)
expect_eq "emit of 4096 bytes over 0" $((e1 - e0)) 1024
l0=$(fuel args 0 entry log)
l1=$(fuel args 200 entry log)
l2=$(fuel args 100000 entry log)
expect_eq "log of 200 bytes over 0" $((l1 - l0)) 50
expect_eq "log of 100000 bytes (cut to 200) over 0" $((l2 - l0)) 50
# an address no process maps: user_str pays for its first 256-byte piece
u0=$(fuel args 4096 0 entry ustr)
u1=$(fuel args 4096 256 entry ustr)
expect_eq "user_str's first piece" $((u1 - u0)) 64
# map_lookup pays for its key and value: (64 + 512) - (4 + 8) bytes apart
m0=$(fuel args 0 entry lk_small)
m1=$(fuel args 0 entry lk_big)
expect_eq "map_lookup of a 64/512-byte entry over a 4/8-byte one" $((m1 - m0)) $(((576 - 12) / 4))
# kernel and user reads: the length is paid before the copy, so even a
# read of an address that faults (8) pays it; the string read pays its
# first piece (up to 256 bytes)
k0=$(fuel args 8 8 entry kread)
k1=$(fuel args 8 4096 entry kread)
expect_eq "probe_read_kernel of 4096 bytes over 8" $((k1 - k0)) $(((4096 - 8) / 4))
s0=$(fuel args 8 8 entry kstr)
s1=$(fuel args 8 256 entry kstr)
expect_eq "probe_read_kernel_str's first piece" $((s1 - s0)) $(((256 - 8) / 4))
r0=$(fuel args 8 8 entry uread)
r1=$(fuel args 8 4096 entry uread)
expect_eq "probe_read_user of 4096 bytes over 8" $((r1 - r0)) $(((4096 - 8) / 4))
# record_load: a 1024-byte record over a 16-byte one, each read whole
out=$(wasmk prog test-run name hc record "$(printf '%02048x' 0)" entry rec)
echo "$out" | grep -q '^result 1024,' || fail "record_load of a 1024-byte record: $out"
c0=$(fuel record "$(printf '%032x' 0)" entry rec)
c1=$(fuel record "$(printf '%02048x' 0)" entry rec)
expect_eq "record_load of 1024 bytes over 16" $((c1 - c0)) $(((1024 - 16) / 4))
wasmk prog unload name hc > /dev/null
# Too little fuel for the bytes: the call traps, nothing is emitted.
wasmk prog load /opt/wasmk/wasm/hostcost.wasm name hc fuel $((e0 + 100)) > /dev/null
out=$(wasmk prog test-run name hc args 4096 entry emit)
echo "$out"
echo "$out" | grep -q '^trap: fuel exhausted' || fail "emit of 4096 bytes on $((e0 + 100)) fuel: $out"
out=$(wasmk prog test-run name hc args 16 entry emit)
echo "$out" | grep -q '^result 0,' || fail "a 16-byte emit within the budget: $out"
# the first record in the ring is the 16-byte one: the 4096-byte emit left none
timeout 10 wasmk events name hc count 1 > /tmp/ev.out 2>&1 || fail "no event: $(cat /tmp/ev.out)"
cat /tmp/ev.out
grep -q 'len=16 ' /tmp/ev.out || fail "the first event is not the 16-byte one"
echo "ok: too little fuel for the bytes traps before the copy"
