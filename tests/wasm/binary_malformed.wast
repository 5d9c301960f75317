;; Binary decoding: every malformation class, each next to a valid module
;; that differs from it as little as possible.  Written as raw bytes.
;;
;; The minimal valid module used as a base throughout:
;;   "\01\04\01\60\00\00"       type section: 1 type, [] -> []
;;   "\03\02\01\00"             function section: 1 function of type 0
;;   "\0a\04\01\02\00\0b"       code section: 1 body of 2 bytes (no locals, end)

(module binary "\00asm" "\01\00\00\00")
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\0a\04\01\02\00\0b")

;; ---- magic and version ----------------------------------------------------
(assert_malformed (module binary "") "unexpected end")
(assert_malformed (module binary "\00") "unexpected end")
(assert_malformed (module binary "\00as") "unexpected end")
(assert_malformed (module binary "\00asm") "unexpected end")
(assert_malformed (module binary "\00asm" "\01") "unexpected end")
(assert_malformed (module binary "\00asm" "\01\00\00") "unexpected end")
(assert_malformed (module binary "\01asm" "\01\00\00\00") "magic header not detected")
(assert_malformed (module binary "\00ASM" "\01\00\00\00") "magic header not detected")
(assert_malformed (module binary "asm\00" "\01\00\00\00") "magic header not detected")
(assert_malformed (module binary "\00msa" "\01\00\00\00") "magic header not detected")
(assert_malformed (module binary "\00\00\00\00" "\01\00\00\00") "magic header not detected")
(assert_malformed (module binary "\00asm" "\00\00\00\00") "unknown binary version")
(assert_malformed (module binary "\00asm" "\02\00\00\00") "unknown binary version")
(assert_malformed (module binary "\00asm" "\00\00\00\01") "unknown binary version")
(assert_malformed (module binary "\00asm" "\01\00\00\01") "unknown binary version")
;; The component-model layer/version.
(assert_malformed (module binary "\00asm" "\0d\00\01\00") "unknown binary version")

;; ---- section framing --------------------------------------------------------
;; Section id without a size.
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\01") "unexpected end")
;; Size LEB128 cut short.
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\01\80") "unexpected end")
;; Size larger than what is left of the module.
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\05\01\60\00\00")
  "length out of bounds")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\ff\ff\ff\ff\0f\01\60\00\00")
  "length out of bounds")
;; Size too large: the type section swallows the first byte of the next one.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\05\01\60\00\00"
    "\03\02\01\00"
    "\0a\04\01\02\00\0b")
  "section size mismatch")
;; Size too small: the type's result count lies outside the section.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\03\01\60\00\00"
    "\03\02\01\00"
    "\0a\04\01\02\00\0b")
  "unexpected end of section or function")
;; Trailing bytes inside sections.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\05\01\60\00\00\00")
  "section size mismatch")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\05\04\01\00\00\00")
  "section size mismatch")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\08\02\00\00"
    "\0a\04\01\02\00\0b")
  "section size mismatch")
;; Section size in a padded (but legal) 5-byte LEB128 ...
(module binary
  "\00asm" "\01\00\00\00"
  "\01\84\80\80\80\00\01\60\00\00"
  "\03\82\80\80\80\00\01\00"
  "\0a\84\80\80\80\00\01\02\00\0b")
;; ... in 6 bytes ...
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\84\80\80\80\80\00\01\60\00\00")
  "integer representation too long")
;; ... and with bits set beyond 32.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\84\80\80\80\10\01\60\00\00")
  "integer too large")

;; ---- custom sections ------------------------------------------------------
(module binary
  "\00asm" "\01\00\00\00"
  "\00\05\04name"                 ;; empty "name" section payload
  "\00\01\00"                     ;; custom section with an empty name
  "\01\04\01\60\00\00"
  "\00\08\06custom\ff"            ;; custom section between sections
  "\03\02\01\00"
  "\0a\04\01\02\00\0b"
  "\00\04\03end")
