;; Variable instructions: local.get, local.set, local.tee, global.get,
;; global.set -- typing, index bounds, mutability; global types and
;; constant initialisers.

;; local.get : [] -> [t]
(module (func (export "local.get") (param i32) (result i32) local.get 0))
(module (func (param i32 i64 f32 f64 funcref externref) (result externref)
  local.get 5))
(module (func (result f64) (local i32) (local f64) local.get 1))
(module (func (result i64) (local i32 i32 i32 i64) local.get 3))
(module (func (param i32) (result i64) (local i64 i64) local.get 2))
(assert_invalid
  (module (func (result i32) local.get 0))
  "unknown local")
(assert_invalid
  (module (func (param i32) (result i32) local.get 1))
  "unknown local")
(assert_invalid
  (module (func (param i32) (result i64) (local i64) local.get 2))
  "unknown local")
(assert_invalid
  (module (func (param i32) (result i64) local.get 0))
  "type mismatch")
(assert_invalid
  (module (func (result f64) (local f32) local.get 0))
  "type mismatch")
(assert_invalid
  (module (func (param externref) (result funcref) local.get 0))
  "type mismatch")
;; An index far out of range (LEB128 5 bytes, not an overflow).
(assert_invalid
  (module (func (local i32) local.get 4294967295 drop))
  "unknown local")

;; local.set : [t] -> []
(module (func (export "local.set") (param i32) i32.const 1 local.set 0))
(module (func (local f64) f64.const 2 local.set 0))
(module (func (param funcref) ref.null func local.set 0))
(assert_invalid
  (module (func (param i32) i64.const 1 local.set 0))
  "type mismatch")
(assert_invalid
  (module (func (param i32) local.set 0))
  "type mismatch")
(assert_invalid
  (module (func (local i32) i32.const 1 local.set 1))
  "unknown local")
(assert_invalid
  (module (func (param i32) (result i32) i32.const 1 local.set 0))
  "type mismatch")
(assert_invalid
  (module (func (param externref) ref.null func local.set 0))
  "type mismatch")
(module (func (param i32) unreachable local.set 0))
(assert_invalid
  (module (func (param i32) unreachable f32.const 0 local.set 0))
  "type mismatch")

;; local.tee : [t] -> [t]
(module (func (export "local.tee") (param i32) (result i32)
  i32.const 1 local.tee 0))
(module (func (result f32) (local f32) f32.const 1 local.tee 0))
(assert_invalid
  (module (func (param i32) (result i32) i64.const 1 local.tee 0))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i64) i32.const 1 local.tee 0))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i32) local.tee 0))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i32) i32.const 1 local.tee 1))
  "unknown local")
(module (func (param i32) (result i32) unreachable local.tee 0))
(assert_invalid
  (module (func (param i32) (result i32) unreachable f64.const 0 local.tee 0))
  "type mismatch")

;; global.get : [] -> [t]
(module
  (global $a i32 (i32.const 1))
  (global $b (mut i64) (i64.const 2))
  (global $c f32 (f32.const 3))
  (global $d (mut f64) (f64.const 4))
  (global $e funcref (ref.null func))
  (global $f externref (ref.null extern))
  (func (export "global.get") (result i32) global.get $a)
  (func (result i64) global.get $b)
  (func (result f32) global.get $c)
  (func (result f64) global.get $d)
  (func (result funcref) global.get $e)
  (func (result externref) global.get $f))
(module
  (import "m" "g" (global i32))
  (global i64 (i64.const 0))
  (func (result i32) global.get 0)
  (func (result i64) global.get 1))
(assert_invalid
  (module (func (result i32) global.get 0))
  "unknown global")
(assert_invalid
  (module (global i32 (i32.const 0)) (func (result i32) global.get 1))
  "unknown global")
(assert_invalid
  (module (import "m" "g" (global i32)) (func (result i32) global.get 1))
  "unknown global")
