//===- llvm-passes/ArrayFacts.h - Array-ness through phis and selects -*- C++ -*-===//
//
// Tier 2 code keeps a typed Array local as an i64 (the header's address)
// and says, with an llvm.assume "dereferenceable"(32) bundle where the local
// gets a value, that it points to an array header. LLVM uses such facts to
// hoist header loads out of loops (LICM, unswitching, the vectorizer), but
// only for the exact value an assume names: a phi that merges two such
// values (a loop entered from its preheader and from an OSR entry, a local
// assigned on two paths) has no fact, and the loop over it keeps reloading
// the array's length, kind and data pointer every iteration.
//
// ArrayFactsPass proves the fact for phis and selects whose every input is
// an array (a greatest fixpoint, so loop-carried phis are covered) and
// states it with a new assume right after them; the inttoptr casts it
// dominates are folded into the one the assume names.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_LLVM_PASSES_ARRAYFACTS_H
#define RUCHY_LLVM_PASSES_ARRAYFACTS_H

#include "llvm/IR/PassManager.h"

namespace ruchy::passes {

/// The pipeline name, for `opt -passes=ruchy-array-facts`.
inline constexpr const char *ArrayFactsName = "ruchy-array-facts";

/// Bytes of an array header (runtime/Object.h: kind, length, capacity,
/// data pointer): what a fact promises can be loaded.
inline constexpr uint64_t ArrayHeaderBytes = 32;

class ArrayFactsPass : public llvm::PassInfoMixin<ArrayFactsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &AM);
};

} // namespace ruchy::passes

#endif
