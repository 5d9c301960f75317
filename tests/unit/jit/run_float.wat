;; A float-using module: its run entries bracket runs with the FPU hooks.
(module
  (func (export "half") (param f64) (result i32)
    (i32.trunc_f64_s (f64.mul (local.get 0) (f64.const 0.5))))
)
