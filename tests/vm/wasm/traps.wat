;; One entry per trap kind a handler can hit.
(module
  (memory 1)
  (func (export "oob") (param i32) (result i32)
    (i32.load (i32.const 70000)))
  (func (export "div0") (param $n i32) (result i32)
    (i32.div_u (i32.const 1) (i32.sub (local.get $n) (local.get $n))))
  (func $deep (export "recurse") (param $n i32) (result i32)
    (i32.add (call $deep (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  (func (export "unreachable") (param i32) (result i32)
    (unreachable))
  (func (export "ok") (param $n i32) (result i32)
    (local.get $n)))
