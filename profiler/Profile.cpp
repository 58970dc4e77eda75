//===- profiler/Profile.cpp - Building and printing a profile ----*- C++ -*-===//
//
// Folds the calling-context tree into per-function rows (self time per
// tier, total time with recursion counted once, allocations), adds what
// Tier 0 recorded (signatures, inline caches, loop counts) and what the tier
// manager compiled, and marks what is hot. Renders the terminal, Markdown
// and JSON reports; the flame graphs are in FlameGraph.cpp.
//
//===----------------------------------------------------------------------===//
#include "profiler/Profile.h"

#include "frontend/AstWalk.h"
#include "interp/TierStats.h"
#include "runtime/TypeSignature.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

using namespace ruchy;
using namespace ruchy::profiler;
using namespace ruchy::ast;

std::string ruchy::profiler::displayName(const FunctionDecl *Fn) {
  if (!Fn)
    return "<process>";
  if (Fn->IsClosure)
    return fmt::format("<closure:{}:{}>", Fn->Loc.Line, Fn->Loc.Col);
  return Fn->QualName;
}

namespace {

const char *StateNames[] = {"uninit", "mono", "poly", "mega"};

struct Totals {
  uint64_t SelfTicks[3] = {0, 0, 0};
  uint64_t TotalTicks = 0;
  uint64_t AllocObjects = 0, AllocBytes = 0;
};

/// Subtree ticks of N; adds each node's self time to its function and,
/// where no ancestor runs the same function, its subtree to the function's
/// total (so that recursion is counted once).
uint64_t walk(const ProfileNode *N, std::unordered_map<const FunctionDecl *, Totals> &By,
              std::unordered_map<const FunctionDecl *, unsigned> &OnPath) {
  uint64_t Sub = N->selfTicks();
  if (N->Fn)
    ++OnPath[N->Fn];
  for (const auto &C : N->Children)
    Sub += walk(C.get(), By, OnPath);
  if (N->Fn) {
    Totals &T = By[N->Fn];
    for (int I = 0; I < 3; ++I)
      T.SelfTicks[I] += N->Ticks[I];
    T.AllocObjects += N->AllocObjects;
    T.AllocBytes += N->AllocBytes;
    if (--OnPath[N->Fn] == 0)
      T.TotalTicks += Sub;
  }
  return Sub;
}

std::string classOf(size_t NumSignatures) {
  return NumSignatures <= 1 ? "monomorphic" : NumSignatures <= 4 ? "polymorphic" : "megamorphic";
}

std::string bytesText(uint64_t B) {
  if (B >= (uint64_t(1) << 30))
    return fmt::format("{:.1f} GiB", B / double(uint64_t(1) << 30));
  if (B >= (uint64_t(1) << 20))
    return fmt::format("{:.1f} MiB", B / double(1 << 20));
  if (B >= 1024)
    return fmt::format("{:.1f} KiB", B / 1024.0);
  return fmt::format("{} B", B);
}

double pct(double Part, double Whole) { return Whole > 0 ? 100.0 * Part / Whole : 0; }

} // namespace

