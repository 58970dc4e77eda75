//===- test/unit/runtime/MapTest.cpp - Insertion-ordered maps --------------===//
#include "RuntimeTestUtil.h"

#include "runtime/MapObject.h"
#include "runtime/Operations.h"

#include <string>

using namespace ruchy;
using namespace ruchy::test;

namespace {

class MapTest : public RuntimeTest {};

TEST_F(MapTest, OrderReplaceRemove) {
  Map *M = newMap();
  const char *Words[] = {"the", "cat", "and", "the", "dog", "and", "the"};
  for (const char *W : Words) {
    Value Old;
    int64_t N = mapFind(M, S(W), &Old) ? Old.I + 1 : 1;
    mapInsert(M, S(W), I(N), 0);
  }
  EXPECT_EQ(disp(Value::map(M)), "{\"the\": 3, \"cat\": 1, \"and\": 2, \"dog\": 1}");
  Value Removed;
  EXPECT_TRUE(mapRemove(M, S("cat"), &Removed));
  EXPECT_EQ(Removed.I, 1);
  EXPECT_FALSE(mapRemove(M, S("zed"), nullptr));
  EXPECT_EQ(disp(Value::map(M)), "{\"the\": 3, \"and\": 2, \"dog\": 1}");
  mapInsert(M, S("cat"), I(9), 0);
  EXPECT_EQ(disp(Value::map(M)), "{\"the\": 3, \"and\": 2, \"dog\": 1, \"cat\": 9}");
  EXPECT_EQ(mapLen(M), 4u);
  EXPECT_EQ(errorOf([&] { opIndexGet(Value::map(M), S("nobody"), 0); }),
            "Key not found: \"nobody\"");
  EXPECT_EQ(errorOf([&] { mapInsert(M, Arr({}), I(1), 0); }),
            "Type error: cannot use Array as a map key");
}

TEST_F(MapTest, ManyKeysAndTuples) {
  Map *M = newMap();
  for (int K = 0; K < 10000; ++K)
    mapInsert(M, I(K), I(K * 2), 0);
  for (int K = 0; K < 10000; K += 2)
    EXPECT_TRUE(mapRemove(M, I(K), nullptr));
  EXPECT_EQ(mapLen(M), 5000u);
  for (size_t P = 0; P < mapLen(M); ++P)
    EXPECT_EQ(mapKeyAt(M, P).I, static_cast<int64_t>(2 * P + 1));
  Value Out;
  EXPECT_TRUE(mapFind(M, I(9999), &Out));
  EXPECT_EQ(Out.I, 19998);
  EXPECT_TRUE(mapFind(M, F(9999.0), &Out)); // 1 == 1.0, so keys agree
  Map *G = newMap();
  mapInsert(G, Tup({I(0), I(1)}), S("a"), 0);
  mapInsert(G, Tup({I(2), I(3)}), S("b"), 0);
  EXPECT_TRUE(mapFind(G, Tup({I(2), I(3)}), &Out));
  EXPECT_EQ(disp(Out), "b");
  EXPECT_FALSE(mapFind(G, Tup({I(1), I(1)}), nullptr));
  EXPECT_EQ(disp(Value::map(G)), "{(0, 1): \"a\", (2, 3): \"b\"}");
  mapClear(G);
  EXPECT_EQ(disp(Value::map(G)), "{}");
}

} // namespace
