//===- frontend/ConstantFolding.cpp - The `fold` AST pass ---------------===//
//
// Replaces operators, casts and short-circuits whose operands are literals
// by their value, bottom-up (so `2 * 3 + 1` folds whole). The value is
// computed by the runtime's own operations (runtime/Operations.h), so it is
// exactly what any tier would compute; an operation that raises (overflow,
// division by zero, a type error) is left in place to raise at run time,
// and a Float result with no literal spelling (NaN, infinity) too.
// `&&`/`||` fold when their left operand is a literal: it decides which
// operand is the value (LANGUAGE.md: only false and nil are falsy).
//
//===----------------------------------------------------------------------===//
#include "frontend/AstPasses.h"

#include "frontend/AstWalk.h"
#include "frontend/SourceText.h"
#include "runtime/Error.h"
#include "runtime/Operations.h"

#include <fmt/format.h>

#include <cmath>

using namespace ruchy;
using namespace ruchy::ast;

namespace {

struct WouldRaise {};

[[noreturn]] void throwInstead(const std::string &, SiteId) { throw WouldRaise{}; }

bool literalValue(const Expr *E, Value &V) {
  switch (E->K) {
  case ExprKind::IntLit: V = Value::integer(static_cast<const IntLit *>(E)->V); return true;
  case ExprKind::FloatLit: V = Value::real(static_cast<const FloatLit *>(E)->V); return true;
  case ExprKind::BoolLit: V = Value::boolean(static_cast<const BoolLit *>(E)->V); return true;
  case ExprKind::NilLit: V = Value::nil(); return true;
  default: return false;
  }
}

/// The literal spelling V, or null when it has none.
Expr *literalOf(Value V, const Expr *Where) {
  Expr *L = nullptr;
  switch (V.K) {
  case Kind::Int: L = new IntLit(V.I); break;
  case Kind::Float:
    if (!std::isfinite(V.F))
      return nullptr;
    L = new FloatLit(V.F);
    break;
  case Kind::Bool: L = new BoolLit(V.B); break;
  case Kind::Nil: L = new NilLit(); break;
  default: return nullptr;
  }
  L->Loc = Where->Loc;
  return L;
}

std::string text(const Expr *E) {
  Value V;
  if (!literalValue(E, V))
    return "?";
  switch (V.K) {
  case Kind::Int: return std::to_string(V.I);
  case Kind::Float: return floatText(V.F);
  case Kind::Bool: return V.B ? "true" : "false";
  default: return "nil";
  }
}

class Folder {
public:
  AstPassResult R;

  Expr *fold(Expr *E) {
    forEachChildSlot(E, [&](Expr *&C) { C = fold(C); });
    Value A, B;
    switch (E->K) {
    case ExprKind::Unary: {
      auto *U = static_cast<Unary *>(E);
      if (!literalValue(U->Operand, A))
        return E;
      return compute(E, fmt::format("{}{}", U->Op == UnaryOp::Neg ? "-" : "!", text(U->Operand)),
                     [&] { return U->Op == UnaryOp::Neg ? opNeg(A, E->Site) : opNot(A); });
    }
    case ExprKind::Binary: {
      auto *Bi = static_cast<Binary *>(E);
      if (!literalValue(Bi->L, A) || !literalValue(Bi->R, B))
        return E;
      return compute(E, fmt::format("{} {} {}", text(Bi->L), binaryOpSpelling(Bi->Op), text(Bi->R)),
                     [&] { return opBinary(Bi->Op, A, B, E->Site); });
    }
    case ExprKind::Cast: {
      auto *C = static_cast<Cast *>(E);
      if (!literalValue(C->Operand, A) || C->CK == CastKind::Identity)
        return E;
      return compute(E, fmt::format("{} as {}", text(C->Operand), C->TypeText), [&] {
        return C->CK == CastKind::ToFloat ? opCastToFloat(A, E->Site) : opCastToInt(A, E->Site);
      });
    }
    case ExprKind::Logical: {
      auto *L = static_cast<Logical *>(E);
      if (!literalValue(L->L, A))
        return E;
      // The left operand decides: it is the value, or the right one is.
      bool LeftIsValue = L->IsAnd ? !A.truthy() : A.truthy();
      R.note(E->Loc, fmt::format("folded `{} {} ...` to its {} operand", text(L->L),
                                 L->IsAnd ? "&&" : "||", LeftIsValue ? "left" : "right"));
      return LeftIsValue ? L->L : L->R;
    }
    default:
      return E;
    }
  }

private:
  template <typename ComputeT> Expr *compute(Expr *E, const std::string &What, ComputeT &&Fn) {
    Value V;
    try {
      V = Fn();
    } catch (const WouldRaise &) {
      return E;
    }
    Expr *L = literalOf(V, E);
    if (!L)
      return E;
    R.note(E->Loc, fmt::format("folded `{}` to `{}`", What, text(L)));
    return L;
  }
};

} // namespace

