//===- jit/TierManager.cpp - When and what to compile ------------*- C++ -*-===//
#include "jit/TierManager.h"

#include "jit/Engine.h"
#include "jit/RuntimeBridge.h"
#include "jit/Codegen.h"
#include "jit/Deopt.h"
#include "jit/TypeInference.h"
#include "interp/EvalMacros.h"
#include "runtime/TypeSignature.h"
#include "frontend/AstWalk.h"
#include "runtime/Output.h"

#include "llvm/Support/Error.h"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

using namespace ruchy;
using namespace ruchy::jit;
using namespace ruchy::ast;

namespace {

/// A symbol-safe spelling of a function's name: "Point::new" -> "Point__new",
/// closures by position.
std::string symbolBase(const FunctionDecl *Fn) {
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

} // namespace

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
  bool Stopping = false;

  ruchy::Value *Globals; ///< the interpreter's global slots (permanent)

  Impl(Interpreter &I, Program &P, JitOptions O)
      : Interp(I), P(P), Opts(std::move(O)), Globals(I.globals()) {
    Async = !Opts.Sync && Opts.Mode == TierMode::Auto;
  }

  void enqueue(Job J) {
    {
      std::lock_guard<std::mutex> Lock(QueueMu);
      Queue.push_back(std::move(J));
    }
    if (!Worker.joinable())
      Worker = std::thread([this] { workerLoop(); });
    QueueCV.notify_one();
  }

  void workerLoop() {
    for (;;) {
      Job J;
      {
        std::unique_lock<std::mutex> Lock(QueueMu);
        QueueCV.wait(Lock, [this] { return Stopping || !Queue.empty(); });
        if (Stopping)
          return;
        J = std::move(Queue.front());
        Queue.pop_front();
      }
      run(J);
      if (!J.L)
        __atomic_store_n(&J.Fn->JitPending, false, __ATOMIC_RELEASE);
    }
  }

  /// Does a job (on whichever thread compiles).
  void run(const Job &J) {
    if (J.L) {
      void *Code = J.Sigs.empty() ? nullptr : compileSpec(J.Fn, signatureKinds(J.Sigs[0]), J.Why, J.L);
      J.L->OsrTier = Code ? 2 : 1;
      publish(J, Code ? Code : compile(J.Fn, J.L, J.Why));
      return;
    }
    bool Made = false;
    for (uint64_t Sig : J.Sigs)
      Made |= compileSpec(J.Fn, signatureKinds(Sig), J.Why) != nullptr;
    if (Made)
      return;
    if (!J.L && (loadPublished(J.Fn->JitCode) || loadPublished(J.Fn->JitFailed)))
      return;
    publish(J, compile(J.Fn, J.L, J.Why));
  }

  /// Installs a compile's result where the interpreter looks for it.
  static void publish(const Job &J, void *Code) {
    if (J.L) {
      if (Code)
        __atomic_store_n(&J.L->OsrEntry, Code, __ATOMIC_RELEASE);
      else
        __atomic_store_n(&J.L->OsrFailed, true, __ATOMIC_RELEASE);
    } else {
      if (Code)
        __atomic_store_n(&J.Fn->JitCode, Code, __ATOMIC_RELEASE);
      else
        __atomic_store_n(&J.Fn->JitFailed, true, __ATOMIC_RELEASE);
    }
  }

  /// Stops taking work. Returns true when a compile may still be running.
  bool stop() {
    {
      std::lock_guard<std::mutex> Lock(QueueMu);
      Stopping = true;
      Queue.clear();
    }
    QueueCV.notify_all();
    if (!Worker.joinable())
      return false;
    Worker.detach();
    return true;
  }