;; No room for the name length.
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\00\00") "unexpected end")
;; Name longer than the section.
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\00\02\05ab")
  "length out of bounds")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\00\02\02ab" "\01\04\01\60\00\00")
  "length out of bounds")
;; Name not UTF-8.
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\00\02\01\80")
  "malformed UTF-8 encoding")

;; ---- unknown sections -----------------------------------------------------
;; (13 is the exception-handling proposal's tag section: not Wasm 2.0.)
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\0d\01\00") "malformed section id")
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\0e\01\00") "malformed section id")
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\7f\01\00") "malformed section id")
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\80\00\01\00") "malformed section id")
(assert_malformed (module binary "\00asm" "\01\00\00\00" "\ff\01\00") "malformed section id")

;; ---- section order and duplicates -----------------------------------------
;; Every known section, in order (datacount 12 between element 9 and code 10).
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"                    ;; type
  "\02\07\01\01m\01f\00\00"               ;; import func "m" "f"
  "\03\02\01\00"                          ;; function
  "\04\04\01\70\00\01"                    ;; table funcref 1
  "\05\03\01\00\01"                       ;; memory 1
  "\06\06\01\7f\00\41\00\0b"              ;; global i32 (i32.const 0)
  "\07\05\01\01g\03\00"                   ;; export "g" global 0
  "\08\01\01"                             ;; start func 1
  "\09\07\01\00\41\00\0b\01\01"           ;; elem (i32.const 0) func 1
  "\0c\01\01"                             ;; datacount 1
  "\0a\04\01\02\00\0b"                    ;; code
  "\0b\07\01\00\41\00\0b\01a")            ;; data (i32.const 0) "a"
;; Function section before type section.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\03\01\00"
    "\01\04\01\60\00\00")
  "unexpected content after last section")
;; Memory before table.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\05\03\01\00\00"
    "\04\04\01\70\00\00")
  "unexpected content after last section")
;; Data count after code.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\04\01\02\00\0b"
    "\0c\01\00")
  "unexpected content after last section")
;; Data count before element.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\0c\01\00"
    "\09\01\00")
  "unexpected content after last section")
;; Code after data.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0b\01\00"
    "\0a\04\01\02\00\0b")
  "unexpected content after last section")
;; Duplicates.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\01\04\01\60\00\00")
  "unexpected content after last section")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\03\01\00"
    "\0a\04\01\02\00\0b")
  "unexpected content after last section")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\05\03\01\00\00" "\05\03\01\00\00")
  "unexpected content after last section")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\0c\01\00" "\0c\01\00")
  "unexpected content after last section")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\08\01\00"
    "\08\01\00"
    "\0a\04\01\02\00\0b")
  "unexpected content after last section")

;; ---- function and code section counts -------------------------------------
;; Both present and empty; or function section empty and no code section.
(module binary "\00asm" "\01\00\00\00" "\03\01\00" "\0a\01\00")
(module binary "\00asm" "\01\00\00\00" "\03\01\00")
(module binary "\00asm" "\01\00\00\00" "\0a\01\00")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\03\02\00\00"
    "\0a\04\01\02\00\0b")
  "function and code section have inconsistent lengths")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\07\02\02\00\0b\02\00\0b")
  "function and code section have inconsistent lengths")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00")
  "function and code section have inconsistent lengths")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\0a\04\01\02\00\0b")
  "function and code section have inconsistent lengths")

;; ---- data count -----------------------------------------------------------
(module binary
  "\00asm" "\01\00\00\00"
  "\05\03\01\00\00"
  "\0c\01\01"
  "\0b\06\01\00\41\00\0b\00")
