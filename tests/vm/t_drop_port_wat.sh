# examples/drop_port.wat, a handler written in WAT: drops UDP to the port
# configured with `mem write`; datagrams to that port never reach the
# socket, others do, and the handler counted its drops.
. ./lib.sh
peer_setup
wasmk prog load /opt/wasmk/examples/drop_port.wasm
wasmk mem write name drop_port 0x100 8b130000	# 5003
wasmk link attach name drop_port netfilter ipv4 input

expect_eq "datagrams to 5003 (dropped)" "$(udp_count 5003 20)" 0
expect_eq "datagrams to 5004 (passed)" "$(udp_count 5004 20)" 20
expect_eq "drops counted" "$(wasmk mem read name drop_port 0x108 8 sum)" 20
# the port is configuration: move it
wasmk mem write name drop_port 0x100 8c130000	# 5004
expect_eq "datagrams to 5003 after moving the port" "$(udp_count 5003 20)" 20
expect_eq "datagrams to 5004 after moving the port" "$(udp_count 5004 20)" 0
wasmk link detach "$(wasmk -j link list | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1)"
expect_eq "datagrams to 5004 after detach" "$(udp_count 5004 20)" 20
wasmk prog unload name drop_port