namespace {

bool evaluate(const Expr *E, Value &Out, std::unordered_set<const Expr *> *NotConstant) {
  if (literalValue(E, Out))
    return true;
  if (NotConstant && NotConstant->count(E))
    return false;
  Value A, B;
  bool Ok = false;
  switch (E->K) {
  case ExprKind::Unary: {
    auto *U = static_cast<const Unary *>(E);
    if ((Ok = evaluate(U->Operand, A, NotConstant)))
      Out = U->Op == UnaryOp::Neg ? opNeg(A, E->Site) : opNot(A);
    break;
  }
  case ExprKind::Binary: {
    auto *Bi = static_cast<const Binary *>(E);
    if ((Ok = evaluate(Bi->L, A, NotConstant) && evaluate(Bi->R, B, NotConstant)))
      Out = opBinary(Bi->Op, A, B, E->Site);
    break;
  }
  case ExprKind::Cast: {
    auto *C = static_cast<const Cast *>(E);
    if ((Ok = C->CK != CastKind::Identity && evaluate(C->Operand, A, NotConstant)))
      Out = C->CK == CastKind::ToFloat ? opCastToFloat(A, E->Site) : opCastToInt(A, E->Site);
    break;
  }
  case ExprKind::Logical: {
    auto *L = static_cast<const Logical *>(E);
    if (evaluate(L->L, A, NotConstant)) {
      bool LeftIsValue = L->IsAnd ? !A.truthy() : A.truthy();
      Ok = LeftIsValue ? (Out = A, true) : evaluate(L->R, Out, NotConstant);
    }
    break;
  }
  default:
    break;
  }
  Ok = Ok && (Out.K == Kind::Int || Out.K == Kind::Float || Out.K == Kind::Bool ||
              Out.K == Kind::Nil);
  if (!Ok && NotConstant)
    NotConstant->insert(E);
  return Ok;
}

} // namespace

bool ruchy::constantValue(const Expr *E, Value &Out, std::unordered_set<const Expr *> *NotConstant) {
  // A raise means "not constant". The handler is per thread: a background
  // compile swaps its own, not the program thread's.
  ErrorHandler Caller = setErrorHandler(throwInstead);
  bool Ok;
  try {
    Ok = evaluate(E, Out, NotConstant);
  } catch (const WouldRaise &) {
    Ok = false;
  }
  setErrorHandler(Caller);
  return Ok;
}

AstPassResult ruchy::foldConstants(Program &P) {
  Folder F;
  // The runtime's operations raise through the error handler: here a
  // raise means "leave it to run time".
  // (The caller's handler is put back after: a process that runs
  // programs after folding them, as the fuzz targets do, keeps its own.)
  ErrorHandler Caller = setErrorHandler(throwInstead);
  forEachBody(
      P, [&](FunctionDecl *Fn) { if (Fn->Body) F.fold(Fn->Body); },
      [&](Block *Top) { F.fold(Top); });
  for (StructDecl *S : P.Structs)
    for (FieldDecl &Fd : S->Fields)
      if (Fd.Default)
        Fd.Default = F.fold(Fd.Default);
  setErrorHandler(Caller);
  return F.R;
}