(module binary "\00asm" "\01\00\00\00" "\0c\01\00")
(module binary "\00asm" "\01\00\00\00" "\0c\01\00" "\0b\01\00")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\05\03\01\00\00"
    "\0c\01\02"
    "\0b\06\01\00\41\00\0b\00")
  "data count and data section have inconsistent lengths")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\05\03\01\00\00"
    "\0c\01\00"
    "\0b\06\01\00\41\00\0b\00")
  "data count and data section have inconsistent lengths")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\0c\01\01")
  "data count and data section have inconsistent lengths")
;; memory.init and data.drop need the data count section.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\05\03\01\00\00"
  "\0c\01\01"
  "\0a\0e\01\0c\00\41\00\41\00\41\00\fc\08\00\00\0b"   ;; memory.init 0
  "\0b\03\01\01\00")                                    ;; passive ""
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\05\03\01\00\00"
    "\0a\0e\01\0c\00\41\00\41\00\41\00\fc\08\00\00\0b"
    "\0b\03\01\01\00")
  "data count section required")
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\0c\01\01"
  "\0a\07\01\05\00\fc\09\00\0b"                        ;; data.drop 0
  "\0b\03\01\01\00")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\07\01\05\00\fc\09\00\0b"
    "\0b\03\01\01\00")
  "data count section required")

;; ---- LEB128: u32 ------------------------------------------------------------
;; Type count 1 in five bytes (legal), six bytes, with unused bits set.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\08\81\80\80\80\00\60\00\00")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\09\81\80\80\80\80\00\60\00\00")
  "integer representation too long")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\08\81\80\80\80\10\60\00\00")
  "integer too large")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\08\81\80\80\80\70\60\00\00")
  "integer too large")
;; LEB128 running off the end of the section.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\02\81\80"
    "\03\01\00")
  "unexpected end")
;; local.get index in 5 bytes (legal) / 6 bytes.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\05\01\60\01\7f\00"
  "\03\02\01\00"
  "\0a\0b\01\09\00\20\80\80\80\80\00\1a\0b")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\05\01\60\01\7f\00"
    "\03\02\01\00"
    "\0a\0c\01\0a\00\20\80\80\80\80\80\00\1a\0b")
  "integer representation too long")
;; Memory offset in 5 bytes (legal), 6 bytes, too large.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\05\03\01\00\00"
  "\0a\0e\01\0c\00\41\00\28\02\ff\ff\ff\ff\0f\1a\0b")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\05\03\01\00\00"
    "\0a\0f\01\0d\00\41\00\28\02\80\80\80\80\80\00\1a\0b")
  "integer representation too long")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\05\03\01\00\00"
    "\0a\0e\01\0c\00\41\00\28\02\80\80\80\80\10\1a\0b")
  "integer too large")
;; Memory alignment flags: exponents of 32 and up, and bit 6 (the
;; multi-memory "memory index follows" flag), are malformed in Wasm 2.0;
;; (exponents 3..31 on i32.load are merely invalid: binary_invalid.wast).
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\05\03\01\00\00"
    "\0a\0a\01\08\00\41\00\28\20\00\1a\0b")
  "malformed memop flags")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\05\03\01\00\00"
    "\0a\0a\01\08\00\41\00\28\40\00\1a\0b")
  "malformed memop flags")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\05\03\01\00\00"
    "\0a\0b\01\09\00\41\00\28\42\00\00\1a\0b")
  "malformed memop flags")
;; Memory limits: 0x10000 pages max is in range; 2^32 is not a u32.
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\05\07\01\00\80\80\80\80\10")
  "integer too large")

;; ---- LEB128: s32 (i32.const) -------------------------------------------------
;; Body template: no locals, i32.const N, drop, end.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\0a\0b\01\09\00\41\80\80\80\80\00\1a\0b")          ;; 0 in 5 bytes
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\0a\0b\01\09\00\41\ff\ff\ff\ff\7f\1a\0b")          ;; -1 in 5 bytes
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\0a\0b\01\09\00\41\80\80\80\80\78\1a\0b")          ;; INT32_MIN
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\0a\0b\01\09\00\41\ff\ff\ff\ff\07\1a\0b")          ;; INT32_MAX
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0c\01\0a\00\41\80\80\80\80\80\00\1a\0b")
  "integer representation too long")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0c\01\0a\00\41\ff\ff\ff\ff\ff\7f\1a\0b")
  "integer representation too long")
