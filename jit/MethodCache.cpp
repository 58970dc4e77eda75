//===- jit/MethodCache.cpp - The method cache's bound and code freeing -*- C++ -*-===//
//
// The Tier 2 method cache maps (function, argument signature) to compiled
// code. Each function has at most --jit-max-specs entries; all functions
// together at most --jit-cache-size. Past that bound the least recently
// called entry leaves the cache (its signature goes back to the generic
// code, or to a new specialization when it is hot again, within the
// function's own cap).
//
// An entry out of the cache is retired, not freed: frames on the program's
// stack may still run its code, and other compiled units may call it
// directly (a direct call is a constant address in their code). A retired
// unit is freed on the program's thread once no unit that is not freed
// links to it and no word of the program's stack points into its code: a
// frame running it has a return address there whatever the frame layout,
// as a conservative collector finds pointers. The scan runs at the tier
// manager's hooks, when there is something to free.
//
// Direct links never form a cycle (a callee is compiled before its caller,
// and a callee that calls back into a caller under way calls the generic
// path), so entries nothing links to always exist.
//
//===----------------------------------------------------------------------===//
#include "jit/TierManagerImpl.h"

#include "runtime/Error.h"

#include <csetjmp>

using namespace ruchy;
using namespace ruchy::jit;

namespace {

/// A unit's code range, with the unit as an opaque key.
using OwnedRange = std::pair<CodeRange, const void *>;

/// The owners of Ranges that a word of the program's stack, between this
/// frame and the stack's top, points into. Not instrumented: the scan reads
/// every frame's words, redzones included.
__attribute__((no_sanitize("address"), noinline)) std::set<const void *>
ownersOnStack(std::vector<OwnedRange> Ranges) {
  std::sort(Ranges.begin(), Ranges.end(),
            [](const auto &A, const auto &B) { return A.first.Begin < B.first.Begin; });
  // Callee-saved registers may hold an address of the code: onto the
  // stack with them.
  jmp_buf Registers;
  setjmp(Registers);
  std::set<const void *> Found;
  auto Lo = reinterpret_cast<uintptr_t>(&Registers) & ~uintptr_t(7);
  auto Hi = reinterpret_cast<uintptr_t>(StackTop);
  for (uintptr_t P = Lo; P + sizeof(uintptr_t) <= Hi; P += sizeof(uintptr_t)) {
    uintptr_t W = *reinterpret_cast<const volatile uintptr_t *>(P);
    auto It = std::upper_bound(Ranges.begin(), Ranges.end(), W,
                               [](uintptr_t V, const auto &R) { return V < R.first.Begin; });
    if (It != Ranges.begin() && W < std::prev(It)->first.End)
      Found.insert(std::prev(It)->second);
  }
  return Found;
}

/// True when this thread runs on the program's stack (the only one that
/// runs compiled code), so that scanning it sees every compiled frame.
bool onProgramStack() {
  char Probe;
  return StackTop && StackLimit && &Probe > StackLimit && &Probe < StackTop;
}

} // namespace

void *TierManager::Impl::linkLive(const FunctionDecl *Fn, uint64_t Sig) {
  std::lock_guard<std::mutex> Lock(CacheMu);
  auto It = LiveSpecs.find({Fn, Sig});
  if (It == LiveSpecs.end() || It->second->Retired)
    return nullptr;
  CodeUnit *U = It->second;
  if (LinkStack.empty())
    return nullptr;
  ++U->Dependents;
  LinkStack.back().push_back(U);
  return U->Raw;
}

void TierManager::Impl::dropLinks() {
  std::lock_guard<std::mutex> Lock(CacheMu);
  for (CodeUnit *U : LinkStack.back())
    --U->Dependents;
  LinkStack.pop_back();
}

void TierManager::Impl::addUnit(FunctionDecl *Fn, uint64_t Sig, int Slot, const std::string &Name,
                                void *Raw, CompiledUnit &Unit) {
  std::lock_guard<std::mutex> Lock(CacheMu);
  auto Owned = std::make_unique<CodeUnit>();
  CodeUnit *U = Owned.get();
  U->Fn = Fn;
  U->Sig = Sig;
  U->Slot = Slot;
  U->Name = Name;
  U->Raw = Raw;
  U->Tracker = std::move(Unit.Tracker);
  U->Code = std::move(Unit.Code);
  U->Callees = std::move(LinkStack.back());
  LinkStack.pop_back();
  CodeUnits.push_back(std::move(Owned));
  if (Slot < 0) {
    UnitByEntry[Unit.Entry] = U;
    return;
  }
  LiveSpecs[{Fn, Sig}] = U;
  // New entries count as just used: the next eviction is another's.
  __atomic_store_n(&Fn->Specs[Slot].LastUse, __atomic_load_n(&SpecUseClock, __ATOMIC_RELAXED),
                   __ATOMIC_RELAXED);
  if (Opts.T.CacheSize <= 0)
    return;
  while (LiveSpecs.size() > static_cast<uint64_t>(Opts.T.CacheSize)) {
    CodeUnit *Victim = nullptr;
    uint64_t Oldest = UINT64_MAX;
    for (auto &[Key, V] : LiveSpecs) {
      if (V == U || V->Dependents)
        continue;
      uint64_t Use = __atomic_load_n(&V->Fn->Specs[V->Slot].LastUse, __ATOMIC_RELAXED);
      if (Use < Oldest) {
        Oldest = Use;
        Victim = V;
      }
    }
    if (!Victim)
      break; // every other entry is called directly by compiled code
    ++EvictedCount;
    {
      std::lock_guard<std::mutex> RLock(RecordsMu);
      ++Records[Victim->Fn].Info.Evicted;
    }
    retireLocked(Victim, fmt::format("evicted from the method cache ({} entries, "
                                     "--jit-cache-size), least recently called",
                                     LiveSpecs.size()));
  }
}

