;; Well-formed but invalid: the body leaves an i64 where an i32 is due
;; (gen.sh builds *invalid*.wat with --no-check).
(module
  (func (export "f") (result i32) i64.const 0))
