# Float operations in the kernel (tests/vm/wasm/floats.wat): exact IEEE
# results inside kernel_fpu_begin/end (x86-64: the JIT's SSE code) or
# kernel_neon_begin/end (arm64: the interpreter's float unit), traps on bad
# conversions, and no influence of the interrupted task's FPU state: a
# process that rounds toward zero does not change a handler's 1/10; a
# start function's floats (at load) give exact results.  (The load runs in
# a task with default rounding, so this part shows the start function's
# float code runs and is right, not that its FPU state is isolated.)
. ./lib.sh
W=/opt/wasmk/wasm
wasmk prog load $W/floats.wasm
# r ENTRY ARG...: the entry's result on the kernel's test run
r() {
	e=$1
	shift
	wasmk prog test-run name floats args "$@" entry "$e" > /tmp/f.out 2>&1 || true
	sed -n 's/^result \(-*[0-9]*\),.*/\1/p; s/^trap: \([^,]*\),.*/trap \1/p' /tmp/f.out
}
# (1 + 2^-30)^2 - (1 + 2^-29): 0 when rounded twice, 2^-60 when fused
expect_eq "muladd" "$(r muladd 0x3ff0000000400000 0x3ff0000000400000 0xbff0000000800000)" 0
expect_eq "sqrt 2" "$(r sqrt 0x4000000000000000)" 1502190419
expect_eq "1 / 3" "$(r div 0x3ff0000000000000 0x4008000000000000)" 1786773504
expect_eq "nearest 2.5" "$(r nearest 0x4004000000000000)" 1073741824
expect_eq "nearest -0.5" "$(r nearest 0xbfe0000000000000)" -2147483648
expect_eq "min NaN 1" "$(r min 0x7ff8000000000000 0x3ff0000000000000)" 2146959360
expect_eq "min -0 +0" "$(r min 0x8000000000000000 0)" -2147483648
expect_eq "0.1f + 0.2f" "$(r f32add 0x3dcccccd 0x3e4ccccd)" 1050253722
expect_eq "trunc -3.9" "$(r trunc 0xc00f333333333333)" -3
expect_eq "trunc NaN" "$(r trunc 0x7ff8000000000000)" "trap invalid conversion to integer"
expect_eq "trunc 1e10" "$(r trunc 0x4202a05f20000000)" "trap integer overflow"
expect_eq "u64 max to f64" "$(r convert 0xffffffffffffffff)" 1139802112
expect_eq "demote 1+3*2^-24" "$(r demote 0x3ff0000030000000)" 1065353218
expect_eq "demote 1+2^-24 (tie to even)" "$(r demote 0x3ff0000010000000)" 1065353216

wasmk link attach name floats tracepoint raw_syscalls:sys_enter entry probe
wasmk-syscalls fpround 1000
wasmk link detach "$(wasmk -j link list | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1)"
wasmk mem read name floats 0x100 16 sum > /tmp/f.mem
runs=$(sed -n 2p /tmp/f.mem)
[ "$runs" -ge 1000 ] || fail "probe ran $runs times, fewer than the 1000 getpid calls"
expect_eq "wrong 1/10 under a task rounding toward zero ($runs runs)" "$(sed -n 1p /tmp/f.mem)" 0
wasmk prog show name floats
wasmk prog unload name floats

# A float-using start function runs at load and computes exact values.
wasmk prog load $W/float_start.wasm
wasmk mem read name float_start 0x100 16 cpu 0 | tr -d '\n' > /tmp/f.start
grep -q 'cd 3b 7f 66 9e a0 f6 3f 9a 99 99 99 99 99 b9 3f' /tmp/f.start ||
	fail "start function's sqrt(2) and 1/10: $(cat /tmp/f.start)"
echo "ok: the start function stored sqrt(2) and 1/10"
wasmk prog unload name float_start
