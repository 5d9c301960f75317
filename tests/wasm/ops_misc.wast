;; Parametric instructions (drop, select, typed select) and module-level
;; validity: types, imports, exports, start function, tables, element and
;; data segment offsets.

;; drop : [t] -> []
(module (func (export "drop") i32.const 1 drop))
(module (func i64.const 1 f32.const 2 f64.const 3 drop drop drop))
(module (func ref.null extern drop ref.null func drop))
(module (func unreachable drop))
(assert_invalid
  (module (func drop))
  "type mismatch")
(assert_invalid
  (module (func block i32.const 1 end drop))
  "type mismatch")
(assert_invalid
  (module (func (result i32) i32.const 1 i32.const 2 drop drop))
  "type mismatch")

;; select : [t t i32] -> [t] for numeric t
(module (func (export "select") (param i32 i32 i32) (result i32)
  local.get 0 local.get 1 local.get 2 select))
(module (func (param i64 i64 i32) (result i64)
  local.get 0 local.get 1 local.get 2 select))
(module (func (param f32 f32 i32) (result f32)
  local.get 0 local.get 1 local.get 2 select))
(module (func (param f64 f64 i32) (result f64)
  local.get 0 local.get 1 local.get 2 select))
(module (func (result i32) unreachable select))
(module (func (result i32) unreachable i32.const 0 select))
(module (func (result i64) unreachable i64.const 0 i32.const 0 select))
(assert_invalid
  (module (func (param i32 i64 i32) (result i32)
    local.get 0 local.get 1 local.get 2 select))
  "type mismatch")
(assert_invalid
  (module (func (param f32 f32 i64) (result f32)
    local.get 0 local.get 1 local.get 2 select))
  "type mismatch")
(assert_invalid
  (module (func (param i32 i32) (result i32)
    local.get 0 local.get 1 select))
  "type mismatch")
(assert_invalid
  (module (func (param i32 i32 i32) (result i64)
    local.get 0 local.get 1 local.get 2 select))
  "type mismatch")
;; Untyped select is not allowed on reference types.
(assert_invalid
  (module (func (param funcref funcref i32) (result funcref)
    local.get 0 local.get 1 local.get 2 select))
  "type mismatch")
(assert_invalid
  (module (func (param externref externref i32) (result externref)
    local.get 0 local.get 1 local.get 2 select))
  "type mismatch")
(assert_invalid
  (module (func (param externref i32) (result externref)
    unreachable local.get 0 local.get 1 select))
  "type mismatch")
(assert_invalid
  (module (func (result i32) unreachable i64.const 0 i32.const 0 i32.const 0 select))
  "type mismatch")

;; select t : [t t i32] -> [t]
(module (func (export "select t") (param i32 i32 i32) (result i32)
  local.get 0 local.get 1 local.get 2 select (result i32)))
(module (func (param funcref funcref i32) (result funcref)
  local.get 0 local.get 1 local.get 2 select (result funcref)))
(module (func (param externref externref i32) (result externref)
  local.get 0 local.get 1 local.get 2 select (result externref)))
(module (func (param f64 f64 i32) (result f64)
  local.get 0 local.get 1 local.get 2 select (result f64)))
