//===- jit/TierManager.h - When and what to compile --------------*- C++ -*-===//
//
// The tier manager decides when a function leaves Tier 0 (its call count or
// a hot loop's back-edges reach a tunable threshold), compiles it through
// Tier 1 code generation and the ORC engine, installs the code, and keeps
// what the reports need: compile times, failures with their reasons, OSR
// entries. A failed compile is not an error: the function stays in Tier 0
// and the reason is counted (LuaJIT's abort table).
//
// This header is LLVM-free: the command line includes it.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_TIERMANAGER_H
#define RUCHY_JIT_TIERMANAGER_H

#include "interp/Interpreter.h"
#include "interp/TierStats.h"
#include "jit/JitAstPasses.h"
#include "jit/Tunables.h"

#include <memory>
#include <string>

namespace ruchy::jit {

enum class TierMode {
  Interpreter, ///< --tier=0: never compile
  Tier1,       ///< --tier=1: every function compiled at its first call
  Tier2,       ///< --tier=2: every function specialized at its first call
  Auto,        ///< --tier=auto: by the thresholds
};

struct JitOptions {
  TierMode Mode = TierMode::Auto;
  Tunables T;
  bool Sync = false;       ///< --jit-sync (compiles are synchronous already)
  bool TraceTiers = false; ///< --trace-tiers
  bool DumpIr = false;     ///< --dump-ir[=FUNC]
  std::string DumpIrFilter;
  /// Whether --dump-ir dumps Fn's units (FUNC names it as `Type::m` or `m`).
  bool dumpsIrOf(const ast::FunctionDecl &Fn) const;
  std::string DumpDir;     ///< --dump-dir DIR
  bool DumpAsm = false;    ///< --dump-asm
  bool PerfMap = false;    ///< --perf-map: name JIT code for perf (/tmp/perf-PID.map)
  bool GdbJit = false;     ///< --gdb-jit: register JIT code with gdb's JIT interface
  /// --jit-ast-passes-t1/-t2: AST passes while generating each tier's IR
  /// (JitAstPass masks, jit/JitAstPasses.h). fold and dce on both: they cost
  /// a walk of the function and save Tier 1 its runtime calls on constants.
  unsigned AstPassesT1 = JitAstFold | JitAstDce;
  unsigned AstPassesT2 = JitAstFold | JitAstDce;
  /// --jit-t2-passes: Tier 2's LLVM IR pipeline for function
  /// specializations (opt's -passes= syntax); empty: the default pipeline
  /// of --jit-opt-t2.
  std::string T2Passes;
  /// --jit-osr-passes: the pipeline for Tier 2 OSR entries; empty: as
  /// specializations.
  std::string OsrPasses = DefaultOsrPasses;
  /// A loop entered by OSR runs in Tier 0 until its entry is compiled, so
  /// that compile is on the critical path; a short pipeline aimed at loops
  /// (inline the copied callees, promote locals, hoist and simplify loop
  /// invariants and induction variables, remove redundancy) compiled the
  /// benchmarks' entries in two thirds of -O3's time and ran their loops as
  /// fast (docs/tiers.md has the measurements).
  static constexpr const char *DefaultOsrPasses =
      "cgscc(inline),function(sroa,early-cse,simplifycfg,instcombine<no-verify-fixpoint>,"
      "ruchy-array-facts,loop-mssa(loop-rotate,licm),loop(indvars),gvn,"
      "instcombine<no-verify-fixpoint>,simplifycfg)";
};

/// Why Passes (--jit-t2-passes) is not a pipeline LLVM's pass builder, with
/// this engine's own passes registered, can parse; empty when it is.
/// (Defined in jit/Engine.cpp, which has LLVM.)
std::string checkPassPipeline(const std::string &Passes);

/// Compile time by phase, per tier (index 1: Tier 1, 2: Tier 2), for the
/// profiler. IR generation includes Tier 2's type inference; a compile
/// nested in another (--tier=2 compiles callees first) counts once.
struct CompilePhases {
  unsigned Units[3] = {0, 0, 0};
  double IrGenSeconds[3] = {0, 0, 0};
  double OptimizeSeconds[3] = {0, 0, 0};
  double CodegenSeconds[3] = {0, 0, 0};
  double EngineSeconds = 0; ///< creating the LLVM engine (once)
};

class TierManager : public TierHooks {
public:
  TierManager(Interpreter &I, ast::Program &P, JitOptions Opts);
  ~TierManager() override;

  /// Connects the manager to its interpreter with the mode's thresholds.
  void install();

  /// Takes no more compiles. True when the background compiler is still
  /// running one: it reads the program's AST and the interpreter, so the
  /// caller must end the process (std::_Exit) before destroying either, or
  /// the thread whose stack holds them.
  bool stopCompiles();

  void onHotFunction(ast::FunctionDecl *Fn) override;
  OsrFn onHotLoop(ast::FunctionDecl *Fn, ast::LoopExpr *L) override;
  bool wantsSpecialization(ast::FunctionDecl *Fn, uint64_t Sig) override;
  bool osrWorthIt(ast::FunctionDecl *Fn, ast::LoopExpr *L, const Value *Slots) override;

  /// Per-function compile information for the --tier-stats report.
  TierInfo info(const ast::FunctionDecl *Fn) const;
  /// Compile failures by reason, and totals, for the report's footer.
  std::string summary() const;
  CompilePhases compilePhases() const;

private:
  struct Impl;
  std::unique_ptr<Impl> I;
};

} // namespace ruchy::jit

#endif
