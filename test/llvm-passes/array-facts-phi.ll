; A phi whose inputs are both known arrays gets the fact itself, and the
; casts of the phi it dominates become the one the fact names.
; RUN: %ruchy-opt -passes=ruchy-array-facts -S %s | FileCheck %s

define i64 @len_of_either(i1 %c, i64 %a, i64 %b) {
entry:
  br i1 %c, label %left, label %right

left:
  %pa = inttoptr i64 %a to ptr
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %pa, i64 32), "align"(ptr %pa, i64 8) ]
  br label %join

right:
  %pb = inttoptr i64 %b to ptr
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %pb, i64 32), "align"(ptr %pb, i64 8) ]
  br label %join

join:
  %v = phi i64 [ %a, %left ], [ %b, %right ]
  %p = inttoptr i64 %v to ptr
  %lenp = getelementptr inbounds i8, ptr %p, i64 8
  %len = load i64, ptr %lenp, align 8
  ret i64 %len
}

; CHECK-LABEL: define i64 @len_of_either(
; CHECK:      join:
; CHECK-NEXT:   %v = phi i64 [ %a, %left ], [ %b, %right ]
; CHECK-NEXT:   %v.array = inttoptr i64 %v to ptr
; CHECK-NEXT:   call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %v.array, i64 32), "align"(ptr %v.array, i64 8) ]
; CHECK-NEXT:   %lenp = getelementptr inbounds i8, ptr %v.array, i64 8

; A select of a known array and the sentinel constant (stated once in the
; entry block) is an array too.
define i64 @select_with_sentinel(i1 %c, i64 %a) {
entry:
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr inttoptr (i64 4096 to ptr), i64 32) ]
  %pa = inttoptr i64 %a to ptr
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %pa, i64 32) ]
  %v = select i1 %c, i64 %a, i64 4096
  %p = inttoptr i64 %v to ptr
  %k = load i8, ptr %p, align 8
  %r = zext i8 %k to i64
  ret i64 %r
}

; CHECK-LABEL: define i64 @select_with_sentinel(
; CHECK:        %v = select i1 %c, i64 %a, i64 4096
; CHECK-NEXT:   %v.array = inttoptr i64 %v to ptr
; CHECK-NEXT:   call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %v.array, i64 32)
; CHECK-NEXT:   %k = load i8, ptr %v.array, align 8

declare void @llvm.assume(i1)