(assert_invalid
  (module (global i32 (i32.const 0)) (func (result i64) global.get 0))
  "type mismatch")
(assert_invalid
  (module (global externref (ref.null extern)) (func (result funcref) global.get 0))
  "type mismatch")

;; global.set : [t] -> []
(module
  (global $g (mut i32) (i32.const 0))
  (func (export "global.set") i32.const 1 global.set $g))
(module
  (import "m" "g" (global (mut f32)))
  (func f32.const 1 global.set 0))
(module
  (global (mut externref) (ref.null extern))
  (func (param externref) local.get 0 global.set 0))
(assert_invalid
  (module (global i32 (i32.const 0)) (func i32.const 1 global.set 0))
  "global is immutable")
(assert_invalid
  (module (import "m" "g" (global i32)) (func i32.const 1 global.set 0))
  "global is immutable")
(assert_invalid
  (module (global (mut i32) (i32.const 0)) (func i64.const 1 global.set 0))
  "type mismatch")
(assert_invalid
  (module (global (mut i32) (i32.const 0)) (func global.set 0))
  "type mismatch")
(assert_invalid
  (module (global (mut i32) (i32.const 0)) (func i32.const 1 global.set 1))
  "unknown global")
(assert_invalid
  (module (func i32.const 1 global.set 0))
  "unknown global")
(assert_invalid
  (module (global (mut i32) (i32.const 0)) (func (result i32) i32.const 1 global.set 0))
  "type mismatch")
(module (global (mut i32) (i32.const 0)) (func unreachable global.set 0))
(assert_invalid
  (module (global (mut i32) (i32.const 0)) (func unreachable i64.const 1 global.set 0))
  "type mismatch")

;; Global types and initialisers (constant expressions).
(module
  (global i32 (i32.const -1))
  (global i64 (i64.const -1))
  (global f32 (f32.const -1))
  (global f64 (f64.const -1))
  (global funcref (ref.null func))
  (global externref (ref.null extern))
  (global funcref (ref.func 0))
  (func))
(module
  (import "m" "a" (global i32))
  (import "m" "b" (global externref))
  (global i32 (global.get 0))
  (global externref (global.get 1)))
(module (global (export "g") (mut i32) (i32.const 0)))
(module (import "m" "g" (global (mut i64))) (export "g" (global 0)))
(assert_invalid
  (module (global i32 (i64.const 0)))
  "type mismatch")
(assert_invalid
  (module (global f32 (f64.const 0)))
  "type mismatch")
(assert_invalid
  (module (global externref (ref.null func)))
  "type mismatch")
(assert_invalid
  (module (global funcref (ref.null extern)))
  "type mismatch")
(assert_invalid
  (module (global i32))
  "type mismatch")
(assert_invalid
  (module (global i32 (i32.const 0) (i32.const 0)))
  "type mismatch")
(assert_invalid
  (module (global i32 (nop)))
  "constant expression required")
(assert_invalid
  (module (global i32 (i32.add (i32.const 1) (i32.const 2))))
  "constant expression required")
(assert_invalid
  (module (global i32 (i32.const 1) (i32.eqz)))
  "constant expression required")
(assert_invalid
  (module (global i32 (block (result i32) (i32.const 0))))
  "constant expression required")
(assert_invalid
  (module (global i32 (unreachable)))
  "constant expression required")
;; Only imported globals may be read by a constant expression (Wasm 2.0).
(assert_invalid
  (module (global i32 (i32.const 0)) (global i32 (global.get 0)))
  "unknown global")
(assert_invalid
  (module (global i32 (global.get 0)))
  "unknown global")
(assert_invalid
  (module (import "m" "g" (global (mut i32))) (global i32 (global.get 0)))
  "constant expression required")
(assert_invalid
  (module (import "m" "g" (global i32)) (global i64 (global.get 0)))
  "type mismatch")
(assert_invalid
  (module (global funcref (ref.func 1)) (func))
  "unknown function")
