//===- profiler/Analyze.cpp - Optimization discovery -------------------===//
//
// Seven kinds of opportunity, each with the evidence of a profiled run:
// constant expressions, pure calls with constant arguments, inlining
// candidates, tail-recursive functions, loop-invariant expressions, dead
// code and type-unstable call sites. Gains are estimates from per-operation
// costs measured on this engine (named below); they rank the findings, the
// `optimize --before-after` and `compare-modes` commands measure a change.
//
//===----------------------------------------------------------------------===//
#include "profiler/Analyze.h"

#include "frontend/AstPasses.h"
#include "frontend/AstWalk.h"
#include "interp/TierStats.h"
#include "runtime/TypeSignature.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

using namespace ruchy;
using namespace ruchy::profiler;
using namespace ruchy::ast;

namespace {

// Costs per evaluation (ns), measured on this engine's fib and loop
// benchmarks: a call is about 60 ns in Tier 0 (call plus frame set-up) and
// about 5 ns between compiled functions; an arithmetic operation about
// 25 ns in Tier 0 and 1 ns compiled.
constexpr double CallNsT0 = 60, CallNsCompiled = 5;
constexpr double OpNsT0 = 25, OpNsCompiled = 1;
/// Functions at most this big (expressions) are inlining candidates: the
/// size the AST optimizer's `inline` pass copies (frontend/Inlining.cpp).
constexpr int64_t InlineMaxNodes = 40;
/// Calls below which an inlining candidate is not worth reporting.
constexpr uint64_t InlineMinCalls = 100;
/// Specialized code runs generic code's work in about 1/1.5 of its time
/// (the suite's geometric mean, Tier 1 against Tier 2).
constexpr double GenericToSpecialized = 1.5;

std::string clip(std::string S) {
  for (char &C : S)
    if (C == '\n')
      C = ' ';
  if (S.size() > 60)
    S = S.substr(0, 57) + "...";
  return S;
}

class Analyzer {
public:
  Analyzer(const Profile &P, const Program &Prog) : P(P), Prog(Prog) {
    for (const FunctionProfile &F : P.Functions)
      ByFn[F.Fn] = &F;
    for (const FunctionDecl *F : Prog.AllFunctions)
      Fns.push_back(F);
    if (Prog.TopFn)
      Fns.push_back(Prog.TopFn);
  }

  Analysis run() {
    Analysis A;
    A.File = P.File;
    A.RunMs = P.AccountedMs;
    passFindings();
    pureConstantCalls();
    inliningCandidates();
    loopInvariants();
    unstableSites();
    // One finding per kind and place (dead-code elimination may note a
    // place twice: the branch removed, then the nil left behind).
    // Folding notes the inner operation first: the longest code at a place
    // is the whole constant expression.
    std::map<std::tuple<std::string, unsigned, unsigned>, size_t> Seen;
    std::vector<Opportunity> Unique;
    for (Opportunity &O : Items) {
      auto [It, New] = Seen.emplace(std::make_tuple(O.Kind, O.Line, O.Col), Unique.size());
      if (New)
        Unique.push_back(std::move(O));
      else if (O.Code.size() > Unique[It->second].Code.size())
        Unique[It->second] = std::move(O);
    }
    Items = std::move(Unique);
    for (Opportunity &O : Items)
      O.GainShare = A.RunMs > 0 ? O.GainMs / A.RunMs : 0;
    std::stable_sort(Items.begin(), Items.end(),
                     [](const Opportunity &X, const Opportunity &Y) { return X.GainMs > Y.GainMs; });
    A.Items = std::move(Items);
    return A;
  }

private:
  const Profile &P;
  const Program &Prog;
  std::map<const FunctionDecl *, const FunctionProfile *> ByFn;
  std::vector<const FunctionDecl *> Fns;
  std::vector<Opportunity> Items;

  /// The innermost function whose body contains byte Offset.
  const FunctionDecl *functionAt(uint32_t Offset) const {
    const FunctionDecl *Best = nullptr;
    for (const FunctionDecl *F : Fns) {
      if (!F->Body)
        continue;
      const Span &S = F->IsClosure || !F->Loc.End ? F->Body->Loc : F->Loc;
      bool In = (F == Prog.TopFn) || (S.Begin <= Offset && Offset < S.End);
      if (!In)
        continue;
      if (!Best || Best == Prog.TopFn ||
          (F != Prog.TopFn && S.End - S.Begin < Best->Loc.End - Best->Loc.Begin))
        Best = F;
    }
    return Best;
  }

