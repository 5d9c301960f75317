;; Imports current_task, so loading it needs CAP_PERFMON or CAP_SYS_ADMIN
;; and a kernel not locked down for confidentiality (t_kernel_read,
;; t_lockdown); no fields, so wasmk-capload loads it without BTF.
(module
  (import "wasmk" "current_task" (func $task (result i64)))
  (func (export "handler") (result i32) (i32.wrap_i64 (i64.shr_u (call $task) (i64.const 63))))
)
