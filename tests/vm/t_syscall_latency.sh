# examples/syscall_latency.c: sys_enter stores a timestamp by thread id in
# a hash map, sys_exit takes it out and counts log2(latency) in a per-CPU
# array; `wasmk map hist` draws it.  Every exit that found its enter is in
# the histogram exactly (the map is shared by the CPUs, so a thread that
# moved in between still pairs); only the syscalls in flight at attach
# time find none.
. ./lib.sh
hold_tracepoint raw_syscalls sys_enter || true
hold_tracepoint raw_syscalls sys_exit || true
wasmk prog load /opt/wasmk/examples/syscall_latency.wasm > /dev/null
wasmk link attach name syscall_latency tracepoint raw_syscalls:sys_enter entry enter > /dev/null
wasmk link attach name syscall_latency tracepoint raw_syscalls:sys_exit entry exit > /dev/null
wasmk-syscalls 1000
# link ids: the exit link's first, so no exit runs without its enter
ids=$(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*"target":"raw_syscalls:\(sys_[a-z]*\)".*/\2 \1/p' | sort | awk '{print $2}')
enter_id=$(echo "$ids" | sed -n 1p) exit_id=$(echo "$ids" | sed -n 2p)
wasmk link detach "$exit_id" > /dev/null
exits=$(wasmk -j prog show name syscall_latency | sed -n 's/.*"runs":\([0-9]*\).*/\1/p')
wasmk link detach "$enter_id" > /dev/null
wasmk map hist name latency_ns
total=$(wasmk -j map hist name latency_ns | tr '{' '\n' | sed -n 's/.*"count":\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')
rows=$(wasmk map hist name latency_ns | grep -c '^\[')
echo "histogram: $total syscalls in $rows rows; the program ran $exits times before the exit link went"
[ "$rows" -ge 2 ] || fail "a histogram of $rows rows"
[ "$total" -ge 2000 ] || fail "only $total syscalls counted (wasmk-syscalls alone makes 2000)"
wasmk map hist name latency_ns | grep -q '|@' || fail "no bars"
# what is left in start_ns: one per thread that entered a syscall between
# the two detaches (the shell, the CLI), not one per syscall
left=$(wasmk -j map show name start_ns | sed -n 's/.*"entries":\([0-9]*\),.*/\1/p')
echo "start_ns: $left entries left"
[ "$left" -lt 64 ] || fail "start_ns keeps $left entries"
wasmk prog unload name syscall_latency > /dev/null
echo "ok: syscall latency histogram"
