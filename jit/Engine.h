//===- jit/Engine.h - The LLVM ORC engine ------------------------*- C++ -*-===//
//
// A thin wrapper around LLJIT: created lazily on the first compile (a
// program that never gets hot never pays for LLVM), host CPU as the target,
// the runtime bridge exposed with absoluteSymbols, one ResourceTracker per
// compiled unit, and an IRTransformLayer that runs the new pass manager at
// the unit's optimization level and records the IR before and after it.
//
// Private to jit/: it is the only header that includes LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_ENGINE_H
#define RUCHY_JIT_ENGINE_H

#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/Module.h"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace ruchy::jit {

/// What to record about a compiled unit (for --dump-ir / --dump-asm).
struct DumpRequest {
  bool IrBefore = false;
  bool IrAfter = false;
  bool Asm = false;
};

/// Where a unit's machine code lies: [Begin, End).
struct CodeRange {
  uintptr_t Begin = 0, End = 0;
};

struct CompiledUnit {
  void *Entry = nullptr;
  /// Owns the unit's code and data in the JIT: Engine::remove frees them.
  llvm::orc::ResourceTrackerSP Tracker;
  /// The unit's executable blocks (the method cache's evictions check that
  /// no return address on the program's stack points into them).
  std::vector<CodeRange> Code;
  std::string IrBefore, IrAfter, Asm;
  double OptSeconds = 0;     ///< LLVM optimization
  double CodegenSeconds = 0; ///< machine code generation and linking
};

struct EngineOptions {
  /// Machine code by FastISel (fast to compile) instead of SelectionDAG
  /// with the greedy register allocator (better code).
  bool FastIsel = false;
  /// Every compiled function is named in /tmp/perf-PID.map for perf.
  bool PerfMap = false;
  /// Every unit is registered with gdb's JIT interface.
  bool GdbJit = false;
  /// Tier 2 divides small 64-bit integers in the FPU on x86-64 hosts
  /// (llvm-passes/FloatDivision.h).
  bool FloatDivision = true;
  /// LLVM's -unswitch-threshold for the process (--jit-unswitch-threshold;
  /// RUCHY_LLVM_ARGS overrides it).
  int UnswitchThreshold = 0;
};


class Engine {
public:
  static llvm::Expected<std::unique_ptr<Engine>> create(const EngineOptions &Opts);

  /// Optimizes (with Passes, a pipeline in opt's -passes= syntax, or when
  /// it is empty at OptLevel 0..3, 4 = -Os, 5 = -Oz), compiles and links M,
  /// returning the address of function EntryName. Specialized: Tier 2 code,
  /// which also gets the host-specific division rewrite (FloatDivision or
  /// the 32-bit bypass).
  llvm::Expected<CompiledUnit> compile(std::unique_ptr<llvm::Module> M,
                                       std::unique_ptr<llvm::LLVMContext> Ctx,
                                       const std::string &EntryName, unsigned OptLevel,
                                       const DumpRequest &Dump, bool Specialized = false,
                                       const std::string &Passes = std::string());

  /// Compiles and frees a small unit at OptLevel, so that LLVM's cold start
  /// (paging in its code, its lazily built tables) is paid before the first
  /// real compile (jit/EngineWarmup.cpp). Returns the seconds it took.
  llvm::Expected<double> warmUp(unsigned OptLevel);

  /// Prints LLVM's -time-passes report, when RUCHY_LLVM_ARGS asked for it
  /// (the process ends with _Exit, so LLVM's own exit-time report never runs).
  void reportTimings();

  /// Frees a unit's code and data. Nothing may run or call it afterwards.
  void remove(llvm::orc::ResourceTrackerSP Tracker);

  /// The address of a symbol of a compiled unit, or null.
  void *lookup(const std::string &Name);

  const llvm::DataLayout &dataLayout() const { return JIT->getDataLayout(); }
  const llvm::Triple &targetTriple() const { return JIT->getTargetTriple(); }

private:
  /// The pass builder's and the code generator's (and --dump-asm's); made
  /// before the JIT, whose compiler refers to it, and destroyed after it.
  std::unique_ptr<llvm::TargetMachine> TM;
  std::unique_ptr<llvm::orc::LLJIT> JIT;
  // Per-compile settings read by the transform layer (compiles are serial).
  unsigned CurOpt = 1;
  bool CurSpecialized = false;
  bool FloatDivision = true;
  const std::string *CurPasses = nullptr;
  const DumpRequest *CurDump = nullptr;
  CompiledUnit *CurUnit = nullptr;
  /// /tmp/perf-PID.map while --perf-map is on.
  std::FILE *PerfMap = nullptr;
  friend class CodeRangePlugin;
};

} // namespace ruchy::jit

#endif
