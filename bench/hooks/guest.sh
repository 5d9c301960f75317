# The in-VM half of scripts/bench-kernel (run by scripts/vm-run with the
# files of bench-kernel's FILE list under /opt/extra/).  Prints one line per
# measurement; scripts/bench-kernel parses them.  Parameters come from
# /opt/extra/bench.env (written by bench-kernel):
#   ROUNDS          rounds of every interleaved comparison
#   MAP_ROUNDS      rounds of the map operations
#   PERCALL_MS      target ms of one per-invocation measurement
#   SYSCALLS        getpid() calls per syscall measurement
#   PACKETS         datagrams per packet-path measurement
#   PACKET_ROUNDS   rounds of the packet path
#   TRACE_ROUNDS    rounds of the tracing handlers
#   OPENS, CONNECTS opens and TCP connects per tracing measurement
#   PARTS           which parts to run: percall maps syscall tracing packet xdp rewrite corpus
# and /opt/extra/corpus.list: "KERNEL N PAGES" per line.
# shellcheck disable=SC2046 # set -- $(...) splits a helper's output on purpose
set -e
. /opt/extra/bench.env
. /opt/wasmk/tests/lib.sh
X=/opt/extra
export PATH=$X:$PATH

want() {
	case " $PARTS " in *" $1 "*) return 0 ;; esac
	return 1
}

for m in $(cat /lib/modules/extra.order 2>/dev/null); do
	insmod /lib/modules/$m.ko
done
echo "info cpus $(grep -c ^processor /proc/cpuinfo) kernel $(uname -r)"
echo "info cpu $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "info bpf_jit_enable $(cat /proc/sys/net/core/bpf_jit_enable)"
echo "info clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"

# ---- 1. per invocation: PROG_TEST_RUN against BPF_PROG_TEST_RUN ---------------
if want percall; then
	kbench percall $X/bench.bpf.o $X "$ROUNDS" "$PERCALL_MS"
fi

# ---- 1b. map operations: PROG_TEST_RUN against BPF_PROG_TEST_RUN -----------
if want maps; then
	kbench maps $X/bench.bpf.o $X/wasm_map.wasm "$MAP_ROUNDS" "$PERCALL_MS"
fi

# ---- 2. syscall path -------------------------------------------------------
if want syscall; then
	kbench syscalls $X/bench.bpf.o $X/wasm_sys_count.wasm "$SYSCALLS" "$ROUNDS"
fi

# ---- 2b. tracing: opensnoop and tcpconnect against their eBPF twins ----------
# The examples as users load them (the CLI resolves their kernel fields
# from this kernel's BTF) and the empty pair (the floor); kbench
# attaches, detaches and reads them by id.
if want tracing; then
	for t in opensnoop tcpconnect; do
		wasmk -j prog load /opt/wasmk/examples/$t.wasm name "kbench_$t" >/tmp/prog.json
		sed -n 's/.*"id":\([0-9]*\).*/\1/p' /tmp/prog.json >/tmp/$t.id
	done
	wasmk -j prog load $X/wasm_trace_empty.wasm name kbench_trace_empty >/tmp/prog.json
	sed -n 's/.*"id":\([0-9]*\).*/\1/p' /tmp/prog.json >/tmp/empty.id
	kbench tracing $X/trace.bpf.o "$(cat /tmp/opensnoop.id)" "$(cat /tmp/tcpconnect.id)" \
		"$(cat /tmp/empty.id)" "$OPENS" "$CONNECTS" "$TRACE_ROUNDS"
	wasmk prog unload name kbench_trace_empty >/dev/null
	for t in opensnoop tcpconnect; do
		wasmk -j prog show name "kbench_$t" |
			sed -n "s/.*\"runs\":\([0-9]*\).*\"traps\":\([0-9]*\),\"missed\":\([0-9]*\).*/tracing-prog $t runs \1 traps \2 missed \3/p"
		wasmk prog unload name "kbench_$t" >/dev/null
	done
fi

# ---- 3. packet path: UDP from namespace peer over veth ----------------------
# The filter is "parse" (drop TCP/UDP to port 7777, accept the rest) as a
# wasmk handler on netfilter ipv4 prerouting, as an nftables rule on the
# same hook, and as the eBPF program on v0's tc ingress; the traffic goes
# to port 5000, so every packet is parsed and accepted.
filter_on() {
	case $1 in
	wasmk)
		wasmk -j link attach name kbench_pp netfilter ipv4 prerouting >/tmp/link.json
		sed -n 's/.*"id":\([0-9]*\).*/\1/p' /tmp/link.json >/tmp/link.id
		;;
	nft)
		cat >/tmp/kbench.nft <<'NFT'
