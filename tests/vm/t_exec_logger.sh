# examples/exec_logger.c: every execve as an event with pid, uid, comm and
# the file name read from the caller's memory (wasmk_user_str); `wasmk
# events` decodes the records with the layout the handler declares.
. ./lib.sh
wasmk prog load /opt/wasmk/examples/exec_logger.wasm
# x86-64: the handler's defaults (0 means x86-64's numbers); elsewhere this
# architecture's syscall numbers
[ "$(uname -m)" = x86_64 ] ||
	wasmk mem write name exec_logger 0x17000 "$(le32 "$(sysnr execve)")$(le32 "$(sysnr execveat)")"
wasmk prog show name exec_logger | grep -q 'event layout u32:pid,u32:uid,str16:comm,str128:filename' ||
	fail "layout not shown: $(wasmk prog show name exec_logger)"
wasmk link attach name exec_logger tracepoint raw_syscalls:sys_enter
# (busybox runs some applets by exec'ing /proc/self/exe: expect more)
wasmk events name exec_logger > /tmp/ex.out 2> /tmp/ex.err &
rpid=$!
sleep 1
/bin/true
as_nobody /bin/echo hi > /dev/null
sh -c 'exec /opt/wasmk/bin/wasmk-syscalls 0'
sleep 1
kill -INT $rpid
wait $rpid || fail "events failed: $(cat /tmp/ex.err)"
cat /tmp/ex.out /tmp/ex.err
grep -q ' pid=[0-9]* uid=0 comm=sh filename=/bin/true$' /tmp/ex.out || fail "no /bin/true record"
grep -q ' uid=65534 comm=sh filename=/bin/echo$' /tmp/ex.out || fail "no /bin/echo record as nobody"
grep -q ' uid=0 comm=sh filename=/opt/wasmk/bin/wasmk-syscalls$' /tmp/ex.out ||
	fail "no wasmk-syscalls record"
# JSON lines carry the same fields
wasmk -j events name exec_logger > /tmp/ex.json &
rpid=$!
sleep 1
/bin/true
sleep 1
kill -INT $rpid
wait $rpid || true
wasmk-jsoncheck < /tmp/ex.json
grep -q '"comm":"sh","filename":"/bin/true"}' /tmp/ex.json || fail "JSON record: $(cat /tmp/ex.json)"
seen=$(wasmk mem read name exec_logger 0x18000 8 sum)
[ "$seen" -ge 4 ] || fail "handler counted $seen execs"
echo "ok: $seen execs logged"
wasmk link detach "$(wasmk -j link list | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1)"
wasmk prog unload name exec_logger
