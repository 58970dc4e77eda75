//===- frontend/TailCallElimination.cpp - The `tco` AST pass -------------===//
//
// A function whose body calls the function itself in tail position (its
// value is the function's value: the body's last expression, through
// `if`/`match` branches and blocks, or `return f(...)` anywhere) is
// rewritten to loop instead of recursing:
//
//   fun f(n, acc) { if n == 0 { acc } else { f(n - 1, acc * n) } }
//   =>
//   fun f(n, acc) { 'tco_f: loop { if n == 0 { return acc } else {
//       let tco_f_0 = n - 1; let tco_f_1 = acc * n; n = tco_f_0; acc = tco_f_1;
//       continue 'tco_f } } }
//
// The arguments are all evaluated before any parameter changes, as a call
// evaluates them. Only top-level functions with plain parameter names
// qualify, whose body creates no closure or nested function (those could
// capture a parameter, which the loop reuses where a call made a new one)
// and never rebinds the function's own name. A runaway tail recursion
// that raised `Stack overflow` loops forever afterwards: that is the point
// of the pass, and why it is opt-in.
//
//===----------------------------------------------------------------------===//
#include "frontend/AstPasses.h"

#include "frontend/AstWalk.h"

#include <fmt/format.h>

using namespace ruchy;
using namespace ruchy::ast;

namespace {

bool bindsName(const Pattern *P, const std::string &Name) {
  if (!P)
    return false;
  if (P->K == PatternKind::Binding && P->Name == Name)
    return true;
  for (const Pattern *S : P->Subs)
    if (bindsName(S, Name))
      return true;
  return false;
}

class TailCalls {
public:
  TailCalls(FunctionDecl *F) : F(F), Label("tco_" + F->Name) {}

  /// Whether the function may be rewritten at all.
  bool eligible() {
    if (!F->Body || F->IsClosure || F->HasSelf)
      return false;
    for (const Param &P : F->Params)
      if (P.Pat->K != PatternKind::Binding || P.Pat->Name == F->Name)
        return false;
    bool Ok = true;
    forEachExpr(F->Body, [&](Expr *E) {
      if (E->K == ExprKind::Closure)
        Ok = false;
      else if (E->K == ExprKind::Block && !static_cast<Block *>(E)->Functions.empty())
        Ok = false;
      else if (E->K == ExprKind::Let && bindsName(static_cast<Let *>(E)->Pat, F->Name))
        Ok = false;
      else if (E->K == ExprKind::For && bindsName(static_cast<For *>(E)->Pat, F->Name))
        Ok = false;
      else if (E->K == ExprKind::Match)
        for (MatchArm &A : static_cast<Match *>(E)->Arms)
          if (bindsName(A.Pat, F->Name))
            Ok = false;
    });
    return Ok;
  }

  bool isSelfCall(const Expr *E) const {
    if (E->K != ExprKind::Call)
      return false;
    const auto *C = static_cast<const Call *>(E);
    return C->Callee->K == ExprKind::Ident && static_cast<const Ident *>(C->Callee)->Name == F->Name &&
           C->Args.size() == F->Params.size();
  }

  /// True when some self call is in tail position (so the rewrite pays).
  bool hasTailCall(const Expr *E) const {
    if (isSelfCall(E))
      return true;
    bool Found = false;
    forEachExpr(const_cast<Expr *>(E), [&](Expr *X) {
      if (X->K == ExprKind::Return && static_cast<Return *>(X)->Val && isSelfCall(static_cast<Return *>(X)->Val))
        Found = true;
    });
    return Found || tailHas(E);
  }

  unsigned Rewritten = 0;

  /// The body, looping.
  Block *rewrite() {
    Block *Body = F->Body;
    // `return f(...)` anywhere first, then the tail positions.
    replaceReturns(Body);
    Expr *NewBody = tail(Body);
    auto *L = new Loop();
    L->Label = Label;
    L->Loc = Body->Loc;
    L->Body = NewBody->K == ExprKind::Block ? static_cast<Block *>(NewBody) : wrap(NewBody);
    auto *Outer = new Block();
    Outer->Loc = Body->Loc;
    Outer->Stmts.push_back(L);
    return Outer;
  }

private:
  FunctionDecl *F;
  std::string Label;
  unsigned Temps = 0;

