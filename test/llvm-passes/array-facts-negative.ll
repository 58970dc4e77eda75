; No fact where one input is not known to be an array: an unknown integer,
; a fact that does not hold on the incoming edge, or a fact too small for
; the header.
; RUN: %ruchy-opt -passes=ruchy-array-facts -S %s | FileCheck %s
; CHECK-NOT: .array

define i64 @unknown_input(i1 %c, i64 %a, i64 %b) {
entry:
  %pa = inttoptr i64 %a to ptr
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %pa, i64 32) ]
  br i1 %c, label %left, label %join

left:
  br label %join

join:
  %v = phi i64 [ %a, %left ], [ %b, %entry ]
  %p = inttoptr i64 %v to ptr
  %len = load i64, ptr %p, align 8
  ret i64 %len
}

; The fact about %b is stated only in %other, which does not come before
; the edge from %entry.
define i64 @fact_after_the_edge(i1 %c, i64 %a, i64 %b) {
entry:
  %pa = inttoptr i64 %a to ptr
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %pa, i64 32) ]
  br i1 %c, label %other, label %join

other:
  %pb = inttoptr i64 %b to ptr
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %pb, i64 32) ]
  br label %join

join:
  %v = phi i64 [ %a, %other ], [ %b, %entry ]
  %p = inttoptr i64 %v to ptr
  %len = load i64, ptr %p, align 8
  ret i64 %len
}

define i64 @too_small(i1 %c, i64 %a, i64 %b) {
entry:
  %pa = inttoptr i64 %a to ptr
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %pa, i64 32) ]
  %pb = inttoptr i64 %b to ptr
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %pb, i64 8) ]
  %v = select i1 %c, i64 %a, i64 %b
  %p = inttoptr i64 %v to ptr
  %len = load i64, ptr %p, align 8
  ret i64 %len
}

declare void @llvm.assume(i1)
