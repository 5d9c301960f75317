# examples/biolatency.c (issue 19) on a null_blk device that completes
# every request 2 ms after it is issued: 50 direct 4 KiB reads give
# exactly 50 latencies in the histogram, all of 1 ms or more, and exactly
# 50 * 4096 bytes completed.
. ./lib.sh
if [ ! -f /lib/modules/null_blk.ko ]; then
	echo "no null_blk module for this kernel"
	exit 77
fi
rmmod null_blk 2> /dev/null || true
for m in $(cat /lib/modules/extra.order); do	# its dependencies come first
	[ "$m" = null_blk ] && break
	insmod "/lib/modules/$m.ko" 2> /dev/null || true
done
insmod /lib/modules/null_blk.ko queue_mode=2 irqmode=2 completion_nsec=2000000 nr_devices=1 gb=1
i=0
until [ -b /dev/nullb0 ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "no /dev/nullb0"
	sleep 0.1
done
wasmk prog load /opt/wasmk/examples/biolatency.wasm
wasmk link attach name biolatency tracepoint block:block_rq_issue entry issue > /dev/null
wasmk link attach name biolatency tracepoint block:block_rq_complete entry complete > /dev/null
dd if=/dev/nullb0 of=/dev/null bs=4096 count=50 iflag=direct 2> /dev/null
for l in $(wasmk -j link list | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'); do
	wasmk link detach "$l"
done
wasmk map hist name bio_us
hist=$(wasmk -j map hist name bio_us | tr '{' '\n' | sed -n 's/^"min":\([0-9]*\),"max":[0-9]*,"count":\([0-9]*\)}.*/\1 \2/p')
expect_eq "requests counted" "$(echo "$hist" | awk '{ s += $2 } END { print s }')" 50
expect_eq "requests under 1 ms" "$(echo "$hist" | awk '$1 < 1024 { s += $2 } END { print s + 0 }')" 0
expect_eq "bytes completed" "$(wasmk map dump name bio_bytes sum | sed -n 's/^key 00000000: sum bytes=//p')" $((50 * 4096))
wasmk prog unload name biolatency > /dev/null
rmmod null_blk
echo "ok: biolatency"
