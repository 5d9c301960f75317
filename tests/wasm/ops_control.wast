;; Control instructions: unreachable, nop, block, loop, if/else, end, br,
;; br_if, br_table, return, call, call_indirect -- typing, label and index
;; bounds, block types (empty, value type, type index with params), the
;; polymorphic stack after unreachable/br/return.

;; unreachable : [t1*] -> [t2*] (stack-polymorphic)
(module (func (export "unreachable") unreachable))
(module (func (result i32 i64 f32) unreachable))
(module (func (result i32) unreachable i32.eqz))
(module (func (result i32) unreachable drop drop drop i32.const 0))
(module (func (param i32) (result f64) unreachable local.get 0 drop))
(assert_invalid
  (module (func (result i32) unreachable i64.const 0))
  "type mismatch")
(assert_invalid
  (module (func (result i32) unreachable i64.const 0 i64.const 0 i32.add))
  "type mismatch")
(assert_invalid
  (module (func unreachable i32.const 0))
  "type mismatch")

;; nop : [] -> []
(module (func (export "nop") nop nop))
(assert_invalid
  (module (func (result i32) nop))
  "type mismatch")

;; block : blocktype
(module (func (export "block") block end))
(module (func (result i32) block (result i32) i32.const 1 end))
(module (func (result i64) block (result i64) block (result i64) i64.const 1 end end))
(module
  (type $pr (func (param i32 i64) (result f32)))
  (func (result f32) i32.const 1 i64.const 2 block (type $pr) drop drop f32.const 3 end))
(module
  (type $two (func (result i32 i64)))
  (func (result i32 i64) block (type $two) i32.const 1 i64.const 2 end))
(module (func (result i32) block (param) (result i32) i32.const 1 end))
(module (func block (result i32) unreachable end drop))
(assert_invalid
  (module (func (result i32) block (result i32) end))
  "type mismatch")
(assert_invalid
  (module (func block i32.const 1 end))
  "type mismatch")
(assert_invalid
  (module (func (result i32) block (result i32) i64.const 1 end))
  "type mismatch")
(assert_invalid
  (module (func (result i32) block (result i32) i32.const 1 i32.const 2 end))
  "type mismatch")
(assert_invalid
  (module (func (result i64) block (result i32) i32.const 1 end))
  "type mismatch")
;; Block parameters must come from outside the block...
(assert_invalid
  (module
    (type $p (func (param i32)))
    (func block (type $p) drop end))
  "type mismatch")
(assert_invalid
  (module
    (type $p (func (param i32)))
    (func i64.const 0 block (type $p) drop end))
  "type mismatch")
;; ... and outer values are not visible inside a block.
(assert_invalid
  (module (func (result i32) i32.const 1 block (result i32) end))
  "type mismatch")
(assert_invalid
  (module (func i32.const 1 block drop end))
  "type mismatch")
;; (An unknown block type index is in binary_invalid.wast: the text form
;; can't express it.)

;; loop : blocktype; a branch to a loop takes its parameters
(module (func (export "loop") loop end))
(module (func (result i32) loop (result i32) i32.const 1 end))
(module (func (result i32) loop (result i32) br 0 end))
(module
  (type $ii (func (param i32) (result i32)))
  (func (result i32) i32.const 1 loop (type $ii) br 0 end))
(module (func (result i32) loop (result i32) i32.const 1 i32.const 0 br_if 0 end))
(assert_invalid
  (module (func (result i32) loop (result i32) end))
  "type mismatch")
(assert_invalid
  (module (func (result i32) loop (result i32) i64.const 1 end))
  "type mismatch")
;; br_if to a loop pops only the condition (the loop has no params) ...
(assert_invalid
  (module (func (result i32) loop (result i32) i32.const 1 br_if 0 end))
  "type mismatch")
;; ... and a branch to a loop with params needs them.
(assert_invalid
  (module
    (type $ii (func (param i32) (result i32)))
    (func (result i32) i32.const 1 loop (type $ii) drop br 0 end))
  "type mismatch")

;; if : [t1* i32] -> [t2*]
(module (func (export "if") (param i32) local.get 0 if end))
(module (func (param i32) local.get 0 if else end))
(module (func (param i32) (result i32)
  local.get 0 if (result i32) i32.const 1 else i32.const 2 end))
(module
  (type $ii (func (param i32) (result i32)))
  (func (param i32) (result i32)
    i32.const 5 local.get 0 if (type $ii) i32.const 1 i32.add else i32.const 2 i32.sub end))
;; Without else, params == results is fine (the value passes through).
(module
  (type $ii (func (param i32) (result i32)))
  (func (param i32) (result i32) i32.const 5 local.get 0 if (type $ii) end))
(module (func (param i32) (result i32)
  local.get 0 if (result i32) unreachable else unreachable end))
(assert_invalid
  (module (func (param i32) (result i32) local.get 0 if (result i32) i32.const 1 end))
  "type mismatch")
(assert_invalid
  (module (func (param i64) local.get 0 if end))
  "type mismatch")
(assert_invalid
  (module (func if end))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i32)
    local.get 0 if (result i32) i64.const 1 else i32.const 2 end))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i32)
    local.get 0 if (result i32) i32.const 1 else i64.const 2 end))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i32)
    local.get 0 if (result i32) i32.const 1 else end))
  "type mismatch")