  double elapsedMs() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - Start)
        .count();
  }

  std::string uniqueName(const std::string &Base) {
    std::string Name = Base;
    for (unsigned N = 2; UsedNames.count(Name); ++N)
      Name = fmt::format("{}.{}", Base, N);
    UsedNames.insert(Name);
    return Name;
  }

  bool wantsDump(const FunctionDecl *Fn) const {
    return Opts.DumpIr && (Opts.DumpIrFilter.empty() || Opts.DumpIrFilter == Fn->QualName ||
                           Opts.DumpIrFilter == Fn->Name);
  }

  void trace(const std::string &Line) {
    if (!Opts.TraceTiers)
      return;
    std::string Text = fmt::format("[tier {:9.3f} ms] {}\n", elapsedMs(), Line);
    if (Async) {
      // Not from the worker: flushing the program's stdout buffer there
      // would race with the program writing it. One write() keeps the line
      // whole.
      ssize_t Ignored = ::write(2, Text.data(), Text.size());
      (void)Ignored;
      return;
    }
    writeErr(Text);
  }

  void emitDump(const std::string &Name, const char *Suffix, const std::string &Text) {
    if (Text.empty())
      return;
    if (!Opts.DumpDir.empty()) {
      std::error_code EC;
      std::filesystem::create_directories(Opts.DumpDir, EC);
      std::ofstream(std::filesystem::path(Opts.DumpDir) / (Name + Suffix)) << Text;
      return;
    }
    flushOut();
    writeErr(fmt::format("; ---- {}{} ----\n{}", Name, Suffix, Text));
  }

  void fail(const FunctionDecl *Fn, const std::string &Reason) {
    std::lock_guard<std::mutex> Lock(RecordsMu);
    Records[Fn].Info.Failure = Reason;
    ++FailureCounts[Reason];
  }

  /// True (and recorded) when Fn is over --jit-max-nodes.
  bool tooLarge(FunctionDecl *Fn) {
    int64_t Nodes = 0;
    ast::forEachExpr(Fn->Body, [&](ast::Expr *) { ++Nodes; });
    if (Opts.T.MaxNodes <= 0 || Nodes <= Opts.T.MaxNodes)
      return false;
    std::string Reason = fmt::format("function too large ({} expressions > --jit-max-nodes)", Nodes);
    fail(Fn, Reason);
    __atomic_store_n(&Fn->SpecsClosed, true, __ATOMIC_RELEASE);
    trace(fmt::format("{}: not compiled: {}", Fn->QualName, Reason));
    return true;
  }

  /// Creates the LLVM engine on the first compile; false when that failed.
  bool ensureEngine(FunctionDecl *Fn) {
    if (E)
      return true;
    auto EngineStart = std::chrono::steady_clock::now();
    auto Created = Engine::create(Opts.T.FastIselT1 != 0);
    if (!Created) {
      EngineFailed = true;
      fail(Fn, "LLVM engine: " + llvm::toString(Created.takeError()));
      return false;
    }
    E = std::move(*Created);
    setBridgeInterpreter(&Interp);
    EngineSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - EngineStart).count();
    trace(fmt::format("LLVM engine created in {:.2f} ms", EngineSeconds * 1000));
    return true;
  }

  //===-- Tier 2 ----------------------------------------------------------===//

  /// Every guard's resume point (compiled code refers to them).
  std::vector<std::unique_ptr<ResumePoint>> ResumePoints;
  unsigned Deopts = 0, GivenUp = 0;

  /// A guard failed (on the program's thread): count, trace, and after
  /// --jit-max-deopts failures at one store give its speculation up.
  void onDeopt(ResumePoint &RP, Value Got) {
    ++Deopts;
    trace(fmt::format("{} {}{}: deopt at line {}: {} expected{}; Tier 0 resumes ({} here)",
                      RP.Fn->QualName, signatureText(RP.Sig), RP.Osr ? " (OSR entry)" : "",
                      RP.Store->Loc.Line, kindName(RP.Expected),
                      RP.Slot >= 0 ? fmt::format(", got {}", kindName(Got.K))
                                   : std::string(" from an element read"),
                      RP.Count));
    if (RP.Count != static_cast<uint64_t>(std::max<int64_t>(Opts.T.MaxDeopts, 1)))
      return;
    if (bool *Failed = specFailedFlag(RP.Store))
      *Failed = true;
    ++GivenUp;
    if (RP.Osr) {
      // The loop's next hot back-edge makes a new entry, which does not
      // speculate here.
      __atomic_store_n(&RP.Osr->OsrEntry, nullptr, __ATOMIC_RELEASE);
      RP.Osr->OsrPending = false;
    } else {
      // Out of the method cache: the next hot call makes a specialization
      // that does not speculate here (bounded by --jit-max-specs).
      uint32_t N = __atomic_load_n(&RP.Fn->NumSpecs, __ATOMIC_ACQUIRE);
      for (uint32_t I = 0; I < N; ++I)
        if (RP.Fn->Specs[I].Sig == RP.Sig)
          __atomic_store_n(&RP.Fn->Specs[I].Sig, DeadSig, __ATOMIC_RELEASE);
    }
    std::lock_guard<std::mutex> Lock(RecordsMu);
    ++Records[RP.Fn].Info.Recompiles;
    trace(fmt::format("{} {}: speculation at line {} given up after {} failed guards", RP.Fn->QualName,
                      signatureText(RP.Sig), RP.Store->Loc.Line, RP.Count));
  }
  /// A signature no call has: marks a method-cache entry given up.
  static constexpr uint64_t DeadSig = ~0ULL - 2;

  using SpecKey = std::pair<const FunctionDecl *, uint64_t>;
  /// Raw entries of compiled specializations (for direct calls).
  std::map<SpecKey, void *> RawSpecs;
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
  KindSet returnKinds(const FunctionDecl *Callee, const std::vector<Kind> &Kinds) {
    SpecKey Key{Callee, signatureOfKinds(Kinds)};
    if (Kinds.size() != Callee->Params.size())
      return AnyKind;
    if (ReturnFinal.count(Key))
      return ReturnMemo[Key];
    if (ReturnInProgress.count(Key)) {
      UsedProvisional = true;
      return ReturnMemo[Key];
    }
    ReturnInProgress.insert(Key);
    bool OuterProvisional = UsedProvisional;
    KindSet Result = 0;
    bool Stable = false;
    for (int Round = 0; Round < 8 && !Stable; ++Round) {
      UsedProvisional = false;
      InferredTypes T = inferTypes(
          Callee, Kinds,
          [this](const FunctionDecl *C, const std::vector<Kind> &K) { return returnKinds(C, K); },
          /*Speculate=*/false);
      Stable = T.Return == ReturnMemo[Key] && Round > 0;
      Stable = Stable || !UsedProvisional;
      ReturnMemo[Key] = Result = T.Return;
    }
    if (!Stable)
      ReturnMemo[Key] = Result = AnyKind;
    ReturnInProgress.erase(Key);
    // A result computed from another unfinished specialization's guess may
    // change when that one finishes: only independent results are final.
    if (!UsedProvisional || ReturnInProgress.empty())
      ReturnFinal.insert(Key);
    UsedProvisional = OuterProvisional || UsedProvisional;
    return Result;
  }

  /// True when a call of Fn with Sig should get a specialization made now.
  /// Safe on the program's thread while the compiler thread works.
  /// The signatures a hot function is specialized for in --tier=auto: the
  /// most frequent ones that together make --jit-t2-sig-share percent of
  /// its calls, if that takes at most --jit-max-specs of them (and no more
  /// than compiled call sites check inline); none otherwise.
  std::vector<uint64_t> hotSignatures(const FunctionFeedback &FB) const {
    std::vector<std::pair<uint64_t, uint64_t>> Sigs = FB.Signatures;
    uint64_t Total = 0;
    bool HasLast = false;
    for (auto &[S, N] : Sigs) {
      if (S == FB.LastSig) {
        N += FB.LastSigCount;
        HasLast = true;
      }
      Total += N;
    }
    if (!HasLast && FB.LastSigCount)
      Sigs.emplace_back(FB.LastSig, FB.LastSigCount);
    if (!HasLast)
      Total += FB.LastSigCount;
    std::stable_sort(Sigs.begin(), Sigs.end(), [](auto &A, auto &B) { return A.second > B.second; });
    uint64_t Share = static_cast<uint64_t>(std::clamp<int64_t>(Opts.T.T2SigShare, 0, 100));
    size_t Limit = std::min<size_t>({static_cast<size_t>(std::max<int64_t>(Opts.T.MaxSpecs, 0)),
                                     FunctionDecl::MaxSpecs, MaxPolymorphicTargets});
    std::vector<uint64_t> Out;
    uint64_t Covered = 0;
    for (auto &[S, N] : Sigs) {
      if (Covered * 100 >= Total * Share || Out.size() == Limit)
        break;
      Out.push_back(S);
      Covered += N;
    }
    if (Total == 0 || Covered * 100 < Total * Share)
      Out.clear();
    return Out;
  }

  bool wantsSpec(const FunctionDecl *Fn, uint64_t Sig) const {
    if (Opts.Mode == TierMode::Interpreter || Opts.Mode == TierMode::Tier1 || Opts.T.OptT2 < 0 ||
        __atomic_load_n(&EngineFailed, __ATOMIC_ACQUIRE) ||
        __atomic_load_n(&Fn->SpecsClosed, __ATOMIC_ACQUIRE) || Sig == TooLongSig ||
        ((Sig & 15) != Fn->Params.size()))
      return false;
    if (__atomic_load_n(&Fn->NumSpecs, __ATOMIC_ACQUIRE) >=
        std::min<uint64_t>(FunctionDecl::MaxSpecs, static_cast<uint64_t>(std::max<int64_t>(Opts.T.MaxSpecs, 0))))
      return false;
    return !findSpecialization(Fn, Sig);
  }

  /// The raw entry of Target's specialization for K, for a direct call.
  void *linkCallee(FunctionDecl *Target, const std::vector<Kind> &K) {
    // --tier=2 compiles callees on the spot. --tier=auto only links to
    // specializations that exist: a callee compiled before it ever ran
    // would have no feedback to speculate on (and may never be hot).
    if (Opts.Mode == TierMode::Tier2)
      return compileSpec(Target, K);
    auto It = RawSpecs.find({Target, signatureOfKinds(K)});
    return It != RawSpecs.end() && findSpecialization(Target, signatureOfKinds(K)) ? It->second : nullptr;
  }

  /// What a copy of Target for K, inlined into Caller's code, is generated
  /// from; null when Target is too big (--jit-inline-nodes), a closure, or
  /// Caller itself. Copies infer without speculation (a guard in them could
  /// not give its speculation up: the caller's code would keep failing it)
  /// and inline nothing further.
  std::unique_ptr<Tier2Request> inlineRequest(FunctionDecl *Caller, FunctionDecl *Target,
                                              const std::vector<Kind> &K) {
    if (Target == Caller || Target->IsClosure || !Target->Body || Opts.T.InlineNodes <= 0 ||
        K.size() != Target->Params.size())
      return nullptr;
    int64_t Nodes = 0;
    ast::forEachExpr(Target->Body, [&](ast::Expr *) { ++Nodes; });
    if (Nodes > Opts.T.InlineNodes)
      return nullptr;
    auto R = std::make_unique<Tier2Request>();
    R->ArgKinds = K;
    R->SlotKinds = inferTypes(Target, K,
                              [this](const FunctionDecl *C, const std::vector<Kind> &CK) {
                                return returnKinds(C, CK);
                              },
                              /*Speculate=*/false)
                       .Slots;
    R->Callee = [this](FunctionDecl *T, const std::vector<Kind> &CK) { return linkCallee(T, CK); };
    R->Returns = [this](FunctionDecl *T, const std::vector<Kind> &CK) { return returnKinds(T, CK); };
    return R;
  }

  /// Compiles Fn specialized for Kinds and installs it in Fn's method cache.
  /// Returns the raw entry (for direct calls), null on failure.
  /// With L: an OSR entry at loop L of that specialization instead (not
  /// cached), or null when it cannot be made.
  void *compileSpec(FunctionDecl *Fn, const std::vector<Kind> &Kinds,
                    const std::string &Why = "called", LoopExpr *L = nullptr) {
    uint64_t Sig = signatureOfKinds(Kinds);
    SpecKey Key{Fn, Sig};
    if (!L) {
      // (A specialization given up after failed guards is made again.)
      if (auto It = RawSpecs.find(Key); It != RawSpecs.end() && findSpecialization(Fn, Sig))
        return It->second;
      if (!wantsSpec(Fn, Sig))
        return nullptr;
    } else if (Kinds.size() != Fn->Params.size() || Sig == TooLongSig ||
               __atomic_load_n(&Fn->SpecsClosed, __ATOMIC_ACQUIRE)) {
      return nullptr;
    }
    if (SpecsInProgress.count(Key) || tooLarge(Fn) || !ensureEngine(Fn))
      return nullptr;
    SpecsInProgress.insert(Key);
    auto T0 = std::chrono::steady_clock::now();
    // --tier=2 compiles callees while generating this unit's IR: their
    // time is theirs, not this unit's.
    double NestedBefore = SpecSeconds;
    Tier2Request Req;
    Req.ArgKinds = Kinds;
    InferredTypes Types = inferTypes(Fn, Kinds, [this](const FunctionDecl *C,
                                                       const std::vector<Kind> &K) {
      return returnKinds(C, K);
    });
    Req.SlotKinds = Types.Slots;
    Req.Callee = [this](FunctionDecl *Target, const std::vector<Kind> &K) { return linkCallee(Target, K); };
    Req.Returns = [this](FunctionDecl *Target, const std::vector<Kind> &K) {
      return returnKinds(Target, K);
    };
    Req.Inline = [this, Fn](FunctionDecl *Target, const std::vector<Kind> &K) {
      return inlineRequest(Fn, Target, K);
    };
    Req.Speculated = Types.Speculated;
    Req.SpeculatedLoads = Types.SpeculatedLoads;
    Req.NewResumePoint = [this, Fn, Sig, L](Expr *Store, int32_t Slot, Kind Expected,
                                            const std::vector<ResumeStep> &Path) -> void * {
      auto RP = std::make_unique<ResumePoint>();
      RP->Fn = Fn;
      RP->Sig = Sig;
      RP->Osr = L;
      RP->Path = Path;
      RP->Store = Store;
      RP->Slot = Slot;
      RP->Expected = Expected;
      std::lock_guard<std::mutex> Lock(RecordsMu);
      ResumePoints.push_back(std::move(RP));
      return ResumePoints.back().get();
    };
    std::string SigText = signatureText(Sig);
    std::string Base = symbolBase(Fn);
    for (Kind K : Kinds)
      Base += std::string(".") + kindName(K);
    if (L)
      Base += fmt::format(".osr{}", L->LoopIndex);
    std::string Name = uniqueName(Base + ".t2");
    Tier1Module Mod = generateTier2(Fn, Req, Name, Globals, L);
    void *Raw = nullptr;
    std::string Failure = Mod.Failure;
    CompiledUnit Unit;
    if (Failure.empty()) {
      DumpRequest Dump;
      bool D = wantsDump(Fn);
      Dump.IrBefore = Dump.IrAfter = D;
      Dump.Asm = Opts.DumpAsm && (Opts.DumpIrFilter.empty() || D);
      unsigned Opt = static_cast<unsigned>(std::clamp<int64_t>(Opts.T.OptT2, 0, 3));
      auto U = E->compile(std::move(Mod.M), std::move(Mod.Ctx), Mod.EntryName, Opt, Dump,
                          /*Specialized=*/true);
      if (!U) {
        Failure = "LLVM: " + llvm::toString(U.takeError()).substr(0, 200);
      } else {
        Unit = std::move(*U);
        Raw = L ? Unit.Entry : E->lookup(Name);
        if (!Raw)
          Failure = "LLVM: specialized entry not found";
      }
    }
    SpecsInProgress.erase(Key);
    std::string Where = L ? fmt::format(" OSR entry at loop line {}", L->Loc.Line) : "";
    if (!Failure.empty()) {
      if (!L)
        __atomic_store_n(&Fn->SpecsClosed, true, __ATOMIC_RELEASE);
      fail(Fn, "Tier 2: " + Failure);
      trace(fmt::format("{} {}{}: t2 failed: {}", Fn->QualName, SigText, Where, Failure));
      return nullptr;
    }
    double Secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - T0).count() -
                  (SpecSeconds - NestedBefore);
    SpecSeconds += Secs;
    if (!L) {
      RawSpecs[Key] = Raw;
      uint32_t N = Fn->NumSpecs;
      Fn->Specs[N] = {Sig, Unit.Entry};
      __atomic_store_n(&Fn->NumSpecs, N + 1, __ATOMIC_RELEASE);
    }
    {
      std::lock_guard<std::mutex> Lock(RecordsMu);
      FnRecord &R = Records[Fn];
      R.Info.Tier = 2;
      ++R.Info.Units;
      R.Info.CompileSeconds += Secs;
      R.Info.CompileSecondsT2 += Secs;
      R.Info.Specializations.push_back(SigText + (L ? fmt::format("@osr{}", L->LoopIndex) : ""));
      ++Units;
      TotalCompileSeconds += Secs;
    }
    emitDump(Name, ".ll", Unit.IrBefore);
    emitDump(Name, ".opt.ll", Unit.IrAfter);
    emitDump(Name, ".s", Unit.Asm);
    std::string Typed;
    for (size_t S = 0; S < Types.Slots.size(); ++S) {
      Kind K;
      if (singleKind(Types.Slots[S], &K))
        Typed += fmt::format("{}{}", Typed.empty() ? "" : ",", kindName(K));
    }
    trace(fmt::format("{} {}{}: -> t2 ({}), compiled in {:.2f} ms (LLVM -O{} {:.2f} ms, codegen "
                      "{:.2f} ms; typed slots: {})",
                      Fn->QualName, SigText, Where, Why, Secs * 1000, Opts.T.OptT2,
                      Unit.OptSeconds * 1000, Unit.CodegenSeconds * 1000,
                      Typed.empty() ? "none" : Typed));
    return Raw;
  }

  /// Compiles Fn (or its OSR entry at L); null on failure (recorded).
  void *compile(FunctionDecl *Fn, LoopExpr *L, const std::string &Why) {
    if (EngineFailed)
      return nullptr;
    if (tooLarge(Fn) || !ensureEngine(Fn))
      return nullptr;
    auto T0 = std::chrono::steady_clock::now();
    std::string Base = symbolBase(Fn) + (L ? fmt::format(".osr{}", L->LoopIndex) : "") + ".t1";
    std::string Name = uniqueName(Base);
    Tier1Module Mod = generateTier1(Fn, L, Name, Globals);
    if (!Mod.Failure.empty()) {
      fail(Fn, Mod.Failure);
      trace(fmt::format("{}{}: t0 -> t1 failed: {}", Fn->QualName,
                        L ? fmt::format(" (loop at line {})", L->Loc.Line) : "", Mod.Failure));
      return nullptr;
    }
    DumpRequest Dump;
    bool D = wantsDump(Fn);
    Dump.IrBefore = Dump.IrAfter = D;
    Dump.Asm = Opts.DumpAsm && (Opts.DumpIrFilter.empty() || D);
    unsigned Opt = static_cast<unsigned>(std::clamp<int64_t>(Opts.T.OptT1, 0, 3));
    auto Unit = E->compile(std::move(Mod.M), std::move(Mod.Ctx), Name, Opt, Dump);
    if (!Unit) {
      std::string Msg = llvm::toString(Unit.takeError());
      fail(Fn, "LLVM: " + Msg.substr(0, 200));
      trace(fmt::format("{}: t0 -> t1 failed in LLVM: {}", Fn->QualName, Msg.substr(0, 200)));
      return nullptr;
    }
    double Secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - T0).count();
    {
      std::lock_guard<std::mutex> Lock(RecordsMu);
      FnRecord &R = Records[Fn];
      R.Info.Tier = 1;
      ++R.Info.Units;
      R.Info.CompileSeconds += Secs;
      ++Units;
      TotalCompileSeconds += Secs;
    }
    emitDump(Name, ".ll", Unit->IrBefore);
    emitDump(Name, ".opt.ll", Unit->IrAfter);
    emitDump(Name, ".s", Unit->Asm);
    trace(fmt::format("{}{}: t0 -> t1 ({}), compiled in {:.2f} ms (LLVM -O{} {:.2f} ms, codegen "
                      "{:.2f} ms)",
                      Fn->QualName,
                      L ? fmt::format(" OSR entry at loop line {}", L->Loc.Line) : "", Why,
                      Secs * 1000, Opt, Unit->OptSeconds * 1000, Unit->CodegenSeconds * 1000));
    return Unit->Entry;
  }
};