;; Unused bits of the 5th byte must be copies of bit 31.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0b\01\09\00\41\80\80\80\80\70\1a\0b")
  "integer too large")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0b\01\09\00\41\ff\ff\ff\ff\0f\1a\0b")
  "integer too large")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0b\01\09\00\41\80\80\80\80\08\1a\0b")
  "integer too large")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0b\01\09\00\41\ff\ff\ff\ff\77\1a\0b")
  "integer too large")

;; ---- LEB128: s64 (i64.const) -------------------------------------------------
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\0a\10\01\0e\00\42\80\80\80\80\80\80\80\80\80\00\1a\0b")   ;; 0 in 10 bytes
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\0a\10\01\0e\00\42\ff\ff\ff\ff\ff\ff\ff\ff\ff\7f\1a\0b")   ;; -1 in 10 bytes
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\0a\10\01\0e\00\42\80\80\80\80\80\80\80\80\80\7f\1a\0b")   ;; INT64_MIN
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\11\01\0f\00\42\80\80\80\80\80\80\80\80\80\80\00\1a\0b")
  "integer representation too long")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\10\01\0e\00\42\80\80\80\80\80\80\80\80\80\7e\1a\0b")
  "integer too large")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\10\01\0e\00\42\ff\ff\ff\ff\ff\ff\ff\ff\ff\01\1a\0b")
  "integer too large")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\10\01\0e\00\42\80\80\80\80\80\80\80\80\80\02\1a\0b")
  "integer too large")

;; ---- LEB128: s33 (block type index) ------------------------------------------
;; block (type 0) with the index in 5 bytes: legal.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"
  "\03\02\01\00"
  "\0a\0b\01\09\00\02\80\80\80\80\00\0b\0b")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0c\01\0a\00\02\80\80\80\80\80\00\0b\0b")
  "integer representation too long")
;; Bits 5 and 6 of the 5th byte must be copies of bit 32 (the sign).
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0b\01\09\00\02\80\80\80\80\10\0b\0b")
  "integer too large")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0b\01\09\00\02\80\80\80\80\20\0b\0b")
  "integer too large")
;; A negative s33 that is not a value type nor 0x40.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\07\01\05\00\02\7a\0b\0b")
  "malformed value type")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\08\01\06\00\02\ff\7f\0b\0b")
  "malformed value type")

;; ---- UTF-8 names ---------------------------------------------------------------
;; export "<name>" (func 0); the section is "\07" size "\01" len name "\00\00".
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00"
  "\07\13\03"
  "\02\c2\80\00\00"                     ;; U+0080
  "\03\ef\bf\bf\00\00"                  ;; U+FFFF
  "\04\f4\8f\bf\bf\00\00"               ;; U+10FFFF
  "\0a\04\01\02\00\0b")
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00"
  "\07\05\01\01\00\00\00"               ;; a NUL character is fine
  "\0a\04\01\02\00\0b")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\05\01\01\80\00\00"             ;; lone continuation byte
    "\0a\04\01\02\00\0b")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\05\01\01\c2\00\00"             ;; truncated 2-byte sequence
    "\0a\04\01\02\00\0b")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\06\01\02\c0\80\00\00"          ;; overlong NUL
    "\0a\04\01\02\00\0b")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\07\01\03\e0\9f\bf\00\00"       ;; overlong 3-byte (U+07FF)
    "\0a\04\01\02\00\0b")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\07\01\03\ed\a0\80\00\00"       ;; surrogate U+D800
    "\0a\04\01\02\00\0b")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\08\01\04\f0\8f\bf\bf\00\00"    ;; overlong 4-byte (U+FFFF)
    "\0a\04\01\02\00\0b")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\08\01\04\f4\90\80\80\00\00"    ;; U+110000
    "\0a\04\01\02\00\0b")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\09\01\05\f8\88\80\80\80\00\00" ;; 5-byte form
    "\0a\04\01\02\00\0b")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\05\01\01\ff\00\00"
    "\0a\04\01\02\00\0b")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\06\01\02\e2\82\00\00"          ;; 3-byte sequence cut at 2
    "\0a\04\01\02\00\0b")
  "malformed UTF-8 encoding")
