;; Imports a host function wasmk does not have: the load must name it.
(module
  (import "wasmk" "no_such_helper" (func (result i32)))
  (func (export "handler") (param i32) (result i32) (call 0)))
