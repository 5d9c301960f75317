# wasmk top: live statistics show a program's runs while it runs.
. ./lib.sh
wasmk prog load /opt/wasmk/examples/drop_icmp.wasm
( for i in 1 2 3 4 5 6; do
	wasmk prog test-run name drop_icmp hex 45000014000000004001000000000000 repeat 20000 > /dev/null
  done ) &
wasmk -j top interval 1 count 2 > /tmp/top.out
wait
cat /tmp/top.out
grep -q "\"name\":\"drop_icmp\",\"tier\":\"$(tier)\",\"runs_per_s\":[1-9]" /tmp/top.out ||
	fail "no runs seen"
wasmk top interval 1 count 1 | grep -q '^ *ID NAME' || fail "no table header"
expect_rc 2 wasmk top interval 0
