//===- runtime/ArrayObject.cpp - Arrays with element kinds -------------------===//
//
// Storage management for arrays that keeps the element-kind invariant: Int
// and Float arrays hold raw 8-byte words and Bool arrays one byte per
// element, in atomic (unscanned) memory; Mixed arrays hold Values in
// scanned memory. (A sieve's flags take an eighth of the memory and of the
// cache.) Widening is one-way while the array
// has elements; an empty Int or Float array adopts the kind of the next
// element stored, an empty Mixed array stays Mixed.
//
//===----------------------------------------------------------------------===//
#include "runtime/ArrayObject.h"
#include "runtime/Error.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace ruchy {

namespace {

/// First capacity of an array that grows from empty.
constexpr int64_t MinArrayCapacity = 4;
/// Storage of Int, Float or Bool elements from which an array's storage
/// grows outside the collected heap (allocExternal): below it, collected
/// memory is cheaper (no finalizer); above it, growth by realloc avoids
/// copying into fresh pages, which cost more than the copy itself.
constexpr size_t ExternalArrayBytes = size_t(1) << 20;
bool ExternalStorage = true;

size_t elemSize(ElemKind EK) {
  switch (EK) {
  case ElemKind::Mixed:
    return sizeof(Value);
  case ElemKind::Bool:
    return 1;
  default:
    return sizeof(int64_t);
  }
}

void *allocData(ElemKind EK, int64_t Cap) {
  size_t Bytes = static_cast<size_t>(Cap) * elemSize(EK);
  return EK == ElemKind::Mixed ? gcAlloc(Bytes) : gcAllocAtomic(Bytes);
}

/// The element kind that holds V alone.
ElemKind kindFor(Value V) {
  if (V.K == Kind::Int)
    return ElemKind::Int;
  if (V.K == Kind::Float)
    return ElemKind::Float;
  if (V.K == Kind::Bool)
    return ElemKind::Bool;
  return ElemKind::Mixed;
}

bool fits(ElemKind EK, Value V) {
  switch (EK) {
  case ElemKind::Int:
    return V.K == Kind::Int;
  case ElemKind::Float:
    return V.K == Kind::Float;
  case ElemKind::Bool:
    return V.K == Kind::Bool;
  case ElemKind::Mixed:
    return true;
  }
  return true;
}

/// Bytes of A's storage.
size_t dataBytes(const Array *A) { return static_cast<size_t>(A->Cap) * elemSize(A->EK); }

/// Points A at NewData (collected memory), freeing external storage it
/// leaves.
void replaceData(Array *A, void *NewData) {
  if (A->External) {
    freeExternal(A->Data, dataBytes(A));
    A->External = false;
  }
  A->Data = NewData;
}

/// Converts the storage to Mixed, keeping capacity.
void widenToMixed(Array *A) {
  int64_t Cap = std::max(A->Cap, A->Len);
  Value *NewData = Cap ? static_cast<Value *>(allocData(ElemKind::Mixed, Cap))
                       : nullptr;
  for (int64_t I = 0; I < A->Len; ++I)
    NewData[I] = arrayAt(A, I);
  replaceData(A, NewData);
  A->Cap = Cap;
  A->EK = ElemKind::Mixed;
}

/// Makes A able to hold V, adopting V's kind if A is an empty Int/Float
/// array and widening to Mixed otherwise.
void prepareFor(Array *A, Value V) {
  if (fits(A->EK, V))
    return;
  if (A->Len == 0 && A->EK != ElemKind::Mixed) {
    ElemKind NK = kindFor(V);
    // The empty storage serves the new kind if its elements are no larger
    // (and holds no pointers: only Mixed storage is scanned).
    if (A->Cap > 0 && (NK == ElemKind::Mixed || elemSize(NK) > elemSize(A->EK)))
      replaceData(A, allocData(NK, A->Cap));
    A->EK = NK;
    return;
  }
  widenToMixed(A);
}

inline void storeRaw(Array *A, int64_t I, Value V) {
  switch (A->EK) {
  case ElemKind::Int:
    A->ints()[I] = V.I;
    return;
  case ElemKind::Float:
    A->floats()[I] = V.F;
    return;
  case ElemKind::Bool:
    A->bools()[I] = V.B ? 1 : 0;
    return;
  case ElemKind::Mixed:
    A->values()[I] = V;
    return;
  }
}

} // namespace

