# examples/opensnoop.c (issue 19): the files this test opens appear with
# their path, flags (how->flags through a relocated field) and result: an
# fd for a file that exists, -2 (ENOENT) for one that does not, the
# O_WRONLY|O_CREAT|O_TRUNC of a shell redirection; enter and exit paired
# by thread id through a map, which holds no more than the opens in flight.
. ./lib.sh
grep -qw do_sys_openat2 /proc/kallsyms || fail "no do_sys_openat2 in /proc/kallsyms"
wasmk prog load /opt/wasmk/examples/opensnoop.wasm
wasmk link attach name opensnoop kprobe do_sys_openat2 > /dev/null
wasmk link attach name opensnoop kretprobe do_sys_openat2 entry ret > /dev/null
echo hello > /tmp/snoop-here
wasmk events name opensnoop > /tmp/os.out 2> /tmp/os.err &
reader=$!
sleep 1
cat /tmp/snoop-here > /dev/null
cat /tmp/snoop-missing 2> /dev/null || true
sh -c 'echo x > /tmp/snoop-new'
sleep 1
kill -INT $reader
wait $reader || true
grep snoop /tmp/os.out
grep -q " uid=0 ret=[0-9][0-9]* flags=[0-9]* comm=cat path=/tmp/snoop-here\$" /tmp/os.out ||
	fail "no successful open of /tmp/snoop-here"
grep -q " ret=-2 flags=[0-9]* comm=cat path=/tmp/snoop-missing\$" /tmp/os.out ||
	fail "no failed open of /tmp/snoop-missing"
flags=$(sed -n 's/.* ret=[0-9]* flags=\([0-9]*\) comm=sh path=\/tmp\/snoop-new$/\1/p' /tmp/os.out | head -n 1)
[ -n "$flags" ] || fail "no open of /tmp/snoop-new"
expect_eq "O_WRONLY|O_CREAT|O_TRUNC in its flags ($flags)" $((flags & 0x241)) $((0x241))
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	wasmk link detach "$l"
done
# paired: the exits took their entries out (an open in flight at detach may stay)
left=$(wasmk -j map show name opening | sed -n 's/.*"entries":\([0-9]*\).*/\1/p')
echo "entries left in the map: $left"
[ "$left" -le 2 ] || fail "$left opens left in the map: enter and exit not paired"
wasmk prog unload name opensnoop > /dev/null
echo "ok: opensnoop"