;; Import module and field names.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\02\07\01\01\80\01f\00\00")
  "malformed UTF-8 encoding")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\02\07\01\01m\01\80\00\00")
  "malformed UTF-8 encoding")

;; ---- names and vectors overrunning their section -------------------------------
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\05\01\05f\00\00"
    "\0a\04\01\02\00\0b")
  "length out of bounds")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\02\07\01\01m\09f\00\00")
  "length out of bounds")
;; A huge vector length with little data must fail cleanly.
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\06\ff\ff\ff\ff\0f\60")
  "unexpected end")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\04\02\60\00\00")
  "unexpected end")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\08\01\60\ff\ff\ff\ff\0f\7f")
  "unexpected end")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0d\01\0b\00\41\00\0e\ff\ff\ff\ff\0f\00\0b")
  "unexpected end")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\05\03\01\00\01"
    "\0b\07\01\00\41\00\0b\05a")
  "unexpected end of section or function")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\05\03\01\00\01"
    "\0b\0b\01\00\41\00\0b\ff\ff\ff\ff\0f\61")
  "unexpected end of section or function")

;; ---- types --------------------------------------------------------------------
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\04\01\61\00\00")
  "integer representation too long")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\04\01\5f\00\00")
  "integer representation too long")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\04\01\40\00\00")
  "integer representation too long")
;; Unknown value types as parameter / result.
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\05\01\60\01\7a\00")
  "malformed value type")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\05\01\60\01\40\00")
  "malformed value type")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\05\01\60\01\00\00")
  "malformed value type")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\05\01\60\01\6e\00")
  "malformed value type")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\05\01\60\00\01\7a")
  "malformed value type")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\05\01\60\00\01\80")
  "malformed value type")
;; Every valid value type.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\10\01\60\06\7f\7e\7d\7c\70\6f\06\7f\7e\7d\7c\70\6f")
;; Unknown local type.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\06\01\04\01\01\7a\0b")
  "malformed value type")
;; Unknown global type.
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\06\06\01\7a\00\41\00\0b")
  "malformed value type")
;; Unknown type in typed select.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\0e\01\0c\00\41\00\41\00\41\00\1c\01\7a\1a\0b")
  "malformed value type")

;; ---- reference types -----------------------------------------------------------
(module binary "\00asm" "\01\00\00\00" "\04\07\02\70\00\00\6f\00\00")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\04\04\01\7f\00\00")
  "malformed reference type")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\04\04\01\40\00\00")
  "malformed reference type")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\02\08\01\01m\01t\01\7f\00\00")
  "malformed reference type")
;; ref.null with a valid / a non-reference type.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00" "\03\02\01\00"
  "\0a\0a\01\08\00\d0\70\1a\d0\6f\1a\0b")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\07\01\05\00\d0\7f\1a\0b")
  "malformed reference type")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\07\01\05\00\d0\00\1a\0b")
  "malformed reference type")
;; Element segment with expressions of a non-reference type.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\09\07\01\05\7f\01\d0\70\0b")
  "malformed reference type")

;; ---- opcodes -------------------------------------------------------------------
;; Body template: no locals, <opcode>, end.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\06\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\08\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\12\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\14\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\19\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\1d\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\27\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\c5\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\cf\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\d3\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\e0\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\fb\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\fe\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\ff\0b")
  "illegal opcode")
