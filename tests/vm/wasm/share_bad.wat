;; "tally" declared shared but with 16-byte values (t_map_share): it must be
;; refused while share.wat's tally exists, saying how they differ.
(module
  (memory 1)
  (data (i32.const 1024) "\01\00\00\00\04\00\00\00\10\00\00\00\10\00\00\00"
                         "\01\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
  (global (export "wasmk_map_tally") i32 (i32.const 1024))
  (func (export "nop") (result i32) (i32.const 0))
)
