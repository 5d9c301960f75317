# In the VM (scripts/jit-mitigations): wasmk.ko's JIT image of
# jit_shape.wasm, the kernel's own BPF JIT image of a socket filter, and
# what the kernel says about its mitigations, printed for the host.
hexdump_file() {
	echo "$1-BEGIN"
	od -An -v -tx1 "$2"
	echo "$1-END"
}
echo 1 > /sys/module/wasmk/parameters/jit_dump || exit 1
wasmk prog load /opt/wasmk/wasm/jit_shape.wasm > /dev/null || exit 1
# the code runs: its returns and indirect calls, and a trap's unwinding
echo "RUN $(wasmk prog test-run name jit_shape hex 00 entry run 2>&1 | head -n 1)"
echo "TRAP $(wasmk prog test-run name jit_shape hex 00 entry oob 2>&1 | head -n 1)"
cat /sys/kernel/debug/wasmk/jit_last > /tmp/jit.bin
[ -s /tmp/jit.bin ] || { echo "no JIT image in debugfs wasmk/jit_last"; exit 1; }
hexdump_file WASMK-JIT /tmp/jit.bin
wasmk-bpf_jited /tmp/bpf.bin || exit 1
hexdump_file BPF-JIT /tmp/bpf.bin
for f in /sys/devices/system/cpu/vulnerabilities/*; do
	echo "VULN ${f##*/}: $(cat "$f")"
done
dmesg | grep -o 'wasmk: JIT: .*'
exit 0
