//===- llvm-passes/Plugin.cpp - The passes as an `opt` plugin ----*- C++ -*-===//
//
// `opt-19 -load-pass-plugin=build/lib/RuchyPasses.so -passes=ruchy-array-facts`
// runs a pass on a .ll file, as the FileCheck tests in test/llvm-passes do.
//
//===----------------------------------------------------------------------===//
#include "llvm-passes/Passes.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

extern "C" LLVM_ATTRIBUTE_WEAK ::llvm::PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "RuchyPasses", "0.1",
          [](llvm::PassBuilder &PB) { ruchy::passes::registerRuchyPasses(PB); }};
}
