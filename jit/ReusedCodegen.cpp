//===- jit/ReusedCodegen.cpp - One code generation pipeline for all units -*- C++ -*-===//
#include "jit/ReusedCodegen.h"

#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;
using namespace ruchy::jit;

ReusedCodegen::ReusedCodegen(TargetMachine &TM)
    : IRCompiler(orc::irManglingOptionsFromTargetOptions(TM.Options)), TM(TM), OS(Buffer) {}

ReusedCodegen::~ReusedCodegen() = default;

Expected<std::unique_ptr<MemoryBuffer>> ReusedCodegen::operator()(Module &M) {
  if (!PM) {
    // The pipeline writes to OS, which appends to Buffer: each run starts
    // it empty (the object writer's offsets are relative to its start).
    PM = std::make_unique<legacy::PassManager>();
    MCContext *Ctx;
    if (TM.addPassesToEmitMC(*PM, Ctx, OS))
      return make_error<StringError>("the target cannot emit machine code",
                                     inconvertibleErrorCode());
  }
  Buffer.clear();
  PM->run(M);
  return MemoryBuffer::getMemBufferCopy(StringRef(Buffer.data(), Buffer.size()),
                                        M.getModuleIdentifier() + "-jitted-objectbuffer");
}