TierManager::TierManager(Interpreter &Interp, Program &P, JitOptions Opts)
    : I(std::make_unique<Impl>(Interp, P, std::move(Opts))) {
  setDeoptHandler(
      [](ResumePoint &RP, Value Got, void *Ctx) { static_cast<Impl *>(Ctx)->onDeopt(RP, Got); },
      I.get());
}

TierManager::~TierManager() {
  // A compile still running belongs to a program that has finished: the
  // process ends without waiting for it (main exits with _Exit), so the
  // state it uses is left alive rather than freed under it.
  if (I->stop()) {
    (void)I.release();
    return;
  }
  if (I->E)
    I->E->reportTimings();
}

void TierManager::install() {
  switch (I->Opts.Mode) {
  case TierMode::Interpreter:
    return;
  case TierMode::Tier1:
  case TierMode::Tier2:
    I->Interp.setTierHooks(this, 1, UINT64_MAX);
    return;
  case TierMode::Auto: {
    auto Threshold = [](int64_t V) {
      return V <= 0 ? UINT64_MAX : static_cast<uint64_t>(V);
    };
    I->Interp.setTierHooks(this, Threshold(I->Opts.T.T1Calls), Threshold(I->Opts.T.OsrLoops));
    return;
  }
  }
}

// Ski rental for runtime-bound loops. A loop that allocates on every
// iteration spends its time in the runtime (strings, arrays, maps, structs),
// which compiled code calls just the same: compiling it gains little and, on
// 2 cores, the compile slows the program. Such a loop is compiled only once
// Tier 0 has spent about two compiles' worth of time in it; any other loop at
// once. A loop that calls functions of the program is always compiled at
// once: its time is mostly its callees', which tier up on their own.
bool TierManager::osrWorthIt(FunctionDecl *Fn, LoopExpr *L) {
  // Called at every back-edge past the threshold until it says yes: the
  // common answer ("not yet") is one compare.
  if (L->BackEdges < L->OsrDeferUntil)
    return false;
  // A loop of a function that has (or is getting) compiled code reached
  // the threshold over many calls: the next calls run compiled code, and an
  // OSR entry would only serve this one. Asked again a threshold later.
  if (I->Opts.Mode == TierMode::Auto &&
      (loadPublished(Fn->JitPending) || loadPublished(Fn->JitCode) ||
       __atomic_load_n(&Fn->NumSpecs, __ATOMIC_ACQUIRE) > 0)) {
    L->OsrDeferUntil = L->BackEdges + static_cast<uint64_t>(std::max<int64_t>(I->Opts.T.OsrLoops, 1));
    return false;
  }
  if (I->Opts.Mode != TierMode::Auto || I->Opts.T.OsrAllocBytes <= 0 || L->OsrProbeNs == -2)
    return true;
  int64_t Now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  if (L->OsrProbeNs == -1) {
    bool CallsProgram = false;
    ast::forEachExpr(L->Body, [&](Expr *E) {
      if (E->K == ExprKind::Call && static_cast<Call *>(E)->CK != CallKind::Builtin)
        CallsProgram = true;
      else if (E->K == ExprKind::MethodCall && static_cast<MethodCall *>(E)->CachedFn)
        CallsProgram = true;
    });
    if (CallsProgram) {
      L->OsrProbeNs = -2; // decided: compile
      return true;
    }
    constexpr uint64_t ProbeEdges = 1000;
    L->OsrProbeNs = Now;
    L->OsrProbeBytes = heapBytesAllocated();
    L->OsrProbeEdges = L->BackEdges;
    L->OsrDeferUntil = L->BackEdges + ProbeEdges;
    return false;
  }
  double Edges = static_cast<double>(L->BackEdges - L->OsrProbeEdges);
  double PerIterNs = static_cast<double>(Now - L->OsrProbeNs) / Edges;
  double PerIterBytes = static_cast<double>(heapBytesAllocated() - L->OsrProbeBytes) / Edges;
  L->OsrProbeNs = -2;
  if (PerIterBytes < static_cast<double>(I->Opts.T.OsrAllocBytes))
    return true;
  double WaitIters = static_cast<double>(I->Opts.T.OsrSlowBudgetMs) * 1e6 / std::max(PerIterNs, 1.0);
  L->OsrDeferUntil = L->BackEdges + static_cast<uint64_t>(WaitIters);
  I->trace(fmt::format("loop at line {}: allocates {:.0f} bytes and takes {:.0f} ns per iteration "
                       "in Tier 0, OSR deferred by {:.0f} iterations",
                       L->Loc.Line, PerIterBytes, PerIterNs, WaitIters));
  return false;
}

