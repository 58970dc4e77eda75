//===- jit/TierManagerImpl.h - The tier manager's state -----------*- C++ -*-===//
//
// Private to jit/: everything TierManager keeps and does, shared by
// TierManager.cpp (the queue, Tier 1 compiles, tier-up decisions) and
// Specializer.cpp (Tier 2: specializations, return kinds, inlining,
// the deoptimization policy).
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_TIERMANAGERIMPL_H
#define RUCHY_JIT_TIERMANAGERIMPL_H

#include "jit/TierManager.h"

#include "frontend/AstWalk.h"
#include "interp/EvalMacros.h"
#include "jit/Codegen.h"
#include "jit/Deopt.h"
#include "jit/Engine.h"
#include "jit/RuntimeBridge.h"
#include "jit/TypeInference.h"
#include "runtime/Output.h"
#include "runtime/TypeSignature.h"

#include "llvm/Support/Error.h"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unistd.h>
#include <unordered_map>

namespace ruchy::jit {

// The tier manager works on the syntax tree throughout.
using namespace ruchy::ast;

/// `-O` level as written: 0-3, s (4), z (5).
inline std::string optLevelName(int64_t L) {
  return L == 4 ? "s" : L == 5 ? "z" : std::to_string(std::clamp<int64_t>(L, 0, 3));
}

/// The trace's note of what the tier's AST passes did (empty when nothing).
inline std::string astPassNote(unsigned Folded, unsigned Pruned) {
  if (!Folded && !Pruned)
    return "";
  return fmt::format("; AST fold {} expression{}, dce {} branch{}", Folded, Folded == 1 ? "" : "s",
                     Pruned, Pruned == 1 ? "" : "es");
}

/// A symbol-safe spelling of a function's name: "Point::new" -> "Point__new",
/// closures by position.
inline std::string symbolBase(const ast::FunctionDecl *Fn) {
  if (Fn->IsClosure)
    return fmt::format("closure_L{}C{}", Fn->Loc.Line, Fn->Loc.Col);
  std::string Out;
  for (char C : Fn->QualName) {
    if (std::isalnum(static_cast<unsigned char>(C)) || C == '_')
      Out += C;
    else if (C == ':')
      Out += '_';
    else if (C == '<' || C == '>' || C == '-')
      continue;
    else
      Out += '_';
  }
  return Out.empty() ? "fn" : Out;
}

struct TierManager::Impl {
  Interpreter &Interp;
  Program &P;
  JitOptions Opts;
  std::unique_ptr<Engine> E;
  bool EngineFailed = false;
  std::chrono::steady_clock::time_point Start = std::chrono::steady_clock::now();

  struct FnRecord {
    TierInfo Info;
  };
  std::unordered_map<const FunctionDecl *, FnRecord> Records;
  std::set<std::string> UsedNames;
  std::map<std::string, unsigned> FailureCounts;
  unsigned Units = 0;
  double TotalCompileSeconds = 0;
  double EngineSeconds = 0; ///< creating LLJIT (once, on the first compile)
  CompilePhases Phases; ///< guarded by RecordsMu
  /// Adds a unit's phases (RecordsMu held).
  void addPhases(unsigned Tier, double TotalSeconds, const CompiledUnit &Unit) {
    ++Phases.Units[Tier];
    Phases.OptimizeSeconds[Tier] += Unit.OptSeconds;
    Phases.CodegenSeconds[Tier] += Unit.CodegenSeconds;
    Phases.IrGenSeconds[Tier] +=
        std::max(0.0, TotalSeconds - Unit.OptSeconds - Unit.CodegenSeconds);
  }
  /// Guards the records above: the background compiler writes them, the
  /// report reads them.
  mutable std::mutex RecordsMu;

  // Background compilation: one worker thread compiles queued units while
  // the program goes on in the interpreter (a 2-core machine runs both).
  struct Job {
    FunctionDecl *Fn;
    LoopExpr *L;
    std::string Why;
    /// Make Tier 2 specializations for these signatures (an OSR job: the
    /// entry of the first); the generic Tier 1 code when none can be made.
    std::vector<uint64_t> Sigs;
  };
  bool Async = false;
  std::thread Worker;
  std::mutex QueueMu;
  std::condition_variable QueueCV;
  std::deque<Job> Queue;
  /// The job the worker is compiling (QueueMu): a run can end before it
  /// finishes, and the summary says what was left.
  std::optional<Job> Running;
  /// "fib" or "main (loop at line 24)": what a job compiles, for reports.
  static std::string jobName(const Job &J);
  bool Stopping = false;
  /// The worker was left running a compile when the manager stopped.
  bool Detached = false;

