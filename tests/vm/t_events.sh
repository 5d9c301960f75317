# The event stream: a netfilter handler emits one record per packet and
# `wasmk events` returns exactly those records, decoded by a layout, with
# a reader waiting (irq_work wake-up) and with records buffered before the
# reader opens; a tiny ring drops and counts without stopping the handler;
# emit()'s edge cases; reader exclusivity; unload with a reader open.
. ./lib.sh
E=/opt/wasmk/examples W=/opt/wasmk/wasm
LAYOUT=u32:pktlen,ipv4:daddr,u16:sport,u16:dport,u8:proto,u8:ipver
peer_setup
wasmk prog load $E/pkt_events.wasm
lid=$(wasmk -j link attach name pkt_events netfilter ipv4 input | sed -n 's/.*"id":\([0-9]*\).*/\1/p')

# 1. A reader waiting before the packets: woken for each batch.
wasmk events name pkt_events count 5 layout $LAYOUT > /tmp/ev1.out 2> /tmp/ev1.err &
rpid=$!
sleep 1
wasmk-traffic udp 10.200.0.2 5000 5
wait $rpid || fail "events reader failed: $(cat /tmp/ev1.err)"
cat /tmp/ev1.out /tmp/ev1.err
expect_eq "records read" "$(wc -l < /tmp/ev1.out)" 5
expect_eq "records to 5000/udp, 29 bytes" \
	"$(grep -c ' pktlen=29 daddr=10.200.0.2 sport=[0-9]* dport=5000 proto=17 ipver=4$' /tmp/ev1.out)" 5
grep -q '^cpu=[0-9]* t=[0-9]*\.[0-9]\{9\} ' /tmp/ev1.out || fail "no cpu/timestamp prefix"
grep -q '5 records read; 0 dropped since load' /tmp/ev1.err || fail "summary: $(cat /tmp/ev1.err)"

# 2. Records buffered with no reader, then read as JSON lines.
wasmk-traffic udp 10.200.0.2 5001 7
wasmk -j events name pkt_events count 7 layout $LAYOUT > /tmp/ev2.out
cat /tmp/ev2.out
expect_eq "JSON records" "$(grep -c '^{"cpu":[0-9]*,"time_ns":[0-9]*,"len":14,"pktlen":29,"daddr":"10.200.0.2","sport":[0-9]*,"dport":5001,"proto":17,"ipver":4}$' /tmp/ev2.out)" 7
# raw hex without a layout: 14 bytes, little-endian len 29 = 1d000000
wasmk-traffic udp 10.200.0.2 5002 1
out=$(wasmk events name pkt_events count 1)
echo "$out"
echo "$out" | grep -q ' len=14 data=1d0000000ac80002[0-9a-f]\{4\}8a131104$' || fail "hex record: $out"

# 3. One reader at a time; a program without emit has no stream.
wasmk events name pkt_events > /dev/null 2>&1 &
rpid=$!
sleep 1
expect_rc 1 wasmk events name pkt_events count 1
grep -q 'another reader' /tmp/expect.out || fail "no EBUSY message"
kill -INT $rpid
wait $rpid || fail "Ctrl-C did not exit cleanly"
expect_rc 1 as_nobody wasmk events name pkt_events count 1
grep -q 'not permitted' /tmp/expect.out || fail "no EPERM message"
wasmk prog load $E/drop_icmp.wasm
expect_rc 1 wasmk events name drop_icmp
grep -q 'does not import wasmk.emit' /tmp/expect.out || fail "no ENODATA message"
expect_rc 2 wasmk events name pkt_events layout u24:x
expect_rc 2 wasmk events name pkt_events count

# 4. emit() edge cases (PROG_TEST_RUN: the result is emit's return value).
wasmk prog load $W/emit.wasm
out=$(wasmk prog test-run name emit hex 0102030405060708)
echo "$out" | grep -q '^result 0,' || fail "emit 8 bytes: $out"
head -c 4096 /dev/zero > /tmp/p4096
head -c 4097 /dev/zero > /tmp/p4097
head -c 65500 /dev/zero > /tmp/p65500
out=$(wasmk prog test-run name emit packet /tmp/p4096)
echo "$out" | grep -q '^result 0,' || fail "emit 4096 bytes: $out"
out=$(wasmk prog test-run name emit packet /tmp/p4097)
echo "$out" | grep -q '^result -1,' || fail "emit 4097 bytes not refused: $out"
out=$(wasmk prog test-run name emit packet /tmp/p65500)
echo "$out" | grep -q 'out of bounds memory access' || fail "emit past memory: $out"
wasmk -j events name emit count 2 > /tmp/ev4.out
cat /tmp/ev4.out | cut -c 1-120
grep -q '"len":8,"data":"0102030405060708"}' /tmp/ev4.out || fail "8-byte record"
grep -q '"len":4096,"data":"0000' /tmp/ev4.out || fail "4096-byte record"

