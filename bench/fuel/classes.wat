;; The instruction classes whose cost grows with an operand, each as an
;; endless loop (bench/fuel_cost.c natively, scripts/bench-fuel in the VM):
;; only fuel ends them.  Every export is () -> i32 and the module imports
;; nothing, so that the kernel takes them as handler entries (test-run ...
;; entry NAME); the host call, whose stub only bench/fuel_cost.c provides,
;; is in host.wat.  The grow_* entries instead return once the table is at
;; its maximum (run them on a fresh instance).
;;
;; @REP N TEXT@ is TEXT repeated N times (bench/fuel/expand.awk, run by the
;; Makefile before wat2wasm).
(module
  (memory 4)				;; 256 KiB
  (table $t 8192 funcref)
  (table $g 0 65536 funcref)		;; for table.grow
  (table $i 4 funcref)			;; for call_indirect
  (elem $e func @REP 4096 $nop @)	;; passive, 4096 entries
  (data $big "@REP 65536 x@")		;; passive, 64 KiB
  (type $v (func))
  (func $nop)
  (func $l0)
  (func $l100 (local @REP 100 i64 @))
  (func $l500 (local @REP 500 i64 @))
  (func $l1000 (local @REP 1000 i64 @))

  ;; the reference: one unit per turn, [br]
  (func (export "plain") (result i32)
    (loop $l (br $l)) (i32.const 1))

  ;; bulk memory: 128 KiB (64 KiB for init, the segment's size), 16 bytes
  ;; and none (n = 0 pays the instruction only: the call is all there is)
  (func (export "fill_128k") (result i32)
    (loop $l (memory.fill (i32.const 0) (i32.const 7) (i32.const 131072)) (br $l))
    (i32.const 1))
  (func (export "fill_16") (result i32)
    (loop $l (memory.fill (i32.const 0) (i32.const 7) (i32.const 16)) (br $l))
    (i32.const 1))
  (func (export "fill_0") (result i32)
    (loop $l (memory.fill (i32.const 0) (i32.const 7) (i32.const 0)) (br $l))
    (i32.const 1))
  (func (export "copy_128k") (result i32)
    (loop $l (memory.copy (i32.const 0) (i32.const 65536) (i32.const 131072)) (br $l))
    (i32.const 1))
  ;; overlapping with the destination above: memmove copies backwards
  (func (export "copy_back_128k") (result i32)
    (loop $l (memory.copy (i32.const 65536) (i32.const 0) (i32.const 131072)) (br $l))
    (i32.const 1))
  ;; source and destination differently aligned
  (func (export "copy_odd_128k") (result i32)
    (loop $l (memory.copy (i32.const 1) (i32.const 65540) (i32.const 131072)) (br $l))
    (i32.const 1))
  (func (export "copy_16") (result i32)
    (loop $l (memory.copy (i32.const 0) (i32.const 65536) (i32.const 16)) (br $l))
    (i32.const 1))
  (func (export "copy_0") (result i32)
    (loop $l (memory.copy (i32.const 0) (i32.const 65536) (i32.const 0)) (br $l))
    (i32.const 1))
  (func (export "init_64k") (result i32)
    (loop $l (memory.init $big (i32.const 0) (i32.const 0) (i32.const 65536)) (br $l))
    (i32.const 1))
  (func (export "init_16") (result i32)
    (loop $l (memory.init $big (i32.const 0) (i32.const 0) (i32.const 16)) (br $l))
    (i32.const 1))
  (func (export "init_0") (result i32)
    (loop $l (memory.init $big (i32.const 0) (i32.const 0) (i32.const 0)) (br $l))
    (i32.const 1))

  ;; tables: 4096 entries (32 KiB), 2 and none
  (func (export "tfill_4k") (result i32)
    (loop $l (table.fill $t (i32.const 0) (ref.null func) (i32.const 4096)) (br $l))
    (i32.const 1))
  (func (export "tfill_2") (result i32)
    (loop $l (table.fill $t (i32.const 0) (ref.null func) (i32.const 2)) (br $l))
    (i32.const 1))
  (func (export "tfill_0") (result i32)
    (loop $l (table.fill $t (i32.const 0) (ref.null func) (i32.const 0)) (br $l))
    (i32.const 1))
  (func (export "tcopy_4k") (result i32)
    (loop $l (table.copy $t $t (i32.const 0) (i32.const 4096) (i32.const 4096)) (br $l))
    (i32.const 1))
  (func (export "tcopy_2") (result i32)
    (loop $l (table.copy $t $t (i32.const 0) (i32.const 4096) (i32.const 2)) (br $l))
    (i32.const 1))
  (func (export "tcopy_0") (result i32)
    (loop $l (table.copy $t $t (i32.const 0) (i32.const 4096) (i32.const 0)) (br $l))
    (i32.const 1))
  (func (export "tinit_4k") (result i32)
    (loop $l (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 4096)) (br $l))
    (i32.const 1))
  (func (export "tinit_2") (result i32)
    (loop $l (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 2)) (br $l))
    (i32.const 1))
  (func (export "tinit_0") (result i32)
    (loop $l (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 0)) (br $l))
    (i32.const 1))
  ;; table $g from 0 to its maximum, 65536 entries: in one step, in steps of 1
  (func (export "grow_64k") (result i32)
    (drop (table.grow $g (ref.null func) (i32.const 65536)))
    (i32.const 1))
  (func (export "grow_1") (result i32)
    (loop $l (br_if $l (i32.ne (table.grow $g (ref.null func) (i32.const 1)) (i32.const -1))))
    (i32.const 1))

  ;; calls: indirect to a function without locals, direct to ones with 0,
  ;; 100, 500 and 1000 declared locals (the prologue zeroes them; in the
  ;; kernel 1000 need more than the largest stack, 8 KiB)
  (func (export "indirect") (result i32)
    (loop $l (call_indirect $i (type $v) (i32.const 2)) (br $l))
    (i32.const 1))
  (func (export "locals_0") (result i32)
    (loop $l (call $l0) (br $l))
    (i32.const 1))
  (func (export "locals_100") (result i32)
    (loop $l (call $l100) (br $l))
    (i32.const 1))
  (func (export "locals_500") (result i32)
    (loop $l (call $l500) (br $l))
    (i32.const 1))
  (func (export "locals_1000") (result i32)
    (loop $l (call $l1000) (br $l))
    (i32.const 1))
  (elem (table $i) (i32.const 0) func $nop $nop $nop $nop)
)
