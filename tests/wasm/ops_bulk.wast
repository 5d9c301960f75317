;; Bulk memory and table instructions: memory.init, data.drop, memory.copy,
;; memory.fill, table.init, elem.drop, table.copy -- typing, index bounds,
;; the data count section requirement; element segment forms and types.

;; memory.init : [i32 i32 i32] -> []
(module
  (memory 1)
  (data $d "abc")
  (func (export "memory.init") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 memory.init $d))
(module
  (memory 1)
  (data "a") (data (i32.const 0) "b")
  (func i32.const 0 i32.const 0 i32.const 0 memory.init 1))
(assert_invalid
  (module (data "a")
    (func i32.const 0 i32.const 0 i32.const 0 memory.init 0))
  "unknown memory")
(assert_invalid
  (module (memory 1) (data "a")
    (func i32.const 0 i32.const 0 i32.const 0 memory.init 1))
  "unknown data segment")
;; (memory.init / data.drop of a segment past the data count: in
;; binary_invalid.wast -- without data segments wabt writes no data count
;; section, which makes these malformed rather than invalid.)
(assert_invalid
  (module (memory 1) (data "a")
    (func i64.const 0 i32.const 0 i32.const 0 memory.init 0))
  "type mismatch")
(assert_invalid
  (module (memory 1) (data "a")
    (func i32.const 0 i64.const 0 i32.const 0 memory.init 0))
  "type mismatch")
(assert_invalid
  (module (memory 1) (data "a")
    (func i32.const 0 i32.const 0 f32.const 0 memory.init 0))
  "type mismatch")
(assert_invalid
  (module (memory 1) (data "a")
    (func i32.const 0 i32.const 0 memory.init 0))
  "type mismatch")
(assert_invalid
  (module (memory 1) (data "a")
    (func (result i32) i32.const 0 i32.const 0 i32.const 0 memory.init 0))
  "type mismatch")

;; data.drop : [] -> []
(module
  (data $d "abc")
  (func (export "data.drop") data.drop $d))
(module (memory 1) (data (i32.const 0) "a") (data "b") (func data.drop 0 data.drop 1))
(assert_invalid
  (module (data "a") (func data.drop 1))
  "unknown data segment")
(assert_invalid
  (module (data "a") (func (result i32) data.drop 0))
  "type mismatch")

;; memory.copy : [i32 i32 i32] -> []
(module
  (memory 1)
  (func (export "memory.copy") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 memory.copy))
(assert_invalid
  (module (func i32.const 0 i32.const 0 i32.const 0 memory.copy))
  "unknown memory")
(assert_invalid
  (module (memory 1) (func i64.const 0 i32.const 0 i32.const 0 memory.copy))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func i32.const 0 f64.const 0 i32.const 0 memory.copy))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func i32.const 0 i32.const 0 i64.const 0 memory.copy))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func i32.const 0 i32.const 0 memory.copy))
  "type mismatch")

;; memory.fill : [i32 i32 i32] -> []
(module
  (memory 1)
  (func (export "memory.fill") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 memory.fill))
(assert_invalid
  (module (func i32.const 0 i32.const 0 i32.const 0 memory.fill))
  "unknown memory")
(assert_invalid
  (module (memory 1) (func i64.const 0 i32.const 0 i32.const 0 memory.fill))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func i32.const 0 i64.const 0 i32.const 0 memory.fill))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func i32.const 0 i32.const 0 f32.const 0 memory.fill))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func i32.const 0 i32.const 0 memory.fill))
  "type mismatch")

;; table.init : [i32 i32 i32] -> []
(module
  (table 1 funcref)
  (func $f)
  (elem $e func $f)
  (func (export "table.init") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 table.init $e))
(module
  (table 1 funcref)
  (table $x 1 externref)
  (elem $e externref (ref.null extern))
  (func i32.const 0 i32.const 0 i32.const 0 table.init $x $e))
(assert_invalid
  (module (func $f) (elem $e func $f)
    (func i32.const 0 i32.const 0 i32.const 0 table.init $e))
  "unknown table")
