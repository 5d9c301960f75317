# run-all: last (lockdown can't be lifted in a boot, and it stops insmod)
# Lockdown (issue 19): once the kernel is locked down for confidentiality,
# a program that reads kernel memory is refused at load, saying why, while
# one that does not still loads, as eBPF refuses its kernel reads
# (LOCKDOWN_BPF_READ_KERNEL).
. ./lib.sh
W=/opt/wasmk/wasm
grep -q securityfs /proc/mounts ||
	mount -t securityfs none /sys/kernel/security 2> /dev/null || true
if [ ! -w /sys/kernel/security/lockdown ]; then
	echo "no lockdown LSM in this kernel (/sys/kernel/security/lockdown)"
	exit 77
fi
cat /sys/kernel/security/lockdown
expect_rc 0 wasmk-capload bpf,perfmon $W/task_reader.wasm before
echo confidentiality > /sys/kernel/security/lockdown
cat /sys/kernel/security/lockdown
grep -q '\[confidentiality\]' /sys/kernel/security/lockdown || fail "not locked down"
expect_rc 1 wasmk prog load $W/task_reader.wasm name after
grep -q "imports current_task: the kernel is locked down for confidentiality, which forbids reading kernel memory" /tmp/expect.out ||
	fail "load under lockdown: $(cat /tmp/expect.out)"
expect_rc 0 wasmk prog load $W/counter.wasm name plain
# the program loaded before keeps running (as eBPF's do)
wasmk prog test-run name before args 0 | grep -q '^result 1,' || fail "the earlier program"
wasmk prog unload name plain > /dev/null
wasmk prog unload name before > /dev/null
echo "ok: lockdown"
