#!/bin/sh
# Runs inside the test VM (scripts/demo): what wasmk does so far, step by
# step, with the commands a user would type.
W=/opt/wasmk/wasm

step() {
	echo
	echo "### $*"
}
run() {
	echo "# $*"
	"$@"
}

step "wasmk.ko is loaded into the stock Debian kernel $(uname -r)"
run lsmod
step "it registered /dev/wasmk: readable by anyone, state changes need capabilities"
run ls -l /dev/wasmk
step "the CLI talks to it through the versioned ioctl ABI"
run wasmk version

step "a Wasm module is validated offline by the same engine the kernel runs"
run wasmk check $W/counter.wasm
step "... and loaded into the kernel, which decodes and validates it again"
run wasmk prog load $W/counter.wasm name counter
run wasmk prog list
run wasmk -p prog show name counter

step "an invalid module is refused with the validator's reason (function, offset, what)"
run wasmk prog load $W/type_mismatch.invalid.wasm
step "so is garbage, and valid Wasm that wasmk does not support yet (SIMD)"
printf 'hello, world' > /tmp/hello.wasm
run wasmk prog load /tmp/hello.wasm
run wasmk prog load $W/simd.wasm

step "unprivileged users may look, not touch"
echo "# su nobody -c 'wasmk prog list; wasmk prog unload name counter'"
su -s /bin/sh nobody -c "PATH=$PATH; wasmk prog list; wasmk prog unload name counter"

step "unload"
run wasmk prog unload name counter
run wasmk prog list
step "the kernel log"
dmesg | grep wasmk
exit 0
