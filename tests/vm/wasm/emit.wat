;; emit() edge cases through PROG_TEST_RUN: handler(len) emits len bytes
;; of memory from offset 100 and returns emit's result (0, or -1 when the
;; record is dropped or over WASMK_EVENT_MAX); a range past the memory's
;; end traps.  The payload is the packet's first bytes.
(module
  (import "wasmk" "emit" (func $emit (param i32 i32) (result i32)))
  (import "wasmk" "pkt_load" (func $pkt_load (param i32 i32 i32) (result i32)))
  (memory 1)
  (func (export "handler") (param $len i32) (result i32)
    (drop (call $pkt_load (i32.const 0) (i32.const 100) (i32.const 64)))
    (call $emit (i32.const 100) (local.get $len))))