bool TierManager::wantsSpecialization(FunctionDecl *Fn, uint64_t Sig) {
  return I->wantsSpec(Fn, Sig);
}

void TierManager::onHotFunction(FunctionDecl *Fn) {
  const FunctionFeedback &FB = Fn->Feedback;
  uint64_t Loops = 0;
  for (const LoopExpr *L : Fn->Loops)
    Loops += L->BackEdges;
  Impl::Job J{Fn, nullptr,
              I->Opts.Mode == TierMode::Tier1   ? "--tier=1"
              : I->Opts.Mode == TierMode::Tier2 ? "--tier=2"
                                                : fmt::format("{} calls, {} loop iterations",
                                                              FB.Calls, Loops)};
  // A hot function whose calls mostly have a few signatures is
  // specialized for each of them (Julia's way: one method-cache entry per
  // signature, which compiled callers check inline); the generic Tier 1
  // code is for a function called with many mixes of kinds.
  if (I->Opts.Mode == TierMode::Tier2) {
    if (I->wantsSpec(Fn, FB.LastSig))
      J.Sigs.push_back(FB.LastSig);
  } else {
    for (uint64_t Sig : I->hotSignatures(FB))
      if (I->wantsSpec(Fn, Sig))
        J.Sigs.push_back(Sig);
  }
  if (J.Sigs.empty() && (loadPublished(Fn->JitCode) || loadPublished(Fn->JitFailed)))
    return;
  if (I->Async) {
    Fn->JitPending = true;
    I->enqueue(std::move(J));
    return;
  }
  I->run(J);
}

