;; A netfilter handler that never returns: fuel must stop it.
(module
  (func (export "handler") (param i32) (result i32)
    (loop $l (br $l))
    (i32.const 1)))
