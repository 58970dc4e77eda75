//===- test/unit/frontend/ParserTest.cpp - Parser unit tests -------------===//
//
// Pins down the parser's tricky decisions through dumpAst: precedence
// (LANGUAGE.md §4), the newline rules (§2), the struct-literal restriction,
// map literal versus block, f-strings, macro format specs, and error
// reporting and recovery (several errors per run, deep nesting, no crash).
//
//===----------------------------------------------------------------------===//

#include "frontend/Frontend.h"
#include "frontend/Parser.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <functional>

using namespace ruchy;

namespace {

std::string dump(const std::string &Src) {
  std::vector<Diagnostic> Errs;
  ast::Program *P = parseProgram("t.ruchy", Src, Errs);
  for (const Diagnostic &D : Errs)
    ADD_FAILURE() << renderDiagnostic(D, "t.ruchy", Src);
  return dumpAst(*P);
}

/// The dump of a one-statement program, without the (program ...) wrapper.
std::string stmt(const std::string &Src) {
  std::string D = dump(Src);
  const std::string Head = "(program\n  ";
  if (D.compare(0, Head.size(), Head) != 0 || D.size() < Head.size() + 2)
    return D;
  return D.substr(Head.size(), D.size() - Head.size() - 2);
}

std::vector<Diagnostic> errors(const std::string &Src) {
  std::vector<Diagnostic> Errs;
  parseProgram("t.ruchy", Src, Errs);
  return Errs;
}

bool contains(const std::string &Hay, const std::string &Needle) {
  return Hay.find(Needle) != std::string::npos;
}

/// Runs F on a thread with a big stack, as the real program thread has.
void onBigStack(std::function<void()> F) {
  constexpr size_t StackBytes = size_t(1) << 30;
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setstacksize(&Attr, StackBytes);
  pthread_t T;
  auto Thunk = [](void *Arg) -> void * {
    (*static_cast<std::function<void()> *>(Arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&T, &Attr, Thunk, &F), 0);
  pthread_join(T, nullptr);
  pthread_attr_destroy(&Attr);
}

//===-- Precedence --------------------------------------------------------===//

TEST(ParserTest, PowerIsLeftAssociativeOverUnary) {
  EXPECT_EQ(stmt("2 ** 3 ** 2"), "(** (** 2 3) 2)");
  EXPECT_EQ(stmt("-2 ** 2"), "(** (neg 2) 2)");
  EXPECT_EQ(stmt("3 * 2 ** 2"), "(* 3 (** 2 2))");
}

TEST(ParserTest, BitwiseLooserThanComparison) {
  EXPECT_EQ(stmt("n & 1 == 0"), "(& n (== 1 0))");
  EXPECT_EQ(stmt("1 | 6 ^ 3 & 5"), "(| 1 (^ 6 (& 3 5)))");
  EXPECT_EQ(stmt("1 << 2 + 1"), "(<< 1 (+ 2 1))");
  EXPECT_EQ(stmt("1 << 3 > 7"), "(> (<< 1 3) 7)");
}

TEST(ParserTest, CastsBindTightest) {
  EXPECT_EQ(stmt("-x as f64"), "(neg (as-float x f64))");
  EXPECT_EQ(stmt("2 * 3.7 as i64"), "(* 2 (as-int 3.7 i64))");
  EXPECT_EQ(stmt("a as f64 / b as usize"), "(/ (as-float a f64) (as-int b usize))");
  EXPECT_EQ(stmt("s as String"), "(as s String)");
}

TEST(ParserTest, LogicalAndRanges) {
  EXPECT_EQ(stmt("a || b && c"), "(|| a (&& b c))");
  EXPECT_EQ(stmt("lo * 2..=hi * 2"), "(..= (* lo 2) (* hi 2))");
  EXPECT_EQ(stmt("1..5"), "(.. 1 5)");
  EXPECT_EQ(stmt("s[..3]"), "(index s (.. _ 3))");
  EXPECT_EQ(stmt("s[2..]"), "(index s (.. 2 _))");
}

TEST(ParserTest, AssignmentForms) {
  EXPECT_EQ(stmt("a[i][j] = v"), "(= (index (index a i) j) v)");
  EXPECT_EQ(stmt("p.f += 1"), "(+= (field p f) 1)");
  EXPECT_EQ(stmt("x <<= 2"), "(<<= x 2)");
  EXPECT_EQ(stmt("*x += 1"), "(+= x 1)");
  EXPECT_EQ(stmt("a = b = 1"), "(= a (= b 1))");
}

TEST(ParserTest, TupleIndexChain) {
  EXPECT_EQ(stmt("t.0.1"), "(tuple-index (tuple-index t 0) 1)");
}

TEST(ParserTest, IntMinLiteral) {
  EXPECT_EQ(stmt("-9223372036854775808"), "-9223372036854775808");
  auto E = errors("let x = 9223372036854775808");
  ASSERT_EQ(E.size(), 1u);
  EXPECT_EQ(E[0].Message, "Syntax error: integer literal is too large");
}

TEST(ParserTest, Postfix) {
  EXPECT_EQ(stmt("Point::new(-2, 7).moved(5)"), "(.moved (call Point::new (neg 2) 7) 5)");
  EXPECT_EQ(stmt("adder(-1)(1)"), "(call (call adder (neg 1)) 1)");
  EXPECT_EQ(stmt("x.parse::<i32>()"), "(.parse x)");
  EXPECT_EQ(stmt("Vec::<i32>::new()"), "(call Vec::new)");
  EXPECT_EQ(stmt("f(&data, &mut v)"), "(call f data v)");
}

//===-- Newline rules -----------------------------------------------------===//

TEST(ParserTest, BlockLikeStatementEndsStatement) {
  std::string D = dump("fun pick(x) {\n  if x > 0 { return 1 }\n  -1\n}\n");
  EXPECT_TRUE(contains(D, "(return 1)))\n    (neg 1)")) << D;
  D = dump("while n > 0 { n -= 1 }\n-5\n");
  EXPECT_TRUE(contains(D, "\n  (neg 5)")) << D;
}

TEST(ParserTest, ParenOrBracketAtLineStartIsNewExpression) {
  std::string D = dump("let v = [10, 20]\n[1, 2, 3].len()\n");
  EXPECT_TRUE(contains(D, "(let v (array 10 20))\n  (.len (array 1 2 3))")) << D;
  D = dump("let f = 5\n(f + 1) * 2\n");
  EXPECT_TRUE(contains(D, "(let f 5)\n  (* (+ f 1) 2)")) << D;
}

TEST(ParserTest, OperatorAtLineStartContinues) {
  EXPECT_EQ(stmt("let total = 1\n    + 2\n    + 3"), "(let total (+ (+ 1 2) 3))");
  EXPECT_EQ(stmt("let d = xs\n  .map(|x| x)\n  .len()"),
            "(let d (.len (.map xs (closure (params x) (block\n    x)))))");
  EXPECT_EQ(stmt("let b = a\n  || c"), "(let b (|| a c))");
  EXPECT_EQ(stmt("let x = 5\n-1"), "(let x (- 5 1))");
}

TEST(ParserTest, SemicolonsOptional) {
  std::string D = dump("let a = 1; let b = 2; println(a + b);\nlet v = { 1; 2; 3; }");
  EXPECT_TRUE(contains(D, "(let v (block\n    1\n    2\n    3))")) << D;
  auto E = errors("let a = 1 let b = 2");
  ASSERT_EQ(E.size(), 1u);
  EXPECT_EQ(E[0].Message, "Syntax error: expected ';' or a new line, found 'let'");
}

//===-- Struct literals, maps, blocks -------------------------------------===//

TEST(ParserTest, StructLiteralRestrictionInHeads) {
  std::string D = dump("for i in 0..N { total += i }\nwhile k < LIMIT { k += 3 }\n"
                       "if k > N { println(k) }\nmatch N { _ => 1 }\n");
  EXPECT_TRUE(contains(D, "(for i (.. 0 N) (block")) << D;
  EXPECT_TRUE(contains(D, "(while (< k LIMIT) (block")) << D;
  EXPECT_TRUE(contains(D, "(if (> k N) (block")) << D;
  EXPECT_TRUE(contains(D, "(match N")) << D;
}

TEST(ParserTest, StructLiterals) {
  EXPECT_EQ(stmt("P { x: 1, y }"), "(struct-lit P (x 1) (y y))");
  EXPECT_EQ(stmt("P {}"), "(struct-lit P)");
  EXPECT_EQ(stmt("if p == (P { x: 1 }) { 1 }"),
            "(if (== p (struct-lit P (x 1))) (block\n    1))");
}

TEST(ParserTest, MapLiteralVersusBlock) {
  EXPECT_EQ(stmt("let m = {\"a\": 1, \"b\": 2}"), "(let m (map (\"a\" 1) (\"b\" 2)))");
  EXPECT_EQ(stmt("let m = {(0, 1): \"a\"}"), "(let m (map ((tuple 0 1) \"a\")))");
  EXPECT_EQ(stmt("let e = {}"), "(let e (block))");
  EXPECT_EQ(stmt("let b = { x }"), "(let b (block\n    x))");
  EXPECT_EQ(stmt("let p = { a::b() }"), "(let p (block\n    (call a::b)))");
}

//===-- f-strings and macros ----------------------------------------------===//

TEST(ParserTest, FStringHoles) {
  EXPECT_EQ(stmt(R"(f"{["a", "b"]}")"), "(fstring {(array \"a\" \"b\")})");
  EXPECT_EQ(stmt(R"(f"len={name.len()} {max(x, 10)} {y:.2} {{x}}")"),
            "(fstring \"len=\" {(.len name)} \" \" {(call max x 10)} \" \" {y:.2} \" {x}\")");
}

TEST(ParserTest, FStringHoleErrorsPointIntoTheFile) {
  auto E = errors("let a = 1\nlet s = f\"x {a +} y\"\n");
  ASSERT_EQ(E.size(), 1u);
  EXPECT_EQ(E[0].Loc.Line, 2u);
  EXPECT_EQ(E[0].Loc.Col, 17u); // just after the `+`
}

TEST(ParserTest, MacroFormatSpecs) {
  EXPECT_EQ(stmt(R"(println!("{:>8.3} {:*^9} {x} {0} {:05} {:?} {{}}", 1.5, 2, 3, 4))"),
            "(println! (fmt {#0:>8.3} \" \" {#1:*^9} \" \" {x} \" \" {#0} \" \" {#2:05} "
            "\" \" {#3:?} \" {}\") 1.5 2 3 4)");
  EXPECT_EQ(stmt("println!()"), "(println!)");
  EXPECT_EQ(stmt(R"(print!["{}", a])"), "(print! (fmt {#0}) a)");
  EXPECT_EQ(stmt(R"(println!("{v}", v = 2))"), "(println! (fmt {#0}) 2)");
}

TEST(ParserTest, OtherMacros) {
  EXPECT_EQ(stmt("vec![1, 2]"), "(array 1 2)");
  EXPECT_EQ(stmt("vec![0; n]"), "(array-repeat 0 n)");
  EXPECT_EQ(stmt("assert_eq!(a, b, \"msg\")"), "(assert_eq! a b \"msg\")");
  EXPECT_EQ(stmt("assert!(x > 1)"), "(assert! (> x 1))");
  EXPECT_EQ(stmt("dbg!(x)"), "(dbg! x)");
}

TEST(ParserTest, MacroErrors) {
  auto E = errors("foo!(1)");
  ASSERT_EQ(E.size(), 1u);
  EXPECT_EQ(E[0].Message, "Syntax error: unknown macro 'foo!'");
  E = errors("println!(\"{\", 1)");
  ASSERT_EQ(E.size(), 1u);
  EXPECT_TRUE(contains(E[0].Message, "unterminated '{' in format string")) << E[0].Message;
  E = errors("println!(\"{} {}\", 1)");
  ASSERT_EQ(E.size(), 1u);
  E = errors("println!(x)");
  ASSERT_EQ(E.size(), 1u);
}

//===-- Statements, patterns, items ---------------------------------------===//

TEST(ParserTest, LabelsAndCharLiterals) {
  std::string D = dump("'outer: for i in 0..3 { if i == 'a' { break 'outer } continue 'outer }");
  EXPECT_TRUE(contains(D, "(for 'outer i (.. 0 3)")) << D;
  EXPECT_TRUE(contains(D, "(== i \"a\")")) << D;
  EXPECT_TRUE(contains(D, "(break 'outer)")) << D;
  EXPECT_TRUE(contains(D, "(continue 'outer)")) << D;
}

TEST(ParserTest, BreakAndReturnValuesOnlyOnTheSameLine) {
  std::string D = dump("loop { break i }\nfun f() { return\n}\nfun g() { return 5 }");
  EXPECT_TRUE(contains(D, "(break i)")) << D;
  EXPECT_TRUE(contains(D, "(return))")) << D;
  EXPECT_TRUE(contains(D, "(return 5)")) << D;
}

TEST(ParserTest, MatchPatterns) {
  std::string D = dump("match x { -1 => 1, 1 | 2 | 3 => 2, 4..=9 => 3, 'a'..='z' => 4,\n"
                       "(a, 0, _) => 5, n if n < 0 => { n }\n nil => 6 _ => 7 }");
  EXPECT_TRUE(contains(D, "(arm -1 1)")) << D;
  EXPECT_TRUE(contains(D, "(arm (or 1 2 3) 2)")) << D;
  EXPECT_TRUE(contains(D, "(arm (range 4 ..= 9) 3)")) << D;
  EXPECT_TRUE(contains(D, "(arm (range \"a\" ..= \"z\") 4)")) << D;
  EXPECT_TRUE(contains(D, "(arm (ptuple a 0 _) 5)")) << D;
  EXPECT_TRUE(contains(D, "(arm n (guard (< n 0)) (block")) << D;
  EXPECT_TRUE(contains(D, "(arm nil 6)")) << D;
  EXPECT_TRUE(contains(D, "(arm _ 7)")) << D;
}

TEST(ParserTest, LetPatternsAndTypes) {
  EXPECT_EQ(stmt("let ((a, b), _) = t"), "(let (ptuple (ptuple a b) _) t)");
  EXPECT_EQ(stmt("let mut x: HashMap<String, Vec<(i32, f64)>> = m"), "(let x m)");
  EXPECT_EQ(stmt("let r: &'static str = \"s\""), "(let r \"s\")");
  EXPECT_EQ(stmt("const N: usize = 4"), "(const N 4)");
  EXPECT_EQ(stmt("for (i, v) in xs.enumerate() { }"),
            "(for (ptuple i v) (.enumerate xs) (block))");
}

TEST(ParserTest, Closures) {
  EXPECT_EQ(stmt("|a, b| a + b"), "(closure (params a b) (block\n    (+ a b)))");
  EXPECT_EQ(stmt("|| 42"), "(closure (params) (block\n    42))");
  EXPECT_EQ(stmt("move |x: i32| -> i32 { x }"), "(closure (params x) (block\n    x))");
  EXPECT_EQ(stmt("fn(x) { x * x }"), "(closure (params x) (block\n    (* x x)))");
}

TEST(ParserTest, ItemsAndMethods) {
  std::string D = dump("use std::collections::HashMap;\n#[derive(Debug)]\n"
                       "pub struct P { pub x: i64, y: i64 = 0, fun get(&self) -> i64 { self.x } }\n"
                       "impl<T> fmt::Display for P { fn fmt(&self, f: &mut T) { } }\n"
                       "impl P { pub fn new<'a>(x: i64) -> P where P: Clone { P { x } } "
                       "fn m(mut self) { } fn n(&mut self, (a, b): (i32, i32)) { } }\n"
                       "trait T { fn f(&self); }\n"
                       "fn main() { fn inner() { 1 } inner() }\n");
  EXPECT_TRUE(contains(D, "(struct P (fields x (y = 0))")) << D;
  EXPECT_TRUE(contains(D, "(fn get (params self)")) << D;
  EXPECT_TRUE(contains(D, "(impl P\n    (fn fmt (params self f)")) << D;
  EXPECT_TRUE(contains(D, "(fn new (params x) (block\n      (struct-lit P (x x))")) << D;
  EXPECT_TRUE(contains(D, "(fn m (params self)")) << D;
  EXPECT_TRUE(contains(D, "(fn n (params self (ptuple a b))")) << D;
  EXPECT_TRUE(contains(D, "(fn main (params) (block\n    (fn inner (params)")) << D;
  EXPECT_TRUE(contains(D, "(item)\n    (call inner)")) << D;

  std::vector<Diagnostic> Errs;
  ast::Program *P = parseProgram("t.ruchy", "struct S { a: i32, fn f(self) {} }\nimpl S { fn g(&self) {} }", Errs);
  ASSERT_TRUE(Errs.empty());
  ASSERT_EQ(P->Structs.size(), 1u);
  ASSERT_EQ(P->Structs[0]->Methods.size(), 1u);
  EXPECT_TRUE(P->Structs[0]->Methods[0]->HasSelf);
  ASSERT_EQ(P->Impls.size(), 1u);
  EXPECT_EQ(P->Impls[0]->Methods[0]->Name, "g");
  EXPECT_TRUE(P->Impls[0]->Methods[0]->HasSelf);
  EXPECT_EQ(P->Impls[0]->Methods[0]->Owner, nullptr);
}

TEST(ParserTest, Spans) {
  std::vector<Diagnostic> Errs;
  ast::Program *P = parseProgram("t.ruchy", "let a = 1\n  foo(a + 2)", Errs);
  ASSERT_TRUE(Errs.empty());
  ASSERT_EQ(P->TopLevel->Stmts.size(), 2u);
  const ast::Expr *C = P->TopLevel->Stmts[1];
  EXPECT_EQ(C->Loc.Line, 2u);
  EXPECT_EQ(C->Loc.Col, 3u);
  EXPECT_EQ(C->Loc.Begin, 12u);
  EXPECT_EQ(C->Loc.End, 22u);
}

//===-- Errors ------------------------------------------------------------===//

TEST(ParserTest, MissingBrace) {
  std::string Src = "fun broken(x) {\n    if x > 0 {\n        println(1)\n    }\n\nprintln(broken(1))\n";
  auto E = errors(Src);
  ASSERT_EQ(E.size(), 1u);
  EXPECT_EQ(E[0].Message, "Syntax error: expected '}', found end of file");
  std::string R = renderDiagnostic(E[0], "prog.ruchy", Src);
  EXPECT_EQ(R, "Error: Syntax error: expected '}', found end of file\n"
               " --> prog.ruchy:6:19\n"
               "  |\n"
               "6 | println(broken(1))\n"
               "  |                   ^\n");
}

TEST(ParserTest, RecoveryReportsSeveralErrors) {
  auto E = errors("let a = (1 +\nlet b = 2\nlet c = * / 3\nprintln(a, b)\nlet d = ]\n");
  ASSERT_EQ(E.size(), 3u);
  EXPECT_EQ(E[0].Loc.Line, 2u);
  EXPECT_EQ(E[0].Message, "Syntax error: expected expression, found 'let'");
  EXPECT_EQ(E[1].Loc.Line, 3u);
  EXPECT_EQ(E[2].Loc.Line, 5u);
}

TEST(ParserTest, ErrorCap) {
  std::string Src;
  for (int I = 0; I < 100; ++I)
    Src += "let = 1\n";
  EXPECT_EQ(errors(Src).size(), MaxSyntaxErrors);
}

TEST(ParserTest, DegenerateInputs) {
  EXPECT_EQ(dump(""), "(program)\n");
  EXPECT_EQ(errors("\"").size(), 1u);
  EXPECT_EQ(errors("\xff").size(), 1u);
  EXPECT_EQ(errors("(").size(), 1u);
  EXPECT_EQ(errors("}").size(), 1u);
  EXPECT_EQ(errors("enum E { A }").size(), 1u);
  EXPECT_EQ(errors("struct T(i32, i32);").size(), 1u);
  std::string Long = "let x = [";
  for (int I = 0; I < 200000; ++I)
    Long += "1, ";
  Long += "2]";
  EXPECT_TRUE(errors(Long).empty());
}

TEST(ParserTest, DeepNesting) {
  onBigStack([] {
    constexpr int Levels = 10000;
    std::string Src = "let x = " + std::string(Levels, '(') + "1" + std::string(Levels, ')');
    EXPECT_TRUE(errors(Src).empty());
    std::string Blocks = std::string(Levels, '{') + std::string(Levels, '}');
    EXPECT_TRUE(errors(Blocks).empty());
    constexpr int TooDeep = 150000;
    Src = "let x = " + std::string(TooDeep, '(') + "1" + std::string(TooDeep, ')');
    auto E = errors(Src);
    ASSERT_EQ(E.size(), 1u);
    EXPECT_EQ(E[0].Message, "Syntax error: expression nested too deeply");
  });
}

} // namespace
