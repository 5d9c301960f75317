;; Cross-instance calls: "lib" has its own memory; "app" imports its functions.
(module
  (memory (export "mem") 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "bump") (param i32) (result i32)
    (global.set $g (i32.add (global.get $g) (local.get 0)))
    (i32.store (i32.const 8) (global.get $g))
    (i32.load (i32.const 8)))
  (func (export "boom") (param i32) (result i32)
    (i32.load (local.get 0)))
)
