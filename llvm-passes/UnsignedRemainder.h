//===- llvm-passes/UnsignedRemainder.h - % of non-negative Ints ---*- C++ -*-===//
//
// Ruchy's `%` and `/` truncate like C, so Tier 2 emits srem/sdiv; by a
// positive constant LLVM's code generator multiplies by a reciprocal and
// then corrects the result for negative dividends (three more instructions
// on the hot path of nested_loops' `(i * j + k) % 7`). The dividend there
// cannot be negative: loop counters start at 0 and grow, and Ruchy's
// checked arithmetic raises instead of wrapping, but LLVM does not see it
// through `llvm.s*.with.overflow` results or through the phis of loops
// entered by OSR.
//
// UnsignedRemainderPass proves a dividend non-negative from what Tier 2 code
// is made of (constants, checked sums and products of non-negatives, nsw
// increments, loop phis by induction, values a dominating test bounds below)
// and turns srem/sdiv by a positive constant into urem/udiv, which agree on
// non-negative dividends. A checked result is only used where the check
// passed (the overflow path raises and never returns), so the mathematical
// value is the one used.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_LLVM_PASSES_UNSIGNEDREMAINDER_H
#define RUCHY_LLVM_PASSES_UNSIGNEDREMAINDER_H

#include "llvm/IR/PassManager.h"

namespace ruchy::passes {

/// The pipeline name, for `opt -passes=ruchy-unsigned-remainder`.
inline constexpr const char *UnsignedRemainderName = "ruchy-unsigned-remainder";

class UnsignedRemainderPass : public llvm::PassInfoMixin<UnsignedRemainderPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &AM);
};

} // namespace ruchy::passes

#endif
