//===- interp/EvalMacros.h - Helpers shared by the evaluator files -*- C++ -*-===//
//
// Small inline helpers private to Tier 0: branch hints, the "evaluate a child
// and stop if it started unwinding" macro, and the slot encoding of cells.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_INTERP_EVALMACROS_H
#define RUCHY_INTERP_EVALMACROS_H

#include "runtime/Object.h"
#include "runtime/Value.h"

#define RUCHY_LIKELY(X) __builtin_expect(!!(X), 1)
#define RUCHY_UNLIKELY(X) __builtin_expect(!!(X), 0)

/// Evaluates child expression E into a new local Var; when the child started
/// a break/continue/return, returns at once so the unwinding continues.
#define EVAL(Var, E)                                                                               \
  Value Var = eval((E), F);                                                                        \
  if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))                                                  \
    return Var;

namespace ruchy {

/// A frame slot of a captured variable holds its Cell; the kind is Undef so
/// the slot can never be mistaken for a Ruchy value.
inline Value cellSlotValue(Cell *C) {
  return Value::object(Kind::Undef, reinterpret_cast<Obj *>(C));
}
inline Cell *slotCell(Value V) { return reinterpret_cast<Cell *>(V.O); }

/// Compiled code pointers and failure flags are published by the background
/// compiler thread; acquire loads pair with its release stores (a plain load
/// on x86).
template <typename T> inline T loadPublished(const T &Field) {
  return __atomic_load_n(&Field, __ATOMIC_ACQUIRE);
}

} // namespace ruchy

#endif
