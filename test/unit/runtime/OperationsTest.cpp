//===- test/unit/runtime/OperationsTest.cpp - Operator semantics (§4) ------===//
#include "RuntimeTestUtil.h"

#include "runtime/Operations.h"

#include <cmath>
#include <limits>

using namespace ruchy;
using namespace ruchy::test;

namespace {

class OperationsTest : public RuntimeTest {};

constexpr int64_t Max = std::numeric_limits<int64_t>::max();
constexpr int64_t Min = std::numeric_limits<int64_t>::min();

TEST_F(OperationsTest, IntOverflow) {
  EXPECT_EQ(opAdd(I(Max - 1), I(1), 0).I, Max);
  EXPECT_EQ(errorOf([] { opAdd(I(Max), I(1), 0); }), "Integer overflow in addition");
  EXPECT_EQ(errorOf([] { opSub(I(Min), I(1), 0); }), "Integer overflow in subtraction");
  EXPECT_EQ(errorOf([] { opMul(I(3037000500), I(3037000500), 0); }),
            "Integer overflow in multiplication");
  EXPECT_EQ(opMul(I(3037000499), I(3037000499), 0).I, 9223372030926249001);
  EXPECT_EQ(errorOf([] { opDiv(I(Min), I(-1), 0); }), "Integer overflow in division");
  EXPECT_EQ(errorOf([] { opNeg(I(Min), 0); }), "Integer overflow in negation");
  EXPECT_EQ(opRem(I(Min), I(-1), 0).I, 0);
}

TEST_F(OperationsTest, DivRemSigns) {
  EXPECT_EQ(opDiv(I(-7), I(2), 0).I, -3);
  EXPECT_EQ(opDiv(I(7), I(-2), 0).I, -3);
  EXPECT_EQ(opRem(I(-7), I(3), 0).I, -1);
  EXPECT_EQ(opRem(I(7), I(-3), 0).I, 1);
  EXPECT_EQ(errorOf([] { opDiv(I(1), I(0), 0); }), "Division by zero");
  EXPECT_EQ(errorOf([] { opRem(I(1), I(0), 0); }), "Division by zero");
  EXPECT_EQ(errorOf([] { opRem(F(5.5), F(0.0), 0); }), "Division by zero");
  EXPECT_TRUE(std::isinf(opDiv(F(5.5), F(0.0), 0).F));
  EXPECT_TRUE(std::isinf(opDiv(I(1), F(0.0), 0).F));
  EXPECT_DOUBLE_EQ(opRem(F(-7.5), F(2.0), 0).F, -1.5);
  EXPECT_DOUBLE_EQ(opRem(I(7), F(2.5), 0).F, 2.0);
}

TEST_F(OperationsTest, Pow) {
  EXPECT_EQ(disp(opPow(I(2), I(10), 0)), "1024");
  EXPECT_EQ(disp(opPow(I(0), I(0), 0)), "1");
  EXPECT_EQ(disp(opPow(I(-2), I(63), 0)), "-9223372036854775808");
  EXPECT_EQ(disp(opPow(I(10), I(19), 0)), "10000000000000000000.0");
  EXPECT_EQ(disp(opPow(I(2), I(-1), 0)), "0.5");
  EXPECT_EQ(disp(opPow(I(-8), I(-1), 0)), "-0.125");
  EXPECT_EQ(disp(opPow(F(9.0), F(0.5), 0)), "3.0");
  EXPECT_EQ(disp(opPow(I(4), F(0.5), 0)), "2.0");
}

TEST_F(OperationsTest, Shifts) {
  EXPECT_EQ(opShl(I(1), I(63), 0).I, Min);
  EXPECT_EQ(opShl(I(1), I(64), 0).I, 1);
  EXPECT_EQ(opShl(I(3), I(65), 0).I, 6);
  EXPECT_EQ(opShr(I(-16), I(2), 0).I, -4);
}

TEST_F(OperationsTest, Mixed) {
  EXPECT_EQ(disp(opAdd(I(1), F(2.5), 0)), "3.5");
  EXPECT_EQ(disp(opDiv(I(7), F(2.0), 0)), "3.5");
  EXPECT_EQ(disp(opAdd(S("x="), F(3.0), 0)), "x=3");
  EXPECT_EQ(disp(opAdd(S("x="), F(2.5), 0)), "x=2.5");
  EXPECT_EQ(disp(opAdd(I(42), S("=n"), 0)), "42=n");
  EXPECT_EQ(disp(opAdd(B(false), S("!"), 0)), "false!");
  EXPECT_EQ(disp(opMul(S("ab"), I(3), 0)), "ababab");
  EXPECT_EQ(disp(opMul(S("ab"), I(-3), 0)), "");
  EXPECT_EQ(disp(opAdd(Arr({I(1)}), Arr({S("b")}), 0)), "[1, \"b\"]");
  EXPECT_EQ(errorOf([] { opSub(S("a"), I(1), 0); }),
            "Type error: cannot apply '-' to Str and Int");
  EXPECT_EQ(errorOf([] { opAdd(Arr({}), I(1), 0); }),
            "Type error: cannot apply '+' to Array and Int");
  EXPECT_EQ(errorOf([] { opNeg(S("a"), 0); }), "Type error: cannot apply '-' to Str");
}

TEST_F(OperationsTest, Equality) {
  EXPECT_FALSE(valuesEqual(I(1), S("1")));
  EXPECT_FALSE(valuesEqual(Value::nil(), B(false)));
  EXPECT_TRUE(valuesEqual(I(1), F(1.0)));
  EXPECT_FALSE(valuesEqual(I(3), F(3.5)));
  EXPECT_TRUE(valuesEqual(Arr({I(1), I(2)}), Arr({F(1.0), I(2)})));
  EXPECT_FALSE(valuesEqual(Arr({I(1), I(2)}), Arr({I(2), I(1)})));
  EXPECT_TRUE(valuesEqual(Tup({I(1), S("a")}), Tup({I(1), S("a")})));
  // 2^53 + 1 is not equal to the double 2^53.
  EXPECT_FALSE(valuesEqual(I(9007199254740993), F(9007199254740992.0)));
}

bool lt(Value L, Value R) { return opCompare(BinaryOp::Lt, L, R, 0).B; }

TEST_F(OperationsTest, Ordering) {
  EXPECT_TRUE(lt(S("Z"), S("a")));
  EXPECT_TRUE(lt(S("ab"), S("abc")));
  EXPECT_TRUE(lt(Arr({I(1), I(2)}), Arr({I(1), I(3)})));
  EXPECT_TRUE(lt(Tup({I(1), S("a")}), Tup({I(1), S("b")})));
  EXPECT_TRUE(lt(I(-1), F(-0.5)));
  EXPECT_TRUE(lt(I(1), F(1.0001)));
  EXPECT_FALSE(lt(F(NAN), I(1)));
  EXPECT_FALSE(opCompare(BinaryOp::Ge, F(NAN), F(NAN), 0).B);
  EXPECT_TRUE(opCompare(BinaryOp::Ge, F(3.0), I(3), 0).B);
  EXPECT_EQ(errorOf([] { lt(S("a"), I(1)); }),
            "Type error: cannot apply '<' to Str and Int");
}

TEST_F(OperationsTest, Indexing) {
  Value A = Arr({I(10), I(20), I(30)});
  EXPECT_EQ(opIndexGet(A, I(-3), 0).I, 10);
  EXPECT_EQ(errorOf([&] { opIndexGet(A, I(5), 0); }),
            "Index 5 out of bounds for array of length 3");
  EXPECT_EQ(errorOf([&] { opIndexSet(A, I(3), I(1), 0); }),
            "Index 3 out of bounds for array of length 3");
  opIndexSet(A, I(1), F(2.5), 0);
  EXPECT_EQ(disp(A), "[10, 2.5, 30]");
  Value Str = S("héllo");
  EXPECT_EQ(disp(opIndexGet(Str, I(1), 0)), "é");
  EXPECT_EQ(disp(opIndexGet(Str, Value::range(newRange(1, 4, false)), 0)), "éll");
  EXPECT_EQ(disp(opIndexGet(Str, Value::range(newRange(1, 4, true)), 0)), "éllo");
  EXPECT_EQ(disp(opIndexGet(Tup({I(1), S("x")}), I(1), 0)), "x");
}

TEST_F(OperationsTest, Casts) {
  EXPECT_EQ(opCastToInt(F(7.9), 0).I, 7);
  EXPECT_EQ(opCastToInt(F(-7.9), 0).I, -7);
  EXPECT_EQ(opCastToInt(F(1e20), 0).I, Max);
  EXPECT_EQ(opCastToInt(F(-1e20), 0).I, Min);
  EXPECT_EQ(opCastToInt(F(NAN), 0).I, 0);
  EXPECT_EQ(disp(opCastToFloat(I(5), 0)), "5.0");
  EXPECT_NE(errorOf([] { opCastToInt(S("1"), 0); }), "");
}

TEST_F(OperationsTest, Truthiness) {
  EXPECT_TRUE(opNot(Value::nil()).B);
  EXPECT_FALSE(opNot(I(0)).B);
  EXPECT_FALSE(opNot(S("")).B);
}

} // namespace
