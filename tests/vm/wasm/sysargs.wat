;; A tracing entry: (nr, a0, a1) -> nr + 2*a0 + a1, to check that
;; PROG_TEST_RUN passes a syscall's number and arguments as i64.
(module
  (func (export "handler") (param $nr i64) (param $a0 i64) (param $a1 i64) (result i32)
    (i32.wrap_i64 (i64.add (i64.add (local.get $nr) (i64.mul (local.get $a0) (i64.const 2)))
                           (local.get $a1))))
  (func (export "two") (param i64 i64) (result i32)
    (i32.wrap_i64 (i64.sub (local.get 0) (local.get 1)))))
