# uprobes and uretprobes (issue 19) on wasmk-uprobe-target, whose symbols
# the CLI resolves from its ELF: examples/bashreadline.c's uretprobe on
# wasmk_readline() reads each line it returns from the process's memory;
# a uprobe on wasmk_add(long a, long b) sees both register arguments; the
# links list with the file offset; a missing symbol and a non-ELF file are
# refused; detach stops the events.
. ./lib.sh
T=/opt/wasmk/bin/wasmk-uprobe-target
wasmk prog load /opt/wasmk/examples/bashreadline.wasm
wasmk prog load /opt/wasmk/wasm/uprobe_args.wasm name ua
if ! wasmk link attach name bashreadline uretprobe $T:wasmk_readline 2> /tmp/att.err; then
	cat /tmp/att.err
	grep -q "this kernel has no uprobes" /tmp/att.err && { echo "no uprobes in this kernel"; exit 77; }
	fail "uretprobe attach"
fi
wasmk link attach name ua uprobe $T:wasmk_add
wasmk link list
wasmk -j link list | grep -q '"hook":"uretprobe","target":"wasmk-uprobe-target:wasmk_readline@0x[0-9a-f]*","offset":[1-9][0-9]*,"nargs":1' ||
	fail "uretprobe link not listed: $(wasmk -j link list)"
wasmk events name bashreadline count 3 > /tmp/rl.out 2> /tmp/rl.err &
r1=$!
wasmk events name ua count 3 layout i64:a,i64:b > /tmp/ua.out 2> /tmp/ua.err &
r2=$!
sleep 1
printf 'hello uprobe\nsecond line\nls -l /tmp\n' | $T > /tmp/target.out &
tp=$!
wait $tp
wait $r1 $r2
cat /tmp/target.out /tmp/rl.out /tmp/ua.out
expect_eq "sums the target printed" "$(tr '\n' ' ' < /tmp/target.out)" "1012 1011 1010 "
expect_eq "lines read by the uretprobe" "$(sed 's/.* comm=wasmk-uprobe-ta line=//' /tmp/rl.out | tr '\n' '|')" \
	"hello uprobe|second line|ls -l /tmp|"
grep -q " pid=$tp comm=wasmk-uprobe-ta line=hello uprobe\$" /tmp/rl.out || fail "pid $tp not in the events"
expect_eq "arguments seen by the uprobe" "$(sed 's/.* a=//' /tmp/ua.out | tr '\n' '|')" \
	"12 b=1000|11 b=1000|10 b=1000|"
# refusals
expect_rc 1 wasmk link attach name ua uprobe $T:no_such_function
grep -q "no function symbol no_such_function" /tmp/expect.out || fail "$(cat /tmp/expect.out)"
expect_rc 1 wasmk link attach name ua uprobe /etc/passwd:main
grep -q "not an ELF file" /tmp/expect.out || fail "$(cat /tmp/expect.out)"
expect_rc 2 wasmk link attach name ua uretprobe $T:wasmk_add+4
# detach: no more events
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	wasmk link detach "$l"
done
echo again | $T > /dev/null
# three lines and the NULL at end of input, nothing after the detach
wasmk -j prog show name bashreadline | grep -q '"runs":4,' || fail "runs after detach: $(wasmk -j prog show name bashreadline)"
wasmk prog unload name ua > /dev/null
wasmk prog unload name bashreadline > /dev/null
echo "ok: uprobes"
