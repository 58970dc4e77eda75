//===- llvm-passes/Passes.cpp - Where the project's passes run ---*- C++ -*-===//
#include "llvm-passes/Passes.h"

#include "llvm-passes/ArrayFacts.h"
#include "llvm-passes/FloatDivision.h"
#include "llvm-passes/UnsignedRemainder.h"

#include "llvm/Passes/PassBuilder.h"

using namespace llvm;

void ruchy::passes::registerRuchyPasses(PassBuilder &PB) {
  // Array facts before LLVM's loop passes (the peephole point follows each
  // InstCombine, the first of which precedes LICM and loop unswitching) and
  // again before the vectorizer, since loop simplification makes new phis
  // (a preheader merging a loop's entries) after the first run.
  PB.registerPeepholeEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel) { FPM.addPass(ArrayFactsPass()); });
  PB.registerVectorizerStartEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel) { FPM.addPass(ArrayFactsPass()); });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, FunctionPassManager &FPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == ArrayFactsName) {
          FPM.addPass(ArrayFactsPass());
          return true;
        }
        // Not in the default pipelines: the JIT runs it after them, on Tier 2
        // code for x86-64 hosts (jit/Engine.cpp).
        if (Name == FloatDivisionName) {
          FPM.addPass(FloatDivisionPass());
          return true;
        }
        if (Name == UnsignedRemainderName) {
          FPM.addPass(UnsignedRemainderPass());
          return true;
        }
        return false;
      });
}
