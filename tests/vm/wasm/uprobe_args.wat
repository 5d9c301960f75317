;; A uprobe's register arguments (t_uprobe): emits (a, b) of each call of
;; wasmk-uprobe-target's wasmk_add(long a, long b).
(module
  (import "wasmk" "emit" (func $emit (param i32 i32) (result i32)))
  (memory 1)
  (func (export "handler") (param $a i64) (param $b i64) (result i32)
    (i64.store (i32.const 0) (local.get $a))
    (i64.store (i32.const 8) (local.get $b))
    (drop (call $emit (i32.const 0) (i32.const 16)))
    (i32.const 0))
)
