//===- test/unit/interp/InterpreterTest.cpp - Tier 0 unit tests ---------===//
//
// Runs small programs in-process and checks what Tier 0 records besides the
// output: call counts, signatures, back-edges, operand kinds and inline-cache
// states, which the tier manager and the profiler depend on.
//
//===----------------------------------------------------------------------===//
#include "frontend/AstWalk.h"
#include "frontend/Frontend.h"
#include "interp/Interpreter.h"
#include "interp/TierStats.h"
#include "runtime/Error.h"
#include "runtime/Output.h"
#include "runtime/TypeSignature.h"

#include <gtest/gtest.h>

using namespace ruchy;
using namespace ruchy::ast;

namespace {

[[noreturn]] void throwingHandler(const std::string &Message, SiteId Site) {
  throw RuchyError{Message, Site};
}

struct Ran {
  Program *P;
  std::string Out;
  std::string Error; ///< runtime error message, empty when none
};

Ran runSource(const std::string &Source) {
  initRuntime();
  setErrorHandler(throwingHandler);
  Ran R;
  std::vector<Diagnostic> Errors;
  R.P = parseProgram("test.ruchy", Source, Errors);
  EXPECT_TRUE(Errors.empty()) << (Errors.empty() ? "" : Errors[0].Message);
  resolveProgram(*R.P, Errors);
  EXPECT_TRUE(Errors.empty()) << (Errors.empty() ? "" : Errors[0].Message);
  captureOutput(&R.Out);
  auto *I = new Interpreter(*R.P);
  setActiveInterpreter(I);
  try {
    I->run();
  } catch (const RuchyError &E) {
    R.Error = E.Message;
    CallStack::truncate(0);
  }
  flushOut();
  captureOutput(nullptr);
  return R;
}

const FunctionDecl *findFn(const Program &P, const std::string &Name) {
  for (const FunctionDecl *F : P.AllFunctions)
    if (F->QualName == Name)
      return F;
  return nullptr;
}

uint64_t totalSigCount(const FunctionFeedback &FB, uint64_t Sig) {
  uint64_t N = FB.LastSig == Sig ? FB.LastSigCount : 0;
  for (auto &[S, C] : FB.Signatures)
    if (S == Sig)
      N += C;
  return N;
}

} // namespace

TEST(Interpreter, FibCallCountsAreExact) {
  Ran R = runSource("fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\n"
                    "println(fib(20))\n");
  EXPECT_EQ(R.Out, "6765\n");
  const FunctionDecl *Fib = findFn(*R.P, "fib");
  ASSERT_NE(Fib, nullptr);
  EXPECT_EQ(Fib->Feedback.Calls, 21891u);
  Value IntArg = Value::integer(0);
  EXPECT_EQ(totalSigCount(Fib->Feedback, makeSignature(&IntArg, 1)), 21891u);
  EXPECT_EQ(signatureText(makeSignature(&IntArg, 1)), "(Int)");
}

TEST(Interpreter, SignaturesOfPolymorphicFunction) {
  Ran R = runSource("fun id(x) { x }\n"
                    "for i in 0..10 { id(i) }\n"
                    "for i in 0..5 { id(1.5) }\n"
                    "id(\"s\")\n");
  const FunctionDecl *Id = findFn(*R.P, "id");
  ASSERT_NE(Id, nullptr);
  EXPECT_EQ(Id->Feedback.Calls, 16u);
  Value I = Value::integer(1), F = Value::real(1.0);
  EXPECT_EQ(totalSigCount(Id->Feedback, makeSignature(&I, 1)), 10u);
  EXPECT_EQ(totalSigCount(Id->Feedback, makeSignature(&F, 1)), 5u);
}

TEST(Interpreter, BackEdgesCountIterations) {
  Ran R = runSource("fun main() {\n let mut s = 0\n for i in 0..100 { s += i }\n"
                    " let mut k = 0\n while k < 7 { k += 1 }\n println(s, k)\n}\n");
  EXPECT_EQ(R.Out, "4950 7\n");
  const FunctionDecl *Main = findFn(*R.P, "main");
  ASSERT_NE(Main, nullptr);
  ASSERT_EQ(Main->Loops.size(), 2u);
  EXPECT_EQ(Main->Loops[0]->BackEdges, 100u);
  EXPECT_EQ(Main->Loops[1]->BackEdges, 7u);
  EXPECT_EQ(Main->Feedback.Calls, 1u);
}

