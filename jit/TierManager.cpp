//===- jit/TierManager.cpp - When and what to compile ------------*- C++ -*-===//
#include "jit/TierManagerImpl.h"

using namespace ruchy;
using namespace ruchy::jit;
using namespace ruchy::ast;

// An OSR job serves a loop that is running now, and the newest one the
// innermost code running: it goes first, ahead of whole-function jobs,
// which serve calls still to come (matmul's main waited behind a compile
// of `make`, which had finished its work in Tier 0 by then).
void TierManager::Impl::enqueue(Job J) {
  {
    std::lock_guard<std::mutex> Lock(QueueMu);
    if (J.L)
      Queue.push_front(std::move(J));
    else
      Queue.push_back(std::move(J));
  }
  startWorker();
  QueueCV.notify_one();
}

void TierManager::Impl::startWorker() {
  if (!Worker.joinable())
    Worker = std::thread([this] { workerLoop(); });
}

void TierManager::Impl::warmUp() {
  if (!ensureEngine(nullptr))
    return;
  auto Seconds = E->warmUp(static_cast<unsigned>(std::max<int64_t>(Opts.T.OptT2, Opts.T.OptT1)));
  if (!Seconds) {
    trace("LLVM warm-up failed: " + llvm::toString(Seconds.takeError()));
    return;
  }
  {
    std::lock_guard<std::mutex> Lock(RecordsMu);
    WarmupSeconds = *Seconds;
  }
  trace(fmt::format("LLVM warmed up in {:.2f} ms (background)", *Seconds * 1000));
}

void TierManager::Impl::workerLoop() {
  if (Opts.T.Warmup > 0)
    warmUp();
  for (;;) {
    Job J;
    {
      std::unique_lock<std::mutex> Lock(QueueMu);
      QueueCV.wait(Lock, [this] { return Stopping || !Queue.empty(); });
      if (Stopping)
        return;
      J = std::move(Queue.front());
      Queue.pop_front();
      Running = J;
    }
    run(J);
    if (!J.L)
      __atomic_store_n(&J.Fn->JitPending, false, __ATOMIC_RELEASE);
    std::lock_guard<std::mutex> Lock(QueueMu);
    Running.reset();
  }
}

