;; The "wasmk" host functions, called with guest-chosen pointers/lengths.
(module
  (import "wasmk" "log" (func $log (param i32 i32)))
  (import "wasmk" "comm" (func $comm (param i32 i32) (result i32)))
  (import "wasmk" "emit" (func $emit (param i32 i32) (result i32)))
  (import "wasmk" "pkt_load" (func $pkt_load (param i32 i32 i32) (result i32)))
  (import "wasmk" "pkt_len" (func $pkt_len (result i32)))
  (import "wasmk" "cpu_id" (func $cpu_id (result i32)))
  (memory (export "mem") 1 1)
  (func (export "log") (param i32 i32) local.get 0 local.get 1 call $log)
  (func (export "comm") (param i32 i32) (result i32) local.get 0 local.get 1 call $comm)
  (func (export "emit") (param i32 i32) (result i32) local.get 0 local.get 1 call $emit)
  (func (export "pkt_load") (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 call $pkt_load)
  (func (export "pkt_len") (result i32) call $pkt_len)
  (func (export "cpu_id") (result i32) call $cpu_id)
  ;; emit a 12-byte record: producer id, sequence number, cpu
  (func (export "emit_seq") (param $id i32) (param $seq i32) (result i32)
    i32.const 0 local.get $id i32.store
    i32.const 4 local.get $seq i32.store
    i32.const 8 call $cpu_id i32.store
    i32.const 0 i32.const 12 call $emit)
)