  /// The innermost loop of F around Offset, or null.
  const LoopExpr *loopAt(const FunctionDecl *F, uint32_t Offset) const {
    const LoopExpr *Best = nullptr;
    for (const LoopExpr *L : F->Loops)
      if (L->Loc.Begin <= Offset && Offset < L->Loc.End &&
          (!Best || L->Loc.End - L->Loc.Begin < Best->Loc.End - Best->Loc.Begin))
        Best = L;
    return Best;
  }

  static uint64_t iterations(const LoopExpr *L) { return L->BackEdges + L->CompiledIters; }

  /// How often code at Offset of F ran: its innermost loop's iterations,
  /// else F's calls.
  uint64_t evaluations(const FunctionDecl *F, uint32_t Offset) const {
    if (const LoopExpr *L = loopAt(F, Offset))
      return iterations(L);
    return F->Feedback.Calls;
  }

  /// Share of F's own time spent in Tier 0.
  double t0Share(const FunctionDecl *F) const {
    auto It = ByFn.find(F);
    if (It == ByFn.end() || It->second->SelfMs <= 0)
      return 1;
    return It->second->SelfMsTier[0] / It->second->SelfMs;
  }
  double opNs(const FunctionDecl *F) const {
    double S = t0Share(F);
    return OpNsT0 * S + OpNsCompiled * (1 - S);
  }
  double callNs(const FunctionDecl *F) const {
    double S = t0Share(F);
    return CallNsT0 * S + CallNsCompiled * (1 - S);
  }
  std::string timeShare(const FunctionDecl *F) const {
    auto It = ByFn.find(F);
    double All = P.AccountedMs;
    if (It == ByFn.end() || All <= 0)
      return "no time";
    return fmt::format("{:.1f}% of the run's time in it", 100 * It->second->SelfMs / All);
  }
  std::string source(const Span &S) const {
    if (S.End <= S.Begin || S.End > Prog.Source.size())
      return "";
    return clip(Prog.Source.substr(S.Begin, S.End - S.Begin));
  }

  void add(const std::string &Kind, const FunctionDecl *F, const Span &At, const std::string &Code,
           const std::string &Evidence, double GainMs, const char *Confidence,
           const std::string &Suggestion) {
    Opportunity O;
    O.Kind = Kind;
    O.Function = F ? displayName(F) : "";
    O.Line = At.Line;
    O.Col = At.Col;
    O.Code = Code;
    O.Evidence = Evidence;
    O.GainMs = GainMs;
    O.Confidence = Confidence;
    O.Suggestion = Suggestion;
    Items.push_back(std::move(O));
  }

  /// Constant expressions, dead code and tail recursion: what the AST passes
  /// change on a fresh parse of the program (folding first, as `optimize`).
  void passFindings() {
    std::vector<Diagnostic> Errors;
    Program *Copy = parseProgram(Prog.FileName, Prog.Source, Errors);
    if (!Errors.empty())
      return;
    std::vector<AstPassResult> R = runAstPasses(*Copy, {"fold", "dce", "tco"});
    for (const AstPassResult &Pass : R)
      for (size_t I = 0; I < Pass.Notes.size(); ++I) {
        const Span &At = Pass.Where[I];
        const FunctionDecl *F = functionAt(At.Begin);
        std::string What = Pass.Notes[I].substr(Pass.Notes[I].find(": ") + 2);
        if (Pass.Pass == "fold") {
          uint64_t N = F ? evaluations(F, At.Begin) : 0;
          add("constant expression", F, At, source(At),
              fmt::format("evaluated about {} times; {}", N, F ? timeShare(F) : "no time"),
              N * (F ? opNs(F) : 0) / 1e6, "high", What + " (ruchy-jit optimize --apply=fold)");
        } else if (Pass.Pass == "dce") {
          add("dead code", F, At, source(At), "never runs, or runs without any effect", 0, "high",
              What + " (ruchy-jit optimize --apply=dce)");
        } else {
          const FunctionDecl *Fn = nullptr;
          for (const FunctionDecl *G : Prog.Functions)
            if (G->Loc.Line == At.Line && G->Loc.Col == At.Col)
              Fn = G;
          uint64_t Calls = Fn ? Fn->Feedback.Calls : 0;
          add("tail-recursive function", Fn, At, Fn ? "fun " + Fn->Name : "",
              fmt::format("{} calls; {}; each self call in tail position keeps a frame (deep "
                          "recursion ends in Stack overflow)",
                          Calls, Fn ? timeShare(Fn) : "no time"),
              Calls * (Fn ? callNs(Fn) : 0) / 1e6, "high",
              What + " (ruchy-jit optimize --apply=tco, or run --ast-passes=tco)");
        }
      }
  }

