//===- llvm-passes/Passes.h - The project's own LLVM passes -------*- C++ -*-===//
//
// Passes for what LLVM's own cannot see in Tier 2 code (see each pass's
// header). The JIT adds them to the default pipelines; `opt` loads them
// from the RuchyPasses plugin for the FileCheck tests in test/llvm-passes.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_LLVM_PASSES_PASSES_H
#define RUCHY_LLVM_PASSES_PASSES_H

namespace llvm {
class PassBuilder;
}

namespace ruchy::passes {

/// Adds the project's passes to the default pipelines PB builds and makes
/// their names known to PB's pipeline parser.
void registerRuchyPasses(llvm::PassBuilder &PB);

} // namespace ruchy::passes

#endif
