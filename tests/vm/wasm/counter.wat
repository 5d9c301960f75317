;; A small valid module: a memory, a global and two exported functions.
(module
  (memory (export "mem") 1)
  (global $n (mut i32) (i32.const 0))
  (func $bump (export "handler") (param $ctx i32) (result i32)
    (global.set $n (i32.add (global.get $n) (i32.const 1)))
    (i32.store (i32.const 0) (global.get $n))
    (i32.const 1))
  (func (export "count") (result i32) (global.get $n)))