  /// F computes nothing but its result from its arguments: no output, no
  /// stores outside its locals, calls only of such functions.
  bool isPure(const FunctionDecl *F, std::set<const FunctionDecl *> &Assumed) const {
    if (!F->Body || F->IsClosure || F->HasSelf)
      return false;
    if (!Assumed.insert(F).second)
      return true; // recursion: pure if the rest is
    bool Pure = true;
    forEachExpr(F->Body, [&](Expr *E) {
      switch (E->K) {
      case ExprKind::Macro: case ExprKind::MethodCall: case ExprKind::Closure: case ExprKind::Item:
        Pure = false;
        break;
      case ExprKind::Call: {
        auto *C = static_cast<Call *>(E);
        if (C->CK != CallKind::Direct || !C->Target || !isPure(C->Target, Assumed))
          Pure = false;
        break;
      }
      case ExprKind::Assign: {
        auto *A = static_cast<Assign *>(E);
        if (A->Target->K != ExprKind::Ident || static_cast<Ident *>(A->Target)->VK == VarKind::Global ||
            static_cast<Ident *>(A->Target)->VK == VarKind::Capture)
          Pure = false;
        break;
      }
      case ExprKind::Ident:
        if (static_cast<Ident *>(E)->VK == VarKind::Global || static_cast<Ident *>(E)->VK == VarKind::Capture)
          Pure = false; // reads state that may change
        break;
      default:
        break;
      }
    });
    return Pure;
  }

  static bool isLiteral(const Expr *E) {
    switch (E->K) {
    case ExprKind::IntLit: case ExprKind::FloatLit: case ExprKind::StrLit: case ExprKind::BoolLit:
      return true;
    case ExprKind::Unary:
      return isLiteral(static_cast<const Unary *>(E)->Operand);
    default:
      return false;
    }
  }

  void pureConstantCalls() {
    for (const FunctionDecl *F : Fns) {
      if (!F->Body || !F->Feedback.Calls)
        continue;
      forEachExpr(F->Body, [&](Expr *E) {
        if (E->K != ExprKind::Call)
          return;
        auto *C = static_cast<Call *>(E);
        if (C->CK != CallKind::Direct || !C->Target || C->Args.empty())
          return;
        for (Expr *A : C->Args)
          if (!isLiteral(A))
            return;
        std::set<const FunctionDecl *> Assumed;
        if (!isPure(C->Target, Assumed))
          return;
        uint64_t N = evaluations(F, E->Loc.Begin);
        if (N < 2)
          return;
        auto It = ByFn.find(C->Target);
        double PerCall = It != ByFn.end() && It->second->Calls
                             ? It->second->TotalMs / static_cast<double>(It->second->Calls)
                             : 0;
        add("pure call with constant arguments", F, E->Loc, source(E->Loc),
            fmt::format("runs about {} times with the same arguments; `{}` has no effects and reads "
                        "no changing state; {:.4f} ms per call",
                        N, C->Target->Name, PerCall),
            PerCall * static_cast<double>(N - 1), "medium",
            "compute it once (a `let` before the loop, or a constant)");
      });
    }
  }