table ip kbench {
	chain pre {
		type filter hook prerouting priority 0; policy accept;
		ip protocol { tcp, udp } th dport 7777 drop
	}
}
NFT
		nft -f /tmp/kbench.nft
		;;
	ebpf)
		kbench tc-attach $X/bench.bpf.o tc_parse v0 >/dev/null
		;;
	esac
}

filter_off() {
	case $1 in
	wasmk) wasmk link detach "$(cat /tmp/link.id)" >/dev/null ;;
	nft) nft delete table ip kbench ;;
	ebpf) kbench tc-detach v0 ;;
	esac
}

# udp_in: datagrams UDP took in here, once the sockets' buffers are full
# (InDatagrams counts those read, RcvbufErrors those dropped at a full buffer)
udp_in() {
	awk '$1 == "Udp:" && !h { for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
		$1 == "Udp:" { print $c["InDatagrams"] + $c["RcvbufErrors"] }' /proc/net/snmp
}

# send PORT N: N datagrams from peer (pinned to CPU 0, where veth then
# runs the receive path in its softirq) to 10.200.0.1:PORT, where
# "kbench udp-hold" keeps a socket that is never read; prints
# "SENT NS ARRIVED" (ARRIVED: datagrams UDP took in)
send() {
	before=$(udp_in)
	set -- $(ip netns exec peer taskset 1 kbench udp-send 10.200.0.1 "$1" "$2")
	echo "$2 $3 $(($(udp_in) - before))"
}

# The namespace, the veth pair and the two never-read sockets (once).
net_up=0
hold_start() {
	if [ $net_up = 0 ]; then
		peer_setup
		net_up=1
	fi
	kbench udp-hold 5000 &
	hold5000=$!
	kbench udp-hold 7777 &
	hold7777=$!
	sleep 0.2
	# Warm up (ARP, caches) and fill both sockets' buffers: from then on
	# every datagram that reaches UDP is counted as RcvbufErrors (a queued
	# one would only count as InDatagrams once read).
	send 5000 1000 >/dev/null
	send 7777 1000 >/dev/null
}

hold_stop() {
	kill $hold5000 $hold7777
	wait $hold5000 $hold7777 2>/dev/null || true
}

# check_each TAG ON OFF CONFIG...: with each configuration in place (ON
# CONFIG puts it there, OFF CONFIG takes it off), the datagrams UDP took
# in of 50 sent to port 7777 and of 50 sent to port 5000
check_each() {
	tag=$1 on=$2 off=$3
	shift 3
	for f in "$@"; do
		$on "$f"
		a7777=$(send 7777 50 | cut -d ' ' -f 3)
		a5000=$(send 5000 50 | cut -d ' ' -f 3)
		echo "$tag $f port7777-arrived $a7777 port5000-arrived $a5000"
		$off "$f"
	done
}

# flood TAG ON OFF SEND CONFIG...: PACKET_ROUNDS rounds of "SEND CONFIG"
# (PACKETS datagrams, printing "SENT NS ARRIVED") with each configuration
# in place, the order rotated by one configuration every round
# the packet path's and XDP's sender: to the held port 5000
send5000() {
	send 5000 "$PACKETS"
}

flood() {
	tag=$1 on=$2 off=$3 sender=$4
	shift 4
	r=0
	while [ $r -lt "$PACKET_ROUNDS" ]; do
		for f in "$@"; do
			$on "$f"
			echo "$tag $f $($sender "$f")"
			$off "$f"
		done
		first=$1
		shift
		set -- "$@" "$first"
		r=$((r + 1))
	done
}

if want packet; then
	wasmk prog load $X/wasm_parse.wasm name kbench_pp >/dev/null
	hold_start
	# Each filter drops port 7777 and passes port 5000.
	check_each packet-check filter_on filter_off none wasmk nft ebpf
	flood packet filter_on filter_off send5000 none wasmk nft ebpf
	hold_stop
	wasmk prog unload name kbench_pp >/dev/null
fi

# ---- 4. XDP: the same handler through wasmk's shim against eBPF XDP --------
# wasmk: `wasmk link attach ... xdp v0` (the CLI's eBPF shim calls the
# kfunc, which runs wasm_parse.wasm); eBPF: xdp_parse of bench.bpf.o;
# xdp_empty shows what the XDP mode itself costs.  Configurations:
# none, then MODE-empty, MODE-ebpf, MODE-wasmk for MODE gen (generic) and
# nat (native, if veth takes it here).
xdp_mode() {
	case $1 in
	gen-*) echo generic ;;
	*) echo native ;;
	esac
}

