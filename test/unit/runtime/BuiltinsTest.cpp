//===- test/unit/runtime/BuiltinsTest.cpp - Builtin functions (§8) ---------===//
#include "RuntimeTestUtil.h"

#include "runtime/Builtins.h"
#include "runtime/Output.h"

using namespace ruchy;
using namespace ruchy::test;

namespace {

class BuiltinsTest : public RuntimeTest {};

Value call(const char *Name, std::initializer_list<Value> Args) {
  int Id = lookupBuiltin(Name);
  EXPECT_GE(Id, 0) << Name;
  return callBuiltin(Id, Args.begin(), Args.size(), 0);
}

TEST_F(BuiltinsTest, Numbers) {
  EXPECT_EQ(disp(call("max", {I(3), F(4.5)})), "4.5");
  EXPECT_EQ(disp(call("min", {I(2), F(1.5)})), "1.5");
  EXPECT_EQ(disp(call("max", {I(7), I(2)})), "7");
  EXPECT_EQ(disp(call("abs", {I(-3)})), "3");
  EXPECT_EQ(disp(call("abs", {F(-2.5)})), "2.5");
  EXPECT_EQ(disp(call("sqrt", {I(16)})), "4.0");
  EXPECT_EQ(disp(call("int", {F(3.99)})), "3");
  EXPECT_EQ(disp(call("float", {I(3)})), "3.0");
  EXPECT_EQ(disp(call("str", {I(42)})), "42");
  EXPECT_EQ(disp(call("str", {F(1e21)})), "1000000000000000000000");
  EXPECT_EQ(disp(call("parse_int", {S("123")})), "123");
  EXPECT_EQ(disp(call("parse_float", {S("2.5")})), "2.5");
  EXPECT_EQ(errorOf([] { call("parse_int", {S("abc")}); }),
            "Cannot parse \"abc\" as Int");
  EXPECT_EQ(disp(call("range", {I(3)})), "[0, 1, 2]");
  EXPECT_EQ(disp(call("range", {I(5), I(0), I(-2)})), "[5, 3, 1]");
}

TEST_F(BuiltinsTest, ArityAndAsserts) {
  EXPECT_EQ(errorOf([] { call("len", {I(1), I(2)}); }),
            "Function len expects 1 arguments, got 2");
  EXPECT_EQ(errorOf([] { call("assert", {}); }),
            "Function assert expects 1 to 2 arguments, got 0");
  EXPECT_EQ(errorOf([] { call("assert", {B(false)}); }), "Assertion failed");
  EXPECT_EQ(errorOf([] { call("assert", {B(false), S("msg")}); }),
            "Assertion failed: msg");
  EXPECT_EQ(errorOf([] { call("assert_eq", {I(11), I(10), S("total should be 10")}); }),
            "Assertion failed: total should be 10 (left: 11, right: 10)");
  EXPECT_EQ(errorOf([] { call("assert_eq", {S("a"), I(10)}); }),
            "Assertion failed: left: \"a\", right: 10");
  EXPECT_EQ(errorOf([] { call("assert_eq", {I(1), F(1.0)}); }), "");
}

TEST_F(BuiltinsTest, Printing) {
  std::string Out;
  captureOutput(&Out);
  call("println", {S("{} + {} = {}"), I(2), I(3), I(5)});
  call("print", {S("a")});
  call("println", {});
  captureOutput(nullptr);
  EXPECT_EQ(Out, "2 + 3 = 5\na\n");
  EXPECT_EQ(disp(call("HashMap::new", {})), "{}");
  EXPECT_EQ(disp(call("String::from", {S("x")})), "x");
  EXPECT_EQ(disp(call("type_of", {F(1.0)})), "float");
}

TEST_F(BuiltinsTest, ErrorReport) {
  setSourceFileName("t.ruchy");
  SiteId Call = registerSite(7, 1);
  SiteId Err = registerSite(3, 7);
  CallStack::push("check", Call);
  std::string Text = formatRuntimeError("Division by zero", Err);
  CallStack::pop();
  EXPECT_EQ(Text, "Error: Division by zero\n --> t.ruchy:3:7\n  at check (t.ruchy:3)\n");
}

} // namespace
