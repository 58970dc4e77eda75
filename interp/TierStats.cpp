//===- interp/TierStats.cpp - The --tier-stats report ------------*- C++ -*-===//
//
// Collects Tier 0 feedback from the AST (counters live in the nodes) into
// per-function rows and renders them.
//
//===----------------------------------------------------------------------===//
#include "interp/TierStats.h"

#include "frontend/AstWalk.h"
#include "runtime/TypeSignature.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace ruchy;
using namespace ruchy::ast;

namespace {

struct Row {
  const FunctionDecl *Fn;
  uint64_t Calls = 0;
  uint64_t LoopIters = 0;
  std::vector<std::pair<uint64_t, uint64_t>> Sigs; ///< (signature, count)
  unsigned IC[4] = {0, 0, 0, 0};                   ///< sites per ICState
  /// Call sites that ran, with their inline caches.
  std::vector<std::pair<const Expr *, const CallSiteFeedback *>> Sites;
};

const char *StateNames[] = {"uninit", "mono", "poly", "mega"};

/// `twice(Int)`: one inline-cache entry, a (function, signature) pair.
std::string targetText(const CallSiteFeedback &FB, unsigned I) {
  return FB.Targets[I]->QualName + signatureText(FB.Sigs[I]);
}

std::vector<Row> collectRows(const Program &P) {
  std::vector<Row> Rows;
  for (const FunctionDecl *Fn : P.AllFunctions) {
    Row R;
    R.Fn = Fn;
    R.Calls = Fn->Feedback.Calls;
    if (!R.Calls)
      continue;
    for (const LoopExpr *L : Fn->Loops)
      R.LoopIters += L->BackEdges;
    R.Sigs = signatureCounts(Fn->Feedback);
    forEachCallSite(Fn, [&](const Expr *Site, const CallSiteFeedback &FB) {
      if (!FB.Count)
        return;
      ++R.IC[static_cast<unsigned>(FB.State)];
      R.Sites.emplace_back(Site, &FB);
    });
    Rows.push_back(std::move(R));
  }
  std::stable_sort(Rows.begin(), Rows.end(), [](const Row &A, const Row &B) {
    return A.Calls + A.LoopIters > B.Calls + B.LoopIters;
  });
  return Rows;
}

std::string location(const FunctionDecl *Fn) {
  return Fn->Loc.Line ? fmt::format("{}", Fn->Loc.Line) : std::string("-");
}

} // namespace

std::vector<std::pair<uint64_t, uint64_t>> ruchy::signatureCounts(const FunctionFeedback &FB) {
  std::vector<std::pair<uint64_t, uint64_t>> Sigs = FB.Signatures;
  if (FB.LastSigCount) {
    auto It = std::find_if(Sigs.begin(), Sigs.end(), [&](auto &S) { return S.first == FB.LastSig; });
    if (It != Sigs.end())
      It->second += FB.LastSigCount;
    else
      Sigs.emplace_back(FB.LastSig, FB.LastSigCount);
  }
  std::stable_sort(Sigs.begin(), Sigs.end(), [](auto &A, auto &B) { return A.second > B.second; });
  return Sigs;
}

std::string ruchy::tierStatsTable(const Program &P, const TierInfoFn &Info,
                                  const std::string &Footer) {
  std::vector<Row> Rows = collectRows(P);
  std::string Out = fmt::format("tier stats for {}\n", P.FileName);
  Out += fmt::format("{:<24} {:>5} {:>4} {:>11} {:>11} {:>11} {:>11} {:>5} {:>9} {:>10} {:>10} "
                     "{:>10}  {:<16} {}\n",
                     "function", "line", "tier", "calls t0", "calls t1", "calls t2", "loop iters",
                     "osr", "compile", "self t0", "self t1", "self t2", "call sites",
                     "signatures (count)");
  for (const Row &R : Rows) {
    std::string Sigs;
    size_t Shown = 0;
    for (auto &[S, N] : R.Sigs) {
      if (Shown++ == 4) {
        Sigs += fmt::format(", +{} more", R.Sigs.size() - 4);
        break;
      }
      Sigs += fmt::format("{}{} x{}", Sigs.empty() ? "" : ", ", signatureText(S), N);
    }
    std::string Sites;
    for (unsigned I = 1; I < 4; ++I)
      if (R.IC[I])
        Sites += fmt::format("{}{} {}", Sites.empty() ? "" : " ", R.IC[I], StateNames[I]);
    if (Sites.empty())
      Sites = "-";
    std::string Name = R.Fn->QualName;
    if (R.Fn->IsClosure)
      Name = fmt::format("<closure:{}:{}>", R.Fn->Loc.Line, R.Fn->Loc.Col);
    TierInfo TI = Info ? Info(R.Fn) : TierInfo();
    uint64_t T1 = R.Fn->Feedback.CallsT1, T2 = R.Fn->Feedback.CallsT2;
    if (!TI.Specializations.empty()) {
      Sigs += Sigs.empty() ? "" : "; ";
      Sigs += "specialized:";
      for (const std::string &S : TI.Specializations)
        Sigs += " " + S;
      if (TI.Evicted)
        Sigs += fmt::format("; {} evicted", TI.Evicted);
    }
    uint64_t Osr = 0;
    for (const LoopExpr *L : R.Fn->Loops)
      Osr += L->OsrEntries;
    std::string Compile = TI.Units ? fmt::format("{:.2f}ms", TI.CompileSeconds * 1000)
                                   : (TI.Failure.empty() ? "-" : "failed");
    auto Ms = [&](uint64_t Ticks) {
      return P.TicksPerSecond > 0 ? fmt::format("{:.2f}ms", Ticks * 1000.0 / P.TicksPerSecond)
                                  : std::string("-");
    };
    Out += fmt::format("{:<24} {:>5} {:>4} {:>11} {:>11} {:>11} {:>11} {:>5} {:>9} {:>10} {:>10} "
                       "{:>10}  {:<16} {}\n",
                       Name, location(R.Fn), TI.Tier, R.Calls - T1 - T2, T1, T2, R.LoopIters, Osr,
                       Compile, Ms(R.Fn->Feedback.TicksT0), Ms(R.Fn->Feedback.TicksT1),
                       Ms(R.Fn->Feedback.TicksT2), Sites, Sigs);
  }
  // Sites that are not monomorphic, with what they called: the ones whose
  // compiled code checks several method-cache entries, or looks them up.
  std::string Poly;
  for (const Row &R : Rows)
    for (auto &[Site, FB] : R.Sites) {
      if (FB->State != ICState::Polymorphic && FB->State != ICState::Megamorphic)
        continue;
      std::string Targets;
      for (unsigned I = 0; I < FB->NumTargets; ++I)
        Targets += (I ? " " : "") + targetText(*FB, I);
      if (FB->State == ICState::Megamorphic)
        Targets += " ...";
      Poly += fmt::format("call site {}:{}:{} {} ({} targets): {}\n", R.Fn->QualName, Site->Loc.Line,
                          Site->Loc.Col, StateNames[static_cast<unsigned>(FB->State)],
                          FB->State == ICState::Megamorphic ? "> 4" : std::to_string(FB->NumTargets),
                          Targets);
    }
  Out += Poly;
  Out += Footer;
  return Out;
}

