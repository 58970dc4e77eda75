//===- test/unit/runtime/StrTest.cpp - Strings -----------------------------===//
#include "RuntimeTestUtil.h"

#include "runtime/Methods.h"
#include "runtime/Operations.h"
#include "runtime/StrObject.h"

using namespace ruchy;
using namespace ruchy::test;

namespace {

class StrTest : public RuntimeTest {};

TEST_F(StrTest, ConcatInPlaceKeepsEarlierStrings) {
  Value Acc = S("");
  Value Snapshots[20];
  for (int K = 0; K < 20; ++K) {
    Snapshots[K] = Acc;
    Acc = opAdd(Acc, I(K % 10), 0);
  }
  EXPECT_EQ(disp(Acc), "01234567890123456789");
  for (int K = 0; K < 20; ++K)
    EXPECT_EQ(disp(Snapshots[K]), std::string("01234567890123456789").substr(0, K));
  // Two strings extending the same prefix must not overwrite each other.
  Value Base = opAdd(S("ab"), S("c"), 0);
  Value X = opAdd(Base, S("X"), 0);
  Value Y = opAdd(Base, S("Y"), 0);
  EXPECT_EQ(disp(X), "abcX");
  EXPECT_EQ(disp(Y), "abcY");
  EXPECT_EQ(disp(Base), "abc");
  // Appending in place reuses the buffer.
  Value Z = opAdd(X, S("Z"), 0);
  EXPECT_EQ(Z.S->Buf, X.S->Buf);
}

TEST_F(StrTest, Utf8) {
  Str *T = newStr("héllo");
  EXPECT_EQ(T->Len, 6);
  EXPECT_EQ(strCharCount(T), 5);
  EXPECT_EQ(disp(Value::str(strCharAt(T, 1))), "é");
  EXPECT_EQ(strCharOffset(T, 2), 3);
  EXPECT_EQ(strCharOffset(T, 5), 6);
}

Value call(Value Recv, const char *Name, std::initializer_list<Value> Args = {}) {
  return callMethod(lookupMethod(Name), Recv, Args.begin(), Args.size(), 0);
}

TEST_F(StrTest, Methods) {
  Value Hello = S("Hello, World");
  EXPECT_EQ(disp(call(Hello, "len")), "12");
  EXPECT_EQ(disp(call(Hello, "to_uppercase")), "HELLO, WORLD");
  EXPECT_EQ(disp(call(S("Wörld ñ Ωμέγα"), "to_uppercase")), "WÖRLD Ñ ΩΜΈΓΑ");
  EXPECT_EQ(disp(call(S("ÀÉÎ ЖУК"), "to_lowercase")), "àéî жук");
  EXPECT_EQ(disp(call(Hello, "replace", {S("l"), S("L")})), "HeLLo, WorLd");
  EXPECT_EQ(disp(call(Hello, "split", {S(", ")})), "[\"Hello\", \"World\"]");
  EXPECT_EQ(disp(call(S("a,b,,c"), "split", {S(",")})), "[\"a\", \"b\", \"\", \"c\"]");
  EXPECT_EQ(disp(call(S("one\ntwo\nthree"), "lines")), "[\"one\", \"two\", \"three\"]");
  EXPECT_EQ(disp(call(S("abc"), "chars")), "[\"a\", \"b\", \"c\"]");
  EXPECT_EQ(disp(call(S("  padded  "), "trim")), "padded");
  EXPECT_EQ(disp(call(S("\u00a0\u3000x y\u2003\n"), "trim")), "x y");
  EXPECT_EQ(disp(call(S("\u00e9 "), "trim_end")), "\u00e9");
  EXPECT_EQ(disp(call(S("  x "), "trim_start")), "x ");
  EXPECT_EQ(disp(call(S(" y  "), "trim_end")), " y");
  EXPECT_EQ(disp(call(S("ab"), "repeat", {I(3)})), "ababab");
  EXPECT_EQ(disp(call(Hello, "char_at", {I(4)})), "o");
  EXPECT_EQ(disp(call(S("42"), "parse")), "42");
  EXPECT_EQ(disp(call(S("2.5"), "parse")), "2.5");
  EXPECT_EQ(errorOf([] { call(S("abc"), "parse"); }),
            "Cannot parse \"abc\" as a number");
  EXPECT_EQ(disp(call(F(3.0), "to_string")), "3");
  EXPECT_EQ(disp(call(F(-2.5), "round")), "-3.0");
  EXPECT_EQ(disp(call(F(2.75), "to_int")), "2");
  EXPECT_EQ(disp(call(I(2), "pow", {I(8)})), "256");
  EXPECT_EQ(disp(call(F(2.75), "min", {F(1.5)})), "1.5");
}

} // namespace
