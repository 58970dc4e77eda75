//===- jit/Specializer.cpp - Tier 2: specializations and their policy -*- C++ -*-===//
//
// What Tier 2 compiles and when it gives up: specializations per argument
// signature (jit/Codegen.h generates them), the return kinds callers rely
// on, inlined copies of small callees, the signatures a hot function is
// specialized for, and what a failed guard does.
//
//===----------------------------------------------------------------------===//
#include "jit/TierManagerImpl.h"

using namespace ruchy;
using namespace ruchy::jit;

void TierManager::Impl::onDeopt(ResumePoint &RP, Value Got) {
  ++Deopts;
  trace(fmt::format("{} {}{}: deopt at line {}: {} expected{}; Tier 0 resumes ({} here)",
                    RP.Fn->QualName, signatureText(RP.Sig), RP.Osr ? " (OSR entry)" : "",
                    RP.Store->Loc.Line, kindName(RP.Expected),
                    RP.Slot >= 0 ? fmt::format(", got {}", kindName(Got.K))
                                 : std::string(" for an array element (read or store)"),
                    RP.Count));
  if (RP.Count != static_cast<uint64_t>(std::max<int64_t>(Opts.T.MaxDeopts, 1)))
    return;
  if (bool *Failed = specFailedFlag(RP.Store))
    *Failed = true;
  ++GivenUp;
  if (RP.Osr) {
    // The loop's next hot back-edge makes a new entry, which does not
    // speculate here.
    void *Old = __atomic_exchange_n(&RP.Osr->OsrEntry, nullptr, __ATOMIC_ACQ_REL);
    RP.Osr->OsrPending = false;
    if (Old)
      retire(RP.Fn, RP.Sig, Old);
  } else {
    // Out of the method cache: the next hot call makes a specialization
    // that does not speculate here (bounded by --jit-max-specs).
    retire(RP.Fn, RP.Sig, nullptr);
  }
  std::lock_guard<std::mutex> Lock(RecordsMu);
  ++Records[RP.Fn].Info.Recompiles;
  trace(fmt::format("{} {}: speculation at line {} given up after {} failed guards", RP.Fn->QualName,
                    signatureText(RP.Sig), RP.Store->Loc.Line, RP.Count));
}

