;; Arithmetic, recursion, memory, globals: the happy path.
(module
  (memory (export "mem") 1 4)
  (global $g (mut i32) (i32.const 7))
  (data (i32.const 16) "wasmk")
  (func (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func $fib (export "fib") (param i64) (result i64)
    local.get 0 i64.const 2 i64.lt_u
    if (result i64)
      local.get 0
    else
      local.get 0 i64.const 1 i64.sub call $fib
      local.get 0 i64.const 2 i64.sub call $fib
      i64.add
    end)
  ;; sum of bytes [p, p + n)
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    block $done
      loop $l
        local.get $n i32.eqz br_if $done
        local.get $s local.get $p i32.load8_u i32.add local.set $s
        local.get $p i32.const 1 i32.add local.set $p
        local.get $n i32.const 1 i32.sub local.set $n
        br $l
      end
    end
    local.get $s)
  (func (export "bump") (result i32)
    global.get $g i32.const 1 i32.add global.set $g global.get $g)
  (func (export "grow") (param i32) (result i32)
    local.get 0 memory.grow)
  (func (export "size") (result i32) memory.size)
  ;; depth-first recursion: returns n after n nested calls
  (func $deep (export "deep") (param i32) (result i32)
    local.get 0 i32.eqz
    if (result i32)
      i32.const 0
    else
      local.get 0 i32.const 1 i32.sub call $deep i32.const 1 i32.add
    end)
  ;; the fuel example of runtime.h
  (func (export "spin") (param i32)
    loop $l local.get 0 br_if $l end)
)
