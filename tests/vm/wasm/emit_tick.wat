;; A tracing entry that emits an 8-byte record (its run count on this
;; CPU) each time it runs: used on a kprobe in hardirq context.
(module
  (import "wasmk" "emit" (func $emit (param i32 i32) (result i32)))
  (memory 1)
  (func (export "handler") (result i32)
    (i64.store (i32.const 0) (i64.add (i64.load (i32.const 0)) (i64.const 1)))
    (drop (call $emit (i32.const 0) (i32.const 8)))
    (i32.const 0)))
