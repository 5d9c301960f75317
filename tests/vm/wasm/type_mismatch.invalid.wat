;; Invalid on purpose (built with wat2wasm --no-check): i32.add on an i64.
(module
  (func $parse_ipv4 (export "handler") (param i32) (result i32)
    (i32.add (local.get 0) (i64.const 1))))
