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
#include "runtime/LargeStorage.h"

#include <gc/gc.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>

namespace ruchy {

namespace {

HeapStats Stats;

/// --max-heap (0: none), which external storage honours too.
uint64_t MaxHeap = 0;
/// Live external bytes, and those allocated since the collector last ran.
/// Atomic: a finalizer may run on whichever thread allocates.
std::atomic<uint64_t> ExternalLive{0};
uint64_t ExternalSinceGc = 0, ExternalGcNo = 0, ExternalTotal = 0;
/// External bytes allocated, since the last collection, past which a
/// collection runs (at least; the collected heap's own size if larger):
/// the collector schedules itself by its own heap's growth, and without
/// this a loop that drops large arrays would pile up dead storage.
constexpr uint64_t MinExternalBetweenCollections = uint64_t(64) << 20;

void collectNow() {
  GC_gcollect();
  GC_invoke_finalizers();
}

/// Accounts for Bytes more of external storage, collecting first when it
/// would pass --max-heap or the collector is due.
void noteExternal(uint64_t Bytes) {
  if (GC_get_gc_no() != ExternalGcNo) {
    ExternalGcNo = GC_get_gc_no();
    ExternalSinceGc = 0;
  }
  ExternalSinceGc += Bytes;
  auto OverCap = [&] {
    return MaxHeap && GC_get_heap_size() + ExternalLive.load(std::memory_order_relaxed) + Bytes > MaxHeap;
  };
  if (OverCap() ||
      ExternalSinceGc > std::max<uint64_t>(GC_get_heap_size(), MinExternalBetweenCollections)) {
    collectNow();
    ExternalGcNo = GC_get_gc_no();
    ExternalSinceGc = 0;
    if (OverCap())
      raiseOutOfMemory();
  }
  ExternalLive.fetch_add(Bytes, std::memory_order_relaxed);
  ExternalTotal += Bytes;
  ++Stats.Objects;
  Stats.Bytes += Bytes;
}

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

uint64_t heapBytesAllocated() { return GC_get_total_bytes() + ExternalTotal; }

void setMaxHeapBytes(uint64_t Bytes) {
  MaxHeap = Bytes;
  if (Bytes)
    GC_set_max_heap_size(static_cast<GC_word>(Bytes));
}

void *allocExternal(size_t Bytes) {
  noteExternal(Bytes);
  void *P = Bytes >= MinLargeStorageBytes ? largeAlloc(Bytes) : std::malloc(Bytes);
  if (!P)
    raiseOutOfMemory();
  return P;
}

void *reallocExternal(void *P, size_t OldBytes, size_t NewBytes) {
  noteExternal(NewBytes - OldBytes);
  // Storage of MinLargeStorageBytes and more is mapped (LargeStorage.h),
  // smaller storage comes from malloc, whichever way the size goes.
  bool WasLarge = OldBytes >= MinLargeStorageBytes, Large = NewBytes >= MinLargeStorageBytes;
  void *R;
  if (WasLarge && Large) {
    R = largeGrow(P, NewBytes);
  } else if (!WasLarge && !Large) {
    R = std::realloc(P, NewBytes);
  } else if ((R = Large ? largeAlloc(NewBytes) : std::malloc(NewBytes))) {
    std::memcpy(R, P, std::min(OldBytes, NewBytes));
    if (WasLarge)
      largeFree(P);
    else
      std::free(P);
  }
  if (!R)
    raiseOutOfMemory();
  return R;
}

void freeExternal(void *P, size_t Bytes) {
  if (!largeFree(P))
    std::free(P);
  ExternalLive.fetch_sub(Bytes, std::memory_order_relaxed);
}

void freeExternalWithArray(Array *A) {
  // No order among finalizers: an array's storage refers to nothing.
  GC_register_finalizer_no_order(
      A,
      [](void *Obj, void *) {
        auto *Dead = static_cast<Array *>(Obj);
        if (Dead->External)
          freeExternal(Dead->Data, static_cast<size_t>(Dead->Cap) *
                                       (Dead->EK == ElemKind::Bool ? 1 : sizeof(int64_t)));
      },
      nullptr, nullptr, nullptr);
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
  A->External = false;
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
