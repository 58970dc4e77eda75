//===- frontend/Inlining.cpp - The `inline` AST pass --------------------===//
//
// Replaces a call of a small, non-recursive top-level function inside
// another function's body by the callee's body in a block, its parameters
// bound first to the arguments, in order, as the call would:
//
//   fun sq(x) { x * x }        ...  sq(a + 1)  ...
//   =>                         ...  { let inl_sq_1_x = a + 1; inl_sq_1_x * inl_sq_1_x }  ...
//
// A callee qualifies when it has at most MaxInlineNodes expressions, plain
// and distinct parameter names, no `return` (it would leave the caller),
// no closure or nested item, and does not reach itself through calls or
// name itself. The parameters are renamed in the copy (every occurrence,
// bindings included, so shadowing inside the body stays as it was), so the
// arguments' names never meet the body's. The names the body takes from
// outside (functions, globals, builtins) must mean the same at the call
// site: the caller binds none of them, nor the callee's name. Calls in the
// top level (whose lets are globals, possibly shadowed) are left alone.
// One level per run: the copies are not inlined into again.
//
//===----------------------------------------------------------------------===//
#include "frontend/AstPasses.h"

#include "frontend/AstWalk.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>

using namespace ruchy;
using namespace ruchy::ast;

namespace {

/// Callees up to this size are copied: a call costs more than such a body
/// runs. (Tier 2 copies bigger ones, --jit-inline-nodes: its copies are in
/// compiled code only, where LLVM still decides whether to inline them.)
constexpr int64_t MaxInlineNodes = 40;

void patternNames(const Pattern *P, std::set<std::string> &Out) {
  if (!P)
    return;
  if (P->K == PatternKind::Binding)
    Out.insert(P->Name);
  for (const Pattern *S : P->Subs)
    patternNames(S, Out);
}

/// Every name a function binds (parameters, lets, loops, match arms,
/// closures' parameters) anywhere in its body.
std::set<std::string> boundNames(const FunctionDecl *F) {
  std::set<std::string> Out;
  for (const Param &P : F->Params)
    patternNames(P.Pat, Out);
  if (!F->Body)
    return Out;
  forEachExpr(F->Body, [&](Expr *E) {
    switch (E->K) {
    case ExprKind::Let: patternNames(static_cast<Let *>(E)->Pat, Out); break;
    case ExprKind::For: patternNames(static_cast<For *>(E)->Pat, Out); break;
    case ExprKind::Match:
      for (MatchArm &A : static_cast<Match *>(E)->Arms)
        patternNames(A.Pat, Out);
      break;
    case ExprKind::Closure: {
      std::set<std::string> Inner = boundNames(static_cast<ClosureExpr *>(E)->Fn);
      Out.insert(Inner.begin(), Inner.end());
      break;
    }
    case ExprKind::Block:
      for (FunctionDecl *G : static_cast<Block *>(E)->Functions)
        Out.insert(G->Name);
      break;
    default:
      break;
    }
  });
  return Out;
}

/// Names F's body reads that it does not bind itself.
std::set<std::string> freeNames(const FunctionDecl *F) {
  std::set<std::string> Bound = boundNames(F), Out;
  forEachExpr(F->Body, [&](Expr *E) {
    if (E->K == ExprKind::Ident && !Bound.count(static_cast<Ident *>(E)->Name))
      Out.insert(static_cast<Ident *>(E)->Name);
    else if (E->K == ExprKind::Path && !static_cast<Path *>(E)->Segments.empty())
      Out.insert(static_cast<Path *>(E)->Segments[0]);
  });
  return Out;
}

/// A copy of E with Rename applied to every name (uses and bindings).
/// Handles the node kinds a qualifying body may contain; returns null for
/// any other (the call is then left alone).
class Copier {
public:
  explicit Copier(std::map<std::string, std::string> Rename) : Rename(std::move(Rename)) {}
  bool Failed = false;

  Expr *copy(const Expr *E) {
    if (!E)
      return nullptr;
    Expr *C = clone(E);
    if (!C) {
      Failed = true;
      return nullptr;
    }
    C->Loc = E->Loc;
    return C;
  }

private:
  std::map<std::string, std::string> Rename;