  void inliningCandidates() {
    // Direct calls: the call graph, for recursion.
    CallGraph Calls;
    std::map<const FunctionDecl *, unsigned> Sites;
    for (const FunctionDecl *F : Fns)
      if (F->Body)
        forEachExpr(F->Body, [&](Expr *E) {
          if (E->K == ExprKind::Call && static_cast<Call *>(E)->CK == CallKind::Direct &&
              static_cast<Call *>(E)->Target) {
            Calls[F].insert(static_cast<Call *>(E)->Target);
            ++Sites[static_cast<Call *>(E)->Target];
          }
        });
    for (const FunctionDecl *F : Prog.AllFunctions) {
      if (!F->Body || F->IsClosure || F->Feedback.Calls < InlineMinCalls || !Sites[F] || F == Prog.Main)
        continue;
      int64_t Nodes = 0;
      forEachExpr(F->Body, [&](Expr *) { ++Nodes; });
      if (Nodes > InlineMaxNodes || reachesItself(F, Calls))
        continue;
      add("inlining candidate", F, F->Loc, "fun " + F->Name,
          fmt::format("{} calls from {} call site(s); {} expressions; not recursive; {}", F->Feedback.Calls,
                      Sites[F], Nodes, timeShare(F)),
          static_cast<double>(F->Feedback.Calls) * callNs(F) / 1e6, "medium",
          fmt::format("inline `{}` at its call sites: ruchy-jit optimize --apply=inline (Tier 2 "
                      "inlines it between specializations already; the gain is in the tiers below)",
                      F->Name));
    }
  }

  /// Names a loop body (or condition) may change: bound, assigned, or
  /// used as a receiver or container that may be mutated in place.
  static std::set<std::string> variantNames(LoopExpr *L, bool &CallsUser) {
    std::set<std::string> V;
    CallsUser = false;
    std::function<void(const Pattern *)> Bind = [&](const Pattern *Pt) {
      if (!Pt)
        return;
      if (Pt->K == PatternKind::Binding)
        V.insert(Pt->Name);
      for (const Pattern *S : Pt->Subs)
        Bind(S);
    };
    auto Root = [](Expr *E) -> std::string {
      while (E->K == ExprKind::Index || E->K == ExprKind::Field || E->K == ExprKind::TupleIndex)
        E = E->K == ExprKind::Index   ? static_cast<Index *>(E)->Obj
            : E->K == ExprKind::Field ? static_cast<Field *>(E)->Obj
                                      : static_cast<TupleIndex *>(E)->Obj;
      return E->K == ExprKind::Ident ? static_cast<Ident *>(E)->Name : "";
    };
    if (L->K == ExprKind::For)
      Bind(static_cast<For *>(L)->Pat);
    forEachExpr(L, [&](Expr *E) {
      switch (E->K) {
      case ExprKind::Let: Bind(static_cast<Let *>(E)->Pat); break;
      case ExprKind::For: Bind(static_cast<For *>(E)->Pat); break;
      case ExprKind::Match:
        for (MatchArm &A : static_cast<Match *>(E)->Arms)
          Bind(A.Pat);
        break;
      case ExprKind::Assign: V.insert(Root(static_cast<Assign *>(E)->Target)); break;
      case ExprKind::MethodCall: V.insert(Root(static_cast<MethodCall *>(E)->Recv)); break;
      case ExprKind::Call:
        if (static_cast<Call *>(E)->CK != CallKind::Builtin)
          CallsUser = true;
        break;
      case ExprKind::Macro: CallsUser = true; break;
      default: break;
      }
    });
    return V;
  }

  /// E computes the same value on every iteration: operators over literals
  /// and names the loop does not change (globals only when it calls no
  /// function of the program). Counts its operators.
  static bool invariant(const Expr *E, const std::set<std::string> &V, bool CallsUser, int &Ops) {
    switch (E->K) {
    case ExprKind::IntLit: case ExprKind::FloatLit: case ExprKind::BoolLit:
      return true;
    case ExprKind::Ident: {
      const auto *I = static_cast<const Ident *>(E);
      if (V.count(I->Name))
        return false;
      return I->VK == VarKind::Local || (I->VK == VarKind::Global && !CallsUser);
    }
    case ExprKind::Unary:
      ++Ops;
      return invariant(static_cast<const Unary *>(E)->Operand, V, CallsUser, Ops);
    case ExprKind::Binary: {
      ++Ops;
      const auto *B = static_cast<const Binary *>(E);
      return invariant(B->L, V, CallsUser, Ops) && invariant(B->R, V, CallsUser, Ops);
    }
    case ExprKind::Cast:
      ++Ops;
      return invariant(static_cast<const Cast *>(E)->Operand, V, CallsUser, Ops);
    case ExprKind::MethodCall: {
      const auto *M = static_cast<const MethodCall *>(E);
      ++Ops;
      return M->Name == "len" && M->Args.empty() && invariant(M->Recv, V, CallsUser, Ops);
    }
    default:
      return false;
    }
  }

