;; Fuel for work (runtime.h, WORK): bulk memory and table operations, host
;; calls and declared locals pay in proportion; spin loops for the deadline.
(module
  (import "env" "work" (func $work (param i32)))
  (memory 2)
  (table $t 1000 2000 funcref)
  (elem $e func $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop
               $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop $nop)
  (elem (i32.const 0) $nop $nop $nop $nop)
  (data $d "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
           "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
  (type $v (func))
  (func $nop)
  (func (export "fill") (param i32)
    (memory.fill (i32.const 16) (i32.const 1) (local.get 0)))
  (func (export "copy") (param i32)
    (memory.copy (i32.const 0) (i32.const 4096) (local.get 0)))
  (func (export "init") (param i32)
    (memory.init $d (i32.const 0) (i32.const 0) (local.get 0)))
  (func (export "peek") (param i32) (result i32)
    (i32.load8_u (local.get 0)))
  (func (export "tfill") (param i32)
    (table.fill $t (i32.const 0) (ref.func $nop) (local.get 0)))
  (func (export "tcopy") (param i32)
    (table.copy $t $t (i32.const 0) (i32.const 500) (local.get 0)))
  (func (export "tinit") (param i32)
    (table.init $t $e (i32.const 0) (i32.const 0) (local.get 0)))
  (func (export "tgrow") (param i32) (result i32)
    (table.grow $t (ref.null func) (local.get 0)))
  (func (export "tsize") (result i32)
    (table.size $t))
  (func (export "host") (param i32)
    (call $work (local.get 0)))
  ;; 64 declared locals: 512 bytes zeroed at entry
  (func (export "locals") (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
           i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
           i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
           i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local.get 63))
  ;; endless: a plain loop, a bulk-memory loop, a call_indirect loop
  (func (export "spin")
    (loop $l (br $l)))
  (func (export "spin_fill")
    (loop $l (memory.fill (i32.const 0) (i32.const 0) (i32.const 65536)) (br $l)))
  (func (export "spin_indirect")
    (loop $l (call_indirect (type $v) (i32.const 3)) (br $l)))
  ;; a float in flight across a refill: the sum, left in xmm0 by f64.add,
  ;; is still on the stack at the run after br_if; 2.5 + 1.5 n for n turns
  (func (export "float_carry") (param i32) (param f64) (result f64)
    (block $b (result f64)
      (loop $l
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (f64.add (local.get 1) (f64.const 1.5))
        (br_if $b (i32.eqz (local.get 0)))
        (local.set 1)
        (br $l))
      (unreachable)))
)
