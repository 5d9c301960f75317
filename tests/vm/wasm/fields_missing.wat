;; A required field the kernel lacks (t_kernel_read): the load is refused,
;; naming it.
(module
  (memory 1)
  (global (export "wasmk_field:task_struct:no_such_member_xyz") i32 (i32.const 1024))
  (func (export "handler") (result i32) (i32.const 0))
)
