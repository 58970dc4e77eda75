//===- frontend/DeadCodeElimination.cpp - The `dce` AST pass -------------===//
//
// Removes code that can never run or whose running cannot be observed:
// - `if` on a literal condition: the branch taken replaces it (a block, so
//   its scope is kept); `while` on a falsy literal never runs;
// - the statements of a block after one that always leaves it (`return`,
//   `break`, `continue`, an `if` whose branches all leave);
// - literal statements whose value is dropped (not a block's last);
// - top-level functions that nothing refers to by name (main excepted),
//   until none is left.
// Run after `fold`, which turns constant conditions into literals.
//
//===----------------------------------------------------------------------===//
#include "frontend/AstPasses.h"

#include "frontend/AstWalk.h"

#include <fmt/format.h>

#include <map>

using namespace ruchy;
using namespace ruchy::ast;

namespace {

bool isLiteral(const Expr *E) {
  switch (E->K) {
  case ExprKind::IntLit: case ExprKind::FloatLit: case ExprKind::StrLit: case ExprKind::BoolLit:
  case ExprKind::NilLit:
    return true;
  default:
    return false;
  }
}

/// A literal's truth (only false and nil are falsy).
bool truthyLiteral(const Expr *E) {
  if (E->K == ExprKind::NilLit)
    return false;
  if (E->K == ExprKind::BoolLit)
    return static_cast<const BoolLit *>(E)->V;
  return true;
}

/// True when evaluating E always leaves the enclosing block.
bool alwaysLeaves(const Expr *E) {
  switch (E->K) {
  case ExprKind::Return: case ExprKind::Break: case ExprKind::Continue:
    return true;
  case ExprKind::If: {
    const auto *I = static_cast<const If *>(E);
    if (!I->Else)
      return false;
    auto Leaves = [](const Expr *B) {
      if (B->K != ExprKind::Block)
        return alwaysLeaves(B);
      const auto &S = static_cast<const Block *>(B)->Stmts;
      for (const Expr *X : S)
        if (alwaysLeaves(X))
          return true;
      return false;
    };
    return Leaves(I->Then) && Leaves(I->Else);
  }
  default:
    return false;
  }
}

Block *asBlock(Expr *E) {
  if (E->K == ExprKind::Block)
    return static_cast<Block *>(E);
  auto *B = new Block();
  B->Loc = E->Loc;
  B->Stmts.push_back(E);
  return B;
}

class Eliminator {
public:
  AstPassResult R;

  Expr *visit(Expr *E) {
    forEachChildSlot(E, [&](Expr *&C) { C = visit(C); });
    switch (E->K) {
    case ExprKind::If: {
      auto *I = static_cast<If *>(E);
      if (!isLiteral(I->Cond))
        return E;
      bool Taken = truthyLiteral(I->Cond);
      note(E, fmt::format("`if` on a constant condition: kept the {} branch", Taken ? "then" : "else"));
      if (Taken)
        return I->Then;
      if (!I->Else) {
        auto *N = new NilLit();
        N->Loc = E->Loc;
        return N;
      }
      return I->Else->K == ExprKind::If ? I->Else : asBlock(I->Else);
    }
    case ExprKind::While: {
      auto *W = static_cast<While *>(E);
      if (!isLiteral(W->Cond) || truthyLiteral(W->Cond))
        return E;
      note(E, "`while` whose condition is never true: removed");
      auto *N = new NilLit();
      N->Loc = E->Loc;
      return N;
    }
    case ExprKind::Block: {
      auto *B = static_cast<Block *>(E);
      std::vector<Expr *> Kept;
      for (size_t I = 0; I < B->Stmts.size(); ++I) {
        Expr *S = B->Stmts[I];
        bool Last = I + 1 == B->Stmts.size();
        if (!Last && isLiteral(S)) {
          note(S, "literal statement whose value is dropped: removed");
          continue;
        }
        Kept.push_back(S);
        if (!Last && alwaysLeaves(S)) {
          size_t Dropped = 0;
          for (size_t J = I + 1; J < B->Stmts.size(); ++J)
            Dropped += B->Stmts[J]->K != ExprKind::Item;
          if (Dropped)
            note(B->Stmts[I + 1], fmt::format("{} unreachable statement(s) after a statement that "
                                              "always leaves the block: removed",
                                              Dropped));
          // Items stay: they are bound when the block is entered.
          for (size_t J = I + 1; J < B->Stmts.size(); ++J)
            if (B->Stmts[J]->K == ExprKind::Item)
              Kept.push_back(B->Stmts[J]);
          break;
        }
      }
      B->Stmts = std::move(Kept);
      return E;
    }
    default:
      return E;
    }
  }