Profile ruchy::profiler::buildProfile(const ProfileInputs &In) {
  Profile P;
  const Program &Prog = *In.Program;
  P.File = Prog.FileName;
  P.Mode = In.Mode;
  P.RunMs = In.RunMs;
  P.ProcessMs = In.ProcessMs;
  P.Hot = In.Hot;
  P.Tree = &In.Calls->Root;
  P.TicksPerMs = In.Calls->TicksPerSecond / 1000;
  auto Ms = [&](uint64_t Ticks) { return P.TicksPerMs > 0 ? Ticks / P.TicksPerMs : 0.0; };

  std::unordered_map<const FunctionDecl *, Totals> By;
  std::unordered_map<const FunctionDecl *, unsigned> OnPath;
  uint64_t All = walk(&In.Calls->Root, By, OnPath);
  P.SyncCompileMs = Ms(In.Calls->CompileTicks);
  P.AccountedMs = Ms(All) + P.SyncCompileMs;

  // Phases: the front end's, then each tier's compile phases.
  P.Phases.push_back({"lex", In.Frontend.LexSeconds * 1000, 0});
  P.Phases.push_back({"parse", In.Frontend.ParseSeconds * 1000, 0});
  P.Phases.push_back({"resolve", In.Frontend.ResolveSeconds * 1000, 0});
  P.Phases.push_back({"AST passes", In.Frontend.AstPassSeconds * 1000, 0});
  if (In.Tiers) {
    jit::CompilePhases C = In.Tiers->compilePhases();
    if (C.EngineSeconds > 0)
      P.Phases.push_back({"LLVM engine creation", C.EngineSeconds * 1000, 0});
    for (unsigned T = 1; T <= 2; ++T) {
      if (!C.Units[T])
        continue;
      P.Phases.push_back({fmt::format("Tier {} IR generation", T), C.IrGenSeconds[T] * 1000, C.Units[T]});
      P.Phases.push_back(
          {fmt::format("Tier {} LLVM optimization", T), C.OptimizeSeconds[T] * 1000, C.Units[T]});
      P.Phases.push_back(
          {fmt::format("Tier {} code generation", T), C.CodegenSeconds[T] * 1000, C.Units[T]});
    }
  }

  for (const FunctionDecl *Fn : Prog.AllFunctions) {
    const FunctionFeedback &FB = Fn->Feedback;
    if (!FB.Calls)
      continue;
    FunctionProfile F;
    F.Fn = Fn;
    F.Name = displayName(Fn);
    F.Line = Fn->Loc.Line;
    F.Calls = FB.Calls;
    F.CallsT1 = FB.CallsT1;
    F.CallsT2 = FB.CallsT2;
    F.CallsT0 = FB.Calls - std::min(FB.Calls, FB.CallsT1 + FB.CallsT2);
    auto It = By.find(Fn);
    if (It != By.end()) {
      for (int T = 0; T < 3; ++T) {
        F.SelfMsTier[T] = Ms(It->second.SelfTicks[T]);
        F.SelfMs += F.SelfMsTier[T];
      }
      F.TotalMs = Ms(It->second.TotalTicks);
      F.AllocObjects = It->second.AllocObjects;
      F.AllocBytes = It->second.AllocBytes;
    }
    uint64_t SigCalls = 0;
    for (auto &[S, N] : signatureCounts(FB)) {
      F.Signatures.emplace_back(signatureText(S), N);
      SigCalls += N;
    }
    F.Stability = SigCalls && !F.Signatures.empty()
                      ? static_cast<double>(F.Signatures[0].second) / SigCalls
                      : 1.0;
    F.StabilityClass = classOf(F.Signatures.size());
    if (In.Tiers) {
      TierInfo TI = In.Tiers->info(Fn);
      F.Tier = TI.Tier;
      F.Specializations = TI.Specializations;
      F.CompileMs = TI.CompileSeconds * 1000;
    }
    P.TotalCalls += F.Calls;
    P.AllocObjects += F.AllocObjects;
    P.AllocBytes += F.AllocBytes;
    forEachCallSite(Fn, [&](const Expr *Site, const CallSiteFeedback &SF) {
      if (!SF.Count)
        return;
      CallSiteProfile S;
      S.Function = F.Name;
      S.Line = Site->Loc.Line;
      S.Col = Site->Loc.Col;
      S.State = StateNames[static_cast<unsigned>(SF.State)];
      S.Calls = SF.Count;
      for (unsigned I = 0; I < SF.NumTargets; ++I)
        S.Targets.push_back(displayName(SF.Targets[I]) + signatureText(SF.Sigs[I]));
      P.Sites.push_back(std::move(S));
    });
    for (const LoopExpr *L : Fn->Loops) {
      LoopProfile LP;
      LP.Function = F.Name;
      LP.Line = L->Loc.Line;
      LP.IterationsT0 = L->BackEdges;
      LP.Iterations = L->BackEdges + L->CompiledIters;
      LP.OsrEntries = L->OsrEntries;
      P.TotalLoopIterations += LP.Iterations;
      if (LP.Iterations)
        P.Loops.push_back(LP);
    }
    P.Functions.push_back(std::move(F));
  }
  double SelfAll = Ms(All);
  for (FunctionProfile &F : P.Functions) {
    double TS = pct(F.SelfMs, SelfAll), CS = pct(static_cast<double>(F.Calls), P.TotalCalls);
    if (TS >= P.Hot.TimeShare) {
      F.Hot = true;
      F.HotReason = fmt::format("{:.0f}% of the time", TS);
    } else if (CS >= P.Hot.CallShare && F.Calls > 1) {
      F.Hot = true;
      F.HotReason = fmt::format("{:.0f}% of the calls", CS);
    }
  }
  for (LoopProfile &L : P.Loops)
    L.Hot = pct(static_cast<double>(L.Iterations), P.TotalLoopIterations) >= P.Hot.LoopShare;
  std::stable_sort(P.Functions.begin(), P.Functions.end(),
                   [](const FunctionProfile &A, const FunctionProfile &B) { return A.SelfMs > B.SelfMs; });
  std::stable_sort(P.Loops.begin(), P.Loops.end(),
                   [](const LoopProfile &A, const LoopProfile &B) { return A.Iterations > B.Iterations; });
  return P;
}

