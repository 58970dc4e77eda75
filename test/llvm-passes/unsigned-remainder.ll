; A signed remainder or quotient by a positive constant of a value proven
; non-negative (checked sums and products of non-negatives, nsw increments,
; loop phis by induction, a dominating test) becomes unsigned, its
; dividend masked to tell the code generator the top bit is clear.
; RUN: %ruchy-opt -passes=ruchy-unsigned-remainder -S %s | FileCheck %s

declare { i64, i1 } @llvm.sadd.with.overflow.i64(i64, i64)
declare { i64, i1 } @llvm.smul.with.overflow.i64(i64, i64)
declare { i64, i1 } @llvm.ssub.with.overflow.i64(i64, i64)
declare void @raise() noreturn

; (i * j + k) % 7 with i and j tested non-negative on entry and k a counter
; from 0.
; CHECK-LABEL: define i64 @checked_sum_of_counters(
; CHECK:       %nonneg = and i64 %s, 9223372036854775807
; CHECK-NEXT:  %r = urem i64 %nonneg, 7
; CHECK-NOT:   srem
define i64 @checked_sum_of_counters(i64 %i, i64 %j, i64 %n) {
entry:
  %ci = icmp sgt i64 %i, -1
  %cj = icmp sgt i64 %j, -1
  %both = and i1 %ci, %cj
  br i1 %both, label %pre, label %out

pre:
  %p = call { i64, i1 } @llvm.smul.with.overflow.i64(i64 %i, i64 %j)
  %pv = extractvalue { i64, i1 } %p, 0
  %po = extractvalue { i64, i1 } %p, 1
  br i1 %po, label %bad, label %loop

loop:
  %k = phi i64 [ 0, %pre ], [ %k1, %ok ]
  %acc = phi i64 [ 0, %pre ], [ %acc1, %ok ]
  %sum = call { i64, i1 } @llvm.sadd.with.overflow.i64(i64 %pv, i64 %k)
  %s = extractvalue { i64, i1 } %sum, 0
  %so = extractvalue { i64, i1 } %sum, 1
  br i1 %so, label %bad, label %ok

ok:
  %r = srem i64 %s, 7
  %acc1 = add i64 %acc, %r
  %k1 = add nsw i64 %k, 1
  %more = icmp slt i64 %k1, %n
  br i1 %more, label %loop, label %out

out:
  %res = phi i64 [ 0, %entry ], [ %acc1, %ok ]
  ret i64 %res

bad:
  call void @raise()
  unreachable
}

; CHECK-LABEL: define i64 @quotient_of_tested(
; CHECK:       udiv i64 %nonneg, 10
define i64 @quotient_of_tested(i64 %x) {
entry:
  %c = icmp sge i64 %x, 0
  br i1 %c, label %pos, label %neg

pos:
  %q = sdiv i64 %x, 10
  ret i64 %q

neg:
  ret i64 0
}

; Nothing is known of a parameter, a difference may be negative, a loop
; counter that steps down may pass zero, and a divisor must be a positive
; constant.
; CHECK-LABEL: define i64 @unknown_signs(
; CHECK-NOT:   urem
; CHECK-NOT:   udiv
; CHECK:       ret i64
define i64 @unknown_signs(i64 %x, i64 %y, i64 %n) {
entry:
  %a = srem i64 %x, 7
  %d = call { i64, i1 } @llvm.ssub.with.overflow.i64(i64 %n, i64 3)
  %dv = extractvalue { i64, i1 } %d, 0
  %b = srem i64 %dv, 7
  %c = icmp sge i64 %x, 0
  br i1 %c, label %pos, label %loop

pos:
  %e = srem i64 %x, -7
  %f = srem i64 %x, %y
  br label %loop

loop:
  %k = phi i64 [ 10, %entry ], [ 10, %pos ], [ %k1, %loop ]
  %g = srem i64 %k, 7
  %k1 = add nsw i64 %k, -1
  %more = icmp sgt i64 %k1, -5
  br i1 %more, label %loop, label %out

out:
  %s1 = add i64 %a, %b
  %s2 = add i64 %s1, %g
  ret i64 %s2
}