  void note(const Expr *E, const std::string &What) { noteAt(E->Loc, What); }
  void noteAt(const Span &Loc, const std::string &What) { R.note(Loc, What); }
};

/// Names referred to anywhere in F's subtree, nested functions included.
void countNames(Expr *E, std::map<std::string, unsigned> &Uses);

void countFunction(FunctionDecl *F, std::map<std::string, unsigned> &Uses) {
  if (F->Body)
    countNames(F->Body, Uses);
}

void countNames(Expr *E, std::map<std::string, unsigned> &Uses) {
  forEachExpr(E, [&](Expr *X) {
    if (X->K == ExprKind::Ident)
      ++Uses[static_cast<Ident *>(X)->Name];
    else if (X->K == ExprKind::Path)
      for (const std::string &S : static_cast<Path *>(X)->Segments)
        ++Uses[S];
    else if (X->K == ExprKind::Closure)
      countFunction(static_cast<ClosureExpr *>(X)->Fn, Uses);
    else if (X->K == ExprKind::Block) {
      auto *B = static_cast<Block *>(X);
      for (FunctionDecl *F : B->Functions)
        countFunction(F, Uses);
      for (StructDecl *S : B->Structs) {
        for (FieldDecl &Fd : S->Fields)
          if (Fd.Default)
            countNames(Fd.Default, Uses);
        for (FunctionDecl *M : S->Methods)
          countFunction(M, Uses);
      }
      for (ImplDecl *I : B->Impls)
        for (FunctionDecl *M : I->Methods)
          countFunction(M, Uses);
    }
  });
}

} // namespace

AstPassResult ruchy::eliminateDeadCode(Program &P) {
  Eliminator D;
  forEachBody(
      P, [&](FunctionDecl *Fn) { if (Fn->Body) Fn->Body = asBlock(D.visit(Fn->Body)); },
      [&](Block *Top) { D.visit(Top); });
  // Top-level functions nothing refers to: a function's references to
  // itself do not count, and removing one may leave others unreferenced.
  for (bool Changed = true; Changed;) {
    Changed = false;
    std::map<std::string, unsigned> Uses;
    if (P.TopLevel)
      countNames(P.TopLevel, Uses);
    for (StructDecl *S : P.Structs) {
      for (FieldDecl &Fd : S->Fields)
        if (Fd.Default)
          countNames(Fd.Default, Uses);
      for (FunctionDecl *M : S->Methods)
        countFunction(M, Uses);
    }
    for (ImplDecl *I : P.Impls)
      for (FunctionDecl *M : I->Methods)
        countFunction(M, Uses);
    std::map<const FunctionDecl *, std::map<std::string, unsigned>> Own;
    for (FunctionDecl *F : P.Functions) {
      countFunction(F, Own[F]);
      for (auto &[N, C] : Own[F])
        Uses[N] += C;
    }
    std::vector<FunctionDecl *> Kept;
    for (FunctionDecl *F : P.Functions) {
      unsigned Self = Own[F].count(F->Name) ? Own[F][F->Name] : 0;
      if (F->Name != "main" && Uses[F->Name] == Self) {
        D.noteAt(F->Loc, fmt::format("function `{}` is never referred to: removed", F->Name));
        Changed = true;
        continue;
      }
      Kept.push_back(F);
    }
    P.Functions = std::move(Kept);
  }
  return D.R;
}
