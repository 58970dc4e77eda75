//===- llvm-passes/ArrayFacts.cpp - Array-ness through phis and selects -*- C++ -*-===//
#include "llvm-passes/ArrayFacts.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Operator.h"

using namespace llvm;
using namespace ruchy::passes;

namespace {

/// V when P is `inttoptr V` (an instruction or a constant expression).
Value *intOfPointer(Value *P) {
  if (auto *Op = dyn_cast<Operator>(P))
    if (Op->getOpcode() == Instruction::IntToPtr)
      return Op->getOperand(0);
  return nullptr;
}

/// The integer an assume says points to an array header, if it does.
Value *arrayFactOf(AssumeInst &A) {
  for (unsigned I = 0, E = A.getNumOperandBundles(); I < E; ++I) {
    OperandBundleUse U = A.getOperandBundleAt(I);
    if (U.getTagName() != "dereferenceable" || U.Inputs.size() != 2)
      continue;
    auto *Size = dyn_cast<ConstantInt>(U.Inputs[1]);
    if (!Size || Size->getZExtValue() < ArrayHeaderBytes)
      continue;
    if (Value *V = intOfPointer(U.Inputs[0]))
      return V;
  }
  return nullptr;
}

class ArrayFacts {
public:
  ArrayFacts(Function &F, DominatorTree &DT, AssumptionCache &AC) : F(F), DT(DT), AC(AC) {}

  bool run() {
    collectFacts();
    if (Facts.empty())
      return false;
    solve();
    bool Changed = false;
    for (auto &[I, Holds] : Candidate)
      if (Holds && !factAt(I, insertionPoint(I)))
        Changed |= state(I);
    return Changed;
  }

private:
  Function &F;
  DominatorTree &DT;
  AssumptionCache &AC;
  /// Integer -> the assumes stating it is an array.
  DenseMap<Value *, SmallVector<AssumeInst *, 2>> Facts;
  /// Phis and selects of i64 -> whether every input is an array (the
  /// greatest fixpoint: true until an input is shown not to be).
  DenseMap<Instruction *, bool> Candidate;

  void collectFacts() {
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        if (auto *A = dyn_cast<AssumeInst>(&I)) {
          if (Value *V = arrayFactOf(*A))
            Facts[V].push_back(A);
        } else if ((isa<PHINode>(I) || isa<SelectInst>(I)) && I.getType()->isIntegerTy(64)) {
          Candidate[&I] = true;
        }
      }
  }

  /// Where a fact about I is stated: after the block's phis, or after I.
  static Instruction *insertionPoint(Instruction *I) {
    if (isa<PHINode>(I))
      return &*I->getParent()->getFirstInsertionPt();
    return I->getNextNode();
  }

  /// True when an assume about V holds at At (it comes before, on every path).
  bool factAt(Value *V, Instruction *At) {
    auto It = Facts.find(V);
    if (It == Facts.end())
      return false;
    for (AssumeInst *A : It->second)
      if (A == At || DT.dominates(A, At))
        return true;
    return false;
  }

  /// Whether V is an array at At, with Candidate's current verdicts.
  bool arrayAt(Value *V, Instruction *At) {
    if (factAt(V, At))
      return true;
    // A constant is an array anywhere once an assume anywhere says so
    // (Tier 2 states it for its unset-array sentinel in the entry block).
    if (isa<Constant>(V))
      return Facts.count(V) != 0;
    auto *I = dyn_cast<Instruction>(V);
    if (!I)
      return false;
    auto It = Candidate.find(I);
    return It != Candidate.end() && It->second;
  }

  bool inputsAreArrays(Instruction *I) {
    if (auto *P = dyn_cast<PHINode>(I)) {
      for (unsigned K = 0, E = P->getNumIncomingValues(); K < E; ++K)
        if (!arrayAt(P->getIncomingValue(K), P->getIncomingBlock(K)->getTerminator()))
          return false;
      return true;
    }
    auto *S = cast<SelectInst>(I);
    return arrayAt(S->getTrueValue(), S) && arrayAt(S->getFalseValue(), S);
  }

  void solve() {
    bool Changed = true;
    while (Changed) {
      Changed = false;
      for (auto &[I, Holds] : Candidate)
        if (Holds && !factAt(I, insertionPoint(I)) && !inputsAreArrays(I)) {
          Holds = false;
          Changed = true;
        }
    }
  }

  /// States that I is an array right after it, and makes the inttoptr casts
  /// of I that the statement dominates use its cast, the value LLVM's
  /// queries look the fact up for.
  bool state(Instruction *I) {
    IRBuilder<> B(insertionPoint(I));
    auto *P = cast<Instruction>(B.CreateIntToPtr(I, B.getPtrTy(), I->getName() + ".array"));
    Value *Bundle[] = {P, B.getInt64(ArrayHeaderBytes)};
    Value *AlignBundle[] = {P, B.getInt64(8)};
    OperandBundleDef Bundles[] = {OperandBundleDef("dereferenceable", Bundle),
                                  OperandBundleDef("align", AlignBundle)};
    Function *Decl = Intrinsic::getDeclaration(F.getParent(), Intrinsic::assume);
    auto *A = cast<AssumeInst>(B.CreateCall(Decl, {B.getTrue()}, Bundles));
    AC.registerAssumption(A);
    Facts[I].push_back(A);
    SmallVector<IntToPtrInst *, 8> Casts;
    for (User *U : I->users())
      if (auto *C = dyn_cast<IntToPtrInst>(U))
        if (C != P && C->getType() == P->getType() && DT.dominates(A, C))
          Casts.push_back(C);
    for (IntToPtrInst *C : Casts) {
      C->replaceAllUsesWith(P);
      C->eraseFromParent();
    }
    return true;
  }
};

} // namespace

PreservedAnalyses ArrayFactsPass::run(Function &F, FunctionAnalysisManager &AM) {
  auto &DT = AM.getResult<DominatorTreeAnalysis>(F);
  auto &AC = AM.getResult<AssumptionAnalysis>(F);
  if (!ArrayFacts(F, DT, AC).run())
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  PA.preserve<AssumptionAnalysis>();
  return PA;
}