;; 0xfc prefix: sub-opcodes 0..17 exist; the sub-opcode is a u32 LEB128.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\06\01\04\00\fc\12\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\06\01\04\00\fc\7f\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\07\01\05\00\fc\80\01\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\0a\01\08\00\fc\88\80\80\80\10\0b")
  "integer too large")
;; Prefix byte at the very end of the body.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\04\01\02\00\fc")
  "unexpected end")
;; i32.trunc_sat_f32_s with its sub-opcode in 2 bytes is legal.
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
  "\0a\0d\01\0b\00\43\00\00\00\00\fc\80\00\1a\0b")

;; ---- reserved zero bytes ---------------------------------------------------------
;; (Wasm 2.0: memory.size, memory.grow, memory.fill, memory.copy and
;; memory.init carry a memory index that must be the single byte 0x00.
;; call_indirect's table byte became a table index (a u32) with reference
;; types: see binary_invalid.wast.)
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
  "\0a\07\01\05\00\3f\00\1a\0b")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
    "\0a\07\01\05\00\3f\01\1a\0b")
  "zero byte expected")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
    "\0a\08\01\06\00\3f\80\00\1a\0b")
  "zero byte expected")
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
  "\0a\09\01\07\00\41\00\40\00\1a\0b")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
    "\0a\09\01\07\00\41\00\40\01\1a\0b")
  "zero byte expected")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
    "\0a\0a\01\08\00\41\00\40\80\00\1a\0b")
  "zero byte expected")
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
  "\0a\0d\01\0b\00\41\00\41\00\41\00\fc\0b\00\0b")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
    "\0a\0d\01\0b\00\41\00\41\00\41\00\fc\0b\01\0b")
  "zero byte expected")
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
  "\0a\0e\01\0c\00\41\00\41\00\41\00\fc\0a\00\00\0b")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
    "\0a\0e\01\0c\00\41\00\41\00\41\00\fc\0a\00\01\0b")
  "zero byte expected")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00" "\05\03\01\00\00"
    "\0a\0e\01\0c\00\41\00\41\00\41\00\fc\0a\01\00\0b")
  "zero byte expected")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\05\03\01\00\00"
    "\0c\01\01"
    "\0a\0e\01\0c\00\41\00\41\00\41\00\fc\08\00\01\0b"
    "\0b\03\01\01\00")
  "zero byte expected")

;; ---- limits ----------------------------------------------------------------------
(module binary "\00asm" "\01\00\00\00" "\05\04\01\01\00\00")
(module binary "\00asm" "\01\00\00\00" "\04\05\01\70\01\00\00")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\05\03\01\02\00")
  "integer too large")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\05\04\01\03\00\00")
  "integer too large")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\05\03\01\04\00")
  "integer too large")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\05\03\01\80\00")
  "integer too large")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\04\04\01\70\02\00")
  "integer too large")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\04\05\01\70\03\00\00")
  "integer too large")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\02\08\01\01m\01m\02\02\00")
  "integer too large")
;; Maximum announced but missing.
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\05\03\01\01\00")
  "unexpected end")

;; ---- mutability ---------------------------------------------------------------------
(module binary "\00asm" "\01\00\00\00" "\06\06\01\7f\01\41\00\0b")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\06\06\01\7f\02\41\00\0b")
  "malformed mutability")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\06\06\01\7f\ff\41\00\0b")
  "malformed mutability")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\02\08\01\01m\01g\03\7f\02")
  "malformed mutability")

;; ---- import and export kinds ----------------------------------------------------------
(module binary "\00asm" "\01\00\00\00" "\02\08\01\01m\01g\03\7f\00")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\02\07\01\01m\01f\04\00")
  "malformed import kind")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\02\07\01\01m\01f\05\00")
  "malformed import kind")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\02\07\01\01m\01f\7f\00")
  "malformed import kind")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\02\07\01\01m\01f\80\00")
  "malformed import kind")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\05\01\01f\04\00"
    "\0a\04\01\02\00\0b")
  "malformed export kind")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\07\05\01\01f\40\00"
    "\0a\04\01\02\00\0b")
  "malformed export kind")

