//===- test/unit/runtime/ArrayTest.cpp - Arrays and element kinds ----------===//
#include "RuntimeTestUtil.h"

#include "runtime/Methods.h"

using namespace ruchy;
using namespace ruchy::test;

namespace {

class ArrayTest : public RuntimeTest {};

TEST_F(ArrayTest, ElementKinds) {
  Array *A = newArray();
  arrayPush(A, F(1.5));
  EXPECT_EQ(A->EK, ElemKind::Float); // an empty array adopts the first kind
  Array *B = newArray();
  for (int K = 0; K < 100; ++K)
    arrayPush(B, I(K));
  EXPECT_EQ(B->EK, ElemKind::Int);
  arrayPush(B, F(0.5));
  EXPECT_EQ(B->EK, ElemKind::Mixed);
  EXPECT_EQ(disp(arrayAt(B, 99)), "99");
  EXPECT_EQ(disp(arrayAt(B, 100)), "0.5");
  arrayPop(B);
  EXPECT_EQ(B->EK, ElemKind::Mixed); // Mixed never narrows
  Array *C = newArrayFrom(nullptr, 0);
  arrayPush(C, I(1));
  arrayPush(C, S("x"));
  EXPECT_EQ(C->EK, ElemKind::Mixed);
  EXPECT_EQ(disp(Value::array(C)), "[1, \"x\"]");
}

// Int, Float and Bool storage of 1 MiB and more grows outside the
// collected heap; every way an array changes storage keeps its elements.
TEST_F(ArrayTest, LargeStorageOutsideTheCollectedHeap) {
  constexpr int64_t N = 300000; // 2.4 MB of Ints
  Array *A = newArray();
  for (int64_t K = 0; K < N; ++K)
    arrayPush(A, I(K));
  EXPECT_TRUE(A->External);
  EXPECT_EQ(A->EK, ElemKind::Int);
  EXPECT_EQ(arrayAt(A, N - 1).I, N - 1);
  Array *Copy = arrayClone(A);
  arraySetAt(Copy, 0, I(-1));
  EXPECT_EQ(arrayAt(A, 0).I, 0); // a clone has its own storage
  arrayPush(A, S("x"));          // widening leaves the external storage
  EXPECT_FALSE(A->External);
  EXPECT_EQ(A->EK, ElemKind::Mixed);
  EXPECT_EQ(arrayAt(A, N - 1).I, N - 1);
  EXPECT_EQ(disp(arrayAt(A, N)), "x");
  Array *Bools = newArray();
  arrayPushCopies(Bools, Value::boolean(true), 2000000); // a byte each
  EXPECT_TRUE(Bools->External);
  EXPECT_EQ(Bools->EK, ElemKind::Bool);
  EXPECT_EQ(Bools->Cap, 2000000);
  arrayExtend(Bools, Bools); // reads its own storage while it grows
  EXPECT_EQ(Bools->Len, 4000000);
  EXPECT_TRUE(arrayAt(Bools, 3999999).B);
  Array *Small = newArray();
  arrayPush(Small, F(0.5));
  EXPECT_FALSE(Small->External);
}

TEST_F(ArrayTest, RepeatCloneSlice) {
  Value Row = Arr({I(0), I(0)});
  Array *Grid = arrayRepeat(Row, 2);
  arraySetAt(arrayAt(Grid, 0).A, 1, I(9));
  EXPECT_EQ(disp(Value::array(Grid)), "[[0, 9], [0, 0]]");
  Value V = Arr({I(1), I(2), I(3), I(4)});
  EXPECT_EQ(disp(Value::array(arraySlice(V.A, 1, 3))), "[2, 3]");
  Array *Cl = arrayClone(V.A);
  arraySetAt(Cl, 0, I(100));
  EXPECT_EQ(disp(V), "[1, 2, 3, 4]");
  arrayInsert(V.A, 1, S("x"));
  EXPECT_EQ(disp(V), "[1, \"x\", 2, 3, 4]");
  EXPECT_EQ(disp(arrayRemove(V.A, 1)), "x");
  arrayExtend(V.A, V.A);
  EXPECT_EQ(disp(V), "[1, 2, 3, 4, 1, 2, 3, 4]");
}

Value call(Value Recv, const char *Name, std::initializer_list<Value> Args = {}) {
  return callMethod(lookupMethod(Name), Recv, Args.begin(), Args.size(), 0);
}

TEST_F(ArrayTest, Methods) {
  Value Nums = Arr({I(5), I(3), I(8), I(1), I(9), I(2)});
  EXPECT_EQ(disp(call(Nums, "sum")), "28");
  EXPECT_EQ(disp(call(Nums, "product")), "2160");
  EXPECT_EQ(disp(call(Nums, "min")), "1");
  EXPECT_EQ(disp(call(Nums, "max")), "9");
  EXPECT_EQ(disp(call(Nums, "index_of", {I(8)})), "2");
  EXPECT_EQ(disp(call(Nums, "index_of", {I(4)})), "nil");
  Value Mixed = Arr({F(2.5), I(1), I(-3), F(0.5)});
  EXPECT_EQ(disp(call(Mixed, "sort")), "nil");
  EXPECT_EQ(disp(Mixed), "[-3, 0.5, 1, 2.5]");
  EXPECT_EQ(disp(call(Mixed, "sum")), "1.0");
  EXPECT_EQ(disp(call(Arr({F(0.1), F(0.2), F(0.3)}), "sum")), "0.6000000000000001");
  Value Words = Arr({S("pear"), S("Apple"), S("fig"), S("banana")});
  call(Words, "sort");
  EXPECT_EQ(disp(call(Words, "join", {S(", ")})), "Apple, banana, fig, pear");
  EXPECT_EQ(disp(call(Arr({}), "sum")), "0");
  EXPECT_EQ(disp(call(Arr({}), "product")), "1");
  EXPECT_EQ(disp(call(Arr({}), "max")), "nil");
  EXPECT_EQ(disp(call(Arr({S("a"), I(1)}), "contains", {I(1)})), "true");
  EXPECT_EQ(disp(call(Arr({I(7), I(8)}), "enumerate")), "[(0, 7), (1, 8)]");
  EXPECT_EQ(errorOf([] { call(Arr({S("a"), I(1)}), "sort"); }),
            "Type error: cannot apply '<' to Int and Str");
  EXPECT_EQ(errorOf([] { call(I(1), "push", {I(1)}); }),
            "Type error: Int has no method 'push'");
  EXPECT_EQ(errorOf([] { call(Arr({}), "push"); }),
            "Method push expects 1 arguments, got 0");
  EXPECT_EQ(errorOf([] { call(Arr({I(1)}), "remove", {I(3)}); }),
            "Index 3 out of bounds for array of length 1");
  EXPECT_EQ(errorOf([] { call(Arr({I(1)}), "sum", {}); }), "");
  EXPECT_EQ(disp(call(Value::range(newRange(0, 4, false)), "rev")), "[3, 2, 1, 0]");
}

} // namespace
