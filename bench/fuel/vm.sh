# Guest side of scripts/bench-fuel (run by scripts/vm-run: /bin/sh as root,
# wasmk.ko loaded, /opt/extra/classes.wasm = bench/fuel/classes.wat built).
# Each entry is loaded as a program of its own with fuel $FUEL and the
# largest time budget, then test-run $REPEAT times on the JIT; PASSES
# passes over all entries (so that noise spreads over them).  Prints, per
# entry and pass,
#	result NAME FUEL-USED NS-PER-RUN TRAP
# (NS-PER-RUN: the kernel's mean over the repeats), each right after one of
#	plain FUEL-USED NS-PER-RUN
# a plain loop's test-run, so that the ratio of the two is measured under
# the same load (the host's other jobs slow TCG down by 2x and more).  Entries: the
# adversarial handlers of tests/vm/wasm/hog.wat (hog/NAME: bulk memory,
# call_indirect and the host calls with the kernel's own helpers) and
# bench/fuel/classes.wat's engine classes (without table.grow: in the
# kernel a table only grows into what was allocated at load, here nothing,
# so a grow only pays and fails).
FUEL=${FUEL:-1000000}
REPEAT=${REPEAT:-20}
PASSES=${PASSES:-3}
TIME_US=50000			# WASMK_RUN_TIME_MAX_US
HOG=/opt/wasmk/wasm/hog.wasm
CLASSES=/opt/extra/classes.wasm
pkt=$(printf '45%02998x' 0)	# a 1500-byte IPv4 "packet"
RING=/sys/module/wasmk/parameters/event_ring_size

# parse TEST-RUN-OUTPUT: sets used, ns, trap (empty if it did not parse)
parse() {
	used=$(echo "$1" | sed -n 's/.*fuel used \([0-9]*\),.*/\1/p')
	ns=$(echo "$1" | sed -n 's/.* \([0-9]*\) ns\/run.*/\1/p')
	trap=$(echo "$1" | sed -n 's/^trap: \([^,]*\),.*/\1/p' | tr ' ' _)
}

# A plain loop, test-run before every entry.
plain() {
	parse "$(wasmk prog test-run name fc_plain hex "$pkt" entry plain repeat "$REPEAT" 2>&1)"
	echo "plain $used $ns"
}

# result LABEL TEST-RUN-OUTPUT
result() {
	parse "$2"
	if [ -z "$used" ] || [ -z "$ns" ]; then
		echo "error $1: $2"
	else
		echo "result $1 $used $ns ${trap:-none}"
	fi
}

# run LABEL MODULE ENTRY "LOAD-OPTIONS" CTX...
run() {
	label=$1 mod=$2 e=$3 opts=$4
	shift 4
	# shellcheck disable=SC2086
	wasmk prog load "$mod" name fc_run fuel "$FUEL" time "$TIME_US" $opts > /dev/null
	plain
	result "$label" "$(wasmk prog test-run name fc_run "$@" entry "$e" repeat "$REPEAT" 2>&1)"
	wasmk prog unload name fc_run > /dev/null
}

pass() {
	for e in plain fill copy init indirect pkt pkt1 emit comm ktime log; do
		run "hog/$e" $HOG $e "" hex "$pkt"
	done
	run hog/ustr $HOG ustr "" syscall 1 2 3

	# emit with a reader draining the ring: records are copied until the
	# 256 KiB ring is full, then mostly dropped (the reader can't keep up)
	wasmk prog load $HOG name fc_emit fuel "$FUEL" time "$TIME_US" > /dev/null
	wasmk events name fc_emit > /dev/null 2>&1 &
	reader=$!
	sleep 1
	plain
	result hog/emit+reader \
		"$(wasmk prog test-run name fc_emit hex "$pkt" entry emit repeat "$REPEAT" 2>&1)"
	kill $reader
	wait $reader 2> /dev/null || true
	wasmk prog unload name fc_emit > /dev/null

	# emit into a 64 MiB ring: 10 runs of ~970 records of 4 KiB all fit,
	# every byte is copied
	old=$(cat $RING)
	echo $((64 << 20)) > $RING
	wasmk prog load $HOG name fc_emit fuel "$FUEL" time "$TIME_US" > /dev/null
	echo "$old" > $RING
	plain
	result hog/emit+ring64M \
		"$(wasmk prog test-run name fc_emit hex "$pkt" entry emit repeat 10 2>&1)"
	wasmk events name fc_emit count 1 2>&1 > /dev/null | sed 's/^/# emit+ring64M: /'
	wasmk prog unload name fc_emit > /dev/null

	for e in plain fill_128k fill_16 fill_0 \
		 copy_128k copy_back_128k copy_odd_128k copy_16 copy_0 \
		 init_64k init_16 init_0 tfill_4k tfill_2 tfill_0 \
		 tcopy_4k tcopy_2 tcopy_0 tinit_4k tinit_2 tinit_0 indirect locals_0; do
		run "$e" $CLASSES $e "" hex "$pkt"
	done
	# the largest stack (WASMK_STACK_MAX) for the frames of many locals
	for e in locals_100 locals_500 locals_1000; do
		run "$e" $CLASSES $e "stack 8192" hex "$pkt"
	done
}

wasmk prog load $HOG name fc_plain fuel "$FUEL" time "$TIME_US" > /dev/null
p=1
while [ $p -le "$PASSES" ]; do
	echo "# pass $p"
	pass
	p=$((p + 1))
done
wasmk prog unload name fc_plain > /dev/null