;; ---- element and data segment kinds ----------------------------------------------------
;; Passive segment of function indices (flags 1) with elemkind 0x00 ...
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
  "\09\05\01\01\00\01\00"
  "\0a\04\01\02\00\0b")
;; ... any other elemkind is malformed.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\09\05\01\01\01\01\00"
    "\0a\04\01\02\00\0b")
  "malformed element kind")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\09\05\01\01\70\01\00"
    "\0a\04\01\02\00\0b")
  "malformed element kind")
;; All eight element segment forms.
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
  "\04\04\01\70\00\01"
  "\09\35\08"
  "\00\41\00\0b\01\00"                  ;; 0: active table 0, funcidx
  "\01\00\01\00"                        ;; 1: passive, elemkind, funcidx
  "\02\00\41\00\0b\00\01\00"            ;; 2: active table x, elemkind, funcidx
  "\03\00\01\00"                        ;; 3: declarative, elemkind, funcidx
  "\04\41\00\0b\01\d2\00\0b"            ;; 4: active table 0, expr
  "\05\70\01\d0\70\0b"                  ;; 5: passive, reftype, expr
  "\06\00\41\00\0b\70\01\d2\00\0b"      ;; 6: active table x, reftype, expr
  "\07\70\01\d2\00\0b"                  ;; 7: declarative, reftype, expr
  "\0a\04\01\02\00\0b")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\09\03\01\08\00")
  "malformed elements segment kind")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\09\03\01\ff\00")
  "malformed elements segment kind")
;; All three data segment forms.
(module binary
  "\00asm" "\01\00\00\00"
  "\05\03\01\00\01"
  "\0b\11\03"
  "\00\41\00\0b\01a"                     ;; 0: active memory 0
  "\01\01b"                              ;; 1: passive
  "\02\00\41\00\0b\01c")                 ;; 2: active memory x
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\05\03\01\00\01" "\0b\03\01\03\00")
  "malformed data segment kind")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\05\03\01\00\01" "\0b\03\01\04\00")
  "malformed data segment kind")

;; ---- end of expressions and bodies -------------------------------------------------------
;; Constant expression without end.
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\06\05\01\7f\00\41\00")
  "unexpected end")
;; Function body without its final end.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\03\01\01\00")
  "END opcode expected")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\04\01\02\00\01")
  "END opcode expected")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\06\01\04\00\02\40\0b")
  "END opcode expected")
;; Bytes after the final end.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\0b\01")
  "section size mismatch")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\0b\0b")
  "section size mismatch")
;; else and end out of place.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\05\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\08\01\06\00\02\40\05\0b\0b")
  "illegal opcode")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\0b\01\09\00\41\00\04\40\05\05\0b\0b")
  "illegal opcode")
;; Empty body (no room for the local count).
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\02\01\00")
  "unexpected end")
;; Body size past the end of the section.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\04\01\03\00\0b")
  "unexpected end")
;; Module cut in the middle of the code section.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\04\01\02\00")
  "unexpected end")
;; Immediate cut by the end of the body.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\05\01\03\00\41\80")
  "unexpected end")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\06\01\04\00\44\00\00")
  "unexpected end")

;; ---- locals ----------------------------------------------------------------------------
(module binary
  "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
  "\0a\0c\01\0a\04\01\7f\02\7e\00\7d\01\6f\0b")
;; Total count over 2^32-1.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\10\01\0e\02\80\80\80\80\08\7f\80\80\80\80\08\7f\0b")
  "too many locals")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\05\01\60\01\7f\00" "\03\02\01\00"
    "\0a\0a\01\08\01\ff\ff\ff\ff\0f\7f\0b")
  "too many locals")
;; Local entry count running off the body.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\06\01\04\02\01\7f\0b")
  "unexpected end")
