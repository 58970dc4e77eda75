//===- runtime/Object.cpp - Heap allocation and object creation ------------===//
//
// All Ruchy heap objects come from the Boehm-Demers-Weiser collector. This
// file owns the collector's start-up, the out-of-memory check (raised by
// runtime/Error's raiseOutOfMemory) and the allocation counters; object
// layouts are in runtime/Object.h, their operations in the *Object.cpp files.
//
//===----------------------------------------------------------------------===//
#include "runtime/Object.h"
#include "runtime/Error.h"

#include <gc/gc.h>

#include <cstring>

namespace ruchy {

namespace {

HeapStats Stats;

inline void *checked(void *P, size_t Bytes) {
  if (__builtin_expect(P == nullptr, 0))
    raiseOutOfMemory();
  // Counters are statistics only: a racy increment from a background
  // compile thread at worst loses a count.
  ++Stats.Objects;
  Stats.Bytes += Bytes;
  return P;
}

} // namespace

void initHeap() {
  static bool Done = false;
  if (Done)
    return;
  Done = true;
  GC_INIT();
  // Large arrays are normal here; the collector's "repeated allocation of
  // very large block" warnings would only clutter the program's stderr.
  GC_set_warn_proc(GC_ignore_warn_proc);
#ifdef GC_THREADS
  GC_allow_register_threads();
#endif
}

uint64_t heapBytesAllocated() { return GC_get_total_bytes(); }

void setMaxHeapBytes(uint64_t Bytes) {
  if (Bytes)
    GC_set_max_heap_size(static_cast<GC_word>(Bytes));
}

void *gcAlloc(size_t Bytes) { return checked(GC_MALLOC(Bytes), Bytes); }
void *gcAllocAtomic(size_t Bytes) {
  return checked(GC_MALLOC_ATOMIC(Bytes), Bytes);
}
void *gcAllocPermanent(size_t Bytes) {
  return checked(GC_MALLOC_UNCOLLECTABLE(Bytes), Bytes);
}

void gcFreePermanent(void *P) { GC_FREE(P); }

static Str *makeStr(std::string_view Text, bool Permanent) {
  size_t Len = Text.size();
  // The buffer never holds pointers: atomic memory, not scanned. A permanent
  // string's buffer is kept alive by its uncollectable header.
  auto *Buf = static_cast<StrBuf *>(gcAllocAtomic(sizeof(StrBuf) + Len + 1));
  Buf->Used = static_cast<int64_t>(Len);
  Buf->Cap = static_cast<int64_t>(Len);
  if (Len)
    std::memcpy(Buf->Data, Text.data(), Len);
  Buf->Data[Len] = '\0';
  auto *S = static_cast<Str *>(Permanent ? gcAllocPermanent(sizeof(Str))
                                         : gcAlloc(sizeof(Str)));
  S->Len = static_cast<int64_t>(Len);
  S->Buf = Buf;
  S->Ascii = -1;
  return S;
}

Str *newStr(std::string_view Text) { return makeStr(Text, false); }
Str *newPermanentStr(std::string_view Text) { return makeStr(Text, true); }
void freePermanentStr(Str *S) { GC_FREE(S); }

Array *newArray(int64_t Capacity) {
  auto *A = static_cast<Array *>(gcAlloc(sizeof(Array)));
  // A new array is an Int array; while empty it adopts the kind of its first
  // element (runtime/ArrayObject.cpp).
  A->EK = ElemKind::Int;
  A->Len = 0;
  A->Cap = 0;
  A->Data = nullptr;
  if (Capacity > 0) {
    A->Data = gcAllocAtomic(static_cast<size_t>(Capacity) * sizeof(int64_t));
    A->Cap = Capacity;
  }
  return A;
}

Tuple *newTuple(int64_t Len) {
  auto *T = static_cast<Tuple *>(
      gcAlloc(sizeof(Tuple) + static_cast<size_t>(Len) * sizeof(Value)));
  T->Len = Len;
  for (int64_t I = 0; I < Len; ++I)
    T->Elems[I] = Value::nil();
  return T;
}

Range *newRange(int64_t Lo, int64_t Hi, bool Inclusive) {
  auto *R = static_cast<Range *>(gcAllocAtomic(sizeof(Range)));
  R->Lo = Lo;
  R->Hi = Hi;
  R->Inclusive = Inclusive;
  return R;
}

StructObj *newStructObj(const ast::StructDecl *Decl, size_t NumFields) {
  auto *S = static_cast<StructObj *>(
      gcAlloc(sizeof(StructObj) + NumFields * sizeof(Value)));
  S->Decl = Decl;
  for (size_t I = 0; I < NumFields; ++I)
    S->Fields[I] = Value::nil();
  return S;
}

Cell *newCell(Value V) {
  auto *C = static_cast<Cell *>(gcAlloc(sizeof(Cell)));
  C->V = V;
  return C;
}

Closure *newClosure(const ast::FunctionDecl *Fn, int32_t NumCaptures) {
  auto *C = static_cast<Closure *>(
      gcAlloc(sizeof(Closure) + static_cast<size_t>(NumCaptures) * sizeof(Cell *)));
  C->Fn = Fn;
  C->NumCaptures = NumCaptures;
  for (int32_t I = 0; I < NumCaptures; ++I)
    C->Captures[I] = nullptr;
  return C;
}

const HeapStats &heapStats() { return Stats; }

} // namespace ruchy