  bool tailHas(const Expr *E) const {
    switch (E->K) {
    case ExprKind::Call: return isSelfCall(E);
    case ExprKind::Block: {
      const auto &S = static_cast<const Block *>(E)->Stmts;
      return !S.empty() && tailHas(S.back());
    }
    case ExprKind::If: {
      const auto *I = static_cast<const If *>(E);
      return tailHas(I->Then) || (I->Else && tailHas(I->Else));
    }
    case ExprKind::Match:
      for (const MatchArm &A : static_cast<const Match *>(E)->Arms)
        if (tailHas(A.Body))
          return true;
      return false;
    default:
      return false;
    }
  }

  Block *wrap(Expr *E) {
    auto *B = new Block();
    B->Loc = E->Loc;
    B->Stmts.push_back(E);
    return B;
  }

  /// `{ let t0 = a0; ...; p0 = t0; ...; continue 'label }` for a self call.
  Expr *jump(Call *C) {
    ++Rewritten;
    auto *B = new Block();
    B->Loc = C->Loc;
    std::vector<std::string> Temp;
    for (size_t I = 0; I < C->Args.size(); ++I) {
      Temp.push_back(fmt::format("{}_{}", Label, Temps++));
      auto *P = new Pattern(PatternKind::Binding);
      P->Name = Temp.back();
      P->Loc = C->Loc;
      auto *Lt = new Let(P, C->Args[I]);
      Lt->Loc = C->Loc;
      B->Stmts.push_back(Lt);
    }
    for (size_t I = 0; I < C->Args.size(); ++I) {
      auto *Target = new Ident(F->Params[I].Pat->Name);
      Target->Loc = C->Loc;
      auto *Src = new Ident(Temp[I]);
      Src->Loc = C->Loc;
      auto *A = new Assign(Target, Src, false, BinaryOp::Add);
      A->Loc = C->Loc;
      B->Stmts.push_back(A);
    }
    auto *K = new Continue();
    K->Label = Label;
    K->Loc = C->Loc;
    B->Stmts.push_back(K);
    return B;
  }

  void replaceReturns(Expr *E) {
    forEachChildSlot(E, [&](Expr *&C) {
      if (C->K == ExprKind::Return) {
        auto *R = static_cast<Return *>(C);
        if (R->Val && isSelfCall(R->Val)) {
          C = jump(static_cast<Call *>(R->Val));
          return;
        }
      }
      replaceReturns(C);
    });
  }

  /// E in tail position: its value leaves the function.
  Expr *tail(Expr *E) {
    switch (E->K) {
    case ExprKind::Call:
      if (isSelfCall(E))
        return jump(static_cast<Call *>(E));
      break;
    case ExprKind::Block: {
      auto *B = static_cast<Block *>(E);
      if (B->Stmts.empty()) {
        auto *R = new Return();
        R->Loc = B->Loc;
        B->Stmts.push_back(R);
        return B;
      }
      Expr *&Last = B->Stmts.back();
      if (Last->K == ExprKind::Let || Last->K == ExprKind::Item) {
        auto *R = new Return();
        R->Loc = Last->Loc;
        B->Stmts.push_back(R);
      } else {
        Last = tail(Last);
      }
      return B;
    }
    case ExprKind::If: {
      auto *I = static_cast<If *>(E);
      Expr *T = tail(I->Then);
      I->Then = T->K == ExprKind::Block ? static_cast<Block *>(T) : wrap(T);
      if (I->Else) {
        I->Else = tail(I->Else);
      } else {
        // No else: the value is nil when the condition is false.
        auto *R = new Return();
        R->Loc = I->Loc;
        I->Else = wrap(R);
      }
      return I;
    }
    case ExprKind::Match:
      for (MatchArm &A : static_cast<Match *>(E)->Arms)
        A.Body = tail(A.Body);
      return E;
    case ExprKind::Return: case ExprKind::Break: case ExprKind::Continue:
      return E;
    default:
      break;
    }
    auto *R = new Return();
    R->Val = E;
    R->Loc = E->Loc;
    return R;
  }
};

} // namespace

AstPassResult ruchy::eliminateTailCalls(Program &P) {
  AstPassResult R;
  for (FunctionDecl *F : P.Functions) {
    TailCalls T(F);
    if (!T.eligible() || !T.hasTailCall(F->Body))
      continue;
    F->Body = T.rewrite();
    R.note(F->Loc, fmt::format("`{}`: {} self call(s) in tail position became a loop", F->Name,
                               T.Rewritten));
    R.Changes += T.Rewritten - 1;
  }
  return R;
}
