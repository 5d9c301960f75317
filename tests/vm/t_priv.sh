# Privilege model: nobody can open /dev/wasmk and query, but every
# state-changing command is EPERM; root can.
. ./lib.sh
W=/opt/wasmk/wasm
wasmk prog load $W/counter.wasm name rootprog
expect_rc 1 as_nobody wasmk prog load $W/counter.wasm name nobodyprog
grep -q 'operation not permitted' /tmp/expect.out || fail "load as nobody: $(cat /tmp/expect.out)"
expect_rc 1 as_nobody wasmk prog unload name rootprog
grep -q 'operation not permitted' /tmp/expect.out || fail "unload as nobody"
expect_rc 0 as_nobody wasmk prog list
grep -q 'rootprog' /tmp/expect.out || fail "list as nobody"
expect_rc 0 as_nobody wasmk prog show name rootprog
# The raw ioctls, checked below the CLI.
as_nobody wasmk-abi-test unpriv
expect_rc 0 wasmk prog unload name rootprog