void TierManager::Impl::run(const Job &J) {
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

void TierManager::Impl::publish(const Job &J, void *Code) {
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

bool TierManager::Impl::stop() {
  bool Busy;
  {
    std::lock_guard<std::mutex> Lock(QueueMu);
    Stopping = true;
    Queue.clear();
    Busy = Running.has_value();
  }
  QueueCV.notify_all();
  if (Detached)
    return true;
  if (!Worker.joinable())
    return false;
  // Idle (or in --jit-warmup's short compile): it takes no new job once
  // Stopping is set.
  if (!Busy) {
    Worker.join();
    return false;
  }
  Worker.detach();
  Detached = true;
  return true;
}

std::string TierManager::Impl::uniqueName(const std::string &Base) {
  std::string Name = Base;
  for (unsigned N = 2; UsedNames.count(Name); ++N)
    Name = fmt::format("{}.{}", Base, N);
  UsedNames.insert(Name);
  return Name;
}

void TierManager::Impl::trace(const std::string &Line) {
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

void TierManager::Impl::emitDump(const std::string &Name, const char *Suffix, const std::string &Text) {
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

void TierManager::Impl::fail(const FunctionDecl *Fn, const std::string &Reason) {
  std::lock_guard<std::mutex> Lock(RecordsMu);
  Records[Fn].Info.Failure = Reason;
  ++FailureCounts[Reason];
}

bool TierManager::Impl::tooLarge(FunctionDecl *Fn) {
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

bool TierManager::Impl::ensureEngine(FunctionDecl *Fn) {
  if (E)
    return true;
  auto EngineStart = std::chrono::steady_clock::now();
  EngineOptions EO;
  EO.FastIsel = Opts.T.FastIselT1 != 0;
  EO.PerfMap = Opts.PerfMap;
  EO.GdbJit = Opts.GdbJit;
  EO.FloatDivision = Opts.T.FloatDivision != 0;
  EO.UnswitchThreshold = static_cast<int>(std::clamp<int64_t>(Opts.T.UnswitchThreshold, 0, 1 << 20));
  auto Created = Engine::create(EO);
  if (!Created && !Fn) {
    // The warm-up's attempt: the first real compile tries again and
    // records the reason against its function.
    consumeError(Created.takeError());
    return false;
  }
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

void *TierManager::Impl::compile(FunctionDecl *Fn, LoopExpr *L, const std::string &Why) {
  if (EngineFailed)
    return nullptr;
  if (tooLarge(Fn) || !ensureEngine(Fn))
    return nullptr;
  auto T0 = std::chrono::steady_clock::now();
  std::string Base = symbolBase(Fn) + (L ? fmt::format(".osr{}", L->LoopIndex) : "") + ".t1";
  std::string Name = uniqueName(Base);
  Tier1Module Mod = generateTier1(Fn, L, Name, Globals, Opts.AstPassesT1);
  unsigned AstFolded = Mod.AstFolded, AstPruned = Mod.AstPruned;
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
    addPhases(1, Secs, *Unit);
  }
  emitDump(Name, ".ll", Unit->IrBefore);
  emitDump(Name, ".opt.ll", Unit->IrAfter);
  emitDump(Name, ".s", Unit->Asm);
  trace(fmt::format("{}{}: t0 -> t1 ({}), compiled in {:.2f} ms (LLVM -O{} {:.2f} ms, codegen "
                    "{:.2f} ms{})",
                    Fn->QualName,
                    L ? fmt::format(" OSR entry at loop line {}", L->Loc.Line) : "", Why,
                    Secs * 1000, Opt, Unit->OptSeconds * 1000, Unit->CodegenSeconds * 1000,
                    astPassNote(AstFolded, AstPruned)));
  return Unit->Entry;
}

TierManager::TierManager(Interpreter &Interp, Program &P, JitOptions Opts)
    : I(std::make_unique<Impl>(Interp, P, std::move(Opts))) {
  setDeoptHandler(
      [](ResumePoint &RP, Value Got, void *Ctx) { static_cast<Impl *>(Ctx)->onDeopt(RP, Got); },
      I.get());
}

bool TierManager::stopCompiles() { return I->stop(); }

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
    // The background compiler starts now when it has a warm-up to do.
    if (I->Async && I->Opts.T.Warmup > 0)
      I->startWorker();
    return;
  }
  }
}

namespace {

/// Appends the loops of Fn's body around Target, outermost first, and
/// Target; false when Target is not under Root.
bool loopsAround(Expr *Root, LoopExpr *Target, std::vector<LoopExpr *> &Chain) {
  if (Root == Target) {
    Chain.push_back(Target);
    return true;
  }
  bool IsLoop = Root->K == ExprKind::For || Root->K == ExprKind::While || Root->K == ExprKind::Loop;
  if (IsLoop)
    Chain.push_back(static_cast<LoopExpr *>(Root));
  bool Found = false;
  ast::forEachChild(Root, [&](Expr *C) {
    if (!Found && C)
      Found = loopsAround(C, Target, Chain);
  });
  if (!Found && IsLoop)
    Chain.pop_back();
  return Found;
}

/// Iterations of `for` loop L after the current one, and in all of its run
/// (from the frame's hidden slots: the range or array and the position);
/// false when L is not such a loop.
bool forTrips(const LoopExpr *L, const Value *Slots, double &Left, double &All) {
  if (L->K != ExprKind::For || L->IterSlot < 0 || L->IndexSlot < 0)
    return false;
  const Value &It = Slots[L->IterSlot], &Pos = Slots[L->IndexSlot];
  if (Pos.K != Kind::Int)
    return false;
  if (It.K == Kind::Range) {
    double Hi = static_cast<double>(It.R->Hi) + (It.R->Inclusive ? 1 : 0);
    All = std::max(0.0, Hi - static_cast<double>(It.R->Lo));
    Left = std::max(0.0, Hi - static_cast<double>(Pos.I) - 1);
    return true;
  }
  if (It.K == Kind::Array) {
    All = static_cast<double>(It.A->Len);
    Left = std::max(0.0, All - static_cast<double>(Pos.I) - 1);
    return true;
  }
  return false;
}

/// Back-edges of loop L still to come in this call of Fn, when L and every
/// loop around it are `for` loops over ranges or arrays (each inner loop
/// counted at the length of its current run); negative when unknown.
double iterationsLeft(FunctionDecl *Fn, LoopExpr *L, const Value *Slots) {
  std::vector<LoopExpr *> Chain;
  if (!Slots || !Fn->Body || !loopsAround(Fn->Body, L, Chain))
    return -1;
  // From the innermost out: what is left of each loop's current run, plus
  // its remaining iterations times a whole run of everything inside.
  double Left = 0, Inner = 1;
  for (size_t I = Chain.size(); I-- > 0;) {
    double LoopLeft, LoopAll;
    if (!forTrips(Chain[I], Slots, LoopLeft, LoopAll))
      return -1;
    Left += LoopLeft * Inner;
    Inner *= LoopAll;
  }
  return Left;
}

} // namespace

// Ski rental for runtime-bound loops. A loop that allocates on every
// iteration spends its time in the runtime (strings, arrays, maps, structs),
// which compiled code calls just the same: compiling it gains little and, on
// 2 cores, the compile slows the program. Such a loop is compiled only once
// Tier 0 has spent about two compiles' worth of time in it. Any other loop
// is compiled at once unless what is left of it would take Tier 0 less than
// about a compile (a counted nest about to end, or an average call's share
// of a loop in a function called many times). A loop that calls functions
// of the program is always compiled at once: its time is mostly its
// callees', which tier up on their own.
bool TierManager::osrWorthIt(FunctionDecl *Fn, LoopExpr *L, const Value *Slots) {
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
    L->OsrProbeObjects = heapStats().Objects;
    L->OsrProbeEdges = L->BackEdges;
    L->OsrDeferUntil = L->BackEdges + ProbeEdges;
    return false;
  }
  double Edges = static_cast<double>(L->BackEdges - L->OsrProbeEdges);
  double PerIterNs = static_cast<double>(Now - L->OsrProbeNs) / Edges;
  double PerIterBytes = static_cast<double>(heapBytesAllocated() - L->OsrProbeBytes) / Edges;
  double PerIterObjects = static_cast<double>(heapStats().Objects - L->OsrProbeObjects) / Edges;
  L->OsrProbeNs = -2;
  // Runtime-bound: many bytes, in allocations made on most iterations. A
  // growing array's storage is reallocated at its doublings only: 66 bytes
  // per iteration over the 1000 after array_sum's 4096th push, whose loop
  // is compiled code's work all the same.
  if (PerIterBytes < static_cast<double>(I->Opts.T.OsrAllocBytes) ||
      PerIterObjects * 100 < static_cast<double>(I->Opts.T.OsrAllocObjectsPct)) {
    // A loop about to end is left to Tier 0: its compile would finish
    // after it and hold up the compiles queued behind it. A later call of
    // Fn that runs it again is measured again.
    // Otherwise, in a function called more than once, what is left of
    // this call is expected to be what a call runs on average: float_loop's
    // `escape` reached the threshold over 2800 calls of 2 iterations each,
    // and an OSR entry would have served the 2 left of the call under way
    // (the function's own compile serves the calls to come).
    double Left = iterationsLeft(Fn, L, Slots);
    uint64_t Calls = __atomic_load_n(&Fn->Feedback.Calls, __ATOMIC_RELAXED);
    bool Average = Left < 0 && Calls > 1;
    if (Average)
      Left = static_cast<double>(L->BackEdges) / static_cast<double>(Calls);
    double LeftMs = Left * PerIterNs / 1e6;
    if (Left < 0 || LeftMs >= static_cast<double>(I->Opts.T.OsrMinRemainingMs))
      return true;
    L->OsrProbeNs = -1;
    L->OsrDeferUntil = L->BackEdges + static_cast<uint64_t>(Left) + 1;
    if (Average)
      L->OsrDeferUntil = std::max<uint64_t>(
          L->OsrDeferUntil, L->BackEdges + static_cast<uint64_t>(std::max<int64_t>(I->Opts.T.OsrLoops, 1)));
    I->trace(fmt::format("loop at line {}: {}{:.0f} iterations left at {:.0f} ns each in Tier 0 "
                         "({:.2f} ms < --jit-osr-min-remaining-ms), no OSR compile",
                         L->Loc.Line,
                         Average ? fmt::format("{} calls so far, about ", Calls) : std::string(),
                         Left, PerIterNs, LeftMs));
    return false;
  }
  double WaitIters = static_cast<double>(I->Opts.T.OsrSlowBudgetMs) * 1e6 / std::max(PerIterNs, 1.0);
  L->OsrDeferUntil = L->BackEdges + static_cast<uint64_t>(WaitIters);
  I->trace(fmt::format("loop at line {}: allocates {:.0f} bytes in {:.2f} objects and takes {:.0f} ns "
                       "per iteration in Tier 0, OSR deferred by {:.0f} iterations",
                       L->Loc.Line, PerIterBytes, PerIterObjects, PerIterNs, WaitIters));
  return false;
}

bool TierManager::wantsSpecialization(FunctionDecl *Fn, uint64_t Sig) {
  I->maybeCollect();
  return I->wantsSpec(Fn, Sig);
}

void TierManager::onHotFunction(FunctionDecl *Fn) {
  I->maybeCollect();
  const FunctionFeedback &FB = Fn->Feedback;
  uint64_t Loops = 0;
  for (const LoopExpr *L : Fn->Loops)
    Loops += L->BackEdges;
  // Hot through its loops in a call or two: the compile would serve only
  // later calls, which may never come; asked again at the next threshold.
  if (I->Opts.Mode == TierMode::Auto && FB.Calls < static_cast<uint64_t>(I->Opts.T.T1Calls) &&
      FB.Calls < static_cast<uint64_t>(std::max<int64_t>(I->Opts.T.LoopHeatMinCalls, 0)) &&
      FB.Calls > 0) {
    I->trace(fmt::format("{}: hot through {} loop iterations in {} call{}: compiled from call {} "
                         "on (--jit-loop-heat-min-calls)",
                         Fn->QualName, Loops, FB.Calls, FB.Calls == 1 ? "" : "s",
                         I->Opts.T.LoopHeatMinCalls));
    return;
  }
  Impl::Job J{Fn, nullptr,
              I->Opts.Mode == TierMode::Tier1   ? "--tier=1"
              : I->Opts.Mode == TierMode::Tier2 ? "--tier=2"
                                                : fmt::format("{} calls, {} loop iterations",
                                                              FB.Calls, Loops),
              {}};
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
  I->maybeCollect();
  if (Fn->JitFailed) {
    L->OsrFailed = true;
    return nullptr;
  }
  Impl::Job J{Fn, L, fmt::format("{} loop iterations", L->BackEdges), {}};
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

CompilePhases TierManager::compilePhases() const {
  std::lock_guard<std::mutex> Lock(I->RecordsMu);
  CompilePhases P = I->Phases;
  P.EngineSeconds = I->EngineSeconds;
  return P;
}

TierInfo TierManager::info(const FunctionDecl *Fn) const {
  std::lock_guard<std::mutex> Lock(I->RecordsMu);
  auto It = I->Records.find(Fn);
  return It == I->Records.end() ? TierInfo() : It->second.Info;
}

bool JitOptions::dumpsIrOf(const FunctionDecl &Fn) const {
  return DumpIr && (DumpIrFilter.empty() || DumpIrFilter == Fn.QualName || DumpIrFilter == Fn.Name);
}

std::string TierManager::Impl::jobName(const Job &J) {
  return J.L ? fmt::format("{} (loop at line {})", J.Fn->QualName, J.L->Loc.Line) : J.Fn->QualName;
}

std::string TierManager::summary() const {
  // (Before RecordsMu: evictions take the cache's lock, then the records'.)
  std::string Cache = I->cacheSummary();
  // Compiles the run ended before: the program finished first.
  std::string Unfinished;
  {
    std::lock_guard<std::mutex> Lock(I->QueueMu);
    if (I->Running)
      Unfinished = fmt::format("; at exit still compiling {}", Impl::jobName(*I->Running));
    if (!I->Queue.empty())
      Unfinished += fmt::format("{} {} queued ({}{})", Unfinished.empty() ? "; at exit" : " with",
                                I->Queue.size(), Impl::jobName(I->Queue.front()),
                                I->Queue.size() > 1 ? ", ..." : "");
  }
  std::lock_guard<std::mutex> Lock(I->RecordsMu);
  std::string Out = fmt::format("compiled {} unit(s) in {:.2f} ms", I->Units,
                                I->TotalCompileSeconds * 1000);
  if (I->Units)
    Out += fmt::format(" (mean {:.3f} ms)", I->TotalCompileSeconds * 1000 / I->Units);
  if (I->EngineSeconds > 0)
    Out += fmt::format(", plus {:.2f} ms creating the LLVM engine", I->EngineSeconds * 1000);
  if (I->WarmupSeconds > 0)
    Out += fmt::format(" and {:.2f} ms warming it up (background)", I->WarmupSeconds * 1000);
  Out += Unfinished + "\n";
  Out += Cache;
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
