;; Kernel reads and field relocations (t_kernel_read), declared as
;; WASMK_FIELD() would: exports "wasmk_field:TYPE:PATH" pointing at a
;; struct wasmk_field { offset, size, exists, reserved } the loader fills.
;; Tracing-style entries, run with `prog test-run ... args`.
(module
  (import "wasmk" "probe_read_kernel" (func $read (param i32 i64 i32) (result i32)))
  (import "wasmk" "probe_read_kernel_str" (func $read_str (param i32 i64 i32) (result i32)))
  (import "wasmk" "probe_read_user" (func $read_user (param i32 i64 i32) (result i32)))
  (import "wasmk" "current_task" (func $task (result i64)))
  (import "wasmk" "pid_tgid" (func $pid_tgid (result i64)))
  (import "wasmk" "comm" (func $comm (param i32 i32) (result i32)))
  (memory 1)
  (global (export "wasmk_field:task_struct:tgid") i32 (i32.const 1024))
  (global (export "wasmk_field?:task_struct:no_such_member_xyz") i32 (i32.const 1040))
  (global (export "wasmk_field:task_struct:comm") i32 (i32.const 1056))
  (global (export "wasmk_field:task_struct:real_parent") i32 (i32.const 1072))
  ;; current_task()->tgid, read at the relocated offset and size, is pid_tgid() >> 32: 1
  (func (export "tgid") (result i32)
    (drop (call $read (i32.const 2048) (i64.add (call $task) (i64.extend_i32_u (i32.load (i32.const 1024))))
                      (i32.load (i32.const 1028))))
    (i64.eq (i64.load32_u (i32.const 2048)) (i64.shr_u (call $pid_tgid) (i64.const 32))))
  ;; the relocated offset and size themselves, for the host to compare
  (func (export "tgid_off") (result i32) (i32.load (i32.const 1024)))
  (func (export "tgid_size") (result i32) (i32.load (i32.const 1028)))
  ;; exists of the optional field the kernel lacks: 0
  (func (export "opt") (result i32) (i32.load (i32.const 1048)))
  ;; current_task()->comm through probe_read_kernel_str equals comm(): its length, else -1
  (func (export "comm") (result i32)
    (local $n i32) (local $i i32)
    (local.set $n (call $read_str (i32.const 2048)
                         (i64.add (call $task) (i64.extend_i32_u (i32.load (i32.const 1056))))
                         (i32.load (i32.const 1060))))
    (drop (call $comm (i32.const 2304) (i32.const 16)))
    (block $diff
      (loop $l
        (br_if $diff (i32.ne (i32.load8_u (i32.add (i32.const 2048) (local.get $i)))
                             (i32.load8_u (i32.add (i32.const 2304) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.le_u (local.get $i) (local.get $n))))
      (return (local.get $n)))
    (i32.const -1))
  ;; the parent's tgid through two reads: current->real_parent->tgid
  (func (export "ppid") (result i32)
    (drop (call $read (i32.const 2048) (i64.add (call $task) (i64.extend_i32_u (i32.load (i32.const 1072))))
                      (i32.const 8)))
    (drop (call $read (i32.const 2056) (i64.add (i64.load (i32.const 2048)) (i64.extend_i32_u (i32.load (i32.const 1024))))
                      (i32.const 4)))
    (i32.load (i32.const 2056)))
  ;; bad addresses: an error code, never an oops
  (func (export "bad") (param $addr i64) (result i32)
    (call $read (i32.const 2048) (local.get $addr) (i32.const 8)))
  (func (export "bad_str") (param $addr i64) (result i32)
    (call $read_str (i32.const 2048) (local.get $addr) (i32.const 8)))
  (func (export "bad_user") (param $addr i64) (result i32)
    (call $read_user (i32.const 2048) (local.get $addr) (i32.const 8)))
  (func (export "too_big") (result i32)
    (call $read (i32.const 0) (call $task) (i32.const 8192)))
  ;; a packet-style entry, for the attach refusal
  (func (export "pkt") (param i32) (result i32) (i32.const 1))
)