//===-- Terminal and Markdown -------------------------------------------===//

namespace {

std::string overheadText(const Profile &P) {
  std::string S = fmt::format("instrumented run {:.1f} ms, of which the profile accounts for {:.1f} ms "
                              "({:.1f}%)",
                              P.RunMs, P.AccountedMs, pct(P.AccountedMs, P.RunMs));
  if (P.BaselineMs > 0)
    S += fmt::format("; whole process {:.1f} ms, {:.1f} ms without instrumentation: profiling "
                     "overhead {:.2f}x",
                     P.ProcessMs, P.BaselineMs, P.ProcessMs / P.BaselineMs);
  return S;
}

std::string signaturesText(const FunctionProfile &F, size_t Max) {
  std::string S;
  for (size_t I = 0; I < F.Signatures.size() && I < Max; ++I)
    S += fmt::format("{}{} x{}", I ? ", " : "", F.Signatures[I].first, F.Signatures[I].second);
  if (F.Signatures.size() > Max)
    S += fmt::format(", +{} more", F.Signatures.size() - Max);
  return S;
}

/// The rows both text formats show, as cells.
struct Table {
  std::vector<std::string> Head;
  std::vector<std::vector<std::string>> Rows;
};

Table functionTable(const Profile &P) {
  Table T;
  T.Head = {"function", "line", "calls", "self ms", "self %", "total ms", "t0 ms", "t1 ms", "t2 ms",
            "allocs", "alloc bytes", "tier", "stability"};
  double SelfAll = 0;
  for (const FunctionProfile &F : P.Functions)
    SelfAll += F.SelfMs;
  for (const FunctionProfile &F : P.Functions)
    T.Rows.push_back({F.Name + (F.Hot ? " *" : ""), F.Line ? std::to_string(F.Line) : "-",
                      std::to_string(F.Calls), fmt::format("{:.2f}", F.SelfMs),
                      fmt::format("{:.1f}", pct(F.SelfMs, SelfAll)), fmt::format("{:.2f}", F.TotalMs),
                      fmt::format("{:.2f}", F.SelfMsTier[0]), fmt::format("{:.2f}", F.SelfMsTier[1]),
                      fmt::format("{:.2f}", F.SelfMsTier[2]), std::to_string(F.AllocObjects),
                      bytesText(F.AllocBytes), std::to_string(F.Tier),
                      fmt::format("{:.2f} {}", F.Stability, F.StabilityClass)});
  return T;
}

std::string textTable(const Table &T) {
  std::vector<size_t> W(T.Head.size());
  for (size_t I = 0; I < T.Head.size(); ++I)
    W[I] = T.Head[I].size();
  for (const auto &R : T.Rows)
    for (size_t I = 0; I < R.size(); ++I)
      W[I] = std::max(W[I], R[I].size());
  auto Line = [&](const std::vector<std::string> &R) {
    std::string S;
    for (size_t I = 0; I < R.size(); ++I)
      S += I == 0 ? fmt::format("{:<{}}", R[I], W[I]) : fmt::format("  {:>{}}", R[I], W[I]);
    return S + "\n";
  };
  std::string Out = Line(T.Head);
  for (const auto &R : T.Rows)
    Out += Line(R);
  return Out;
}

std::string markdownTable(const Table &T) {
  std::string Out = "|";
  for (const std::string &H : T.Head)
    Out += " " + H + " |";
  Out += "\n|";
  for (size_t I = 0; I < T.Head.size(); ++I)
    Out += I == 0 ? "---|" : "---:|";
  Out += "\n";
  for (const auto &R : T.Rows) {
    Out += "|";
    for (const std::string &C : R)
      Out += " " + C + " |";
    Out += "\n";
  }
  return Out;
}

Table phaseTable(const Profile &P) {
  Table T;
  T.Head = {"phase", "ms", "units"};
  for (const PhaseTime &Ph : P.Phases)
    T.Rows.push_back({Ph.Name, fmt::format("{:.3f}", Ph.Ms), Ph.Units ? std::to_string(Ph.Units) : "-"});
  return T;
}

Table stabilityTable(const Profile &P) {
  Table T;
  T.Head = {"function", "stability", "class", "signatures (count)"};
  for (const FunctionProfile &F : P.Functions)
    T.Rows.push_back({F.Name, fmt::format("{:.2f}", F.Stability), F.StabilityClass, signaturesText(F, 6)});
  return T;
}

Table siteTable(const Profile &P) {
  Table T;
  T.Head = {"call site", "state", "calls", "targets"};
  for (const CallSiteProfile &S : P.Sites) {
    std::string Targets;
    for (const std::string &X : S.Targets)
      Targets += (Targets.empty() ? "" : " ") + X;
    if (S.State == "mega")
      Targets += " ...";
    T.Rows.push_back({fmt::format("{}:{}:{}", S.Function, S.Line, S.Col), S.State,
                      std::to_string(S.Calls), Targets});
  }
  return T;
}

Table loopTable(const Profile &P) {
  Table T;
  T.Head = {"loop", "iterations", "share %", "in Tier 0", "OSR entries"};
  for (const LoopProfile &L : P.Loops)
    T.Rows.push_back({fmt::format("{}:{}{}", L.Function, L.Line, L.Hot ? " *" : ""),
                      std::to_string(L.Iterations),
                      fmt::format("{:.1f}", pct(static_cast<double>(L.Iterations), P.TotalLoopIterations)),
                      std::to_string(L.IterationsT0), std::to_string(L.OsrEntries)});
  return T;
}

std::string hotList(const Profile &P) {
  std::string S;
  for (const FunctionProfile &F : P.Functions)
    if (F.Hot)
      S += fmt::format("{}{} ({})", S.empty() ? "" : ", ", F.Name, F.HotReason);
  return S.empty() ? "none" : S;
}

} // namespace