xdp_on() {
	case $1 in
	none) ;;
	*-wasmk)
		wasmk -j link attach name kbench_xdp xdp v0 mode "$(xdp_mode "$1")" >/tmp/xlink.json
		sed -n 's/.*"id":\([0-9]*\).*/\1/p' /tmp/xlink.json >/tmp/xlink.id
		;;
	*-empty) kbench xdp-attach $X/bench.bpf.o xdp_empty v0 "$(xdp_mode "$1")" ;;
	*-ebpf) kbench xdp-attach $X/bench.bpf.o xdp_parse v0 "$(xdp_mode "$1")" ;;
	esac
}

# xdp_off CONFIG: take it off (a wasmk link prints its runs and misses first)
xdp_off() {
	case $1 in
	none) ;;
	*-wasmk)
		wasmk -j link list |
			sed -n "s/.*\"runs\":\([0-9]*\).*\"missed\":\([0-9]*\).*/xdp-link $1 runs \1 missed \2/p"
		wasmk link detach "$(cat /tmp/xlink.id)" >/dev/null
		;;
	*) kbench xdp-detach v0 "$(xdp_mode "$1")" ;;
	esac
}

if want xdp && ! wasmk -j version | grep -q '"xdp"'; then
	# the module needs its BTF for the kfunc (see README: module BTF)
	echo "info xdp-unavailable $(wasmk -j version)"
elif want xdp; then
	hold_start
	wasmk prog load $X/wasm_parse.wasm name kbench_xdp >/dev/null
	xconfigs="none gen-empty gen-ebpf gen-wasmk"
	if kbench xdp-attach $X/bench.bpf.o xdp_empty v0 native 2>/tmp/xdpn.err; then
		kbench xdp-detach v0 native
		xconfigs="$xconfigs nat-empty nat-ebpf nat-wasmk"
	else
		echo "info xdp-native-unavailable $(cat /tmp/xdpn.err)"
	fi
	echo "info xdp-configs $xconfigs"

	# per invocation: BPF_PROG_TEST_RUN of the shim on v0 and of xdp_parse
	xdp_on gen-wasmk
	kbench xdp-percall $X/bench.bpf.o $X/wasm_parse.wasm v0 generic "$ROUNDS" "$PERCALL_MS"
	wasmk link detach "$(cat /tmp/xlink.id)" >/dev/null

	# each program drops port 7777 and passes port 5000 (empty: both);
	# then the flood, as on the packet path (the list splits on purpose)
	# shellcheck disable=SC2086
	check_each xdp-check xdp_on xdp_off $xconfigs
	# shellcheck disable=SC2086
	flood xdp-packet xdp_on xdp_off send5000 $xconfigs
	hold_stop
	wasmk prog unload name kbench_xdp >/dev/null
fi

# ---- 4b. rewriting: nat_port and xdp_reflect against their eBPF twins -----
# nat: UDP from peer to 10.200.0.1:8080, rewritten to port 80 (where a
# never-read socket waits) on v0's tc ingress by examples/nat_port.wasm
# (entry ingress) or bench.bpf.o's tc_nat_port; nat-none: the datagrams
# sent to port 80 with nothing attached.  reflect: UDP from peer to
# 10.200.0.1:7 sent back out of v0 by XDP_TX (generic, native) from
# examples/xdp_reflect.wasm or bench.bpf.o's xdp_reflect, arriving at the
# sender's socket, never read: counted in peer.  For native XDP_TX, v1
# has an empty XDP program (a veth's peer needs one to take XDP frames),
# and v1 sends full checksums (an XDP frame cannot carry a partial one).
rw_on() {
	case $1 in
	nat-none) ;;
	nat-wasmk) wasmk link attach name kbench_nat tc v0 ingress entry ingress >/tmp/rlink.out ;;
	nat-ebpf) kbench tc-attach $X/bench.bpf.o tc_nat_port v0 >/dev/null ;;
	*-wasmk)
		wasmk link attach name kbench_reflect xdp v0 mode "$(xdp_mode "${1#r}")" >/tmp/rlink.out
		;;
	*-ebpf) kbench xdp-attach $X/bench.bpf.o xdp_reflect v0 "$(xdp_mode "${1#r}")" ;;
	esac
}

rw_off() {
	case $1 in
	nat-none) ;;
	nat-ebpf) kbench tc-detach v0 ;;
	*-wasmk)
		wasmk -j link list |
			sed -n "s/.*\"runs\":\([0-9]*\).*\"missed\":\([0-9]*\).*/rewrite-link $1 runs \1 missed \2/p"
		wasmk link detach "$(sed -n 's/.* as link \([0-9]*\)$/\1/p' /tmp/rlink.out)" >/dev/null
		;;
	*) kbench xdp-detach v0 "$(xdp_mode "${1#r}")" ;;
	esac
}

