;; A map shared by name (t_map_share): every program loaded from this file
;; declares "tally", a hash of u32 keys to u64 counts with layouts, as
;; WASMK_MAP_DECL(tally, WASMK_MAP_HASH, u32, u64, 16, WASMK_MAP_F_SHARED,
;; "u32:k", "u64:n") would.  Entry add(key, delta) adds to it.
(module
  (import "wasmk" "map_add" (func $add (param i32 i32 i32 i64) (result i32)))
  (memory 1)
  ;; kind hash, key 4, value 8, 16 entries, flags shared, layouts at 1088, 1096
  (data (i32.const 1024) "\01\00\00\00\04\00\00\00\08\00\00\00\10\00\00\00"
                         "\01\00\00\00\40\04\00\00\48\04\00\00\00\00\00\00")
  (data (i32.const 1088) "u32:k\00")
  (data (i32.const 1096) "u64:n\00")
  (global (export "wasmk_map_tally") i32 (i32.const 1024))
  (func (export "add") (param $key i64) (param $delta i64) (result i32)
    (i32.store (i32.const 0) (i32.wrap_i64 (local.get $key)))
    (call $add (i32.const 1024) (i32.const 0) (i32.const 0) (local.get $delta)))
)
