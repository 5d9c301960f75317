;; Run entries (jit_run.c): results to map, a trap, fuel and the deadline,
;; argument zero-extension, re-entry through a host function.
(module
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (func (export "verdict") (param i32) (result i32)
    (if (i32.eq (local.get 0) (i32.const 99)) (then unreachable))
    (local.get 0))
  (func (export "spin") (result i32) (loop $l (br $l)) (i32.const 0))
  (func (export "noresult") (param i32))
  ;; 0 when p0 reached the code zero-extended, plus p1's high word
  (func (export "args") (param i32 i64 i32) (result i32)
    (i32.add
      (i32.add (i32.wrap_i64 (i64.shr_u (i64.extend_i32_u (local.get 0)) (i64.const 32)))
               (i32.wrap_i64 (i64.shr_u (i64.extend_i32_u (local.get 2)) (i64.const 32))))
      (i32.wrap_i64 (i64.shr_u (local.get 1) (i64.const 32)))))
  (func (export "reenter") (param i32) (result i32) (call $reenter (local.get 0)))
  (func (export "ref") (param externref))
  (func $rec (export "rec") (param i32) (result i32)
    (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
)
