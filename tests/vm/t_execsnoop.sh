# examples/execsnoop.c (issue 19): the execs this test makes appear with
# their pid, parent pid, uid, comm and full argument list, read through
# fields relocated in this kernel's BTF (the task's mm and real_parent).
. ./lib.sh
wasmk prog load /opt/wasmk/examples/execsnoop.wasm
wasmk link attach name execsnoop tracepoint sched:sched_process_exec > /dev/null
wasmk events name execsnoop > /tmp/ex.out 2> /tmp/ex.err &
reader=$!
sleep 1
# "echo $$" prints the exec'ing shell's pid, which the exec keeps
sh -c 'echo $$ > /tmp/child.pid; exec /bin/echo alpha beta "gamma delta"' > /dev/null
as_nobody /bin/true one two
sleep 1
kill -INT $reader
wait $reader || true
cat /tmp/ex.out
child=$(cat /tmp/child.pid)
line=$(grep " pid=$child " /tmp/ex.out | grep 'args=/bin/echo')
echo "$line"
echo "$line" | grep -q " pid=$child ppid=$$ uid=0 argc=4 comm=echo args=/bin/echo alpha beta gamma delta\$" ||
	fail "echo's exec: '$line'"
grep -q " uid=65534 argc=3 comm=true args=/bin/true one two\$" /tmp/ex.out || fail "no exec as nobody"
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	wasmk link detach "$l"
done
wasmk prog unload name execsnoop > /dev/null
echo "ok: execsnoop"
