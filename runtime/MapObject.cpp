//===- runtime/MapObject.cpp - Insertion-ordered maps ------------------------===//
//
// A map is an entries array in insertion order plus an open-addressing index
// of entry numbers (the CPython 3.6+ dict layout). Entries hold Values and
// live in scanned memory; the index holds only int32 entry numbers and is
// atomic. Removal leaves a dead entry that is compacted away lazily, so
// removal is O(1) and positional access (mapKeyAt) stays O(1) amortized.
//
//===----------------------------------------------------------------------===//
#include "runtime/MapObject.h"
#include "runtime/Error.h"
#include "runtime/Operations.h"

#include <cstring>

namespace ruchy {

namespace {

/// Index slot markers (entry numbers are >= 0).
constexpr int32_t EmptySlot = -1;
constexpr int32_t DeletedSlot = -2;
/// Smallest index table (a power of two).
constexpr int64_t MinIndexSize = 8;

struct MapEntry {
  Value Key;
  Value Val;
  uint64_t Hash;
  bool Live;
};

} // namespace

struct MapImpl {
  MapEntry *Entries;
  int64_t NumEntries; ///< used entries, live and dead
  int64_t EntryCap;
  int64_t NumLive;
  int32_t *Index;     ///< IndexSize slots; load kept under 2/3
  int64_t IndexSize;
  int64_t NumDeletedSlots;
};

namespace {

MapImpl *impl(const Map *M) { return M->Impl; }

void rebuildIndex(MapImpl *I, int64_t Size) {
  I->Index = static_cast<int32_t *>(
      gcAllocAtomic(static_cast<size_t>(Size) * sizeof(int32_t)));
  for (int64_t S = 0; S < Size; ++S)
    I->Index[S] = EmptySlot;
  I->IndexSize = Size;
  I->NumDeletedSlots = 0;
  uint64_t Mask = static_cast<uint64_t>(Size) - 1;
  for (int64_t E = 0; E < I->NumEntries; ++E) {
    if (!I->Entries[E].Live)
      continue;
    uint64_t S = I->Entries[E].Hash & Mask;
    while (I->Index[S] != EmptySlot)
      S = (S + 1) & Mask;
    I->Index[S] = static_cast<int32_t>(E);
  }
}

/// Removes dead entries, keeping order, and rebuilds the index.
void compact(MapImpl *I) {
  int64_t Out = 0;
  for (int64_t E = 0; E < I->NumEntries; ++E)
    if (I->Entries[E].Live)
      I->Entries[Out++] = I->Entries[E];
  for (int64_t E = Out; E < I->NumEntries; ++E)
    I->Entries[E] = MapEntry{};
  I->NumEntries = Out;
  rebuildIndex(I, I->IndexSize);
}

bool isHashable(Value K) {
  switch (K.K) {
  case Kind::Int:
  case Kind::Str:
  case Kind::Bool:
  case Kind::Float:
    return true;
  case Kind::Tuple:
    for (int64_t E = 0; E < K.T->Len; ++E)
      if (!isHashable(K.T->Elems[E]))
        return false;
    return true;
  default:
    return false;
  }
}

/// The index slot holding Key, or -1.
int64_t findSlot(const MapImpl *I, Value Key, uint64_t H) {
  if (I->NumLive == 0)
    return -1;
  uint64_t Mask = static_cast<uint64_t>(I->IndexSize) - 1;
  for (uint64_t S = H & Mask;; S = (S + 1) & Mask) {
    int32_t E = I->Index[S];
    if (E == EmptySlot)
      return -1;
    if (E >= 0) {
      const MapEntry &Ent = I->Entries[E];
      if (Ent.Hash == H && valuesEqual(Ent.Key, Key))
        return static_cast<int64_t>(S);
    }
  }
}

} // namespace

Map *newMap() {
  auto *M = static_cast<Map *>(gcAlloc(sizeof(Map)));
  auto *I = static_cast<MapImpl *>(gcAlloc(sizeof(MapImpl)));
  std::memset(I, 0, sizeof(MapImpl));
  M->Impl = I;
  return M;
}

size_t mapLen(const Map *M) { return static_cast<size_t>(impl(M)->NumLive); }

static const MapEntry &liveEntry(const Map *M, size_t Pos) {
  MapImpl *I = impl(M);
  if (I->NumLive != I->NumEntries)
    compact(I); // logically const: order and contents are unchanged
  return I->Entries[Pos];
}

Value mapKeyAt(const Map *M, size_t Pos) { return liveEntry(M, Pos).Key; }
Value mapValueAt(const Map *M, size_t Pos) { return liveEntry(M, Pos).Val; }

bool mapFind(const Map *M, Value Key, Value *Out) {
  const MapImpl *I = impl(M);
  if (I->NumLive == 0 || !isHashable(Key))
    return false;
  int64_t S = findSlot(I, Key, hashValue(Key));
  if (S < 0)
    return false;
  if (Out)
    *Out = I->Entries[I->Index[S]].Val;
  return true;
}

void mapInsert(Map *M, Value Key, Value V, SiteId Site) {
  if (!isHashable(Key))
    raiseError(Site, std::string("Type error: cannot use ") + kindName(Key.K) +
                         " as a map key");
  MapImpl *I = impl(M);
  uint64_t H = hashValue(Key);
  int64_t S = findSlot(I, Key, H);
  if (S >= 0) {
    I->Entries[I->Index[S]].Val = V;
    return;
  }
  // Room in the entries array.
  if (I->NumEntries == I->EntryCap) {
    if (I->NumLive < I->NumEntries) {
      compact(I);
    }
    if (I->NumEntries == I->EntryCap) {
      int64_t Cap = I->EntryCap ? I->EntryCap * 2 : MinIndexSize / 2;
      auto *NE = static_cast<MapEntry *>(
          gcAlloc(static_cast<size_t>(Cap) * sizeof(MapEntry)));
      std::memset(static_cast<void *>(NE), 0, static_cast<size_t>(Cap) * sizeof(MapEntry));
      if (I->NumEntries)
        std::memcpy(static_cast<void *>(NE), I->Entries,
                    static_cast<size_t>(I->NumEntries) * sizeof(MapEntry));
      I->Entries = NE;
      I->EntryCap = Cap;
    }
  }
  // Room in the index: keep live + deleted slots under 2/3 of it.
  if ((I->NumLive + I->NumDeletedSlots + 1) * 3 >= I->IndexSize * 2) {
    int64_t Size = I->IndexSize ? I->IndexSize : MinIndexSize;
    while ((I->NumLive + 1) * 3 >= Size * 2)
      Size *= 2;
    rebuildIndex(I, Size);
  }
  int64_t E = I->NumEntries++;
  I->Entries[E] = MapEntry{Key, V, H, true};
  uint64_t Mask = static_cast<uint64_t>(I->IndexSize) - 1;
  uint64_t Slot = H & Mask;
  while (I->Index[Slot] >= 0)
    Slot = (Slot + 1) & Mask;
  if (I->Index[Slot] == DeletedSlot)
    --I->NumDeletedSlots;
  I->Index[Slot] = static_cast<int32_t>(E);
  ++I->NumLive;
}

bool mapRemove(Map *M, Value Key, Value *Removed) {
  MapImpl *I = impl(M);
  if (I->NumLive == 0 || !isHashable(Key))
    return false;
  int64_t S = findSlot(I, Key, hashValue(Key));
  if (S < 0)
    return false;
  MapEntry &Ent = I->Entries[I->Index[S]];
  if (Removed)
    *Removed = Ent.Val;
  Ent.Live = false;
  Ent.Key = Value::nil();
  Ent.Val = Value::nil();
  I->Index[S] = DeletedSlot;
  ++I->NumDeletedSlots;
  --I->NumLive;
  return true;
}

void mapClear(Map *M) {
  MapImpl *I = impl(M);
  std::memset(I, 0, sizeof(MapImpl));
}

Map *mapClone(const Map *M) {
  Map *R = newMap();
  size_t N = mapLen(M);
  for (size_t P = 0; P < N; ++P)
    mapInsert(R, mapKeyAt(M, P), mapValueAt(M, P), 0);
  return R;
}

} // namespace ruchy
