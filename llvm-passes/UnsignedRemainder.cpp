//===- llvm-passes/UnsignedRemainder.cpp - % of non-negative Ints -*- C++ -*-===//
#include "llvm-passes/UnsignedRemainder.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Operator.h"

using namespace llvm;
using namespace ruchy::passes;

namespace {

/// Values visited on one proof before it gives up.
constexpr unsigned MaxProofSteps = 64;
/// Dominators of a use searched for a test that bounds a value below.
constexpr unsigned MaxDominatorsUp = 16;

class NonNegativeProof {
public:
  NonNegativeProof(const DataLayout &DL, const DominatorTree &DT, AssumptionCache &AC)
      : DL(DL), DT(DT), AC(AC) {}

  /// True when V >= 0 wherever At uses it. Phis are assumed non-negative
  /// while their inputs are checked (induction over the loop's iterations);
  /// one failure fails the whole proof, so no assumption outlives it.
  bool holds(Value *V, const Instruction *At) {
    Assumed.clear();
    Steps = 0;
    return nonNegative(V, At);
  }

private:
  const DataLayout &DL;
  const DominatorTree &DT;
  AssumptionCache &AC;
  SmallPtrSet<const PHINode *, 16> Assumed;
  unsigned Steps = 0;

  /// A conditional branch on the way to At (an edge that dominates it)
  /// whose condition implies V >= 0.
  bool testedNonNegative(Value *V, const Instruction *At) {
    const BasicBlock *BB = At->getParent();
    Constant *Zero = ConstantInt::get(V->getType(), 0);
    const DomTreeNode *N = DT.getNode(BB);
    for (unsigned Up = 0; N && N->getIDom() && Up < MaxDominatorsUp; ++Up, N = N->getIDom()) {
      const BasicBlock *Dom = N->getIDom()->getBlock();
      auto *Br = dyn_cast<BranchInst>(Dom->getTerminator());
      if (!Br || !Br->isConditional())
        continue;
      for (unsigned Succ = 0; Succ < 2; ++Succ) {
        if (!DT.dominates(BasicBlockEdge(Dom, Br->getSuccessor(Succ)), BB))
          continue;
        std::optional<bool> Implied =
            isImpliedCondition(Br->getCondition(), CmpInst::ICMP_SGE, V, Zero, DL, Succ == 0);
        if (Implied && *Implied)
          return true;
      }
    }
    return false;
  }

  bool nonNegative(Value *V, const Instruction *At) {
    if (++Steps > MaxProofSteps)
      return false;
    if (auto *C = dyn_cast<ConstantInt>(V))
      return !C->isNegative();
    if (auto *P = dyn_cast<PHINode>(V)) {
      if (!Assumed.insert(P).second)
        return true;
      for (unsigned I = 0, E = P->getNumIncomingValues(); I < E; ++I)
        if (!nonNegative(P->getIncomingValue(I), P->getIncomingBlock(I)->getTerminator()))
          return false;
      return true;
    }
    if (auto *Op = dyn_cast<OverflowingBinaryOperator>(V)) {
      auto *BO = cast<BinaryOperator>(V);
      if ((BO->getOpcode() == Instruction::Add || BO->getOpcode() == Instruction::Mul) &&
          Op->hasNoSignedWrap())
        return nonNegative(BO->getOperand(0), BO) && nonNegative(BO->getOperand(1), BO);
    }
    if (auto *EV = dyn_cast<ExtractValueInst>(V)) {
      // The value of a checked sum or product, used where no overflow
      // happened: non-negative when both operands are.
      auto *II = dyn_cast<IntrinsicInst>(EV->getAggregateOperand());
      if (II && EV->getNumIndices() == 1 && EV->getIndices()[0] == 0 &&
          (II->getIntrinsicID() == Intrinsic::sadd_with_overflow ||
           II->getIntrinsicID() == Intrinsic::smul_with_overflow))
        return nonNegative(II->getArgOperand(0), II) && nonNegative(II->getArgOperand(1), II);
    }
    if (auto *S = dyn_cast<SelectInst>(V))
      return nonNegative(S->getTrueValue(), S) && nonNegative(S->getFalseValue(), S);
    // Anything else: what LLVM knows, or a test that dominates At (an OSR
    // entry checks each loop counter it loads against the loop's start).
    return isKnownNonNegative(V, SimplifyQuery(DL, &DT, &AC, At)) || testedNonNegative(V, At);
  }
};

} // namespace

PreservedAnalyses UnsignedRemainderPass::run(Function &F, FunctionAnalysisManager &AM) {
  auto &DT = AM.getResult<DominatorTreeAnalysis>(F);
  auto &AC = AM.getResult<AssumptionAnalysis>(F);
  NonNegativeProof Proof(F.getDataLayout(), DT, AC);
  SmallVector<BinaryOperator *, 8> Rewrite;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (I.getOpcode() != Instruction::SRem && I.getOpcode() != Instruction::SDiv)
        continue;
      auto *Divisor = dyn_cast<ConstantInt>(I.getOperand(1));
      if (!Divisor || !Divisor->getValue().isStrictlyPositive())
        continue;
      if (Proof.holds(I.getOperand(0), &I))
        Rewrite.push_back(cast<BinaryOperator>(&I));
    }
  for (BinaryOperator *I : Rewrite) {
    Instruction::BinaryOps Op =
        I->getOpcode() == Instruction::SRem ? Instruction::URem : Instruction::UDiv;
    // The mask is no operation on a non-negative value, but tells the code
    // generator the top bit is clear: its reciprocal for a divisor like 7
    // then needs no extra add-and-shift correction.
    Value *X = I->getOperand(0);
    auto *Top = BinaryOperator::CreateAnd(
        X, ConstantInt::get(X->getType(), APInt::getSignedMaxValue(X->getType()->getIntegerBitWidth())),
        "nonneg", I->getIterator());
    auto *U = BinaryOperator::Create(Op, Top, I->getOperand(1), "", I->getIterator());
    U->takeName(I);
    I->replaceAllUsesWith(U);
    I->eraseFromParent();
  }
  if (Rewrite.empty())
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}
