#!/bin/sh
# Runs inside the test VM (scripts/demo): what wasmk does so far, step by
# step, with the commands a user would type.
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
run wasmk -p version
step "the kernel log"
dmesg | grep wasmk
