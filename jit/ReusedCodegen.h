//===- jit/ReusedCodegen.h - One code generation pipeline for all units -*- C++ -*-===//
//
// The compiler of the JIT's IRCompileLayer: turns an optimized module into
// an object file with the code generator's legacy pass pipeline, built once
// and run on every unit (as llc -compile-twice runs one pipeline on two
// modules). ORC's SimpleCompiler builds the pipeline anew per module: that
// took 0.6 of the 1.9 ms a one-line function's machine code took.
//
// Private to jit/ (Engine.cpp): it includes LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_REUSEDCODEGEN_H
#define RUCHY_JIT_REUSEDCODEGEN_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ExecutionEngine/Orc/IRCompileLayer.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>

namespace ruchy::jit {

/// An object file per module from one pipeline. Not for concurrent use:
/// the engine's compiles are serial.
class ReusedCodegen : public llvm::orc::IRCompileLayer::IRCompiler {
public:
  explicit ReusedCodegen(llvm::TargetMachine &TM);
  ~ReusedCodegen() override;

  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> operator()(llvm::Module &M) override;

private:
  llvm::TargetMachine &TM;
  llvm::SmallVector<char, 0> Buffer;
  llvm::raw_svector_ostream OS;
  std::unique_ptr<llvm::legacy::PassManager> PM;
};

} // namespace ruchy::jit

#endif
