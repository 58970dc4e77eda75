//===- frontend/AstWalk.h - Generic traversal of the syntax tree -*- C++ -*-===//
//
// forEachChild visits the direct child expressions of a node, so passes and
// reports that only care about a few node kinds need not repeat the whole
// tree shape. Nested function bodies (closures, block-local functions) are
// not children: they are functions of their own.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_FRONTEND_ASTWALK_H
#define RUCHY_FRONTEND_ASTWALK_H

#include "frontend/AST.h"

#include <map>
#include <set>
#include <vector>

namespace ruchy::ast {

template <typename CallbackT> void forEachPatternExpr(Pattern *P, CallbackT &&Fn) {
  if (!P)
    return;
  if (P->Lit)
    Fn(P->Lit);
  if (P->Lo)
    Fn(P->Lo);
  if (P->Hi)
    Fn(P->Hi);
  for (Pattern *S : P->Subs)
    forEachPatternExpr(S, Fn);
}

/// Calls Fn(Expr *&Slot) for each direct child expression of E, so that a
/// pass can replace it. A child that must stay a Block (a branch or a loop
/// body) is wrapped in one if Fn replaces it with something else.
template <typename CallbackT> void forEachChildSlot(Expr *E, CallbackT &&Fn) {
  auto Visit = [&](Expr *&C) {
    if (C)
      Fn(C);
  };
  auto VisitBlock = [&](Block *&B) {
    if (!B)
      return;
    Expr *C = B;
    Fn(C);
    if (C->K == ExprKind::Block) {
      B = static_cast<Block *>(C);
    } else {
      B = new Block();
      B->Loc = C->Loc;
      B->Stmts.push_back(C);
    }
  };
  auto VisitAll = [&](std::vector<Expr *> &Es) {
    for (Expr *&C : Es)
      Visit(C);
  };
  auto VisitPieces = [&](std::vector<FormatPiece> &Ps) {
    for (FormatPiece &P : Ps)
      Visit(P.Arg);
  };
  switch (E->K) {
  case ExprKind::IntLit:
  case ExprKind::FloatLit:
  case ExprKind::StrLit:
  case ExprKind::BoolLit:
  case ExprKind::NilLit:
  case ExprKind::Ident:
  case ExprKind::Path:
  case ExprKind::Continue:
  case ExprKind::Closure:
  case ExprKind::Item:
    return;
  case ExprKind::FString:
    VisitPieces(static_cast<FString *>(E)->Pieces);
    return;
  case ExprKind::Unary:
    Visit(static_cast<Unary *>(E)->Operand);
    return;
  case ExprKind::Binary:
    Visit(static_cast<Binary *>(E)->L);
    Visit(static_cast<Binary *>(E)->R);
    return;
  case ExprKind::Logical:
    Visit(static_cast<Logical *>(E)->L);
    Visit(static_cast<Logical *>(E)->R);
    return;
  case ExprKind::RangeExpr:
    Visit(static_cast<RangeExpr *>(E)->Lo);
    Visit(static_cast<RangeExpr *>(E)->Hi);
    return;
  case ExprKind::Assign:
    Visit(static_cast<Assign *>(E)->Target);
    Visit(static_cast<Assign *>(E)->Val);
    return;
  case ExprKind::Call:
    Visit(static_cast<Call *>(E)->Callee);
    VisitAll(static_cast<Call *>(E)->Args);
    return;
  case ExprKind::MethodCall:
    Visit(static_cast<MethodCall *>(E)->Recv);
    VisitAll(static_cast<MethodCall *>(E)->Args);
    return;
  case ExprKind::Field:
    Visit(static_cast<Field *>(E)->Obj);
    return;
  case ExprKind::TupleIndex:
    Visit(static_cast<TupleIndex *>(E)->Obj);
    return;
  case ExprKind::Index:
    Visit(static_cast<Index *>(E)->Obj);
    Visit(static_cast<Index *>(E)->Idx);
    return;
  case ExprKind::Cast:
    Visit(static_cast<Cast *>(E)->Operand);
    return;
  case ExprKind::ArrayLit:
    VisitAll(static_cast<ArrayLit *>(E)->Elems);
    return;
  case ExprKind::ArrayRepeat:
    Visit(static_cast<ArrayRepeat *>(E)->Elem);
    Visit(static_cast<ArrayRepeat *>(E)->Count);
    return;
  case ExprKind::TupleLit:
    VisitAll(static_cast<TupleLit *>(E)->Elems);
    return;
  case ExprKind::MapLit:
    VisitAll(static_cast<MapLit *>(E)->Keys);
    VisitAll(static_cast<MapLit *>(E)->Vals);
    return;
  case ExprKind::StructLit:
    VisitAll(static_cast<StructLit *>(E)->FieldVals);
    return;
  case ExprKind::Block:
    VisitAll(static_cast<Block *>(E)->Stmts);
    return;
  case ExprKind::If:
    Visit(static_cast<If *>(E)->Cond);
    VisitBlock(static_cast<If *>(E)->Then);
    Visit(static_cast<If *>(E)->Else);
    return;
  case ExprKind::While:
    Visit(static_cast<While *>(E)->Cond);
    VisitBlock(static_cast<While *>(E)->Body);
    return;
  case ExprKind::Loop:
    VisitBlock(static_cast<Loop *>(E)->Body);
    return;
  case ExprKind::For:
    // (Pattern literals are constants: nothing to rewrite there.)
    Visit(static_cast<For *>(E)->Iterable);
    VisitBlock(static_cast<For *>(E)->Body);
    return;
  case ExprKind::Break:
    Visit(static_cast<Break *>(E)->Val);
    return;
  case ExprKind::Return:
    Visit(static_cast<Return *>(E)->Val);
    return;
  case ExprKind::Match: {
    auto *M = static_cast<Match *>(E);
    Visit(M->Scrutinee);
    for (MatchArm &A : M->Arms) {
      Visit(A.Guard);
      Visit(A.Body);
    }
    return;
  }
  case ExprKind::Let:
    Visit(static_cast<Let *>(E)->Init);
    return;
  case ExprKind::Macro:
    VisitAll(static_cast<Macro *>(E)->Args);
    VisitPieces(static_cast<Macro *>(E)->Pieces);
    return;
  }
}

/// Visits the direct child expressions of E (pattern literals included).
template <typename CallbackT> void forEachChild(Expr *E, CallbackT &&Fn) {
  switch (E->K) {
  case ExprKind::For:
    forEachPatternExpr(static_cast<For *>(E)->Pat, Fn);
    break;
  case ExprKind::Let:
    forEachPatternExpr(static_cast<Let *>(E)->Pat, Fn);
    break;
  default:
    break;
  }
  if (E->K == ExprKind::Match) {
    // Arms in order: pattern, guard, body.
    auto *M = static_cast<Match *>(E);
    if (M->Scrutinee)
      Fn(M->Scrutinee);
    for (MatchArm &A : M->Arms) {
      forEachPatternExpr(A.Pat, Fn);
      if (A.Guard)
        Fn(A.Guard);
      if (A.Body)
        Fn(A.Body);
    }
    return;
  }
  forEachChildSlot(E, [&](Expr *&C) { Fn(C); });
}

/// Which functions each function refers to (calls, or names as values).
using CallGraph = std::map<const FunctionDecl *, std::set<const FunctionDecl *>>;

/// True when F reaches itself through G's edges (it is recursive).
inline bool reachesItself(const FunctionDecl *F, const CallGraph &G) {
  std::set<const FunctionDecl *> Seen;
  std::vector<const FunctionDecl *> Work;
  if (auto It = G.find(F); It != G.end())
    Work.assign(It->second.begin(), It->second.end());
  while (!Work.empty()) {
    const FunctionDecl *X = Work.back();
    Work.pop_back();
    if (X == F)
      return true;
    if (Seen.insert(X).second)
      if (auto It = G.find(X); It != G.end())
        Work.insert(Work.end(), It->second.begin(), It->second.end());
  }
  return false;
}

/// Visits E and every expression below it (pre-order), not entering nested
/// function bodies.
template <typename CallbackT> void forEachExpr(Expr *E, CallbackT &&Fn) {
  if (!E)
    return;
  Fn(E);
  forEachChild(E, [&](Expr *C) { forEachExpr(C, Fn); });
}

/// Visits every call and method-call site in Fn's body with its feedback:
/// Cb(const Expr *Site, const CallSiteFeedback &FB).
template <typename CallbackT> void forEachCallSite(const FunctionDecl *Fn, CallbackT &&Cb) {
  forEachExpr(Fn->Body, [&](Expr *E) {
    if (E->K == ExprKind::Call)
      Cb(static_cast<const Expr *>(E), static_cast<const Call *>(E)->Feedback);
    else if (E->K == ExprKind::MethodCall)
      Cb(static_cast<const Expr *>(E), static_cast<const MethodCall *>(E)->Feedback);
  });
}

/// How many direct calls of Fn by name its own body makes (recursion
/// unrolling copies it once per such call; a pure variant needs one).
inline unsigned directSelfCalls(const FunctionDecl *Fn) {
  unsigned N = 0;
  forEachExpr(Fn->Body, [&](Expr *E) {
    if (E->K == ExprKind::Call) {
      auto *C = static_cast<Call *>(E);
      N += C->CK == CallKind::Direct && C->Target == Fn;
    }
  });
  return N;
}

} // namespace ruchy::ast

#endif
