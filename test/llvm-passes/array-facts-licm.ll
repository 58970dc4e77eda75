; Why the pass exists: an array local that reaches a loop through a phi (a
; loop entered from its preheader and from an OSR entry) has no fact, so
; LICM keeps the header loads that run after a bounds check inside the loop.
; With the fact on the phi, the data pointer load leaves the loop.
; RUN: %ruchy-opt -passes='ruchy-array-facts,loop-mssa(licm)' -S %s | FileCheck %s --check-prefix=FACTS
; RUN: opt -passes='loop-mssa(licm)' -S %s | FileCheck %s --check-prefix=PLAIN

define double @sum(i1 %osr, i64 %a, i64 %b, i64 %n) {
entry:
  br i1 %osr, label %from.osr, label %from.call

from.call:
  %pa = inttoptr i64 %a to ptr
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %pa, i64 32), "align"(ptr %pa, i64 8) ]
  br label %preheader

from.osr:
  %pb = inttoptr i64 %b to ptr
  call void @llvm.assume(i1 true) [ "dereferenceable"(ptr %pb, i64 32), "align"(ptr %pb, i64 8) ]
  br label %preheader

preheader:
  %arr = phi i64 [ %a, %from.call ], [ %b, %from.osr ]
  br label %loop

loop:
  %i = phi i64 [ 0, %preheader ], [ %i.next, %in.bounds ]
  %s = phi double [ 0.0, %preheader ], [ %s.next, %in.bounds ]
  %p = inttoptr i64 %arr to ptr
  %lenp = getelementptr inbounds i8, ptr %p, i64 8
  %len = load i64, ptr %lenp, align 8
  %ok = icmp ult i64 %i, %len
  br i1 %ok, label %in.bounds, label %raise

in.bounds:
  %datap = getelementptr inbounds i8, ptr %p, i64 24
  %data = load ptr, ptr %datap, align 8
  %ep = getelementptr inbounds double, ptr %data, i64 %i
  %e = load double, ptr %ep, align 8
  %s.next = fadd double %s, %e
  %i.next = add nuw nsw i64 %i, 1
  %more = icmp slt i64 %i.next, %n
  br i1 %more, label %loop, label %exit

raise:
  call void @raise_out_of_bounds() #0
  unreachable

exit:
  ret double %s.next
}

; FACTS-LABEL: preheader:
; FACTS:         %arr.array = inttoptr i64 %arr to ptr
; FACTS:         %datap = getelementptr inbounds i8, ptr %arr.array, i64 24
; FACTS-NEXT:    %data = load ptr, ptr %datap, align 8
; FACTS:       loop:
; FACTS-NOT:     load ptr
; FACTS:       in.bounds:
; FACTS-NOT:     load ptr

; PLAIN:       in.bounds:
; PLAIN-NEXT:    %data = load ptr, ptr %datap, align 8

declare void @raise_out_of_bounds()
declare void @llvm.assume(i1)
attributes #0 = { noreturn }
