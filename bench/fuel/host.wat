;; Host calls through the engine (bench/fuel_cost.c): bench.copy(dst, src,
;; n) is a stub that charges wasm_fuel_bytes(n) (plus its base cost, the
;; program's --host-base) and memcpy()s n bytes inside linear memory, the
;; shape of pkt_load/emit/comm.  Endless loops like classes.wat.
(module
  (import "bench" "copy" (func $copy (param i32 i32 i32) (result i32)))
  (memory 4)
  (func (export "host_0") (result i32)
    (loop $l (drop (call $copy (i32.const 0) (i32.const 65536) (i32.const 0))) (br $l))
    (i32.const 1))
  (func (export "host_16") (result i32)
    (loop $l (drop (call $copy (i32.const 0) (i32.const 65536) (i32.const 16))) (br $l))
    (i32.const 1))
  (func (export "host_4k") (result i32)
    (loop $l (drop (call $copy (i32.const 0) (i32.const 65536) (i32.const 4096))) (br $l))
    (i32.const 1))
  (func (export "host_64k") (result i32)
    (loop $l (drop (call $copy (i32.const 0) (i32.const 65536) (i32.const 65536))) (br $l))
    (i32.const 1))
)
