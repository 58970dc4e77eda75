//===- jit/RuntimeBridge.cpp - Runtime entry points for JIT code -*- C++ -*-===//
#include "jit/RuntimeBridge.h"

#include "interp/Constructors.h"
#include "jit/Deopt.h"

#include "runtime/ArrayObject.h"
#include "runtime/Builtins.h"
#include "runtime/Error.h"
#include "runtime/Interrupt.h"
#include "runtime/MapObject.h"
#include "runtime/Object.h"
#include "runtime/Operations.h"
#include "runtime/StrObject.h"

#include <fmt/format.h>

using namespace ruchy;
using namespace ruchy::jit;
using namespace ruchy::ast;

namespace {
Interpreter *Interp = nullptr;
} // namespace

void ruchy::jit::setBridgeInterpreter(Interpreter *I) { Interp = I; }

Value rt::binary(int32_t Op, Value L, Value R, SiteId Site) {
  return opBinary(static_cast<BinaryOp>(Op), L, R, Site);
}

Value rt::neg(Value V, SiteId Site) { return opNeg(V, Site); }

Value rt::evalFallback(Expr *E, Frame *F) {
  Value V = Interp->evalIn(E, *F);
  // IR generation only falls back for subtrees without break, continue or
  // return, so nothing can be unwinding here.
  if (Interp->unwindKind() != Unwind::None)
    raiseError(E->Site, "internal error: control flow escaped an interpreted subtree");
  return V;
}

void rt::bindBlockFunctions(Block *B, Frame *F) { Interp->bindBlockFunctionsIn(B, *F); }

Value rt::makeClosure(const FunctionDecl *Fn, Frame *F) { return Interp->makeClosureIn(Fn, *F); }

Cell *rt::newCellFor(Value V) { return newCell(V); }

void rt::bindPattern(Pattern *P, Value V, Frame *F, SiteId Site) {
  Interp->bindPatternIn(P, V, *F, Site);
}

int64_t rt::matchPattern(Pattern *P, Value V, Frame *F) {
  return Interp->matchPatternIn(P, V, *F) ? 1 : 0;
}

void rt::noMatch(SiteId Site) { raiseError(Site, "No match arm matched the value"); }
void rt::interrupted(SiteId Site) { raiseInterrupt(Site); }

void rt::undefinedVariable(Ident *I) { raiseError(I->Site, "Undefined variable: " + I->Name); }

Value rt::callFunction(const FunctionDecl *Fn, const Value *Args, int64_t N, SiteId Site,
                       CallSiteFeedback *FB) {
  return Interp->callFunctionIn(Fn, nullptr, Args, static_cast<size_t>(N), Site, FB);
}

Value rt::callValue(Value Callee, const Value *Args, int64_t N, SiteId Site, CallSiteFeedback *FB) {
  return Interp->callValue(Callee, Args, static_cast<size_t>(N), Site, FB);
}

Value rt::callBuiltin(int32_t Id, const Value *Args, int64_t N, SiteId Site) {
  return ruchy::callBuiltin(Id, Args, static_cast<size_t>(N), Site);
}

Value rt::callMethod(MethodCall *M, const Value *ArgsWithRecv) {
  return Interp->callMethodIn(M, ArgsWithRecv);
}

Value rt::fieldGet(Field *Fd, Value Obj) { return *Interp->fieldSlotIn(Fd, Obj); }

Value *rt::fieldSlot(Field *Fd, Value Obj) { return Interp->fieldSlotIn(Fd, Obj); }

Value rt::indexGet(Value Obj, Value Idx, SiteId Site) {
  if (Obj.K == Kind::Array && Idx.K == Kind::Int) {
    int64_t J = Idx.I;
    if (normalizeIndex(J, Obj.A->Len))
      return arrayAt(Obj.A, J);
  }
  return opIndexGet(Obj, Idx, Site);
}

void rt::indexSet(Value Obj, Value Idx, Value V, SiteId Site) { opIndexSet(Obj, Idx, V, Site); }

// The iteration protocol of compiled `for` loops over anything but a range:
// element I of the value, for I below forLength (re-read every iteration, as
// Tier 0 does, so an array that grows while iterated is seen growing).
int64_t rt::forLength(Value It, SiteId Site) {
  switch (It.K) {
  case Kind::Array:
    return It.A->Len;
  case Kind::Tuple:
    return It.T->Len;
  case Kind::Str:
    return strCharCount(It.S);
  case Kind::Map:
    return static_cast<int64_t>(mapLen(It.M));
  default:
    break;
  }
  raiseError(Site, fmt::format("Type error: cannot iterate over {}", kindName(It.K)));
}