void TierManager::Impl::retireLocked(CodeUnit *U, const std::string &Why) {
  if (U->Retired)
    return;
  U->Retired = true;
  if (U->Slot >= 0) {
    FunctionDecl::Specialization &S = U->Fn->Specs[U->Slot];
    if (__atomic_load_n(&S.Sig, __ATOMIC_ACQUIRE) == U->Sig)
      __atomic_store_n(&S.Sig, DeadSig, __ATOMIC_RELEASE);
    auto It = LiveSpecs.find({U->Fn, U->Sig});
    if (It != LiveSpecs.end() && It->second == U)
      LiveSpecs.erase(It);
  }
  RetiredUnits.push_back(U);
  __atomic_store_n(&NewlyRetired, true, __ATOMIC_RELAXED);
  __atomic_store_n(&RetiredPending, true, __ATOMIC_RELEASE);
  trace(fmt::format("{} {}{}: {}", U->Fn->QualName, signatureText(U->Sig),
                    U->Slot < 0 ? " (OSR entry)" : "", Why));
}

void TierManager::Impl::retire(const FunctionDecl *Fn, uint64_t Sig, void *OsrEntry) {
  std::lock_guard<std::mutex> Lock(CacheMu);
  if (OsrEntry) {
    auto It = UnitByEntry.find(OsrEntry);
    if (It != UnitByEntry.end()) {
      CodeUnit *U = It->second;
      UnitByEntry.erase(It);
      retireLocked(U, "OSR entry out of use (speculation given up)");
    }
    return;
  }
  auto It = LiveSpecs.find({Fn, Sig});
  if (It != LiveSpecs.end())
    retireLocked(It->second, "out of the method cache (speculation given up)");
}

void TierManager::Impl::maybeCollect() {
  if (!__atomic_load_n(&RetiredPending, __ATOMIC_ACQUIRE))
    return;
  // New retirements are looked at once. A scan that found frames is worth
  // repeating once frames have returned (a shallower stack), or after 20
  // times its own cost has passed (under 5% of the time, however deep the
  // stack; a frame may return and be called again at the same depth).
  auto Now = std::chrono::steady_clock::now();
  if (!__atomic_load_n(&NewlyRetired, __ATOMIC_RELAXED) && CallStack::depth() >= LastCollectDepth &&
      Now < NextCollect)
    return;
  collectRetired();
  auto After = std::chrono::steady_clock::now();
  NextCollect = After + std::max<std::chrono::steady_clock::duration>(
                            20 * (After - Now), std::chrono::microseconds(100));
}

void TierManager::Impl::collectRetired() {
  if (!onProgramStack())
    return;
  std::lock_guard<std::mutex> Lock(CacheMu);
  __atomic_store_n(&NewlyRetired, false, __ATOMIC_RELAXED);
  for (;;) {
    std::vector<CodeUnit *> Candidates;
    for (CodeUnit *U : RetiredUnits)
      if (!U->Freed && !U->Dependents && !U->Code.empty())
        Candidates.push_back(U);
    if (Candidates.empty())
      break;
    std::vector<OwnedRange> Ranges;
    for (CodeUnit *U : Candidates)
      for (const CodeRange &R : U->Code)
        Ranges.emplace_back(R, U);
    std::set<const void *> Running = ownersOnStack(std::move(Ranges));
    bool FreedAny = false;
    for (CodeUnit *U : Candidates) {
      if (Running.count(U))
        continue;
      E->remove(std::move(U->Tracker));
      U->Freed = true;
      FreedAny = true;
      ++FreedCount;
      // Its direct callees lose a dependent (and may go in this pass).
      for (CodeUnit *C : U->Callees)
        --C->Dependents;
      trace(fmt::format("{} {}{}: code freed (no frame runs it, no compiled code calls it)",
                        U->Fn->QualName, signatureText(U->Sig), U->Slot < 0 ? " (OSR entry)" : ""));
    }
    if (!FreedAny)
      break;
  }
  RetiredUnits.erase(std::remove_if(RetiredUnits.begin(), RetiredUnits.end(),
                                    [](CodeUnit *U) { return U->Freed; }),
                     RetiredUnits.end());
  __atomic_store_n(&RetiredPending, !RetiredUnits.empty(), __ATOMIC_RELEASE);
  LastCollectDepth = CallStack::depth();
}

std::string TierManager::Impl::cacheSummary() {
  std::lock_guard<std::mutex> Lock(CacheMu);
  size_t Entries = 0;
  for (const auto &U : CodeUnits)
    Entries += U->Slot >= 0;
  if (!Entries)
    return "";
  std::string Out = fmt::format("method cache: {} entries now", LiveSpecs.size());
  if (Opts.T.CacheSize > 0)
    Out += fmt::format(" (--jit-cache-size={})", Opts.T.CacheSize);
  Out += fmt::format(", {} made", Entries);
  if (EvictedCount)
    Out += fmt::format(", {} evicted", EvictedCount);
  if (FreedCount || !RetiredUnits.empty())
    Out += fmt::format(", {} unit(s) freed, {} retired not yet freed", FreedCount,
                       RetiredUnits.size());
  return Out + "\n";
}