void setExternalArrayStorage(bool On) { ExternalStorage = On; }

void arrayReserve(Array *A, int64_t Cap) {
  if (Cap <= A->Cap)
    return;
  size_t Bytes = static_cast<size_t>(Cap) * elemSize(A->EK);
  if (A->EK != ElemKind::Mixed && Bytes >= ExternalArrayBytes && ExternalStorage) {
    // Large storage without pointers: outside the collector, so that
    // doubling it moves pages instead of copying them into fresh memory
    // (array_sum's 10^7 pushes: 2.6x fewer page faults). Unlike collected
    // storage, a pointer into it does not keep A alive: callers reach the
    // storage through A (docs/architecture.md, "Memory").
    if (A->External) {
      A->Data = reallocExternal(A->Data, dataBytes(A), Bytes);
    } else {
      void *NewData = allocExternal(Bytes);
      if (A->Len)
        std::memcpy(NewData, A->Data, static_cast<size_t>(A->Len) * elemSize(A->EK));
      A->Data = NewData;
      A->External = true;
      freeExternalWithArray(A);
    }
    A->Cap = Cap;
    return;
  }
  void *NewData = allocData(A->EK, Cap);
  if (A->Len)
    std::memcpy(NewData, A->Data, static_cast<size_t>(A->Len) * elemSize(A->EK));
  replaceData(A, NewData);
  A->Cap = Cap;
}

static void growFor(Array *A, int64_t Needed) {
  if (Needed <= A->Cap)
    return;
  arrayReserve(A, std::max({Needed, A->Cap * 2, MinArrayCapacity}));
}

void arraySetAt(Array *A, int64_t I, Value V) {
  prepareFor(A, V);
  storeRaw(A, I, V);
}

void arrayPush(Array *A, Value V) {
  prepareFor(A, V);
  growFor(A, A->Len + 1);
  storeRaw(A, A->Len, V);
  ++A->Len;
}

void arrayPushCopies(Array *A, Value V, int64_t Count) {
  if (Count <= 0)
    return;
  prepareFor(A, V);
  growFor(A, A->Len + Count);
  int64_t Lo = A->Len, Hi = A->Len + Count;
  switch (A->EK) {
  case ElemKind::Int:
    std::fill(A->ints() + Lo, A->ints() + Hi, V.I);
    break;
  case ElemKind::Float:
    std::fill(A->floats() + Lo, A->floats() + Hi, V.F);
    break;
  case ElemKind::Bool:
    std::memset(A->bools() + Lo, V.B ? 1 : 0, static_cast<size_t>(Count));
    break;
  case ElemKind::Mixed:
    std::fill(A->values() + Lo, A->values() + Hi, V);
    break;
  }
  A->Len = Hi;
}

Value arrayPop(Array *A) {
  if (A->Len == 0)
    return Value::nil();
  Value V = arrayAt(A, A->Len - 1);
  --A->Len;
  if (A->EK == ElemKind::Mixed)
    A->values()[A->Len] = Value::nil(); // let the collector reclaim it
  return V;
}

void arrayInsert(Array *A, int64_t I, Value V) {
  prepareFor(A, V);
  growFor(A, A->Len + 1);
  size_t ES = elemSize(A->EK);
  char *Base = static_cast<char *>(A->Data);
  std::memmove(Base + (I + 1) * ES, Base + I * ES,
               static_cast<size_t>(A->Len - I) * ES);
  ++A->Len;
  storeRaw(A, I, V);
}

Value arrayRemove(Array *A, int64_t I) {
  Value V = arrayAt(A, I);
  size_t ES = elemSize(A->EK);
  char *Base = static_cast<char *>(A->Data);
  std::memmove(Base + I * ES, Base + (I + 1) * ES,
               static_cast<size_t>(A->Len - I - 1) * ES);
  --A->Len;
  if (A->EK == ElemKind::Mixed)
    A->values()[A->Len] = Value::nil();
  return V;
}

