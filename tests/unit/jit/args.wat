;; Arguments and results through the C entry: i32/f32 arguments are used
;; as their low 32 bits whatever the caller left above them, i64 ones
;; whole; several results come back in order.
(module
  (memory 1)
  (data (i32.const 8) "\2a\00\00\00")
  (func (export "args") (param i64 i32 f32 i32) (result i64 i64 i32 i64)
    (local.get 0)
    (i64.extend_i32_u (local.get 1))
    (i32.reinterpret_f32 (local.get 2))
    (i64.add (i64.extend_i32_u (local.get 3)) (i64.const 1)))
  ;; an i32 argument as an address, in a loop (a register local)
  (func (export "load") (param $p i32) (result i32) (local $s i32) (local $n i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $n) (i32.const 3))))
    (local.get $s))
)
