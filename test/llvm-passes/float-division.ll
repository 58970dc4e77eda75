; 64-bit divisions by a variable take the double division when both
; operands are in [-2^52, 2^52) (signed) or below 2^52 (unsigned), and keep
; the integer instruction otherwise; constant divisors and other widths are
; left alone.
; RUN: %ruchy-opt -passes=ruchy-float-division -S %s | FileCheck %s

; CHECK-LABEL: define i64 @signed_remainder(
; CHECK:       %[[A:.*]] = add i64 %a, 4503599627370496
; CHECK-NEXT:  %[[B:.*]] = add i64 %b, 4503599627370496
; CHECK-NEXT:  %[[E:.*]] = or i64 %[[A]], %[[B]]
; CHECK-NEXT:  %fdiv.fits = icmp ult i64 %[[E]], 9007199254740992
; CHECK-NEXT:  br i1 %fdiv.fits, label %fdiv.fast, label %fdiv.slow, !prof
; CHECK:     fdiv.fast:
; CHECK-NEXT:  %[[FA:.*]] = sitofp i64 %a to double
; CHECK-NEXT:  %[[FB:.*]] = sitofp i64 %b to double
; CHECK-NEXT:  %[[Q:.*]] = fdiv double %[[FA]], %[[FB]]
; CHECK-NEXT:  %fdiv.q = fptosi double %[[Q]] to i64
; CHECK-NEXT:  %[[M:.*]] = mul i64 %fdiv.q, %b
; CHECK-NEXT:  %fdiv.r = sub i64 %a, %[[M]]
; CHECK:     fdiv.slow:
; CHECK-NEXT:  %[[S:.*]] = srem i64 %a, %b
; CHECK:       %r = phi i64 [ %fdiv.r, %fdiv.fast ], [ %[[S]], %fdiv.slow ]
; CHECK-NEXT:  ret i64 %r
define i64 @signed_remainder(i64 %a, i64 %b) {
  %r = srem i64 %a, %b
  ret i64 %r
}

; CHECK-LABEL: define i64 @signed_quotient(
; CHECK:       %fdiv.q = fptosi double %{{.*}} to i64
; CHECK-NOT:   fdiv.r
; CHECK:       sdiv i64 %a, %b
; CHECK:       %q = phi i64 [ %fdiv.q, %fdiv.fast ]
define i64 @signed_quotient(i64 %a, i64 %b) {
  %q = sdiv i64 %a, %b
  ret i64 %q
}

; CHECK-LABEL: define i64 @unsigned_remainder(
; CHECK:       %[[E:.*]] = or i64 %a, %b
; CHECK-NEXT:  %fdiv.fits = icmp ult i64 %[[E]], 4503599627370496
; CHECK:       %fdiv.r = sub i64 %a,
; CHECK:       urem i64 %a, %b
define i64 @unsigned_remainder(i64 %a, i64 %b) {
  %r = urem i64 %a, %b
  ret i64 %r
}

; CHECK-LABEL: define i64 @constant_divisor(
; CHECK-NOT:   fdiv
; CHECK:       srem i64 %a, 7
define i64 @constant_divisor(i64 %a) {
  %r = srem i64 %a, 7
  ret i64 %r
}

; CHECK-LABEL: define i32 @narrow(
; CHECK-NOT:   fdiv
; CHECK:       sdiv i32 %a, %b
define i32 @narrow(i32 %a, i32 %b) {
  %q = sdiv i32 %a, %b
  ret i32 %q
}