  void loopInvariants() {
    for (const FunctionDecl *F : Fns)
      for (LoopExpr *L : F->Loops) {
        uint64_t N = iterations(L);
        if (N < 2)
          continue;
        bool CallsUser = false;
        std::set<std::string> V = variantNames(L, CallsUser);
        // Maximal invariant subexpressions of the body and condition, not
        // inside nested loops (they are reported for those loops).
        std::function<void(Expr *)> Visit = [&](Expr *E) {
          int Ops = 0;
          bool HasName = false;
          forEachExpr(E, [&](Expr *X) { HasName |= X->K == ExprKind::Ident; });
          if (Ops == 0 && HasName && invariant(E, V, CallsUser, Ops) && Ops > 0) {
            add("loop-invariant expression", F, E->Loc, source(E->Loc),
                fmt::format("the loop at line {} runs {} iterations; nothing in it changes `{}`'s "
                            "operands; {} operation(s)",
                            L->Loc.Line, N, source(E->Loc), Ops),
                static_cast<double>(N) * Ops * opNs(F) / 1e6, "medium",
                fmt::format("compute it once before the loop at line {} (if the loop may run zero "
                            "times, only where it cannot raise)",
                            L->Loc.Line));
            return;
          }
          if (E != L && (E->K == ExprKind::While || E->K == ExprKind::Loop || E->K == ExprKind::For))
            return;
          forEachChild(E, [&](Expr *C) { Visit(C); });
        };
        if (L->K == ExprKind::While)
          Visit(static_cast<While *>(L)->Cond);
        Visit(L->Body);
      }
  }

  /// `argument 1 is Float, Int`: the argument positions whose kind differs
  /// between the signatures, and the kinds.
  static std::string varyingArguments(const std::vector<uint64_t> &Sigs) {
    std::map<unsigned, std::set<std::string>> ByArg;
    for (uint64_t S : Sigs) {
      std::vector<Kind> Ks = signatureKinds(S);
      for (unsigned A = 0; A < Ks.size(); ++A)
        ByArg[A].insert(kindName(Ks[A]));
    }
    std::string Why;
    for (auto &[A, Set] : ByArg)
      if (Set.size() > 1) {
        std::string Kinds;
        for (const std::string &K : Set)
          Kinds += (Kinds.empty() ? "" : ", ") + K;
        Why += fmt::format("{}argument {} is {}", Why.empty() ? "" : "; ", A + 1, Kinds);
      }
    return Why;
  }

  /// Functions called with several argument signatures: which arguments vary.
  void unstableFunctions() {
    for (const FunctionProfile &FP : P.Functions) {
      if (FP.Signatures.size() < 2 || !FP.Fn)
        continue;
      std::vector<uint64_t> All;
      for (auto &[S, N] : signatureCounts(FP.Fn->Feedback))
        All.push_back(S);
      std::string Why = varyingArguments(All);
      std::string Sigs;
      for (auto &[S, N] : FP.Signatures)
        Sigs += fmt::format("{}{} x{}", Sigs.empty() ? "" : ", ", S, N);
      add("type-unstable function", FP.Fn, FP.Fn->Loc, "fun " + FP.Fn->Name,
          fmt::format("{} signatures ({}); {}; stability {:.2f}", FP.Signatures.size(), Sigs, Why, FP.Stability),
          FP.SelfMsTier[1] * (1 - 1 / GenericToSpecialized), "low",
          "call it with one kind per argument where you can; each signature needs its own "
          "specialization (at most --jit-max-specs), the rest run generic code");
    }
  }

