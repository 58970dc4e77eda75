//===- runtime/LargeStorage.h - Large pointer-free storage in huge pages ---===//
//
// Storage of a few MiB and more (a large Int, Float or Bool array's
// elements) is mapped directly, 2 MiB-aligned, and marked for transparent
// huge pages: the first write of each fresh 4 KiB page costs a page fault and
// the kernel's bookkeeping for it, which made up most of array_sum's time; a
// 2 MiB page is one fault for 512 of them. Growth moves the mapped pages to a
// larger aligned mapping with mremap: no copy, and the huge pages move whole.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_LARGESTORAGE_H
#define RUCHY_RUNTIME_LARGESTORAGE_H

#include <cstddef>

namespace ruchy {

/// Bytes of storage from which allocExternal maps it here: two huge pages
/// (below that, the rounding to 2 MiB would cost more memory than the faults
/// it saves cost time).
inline constexpr size_t MinLargeStorageBytes = size_t(4) << 20;

/// Fresh zeroed storage of at least Bytes (>= MinLargeStorageBytes), or null
/// when the system has no memory for it.
void *largeAlloc(size_t Bytes);
/// Storage P (from largeAlloc) grown to at least Bytes, its contents kept:
/// P itself if it is large enough (as it is for any smaller Bytes), else a
/// new mapping that P's pages moved to (P is then gone). Null when the
/// system has no memory (P unchanged).
void *largeGrow(void *P, size_t Bytes);
/// Unmaps P if it came from largeAlloc or largeGrow; false (and nothing
/// done) for any other pointer.
bool largeFree(void *P);

} // namespace ruchy

#endif