(assert_invalid
  (module (func (param i32)
    local.get 0 if i32.const 1 else end))
  "type mismatch")
(assert_invalid
  (module (func (param i32)
    local.get 0 if else i32.const 1 end))
  "type mismatch")
(assert_invalid
  (module
    (type $ii (func (param i32) (result i32)))
    (func (param i32) (result i32) local.get 0 if (type $ii) end))
  "type mismatch")
(assert_invalid
  (module
    (type $ii (func (param i32) (result i64)))
    (func (param i32) (result i64) i32.const 5 local.get 0 if (type $ii) i64.extend_i32_u end))
  "type mismatch")

;; br : [t1* t*] -> [t2*]
(module (func (export "br") br 0))
(module (func (result i32) i32.const 1 br 0))
(module (func (result i32) block (result i32) i32.const 1 br 0 end))
(module (func (result i32) block block (result i32) i32.const 1 br 0 end drop end i32.const 0))
(module (func (result i32) block i32.const 1 br 1 end i32.const 0))
(module (func (result i64) block (result i32) i64.const 1 br 1 end drop i64.const 0))
(module (func (result i32) block (result i32) i32.const 1 br 0 i64.const 2 drop end))
(assert_invalid
  (module (func br 1))
  "unknown label")
(assert_invalid
  (module (func block br 2 end))
  "unknown label")
(assert_invalid
  (module (func block loop br 3 end end))
  "unknown label")
(assert_invalid
  (module (func (result i32) block (result i32) br 0 end))
  "type mismatch")
(assert_invalid
  (module (func (result i32) block (result i32) i64.const 1 br 0 end))
  "type mismatch")
(assert_invalid
  (module (func (result i32) i64.const 1 br 0))
  "type mismatch")
(assert_invalid
  (module (func (result i32) br 0))
  "type mismatch")
(assert_invalid
  (module (func (result i64) block (result i32) i32.const 1 br 1 end drop i64.const 0))
  "type mismatch")
(assert_invalid
  (module (func (result i32) block (result i32) br 0 i32.const 1 end))
  "type mismatch")
(assert_invalid
  (module (func br 4294967295))
  "unknown label")

;; br_if : [t* i32] -> [t*]
(module (func (export "br_if") (param i32) local.get 0 br_if 0))
(module (func (param i32) (result i32)
  block (result i32) i32.const 1 local.get 0 br_if 0 end))
(module (func (param i32) (result i32)
  block (result i32) i32.const 1 local.get 0 br_if 0 i32.const 1 i32.add end))
(module (func (param i32) (result i32) i32.const 1 local.get 0 br_if 0))
(assert_invalid
  (module (func br_if 0))
  "type mismatch")
(assert_invalid
  (module (func i64.const 0 br_if 0))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i32) block (result i32) local.get 0 br_if 0 end))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i32)
    block (result i32) i64.const 1 local.get 0 br_if 0 end))
  "type mismatch")
(assert_invalid
  (module (func (param i32) local.get 0 br_if 1))
  "unknown label")
(assert_invalid
  (module (func (param i32) (result i32)
    block (result i32) i32.const 1 local.get 0 br_if 0 drop end))
  "type mismatch")
(assert_invalid
  (module (func (param i32) block (result i64) i32.const 1 local.get 0 br_if 0 end drop))
  "type mismatch")

;; br_table : [t1* t* i32] -> [t2*]
(module (func (export "br_table") (param i32) local.get 0 br_table 0))
(module (func (param i32) block block local.get 0 br_table 0 1 2 end end))
(module (func (param i32) (result i32)
  block (result i32) block (result i32)
    i32.const 7 local.get 0 br_table 0 1 1 0
  end end))
(module (func (param i32) (result i32)
  block (result i32) i32.const 7 local.get 0 br_table 0 end))
(module (func (param i32) (result f32)
  block (result f32) loop (result f32)
    f32.const 1 local.get 0 br_table 1 1
  end end))
(assert_invalid
  (module (func br_table 0))
  "type mismatch")
(assert_invalid
  (module (func i64.const 0 br_table 0))
  "type mismatch")
(assert_invalid
  (module (func (param i32) local.get 0 br_table 1))
  "unknown label")
(assert_invalid
  (module (func (param i32) block local.get 0 br_table 0 2 end))
  "unknown label")
(assert_invalid
  (module (func (param i32) block local.get 0 br_table 2 0 end))
  "unknown label")
(assert_invalid
  (module (func (param i32) (result i32)
    block (result i32) block (result i64)
      i32.const 7 local.get 0 br_table 0 1
    end drop i32.const 0 end))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i32)
    block (result i32) block
      i32.const 7 local.get 0 br_table 0 1
    end i32.const 0 end))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i32)
    block (result i32) local.get 0 br_table 0 end))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i32)
    block (result i32) i64.const 7 local.get 0 br_table 0 end))
  "type mismatch")
