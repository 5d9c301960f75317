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
