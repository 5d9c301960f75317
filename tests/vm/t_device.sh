# /dev/wasmk exists with the documented owner and mode (root:root 0644),
# and the version ioctl answers through the CLI, as root and as nobody.
. ./lib.sh
[ -c /dev/wasmk ] || fail "/dev/wasmk is not a character device"
expect_eq "mode" "$(stat -c %a /dev/wasmk)" 644
expect_eq "owner" "$(stat -c %U:%G /dev/wasmk)" root:root
wasmk version | grep -q '^wasmk.ko .* (ABI 1)$' || fail "wasmk version: $(wasmk version)"
wasmk -j version | grep -q '"module_abi":1' || fail "wasmk -j version: $(wasmk -j version)"
as_nobody wasmk version | grep -q 'ABI 1' || fail "version as nobody failed"
echo "ok: version as root and as nobody"
