;; Reference and table instructions: ref.null, ref.is_null, ref.func,
;; table.get, table.set, table.size, table.grow, table.fill -- typing, index
;; bounds, element types, declared function references.

;; ref.null : [] -> [t]
(module (func (export "ref.null") (result funcref) ref.null func))
(module (func (result externref) ref.null extern))
(assert_invalid
  (module (func (result externref) ref.null func))
  "type mismatch")
(assert_invalid
  (module (func (result funcref) ref.null extern))
  "type mismatch")
(assert_invalid
  (module (func (result i32) ref.null func))
  "type mismatch")

;; ref.is_null : [t] -> [i32] for a reference type t
(module (func (export "ref.is_null") (param funcref) (result i32) local.get 0 ref.is_null))
(module (func (param externref) (result i32) local.get 0 ref.is_null))
(module (func (result i32) unreachable ref.is_null))
(assert_invalid
  (module (func (param i32) (result i32) local.get 0 ref.is_null))
  "type mismatch")
(assert_invalid
  (module (func (param f64) (result i32) local.get 0 ref.is_null))
  "type mismatch")
(assert_invalid
  (module (func (result i32) ref.is_null))
  "type mismatch")
(assert_invalid
  (module (func (param externref) (result externref) local.get 0 ref.is_null))
  "type mismatch")
(assert_invalid
  (module (func (result i32) unreachable i64.const 0 ref.is_null))
  "type mismatch")

;; ref.func : [] -> [funcref]; the function must be declared (referenced
;; outside function bodies: element segment, export, global initialiser).
(module
  (func $f)
  (elem declare func $f)
  (func (export "ref.func") (result funcref) ref.func $f))
(module
  (func $f (export "f"))
  (func (result funcref) ref.func $f))
(module
  (func $f)
  (global funcref (ref.func $f))
  (func (result funcref) ref.func $f))
(module
  (func $f)
  (table 1 funcref)
  (elem (i32.const 0) $f)
  (func (result funcref) ref.func $f))
(module
  (import "m" "f" (func $f))
  (elem declare func $f)
  (func (result funcref) ref.func $f))
(module
  (func $f)
  (elem funcref (ref.func $f))
  (func (result funcref) ref.func $f))
(assert_invalid
  (module (func $f) (func (result funcref) ref.func $f))
  "undeclared function reference")
(assert_invalid
  (module (func $f (result funcref) ref.func $f))
  "undeclared function reference")
(assert_invalid
  (module (func $f) (elem declare func $f) (func (result funcref) ref.func 2))
  "unknown function")
(assert_invalid
  (module (func $f) (elem declare func $f) (func (result externref) ref.func $f))
  "type mismatch")

;; table.get : [i32] -> [t]
(module
  (table 1 funcref)
  (table $e 1 externref)
  (func (export "table.get") (param i32) (result funcref) local.get 0 table.get 0)
  (func (param i32) (result externref) local.get 0 table.get $e))
(assert_invalid
  (module (func (param i32) (result funcref) local.get 0 table.get 0))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func (param i32) (result funcref) local.get 0 table.get 1))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func (param i64) (result funcref) local.get 0 table.get 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (result funcref) table.get 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param i32) (result externref) local.get 0 table.get 0))
  "type mismatch")

;; table.set : [i32 t] -> []
(module
  (table 1 funcref)
  (table $e 1 externref)
  (func (export "table.set") (param i32 funcref) local.get 0 local.get 1 table.set 0)
  (func (param i32 externref) local.get 0 local.get 1 table.set $e)
  (func (param i32) local.get 0 ref.null func table.set 0))
(assert_invalid
  (module (func (param i32 funcref) local.get 0 local.get 1 table.set 0))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func (param i32 externref) local.get 0 local.get 1 table.set 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param i64 funcref) local.get 0 local.get 1 table.set 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param funcref i32) local.get 0 local.get 1 table.set 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param i32) local.get 0 table.set 0))
  "type mismatch")
(assert_invalid
  (module (table 1 externref) (func (param i32) (result i32) local.get 0 ref.null extern table.set 0))
  "type mismatch")

;; table.size : [] -> [i32]
(module
  (table 1 funcref)
  (table $e 0 externref)
  (func (export "table.size") (result i32) table.size 0)
  (func (result i32) table.size $e))
(assert_invalid
  (module (func (result i32) table.size 0))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func (result i64) table.size 0))
  "type mismatch")

;; table.grow : [t i32] -> [i32]
(module
  (table 1 funcref)
  (table $e 0 externref)
  (func (export "table.grow") (param funcref i32) (result i32)
    local.get 0 local.get 1 table.grow 0)
  (func (param i32) (result i32) ref.null extern local.get 0 table.grow $e))
(assert_invalid
  (module (func (param funcref i32) (result i32) local.get 0 local.get 1 table.grow 0))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func (param externref i32) (result i32)
    local.get 0 local.get 1 table.grow 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param funcref i64) (result i32)
    local.get 0 local.get 1 table.grow 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param i32 funcref) (result i32)
    local.get 0 local.get 1 table.grow 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param i32) (result i32) local.get 0 table.grow 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param funcref i32) local.get 0 local.get 1 table.grow 0))
  "type mismatch")

;; table.fill : [i32 t i32] -> []
(module
  (table 1 funcref)
  (table $e 0 externref)
  (func (export "table.fill") (param i32 funcref i32)
    local.get 0 local.get 1 local.get 2 table.fill 0)
  (func (param i32 i32) local.get 0 ref.null extern local.get 1 table.fill $e))
(assert_invalid
  (module (func (param i32 funcref i32) local.get 0 local.get 1 local.get 2 table.fill 0))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func (param i32 externref i32)
    local.get 0 local.get 1 local.get 2 table.fill 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param i64 funcref i32)
    local.get 0 local.get 1 local.get 2 table.fill 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param i32 funcref i64)
    local.get 0 local.get 1 local.get 2 table.fill 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param funcref i32)
    local.get 0 local.get 1 table.fill 0))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (param i32 funcref i32) (result i32)
    local.get 0 local.get 1 local.get 2 table.fill 0))
  "type mismatch")