  void unstableSites() {
    unstableFunctions();
    for (const FunctionDecl *F : Fns) {
      if (!F->Body)
        continue;
      forEachCallSite(F, [&](const Expr *Site, const CallSiteFeedback &FB) {
        if (FB.State != ICState::Polymorphic && FB.State != ICState::Megamorphic)
          return;
        std::set<std::string> Targets;
        for (unsigned I = 0; I < FB.NumTargets; ++I)
          Targets.insert(displayName(FB.Targets[I]));
        std::string Why = varyingArguments({FB.Sigs, FB.Sigs + FB.NumTargets});
        if (Targets.size() > 1)
          Why += fmt::format("{}{} different functions are called", Why.empty() ? "" : "; ", Targets.size());
        if (FB.State == ICState::Megamorphic)
          Why += " (and more: megamorphic)";
        // The gain: the callees' time in generic code, if specialized.
        double Generic = 0;
        for (unsigned I = 0; I < FB.NumTargets; ++I)
          if (auto It = ByFn.find(FB.Targets[I]); It != ByFn.end())
            Generic += It->second->SelfMsTier[1];
        add("type-unstable call site", F, Site->Loc, source(Site->Loc),
            fmt::format("{} inline cache, {} recorded calls: {}", FB.State == ICState::Megamorphic ? "megamorphic" : "polymorphic",
                        FB.Count, Why),
            Generic * (1 - 1 / GenericToSpecialized), "low",
            "give the varying argument one kind at this site (convert before the call, or split "
            "the call by kind), so that one specialization serves it");
      });
    }
  }
};

} // namespace

Analysis ruchy::profiler::analyzeProgram(const Profile &P, const Program &Prog) {
  return Analyzer(P, Prog).run();
}

std::string ruchy::profiler::renderAnalysisText(const Analysis &A) {
  std::string Out = fmt::format("analysis of {}: {} opportunit{} (profiled run {:.1f} ms; gains are "
                                "estimates in that run)\n",
                                A.File, A.Items.size(), A.Items.size() == 1 ? "y" : "ies", A.RunMs);
  unsigned N = 0;
  for (const Opportunity &O : A.Items) {
    Out += fmt::format("\n{}. [{}] {}:{}:{}{} -- est. gain {:.3f} ms ({:.1f}%), confidence {}\n", ++N,
                       O.Kind, A.File, O.Line, O.Col,
                       O.Function.empty() ? "" : fmt::format(" in `{}`", O.Function), O.GainMs,
                       O.GainShare * 100, O.Confidence);
    if (!O.Code.empty())
      Out += "   code: " + O.Code + "\n";
    Out += "   evidence: " + O.Evidence + "\n";
    Out += "   suggestion: " + O.Suggestion + "\n";
  }
  return Out;
}

std::string ruchy::profiler::renderAnalysisMarkdown(const Analysis &A) {
  std::string Out = fmt::format("# Optimization opportunities: `{}`\n\nProfiled run: {:.1f} ms. Gains are "
                                "estimates in that run.\n\n| # | kind | location | code | evidence | est. gain | "
                                "confidence | suggestion |\n|---:|---|---|---|---|---:|---|---|\n",
                                A.File, A.RunMs);
  unsigned N = 0;
  auto Cell = [](std::string S) {
    std::string Out;
    for (char C : S)
      Out += C == '|' ? std::string("\\|") : std::string(1, C);
    return Out;
  };
  for (const Opportunity &O : A.Items)
    Out += fmt::format("| {} | {} | {}:{}:{}{} | `{}` | {} | {:.3f} ms ({:.1f}%) | {} | {} |\n", ++N, O.Kind,
                       A.File, O.Line, O.Col, O.Function.empty() ? "" : " `" + O.Function + "`",
                       Cell(O.Code), Cell(O.Evidence), O.GainMs, O.GainShare * 100, O.Confidence,
                       Cell(O.Suggestion));
  return Out;
}

std::string ruchy::profiler::renderAnalysisJson(const Analysis &A) {
  nlohmann::json J;
  J["file"] = A.File;
  J["run_ms"] = A.RunMs;
  J["opportunities"] = nlohmann::json::array();
  for (const Opportunity &O : A.Items)
    J["opportunities"].push_back({{"kind", O.Kind},
                                  {"function", O.Function},
                                  {"line", O.Line},
                                  {"col", O.Col},
                                  {"code", O.Code},
                                  {"evidence", O.Evidence},
                                  {"gain_ms", O.GainMs},
                                  {"gain_share", O.GainShare},
                                  {"confidence", O.Confidence},
                                  {"suggestion", O.Suggestion}});
  return J.dump(2) + "\n";
}
