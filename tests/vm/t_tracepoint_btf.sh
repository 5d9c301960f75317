# A tracepoint other than raw_syscalls, attached through its BTF
# prototype: sched:sched_process_exec (task, pid_t old_pid, bprm) counts
# 5 execs of wasmk-syscalls; old_pid (an int, sign-extended) is the
# caller's tgid (pid_tgid()).
. ./lib.sh
[ -r /sys/kernel/btf/vmlinux ] || fail "no /sys/kernel/btf/vmlinux"
wasmk prog load /opt/wasmk/examples/exec_count.wasm
wasmk link attach name exec_count tracepoint sched:sched_process_exec
wasmk link list
wasmk -j link list | grep -q '"target":"sched:sched_process_exec","nargs":3' ||
	fail "nargs from BTF is not 3"
wasmk-syscalls exec 4
wasmk mem read name exec_count 0x18000 24 sum > /tmp/counts
# the shell's exec of wasmk-syscalls, then its 4 re-execs
expect_eq "execs" "$(sed -n 1p /tmp/counts)" 5
expect_eq "execs with old_pid == tgid" "$(sed -n 2p /tmp/counts)" 5
expect_eq "execs with old_pid < 0" "$(sed -n 3p /tmp/counts)" 0
# a plain name works too, and so does a tracepoint with other argument types
wasmk link attach name exec_count tracepoint sched_process_exec
wasmk link attach name exec_count tracepoint sched:sched_switch
wasmk -j link list | grep -q '"target":"sched:sched_switch","nargs":4' ||
	fail "sched_switch: nargs from BTF is not 4"
sleep 1
wasmk -j link list
for id in $(wasmk -j link list | sed 's/},{/}\n{/g' | sed -n 's/.*"id":\([0-9]*\).*/\1/p'); do
	wasmk link detach "$id"
done
wasmk prog unload name exec_count
