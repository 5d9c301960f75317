;; Constant addresses: those within the memory the instance had when it
;; was compiled skip the bounds check (memories never shrink); the last
;; in-bounds byte works, one past it traps, and an address beyond the
;; compile-time size is checked and works once memory.grow makes room.
(module
  (memory 1)
  (func (export "last") (result i32)
    (i32.store (i32.const 65532) (i32.const 7))
    (i32.load (i32.const 65532)))
  (func (export "past") (result i32) (i32.load (i32.const 65533)))
  (func (export "past_off") (result i32) (i32.load offset=65533 (i32.const 0)))
  (func (export "past_store") (i64.store offset=65530 (i32.const 0) (i64.const 1)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "beyond") (result i32)
    (i32.store (i32.const 65536) (i32.const 9))
    (i32.load (i32.const 65536)))
)
