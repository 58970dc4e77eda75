//===- jit/TypeInference.h - Value kinds of locals for Tier 2 -----*- C++ -*-===//
//
// Forward inference over a function's resolved AST for one argument-kind
// signature: the set of kinds each frame slot can hold and the set the
// function can return. A slot with exactly one kind is kept unboxed by Tier 2
// (its kind is a constant, so every kind test on it folds away); any other
// slot stays a boxed Value as in Tier 1.
//
// Sets of kinds (a bit per runtime Kind) form the lattice: a store adds the
// kinds of the stored value to its slot; the function is re-walked until no
// slot changes (a fixpoint, so `acc = acc + 0.5` after `let acc = 0` makes
// acc Int|Float). Calls of known functions ask a ReturnOracle for the callee's
// return kinds with the argument kinds at the call, which lets recursion reach
// a fixpoint too: fib(Int) returns Int.
//
// Only what the program text proves is used here: array elements, fields,
// globals, closures' results and captured variables are "any kind".
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_TYPEINFERENCE_H
#define RUCHY_JIT_TYPEINFERENCE_H

#include "frontend/AST.h"
#include "runtime/Object.h"
#include "runtime/Value.h"

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ruchy::jit {

/// A set of value kinds, one bit per Kind.
using KindSet = uint16_t;
constexpr KindSet kindBit(Kind K) { return static_cast<KindSet>(1u << static_cast<unsigned>(K)); }
constexpr KindSet AnyKind = static_cast<KindSet>((1u << NumKinds) - 1) &
                            static_cast<KindSet>(~(1u << static_cast<unsigned>(Kind::Undef)));
/// True when S holds exactly one kind; that kind in *K.
bool singleKind(KindSet S, Kind *K = nullptr);

/// Kinds a call of Callee returns given its argument kinds (one Kind per
/// argument); AnyKind when unknown.
using ReturnOracle = std::function<KindSet(const ast::FunctionDecl *Callee,
                                           const std::vector<Kind> &ArgKinds)>;

struct InferredTypes {
  /// Per frame slot: the kinds it can hold (0: never written).
  std::vector<KindSet> Slots;
  /// The kinds the function can return.
  KindSet Return = 0;
  /// Times the body was walked before the slots stopped changing.
  unsigned Rounds = 0;
  /// Stores whose value inference could not prove one kind, where Tier 0's
  /// feedback saw only one: the slot takes that kind, and compiled code
  /// guards the store (deoptimizing to Tier 0 when it fails).
  std::unordered_set<const ast::Expr *> Speculated;
  /// Element reads (Index) that speculate on the one kind Tier 0 saw there:
  /// each is in a statement whose value has no side effects, so a failed
  /// guard resumes Tier 0 at the start of that statement.
  std::unordered_map<const ast::Expr *, Kind> SpeculatedLoads;
  /// Element stores (`a[i] = v`, the Index target) into the one array
  /// layout Tier 0 saw there, with v of the kind it holds: a guard on the
  /// layout, whose failure resumes Tier 0 at the start of the statement
  /// (pure, like those of speculated reads), then the raw element.
  std::unordered_map<const ast::Expr *, ElemKind> SpeculatedStores;
};

/// The "speculation given up" flag of a site Tier 2 may speculate at (a
/// Let, Assign, For or Index), null for any other expression.
bool *specFailedFlag(ast::Expr *Site);

/// The stores (a plain local's `let`, `x = v` / `x op= v`, a `for` loop's
/// plain variable) that are statements of blocks Tier 0 can resume in after
/// them: the function's body, and the bodies and branches of loops and
/// `if`s that are themselves such statements.
std::unordered_set<const ast::Expr *> resumableStores(const ast::FunctionDecl *Fn);

/// Infers Fn's slot and return kinds when called with arguments of ArgKinds
/// (one per parameter).
/// Speculate: use Tier 0's store feedback (see InferredTypes::Speculated).
/// Return kinds that callers rely on must be inferred without it: after a
/// failed guard the callee finishes in Tier 0 and may return anything the
/// program allows.
InferredTypes inferTypes(const ast::FunctionDecl *Fn, const std::vector<Kind> &ArgKinds,
                         const ReturnOracle &Oracle, bool Speculate = true);

/// The kinds `L op R` produces for operands of kinds L and R (0 when it
/// raises for every pair), following runtime/Operations.cpp.
KindSet binaryResultKinds(BinaryOp Op, KindSet L, KindSet R);

} // namespace ruchy::jit

#endif
