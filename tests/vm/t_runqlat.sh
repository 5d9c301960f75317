# examples/runqlat.c (issue 19): run-queue latency as a log2 histogram
# drawn by `wasmk map hist`.  Ground truth the test makes: 50 short-lived
# processes each wait to run at least once (at least 50 counts), and two
# busy loops pinned to one CPU wait a time slice for each other (counts at
# 256 us or more).
. ./lib.sh
wasmk prog load /opt/wasmk/examples/runqlat.wasm
wasmk link attach name runqlat tracepoint sched:sched_wakeup entry wakeup > /dev/null
wasmk link attach name runqlat tracepoint sched:sched_wakeup_new entry wakeup > /dev/null
wasmk link attach name runqlat tracepoint sched:sched_switch entry switch > /dev/null
i=0
while [ $i -lt 50 ]; do
	/bin/true
	i=$((i + 1))
done
taskset -c 0 sh -c 'while :; do :; done' &
h1=$!
taskset -c 0 sh -c 'while :; do :; done' &
h2=$!
sleep 2
kill $h1 $h2
wait $h1 $h2 2> /dev/null || true
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	wasmk link detach "$l"
done
wasmk map hist name runq_us
total=$(wasmk -j map hist name runq_us | tr '{' '\n' | sed -n 's/.*"count":\([0-9]*\)}.*/\1/p' | awk '{ s += $1 } END { print s }')
long=$(wasmk -j map hist name runq_us | tr '{' '\n' |
	sed -n 's/^"min":\([0-9]*\),"max":[0-9]*,"count":\([0-9]*\)}.*/\1 \2/p' | awk '$1 >= 256 { s += $2 } END { print s + 0 }')
echo "$total waits, $long of them 256 us or more"
[ "$total" -ge 50 ] || fail "only $total waits counted"
[ "$long" -ge 1 ] || fail "no wait of a time slice counted"
wasmk prog unload name runqlat > /dev/null
echo "ok: runqlat"
