//===- test/unit/runtime/FormatTest.cpp - Display text and format specs ----===//
#include "RuntimeTestUtil.h"

#include "runtime/FormatSpec.h"
#include "runtime/MapObject.h"

#include <cmath>

using namespace ruchy;
using namespace ruchy::test;

namespace {

class FormatTest : public RuntimeTest {};

std::string fl(double D) {
  std::string Out;
  appendFloat(Out, D);
  return Out;
}
std::string plain(double D) {
  std::string Out;
  appendFloatPlain(Out, D);
  return Out;
}

// The table of conformance/print/float_display.out.
TEST_F(FormatTest, FloatDisplay) {
  EXPECT_EQ(fl(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(fl(1e-7), "0.0000001");
  EXPECT_EQ(fl(1e21), "1000000000000000000000.0");
  EXPECT_EQ(fl(-0.0), "-0.0");
  EXPECT_EQ(fl(100.0 / 3.0), "33.333333333333336");
  EXPECT_EQ(fl(6.0), "6.0");
  EXPECT_EQ(fl(1200.0), "1200.0");
  EXPECT_EQ(fl(1.5e3), "1500.0");
  EXPECT_EQ(fl(1e0), "1.0");
  EXPECT_EQ(fl(0.000123), "0.000123");
  EXPECT_EQ(fl(123456.789), "123456.789");
  EXPECT_EQ(fl(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(fl(2.0 / 3.0), "0.6666666666666666");
  EXPECT_EQ(fl(1e15 + 0.3), "1000000000000000.2");
  EXPECT_EQ(fl(0.0 * -1.0), "-0.0");
  EXPECT_EQ(fl(-0.0 + 0.0), "0.0");
  EXPECT_EQ(fl(-1.5e-5), "-0.000015");
  EXPECT_EQ(fl(1e-20), "0.00000000000000000001");
  EXPECT_EQ(fl(1e16), "10000000000000000.0");
  EXPECT_EQ(fl(4.35 * 100.0), "434.99999999999994");
  EXPECT_EQ(fl(3.0 * 1.1), "3.3000000000000003");
  EXPECT_EQ(fl(INFINITY - INFINITY), "NaN");
  EXPECT_EQ(fl(INFINITY), "inf");
  EXPECT_EQ(fl(-INFINITY), "-inf");
  EXPECT_EQ(fl(9007199254740993.0), "9007199254740992.0");
  EXPECT_EQ(fl(123456789012.5), "123456789012.5");
  EXPECT_EQ(fl(std::pow(2.0, 60)), "1152921504606847000.0");
  EXPECT_EQ(fl(1e20), "100000000000000000000.0");
  EXPECT_EQ(fl(1e19), "10000000000000000000.0");
}

TEST_F(FormatTest, FloatPlain) {
  EXPECT_EQ(plain(3.0), "3");
  EXPECT_EQ(plain(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(plain(1e21), "1000000000000000000000");
  EXPECT_EQ(plain(2.5), "2.5");
  EXPECT_EQ(plain(-0.5), "-0.5");
  EXPECT_EQ(toText(F(4.0), TextStyle::Plain), "4");
  EXPECT_EQ(toText(Arr({F(4.0)}), TextStyle::Plain), "[4.0]");
}

TEST_F(FormatTest, Containers) {
  EXPECT_EQ(disp(Arr({S("a"), S("b")})), "[\"a\", \"b\"]");
  EXPECT_EQ(disp(Arr({I(1), S("two"), F(3.0), B(true), Value::nil()})),
            "[1, \"two\", 3.0, true, nil]");
  EXPECT_EQ(disp(Tup({I(42), S("answer")})), "(42, \"answer\")");
  EXPECT_EQ(disp(Tup({I(1)})), "(1,)");
  EXPECT_EQ(disp(Arr({Arr({I(1), I(2)}), Arr({}), Arr({S("x")})})),
            "[[1, 2], [], [\"x\"]]");
  EXPECT_EQ(disp(S("top")), "top");
  EXPECT_EQ(disp(Value::range(newRange(0, 5, false))), "0..5");
  EXPECT_EQ(disp(Value::range(newRange(0, 5, true))), "0..=5");
  EXPECT_EQ(disp(Tup({F(1.0), Arr({F(2.0)}), S("3.0")})), "(1.0, [2.0], \"3.0\")");
  EXPECT_EQ(toText(Arr({S("a"), S("b")}), TextStyle::FString), "[a, b]");
  EXPECT_EQ(toText(S("s"), TextStyle::Debug), "\"s\"");
  EXPECT_EQ(toText(S("a\"b\\\n\t"), TextStyle::Debug), "\"a\\\"b\\\\\\n\\t\"");
  EXPECT_EQ(disp(Value::func(newClosure(nullptr, 0))), "<function>");
}

TEST_F(FormatTest, Maps) {
  Map *M = newMap();
  EXPECT_EQ(disp(Value::map(M)), "{}");
  mapInsert(M, S("ann"), I(32), 0);
  mapInsert(M, S("cy"), I(40), 0);
  EXPECT_EQ(disp(Value::map(M)), "{\"ann\": 32, \"cy\": 40}");
  EXPECT_EQ(toText(Value::map(M), TextStyle::FString), "{ann: 32, cy: 40}");
}

std::string spec(Value V, FormatSpec Sp, TextStyle St = TextStyle::Display) {
  std::string Out;
  appendFormatted(Out, V, Sp, St);
  return Out;
}
FormatSpec prec(int P) {
  FormatSpec Sp;
  Sp.Precision = P;
  return Sp;
}
FormatSpec width(int W, char Align = 0) {
  FormatSpec Sp;
  Sp.Width = W;
  Sp.Align = Align;
  return Sp;
}

// conformance/print/macros.out
TEST_F(FormatTest, Specs) {
  EXPECT_EQ(spec(F(3.14159265), prec(2)), "3.14");
  EXPECT_EQ(spec(F(2.71828), prec(0)), "3");
  EXPECT_EQ(spec(F(1.0 / 3.0), prec(4)), "0.3333");
  EXPECT_EQ(spec(F(2.0), prec(3)), "2.000");
  EXPECT_EQ(spec(I(7), prec(1), TextStyle::FString), "7.0"); // f"{7:.1}"
  EXPECT_EQ(spec(I(5), prec(2)), "5"); // println!("{:.2}", 5): ignored, as in Rust
  EXPECT_EQ(spec(I(42), width(5)), "   42");
  EXPECT_EQ(spec(I(42), width(5, '<')), "42   ");
  EXPECT_EQ(spec(I(42), width(5, '>')), "   42");
  EXPECT_EQ(spec(I(42), width(5, '^')), " 42  ");
  EXPECT_EQ(spec(S("ab"), width(6)), "ab    ");
  EXPECT_EQ(spec(S("ab"), width(6, '>')), "    ab");
  EXPECT_EQ(spec(S("ab"), width(7, '^')), "  ab   ");
  FormatSpec Zero = width(5);
  Zero.ZeroPad = true;
  EXPECT_EQ(spec(I(42), Zero), "00042");
  EXPECT_EQ(spec(I(-42), Zero), "-0042");
  FormatSpec Combined = width(8);
  Combined.Precision = 3;
  EXPECT_EQ(spec(F(3.14159265), Combined), "   3.142");
  FormatSpec Left = width(8, '<');
  Left.Precision = 2;
  EXPECT_EQ(spec(F(2.5), Left), "2.50    ");
  FormatSpec Dbg;
  Dbg.Debug = true;
  EXPECT_EQ(spec(S("Rue"), Dbg), "\"Rue\"");
  EXPECT_EQ(spec(Arr({S("a")}), Dbg), "[\"a\"]");
  EXPECT_EQ(spec(F(3.0), FormatSpec()), "3.0");
  EXPECT_EQ(spec(Arr({S("a")}), FormatSpec(), TextStyle::FString), "[a]");
  EXPECT_EQ(spec(F(INFINITY), prec(2)), "inf");
}

std::string printArgs(std::initializer_list<Value> Args) {
  return formatPrintArgs(Args.begin(), Args.size());
}

// conformance/print/println_modes.out
TEST_F(FormatTest, PrintFunctionForm) {
  EXPECT_EQ(printArgs({}), "");
  EXPECT_EQ(printArgs({S("{} + {} = {}"), I(2), I(3), I(5)}), "2 + 3 = 5");
  EXPECT_EQ(printArgs({S("{} and {}"), I(1)}), "1 and {}");
  EXPECT_EQ(printArgs({S("{}"), I(1), I(2), I(3)}), "1");
  EXPECT_EQ(printArgs({S("Total:"), I(5)}), "Total: 5");
  EXPECT_EQ(printArgs({I(1), S("{}"), I(2)}), "1 {} 2");
  EXPECT_EQ(printArgs({S("{:.2}"), F(3.14159)}), "{:.2} 3.14159");
  EXPECT_EQ(printArgs({S("{} then {:.2}"), I(1), F(2.5)}), "1 then {:.2}");
  EXPECT_EQ(printArgs({S("list: {}"), Arr({S("x"), S("y")})}), "list: [\"x\", \"y\"]");
  EXPECT_EQ(printArgs({S(""), S("x")}), " x");
  EXPECT_EQ(printArgs({S("{}{}"), S("a"), S("b")}), "ab");
  EXPECT_EQ(printArgs({S("{}"), Value::nil()}), "nil");
  EXPECT_EQ(printArgs({S("no holes {x}"), I(1)}), "no holes {x} 1");
  EXPECT_EQ(printArgs({S("{} is {}"), F(0.5), F(1.0)}), "0.5 is 1.0");
  EXPECT_EQ(printArgs({S("x="), F(1.5), S("\n")}), "x= 1.5 \n");
}

} // namespace
