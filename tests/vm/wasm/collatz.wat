;; No imports: the same entry runs in the kernel (PROG_TEST_RUN, with the
;; packet length as its argument) and offline (wasmk run), which must agree
;; on the result and the fuel used.
(module
  (func (export "handler") (param $n i32) (result i32)
    (local $steps i32)
    (block $done
      (loop $l
        (br_if $done (i32.le_u (local.get $n) (i32.const 1)))
        (if (i32.and (local.get $n) (i32.const 1))
          (then (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 3)) (i32.const 1))))
          (else (local.set $n (i32.shr_u (local.get $n) (i32.const 1)))))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (br $l)))
    (local.get $steps)))
