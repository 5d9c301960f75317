;; A start function that uses floats: it runs at load time, in the kernel
;; (once per CPU instance), and must run inside the FPU section like any
;; handler.  It stores sqrt(2) at 0x100 and 1/10 at 0x108.
(module
  (memory (export "memory") 1)
  (func $init
    (f64.store (i32.const 0x100) (f64.sqrt (f64.const 2)))
    (f64.store (i32.const 0x108) (f64.div (f64.const 1) (f64.const 10))))
  (start $init)
  (func (export "handler") (param i32) (result i32)
    (i32.wrap_i64 (i64.load (i32.const 0x108)))))
