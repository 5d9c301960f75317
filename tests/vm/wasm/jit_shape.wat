;; scripts/jit-mitigations' module: every kind of branch the JIT emits
;; (direct and indirect calls, returns, a trap) and no br_table, whose jump
;; table is data inside the code that a disassembler would misread.
;; run(ctx) = 2 * (ctx + 20) + 1.
(module
  (type $t (func (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $double $inc)
  (func $double (type $t)
    (i32.mul (local.get 0) (i32.const 2)))
  (func $inc (type $t)
    (i32.add (local.get 0) (i32.const 1)))
  (func (export "run") (param $ctx i32) (result i32)
    (i32.store (i32.const 16) (i32.add (local.get $ctx) (i32.const 20)))
    (call_indirect (type $t)
      (call_indirect (type $t) (i32.load (i32.const 16)) (i32.const 0))
      (i32.const 1)))
  (func (export "oob") (param i32) (result i32)
    (i32.load (i32.const 70000))))
