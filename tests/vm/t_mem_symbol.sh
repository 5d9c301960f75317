# `wasmk mem read|write PROG SYMBOL[+N]` (PROG_SYMBOL): port_counter's
# exported variables configured and read by name while its handler counts
# real UDP traffic; a test module's other exports (a function, the memory,
# a table, a mutable and an i64 global) refused as data, and ranges past
# the end of memory refused before any read.
. ./lib.sh
E=/opt/wasmk/examples W=/opt/wasmk/wasm
peer_setup
wasmk prog load $E/port_counter.wasm name pcs
id=$(wasmk -j prog show name pcs | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1)
lastcpu=$(sed 's/.*-//' /sys/devices/system/cpu/possible)	# possible CPUs are 0..lastcpu

# configuration by symbol: ports[0] = 5000
wasmk mem write name pcs ports 8813
expect_eq "ports[0..1], cpu 0" "$(wasmk mem read name pcs ports 4 cpu 0 | tail -n 1 | tr -d ' ')" 88130000
wasmk link attach name pcs netfilter ipv4 input

# 7 datagrams to 5000 (counted), 4 to 6000 (not configured yet)
wasmk-traffic udp 10.200.0.2 5000 7
wasmk-traffic udp 10.200.0.2 6000 4
sleep 1			# what is in flight lands
expect_eq "udp_counts[0] (port 5000)" "$(wasmk mem read name pcs udp_counts 8 sum)" 7
expect_eq "udp_counts[1] (unused)" "$(wasmk mem read name pcs udp_counts+8 8 sum)" 0

# ports[1] = 6000 through SYMBOL+N, live: the handler counts it from now on
wasmk mem write name pcs ports+2 7017
expect_eq "ports[0..1], cpu $lastcpu" "$(wasmk mem read "$id" ports 4 cpu $lastcpu | tail -n 1 | tr -d ' ')" 88137017
wasmk-traffic udp 10.200.0.2 6000 5
wasmk-traffic udp fd00::2 5000 3		# not counted: no IPv6 link
sleep 1
wasmk mem read name pcs udp_counts 128 sum > /tmp/udp
expect_eq "udp_counts entries" "$(wc -l < /tmp/udp)" 16
expect_eq "udp_counts[0] (port 5000)" "$(sed -n 1p /tmp/udp)" 7
expect_eq "udp_counts[1] (port 6000)" "$(sed -n 2p /tmp/udp)" 5
expect_eq "udp_counts[2..15]" "$(sed -n '3,16p' /tmp/udp | sort -u)" 0
expect_eq "tcp_counts (no TCP sent)" "$(wasmk mem read name pcs tcp_counts 128 sum | sort -u)" 0
# -j sum by symbol: the same numbers
wasmk -j mem read name pcs udp_counts 16 sum > /tmp/j
expect_eq "-j udp_counts[0..1]" "$(cat /tmp/j)" "[7,5]"

# reset one counter by symbol on every CPU
wasmk mem write name pcs udp_counts+8 0000000000000000 all
expect_eq "udp_counts[1] after reset" "$(wasmk mem read name pcs udp_counts+8 8 sum)" 0
expect_eq "udp_counts[0] untouched" "$(wasmk mem read name pcs udp_counts 8 sum)" 7

# errors: a missing symbol (read, write, -j), an export that is not data,
# a range past the end of memory; usage errors for a bad number
expect_rc 1 wasmk mem read name pcs udp_count 8 sum
grep -q "program $id (pcs) exports no symbol 'udp_count'" /tmp/expect.out ||
	fail "message: $(cat /tmp/expect.out)"
expect_rc 1 wasmk mem write name pcs no_ports+2 7017
grep -q "exports no symbol 'no_ports'" /tmp/expect.out || fail "message: $(cat /tmp/expect.out)"
expect_rc 1 wasmk -j mem read name pcs nosuch 8
grep -q '"error":.*exports no symbol' /tmp/expect.out || fail "-j error: $(cat /tmp/expect.out)"
expect_rc 1 wasmk mem read name pcs handler 8
grep -q "program $id (pcs): 'handler' is a function, not the address of data" /tmp/expect.out ||
	fail "message: $(cat /tmp/expect.out)"
expect_rc 1 wasmk mem write name pcs handler 00
expect_rc 1 wasmk mem read name pcs udp_counts+0x100000 8
grep -q "udp_counts+0x100000 is \[0x[0-9a-f]*, 0x[0-9a-f]*), outside its memory ([0-9]* bytes)" /tmp/expect.out ||
	fail "message: $(cat /tmp/expect.out)"
expect_rc 1 wasmk mem read name pcs udp_counts+0xffffffffffffffff 8
grep -q "past the end of its memory" /tmp/expect.out || fail "message: $(cat /tmp/expect.out)"
expect_rc 1 wasmk mem write name pcs udp_counts+0x1fff0 0000000000000000
grep -q "outside its memory" /tmp/expect.out || fail "message: $(cat /tmp/expect.out)"
expect_rc 2 wasmk mem read name pcs 0x1z 8
expect_rc 2 wasmk mem read name pcs -8 8
expect_rc 2 wasmk mem read name pcs udp_counts nosuchlen
# a query of memory needs privilege, whether by number or by symbol
expect_rc 1 as_nobody wasmk mem read name pcs udp_counts 8 sum
grep -q 'operation not permitted' /tmp/expect.out || fail "as nobody: $(cat /tmp/expect.out)"

# every kind of export: only immutable i32 globals are data
wasmk prog load $W/symbols.wasm name syms
expect_eq "greeting (0x100) as 0x100" "$(wasmk mem read name syms greeting 14 cpu 0)" \
	"$(wasmk mem read name syms 0x100 14 cpu 0)"
expect_eq "greeting" "$(wasmk mem read name syms greeting 5 cpu 0 | tail -n 1)" "  68 65 6c 6c 6f"
expect_eq "greeting+7" "$(wasmk mem read name syms greeting+7 7 cpu 0 | tail -n 1)" "  73 79 6d 62 6f 6c 73"
wasmk mem write name syms last 0102030405060708
expect_eq "last (the last 8 bytes)" "$(wasmk mem read name syms 0xfff8 8 cpu $lastcpu | tail -n 1)" \
	"  01 02 03 04 05 06 07 08"
for x in "a function:handler" "the memory itself:memory" "a table:table" \
	 "a mutable global:counter" "a global that is not an i32:wide"; do
	expect_rc 1 wasmk mem read name syms "${x#*:}" 4
	grep -q "'${x#*:}' is ${x%:*}, not the address of data" /tmp/expect.out ||
		fail "${x#*:}: $(cat /tmp/expect.out)"
done
expect_rc 1 wasmk mem read name syms last+1 8
grep -q "last+1 is \[0xfff9, 0x10001), outside its memory (65536 bytes)" /tmp/expect.out ||
	fail "message: $(cat /tmp/expect.out)"
expect_rc 1 wasmk mem write name syms far 00
grep -q "far is \[0x20000, 0x20001), outside its memory (65536 bytes)" /tmp/expect.out ||
	fail "message: $(cat /tmp/expect.out)"
expect_rc 0 wasmk mem read name syms last 8

for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	wasmk link detach "$l"
done
wasmk prog unload name syms
wasmk prog unload name pcs
