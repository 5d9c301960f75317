# insmod/rmmod 20 times: the device comes and goes, answers each time, and
# the kernel log stays clean (vm-run checks the log after the run).
. ./lib.sh
rmmod wasmk
i=0
while [ $i -lt 20 ]; do
	insmod "$WASMK_KO"
	[ -c /dev/wasmk ] || fail "round $i: no /dev/wasmk after insmod"
	wasmk version > /dev/null || fail "round $i: version failed"
	rmmod wasmk
	[ ! -e /dev/wasmk ] || fail "round $i: /dev/wasmk remains after rmmod"
	i=$((i + 1))
done
echo "ok: 20 load/unload rounds"
insmod "$WASMK_KO"