Value rt::forElement(Value It, int64_t I) {
  switch (It.K) {
  case Kind::Array:
    return arrayAt(It.A, I);
  case Kind::Tuple:
    return It.T->Elems[I];
  case Kind::Str:
    return Value::str(strCharAt(It.S, I));
  case Kind::Map: {
    Tuple *KV = newTuple(2);
    KV->Elems[0] = mapKeyAt(It.M, static_cast<size_t>(I));
    KV->Elems[1] = mapValueAt(It.M, static_cast<size_t>(I));
    return Value::tuple(KV);
  }
  default:
    return Value();
  }
}

void rt::recordCall(FunctionDecl *Fn, uint64_t Sig, CallSiteFeedback *FB) {
  ruchy::recordSignature(Fn->Feedback, Sig);
  recordCallTarget(*FB, Fn, Sig);
}

Value rt::buildStruct(StructLit *S, const Value *Vals) { return Interp->buildStruct(S, Vals); }

void rt::arrayPush(Array *A, Value V) { ruchy::arrayPush(A, V); }

Value rt::fstring(FString *S, const Value *Holes) { return buildFString(S, Holes); }

Value rt::macro(Macro *M, const Value *Args, int64_t N, const Value *Holes) {
  return finishMacro(M, Args, static_cast<size_t>(N), Holes);
}

Value rt::range(RangeExpr *R, Value Lo, Value Hi) { return buildRange(R, Lo, Hi); }

Value rt::tupleField(TupleIndex *T, Value V) { return ruchy::tupleField(T, V); }

Value rt::cast(Cast *C, Value V) { return castValue(C, V); }

Value rt::arrayRepeat(ArrayRepeat *A, Value Elem, Value Count) {
  return buildArrayRepeat(A, Elem, Count);
}

Value rt::arrayLit(const Value *Elems, int64_t N) {
  return buildArray(Elems, static_cast<size_t>(N));
}

Value rt::tupleLit(const Value *Elems, int64_t N) {
  return buildTuple(Elems, static_cast<size_t>(N));
}

Value rt::newMapValue() { return Value::map(newMap()); }

void rt::mapInsert(Map *M, Value K, Value V, SiteId Site) { ruchy::mapInsert(M, K, V, Site); }

namespace {
DeoptHandler OnDeopt = nullptr;
void *OnDeoptCtx = nullptr;
} // namespace

void ruchy::jit::setDeoptHandler(DeoptHandler H, void *Ctx) {
  OnDeopt = H;
  OnDeoptCtx = Ctx;
}

Value rt::deopt(void *Point, Frame *F) {
  auto &RP = *static_cast<ResumePoint *>(Point);
  ++RP.Count;
  if (OnDeopt)
    OnDeopt(RP, RP.Slot >= 0 ? F->Slots[RP.Slot] : Value(), OnDeoptCtx);
  return Interp->resumeAt(RP.Path.data(), RP.Path.size(), *F);
}

Value rt::rangeValue(int64_t Lo, int64_t Hi, int64_t Inclusive) {
  return Value::range(newRange(Lo, Hi, Inclusive != 0));
}

const bool *ruchy::jit::bridgeTimingFlag() { return Interp->timingFlag(); }

const std::vector<BridgeSymbol> &ruchy::jit::bridgeSymbols() {
  static const std::vector<BridgeSymbol> Symbols = {
#define SYM(Name) {"rt_" #Name, reinterpret_cast<void *>(&rt::Name)}
      SYM(binary),        SYM(neg),          SYM(evalFallback), SYM(bindBlockFunctions),
      SYM(makeClosure),   SYM(newCellFor),   SYM(bindPattern),  SYM(matchPattern),
      SYM(noMatch), SYM(interrupted),     SYM(undefinedVariable), SYM(callFunction), SYM(callValue),
      SYM(callBuiltin),   SYM(callMethod),   SYM(fieldGet),     SYM(fieldSlot),
      SYM(indexGet),      SYM(indexSet),     SYM(forLength),    SYM(forElement),
      SYM(recordCall), SYM(buildStruct), SYM(arrayPush),  SYM(fstring),
      SYM(macro),         SYM(range),        SYM(tupleField),   SYM(cast),
      SYM(arrayRepeat),   SYM(arrayLit),     SYM(tupleLit),     SYM(newMapValue),
      SYM(mapInsert),     SYM(deopt),        SYM(rangeValue),
#undef SYM
  };
  return Symbols;
}
