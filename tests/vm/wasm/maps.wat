;; Maps for t_maps: a hash of 3 entries and an array of 8, declared by
;; exported globals pointing at their struct wasmk_map_def.  Tracing-style
;; entries (i64 arguments), run with `prog test-run ... args`.
(module
  (import "wasmk" "map_lookup" (func $lookup (param i32 i32 i32) (result i32)))
  (import "wasmk" "map_update" (func $update (param i32 i32 i32 i32) (result i32)))
  (import "wasmk" "map_add" (func $add (param i32 i32 i32 i64) (result i32)))
  (memory 1)
  ;; kind, key_size, value_size, max_entries; flags, layouts, reserved: 0
  (data (i32.const 1024) "\01\00\00\00\04\00\00\00\10\00\00\00\03\00\00\00")
  (data (i32.const 1056) "\02\00\00\00\04\00\00\00\10\00\00\00\08\00\00\00")
  (global (export "wasmk_map_small") i32 (i32.const 1024))
  (global (export "wasmk_map_arr") i32 (i32.const 1056))
  ;; add delta to the first u64 of key's value in small; the result
  (func (export "add") (param $key i64) (param $delta i64) (result i32)
    (i32.store (i32.const 0) (i32.wrap_i64 (local.get $key)))
    (call $add (i32.const 1024) (i32.const 0) (i32.const 0) (local.get $delta)))
  ;; arr[0] = {n + 1, n + 1} where n is its first u64: both halves always equal
  (func (export "pair") (result i32)
    (local $n i64)
    (i32.store (i32.const 0) (i32.const 0))
    (drop (call $lookup (i32.const 1056) (i32.const 0) (i32.const 2048)))
    (local.set $n (i64.add (i64.load (i32.const 2048)) (i64.const 1)))
    (i64.store (i32.const 2048) (local.get $n))
    (i64.store (i32.const 2056) (local.get $n))
    (call $update (i32.const 1056) (i32.const 0) (i32.const 2048) (i32.const 0)))
  ;; a map handle that declares nothing: the handler's bug, a HOST trap
  (func (export "bad") (result i32)
    (call $add (i32.const 1028) (i32.const 0) (i32.const 0) (i64.const 1)))
)
