//===- runtime/LargeStorage.cpp - Large pointer-free storage in huge pages -===//
//
// See LargeStorage.h. The mappings live in a table from address to length,
// so that freeing needs no size from the caller (a finalizer frees storage
// on whichever thread collects).
//
//===----------------------------------------------------------------------===//
#include "runtime/LargeStorage.h"

#include <sys/mman.h>

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace ruchy {

namespace {

constexpr size_t HugePageBytes = size_t(2) << 20;

size_t roundUp(size_t Bytes) { return (Bytes + HugePageBytes - 1) & ~(HugePageBytes - 1); }

std::mutex TableMu;
/// Start of each live mapping -> its length (a multiple of 2 MiB).
std::unordered_map<void *, size_t> &table() {
  static auto *Table = new std::unordered_map<void *, size_t>();
  return *Table;
}

/// A fresh mapping of Len bytes (a multiple of 2 MiB) at a 2 MiB boundary:
/// one huge page extra is mapped and the ends beyond the boundaries given
/// back. Only the kernel's policy "madvise" (Debian's default) needs the
/// advice; with "never" it is ignored and the storage works all the same.
void *mapAligned(size_t Len) {
  void *Raw = mmap(nullptr, Len + HugePageBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (Raw == MAP_FAILED)
    return nullptr;
  uintptr_t Begin = reinterpret_cast<uintptr_t>(Raw);
  uintptr_t Aligned = (Begin + HugePageBytes - 1) & ~(HugePageBytes - 1);
  uintptr_t End = Begin + Len + HugePageBytes;
  if (Aligned > Begin)
    munmap(Raw, Aligned - Begin);
  if (End > Aligned + Len)
    munmap(reinterpret_cast<void *>(Aligned + Len), End - (Aligned + Len));
  void *P = reinterpret_cast<void *>(Aligned);
  madvise(P, Len, MADV_HUGEPAGE);
  return P;
}

} // namespace

void *largeAlloc(size_t Bytes) {
  size_t Len = roundUp(Bytes);
  void *P = mapAligned(Len);
  if (P) {
    std::lock_guard<std::mutex> Lock(TableMu);
    table()[P] = Len;
  }
  return P;
}

void *largeGrow(void *P, size_t Bytes) {
  size_t Old;
  {
    std::lock_guard<std::mutex> Lock(TableMu);
    Old = table().at(P);
  }
  size_t Len = roundUp(Bytes);
  if (Len <= Old)
    return P;
  void *Q = mapAligned(Len);
  if (!Q)
    return nullptr;
  // P's pages replace the start of the fresh mapping: page tables move,
  // whole huge pages among them, nothing is copied.
  if (mremap(P, Old, Old, MREMAP_MAYMOVE | MREMAP_FIXED, Q) == MAP_FAILED) {
    munmap(Q, Len);
    return nullptr;
  }
  std::lock_guard<std::mutex> Lock(TableMu);
  table().erase(P);
  table()[Q] = Len;
  return Q;
}

bool largeFree(void *P) {
  size_t Len;
  {
    std::lock_guard<std::mutex> Lock(TableMu);
    auto It = table().find(P);
    if (It == table().end())
      return false;
    Len = It->second;
    table().erase(It);
  }
  munmap(P, Len);
  return true;
}

} // namespace ruchy