(assert_invalid
  (module (table 1 funcref)
    (func i32.const 0 i32.const 0 i32.const 0 table.init 0))
  "unknown elem segment 0")
(assert_invalid
  (module (table 1 funcref) (func $f) (elem $e func $f)
    (func i32.const 0 i32.const 0 i32.const 0 table.init 1))
  "unknown elem segment 1")
(assert_invalid
  (module (table 1 externref) (func $f) (elem $e func $f)
    (func i32.const 0 i32.const 0 i32.const 0 table.init $e))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (elem $e externref (ref.null extern))
    (func i32.const 0 i32.const 0 i32.const 0 table.init $e))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func $f) (elem $e func $f)
    (func i64.const 0 i32.const 0 i32.const 0 table.init $e))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func $f) (elem $e func $f)
    (func i32.const 0 i32.const 0 table.init $e))
  "type mismatch")

;; elem.drop : [] -> []
(module
  (func $f)
  (elem $e func $f)
  (func (export "elem.drop") elem.drop $e))
(module (func $f) (elem declare func $f) (func elem.drop 0))
(assert_invalid
  (module (func elem.drop 0))
  "unknown elem segment 0")
(assert_invalid
  (module (func $f) (elem func $f) (func elem.drop 1))
  "unknown elem segment 1")

;; table.copy : [i32 i32 i32] -> []
(module
  (table $a 1 funcref)
  (table $b 1 funcref)
  (table $x 1 externref)
  (func (export "table.copy") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 table.copy $a $b)
  (func i32.const 0 i32.const 0 i32.const 0 table.copy $x $x)
  (func i32.const 0 i32.const 0 i32.const 0 table.copy))
(assert_invalid
  (module (func i32.const 0 i32.const 0 i32.const 0 table.copy))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func i32.const 0 i32.const 0 i32.const 0 table.copy 0 1))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func i32.const 0 i32.const 0 i32.const 0 table.copy 1 0))
  "unknown table")
(assert_invalid
  (module (table $a 1 funcref) (table $x 1 externref)
    (func i32.const 0 i32.const 0 i32.const 0 table.copy $a $x))
  "type mismatch")
(assert_invalid
  (module (table $a 1 funcref) (table $x 1 externref)
    (func i32.const 0 i32.const 0 i32.const 0 table.copy $x $a))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func i32.const 0 i64.const 0 i32.const 0 table.copy))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func i32.const 0 i32.const 0 table.copy))
  "type mismatch")

;; Element segments: passive, active (tables 0 and other), declarative;
;; function indices or expressions; funcref or externref.
(module
  (table $t 2 funcref)
  (table $u 2 externref)
  (func $f)
  (elem func $f $f)
  (elem funcref (ref.func $f) (ref.null func))
  (elem externref (ref.null extern))
  (elem (i32.const 0) $f)
  (elem (table $t) (i32.const 0) func $f)
  (elem (table $t) (i32.const 1) funcref (ref.null func))
  (elem (table $u) (i32.const 1) externref (ref.null extern))
  (elem declare func $f)
  (elem declare funcref (ref.func $f)))
(assert_invalid
  (module (table 1 externref) (func $f) (elem (i32.const 0) $f))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (elem (i32.const 0) externref (ref.null extern)))
  "type mismatch")
(assert_invalid
  (module (elem funcref (ref.null extern)))
  "type mismatch")
(assert_invalid
  (module (elem externref (ref.null func)))
  "type mismatch")
(assert_invalid
  (module (func $f) (elem funcref (ref.func $f) (i32.const 0)))
  "type mismatch")
(assert_invalid
  (module (elem funcref (ref.func 0)))
  "unknown function")
(assert_invalid
  (module (elem func 0))
  "unknown function")
(assert_invalid
  (module (table 1 funcref) (func $f) (elem (table 1) (i32.const 0) func $f))
  "unknown table")

;; Data segments: passive and active.
(module (memory 1) (data "passive") (data (i32.const 0) "active") (data (memory 0) (i32.const 1) "x"))
