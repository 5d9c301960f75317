;; Float operations in the kernel.  A program that uses floats runs inside
;; kernel_fpu_begin/end (x86-64) or kernel_neon_begin/end (arm64), on the
;; JIT's SSE code or the interpreter's float unit.  Each entry takes its
;; operands as raw IEEE bits (i64, as `test-run ... args` passes them) and
;; returns a 32-bit digest of the result's bits (f64: low ^ high word;
;; f32: the bits), so results can be compared exactly (t_float.sh, and
;; across architectures by scripts/xarch-compare).
(module
  (memory (export "memory") 1)
  (func $d (param f64) (result i32)
    (local i64)
    (local.set 1 (i64.reinterpret_f64 (local.get 0)))
    (i32.xor (i32.wrap_i64 (local.get 1))
             (i32.wrap_i64 (i64.shr_u (local.get 1) (i64.const 32)))))
  (func $f (param i64) (result f64) (f64.reinterpret_i64 (local.get 0)))
  ;; a*b+c rounded after each operation: never one fused multiply-add
  (func (export "muladd") (param i64 i64 i64) (result i32)
    (call $d (f64.add (f64.mul (call $f (local.get 0)) (call $f (local.get 1)))
                      (call $f (local.get 2)))))
  (func (export "sqrt") (param i64) (result i32)
    (call $d (f64.sqrt (call $f (local.get 0)))))
  (func (export "div") (param i64 i64) (result i32)
    (call $d (f64.div (call $f (local.get 0)) (call $f (local.get 1)))))
  (func (export "nearest") (param i64) (result i32)
    (call $d (f64.nearest (call $f (local.get 0)))))
  (func (export "min") (param i64 i64) (result i32)
    (call $d (f64.min (call $f (local.get 0)) (call $f (local.get 1)))))
  (func (export "f32add") (param i64 i64) (result i32)
    (i32.reinterpret_f32
      (f32.add (f32.reinterpret_i32 (i32.wrap_i64 (local.get 0)))
               (f32.reinterpret_i32 (i32.wrap_i64 (local.get 1))))))
  ;; traps on NaN and out of range
  (func (export "trunc") (param i64) (result i32)
    (i32.trunc_f64_s (call $f (local.get 0))))
  (func (export "convert") (param i64) (result i32)
    (call $d (f64.convert_i64_u (local.get 0))))
  (func (export "demote") (param i64) (result i32)
    (i32.reinterpret_f32 (f32.demote_f64 (call $f (local.get 0)))))
  ;; raw_syscalls:sys_enter: 1/10 in whatever FPU state the interrupted
  ;; task left; counts runs at 0x108 and wrong quotients at 0x100
  ;; (round-to-nearest gives 0x3fb999999999999a, toward zero ...99)
  (func (export "probe") (param $nr i64) (result i32)
    (i64.store (i32.const 0x108) (i64.add (i64.load (i32.const 0x108)) (i64.const 1)))
    (if (i64.ne (i64.reinterpret_f64 (f64.div (f64.const 1) (f64.const 10)))
                (i64.const 0x3fb999999999999a))
      (then (i64.store (i32.const 0x100)
                       (i64.add (i64.load (i32.const 0x100)) (i64.const 1)))))
    (i32.const 0)))