  std::string name(const std::string &N) const {
    auto It = Rename.find(N);
    return It == Rename.end() ? N : It->second;
  }

  Pattern *pattern(const Pattern *P) {
    if (!P)
      return nullptr;
    auto *C = new Pattern(P->K);
    C->Loc = P->Loc;
    C->Name = P->K == PatternKind::Binding ? name(P->Name) : P->Name;
    C->Lit = copy(P->Lit);
    C->Lo = copy(P->Lo);
    C->Hi = copy(P->Hi);
    C->Inclusive = P->Inclusive;
    for (const Pattern *S : P->Subs)
      C->Subs.push_back(pattern(S));
    return C;
  }

  std::vector<Expr *> all(const std::vector<Expr *> &Es) {
    std::vector<Expr *> Out;
    for (const Expr *E : Es)
      Out.push_back(copy(E));
    return Out;
  }

  std::vector<FormatPiece> pieces(const std::vector<FormatPiece> &Ps) {
    std::vector<FormatPiece> Out = Ps;
    for (FormatPiece &P : Out)
      P.Arg = copy(P.Arg);
    return Out;
  }

  Block *block(const Block *B) {
    auto *C = new Block();
    C->Loc = B->Loc;
    C->Stmts = all(B->Stmts);
    return C;
  }

