;; Every runtime trap code, raised by the engine and reported with the
;; spec's message; the instance stays usable after each trap.

(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (table $t 4 funcref)
  (memory 1 2)
  (elem (table $t) (i32.const 0) func $id $nop)
  (func $id (type $ii) (local.get 0))
  (func $nop (type $v))

  (func (export "unreachable") (unreachable))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load_off") (param i32) (result i32) (i32.load offset=0xffffffff (local.get 0)))
  (func (export "store8") (param i32) (i32.store8 (local.get 0) (i32.const 1)))
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (export "div_u64") (param i64 i64) (result i64) (i64.div_u (local.get 0) (local.get 1)))
  (func (export "div_s64") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "trunc_u64") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
  (func (export "call") (param i32 i32) (result i32)
    (call_indirect $t (type $ii) (local.get 0) (local.get 1)))
  (func (export "table_get") (param i32) (result funcref) (table.get $t (local.get 0)))
  (func (export "table_fill") (param i32 i32) (table.fill $t (local.get 0) (ref.null func) (local.get 1)))
  (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func $rec (export "recurse") (param i32) (result i32)
    (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "ok") (result i32) (i32.const 42))
)

(assert_trap (invoke "unreachable") "unreachable")
(assert_return (invoke "ok") (i32.const 42))

;; out of bounds memory access: the last valid word, one past, wrap-around
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0))
(assert_trap (invoke "load" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke "load" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "load_off" (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "load_off" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "store8" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "store8" (i32.const 65535)))
(assert_return (invoke "ok") (i32.const 42))

;; integer division
(assert_trap (invoke "div_s" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div_s" (i32.const 0x80000000) (i32.const -1)) "integer overflow")
(assert_return (invoke "rem_s" (i32.const 0x80000000) (i32.const -1)) (i32.const 0))
(assert_trap (invoke "rem_s" (i32.const 7) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div_u64" (i64.const 7) (i64.const 0)) "integer divide by zero")
(assert_trap (invoke "div_s64" (i64.const 0x8000000000000000) (i64.const -1)) "integer overflow")
(assert_return (invoke "div_s" (i32.const -7) (i32.const 2)) (i32.const -3))

;; float to integer conversion
(assert_trap (invoke "trunc" (f32.const nan)) "invalid conversion to integer")
(assert_trap (invoke "trunc" (f32.const 2147483648)) "integer overflow")
(assert_trap (invoke "trunc" (f32.const -2147483904)) "integer overflow")
(assert_return (invoke "trunc" (f32.const -2147483648)) (i32.const 0x80000000))
(assert_trap (invoke "trunc_u64" (f64.const -1)) "integer overflow")
(assert_return (invoke "trunc_u64" (f64.const -0.9)) (i64.const 0))
(assert_return (invoke "trunc_u64" (f64.const 18446744073709549568)) (i64.const -2048))

;; indirect calls
(assert_return (invoke "call" (i32.const 5) (i32.const 0)) (i32.const 5))
(assert_trap (invoke "call" (i32.const 5) (i32.const 1)) "indirect call type mismatch")
(assert_trap (invoke "call" (i32.const 5) (i32.const 2)) "uninitialized element")
(assert_trap (invoke "call" (i32.const 5) (i32.const 4)) "undefined element")
(assert_trap (invoke "call" (i32.const 5) (i32.const -1)) "undefined element")

;; tables
(assert_trap (invoke "table_get" (i32.const 4)) "out of bounds table access")
(assert_return (invoke "table_get" (i32.const 3)) (ref.null func))
(assert_trap (invoke "table_fill" (i32.const 3) (i32.const 2)) "out of bounds table access")
(assert_return (invoke "table_fill" (i32.const 4) (i32.const 0)))
(assert_return (invoke "call" (i32.const 9) (i32.const 0)) (i32.const 9))

;; bulk memory checks the whole range before writing anything
(assert_trap (invoke "fill" (i32.const 65535) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0x01000000))
(assert_return (invoke "fill" (i32.const 65536) (i32.const 0)))
(assert_trap (invoke "copy" (i32.const 0) (i32.const 65535) (i32.const 2)) "out of bounds memory access")
(assert_trap (invoke "copy" (i32.const -1) (i32.const 0) (i32.const 2)) "out of bounds memory access")

;; call stack exhausted, then the instance works again
(assert_exhaustion (invoke "recurse" (i32.const 0)) "call stack exhausted")
(assert_return (invoke "ok") (i32.const 42))
(assert_return (invoke "call" (i32.const 3) (i32.const 0)) (i32.const 3))

;; traps at instantiation: segments out of bounds, start function
(assert_trap
  (module (memory 1) (data (i32.const 65535) "ab"))
  "out of bounds memory access")
(assert_trap
  (module (table 2 funcref) (func) (elem (i32.const 1) 0 0))
  "out of bounds table access")
(assert_trap
  (module (func $s (unreachable)) (start $s))
  "unreachable")
