//===- llvm-passes/FloatDivision.cpp - Integer division in the FPU -*- C++ -*-===//
#include "llvm-passes/FloatDivision.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;
using namespace ruchy::passes;

namespace {

bool isSigned(const Instruction &I) {
  return I.getOpcode() == Instruction::SDiv || I.getOpcode() == Instruction::SRem;
}

bool isRemainder(const Instruction &I) {
  return I.getOpcode() == Instruction::SRem || I.getOpcode() == Instruction::URem;
}

bool isCandidate(const Instruction &I) {
  // Unsigned ones too: LLVM turns a signed division of operands it knows
  // are non-negative into one.
  if (!I.isIntDivRem())
    return false;
  // Constant divisors are multiplied by their reciprocal; vectors are left
  // to the vectorizer's choices.
  return I.getType()->isIntegerTy(64) && !isa<Constant>(I.getOperand(1));
}

/// Replaces Div by `fits ? <double division> : <Div>`.
void rewrite(BinaryOperator &Div) {
  Value *A = Div.getOperand(0), *B = Div.getOperand(1);
  IRBuilder<> Builder(&Div);
  Type *I64 = Div.getType();
  // Signed: a + 2^52 <u 2^53 is -2^52 <= a < 2^52; unsigned: a <u 2^52.
  // One test covers both operands.
  Value *Fits;
  if (isSigned(Div)) {
    Constant *Bias = ConstantInt::get(I64, FloatDivisionLimit);
    // Named steps: C++ leaves the order of a call's arguments open.
    Value *BiasedA = Builder.CreateAdd(A, Bias);
    Value *BiasedB = Builder.CreateAdd(B, Bias);
    Value *Either = Builder.CreateOr(BiasedA, BiasedB);
    Fits = Builder.CreateICmpULT(Either, ConstantInt::get(I64, 2 * FloatDivisionLimit),
                                 "fdiv.fits");
  } else {
    Fits = Builder.CreateICmpULT(Builder.CreateOr(A, B), ConstantInt::get(I64, FloatDivisionLimit),
                                 "fdiv.fits");
  }
  Instruction *FastTerm = nullptr, *SlowTerm = nullptr;
  // Operands of Ruchy programs are nearly always small: the double path is
  // laid out as the fall-through.
  MDNode *Weights = MDBuilder(Div.getContext()).createLikelyBranchWeights();
  SplitBlockAndInsertIfThenElse(Fits, Div.getIterator(), &FastTerm, &SlowTerm, Weights);
  FastTerm->getParent()->setName("fdiv.fast");
  SlowTerm->getParent()->setName("fdiv.slow");
  Div.getParent()->setName("fdiv.join");

  Builder.SetInsertPoint(FastTerm);
  Type *D = Builder.getDoubleTy();
  Value *DA = Builder.CreateSIToFP(A, D);
  Value *DB = Builder.CreateSIToFP(B, D);
  Value *Quotient = Builder.CreateFPToSI(Builder.CreateFDiv(DA, DB), I64, "fdiv.q");
  // Both converted exactly as signed, since the unsigned ones are below 2^52.
  Value *Fast = isRemainder(Div) ? Builder.CreateSub(A, Builder.CreateMul(Quotient, B), "fdiv.r")
                                 : Quotient;

  Instruction *Slow = Div.clone();
  Slow->insertBefore(SlowTerm);

  PHINode *Result = PHINode::Create(I64, 2, "", Div.getIterator());
  Result->addIncoming(Fast, FastTerm->getParent());
  Result->addIncoming(Slow, SlowTerm->getParent());
  Result->takeName(&Div);
  Div.replaceAllUsesWith(Result);
  Div.eraseFromParent();
}

} // namespace

PreservedAnalyses FloatDivisionPass::run(Function &F, FunctionAnalysisManager &) {
  SmallVector<BinaryOperator *, 8> Divisions;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (isCandidate(I))
        Divisions.push_back(cast<BinaryOperator>(&I));
  for (BinaryOperator *Div : Divisions)
    rewrite(*Div);
  return Divisions.empty() ? PreservedAnalyses::all() : PreservedAnalyses::none();
}
