# CLI exit codes and actionable errors: 2 for usage, 1 when the device is
# missing (with the insmod hint), 0 for help.
. ./lib.sh
expect_rc 0 wasmk help
expect_rc 0 wasmk --help
expect_rc 2 wasmk
expect_rc 2 wasmk no-such-object
expect_rc 2 wasmk --no-such-option version
expect_rc 2 wasmk version extra-arg
rmmod wasmk
expect_rc 1 wasmk version
grep -q 'is wasmk.ko loaded? try: sudo insmod' /tmp/expect.out ||
	fail "missing-device error lacks the hint: $(cat /tmp/expect.out)"
expect_rc 1 wasmk -j version
grep -q '"error":' /tmp/expect.out || fail "-j error is not JSON"
insmod "$WASMK_KO"
expect_rc 0 wasmk version
