//===- test/unit/runtime/LargeStorageTest.cpp - Storage in huge pages ------===//
#include "RuntimeTestUtil.h"

#include "runtime/LargeStorage.h"

#include <cstdint>
#include <cstring>

using namespace ruchy;
using namespace ruchy::test;

namespace {

constexpr size_t MiB = size_t(1) << 20;

bool aligned2M(const void *P) { return (reinterpret_cast<uintptr_t>(P) & (2 * MiB - 1)) == 0; }

TEST(LargeStorageTest, GrowKeepsContentsAndAlignment) {
  auto *P = static_cast<uint64_t *>(largeAlloc(5 * MiB));
  ASSERT_NE(P, nullptr);
  EXPECT_TRUE(aligned2M(P));
  EXPECT_EQ(P[5 * MiB / 8 - 1], 0u); // fresh storage reads as zeros
  for (size_t K = 0; K < 5 * MiB / 8; ++K)
    P[K] = K * 3;
  // Within its rounded length (6 MiB) the storage stays where it is.
  EXPECT_EQ(largeGrow(P, 6 * MiB), P);
  auto *Q = static_cast<uint64_t *>(largeGrow(P, 20 * MiB));
  ASSERT_NE(Q, nullptr);
  EXPECT_TRUE(aligned2M(Q));
  for (size_t K = 0; K < 5 * MiB / 8; K += 4099)
    ASSERT_EQ(Q[K], K * 3);
  EXPECT_EQ(Q[20 * MiB / 8 - 1], 0u); // the grown part is fresh
  Q[20 * MiB / 8 - 1] = 7;
  EXPECT_FALSE(largeFree(P)); // moved: no longer a mapping of its own
  EXPECT_TRUE(largeFree(Q));
  EXPECT_FALSE(largeFree(Q));
  int Local = 0;
  EXPECT_FALSE(largeFree(&Local));
}

class LargeArrayTest : public RuntimeTest {};

// External storage moves between malloc'd and mapped memory in either
// direction with its contents.
TEST_F(LargeArrayTest, ExternalStorageChangesSizeBothWays) {
  auto *P = static_cast<uint8_t *>(allocExternal(MiB));
  std::memset(P, 0x5a, MiB);
  auto *Q = static_cast<uint8_t *>(reallocExternal(P, MiB, 9 * MiB)); // to mapped
  EXPECT_TRUE(aligned2M(Q));
  EXPECT_EQ(Q[MiB - 1], 0x5a);
  Q[9 * MiB - 1] = 1;
  auto *R = static_cast<uint8_t *>(reallocExternal(Q, 9 * MiB, 2 * MiB)); // back to malloc
  EXPECT_EQ(R[0], 0x5a);
  EXPECT_EQ(R[MiB - 1], 0x5a);
  EXPECT_FALSE(largeFree(R));
  freeExternal(R, 2 * MiB);
}

// An Int array pushed past the large-storage size moves from malloc'd
// storage to mapped storage and grows there; clones, widening and float
// storage see the same elements.
TEST_F(LargeArrayTest, PushesAcrossTheThreshold) {
  constexpr int64_t N = 3000000; // 24 MB of Ints: 1 MiB -> 4 MiB -> 32 MiB
  Array *A = newArray();
  for (int64_t K = 0; K < N; ++K)
    arrayPush(A, I(K * 7));
  EXPECT_TRUE(A->External);
  EXPECT_TRUE(aligned2M(A->Data));
  int64_t Sum = 0;
  for (int64_t K = 0; K < N; ++K)
    Sum += arrayAt(A, K).I;
  EXPECT_EQ(Sum, 7 * (N - 1) * N / 2);
  Array *Copy = arrayClone(A);
  arraySetAt(Copy, N - 1, I(-1));
  EXPECT_EQ(arrayAt(A, N - 1).I, 7 * (N - 1));
  arrayPush(A, F(0.5)); // widening copies out of the mapped storage
  EXPECT_FALSE(A->External);
  EXPECT_EQ(arrayAt(A, N - 1).I, 7 * (N - 1));
  Array *Floats = newArray();
  arrayPushCopies(Floats, F(2.5), 1000000); // 8 MB at once
  EXPECT_TRUE(Floats->External);
  EXPECT_EQ(arrayAt(Floats, 999999).F, 2.5);
}

} // namespace