KindSet TierManager::Impl::returnKinds(const FunctionDecl *Callee, const std::vector<Kind> &Kinds) {
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

std::vector<uint64_t> TierManager::Impl::hotSignatures(const FunctionFeedback &FB) const {
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

bool TierManager::Impl::wantsSpec(const FunctionDecl *Fn, uint64_t Sig) const {
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

void *TierManager::Impl::linkCallee(FunctionDecl *Target, const std::vector<Kind> &K) {
  // --tier=2 compiles callees on the spot. --tier=auto only links to
  // specializations that exist: a callee compiled before it ever ran
  // would have no feedback to speculate on (and may never be hot).
  if (Opts.Mode == TierMode::Tier2 && !compileSpec(Target, K))
    return nullptr;
  return linkLive(Target, signatureOfKinds(K));
}

std::unique_ptr<Tier2Request> TierManager::Impl::inlineRequest(FunctionDecl *Target,
                                              const std::vector<Kind> &K) {
  if (Target->IsClosure || !Target->Body || Opts.T.InlineNodes <= 0 ||
      K.size() != Target->Params.size())
    return nullptr;
  int64_t Nodes = 0;
  ast::forEachExpr(Target->Body, [&](ast::Expr *) { ++Nodes; });
  if (Nodes > Opts.T.InlineNodes)
    return nullptr;
  auto R = std::make_unique<Tier2Request>();
  R->ArgKinds = K;
  R->AstPasses = Opts.AstPassesT2;
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

unsigned TierManager::Impl::recursionLevels(const FunctionDecl *Fn) const {
  // Each level copies the function once per call of itself: the levels
  // taken must fit --jit-inline-nodes together, as one callee's copy must.
  int64_t Nodes = 0;
  int64_t SelfCalls = ast::directSelfCalls(Fn);
  ast::forEachExpr(Fn->Body, [&](ast::Expr *) { ++Nodes; });
  unsigned Levels = 0;
  int64_t Copies = 1, Copied = 0;
  while (SelfCalls > 0 && Levels < std::min<int64_t>(Opts.T.RecursionUnroll, 4)) {
    Copies *= SelfCalls;
    Copied += Copies * Nodes;
    if (Copied > Opts.T.InlineNodes)
      break;
    ++Levels;
  }
  return Levels;
}

void *TierManager::Impl::compileSpec(FunctionDecl *Fn, const std::vector<Kind> &Kinds,
                    const std::string &Why, LoopExpr *L) {
  uint64_t Sig = signatureOfKinds(Kinds);
  SpecKey Key{Fn, Sig};
  if (!L) {
    // (A specialization given up after failed guards, or evicted, is made
    // again.)
    {
      std::lock_guard<std::mutex> Lock(CacheMu);
      if (auto It = LiveSpecs.find(Key); It != LiveSpecs.end())
        return It->second->Raw;
    }
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
  Req.AstPasses = Opts.AstPassesT2;
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
  Req.Inline = [this](FunctionDecl *Target, const std::vector<Kind> &K) {
    return inlineRequest(Target, K);
  };
  Req.RecursionUnroll = recursionLevels(Fn);
  Req.PureVariant = !L && Opts.T.PureVariants > 0;
  Req.Speculated = Types.Speculated;
  Req.SpeculatedLoads = Types.SpeculatedLoads;
  Req.SpeculatedStores = Types.SpeculatedStores;
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
  LinkStack.emplace_back();
  Tier1Module Mod = generateTier2(Fn, Req, Name, Globals, L);
  unsigned AstFolded = Mod.AstFolded, AstPruned = Mod.AstPruned;
  std::string PureNote = Mod.HasPureVariant         ? "; pure variant"
                         : Mod.PureFailure.empty() ? ""
                                                   : "; no pure variant: " + Mod.PureFailure;
  void *Raw = nullptr;
  std::string Failure = Mod.Failure;
  CompiledUnit Unit;
  if (Failure.empty()) {
    DumpRequest Dump;
    bool D = wantsDump(Fn);
    Dump.IrBefore = Dump.IrAfter = D;
    Dump.Asm = Opts.DumpAsm && (Opts.DumpIrFilter.empty() || D);
    unsigned Opt = static_cast<unsigned>(std::clamp<int64_t>(Opts.T.OptT2, 0, 5));
    auto U = E->compile(std::move(Mod.M), std::move(Mod.Ctx), Mod.EntryName, Opt, Dump,
                        /*Specialized=*/true, t2Passes(L));
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
    dropLinks();
    if (!L)
      __atomic_store_n(&Fn->SpecsClosed, true, __ATOMIC_RELEASE);
    fail(Fn, "Tier 2: " + Failure);
    trace(fmt::format("{} {}{}: t2 failed: {}", Fn->QualName, SigText, Where, Failure));
    return nullptr;
  }
  double Secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - T0).count() -
                (SpecSeconds - NestedBefore);
  SpecSeconds += Secs;
  uint64_t CodeBytes = 0;
  for (const CodeRange &C : Unit.Code)
    CodeBytes += C.End - C.Begin;
  int Slot = -1;
  if (!L) {
    uint32_t N = Fn->NumSpecs;
    Fn->Specs[N] = {Sig, Unit.Entry, 0};
    __atomic_store_n(&Fn->NumSpecs, N + 1, __ATOMIC_RELEASE);
    Slot = static_cast<int>(N);
  }
  addUnit(Fn, Sig, Slot, Name, Raw, Unit);
  {
    std::lock_guard<std::mutex> Lock(RecordsMu);
    FnRecord &R = Records[Fn];
    R.Info.Tier = 2;
    ++R.Info.Units;
    R.Info.CompileSeconds += Secs;
    R.Info.CompileSecondsT2 += Secs;
    R.Info.Specializations.push_back(SigText + (L ? fmt::format("@osr{}", L->LoopIndex) : ""));
    R.Info.CodeBytes += CodeBytes;
    ++Units;
    TotalCompileSeconds += Secs;
    addPhases(2, Secs, Unit);
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
  trace(fmt::format("{} {}{}: -> t2 ({}), compiled in {:.2f} ms (LLVM {} {:.2f} ms, codegen "
                    "{:.2f} ms; typed slots: {}{}{})",
                    Fn->QualName, SigText, Where, Why, Secs * 1000,
                    t2Passes(L).empty() ? "-O" + optLevelName(Opts.T.OptT2)
                    : L && Opts.OsrPasses == JitOptions::DefaultOsrPasses ? std::string("OSR passes")
                                                                          : std::string("passes"),
                    Unit.OptSeconds * 1000, Unit.CodegenSeconds * 1000,
                    Typed.empty() ? "none" : Typed, PureNote, astPassNote(AstFolded, AstPruned)));
  return Raw;
}
