;; SPDX-License-Identifier: GPL-2.0
;;
;; drop_port: a netfilter handler written by hand in WAT.  Drops IPv4 TCP
;; and UDP packets to one destination port, configured from userspace, and
;; counts what it dropped.  Packets too short to carry a port, IPv6 and
;; non-first fragments pass.
;;
;; Memory layout (little-endian):
;;   0x100  u32 port     the port to drop (0: drop nothing)
;;   0x108  u64 dropped  packets dropped
;;
;;   wat2wasm -o drop_port.wasm drop_port.wat          # or: make examples
;;   wasmk prog load drop_port.wasm
;;   wasmk mem write name drop_port 0x100 8b130000     # port 5003
;;   wasmk link attach name drop_port netfilter ipv4 input
;;   wasmk mem read name drop_port 0x108 8 sum
(module
  ;; i32 pkt_load(u32 offset, void *dst, u32 len): packet bytes from the
  ;; network header on; returns how many were copied
  (import "wasmk" "pkt_load" (func $pkt_load (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; the verdicts of wasmk/guest.h
  (global $DROP i32 (i32.const 0))
  (global $ACCEPT i32 (i32.const 1))

  ;; (i32 len) -> i32 verdict; the IPv4 header is copied to 0..60, the
  ;; transport header's first four bytes (the ports) to 64..68
  (func (export "handler") (param $len i32) (result i32)
    (local $ihl i32)
    (local $proto i32)
    (local $dport i32)
    ;; no port configured, or not even a minimal IPv4 header: accept
    (if (i32.eqz (i32.load (i32.const 0x100)))
      (then (return (global.get $ACCEPT))))
    (if (i32.ne (call $pkt_load (i32.const 0) (i32.const 0) (i32.const 20)) (i32.const 20))
      (then (return (global.get $ACCEPT))))
    ;; version 4 only
    (if (i32.ne (i32.shr_u (i32.load8_u (i32.const 0)) (i32.const 4)) (i32.const 4))
      (then (return (global.get $ACCEPT))))
    ;; TCP (6) or UDP (17)
    (local.set $proto (i32.load8_u (i32.const 9)))
    (if (i32.and (i32.ne (local.get $proto) (i32.const 6))
                 (i32.ne (local.get $proto) (i32.const 17)))
      (then (return (global.get $ACCEPT))))
    ;; a fragment other than the first carries no ports: offset bits of
    ;; bytes 6..7 (big-endian), masked
    (if (i32.and (i32.or (i32.shl (i32.load8_u (i32.const 6)) (i32.const 8))
                         (i32.load8_u (i32.const 7)))
                 (i32.const 0x1fff))
      (then (return (global.get $ACCEPT))))
    ;; the transport header starts at IHL * 4
    (local.set $ihl (i32.shl (i32.and (i32.load8_u (i32.const 0)) (i32.const 15))
                             (i32.const 2)))
    (if (i32.ne (call $pkt_load (local.get $ihl) (i32.const 64) (i32.const 4)) (i32.const 4))
      (then (return (global.get $ACCEPT))))
    ;; destination port: bytes 2..3, big-endian
    (local.set $dport (i32.or (i32.shl (i32.load8_u (i32.const 66)) (i32.const 8))
                              (i32.load8_u (i32.const 67))))
    (if (i32.ne (local.get $dport) (i32.load (i32.const 0x100)))
      (then (return (global.get $ACCEPT))))
    (i64.store (i32.const 0x108) (i64.add (i64.load (i32.const 0x108)) (i64.const 1)))
    (global.get $DROP))
)