TEST(Interpreter, CallSiteInlineCacheStates) {
  Ran R = runSource("fun a(x) { x }\nfun b(x) { x }\nfun c(x) { x }\nfun d(x) { x }\n"
                    "fun e(x) { x }\n"
                    "let one = [a, a]\nlet two = [a, b]\nlet five = [a, b, c, d, e]\n"
                    "fun run(fs) { for f in fs { f(1) } }\n"
                    "fun mono() { for f in one { f(1) } }\n"
                    "fun poly() { for f in two { f(1) } }\n"
                    "fun mega() { for f in five { f(1) } }\n"
                    "mono()\npoly()\nmega()\n");
  auto StateOf = [&](const char *Name) {
    ICState S = ICState::Uninitialized;
    forEachExpr(findFn(*R.P, Name)->Body, [&](Expr *E) {
      if (E->K == ExprKind::Call)
        S = static_cast<Call *>(E)->Feedback.State;
    });
    return S;
  };
  EXPECT_EQ(StateOf("mono"), ICState::Monomorphic);
  EXPECT_EQ(StateOf("poly"), ICState::Polymorphic);
  EXPECT_EQ(StateOf("mega"), ICState::Megamorphic);
}

// A target is a (function, signature) pair: one function called with three
// kinds of argument is a polymorphic site, as its compiled callers see it.
TEST(Interpreter, CallSiteInlineCachesKeyOnSignatures) {
  Ran R = runSource("fun id(x) { x }\n"
                    "fun same() { for v in [1, 2, 3] { id(v) } }\n"
                    "fun kinds() { for v in [1, 1.5, \"s\", 2] { id(v) } }\n"
                    "fun many() { for v in [1, 1.5, \"s\", true, nil, [1]] { id(v) } }\n"
                    "same()\nkinds()\nmany()\n");
  auto SiteOf = [&](const char *Name) {
    const CallSiteFeedback *FB = nullptr;
    forEachExpr(findFn(*R.P, Name)->Body, [&](Expr *E) {
      if (E->K == ExprKind::Call)
        FB = &static_cast<Call *>(E)->Feedback;
    });
    return FB;
  };
  EXPECT_EQ(SiteOf("same")->State, ICState::Monomorphic);
  const CallSiteFeedback *Kinds = SiteOf("kinds");
  EXPECT_EQ(Kinds->State, ICState::Polymorphic);
  EXPECT_EQ(Kinds->NumTargets, 3u);
  EXPECT_EQ(Kinds->Count, 4u);
  EXPECT_EQ(SiteOf("many")->State, ICState::Megamorphic);
}

TEST(Interpreter, OperandKindFeedback) {
  Ran R = runSource("fun add(a, b) { a + b }\nadd(1, 2)\nadd(1.5, 2.5)\n");
  uint64_t Seen = 0;
  forEachExpr(findFn(*R.P, "add")->Body, [&](Expr *E) {
    if (E->K == ExprKind::Binary)
      Seen = static_cast<Binary *>(E)->SeenKinds;
  });
  auto Bit = [](Kind L, Kind Rk) {
    return 1ULL << (static_cast<unsigned>(L) * NumKinds + static_cast<unsigned>(Rk));
  };
  EXPECT_TRUE(Seen & Bit(Kind::Int, Kind::Int));
  EXPECT_TRUE(Seen & Bit(Kind::Float, Kind::Float));
  EXPECT_FALSE(Seen & Bit(Kind::Int, Kind::Float));
}

TEST(Interpreter, ClosuresCaptureByReferencePerIteration) {
  Ran R = runSource("let mut fs = []\nfor i in 0..3 { fs.push(|| i * 10) }\n"
                    "println(fs[0](), fs[2]())\n"
                    "let mut n = 1\nlet g = || n\nn = 5\nprintln(g())\n");
  EXPECT_EQ(R.Out, "0 20\n5\n");
}

TEST(Interpreter, RuntimeErrorStopsWithMessage) {
  Ran R = runSource("println(1)\nprintln(1 / 0)\nprintln(2)\n");
  EXPECT_EQ(R.Out, "1\n");
  EXPECT_EQ(R.Error, "Division by zero");
}

TEST(Interpreter, UndefinedNameFailsOnlyWhenRun) {
  Ran R = runSource("fun never() { missing }\nprintln(\"ok\")\n");
  EXPECT_EQ(R.Out, "ok\n");
  EXPECT_EQ(R.Error, "");
  Ran R2 = runSource("println(missing_fn(1))\n");
  EXPECT_EQ(R2.Error, "Undefined function: missing_fn");
}

TEST(Interpreter, TierStatsReportListsFunctions) {
  Ran R = runSource("fun sq(x) { x * x }\nlet mut t = 0\nfor i in 0..4 { t += sq(i) }\nprintln(t)\n");
  std::string Table = tierStatsTable(*R.P);
  EXPECT_NE(Table.find("sq"), std::string::npos);
  EXPECT_NE(Table.find("(Int) x4"), std::string::npos);
  std::string Json = tierStatsJson(*R.P);
  EXPECT_NE(Json.find("\"calls\""), std::string::npos);
}