OsrFn TierManager::onHotLoop(FunctionDecl *Fn, LoopExpr *L) {
  if (Fn->JitFailed) {
    L->OsrFailed = true;
    return nullptr;
  }
  Impl::Job J{Fn, L, fmt::format("{} loop iterations", L->BackEdges)};
  // The frame is entered by a specialization for the signature the
  // function was called with; its entry checks the frame's kinds.
  if (I->Opts.Mode == TierMode::Auto && I->Opts.T.OptT2 >= 0) {
    J.Sigs.push_back(Fn->Feedback.LastSig);
  }
  if (I->Async) {
    L->OsrPending = true;
    I->enqueue(std::move(J));
    return nullptr;
  }
  I->run(J);
  return reinterpret_cast<OsrFn>(loadPublished(L->OsrEntry));
}

TierInfo TierManager::info(const FunctionDecl *Fn) const {
  std::lock_guard<std::mutex> Lock(I->RecordsMu);
  auto It = I->Records.find(Fn);
  return It == I->Records.end() ? TierInfo() : It->second.Info;
}

std::string TierManager::summary() const {
  std::lock_guard<std::mutex> Lock(I->RecordsMu);
  std::string Out = fmt::format("compiled {} unit(s) in {:.2f} ms", I->Units,
                                I->TotalCompileSeconds * 1000);
  if (I->Units)
    Out += fmt::format(" (mean {:.3f} ms)", I->TotalCompileSeconds * 1000 / I->Units);
  if (I->EngineSeconds > 0)
    Out += fmt::format(", plus {:.2f} ms creating the LLVM engine", I->EngineSeconds * 1000);
  Out += "\n";
  for (auto &[Reason, N] : I->FailureCounts)
    Out += fmt::format("compile failed {}x: {}\n", N, Reason);
  for (const auto &RP : I->ResumePoints)
    if (RP->Count)
      Out += fmt::format("deopt {}x: {} {}{} line {} speculated {}{}\n", RP->Count,
                         RP->Fn->QualName, signatureText(RP->Sig), RP->Osr ? " (OSR entry)" : "",
                         RP->Store->Loc.Line, kindName(RP->Expected),
                         RP->Count >= static_cast<uint64_t>(std::max<int64_t>(I->Opts.T.MaxDeopts, 1))
                             ? ", given up"
                             : "");
  return Out;
}
