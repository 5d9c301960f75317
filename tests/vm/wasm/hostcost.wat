;; One host call each, with a length from the context, for t_fuel_work:
;; the fuel a run uses grows by one unit per 4 bytes the call copies.
(module
  (import "wasmk" "pkt_load" (func $pkt_load (param i32 i32 i32) (result i32)))
  (import "wasmk" "emit" (func $emit (param i32 i32) (result i32)))
  (import "wasmk" "log" (func $log (param i32 i32)))
  (import "wasmk" "user_str" (func $user_str (param i64 i32 i32) (result i32)))
  (import "wasmk" "map_lookup" (func $map_lookup (param i32 i32 i32) (result i32)))
  (memory 1)
  ;; two hash maps: key 4 / value 8, and key 64 / value 512 (kind, key, value, max;
  ;; then flags, layouts and reserved: 0, 32 bytes each)
  (data (i32.const 8192) "\01\00\00\00\04\00\00\00\08\00\00\00\04\00\00\00")
  (data (i32.const 8224) "\01\00\00\00\40\00\00\00\00\02\00\00\04\00\00\00")
  (global (export "wasmk_map_small") i32 (i32.const 8192))
  (global (export "wasmk_map_big") i32 (i32.const 8224))
  ;; a lookup in each: the same instructions, different bytes
  (func (export "lk_small") (result i32)
    (call $map_lookup (i32.const 8192) (i32.const 0) (i32.const 1024)))
  (func (export "lk_big") (result i32)
    (call $map_lookup (i32.const 8224) (i32.const 0) (i32.const 1024)))
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
