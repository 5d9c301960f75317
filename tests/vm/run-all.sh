#!/bin/sh
# Guest side of the VM suite: runs every tests/vm/t_*.sh (or the names given
# in $WASMK_VM_TESTS) in order, each in its own shell with a timeout, and
# reports "PASS name", "FAIL name (status N)" or "SKIP name (reason)"; the
# last line is "N passed, N failed, N skipped".  A test exits 0 to pass,
# 77 to skip (printing why on its last line), anything else to fail.
# The host (scripts/vm-tests) checks that every expected test reported.
cd "$WASMK_TESTS" || exit 1
pass=0 fail=0 skip=0
tests=${WASMK_VM_TESTS:-$(ls t_*.sh)}
# A test whose first line is "# run-all: last" changes the boot for good
# (lockdown): it runs after the others.
first= last=
for t in $tests; do
	if head -n 1 "$t" | grep -q '^# run-all: last'; then
		last="$last $t"
	else
		first="$first $t"
	fi
done
tests="$first $last"
for t in $tests; do
	name=${t%.sh}
	out=/tmp/$name.out
	# Each test starts on a freshly loaded wasmk.ko: no state leaks between
	# tests (and every rmmod frees whatever the previous test left).
	if [ -e /dev/wasmk ]; then
		rmmod wasmk || echo "run-all: rmmod wasmk failed before $name"
	fi
	# ... and in a clean network: no namespaces or veths left behind.
	for ns in $(/bin/ip netns list 2>/dev/null | cut -d' ' -f1); do
		/bin/ip netns del "$ns"
	done
	/bin/ip link del v0 2>/dev/null
	nft flush ruleset 2>/dev/null
	insmod "$WASMK_KO" || echo "run-all: insmod wasmk.ko failed before $name"
	t0=$(cut -d. -f1 /proc/uptime)
	timeout 300 sh -e "./$t" > "$out" 2>&1
	rc=$?
	# how long each took (scripts/vm-tests ignores these lines)
	echo "time $name $(($(cut -d. -f1 /proc/uptime) - t0)) s"
	if [ $rc = 0 ]; then
		echo "PASS $name"
		pass=$((pass + 1))
	elif [ $rc = 77 ]; then
		echo "SKIP $name ($(tail -n 1 "$out"))"
		skip=$((skip + 1))
	else
		echo "FAIL $name (status $rc)"
		sed 's/^/    | /' "$out" | tail -n 40
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed, $skip skipped"
