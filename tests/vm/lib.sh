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

# snmp NS PROTO FIELD: a counter of /proc/net/snmp (or snmp6) in namespace NS
snmp() {
	ip netns exec "$1" cat /proc/net/snmp | awk -v p="$2:" -v f="$3" '
		$1 == p && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == p && h { print $col[f] }'
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