std::string ruchy::profiler::renderText(const Profile &P) {
  std::string Out = fmt::format("profile of {} (--tier={})\n{}\n", P.File, P.Mode, overheadText(P));
  Out += fmt::format("{} calls, {} loop iterations, {} heap objects ({}) allocated\n\n", P.TotalCalls,
                     P.TotalLoopIterations, P.AllocObjects, bytesText(P.AllocBytes));
  Out += "functions (by self time; * hot)\n" + textTable(functionTable(P));
  Out += fmt::format("hot functions (>= {:.0f}% of the time or of the calls): {}\n\n", P.Hot.TimeShare,
                     hotList(P));
  if (!P.Loops.empty())
    Out += fmt::format("loops (* hot: >= {:.0f}% of the iterations)\n", P.Hot.LoopShare) +
           textTable(loopTable(P)) + "\n";
  Out += "type stability per function (share of calls with the most frequent signature)\n" +
         textTable(stabilityTable(P)) + "\n";
  if (!P.Sites.empty())
    Out += "call sites (inline caches)\n" + textTable(siteTable(P)) + "\n";
  Out += "phases\n" + textTable(phaseTable(P));
  return Out;
}

std::string ruchy::profiler::renderMarkdown(const Profile &P) {
  std::string Out = fmt::format("# Profile of `{}` (`--tier={}`)\n\n{}.\n\n", P.File, P.Mode, overheadText(P));
  Out += fmt::format("{} calls, {} loop iterations, {} heap objects ({}) allocated.\n\n", P.TotalCalls,
                     P.TotalLoopIterations, P.AllocObjects, bytesText(P.AllocBytes));
  Out += "## Functions\n\nBy self time; `*` marks a hot function.\n\n" + markdownTable(functionTable(P));
  Out += fmt::format("\nHot functions (at least {:.0f}% of the time or of the calls): {}.\n", P.Hot.TimeShare,
                     hotList(P));
  if (!P.Loops.empty())
    Out += fmt::format("\n## Loops\n\n`*` marks a hot loop (at least {:.0f}% of the iterations).\n\n",
                       P.Hot.LoopShare) +
           markdownTable(loopTable(P));
  Out += "\n## Type stability\n\nShare of each function's calls made with its most frequent argument "
         "signature.\n\n" +
         markdownTable(stabilityTable(P));
  if (!P.Sites.empty())
    Out += "\n## Call sites\n\n" + markdownTable(siteTable(P));
  Out += "\n## Phases\n\n" + markdownTable(phaseTable(P));
  return Out;
}

