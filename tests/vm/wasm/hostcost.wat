;; One host call each, with a length from the context, for t_fuel_work:
;; the fuel a run uses grows by one unit per 4 bytes the call copies.
(module
  (import "wasmk" "pkt_load" (func $pkt_load (param i32 i32 i32) (result i32)))
  (import "wasmk" "emit" (func $emit (param i32 i32) (result i32)))
  (import "wasmk" "log" (func $log (param i32 i32)))
  (import "wasmk" "user_str" (func $user_str (param i64 i32 i32) (result i32)))
  (memory 1)
  ;; netfilter: the whole packet
  (func (export "pkt") (param $len i32) (result i32)
    (call $pkt_load (i32.const 0) (i32.const 0) (local.get $len)))
  ;; tracing entries: (a0 = length)
  (func (export "emit") (param $n i64) (result i32)
    (call $emit (i32.const 0) (i32.wrap_i64 (local.get $n))))
  (func (export "log") (param $n i64) (result i32)
    (call $log (i32.const 0) (i32.wrap_i64 (local.get $n)))
    (i32.const 0))
  ;; (a0 = user address, a1 = length)
  (func (export "ustr") (param $a i64) (param $n i64) (result i32)
    (call $user_str (local.get $a) (i32.const 0) (i32.wrap_i64 (local.get $n))))
)