;; A loop label takes the loop's params, not its results.
(assert_invalid
  (module (func (param i32) (result f32)
    block (result f32) loop (result f32)
      f32.const 1 local.get 0 br_table 0 1
    end end))
  "type mismatch")

;; return : [t1* t*] -> [t2*]
(module (func (export "return") return))
(module (func (result i32) i32.const 1 return))
(module (func (result i32 i64) i32.const 1 i64.const 2 return))
(module (func (result i32) block loop i32.const 1 return end end i32.const 0))
(module (func (result i32) i64.const 0 i32.const 1 return))
(module (func i32.const 1 return))
(module (func (result i32) i32.const 1 return i64.const 0 drop))
(assert_invalid
  (module (func (result i32) return))
  "type mismatch")
(assert_invalid
  (module (func (result i32) i64.const 1 return))
  "type mismatch")
(assert_invalid
  (module (func (result i32 i64) i64.const 1 i32.const 2 return))
  "type mismatch")
(assert_invalid
  (module (func (result i32) block (result i64) i64.const 1 return end drop i32.const 0))
  "type mismatch")
(assert_invalid
  (module (func (result i32) return i64.const 0))
  "type mismatch")

;; call : [t1*] -> [t2*]
(module
  (func $f (param i32 i64) (result f32) f32.const 0)
  (func (export "call") (result f32) i32.const 1 i64.const 2 call $f))
(module
  (import "m" "f" (func $imp (param f64) (result i32 i32)))
  (func (result i32 i32) f64.const 1 call $imp))
(module (func $self (param i32) (result i32) local.get 0 call $self))
(module
  (func $f (param i32) (result i32) local.get 0)
  (func (result i32) unreachable call $f))
(assert_invalid
  (module
    (func $f (param i32 i64))
    (func i64.const 1 i32.const 2 call $f))
  "type mismatch")
(assert_invalid
  (module
    (func $f (param i32 i64))
    (func i32.const 1 call $f))
  "type mismatch")
(assert_invalid
  (module
    (func $f (result i32) i32.const 0)
    (func (result i64) call $f))
  "type mismatch")
(assert_invalid
  (module
    (func $f (result i32) i32.const 0)
    (func call $f))
  "type mismatch")
(assert_invalid
  (module (func call 1))
  "unknown function")
(assert_invalid
  (module (import "m" "f" (func)) (func call 2))
  "unknown function")
(assert_invalid
  (module
    (import "m" "f" (func $imp (param f64)))
    (func f32.const 1 call $imp))
  "type mismatch")

;; call_indirect : [t1* i32] -> [t2*]
(module
  (type $t (func (param i32) (result i64)))
  (table 1 funcref)
  (func (export "call_indirect") (result i64)
    i32.const 7 i32.const 0 call_indirect (type $t)))
(module
  (type $v (func))
  (table 1 funcref)
  (table $t2 2 funcref)
  (func i32.const 0 call_indirect $t2 (type $v)))
(module
  (type $v (func))
  (import "m" "t" (table 1 funcref))
  (func i32.const 0 call_indirect (type $v)))
(module
  (table 1 funcref)
  (func (result i32) i64.const 1 i32.const 0 call_indirect (param i64) (result i32)))
(assert_invalid
  (module
    (type $v (func))
    (func i32.const 0 call_indirect (type $v)))
  "unknown table")
(assert_invalid
  (module
    (type $v (func))
    (table 1 funcref)
    (func i32.const 0 call_indirect 1 (type $v)))
  "unknown table")
(assert_invalid
  (module
    (table 1 funcref)
    (func i32.const 0 call_indirect (type 1)))
  "unknown type")
(assert_invalid
  (module
    (type $v (func))
    (table 1 funcref)
    (func i64.const 0 call_indirect (type $v)))
  "type mismatch")
(assert_invalid
  (module
    (type $v (func))
    (table 1 funcref)
    (func call_indirect (type $v)))
  "type mismatch")
(assert_invalid
  (module
    (type $t (func (param i32)))
    (table 1 funcref)
    (func i64.const 1 i32.const 0 call_indirect (type $t)))
  "type mismatch")
(assert_invalid
  (module
    (type $t (func (result i32)))
    (table 1 funcref)
    (func (result i64) i32.const 0 call_indirect (type $t)))
  "type mismatch")
(assert_invalid
  (module
    (type $v (func))
    (table 1 externref)
    (func i32.const 0 call_indirect (type $v)))
  "type mismatch")

;; Function bodies: the implicit end checks the result types.
(module (func (result i32 i64 f32 f64) i32.const 1 i64.const 2 f32.const 3 f64.const 4))
(assert_invalid
  (module (func (result i32 i64) i64.const 2 i32.const 1))
  "type mismatch")
(assert_invalid
  (module (func (result i32 i64) i64.const 2))
  "type mismatch")
(assert_invalid
  (module (func (param i32) local.get 0))
  "type mismatch")