  Expr *clone(const Expr *E) {
    switch (E->K) {
    case ExprKind::IntLit: return new IntLit(static_cast<const IntLit *>(E)->V);
    case ExprKind::FloatLit: return new FloatLit(static_cast<const FloatLit *>(E)->V);
    case ExprKind::StrLit: return new StrLit(static_cast<const StrLit *>(E)->V);
    case ExprKind::BoolLit: return new BoolLit(static_cast<const BoolLit *>(E)->V);
    case ExprKind::NilLit: return new NilLit();
    case ExprKind::FString: {
      auto *C = new FString();
      C->Pieces = pieces(static_cast<const FString *>(E)->Pieces);
      return C;
    }
    case ExprKind::Ident: return new Ident(name(static_cast<const Ident *>(E)->Name));
    case ExprKind::Path: {
      auto *C = new Path();
      C->Segments = static_cast<const Path *>(E)->Segments;
      return C;
    }
    case ExprKind::Unary: {
      const auto *U = static_cast<const Unary *>(E);
      return new Unary(U->Op, copy(U->Operand));
    }
    case ExprKind::Binary: {
      const auto *B = static_cast<const Binary *>(E);
      return new Binary(B->Op, copy(B->L), copy(B->R));
    }
    case ExprKind::Logical: {
      const auto *L = static_cast<const Logical *>(E);
      return new Logical(L->IsAnd, copy(L->L), copy(L->R));
    }
    case ExprKind::RangeExpr: {
      const auto *R = static_cast<const RangeExpr *>(E);
      return new RangeExpr(copy(R->Lo), copy(R->Hi), R->Inclusive);
    }
    case ExprKind::Assign: {
      const auto *A = static_cast<const Assign *>(E);
      return new Assign(copy(A->Target), copy(A->Val), A->HasOp, A->Op);
    }
    case ExprKind::Call: {
      const auto *C = static_cast<const Call *>(E);
      return new Call(copy(C->Callee), all(C->Args));
    }
    case ExprKind::MethodCall: {
      const auto *M = static_cast<const MethodCall *>(E);
      return new MethodCall(copy(M->Recv), M->Name, all(M->Args));
    }
    case ExprKind::Field: {
      const auto *F = static_cast<const Field *>(E);
      return new Field(copy(F->Obj), F->Name);
    }
    case ExprKind::TupleIndex: {
      const auto *T = static_cast<const TupleIndex *>(E);
      return new TupleIndex(copy(T->Obj), T->Index);
    }
    case ExprKind::Index: {
      const auto *I = static_cast<const Index *>(E);
      return new Index(copy(I->Obj), copy(I->Idx));
    }
    case ExprKind::Cast: {
      const auto *C = static_cast<const Cast *>(E);
      return new Cast(copy(C->Operand), C->CK, C->TypeText);
    }
    case ExprKind::ArrayLit: return new ArrayLit(all(static_cast<const ArrayLit *>(E)->Elems));
    case ExprKind::ArrayRepeat: {
      const auto *A = static_cast<const ArrayRepeat *>(E);
      return new ArrayRepeat(copy(A->Elem), copy(A->Count));
    }
    case ExprKind::TupleLit: return new TupleLit(all(static_cast<const TupleLit *>(E)->Elems));
    case ExprKind::MapLit: {
      const auto *M = static_cast<const MapLit *>(E);
      auto *C = new MapLit();
      C->Keys = all(M->Keys);
      C->Vals = all(M->Vals);
      return C;
    }
    case ExprKind::StructLit: {
      const auto *S = static_cast<const StructLit *>(E);
      auto *C = new StructLit(S->Name);
      C->FieldNames = S->FieldNames;
      C->FieldVals = all(S->FieldVals);
      return C;
    }
    case ExprKind::Block: return block(static_cast<const Block *>(E));
    case ExprKind::If: {
      const auto *I = static_cast<const If *>(E);
      return new If(copy(I->Cond), block(I->Then), copy(I->Else));
    }
    case ExprKind::While: {
      const auto *W = static_cast<const While *>(E);
      auto *C = new While(copy(W->Cond));
      C->Label = W->Label;
      C->Body = block(W->Body);
      return C;
    }
    case ExprKind::Loop: {
      const auto *L = static_cast<const Loop *>(E);
      auto *C = new Loop();
      C->Label = L->Label;
      C->Body = block(L->Body);
      return C;
    }
    case ExprKind::For: {
      const auto *F = static_cast<const For *>(E);
      auto *C = new For(pattern(F->Pat), copy(F->Iterable));
      C->Label = F->Label;
      C->Body = block(F->Body);
      return C;
    }
    case ExprKind::Break: {
      const auto *B = static_cast<const Break *>(E);
      auto *C = new Break();
      C->Label = B->Label;
      C->Val = copy(B->Val);
      return C;
    }
    case ExprKind::Continue: {
      auto *C = new Continue();
      C->Label = static_cast<const Continue *>(E)->Label;
      return C;
    }
    case ExprKind::Match: {
      const auto *M = static_cast<const Match *>(E);
      auto *C = new Match(copy(M->Scrutinee));
      for (const MatchArm &A : M->Arms)
        C->Arms.push_back({pattern(A.Pat), copy(A.Guard), copy(A.Body)});
      return C;
    }
    case ExprKind::Let: {
      const auto *L = static_cast<const Let *>(E);
      auto *C = new Let(pattern(L->Pat), copy(L->Init));
      C->IsConst = L->IsConst;
      return C;
    }
    case ExprKind::Macro: {
      const auto *M = static_cast<const Macro *>(E);
      auto *C = new Macro(M->MK);
      C->Pieces = pieces(M->Pieces);
      C->HasFormat = M->HasFormat;
      C->Args = all(M->Args);
      return C;
    }
    case ExprKind::Return: case ExprKind::Closure: case ExprKind::Item:
      return nullptr; // not in a qualifying body
    }
    return nullptr;
  }
};

struct Callee {
  FunctionDecl *Fn;
  int64_t Nodes;
  std::set<std::string> Free;
  /// The body as it was before this run inlined into it: copies are made
  /// from it (one level per run, and the free names checked are its own).
  Block *Original;
};

} // namespace