# datagrams UDP took in (read or dropped at a full buffer) in namespace peer
udp_in_peer() {
	ip netns exec peer awk '$1 == "Udp:" && !h { for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
		$1 == "Udp:" { print $c["InDatagrams"] + $c["RcvbufErrors"] }' /proc/net/snmp
}

rw_flood_send() {
	rw_send "$1" "$PACKETS"
}

# rw_send CONFIG N: N datagrams for CONFIG; prints "SENT NS ARRIVED"
rw_send() {
	case $1 in
	nat-none) send 80 "$2" ;;
	nat-*) send 8080 "$2" ;;
	*)
		before=$(udp_in_peer)
		set -- $(ip netns exec peer taskset 1 kbench udp-send 10.200.0.1 7 "$2")
		echo "$2 $3 $(($(udp_in_peer) - before))"
		;;
	esac
}

if want rewrite && ! wasmk -j version | grep -q '"xdp"'; then
	echo "info rewrite-unavailable $(wasmk -j version)"
elif want rewrite; then
	hold_start
	kbench udp-hold 80 &
	hold80=$!
	sleep 0.2
	send 80 1000 >/dev/null
	wasmk prog load /opt/wasmk/examples/nat_port.wasm name kbench_nat >/dev/null
	wasmk prog load /opt/wasmk/examples/xdp_reflect.wasm name kbench_reflect >/dev/null
	ip netns exec peer kbench xdp-attach $X/bench.bpf.o xdp_empty v1 native
	ip netns exec peer wasmk-traffic tx-csum v1 off
	rconfigs="nat-none nat-ebpf nat-wasmk rgen-ebpf rgen-wasmk rnat-ebpf rnat-wasmk"
	echo "info rewrite-configs $rconfigs"
	# checks first: the rewrite reaches port 80, the reflection comes back intact
	for f in $rconfigs; do
		rw_on "$f"
		case $f in
		nat-*) echo "rewrite-check $f arrived $(rw_send "$f" 50 | cut -d ' ' -f 3) of 50" ;;
		*) echo "rewrite-check $f echoed $(ip netns exec peer wasmk-traffic udp-echo 10.200.0.1 7 20) of 20" ;;
		esac
		rw_off "$f"
	done
	# shellcheck disable=SC2086 # (the list splits on purpose)
	flood rewrite-packet rw_on rw_off rw_flood_send $rconfigs
	ip netns exec peer wasmk-traffic tx-csum v1 on
	ip netns exec peer kbench xdp-detach v1 native
	kill $hold80
	wait $hold80 2>/dev/null || true
	hold_stop
	wasmk prog unload name kbench_nat >/dev/null
	wasmk prog unload name kbench_reflect >/dev/null
fi

# ---- 5. the benchmark corpus: in the kernel against the userspace JIT --------
if want corpus; then
	# Compute kernels run 60-300 ms and 1e8-1e9 units each: over the
	# per-run caps a hook's handler gets, so raise them for this part.
	P=/sys/module/wasmk/parameters
	echo 1000000 > $P/max_run_time_us
	echo 10000000000 > $P/max_fuel
	while read -r k n pages; do
		wasmk prog load $X/corpus/$k.wasm name "corpus_$k" fuel 10000000000 \
			time 1000000 memory "$pages" >/dev/null
		head -c "$n" /dev/zero >/tmp/n.bin
		r=0
		while [ $r -lt "$ROUNDS" ]; do
			# kernel: run(n) by PROG_TEST_RUN (n = the context's length)
			wasmk -j prog test-run name "corpus_$k" packet /tmp/n.bin entry run >/tmp/tr.json
			ns=$(sed -n 's/.*"duration_ns":\([0-9]*\).*/\1/p' /tmp/tr.json)
			res=$(sed -n 's/.*"result":\(-\{0,1\}[0-9]*\).*/\1/p' /tmp/tr.json)
			fuel=$(sed -n 's/.*"fuel_used":\([0-9]*\).*/\1/p' /tmp/tr.json)
			trap=$(sed -n 's/.*"trap":\([0-9]*\).*/\1/p' /tmp/tr.json)
			[ "$trap" = 0 ] || { echo "corpus $k: trap $trap"; exit 1; }
			echo "corpus $k kernel $ns $res $fuel"
			# userspace: the same .wasm on the same engine (wasm_bench),
			# best of 2 calls: the first touches fresh linear memory;
			# prints BEST-MS CHECKSUM FUEL COMPILE-MS
			set -- $(wasm_bench-static --reps 2 $X/corpus/$k.wasm "$n")
			echo "corpus $k user $(awk -v ms="$1" 'BEGIN { printf "%.0f", ms * 1e6 }') $2 $3"
			r=$((r + 1))
		done
		wasmk prog unload name "corpus_$k" >/dev/null
	done </opt/extra/corpus.list
fi
echo "bench done"
