//===- test/unit/jit/TypeInferenceTest.cpp - Tier 2 type inference -------===//
//
// What inference proves about frame slots and return values for one
// argument signature, and where it speculates on Tier 0's feedback: the
// facts Tier 2 code relies on without checking them.
//
//===----------------------------------------------------------------------===//
#include "frontend/AstWalk.h"
#include "frontend/Frontend.h"
#include "jit/TypeInference.h"
#include "runtime/Object.h"

#include <gtest/gtest.h>

#include <map>

using namespace ruchy;
using namespace ruchy::ast;
using namespace ruchy::jit;

namespace {

constexpr KindSet BInt = kindBit(Kind::Int), BFloat = kindBit(Kind::Float),
                  BStr = kindBit(Kind::Str);

struct Program1 {
  Program *P = nullptr;
  FunctionDecl *fn(const std::string &Name) const {
    for (FunctionDecl *F : P->AllFunctions)
      if (F->QualName == Name)
        return F;
    return nullptr;
  }
};

Program1 parse(const std::string &Source) {
  initHeap();
  std::vector<Diagnostic> Errors;
  Program1 R;
  R.P = parseProgram("test.ruchy", Source, Errors);
  EXPECT_TRUE(Errors.empty()) << (Errors.empty() ? "" : Errors[0].Message);
  resolveProgram(*R.P, Errors);
  EXPECT_TRUE(Errors.empty()) << (Errors.empty() ? "" : Errors[0].Message);
  return R;
}

/// The slot of the local (let, parameter or for variable) named Name in Fn.
int32_t slotOf(const FunctionDecl *Fn, const std::string &Name) {
  for (size_t I = 0; I < Fn->Params.size(); ++I)
    if (Fn->Params[I].Pat->Name == Name)
      return Fn->Frame.ParamSlots[I];
  int32_t Slot = -1;
  forEachExpr(Fn->Body, [&](Expr *E) {
    Pattern *Pat = nullptr;
    if (E->K == ExprKind::Let)
      Pat = static_cast<Let *>(E)->Pat;
    else if (E->K == ExprKind::For)
      Pat = static_cast<For *>(E)->Pat;
    if (Pat && Pat->K == PatternKind::Binding && Pat->Name == Name)
      Slot = Pat->Slot;
  });
  return Slot;
}

/// Infers with a return oracle that infers callees the same way (one level
/// of memo, enough for these programs; recursion starts from "nothing").
struct Inference {
  std::map<std::pair<const FunctionDecl *, std::vector<Kind>>, KindSet> Memo;
  KindSet returns(const FunctionDecl *Fn, const std::vector<Kind> &Args) {
    auto Key = std::make_pair(Fn, Args);
    auto It = Memo.find(Key);
    if (It != Memo.end())
      return It->second;
    Memo[Key] = 0;
    KindSet R = 0;
    for (int Round = 0; Round < 4; ++Round) {
      R = infer(Fn, Args, false).Return;
      Memo[Key] = R;
    }
    return R;
  }
  InferredTypes infer(const FunctionDecl *Fn, const std::vector<Kind> &Args, bool Speculate = true) {
    return inferTypes(
        Fn, Args,
        [this](const FunctionDecl *C, const std::vector<Kind> &K) { return returns(C, K); },
        Speculate);
  }
};

TEST(TypeInference, RecursiveFibReturnsInt) {
  Program1 P = parse("fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\n");
  Inference I;
  InferredTypes T = I.infer(P.fn("fib"), {Kind::Int});
  EXPECT_EQ(T.Return, BInt);
  EXPECT_EQ(T.Slots[slotOf(P.fn("fib"), "n")], BInt);
  // With a Float argument the same function returns a Float.
  EXPECT_EQ(I.infer(P.fn("fib"), {Kind::Float}).Return, BFloat);
}

TEST(TypeInference, LoopCarriedKindsJoin) {
  Program1 P = parse("fun f(n) {\n let mut x = 0\n let mut i = 0\n while i < n {\n"
                     "  x = x + 0.5\n  i += 1\n }\n x\n}\n");
  InferredTypes T = Inference().infer(P.fn("f"), {Kind::Int});
  const FunctionDecl *F = P.fn("f");
  EXPECT_EQ(T.Slots[slotOf(F, "x")], BInt | BFloat);
  EXPECT_EQ(T.Slots[slotOf(F, "i")], BInt);
  EXPECT_EQ(T.Return, BInt | BFloat);
  Kind K;
  EXPECT_FALSE(singleKind(T.Slots[slotOf(F, "x")], &K));
  EXPECT_TRUE(singleKind(T.Slots[slotOf(F, "i")], &K));
  EXPECT_EQ(K, Kind::Int);
}

TEST(TypeInference, RangesCountInInts) {
  Program1 P = parse("fun f(n) {\n let mut s = 0\n for i in 0..n { s += i * 2 }\n s\n}\n");
  InferredTypes T = Inference().infer(P.fn("f"), {Kind::Nil});
  // A range of a Nil bound raises; the loop variable is an Int whenever the
  // loop runs, and s stays an Int.
  EXPECT_EQ(T.Slots[slotOf(P.fn("f"), "i")], BInt);
  EXPECT_EQ(T.Slots[slotOf(P.fn("f"), "s")], BInt);
}

TEST(TypeInference, BuiltinsWithOneResultKind) {
  Program1 P = parse("fun f(s) {\n let n = parse_int(s)\n let x = sqrt(2)\n let a = args()\n"
                     " let t = str(n)\n let r = reverse(t)\n let m = min(n, 3)\n"
                     " let u = println(t)\n n\n}\n");
  const FunctionDecl *F = P.fn("f");
  InferredTypes T = Inference().infer(F, {Kind::Str});
  EXPECT_EQ(T.Slots[slotOf(F, "n")], BInt);
  EXPECT_EQ(T.Slots[slotOf(F, "x")], BFloat);
  EXPECT_EQ(T.Slots[slotOf(F, "a")], kindBit(Kind::Array));
  EXPECT_EQ(T.Slots[slotOf(F, "t")], BStr);
  EXPECT_EQ(T.Slots[slotOf(F, "r")], BStr | kindBit(Kind::Array));
  EXPECT_EQ(T.Slots[slotOf(F, "u")], kindBit(Kind::Nil));
  // min's result is one of its arguments: any kind.
  EXPECT_EQ(T.Slots[slotOf(F, "m")], AnyKind);
  EXPECT_EQ(T.Return, BInt);
}

TEST(TypeInference, OperatorsFollowTheRuntime) {
  EXPECT_EQ(binaryResultKinds(BinaryOp::Add, BStr, BInt), BStr);
  EXPECT_EQ(binaryResultKinds(BinaryOp::Add, BInt, BFloat), BFloat);
  EXPECT_EQ(binaryResultKinds(BinaryOp::Pow, BInt, BInt), BInt | BFloat);
  EXPECT_EQ(binaryResultKinds(BinaryOp::Div, BInt, BInt), BInt);
  EXPECT_EQ(binaryResultKinds(BinaryOp::Lt, BStr, BStr), kindBit(Kind::Bool));
  EXPECT_EQ(binaryResultKinds(BinaryOp::Mul, BStr, BInt), BStr);
  EXPECT_EQ(binaryResultKinds(BinaryOp::Sub, BStr, BInt), 0); // always raises
}

TEST(TypeInference, SpeculatesOnlyWhereTier0SawOneKind) {
  Program1 P = parse("fun f(xs) {\n let mut t = 0\n for v in xs {\n  t += v\n }\n t\n}\n");
  FunctionDecl *F = P.fn("f");
  For *Loop = nullptr;
  forEachExpr(F->Body, [&](Expr *E) {
    if (E->K == ExprKind::For)
      Loop = static_cast<For *>(E);
  });
  ASSERT_NE(Loop, nullptr);
  // No feedback: array elements are any kind, so t is too.
  InferredTypes Cold = Inference().infer(F, {Kind::Array});
  EXPECT_FALSE(singleKind(Cold.Slots[slotOf(F, "v")]));
  EXPECT_TRUE(Cold.Speculated.empty());
  // Tier 0 saw only Ints stored into v: v and t become Ints, the store of v
  // is guarded.
  Loop->StoreKinds = BInt;
  InferredTypes Hot = Inference().infer(F, {Kind::Array});
  EXPECT_EQ(Hot.Slots[slotOf(F, "v")], BInt);
  EXPECT_EQ(Hot.Slots[slotOf(F, "t")], BInt);
  EXPECT_EQ(Hot.Speculated.count(Loop), 1u);
  // Callers must not rely on it: without speculation the return is open.
  EXPECT_FALSE(singleKind(Inference().infer(F, {Kind::Array}, false).Return));
  // Two kinds seen, or a speculation given up: no guard.
  Loop->StoreKinds = BInt | BFloat;
  EXPECT_TRUE(Inference().infer(F, {Kind::Array}).Speculated.empty());
  Loop->StoreKinds = BInt;
  Loop->SpecFailed = true;
  EXPECT_TRUE(Inference().infer(F, {Kind::Array}).Speculated.empty());
}

TEST(TypeInference, ElementReadsSpeculateOnlyInEffectFreeStatements) {
  Program1 P = parse("fun f(a) {\n let x = a[0] * 2.0\n let y = g(a[1])\n x + y\n}\n"
                     "fun g(v) { v }\n");
  FunctionDecl *F = P.fn("f");
  std::vector<Index *> Reads;
  forEachExpr(F->Body, [&](Expr *E) {
    if (E->K == ExprKind::Index)
      Reads.push_back(static_cast<Index *>(E));
  });
  ASSERT_EQ(Reads.size(), 2u);
  for (Index *R : Reads)
    R->ResultKinds = BFloat;
  InferredTypes T = Inference().infer(F, {Kind::Array});
  // a[0] is read in a statement without effects; a[1] is an argument of a
  // call, whose effects would run twice if Tier 0 restarted the statement.
  EXPECT_EQ(T.SpeculatedLoads.count(Reads[0]), 1u);
  EXPECT_EQ(T.SpeculatedLoads.count(Reads[1]), 0u);
  EXPECT_EQ(T.Slots[slotOf(F, "x")], BFloat);
}

} // namespace
