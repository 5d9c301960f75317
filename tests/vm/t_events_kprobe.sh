# Events from hardirq context: a kprobe on update_process_times (the
# timer tick) emits a record per tick; the reader is woken through
# irq_work and gets every record, from both CPUs, with no kernel report.
. ./lib.sh
if ! wasmk version | grep -qw kprobe; then
	echo "this wasmk.ko has no kprobe hooks"
	exit 77
fi
wasmk version | grep -qw events || fail "events not among the features"
wasmk prog load /opt/wasmk/wasm/emit_tick.wasm
lid=$(wasmk -j link attach name emit_tick kprobe update_process_times |
	sed -n 's/.*"id":\([0-9]*\).*/\1/p')
timeout -s INT 20 wasmk -j events name emit_tick count 200 > /tmp/k.out 2> /tmp/k.err
cat /tmp/k.err
head -n 3 /tmp/k.out
expect_eq "records" "$(grep -c '^{"cpu":[0-9]*,"time_ns":[0-9]*,"len":8,"data":"[0-9a-f]\{16\}"}$' /tmp/k.out)" 200
grep -q '200 records read; 0 dropped' /tmp/k.err || fail "drops from a 256 KiB ring"
wasmk link detach "$lid"
wasmk prog unload name emit_tick