(module (func (result externref) unreachable select (result externref)))
(assert_invalid
  (module (func (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 select (result i64)))
  "type mismatch")
(assert_invalid
  (module (func (param funcref externref i32) (result funcref)
    local.get 0 local.get 1 local.get 2 select (result funcref)))
  "type mismatch")
(assert_invalid
  (module (func (param externref externref i64) (result externref)
    local.get 0 local.get 1 local.get 2 select (result externref)))
  "type mismatch")
(assert_invalid
  (module (func (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 select (result i32) (result i32)))
  "invalid result arity")
;; (select with an empty type vector is in binary_invalid.wast: wabt
;; writes `select (result)` as plain select.)

;; Types: any number of params and results (multi-value).
(module
  (type (func))
  (type (func (param i32 i64 f32 f64 funcref externref)))
  (type (func (result i32 i64 f32 f64 funcref externref)))
  (type (func (param i32) (result i32)))
  (type (func (param i32) (result i32))))

;; Imports of every kind; the index spaces start with them.
(module
  (import "m" "f" (func (param i32) (result i32)))
  (import "m" "t" (table 1 2 funcref))
  (import "m" "mem" (memory 1 2))
  (import "m" "g" (global (mut i64)))
  (import "m" "h" (global externref))
  (import "m" "" (func))
  (import "" "" (func)))
(assert_invalid
  (module (import "m" "f" (func (type 1))))
  "unknown type")

;; Exports.
(module
  (func $f)
  (table $t 1 funcref)
  (memory $m 1)
  (global $g i32 (i32.const 0))
  (export "f" (func $f))
  (export "t" (table $t))
  (export "m" (memory $m))
  (export "g" (global $g))
  (export "f2" (func $f))
  (export "" (func $f)))
(assert_invalid
  (module (func) (export "a" (func 0)) (export "a" (func 0)))
  "duplicate export name")
(assert_invalid
  (module (func) (global i32 (i32.const 0)) (export "a" (func 0)) (export "a" (global 0)))
  "duplicate export name")
(assert_invalid
  (module (export "f" (func 0)))
  "unknown function")
(assert_invalid
  (module (table 1 funcref) (export "t" (table 1)))
  "unknown table")
(assert_invalid
  (module (export "m" (memory 0)))
  "unknown memory")
(assert_invalid
  (module (global i32 (i32.const 0)) (export "g" (global 1)))
  "unknown global")

;; Start function: [] -> [].
(module (func $s) (start $s))
(module (import "m" "f" (func $s)) (start $s))
(assert_invalid
  (module (func $s (param i32)) (start $s))
  "start function")
(assert_invalid
  (module (func $s (result i32) i32.const 0) (start $s))
  "start function")
(assert_invalid
  (module (func) (start 1))
  "unknown function")

;; Tables (reference types: several tables, externref tables).
(module (table 0 funcref))
(module (table 0 0 externref))
(module (table 1 funcref) (table 2 externref) (table 3 4 funcref))
(module (table 0 4294967295 funcref))
(module (table (import "m" "t") 1 externref) (table 1 funcref))
(assert_invalid
  (module (table 2 1 funcref))
  "size minimum must not be greater than maximum")
(assert_invalid
  (module (import "m" "t" (table 2 1 funcref)))
  "size minimum must not be greater than maximum")

;; Active segment offsets: constant i32 expressions.
(module (memory 1) (data (i32.const 0) "a") (data (i32.const 65535) ""))
(module (global (import "m" "g") i32) (memory 1) (data (global.get 0) "a"))
(module (table 1 funcref) (func) (elem (i32.const 0) 0))
(module (global (import "m" "g") i32) (table 1 funcref) (func) (elem (global.get 0) 0))
(assert_invalid
  (module (memory 1) (data (i64.const 0) "a"))
  "type mismatch")
(assert_invalid
  (module (memory 1) (data (offset (i32.const 0) (i32.const 0)) "a"))
  "type mismatch")
(assert_invalid
  (module (memory 1) (data (offset) "a"))
  "type mismatch")
(assert_invalid
  (module (memory 1) (data (offset (i32.const 0) (i32.eqz)) "a"))
  "constant expression required")
(assert_invalid
  (module (memory 1) (data (offset (nop)) "a"))
  "constant expression required")
(assert_invalid
  (module (memory 1) (global i32 (i32.const 0)) (data (global.get 0) "a"))
  "unknown global")
(assert_invalid
  (module (global (import "m" "g") (mut i32)) (memory 1) (data (global.get 0) "a"))
  "constant expression required")
(assert_invalid
  (module (data (i32.const 0) "a"))
  "unknown memory")
(assert_invalid
  (module (table 1 funcref) (func) (elem (i64.const 0) 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func) (elem (offset (i32.const 0) (i32.const 1) (i32.add)) 0))
  "constant expression required")
(assert_invalid
  (module (func) (elem (i32.const 0) 0))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (elem (i32.const 0) 0))
  "unknown function")