  ruchy::Value *Globals; ///< the interpreter's global slots (permanent)

  Impl(Interpreter &I, Program &P, JitOptions O)
      : Interp(I), P(P), Opts(std::move(O)), Globals(I.globals()) {
    Async = !Opts.Sync && Opts.Mode == TierMode::Auto;
  }

  void enqueue(Job J);
  void startWorker();
  /// Creates the engine and compiles a throw-away unit (Engine::warmUp)
  /// before the worker's first job.
  void warmUp();
  double WarmupSeconds = 0; ///< (RecordsMu)

  void workerLoop();

  /// Does a job (on whichever thread compiles).
  void run(const Job &J);

  /// Installs a compile's result where the interpreter looks for it.
  static void publish(const Job &J, void *Code);

  /// Stops taking work: an idle worker is joined, a busy one left running
  /// (detached). Returns true when a compile may still be running.
  bool stop();

  double elapsedMs() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - Start)
        .count();
  }

  std::string uniqueName(const std::string &Base);

  bool wantsDump(const FunctionDecl *Fn) const {
    return Opts.dumpsIrOf(*Fn);
  }

  void trace(const std::string &Line);

  void emitDump(const std::string &Name, const char *Suffix, const std::string &Text);

  void fail(const FunctionDecl *Fn, const std::string &Reason);

  /// True (and recorded) when Fn is over --jit-max-nodes.
  bool tooLarge(FunctionDecl *Fn);

  /// Creates the LLVM engine on the first compile; false when that failed.
  bool ensureEngine(FunctionDecl *Fn);

  //===-- Tier 2 ----------------------------------------------------------===//

  /// Every guard's resume point (compiled code refers to them).
  std::vector<std::unique_ptr<ResumePoint>> ResumePoints;
  unsigned Deopts = 0, GivenUp = 0;

  /// A guard failed (on the program's thread): count, trace, and after
  /// --jit-max-deopts failures at one store give its speculation up.
  void onDeopt(ResumePoint &RP, Value Got);
  /// A signature no call has: marks a method-cache entry given up.
  static constexpr uint64_t DeadSig = ~0ULL - 2;

  using SpecKey = std::pair<const FunctionDecl *, uint64_t>;
  /// Specializations being compiled (a callee that calls back into one of
  /// them is called through the generic path).
  std::set<SpecKey> SpecsInProgress;
  /// Time of every Tier 2 compile so far, each without the compiles nested
  /// in it.
  double SpecSeconds = 0;
  /// Return kinds per specialization, for type inference across calls.
  std::map<SpecKey, KindSet> ReturnMemo;
  std::set<SpecKey> ReturnInProgress, ReturnFinal;
  bool UsedProvisional = false;

  /// What Callee returns for arguments of Kinds: inferred, with recursion
  /// resolved by iterating from "returns nothing yet" to a fixpoint.
  KindSet returnKinds(const FunctionDecl *Callee, const std::vector<Kind> &Kinds);

  /// The signatures a hot function is specialized for in --tier=auto: the
  /// most frequent ones that together make --jit-t2-sig-share percent of
  /// its calls, if that takes at most --jit-max-specs of them (and no more
  /// than compiled call sites check inline); none otherwise.
  std::vector<uint64_t> hotSignatures(const FunctionFeedback &FB) const;

  /// True when a call of Fn with Sig should get a specialization made now.
  /// Safe on the program's thread while the compiler thread works.
  bool wantsSpec(const FunctionDecl *Fn, uint64_t Sig) const;

  /// The raw entry of Target's specialization for K, for a direct call.
  void *linkCallee(FunctionDecl *Target, const std::vector<Kind> &K);

  /// What a copy of Target for K, inlined into a caller's code (or into
  /// Target's own, one level of its recursion), is generated from; null
  /// when Target is too big (--jit-inline-nodes) or a closure. Copies infer
  /// without speculation (a guard in them could not give its speculation
  /// up: the caller's code would keep failing it) and inline nothing further.
  std::unique_ptr<Tier2Request> inlineRequest(FunctionDecl *Target, const std::vector<Kind> &K);
  /// The IR pipeline of a Tier 2 unit (an OSR entry when L is set): empty
  /// for the default pipeline of --jit-opt-t2.
  const std::string &t2Passes(const LoopExpr *L) const {
    return L && !Opts.OsrPasses.empty() ? Opts.OsrPasses : Opts.T2Passes;
  }
  /// Levels of Fn's recursion its specialization copies in
  /// (--jit-recursion-unroll, within --jit-inline-nodes).
  unsigned recursionLevels(const FunctionDecl *Fn) const;

  /// Compiles Fn specialized for Kinds and installs it in Fn's method cache.
  /// Returns the raw entry (for direct calls), null on failure.
  /// With L: an OSR entry at loop L of that specialization instead (not
  /// cached), or null when it cannot be made.
  void *compileSpec(FunctionDecl *Fn, const std::vector<Kind> &Kinds,
                    const std::string &Why = "called", LoopExpr *L = nullptr);

  /// Compiles Fn (or its OSR entry at L); null on failure (recorded).
  void *compile(FunctionDecl *Fn, LoopExpr *L, const std::string &Why);

  //===-- The method cache's bound (jit/MethodCache.cpp) -------------------===//

  /// A compiled Tier 2 unit: a method-cache entry or an OSR entry.
  struct CodeUnit {
    FunctionDecl *Fn = nullptr;
    uint64_t Sig = 0;
    int Slot = -1; ///< its entry in Fn->Specs; -1: an OSR entry (not cached)
    std::string Name;
    void *Raw = nullptr; ///< the entry direct calls use
    llvm::orc::ResourceTrackerSP Tracker;
    std::vector<CodeRange> Code;
    std::vector<CodeUnit *> Callees; ///< units its code calls directly
    unsigned Dependents = 0;         ///< units not freed that call it directly
    bool Retired = false;            ///< out of the cache; freed when safe
    bool Freed = false;
  };
  /// Guards the units, the live entries and the counters below: the
  /// compiler thread adds and evicts, the program's thread retires given-up
  /// entries and frees.
  std::mutex CacheMu;
  std::vector<std::unique_ptr<CodeUnit>> CodeUnits;
  std::map<SpecKey, CodeUnit *> LiveSpecs;
  std::map<void *, CodeUnit *> UnitByEntry; ///< OSR entries, for their retirement
  std::vector<CodeUnit *> RetiredUnits;     ///< retired, not yet freed
  unsigned EvictedCount = 0, FreedCount = 0;
  bool NewlyRetired = false;
  /// Set when RetiredUnits is not empty (read without the lock by the hooks).
  bool RetiredPending = false;
  /// The program's thread: depth of the last collection that left units
  /// on the stack, and the earliest time for the next one.
  uint32_t LastCollectDepth = 0;
  std::chrono::steady_clock::time_point NextCollect;
  /// Direct links made while generating each unit under way (innermost
  /// last): the compiler thread's only.
  std::vector<std::vector<CodeUnit *>> LinkStack;

  /// The live specialization of Fn for Sig, linked from the unit being
  /// generated (counted as its dependent at once, so that it cannot be
  /// freed before that unit exists); null when there is none.
  void *linkLive(const FunctionDecl *Fn, uint64_t Sig);
  /// Records a compiled unit (Slot >= 0: installed in the method cache),
  /// with the links made while generating it, and evicts past
  /// --jit-cache-size.
  void addUnit(FunctionDecl *Fn, uint64_t Sig, int Slot, const std::string &Name, void *Raw,
               CompiledUnit &Unit);
  /// A unit under way failed: its links are dropped.
  void dropLinks();
  /// Takes U out of the cache (or its OSR entry out of use); the caller
  /// holds CacheMu.
  void retireLocked(CodeUnit *U, const std::string &Why);
  /// Retires the live entry of Fn for Sig, or the OSR unit whose entry is
  /// Entry (a speculation given up).
  void retire(const FunctionDecl *Fn, uint64_t Sig, void *OsrEntry);
  /// On the program's thread: frees retired units that no unit links to
  /// and no frame on the stack runs.
  void collectRetired();
  /// collectRetired when there is something to free and the stack may have
  /// changed enough to be worth a scan.
  void maybeCollect();
  /// The footer's line about the method cache.
  std::string cacheSummary();
};

} // namespace ruchy::jit

#endif