AstPassResult ruchy::inlineSmallFunctions(Program &P) {
  AstPassResult R;
  std::map<std::string, FunctionDecl *> ByName;
  for (FunctionDecl *F : P.Functions)
    ByName[F->Name] = F;
  // Names the top level binds: a function shadowed by a global is not
  // called by its name.
  std::set<std::string> TopNames;
  if (P.TopLevel)
    for (Expr *S : P.TopLevel->Stmts)
      if (S->K == ExprKind::Let)
        patternNames(static_cast<Let *>(S)->Pat, TopNames);
  // Which functions each function names (calls or values): for recursion.
  CallGraph Names;
  for (FunctionDecl *F : P.Functions)
    forEachExpr(F->Body, [&](Expr *E) {
      if (E->K == ExprKind::Ident)
        if (auto It = ByName.find(static_cast<Ident *>(E)->Name); It != ByName.end())
          Names[F].insert(It->second);
    });
  std::map<std::string, Callee> Callees;
  for (FunctionDecl *F : P.Functions) {
    if (!F->Body || F->Name == "main" || TopNames.count(F->Name) || reachesItself(F, Names))
      continue;
    std::set<std::string> Params;
    bool Ok = true;
    for (const Param &Pa : F->Params)
      Ok &= Pa.Pat->K == PatternKind::Binding && Params.insert(Pa.Pat->Name).second;
    int64_t Nodes = 0;
    forEachExpr(F->Body, [&](Expr *E) {
      ++Nodes;
      if (E->K == ExprKind::Return || E->K == ExprKind::Closure || E->K == ExprKind::Item ||
          (E->K == ExprKind::Block && !static_cast<Block *>(E)->Functions.empty()))
        Ok = false;
    });
    if (!Ok || Nodes > MaxInlineNodes)
      continue;
    Copier Snapshot({});
    auto *Original = static_cast<Block *>(Snapshot.copy(F->Body));
    if (!Snapshot.Failed)
      Callees[F->Name] = {F, Nodes, freeNames(F), Original};
  }
  unsigned Copies = 0;
  for (FunctionDecl *Caller : P.Functions) {
    if (!Caller->Body)
      continue;
    std::set<std::string> CallerBinds = boundNames(Caller);
    std::function<void(Expr *&)> Visit = [&](Expr *&E) {
      // Not into format-string holes: a block there would not print back
      // as one expression of a hole.
      if (E->K == ExprKind::FString)
        return;
      if (E->K == ExprKind::Macro) {
        for (Expr *&A : static_cast<Macro *>(E)->Args)
          Visit(A);
        return;
      }
      forEachChildSlot(E, Visit);
      if (E->K != ExprKind::Call)
        return;
      auto *C = static_cast<Call *>(E);
      if (C->Callee->K != ExprKind::Ident)
        return;
      const std::string &N = static_cast<Ident *>(C->Callee)->Name;
      auto It = Callees.find(N);
      if (It == Callees.end() || It->second.Fn == Caller || CallerBinds.count(N) ||
          C->Args.size() != It->second.Fn->Params.size())
        return;
      for (const std::string &Free : It->second.Free)
        if (CallerBinds.count(Free))
          return; // the body's outside name means something else here
      FunctionDecl *G = It->second.Fn;
      ++Copies;
      std::map<std::string, std::string> Rename;
      for (const Param &Pa : G->Params)
        Rename[Pa.Pat->Name] = fmt::format("inl_{}_{}_{}", G->Name, Copies, Pa.Pat->Name);
      Copier Cp(Rename);
      auto *B = new Block();
      B->Loc = C->Loc;
      for (size_t I = 0; I < C->Args.size(); ++I) {
        auto *Pat = new Pattern(PatternKind::Binding);
        Pat->Name = Rename[G->Params[I].Pat->Name];
        Pat->Loc = C->Loc;
        auto *L = new Let(Pat, C->Args[I]);
        L->Loc = C->Args[I]->Loc;
        B->Stmts.push_back(L);
      }
      const Block *Body = It->second.Original;
      for (Expr *S : Body->Stmts)
        B->Stmts.push_back(Cp.copy(S));
      if (Cp.Failed)
        return;
      if (Body->Stmts.empty() || Body->Stmts.back()->K == ExprKind::Let) {
        auto *Nil = new NilLit(); // the function's value
        Nil->Loc = C->Loc;
        B->Stmts.push_back(Nil);
      }
      R.note(C->Loc, fmt::format("inlined `{}` ({} expressions)", G->Name, It->second.Nodes));
      E = B;
    };
    Expr *Body = Caller->Body;
    Visit(Body);
  }
  return R;
}
