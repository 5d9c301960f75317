# Module BTF: wasmk.ko carries a .BTF section (scripts/module-btf builds it
# even against Debian's headers), so the kernel publishes the module's types
# and functions in /sys/kernel/btf/wasmk, where libbpf looks for a module's
# kfuncs.  It comes and goes with the module.
. ./lib.sh
# (every test kernel has BTF: Debian's, and the debug kernel's fragment)
[ -r /sys/kernel/btf/vmlinux ] || fail "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
[ -r /sys/kernel/btf/wasmk ] ||
	fail "no /sys/kernel/btf/wasmk: wasmk.ko was built without BTF (see scripts/module-btf)"
echo "ok: /sys/kernel/btf/wasmk, $(wc -c < /sys/kernel/btf/wasmk) bytes"
if ! command -v bpftool > /dev/null; then
	echo "no bpftool in the VM (vm-run copies the host's: apt-get install bpftool)"
	exit 77
fi
# Split BTF: bpftool takes /sys/kernel/btf/vmlinux as the base.
bpftool btf dump file /sys/kernel/btf/wasmk > /tmp/btf.txt
grep -E "^\[[0-9]+\] (STRUCT|FUNC) 'wasmk_(prog|init)'" /tmp/btf.txt || true
grep -q "^\[[0-9]*\] STRUCT 'wasmk_prog' size=" /tmp/btf.txt ||
	fail "no struct wasmk_prog in the module's BTF"
grep -q "^\[[0-9]*\] FUNC 'wasmk_init' " /tmp/btf.txt ||
	fail "no function wasmk_init in the module's BTF"
# only the module's own types: the kernel's come from the base
first=$(sed -n 's/^\[\([0-9]*\)\].*/\1/p' /tmp/btf.txt | head -n 1)
base=$(bpftool btf dump file /sys/kernel/btf/vmlinux | grep -c '^\[')
expect_eq "first type id of wasmk's BTF" "$first" $((base + 1))
if grep -q "^\[[0-9]*\] STRUCT 'task_struct' " /tmp/btf.txt; then
	fail "the module's BTF repeats vmlinux's struct task_struct"
fi
echo "ok: split BTF on top of vmlinux's $base types"
rmmod wasmk
[ ! -e /sys/kernel/btf/wasmk ] || fail "/sys/kernel/btf/wasmk remains after rmmod"
insmod "$WASMK_KO"
[ -r /sys/kernel/btf/wasmk ] || fail "no /sys/kernel/btf/wasmk after insmod again"
echo "ok: /sys/kernel/btf/wasmk comes and goes with the module"