# 5. A tiny ring (4 KiB: 128 records of 32 bytes) and no reader: drops are
# counted, the handler keeps running without a trap.
wasmk link detach $lid
wasmk prog unload name pkt_events
echo 4096 > /sys/module/wasmk/parameters/event_ring_size
wasmk prog load $E/pkt_events.wasm name tiny
lid=$(wasmk -j link attach name tiny netfilter ipv4 input | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
wasmk-traffic udp 10.200.0.2 5000 300
timeout -s INT 3 wasmk -j events name tiny > /tmp/ev5.out 2> /tmp/ev5.err || true
cat /tmp/ev5.err
expect_eq "records kept by a 4 KiB ring" "$(wc -l < /tmp/ev5.out)" 128
grep -q '128 records read; 172 dropped since load (128 emitted, ring 4096 bytes)' /tmp/ev5.err ||
	fail "drops not reported"
# (ICMP port unreachables coming back run it too, without a record)
runs=$(wasmk -j prog show name tiny | sed -n 's/.*"runs":\([0-9]*\),.*/\1/p')
[ "$runs" -ge 300 ] || fail "handler ran $runs times, want >= 300"
wasmk -j prog show name tiny | grep -q '"traps":0,' || fail "handler trapped"
# the ring has room again
wasmk-traffic udp 10.200.0.2 5000 3
expect_eq "records after draining" "$(wasmk events name tiny count 3 layout $LAYOUT | grep -c dport=5000)" 3

# 6. Unload with a reader open: the fd keeps the program alive; the reader
# drains what is left, then sees end of file and exits.
wasmk-traffic udp 10.200.0.2 5003 2
wasmk events name tiny layout $LAYOUT > /tmp/ev6.out 2> /tmp/ev6.err &
rpid=$!
sleep 1
wasmk link detach $lid
wasmk prog unload name tiny
wait $rpid || fail "reader failed after unload"
cat /tmp/ev6.out /tmp/ev6.err
expect_eq "records drained before EOF" "$(grep -c dport=5003 /tmp/ev6.out)" 2
grep -q 'the program was unloaded' /tmp/ev6.err || fail "no EOF after unload"
expect_rc 1 wasmk prog show name tiny
# 7. Two CPUs emitting at once (one sender in each namespace, hooks on
# both sides) while the reader drains: every record read is whole and
# well-formed, and read + dropped = sent.
echo $((256 * 1024)) > /sys/module/wasmk/parameters/event_ring_size
wasmk prog load $E/pkt_events.wasm name stress
lid=$(wasmk -j link attach name stress netfilter ipv4 input | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
wasmk -j events name stress layout $LAYOUT > /tmp/ev7.out 2> /tmp/ev7.err &
rpid=$!
sleep 1
wasmk-traffic udp 10.200.0.2 5005 3000 &
spid=$!
ip netns exec peer wasmk-traffic udp 10.200.0.1 5006 3000
wait $spid
sleep 1
kill -INT $rpid
wait $rpid || fail "reader failed"
cat /tmp/ev7.err
n=$(wc -l < /tmp/ev7.out)
good=$(grep -c '^{"cpu":[01],"time_ns":[0-9]*,"len":14,"pktlen":29,"daddr":"10.200.0.[12]","sport":[0-9]*,"dport":500[56],"proto":17,"ipver":4}$' /tmp/ev7.out)
expect_eq "well-formed records" "$good" "$n"
dropped=$(sed -n 's/.*; \([0-9]*\) dropped since load (\([0-9]*\) emitted.*/\1/p' /tmp/ev7.err)
emitted=$(sed -n 's/.*; \([0-9]*\) dropped since load (\([0-9]*\) emitted.*/\2/p' /tmp/ev7.err)
expect_eq "records read = emitted" "$n" "$emitted"
expect_eq "read + dropped" "$((n + dropped))" 6000
grep -q '"cpu":0' /tmp/ev7.out && grep -q '"cpu":1' /tmp/ev7.out || echo "note: one CPU only"
wasmk link detach $lid
wasmk prog unload name stress

# every program and fd is gone: the module unloads
wasmk prog unload name emit
wasmk prog unload name drop_icmp
rmmod wasmk
insmod "$WASMK_KO"
ip netns del peer
