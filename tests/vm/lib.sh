# Sourced by the VM tests (run with sh -e).  Helpers print what they
# checked so a failure's output says what went wrong.

fail() {
	echo "FAIL: $*"
	exit 1
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
	echo "ok: $1 = '$3'"
}

# expect_rc WANT CMD...: run CMD, require its exit status
expect_rc() {
	want=$1
	shift
	set +e
	"$@" > /tmp/expect.out 2>&1
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		cat /tmp/expect.out
		fail "'$*' exited $got, want $want"
	fi
	echo "ok: '$*' exits $want"
}

# as_nobody CMD...: run CMD as nobody (uid/gid 65534).  Leaving uid 0
# clears the permitted, effective and bounding-relevant capabilities.
# Arguments are joined with spaces: keep them free of shell syntax.
as_nobody() {
	su -s /bin/sh nobody -c "PATH=$PATH; $*"
}

# busybox sh runs its own applets before searching PATH: call iproute2's
# ip and tc (which can name veth peers and manage namespaces) by path.
ip() {
	/bin/ip "$@"
}
tc() {
	/bin/tc "$@"
}

# wait_listening FILE: until a background server (wasmk-traffic
# tcp-server or udp-recv) has printed "listening" to FILE (at most 30 s;
# a fixed sleep is too short on the debug kernel)
wait_listening() {
	i=0
	until grep -q '^listening$' "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 300 ] || fail "no server listening after 30 s ($1)"
		sleep 0.1
	done
}

# udp_count PORT N: N datagrams from namespace peer to 10.200.0.1:PORT;
# prints how many a socket there received
udp_count() {
	rm -f /tmp/recv.out
	wasmk-traffic udp-recv "$1" 120 > /tmp/recv.out &
	rpid=$!
	wait_listening /tmp/recv.out
	ip netns exec peer wasmk-traffic udp 10.200.0.1 "$1" "$2"
	sleep 1			# what is in flight lands
	kill -TERM $rpid
	wait $rpid
	tail -n 1 /tmp/recv.out
}

# peer_setup: namespace "peer" behind a veth pair: 10.200.0.1 / fd00::1
# here, 10.200.0.2 / fd00::2 there.
peer_setup() {
	insmod /lib/modules/veth.ko 2>/dev/null || true
	ip netns add peer
	ip link add v0 type veth peer name v1
	ip link set v1 netns peer
	ip addr add 10.200.0.1/24 dev v0
	ip addr add fd00::1/64 dev v0 nodad
	ip link set v0 up
	ip -n peer addr add 10.200.0.2/24 dev v1
	ip -n peer addr add fd00::2/64 dev v1 nodad
	ip -n peer link set v1 up
	ip -n peer link set lo up
}

# tc_modules: what tc links need (the clsact qdisc and the bpf
# classifier: modules on Debian, built in on the debug kernel)
tc_modules() {
	insmod /lib/modules/sch_ingress.ko 2>/dev/null || true
	insmod /lib/modules/cls_bpf.ko 2>/dev/null || true
}

# peer NS-ARGS...: run in namespace peer
peer() {
	ip netns exec peer "$@"
}

# snmp NS PROTO FIELD: a counter of /proc/net/snmp in namespace NS (- for this one)
snmp() {
	if [ "$1" = - ]; then cat /proc/net/snmp; else ip netns exec "$1" cat /proc/net/snmp; fi |
	awk -v p="$2:" -v f="$3" '
		$1 == p && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == p && h { print $col[f] }'
}

# link_counter ID FIELD: a counter (runs, tx, passed, ...) of link ID
link_counter() {
	wasmk -j link list | tr '{' '\n' | sed -n "s/^\"id\":$1,.*\"$2\":\([0-9]*\).*/\1/p"
}

# attach ARGS...: wasmk link attach ARGS (in this namespace); prints the new link's id
attach() {
	wasmk link attach "$@" > /tmp/attach.out 2>&1 || fail "link attach $*: $(cat /tmp/attach.out)"
	sed -n 's/.* as link \([0-9]*\)$/\1/p' /tmp/attach.out
}

# sysnr NAME: this architecture's number of system call NAME (getpid,
# openat, execve, execveat, socket), from the helper built for it.
sysnr() {
	wasmk-syscalls nr | awk -v n="$1" '$1 == n { print $2 }'
}

# le32 N: N as the 8 hex digits of a little-endian u32 (for `mem write`)
le32() {
	printf '%02x%02x%02x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}

# tier: the tier programs run on here: the JIT on x86-64, else the
# interpreter ("jit" or "interp", as `top` says; `prog show` says
# "interpreter").
tier() {
	if [ "$(uname -m)" = x86_64 ]; then echo jit; else echo interp; fi
}

# hold_nf_hooks: keep netfilter's IPv4/IPv6 hooks in use (an nft table with
# accepting base chains on prerouting, input and output) until the test
# ends, so registering and unregistering wasmk's hooks there never flips
# the kernel's static keys.  Why: on x86 a flip patches kernel text with
# text_poke_bp() (an int3 first, the final bytes last); QEMU's
# multi-threaded TCG (7.2) can keep a stale translation of the int3 on the
# other vCPU, which then traps forever (the int3 handler finds the byte
# restored and retries the instruction): a soft lockup that is the
# emulator's, not the kernel's or wasmk's.  Seen in t_churn under traffic,
# about one run in four with heavy traffic, with the vCPU's RIP on the int3
# of an NF_HOOK site whose memory already held the restored NOP.  arm64
# patches one instruction in place (no int3): not needed there.
# Returns non-zero where nft or nf_tables is missing.
hold_nf_hooks() {
	if [ -f /lib/modules/extra.order ]; then
		for m in $(cat /lib/modules/extra.order); do
			[ "$m" = null_blk ] && continue	# t_biolatency's, with its parameters
			insmod "/lib/modules/$m.ko" 2>/dev/null || true
		done
	fi
	command -v nft > /dev/null || return 1
	nft -f - <<'NFT'
table inet wasmk_hold {
	chain pre { type filter hook prerouting priority 0; policy accept; }
	chain in { type filter hook input priority 0; policy accept; }
	chain out { type filter hook output priority 0; policy accept; }
}
NFT
}

# hold_tracepoint CATEGORY NAME / hold_kprobe SYMBOL: the same for a
# tracepoint's static key (its trace event enabled, with tracing_on 0 so
# nothing is recorded) and for the int3 of a kprobe (a kprobe event armed
# on SYMBOL: wasmk's kprobes and kretprobes there join it, so attaching
# and detaching them patches no text).  For tests that churn those hooks
# while the other vCPU runs the probed code.
hold_tracepoint() {
	echo 0 > /sys/kernel/tracing/tracing_on &&
	echo 1 > "/sys/kernel/tracing/events/$1/$2/enable"
}

hold_kprobe() {
	echo 0 > /sys/kernel/tracing/tracing_on &&
	echo "p:wasmk_hold_$1 $1" >> /sys/kernel/tracing/kprobe_events &&
	echo 1 > "/sys/kernel/tracing/events/kprobes/wasmk_hold_$1/enable"
}
