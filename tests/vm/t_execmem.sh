# W^X executable memory (kmod/execmem.c) in the real kernel: code runs from
# a read-only executable alias whose pages' linear map stays writable and
# NX; freeing removes the alias.  The test module's init is the verdict.
. ./lib.sh
if [ "$(uname -m)" != x86_64 ]; then
	echo "executable memory serves the x86-64 JIT only; $(uname -m) runs the interpreter"
	exit 77
fi
insmod /opt/wasmk/wasmk_execmem_test.ko || { dmesg | grep wasmk_execmem_test; fail "execmem checks"; }
dmesg | grep wasmk_execmem_test
dmesg | grep -q 'wasmk_execmem_test: all checks passed' || fail "no verdict line"
rmmod wasmk_execmem_test
