;; Validation errors that the text format can't express (wabt rewrites or
;; refuses them), written as raw bytes.  Base module as in
;; binary_malformed.wast: type [] -> [], one function, one body.

;; ---- block types: a type index must exist ---------------------------------------
;; block (type 0): fine.
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
  "\0a\07\01\05\00\02\00\0b\0b")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\07\01\05\00\02\01\0b\0b")
  "unknown type")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\07\01\05\00\03\01\0b\0b")
  "unknown type")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\09\01\07\00\41\00\04\01\0b\0b")
  "unknown type")
;; The largest positive s33 (2^32 - 1 does not fit a type index either).
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\0b\01\09\00\02\ff\ff\ff\ff\0f\0b\0b")
  "unknown type")

;; ---- typed select: exactly one type ---------------------------------------------
;; i32.const 0 i32.const 0 i32.const 0 select (result i32) drop
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
  "\0a\0e\01\0c\00\41\00\41\00\41\00\1c\01\7f\1a\0b")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\0d\01\0b\00\41\00\41\00\41\00\1c\00\1a\0b")
  "invalid result arity")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\0f\01\0d\00\41\00\41\00\41\00\1c\02\7f\7f\1a\0b")
  "invalid result arity")

;; ---- call_indirect: type index, then table index (a u32 since 2.0) ---------------
;; call_indirect (type 0) table 0, table index in 2 bytes: fine in 2.0.
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
  "\04\04\01\70\00\00"
  "\0a\0a\01\08\00\41\00\11\00\80\00\0b")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\04\04\01\70\00\00"
    "\0a\09\01\07\00\41\00\11\00\01\0b")
  "unknown table")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\04\04\01\70\00\00"
    "\0a\09\01\07\00\41\00\11\01\00\0b")
  "unknown type")

;; ---- memory alignment: exponent up to natural; 31 is the largest that is
;; not malformed ----------------------------------------------------------------
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
  "\0a\0a\01\08\00\41\00\28\02\00\1a\0b")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
    "\0a\0a\01\08\00\41\00\28\03\00\1a\0b")
  "alignment must not be larger than natural")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
    "\0a\0a\01\08\00\41\00\28\1f\00\1a\0b")
  "alignment must not be larger than natural")

;; ---- index spaces referenced from sections ------------------------------------------
;; Function section naming an unknown type.
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\01"
    "\0a\04\01\02\00\0b")
  "unknown type")
(assert_invalid
  (module binary "\00asm" "\01\00\00\00" "\03\02\01\00" "\0a\04\01\02\00\0b")
  "unknown type")
;; Import of a function with an unknown type.
(assert_invalid
  (module binary "\00asm" "\01\00\00\00" "\02\07\01\01m\01f\00\00")
  "unknown type")
;; Two memories (one memory at most in Wasm 2.0).
(assert_invalid
  (module binary "\00asm" "\01\00\00\00" "\05\05\02\00\00\00\00")
  "multiple memories")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00"
    "\02\08\01\01m\01m\02\00\00"
    "\05\03\01\00\00")
  "multiple memories")
;; Start function index out of range.
(assert_invalid
  (module binary "\00asm" "\01\00\00\00" "\08\01\00")
  "unknown function")
;; Data segment for memory 1 (flags 2 with an explicit index).
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00"
    "\05\03\01\00\01"
    "\0b\07\01\02\01\41\00\0b\00")
  "unknown memory")
;; Element segment for table 1.
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\04\04\01\70\00\01"
    "\09\08\01\02\01\41\00\0b\00\00"
    "\0a\04\01\02\00\0b")
  "unknown table")
;; memory.init / data.drop naming a segment beyond the data count.
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\05\03\01\00\00"
    "\0c\01\01"
    "\0a\0e\01\0c\00\41\00\41\00\41\00\fc\08\01\00\0b"
    "\0b\03\01\01\00")
  "unknown data segment")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0c\01\00"
    "\0a\07\01\05\00\fc\09\00\0b")
  "unknown data segment")
;; Locals: a local index past params + locals.
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00" "\01\05\01\60\01\7f\00" "\03\02\01\00"
    "\0a\09\01\07\01\02\7e\20\03\1a\0b")
  "unknown local")
(module binary
  "\00asm" "\01\00\00\00" "\01\05\01\60\01\7f\00" "\03\02\01\00"
  "\0a\09\01\07\01\02\7e\20\02\1a\0b")
