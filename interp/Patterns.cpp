//===- interp/Patterns.cpp - Tier 0 pattern matching and binding -*- C++ -*-===//
//
// Patterns of `match` arms (refutable) and of `let`, `for` and parameters
// (irrefutable: a mismatch is a runtime error). Bindings go where the
// resolver put them: a frame slot, a fresh cell (captured variables get a
// new cell per binding, so closures made in a loop see their own iteration's
// value) or a global slot.
//
//===----------------------------------------------------------------------===//
#include "interp/EvalMacros.h"
#include "interp/Interpreter.h"

#include "runtime/Error.h"
#include "runtime/Object.h"
#include "runtime/Operations.h"

#include <fmt/format.h>

using namespace ruchy;
using namespace ruchy::ast;

void Interpreter::storePatternVar(Pattern *Pat, Value V, Frame &F) {
  switch (Pat->VK) {
  case VarKind::Local:
    F.Slots[Pat->Slot] = V;
    return;
  case VarKind::LocalCell:
    F.Slots[Pat->Slot] = cellSlotValue(newCell(V));
    return;
  case VarKind::Global:
    Globals[Pat->Slot] = V;
    if (Pat->AliasSlot >= 0)
      Globals[Pat->AliasSlot] = V;
    return;
  default:
    return;
  }
}

namespace {
/// Whether V lies in [Lo, Hi] (or [Lo, Hi)). Values of other kinds than
/// the bounds simply do not match.
bool inRange(Value V, Value Lo, Value Hi, bool Inclusive) {
  bool Numeric = V.isNumber() && Lo.isNumber() && Hi.isNumber();
  bool Text = V.isStr() && Lo.isStr() && Hi.isStr();
  if (!Numeric && !Text)
    return false;
  if (compareValues(V, Lo, "..", 0) < 0)
    return false;
  int C = compareValues(V, Hi, "..", 0);
  return Inclusive ? C <= 0 : C < 0;
}
} // namespace

bool Interpreter::matchPattern(Pattern *Pat, Value V, Frame &F) {
  switch (Pat->K) {
  case PatternKind::Wildcard:
    return true;
  case PatternKind::Binding:
    storePatternVar(Pat, V, F);
    return true;
  case PatternKind::Literal:
    return valuesEqual(V, eval(Pat->Lit, F));
  case PatternKind::Range:
    return inRange(V, eval(Pat->Lo, F), eval(Pat->Hi, F), Pat->Inclusive);
  case PatternKind::Tuple: {
    if (V.K != Kind::Tuple || V.T->Len != static_cast<int64_t>(Pat->Subs.size()))
      return false;
    for (size_t I = 0; I < Pat->Subs.size(); ++I)
      if (!matchPattern(Pat->Subs[I], V.T->Elems[I], F))
        return false;
    return true;
  }
  case PatternKind::Or:
    for (Pattern *S : Pat->Subs)
      if (matchPattern(S, V, F))
        return true;
    return false;
  }
  return false;
}

void Interpreter::bindPattern(Pattern *Pat, Value V, Frame &F, SiteId Site) {
  if (Pat->K == PatternKind::Binding) {
    storePatternVar(Pat, V, F);
    return;
  }
  if (!matchPattern(Pat, V, F)) {
    if (Pat->K == PatternKind::Tuple)
      raiseError(Site, fmt::format("Type error: cannot destructure {} into a tuple of {}",
                                   V.K == Kind::Tuple ? fmt::format("a tuple of {}", V.T->Len)
                                                      : kindName(V.K),
                                   Pat->Subs.size()));
    raiseError(Site, "Pattern does not match the value");
  }
}