Array *arraySlice(const Array *A, int64_t Lo, int64_t Hi) {
  Array *R = newArray(0);
  int64_t N = Hi > Lo ? Hi - Lo : 0;
  R->EK = A->EK;
  if (N > 0) {
    R->Data = allocData(A->EK, N);
    R->Cap = N;
    std::memcpy(R->Data, static_cast<const char *>(A->Data) + Lo * elemSize(A->EK),
                static_cast<size_t>(N) * elemSize(A->EK));
    R->Len = N;
  }
  return R;
}

Array *arrayClone(const Array *A) { return arraySlice(A, 0, A->Len); }

Array *newArrayFrom(const Value *Elems, int64_t N) {
  Array *A = newArray(0);
  if (N == 0)
    return A;
  ElemKind EK = kindFor(Elems[0]);
  for (int64_t I = 1; I < N && EK != ElemKind::Mixed; ++I)
    if (!fits(EK, Elems[I]))
      EK = ElemKind::Mixed;
  A->EK = EK;
  A->Data = allocData(EK, N);
  A->Cap = N;
  for (int64_t I = 0; I < N; ++I)
    storeRaw(A, I, Elems[I]);
  A->Len = N;
  return A;
}

namespace {
/// Deep copy for `[v; n]`: like Rust's vec![v; n], which clones v per
/// element, so `vec![vec![0; n]; n]` makes n distinct rows.
Value cloneForRepeat(Value V) {
  if (V.K != Kind::Array)
    return V;
  Array *C = arrayClone(V.A);
  if (C->EK == ElemKind::Mixed)
    for (int64_t I = 0; I < C->Len; ++I)
      C->values()[I] = cloneForRepeat(C->values()[I]);
  return Value::array(C);
}
} // namespace

Array *arrayRepeat(Value V, int64_t N) {
  Array *A = newArray(0);
  if (V.K != Kind::Array) {
    // Nothing to clone: one fill (sieve's `[false; n + 1]` of 10^7), into
    // storage sized for the element kind (a byte per Bool).
    arrayPushCopies(A, V, N);
    return A;
  }
  for (int64_t I = 0; I < N; ++I)
    arrayPush(A, I == 0 ? V : cloneForRepeat(V));
  return A;
}

Array *arrayConcat(const Array *A, const Array *B) {
  Array *R = arrayClone(A);
  arrayExtend(R, B);
  return R;
}

void arrayExtend(Array *A, const Array *B) {
  int64_t N = B->Len; // read first: B may be A
  if (N == 0)
    return;
  if (A->Len == 0 && A->EK != ElemKind::Mixed && B->EK != A->EK) {
    if (A->Cap > 0 && (B->EK == ElemKind::Mixed || elemSize(B->EK) > elemSize(A->EK)))
      replaceData(A, allocData(B->EK, A->Cap));
    A->EK = B->EK;
  }
  if (A->EK != B->EK && A->EK != ElemKind::Mixed)
    widenToMixed(A);
  growFor(A, A->Len + N);
  if (A->EK == B->EK) {
    std::memmove(static_cast<char *>(A->Data) + A->Len * elemSize(A->EK), B->Data,
                 static_cast<size_t>(N) * elemSize(A->EK));
  } else {
    for (int64_t I = 0; I < N; ++I)
      A->values()[A->Len + I] = arrayAt(B, I);
  }
  A->Len += N;
}

Array *arrayFromRange(const Range *R) {
  int64_t Hi = R->Hi;
  Array *A = newArray(0);
  if (R->Inclusive ? R->Lo > Hi : R->Lo >= Hi)
    return A;
  // Count in unsigned arithmetic: Hi - Lo may not fit in an int64_t.
  uint64_t Count = static_cast<uint64_t>(Hi) - static_cast<uint64_t>(R->Lo) +
                   (R->Inclusive ? 1 : 0);
  arrayReserve(A, static_cast<int64_t>(Count));
  for (uint64_t I = 0; I < Count; ++I)
    A->ints()[I] = static_cast<int64_t>(static_cast<uint64_t>(R->Lo) + I);
  A->Len = static_cast<int64_t>(Count);
  return A;
}

void raiseIndexError(SiteId Site, int64_t Index, int64_t Len) {
  raiseError(Site, "Index " + std::to_string(Index) +
                       " out of bounds for array of length " +
                       std::to_string(Len));
}

} // namespace ruchy
