;; An export of every kind, for `wasmk mem read|write PROG SYMBOL[+N]`
;; (t_mem_symbol.sh): "greeting" is data (an immutable i32 global holding
;; an address, as clang exports a C variable), the others are not, or
;; point where no LEN fits.
(module
  (memory (export "memory") 1)
  (table (export "table") 1 funcref)
  (global (export "greeting") i32 (i32.const 0x100))
  (global (export "counter") (mut i32) (i32.const 0x200))
  (global (export "wide") i64 (i64.const 0x300))
  (global (export "last") i32 (i32.const 0xfff8))	;; the last 8 bytes
  (global (export "far") i32 (i32.const 0x20000))	;; past the end
  (data (i32.const 0x100) "hello, symbols")
  (func (export "handler") (result i32)
    i32.const 1))
