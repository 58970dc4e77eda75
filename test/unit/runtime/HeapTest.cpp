//===- test/unit/runtime/HeapTest.cpp - Heap allocation failure ------------===//
//
// An allocation the collector cannot satisfy raises `Out of memory` through
// the installed error handler, so an in-process caller (the pipeline fuzz
// target, a test) can catch it; only the default handler ends the process.
//
//===----------------------------------------------------------------------===//
#include "RuntimeTestUtil.h"

namespace ruchy::test {
namespace {

// A request no heap can satisfy: the collector returns null without
// growing, whatever the heap limit.
constexpr size_t ImpossibleBytes = size_t(1) << 62;

class HeapTest : public RuntimeTest {};

TEST_F(HeapTest, FailedAllocationRaisesOutOfMemory) {
  EXPECT_EQ(errorOf([] { (void)gcAlloc(ImpossibleBytes); }), "Out of memory");
  EXPECT_EQ(errorOf([] { (void)gcAllocAtomic(ImpossibleBytes); }), "Out of memory");
}

TEST_F(HeapTest, AllocationWorksAfterAFailedOne) {
  (void)errorOf([] { (void)gcAlloc(ImpossibleBytes); });
  EXPECT_EQ(disp(Arr({I(1), S("a")})), "[1, \"a\"]");
}

} // namespace
} // namespace ruchy::test