std::string ruchy::profiler::renderJson(const Profile &P) {
  nlohmann::json J;
  J["file"] = P.File;
  J["mode"] = P.Mode;
  J["run_ms"] = P.RunMs;
  J["process_ms"] = P.ProcessMs;
  J["accounted_ms"] = P.AccountedMs;
  J["sync_compile_ms"] = P.SyncCompileMs;
  if (P.BaselineMs > 0) {
    J["baseline_ms"] = P.BaselineMs;
    J["overhead"] = P.ProcessMs / P.BaselineMs;
  }
  J["calls"] = P.TotalCalls;
  J["loop_iterations"] = P.TotalLoopIterations;
  J["alloc_objects"] = P.AllocObjects;
  J["alloc_bytes"] = P.AllocBytes;
  J["hot_thresholds"] = {{"time_share", P.Hot.TimeShare},
                         {"call_share", P.Hot.CallShare},
                         {"loop_share", P.Hot.LoopShare}};
  nlohmann::json Phases = nlohmann::json::array();
  for (const PhaseTime &Ph : P.Phases)
    Phases.push_back({{"phase", Ph.Name}, {"ms", Ph.Ms}, {"units", Ph.Units}});
  J["phases"] = Phases;
  nlohmann::json Fns = nlohmann::json::array();
  for (const FunctionProfile &F : P.Functions) {
    nlohmann::json Sigs = nlohmann::json::array();
    for (auto &[S, N] : F.Signatures)
      Sigs.push_back({{"signature", S}, {"count", N}});
    Fns.push_back({{"name", F.Name},
                   {"line", F.Line},
                   {"calls", {{"total", F.Calls}, {"t0", F.CallsT0}, {"t1", F.CallsT1}, {"t2", F.CallsT2}}},
                   {"self_ms", F.SelfMs},
                   {"total_ms", F.TotalMs},
                   {"self_ms_tier", {F.SelfMsTier[0], F.SelfMsTier[1], F.SelfMsTier[2]}},
                   {"alloc_objects", F.AllocObjects},
                   {"alloc_bytes", F.AllocBytes},
                   {"signatures", Sigs},
                   {"stability", F.Stability},
                   {"stability_class", F.StabilityClass},
                   {"tier", F.Tier},
                   {"specializations", F.Specializations},
                   {"compile_ms", F.CompileMs},
                   {"hot", F.Hot},
                   {"hot_reason", F.HotReason}});
  }
  J["functions"] = Fns;
  nlohmann::json Sites = nlohmann::json::array();
  for (const CallSiteProfile &S : P.Sites)
    Sites.push_back({{"function", S.Function},
                     {"line", S.Line},
                     {"col", S.Col},
                     {"state", S.State},
                     {"calls", S.Calls},
                     {"targets", S.Targets}});
  J["call_sites"] = Sites;
  nlohmann::json Loops = nlohmann::json::array();
  for (const LoopProfile &L : P.Loops)
    Loops.push_back({{"function", L.Function},
                     {"line", L.Line},
                     {"iterations", L.Iterations},
                     {"iterations_t0", L.IterationsT0},
                     {"osr_entries", L.OsrEntries},
                     {"hot", L.Hot}});
  J["loops"] = Loops;
  return J.dump(2) + "\n";
}