std::string ruchy::tierStatsJson(const Program &P, const TierInfoFn &Info) {
  nlohmann::json Funcs = nlohmann::json::array();
  for (const Row &R : collectRows(P)) {
    nlohmann::json Sigs = nlohmann::json::array();
    for (auto &[S, N] : R.Sigs)
      Sigs.push_back({{"signature", signatureText(S)}, {"count", N}});
    nlohmann::json Loops = nlohmann::json::array();
    for (const LoopExpr *L : R.Fn->Loops)
      Loops.push_back({{"line", L->Loc.Line},
                       {"iterations", L->BackEdges},
                       {"osr_entries", L->OsrEntries}});
    nlohmann::json Sites = nlohmann::json::array();
    for (auto &[Site, FB] : R.Sites) {
      nlohmann::json Targets = nlohmann::json::array();
      for (unsigned I = 0; I < FB->NumTargets; ++I)
        Targets.push_back({{"function", FB->Targets[I]->QualName},
                           {"signature", signatureText(FB->Sigs[I])}});
      Sites.push_back({{"line", Site->Loc.Line},
                       {"col", Site->Loc.Col},
                       {"state", StateNames[static_cast<unsigned>(FB->State)]},
                       {"recorded_calls", FB->Count},
                       {"targets", Targets}});
    }
    TierInfo TI = Info ? Info(R.Fn) : TierInfo();
    uint64_t T1 = R.Fn->Feedback.CallsT1, T2 = R.Fn->Feedback.CallsT2;
    nlohmann::json Jit = {{"tier", TI.Tier},
                          {"compiled_units", TI.Units},
                          {"compile_ms", TI.CompileSeconds * 1000},
                          {"compile_ms_t2", TI.CompileSecondsT2 * 1000},
                          {"specializations", TI.Specializations},
                          {"evicted", TI.Evicted},
                          {"code_bytes_t2", TI.CodeBytes},
                          {"recompiles", TI.Recompiles}};
    if (!TI.Failure.empty())
      Jit["compile_failure"] = TI.Failure;
    double TPS = P.TicksPerSecond;
    Jit["self_ms_t0"] = TPS > 0 ? R.Fn->Feedback.TicksT0 * 1000.0 / TPS : 0.0;
    Jit["self_ms_t1"] = TPS > 0 ? R.Fn->Feedback.TicksT1 * 1000.0 / TPS : 0.0;
    Jit["self_ms_t2"] = TPS > 0 ? R.Fn->Feedback.TicksT2 * 1000.0 / TPS : 0.0;
    Funcs.push_back({{"name", R.Fn->QualName},
                     {"line", R.Fn->Loc.Line},
                     {"calls", {{"t0", R.Calls - T1 - T2}, {"t1", T1}, {"t2", T2}}},
                     {"jit", Jit},
                     {"loop_iterations", R.LoopIters},
                     {"loops", Loops},
                     {"signatures", Sigs},
                     {"call_sites",
                      {{"monomorphic", R.IC[1]},
                       {"polymorphic", R.IC[2]},
                       {"megamorphic", R.IC[3]},
                       {"sites", Sites}}}});
  }
  nlohmann::json J = {{"file", P.FileName}, {"functions", Funcs}};
  return J.dump(2) + "\n";
}
