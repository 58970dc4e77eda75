//===- interp/Interpreter.cpp - Tier 0 expression evaluation -----*- C++ -*-===//
//
// The evaluator proper: one switch over node kinds, Int and Float fast paths
// inline, everything else through the runtime's operations (runtime/
// Operations.h) so that semantics are written once. Calls, methods and
// patterns live in their own files (Calls.cpp, Patterns.cpp).
//
//===----------------------------------------------------------------------===//
#include "interp/Interpreter.h"

#include "interp/Constructors.h"
#include "interp/EvalMacros.h"
#include "runtime/ArrayObject.h"
#include "runtime/Builtins.h"
#include "runtime/Error.h"
#include "runtime/Format.h"
#include "runtime/MapObject.h"
#include "runtime/Object.h"
#include "runtime/Operations.h"
#include "runtime/Output.h"
#include "runtime/StrObject.h"

#include <fmt/format.h>

#include <alloca.h>
#include <chrono>
#include <cstring>
#include <x86intrin.h>

using namespace ruchy;
using namespace ruchy::ast;

namespace {
/// Int op Int without leaving the interpreter, for the cases that cannot
/// fail; returns false for the rest (overflow, zero divisors, `**`), which
/// the runtime handles with the right result or error.
inline bool intFastPath(BinaryOp Op, int64_t X, int64_t Y, Value &Out) {
  int64_t Z;
  switch (Op) {
  case BinaryOp::Add:
    if (__builtin_add_overflow(X, Y, &Z))
      return false;
    Out = Value::integer(Z);
    return true;
  case BinaryOp::Sub:
    if (__builtin_sub_overflow(X, Y, &Z))
      return false;
    Out = Value::integer(Z);
    return true;
  case BinaryOp::Mul:
    if (__builtin_mul_overflow(X, Y, &Z))
      return false;
    Out = Value::integer(Z);
    return true;
  case BinaryOp::Div:
    if (Y == 0 || (Y == -1 && X == INT64_MIN))
      return false;
    Out = Value::integer(X / Y);
    return true;
  case BinaryOp::Rem:
    if (Y == 0 || Y == -1)
      return false;
    Out = Value::integer(X % Y);
    return true;
  case BinaryOp::Lt:
    Out = Value::boolean(X < Y);
    return true;
  case BinaryOp::Le:
    Out = Value::boolean(X <= Y);
    return true;
  case BinaryOp::Gt:
    Out = Value::boolean(X > Y);
    return true;
  case BinaryOp::Ge:
    Out = Value::boolean(X >= Y);
    return true;
  case BinaryOp::Eq:
    Out = Value::boolean(X == Y);
    return true;
  case BinaryOp::Ne:
    Out = Value::boolean(X != Y);
    return true;
  default:
    return false;
  }
}

/// Bit recorded in Binary::SeenKinds for an operand-kind pair (feedback for
/// Tier 2 speculation). Kinds past Str share the "other" bit.
inline uint64_t kindPairBit(Kind L, Kind R) {
  if (L > Kind::Str || R > Kind::Str)
    return 1ULL << 63;
  return 1ULL << (static_cast<unsigned>(L) * NumKinds + static_cast<unsigned>(R));
}
} // namespace

void Interpreter::releaseHeapRoots() {
  gcFreePermanent(Globals);
  Globals = nullptr;
  for (FunctionDecl *Fn : P.AllFunctions)
    if (Fn->Value) {
      gcFreePermanent(Fn->Value);
      Fn->Value = nullptr;
    }
}

Interpreter::Interpreter(Program &P) : P(P) {
  size_t NG = P.GlobalNames.size();
  Globals = static_cast<Value *>(gcAllocPermanent(sizeof(Value) * (NG ? NG : 1)));
  for (size_t I = 0; I < NG; ++I)
    Globals[I] = Value::undef();
  // Named functions are values too (`apply(inc, 1)`): one permanent closure
  // each, without captures.
  auto MakeValue = [](FunctionDecl *Fn) {
    auto *C = static_cast<Closure *>(gcAllocPermanent(sizeof(Closure)));
    C->Fn = Fn;
    C->NumCaptures = 0;
    Fn->Value = C;
  };
  for (FunctionDecl *Fn : P.Functions)
    MakeValue(Fn);
  for (StructDecl *S : P.Structs)
    for (FunctionDecl *M : S->Methods)
      MakeValue(M);
}

OsrFn Interpreter::compileNow(FunctionDecl *Fn, LoopExpr *L) {
  // Compile time is reported by the tier manager, not charged to whichever
  // function happened to be running.
  if (Timing)
    chargeTime();
  OsrFn Entry = nullptr;
  if (L)
    Entry = Hooks->onHotLoop(Fn, L);
  else
    Hooks->onHotFunction(Fn);
  if (Timing) {
    uint64_t Now = __rdtsc();
    if (Profile) {
      Profile->CompileTicks += Now - LastTick;
      LastAllocObjects = heapStats().Objects;
      LastAllocBytes = heapStats().Bytes;
    }
    LastTick = Now;
  }
  return Entry;
}

void Interpreter::chargeTime() {
  uint64_t Now = __rdtsc();
  if (CurTicks)
    *CurTicks += Now - LastTick;
  if (Profile && CurNode->Fn) {
    // The account is one of the node's function's three (same order).
    const uint64_t *T0 = &CurNode->Fn->Feedback.TicksT0;
    size_t Tier = static_cast<size_t>(CurTicks - T0);
    if (Tier < 3)
      CurNode->Ticks[Tier] += Now - LastTick;
    const HeapStats &H = heapStats();
    CurNode->AllocObjects += H.Objects - LastAllocObjects;
    CurNode->AllocBytes += H.Bytes - LastAllocBytes;
    LastAllocObjects = H.Objects;
    LastAllocBytes = H.Bytes;
  }
  LastTick = Now;
}

int Interpreter::run() {
  FunctionDecl *Top = P.TopFn;
  auto WallStart = std::chrono::steady_clock::now();
  uint64_t TickStart = __rdtsc();
  if (Timing) {
    LastTick = TickStart;
    CurTicks = &Top->Feedback.TicksT0;
    if (Profile) {
      CurNode = Profile->Root.child(Top);
      ++CurNode->Calls;
      LastAllocObjects = heapStats().Objects;
      LastAllocBytes = heapStats().Bytes;
    }
  }
  int32_t NS = Top->Frame.NumSlots;
  auto *Slots = static_cast<Value *>(alloca(sizeof(Value) * (NS ? NS : 1)));
  std::memset(static_cast<void *>(Slots), 0, sizeof(Value) * (NS ? NS : 1));
  Frame F{Slots, nullptr, Top};
  CallStack::push(Top->QualName.c_str(), 0);
  Top->Feedback.Calls++;
  // The top level is a function called once: with a call threshold of 1
  // (--tier=1) it is compiled like any other.
  if (Hooks && TierUpCalls <= 1)
    compileNow(Top, nullptr);
  if (loadPublished(Top->JitCode)) {
    ++Top->Feedback.CallsT1;
    if (Timing)
      switchAccount(&Top->Feedback.TicksT1);
    reinterpret_cast<CompiledFn>(Top->JitCode)(nullptr, nullptr);
    if (Timing)
      switchAccount(&Top->Feedback.TicksT0);
  } else {
    evalBlock(P.TopLevel, F);
  }
  UnwindKind = Unwind::None;
  if (P.Main && P.Main->Feedback.Calls == 0)
    callFunction(P.Main, nullptr, nullptr, 0, P.Main->Body ? P.Main->Body->Site : 0);
  CallStack::pop();
  if (Timing) {
    chargeTime();
    double Secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - WallStart).count();
    if (Secs > 0)
      P.TicksPerSecond = static_cast<double>(__rdtsc() - TickStart) / Secs;
  }
  flushOut();
  return 0;
}

Value Interpreter::evalBlock(Block *B, Frame &F) {
  if (!B->Functions.empty())
    bindBlockFunctions(B, F);
  Value Result;
  for (Expr *S : B->Stmts) {
    Result = eval(S, F);
    if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
      return Result;
  }
  return Result;
}

void Interpreter::bindBlockFunctions(Block *B, Frame &F) {
  // Cells first, so that functions that call each other capture the cells.
  for (int32_t Code : B->FunctionSlots)
    if (Code < 0)
      F.Slots[-1 - Code] = cellSlotValue(newCell(Value()));
  for (size_t I = 0; I < B->Functions.size(); ++I) {
    Value Fn = makeClosure(B->Functions[I], F);
    int32_t Code = B->FunctionSlots[I];
    if (Code < 0)
      slotCell(F.Slots[-1 - Code])->V = Fn;
    else
      F.Slots[Code] = Fn;
  }
}

Value Interpreter::makeClosure(const FunctionDecl *Fn, Frame &F) {
  size_t NC = Fn->Captures.size();
  Closure *C = newClosure(Fn, static_cast<int32_t>(NC));
  for (size_t I = 0; I < NC; ++I) {
    const CaptureSource &Src = Fn->Captures[I];
    C->Captures[I] = Src.FromEnclosingCapture ? F.Captures[Src.Index] : slotCell(F.Slots[Src.Index]);
  }
  return Value::func(C);
}

Value Interpreter::evalIdent(Ident *I, Frame &F) {
  switch (I->VK) {
  case VarKind::Local:
    return F.Slots[I->Index];
  case VarKind::LocalCell:
    return slotCell(F.Slots[I->Index])->V;
  case VarKind::Capture:
    return F.Captures[I->Index]->V;
  case VarKind::Global: {
    Value V = Globals[I->Index];
    if (RUCHY_UNLIKELY(V.K == Kind::Undef))
      raiseError(I->Site, "Undefined variable: " + I->Name);
    return V;
  }
  case VarKind::Function:
    return Value::func(I->Fn->Value);
  case VarKind::Builtin:
    raiseError(I->Site, fmt::format("Type error: builtin function `{}` cannot be used as a value",
                                    I->Name));
  case VarKind::Unresolved:
  case VarKind::Undefined:
    break;
  }
  raiseError(I->Site, "Undefined variable: " + I->Name);
}

void Interpreter::storeVar(Ident *I, Value V, Frame &F) {
  switch (I->VK) {
  case VarKind::Local:
    F.Slots[I->Index] = V;
    return;
  case VarKind::LocalCell:
    slotCell(F.Slots[I->Index])->V = V;
    return;
  case VarKind::Capture:
    F.Captures[I->Index]->V = V;
    return;
  case VarKind::Global:
    Globals[I->Index] = V;
    return;
  default:
    break;
  }
  raiseError(I->Site, "Undefined variable: " + I->Name);
}

Value Interpreter::evalBinary(Binary *B, Frame &F) {
  EVAL(L, B->L);
  EVAL(R, B->R);
  if (L.K == Kind::Int && R.K == Kind::Int) {
    B->SeenKinds |= kindPairBit(Kind::Int, Kind::Int);
    Value Out;
    if (RUCHY_LIKELY(intFastPath(B->Op, L.I, R.I, Out)))
      return Out;
  } else if (L.K == Kind::Float && R.K == Kind::Float) {
    B->SeenKinds |= kindPairBit(Kind::Float, Kind::Float);
    double X = L.F, Y = R.F;
    switch (B->Op) {
    case BinaryOp::Add:
      return Value::real(X + Y);
    case BinaryOp::Sub:
      return Value::real(X - Y);
    case BinaryOp::Mul:
      return Value::real(X * Y);
    case BinaryOp::Div:
      return Value::real(X / Y);
    case BinaryOp::Lt:
      return Value::boolean(X < Y);
    case BinaryOp::Le:
      return Value::boolean(X <= Y);
    case BinaryOp::Gt:
      return Value::boolean(X > Y);
    case BinaryOp::Ge:
      return Value::boolean(X >= Y);
    default:
      break;
    }
  } else {
    B->SeenKinds |= kindPairBit(L.K, R.K);
  }
  return opBinary(B->Op, L, R, B->Site);
}

Value Interpreter::evalAssign(Assign *A, Frame &F) {
  Expr *T = A->Target;
  switch (T->K) {
  case ExprKind::Ident: {
    auto *I = static_cast<Ident *>(T);
    EVAL(V, A->Val);
    if (RUCHY_LIKELY(I->VK == VarKind::Local)) {
      Value &Slot = F.Slots[I->Index];
      if (A->HasOp &&
          !(Slot.K == Kind::Int && V.K == Kind::Int && intFastPath(A->Op, Slot.I, V.I, V)))
        V = opBinary(A->Op, Slot, V, A->Site);
      A->StoreKinds |= static_cast<uint16_t>(1u << static_cast<unsigned>(V.K));
      Slot = V;
      return Value();
    }
    if (A->HasOp) {
      Value Old = evalIdent(I, F);
      if (!(Old.K == Kind::Int && V.K == Kind::Int && intFastPath(A->Op, Old.I, V.I, V)))
        V = opBinary(A->Op, Old, V, A->Site);
    }
    storeVar(I, V, F);
    return Value();
  }
  case ExprKind::Index: {
    auto *Ix = static_cast<Index *>(T);
    EVAL(Obj, Ix->Obj);
    EVAL(Idx, Ix->Idx);
    EVAL(V, A->Val);
    // Feedback for Tier 2's direct stores: the element kinds of the arrays
    // stored into here (before the store).
    if (Obj.K == Kind::Array)
      Ix->ElemKinds |= static_cast<uint8_t>(1u << static_cast<unsigned>(Obj.A->EK));
    if (A->HasOp)
      V = opBinary(A->Op, opIndexGet(Obj, Idx, Ix->Site), V, A->Site);
    opIndexSet(Obj, Idx, V, Ix->Site);
    return Value();
  }
  case ExprKind::Field: {
    auto *Fd = static_cast<Field *>(T);
    EVAL(Obj, Fd->Obj);
    EVAL(V, A->Val);
    Value *Slot = fieldSlot(Fd, Obj);
    if (A->HasOp)
      V = opBinary(A->Op, *Slot, V, A->Site);
    *Slot = V;
    return Value();
  }
  case ExprKind::TupleIndex:
    raiseError(T->Site, "Type error: tuples are immutable");
  default:
    break;
  }
  raiseError(T->Site, "Invalid assignment target");
}

Value *Interpreter::fieldSlot(Field *Fd, Value Obj) {
  if (RUCHY_UNLIKELY(Obj.K != Kind::Struct))
    raiseError(Fd->Site, fmt::format("Type error: {} has no field '{}'", kindName(Obj.K), Fd->Name));
  StructObj *S = Obj.St;
  if (RUCHY_LIKELY(S->Decl == Fd->CachedDecl))
    return &S->Fields[Fd->CachedIndex];
  int32_t Idx = S->Decl->fieldIndex(Fd->Name);
  if (Idx < 0)
    raiseError(Fd->Site,
               fmt::format("Type error: struct {} has no field '{}'", S->Decl->Name, Fd->Name));
  Fd->CachedDecl = S->Decl;
  Fd->CachedIndex = Idx;
  return &S->Fields[Idx];
}

Value Interpreter::evalField(Field *Fd, Frame &F) {
  EVAL(Obj, Fd->Obj);
  return *fieldSlot(Fd, Obj);
}

bool Interpreter::loopShouldExit(const LoopExpr *L, Value &Result) {
  if (UnwindTarget == L) {
    if (UnwindKind == Unwind::Break) {
      UnwindKind = Unwind::None;
      Result = UnwindValue;
      return true;
    }
    if (UnwindKind == Unwind::Continue) {
      UnwindKind = Unwind::None;
      return false;
    }
  }
  return true; // a return, or a break/continue of an outer loop
}

Value Interpreter::evalWhile(While *L, Frame &F) {
  for (;;) {
    EVAL(C, L->Cond);
    if (!C.truthy())
      return Value();
    Value R = evalBlock(L->Body, F);
    if (RUCHY_UNLIKELY(UnwindKind != Unwind::None) && loopShouldExit(L, R))
      return R;
    if (RUCHY_UNLIKELY(countBackEdge(L, F) >= OsrBackEdges) && tryOsr(L, F, R))
      return R;
  }
}

Value Interpreter::evalLoop(Loop *L, Frame &F) {
  for (;;) {
    Value R = evalBlock(L->Body, F);
    if (RUCHY_UNLIKELY(UnwindKind != Unwind::None) && loopShouldExit(L, R))
      return R;
    if (RUCHY_UNLIKELY(countBackEdge(L, F) >= OsrBackEdges) && tryOsr(L, F, R))
      return R;
  }
}

bool Interpreter::tryOsr(LoopExpr *L, Frame &F, Value &Result) {
  if (!Hooks || !L->OsrEligible || loadPublished(L->OsrFailed) || !F.Fn)
    return false;
  OsrFn Entry = reinterpret_cast<OsrFn>(loadPublished(L->OsrEntry));
  if (!Entry) {
    // Being compiled in the background: keep interpreting meanwhile.
    if (L->OsrPending || !Hooks->osrWorthIt(const_cast<FunctionDecl *>(F.Fn), L, F.Slots))
      return false;
    Entry = compileNow(const_cast<FunctionDecl *>(F.Fn), L);
  }
  if (!Entry)
    return false;
  ++L->OsrEntries;
  uint64_t *Prev = nullptr;
  if (Timing)
    Prev = switchAccount(L->OsrTier == 2 ? &const_cast<FunctionDecl *>(F.Fn)->Feedback.TicksT2
                                         : &const_cast<FunctionDecl *>(F.Fn)->Feedback.TicksT1);
  Result = Entry(F.Slots, F.Captures);
  if (Timing)
    switchAccount(Prev);
  if (RUCHY_UNLIKELY(Result.K == Kind::Undef)) {
    // A specialized entry found kinds in the frame it was not made for:
    // nothing ran; the loop goes on here, for good.
    --L->OsrEntries;
    __atomic_store_n(&L->OsrEntry, nullptr, __ATOMIC_RELEASE);
    __atomic_store_n(&L->OsrFailed, true, __ATOMIC_RELEASE);
    return false;
  }
  // The compiled code ran the function to its end: unwind as a return.
  UnwindKind = Unwind::Return;
  UnwindTarget = nullptr;
  UnwindValue = Result;
  return true;
}

Value Interpreter::evalFor(For *L, Frame &F) {
  EVAL(It, L->Iterable);
  // The iteration state lives in the loop's hidden slots too, so that an
  // OSR entry at this loop or at any loop nested in it can resume it.
  F.Slots[L->IterSlot] = It;
  return iterateFor(L, F, It, 0, false);
}

// Iterates L over It from the start, or (Resume) from the element after
// position Pos (the value of the loop's index slot: the element itself for
// a range, the index otherwise), which is how a loop continues when Tier 0
// takes over from compiled code in the middle of it.
Value Interpreter::iterateFor(For *L, Frame &F, Value It, int64_t Pos, bool Resume) {
  Pattern *Pat = L->Pat;
  // Fast path: a plain local loop variable.
  bool SimpleVar = Pat->K == PatternKind::Binding && Pat->VK == VarKind::Local;
  // Returns false when the loop must stop (break, return, or the rest of
  // the function ran in compiled code after OSR).
  auto Body = [&](Value V, int64_t Index, Value &Result) -> bool {
    F.Slots[L->IndexSlot] = Value::integer(Index);
    if (SimpleVar) {
      L->StoreKinds |= static_cast<uint16_t>(1u << static_cast<unsigned>(V.K));
      F.Slots[Pat->Slot] = V;
    } else
      bindPattern(Pat, V, F, L->Site);
    Result = evalBlock(L->Body, F);
    if (RUCHY_UNLIKELY(UnwindKind != Unwind::None) && loopShouldExit(L, Result))
      return false;
    if (RUCHY_UNLIKELY(countBackEdge(L, F) >= OsrBackEdges) && tryOsr(L, F, Result))
      return false;
    return true;
  };
  Value Result;
  switch (It.K) {
  case Kind::Range: {
    int64_t Lo = It.R->Lo, Hi = It.R->Hi;
    if (Resume) {
      if (Pos == Hi)
        return Value(); // also ends an inclusive range at Int max
      Lo = Pos + 1;
    }
    if (It.R->Inclusive) {
      if (Lo > Hi)
        return Value();
      for (int64_t I = Lo;; ++I) {
        if (!Body(Value::integer(I), I, Result))
          return Result;
        if (I == Hi)
          break;
      }
    } else {
      for (int64_t I = Lo; I < Hi; ++I)
        if (!Body(Value::integer(I), I, Result))
          return Result;
    }
    return Value();
  }
  case Kind::Array: {
    Array *A = It.A;
    for (int64_t I = Resume ? Pos + 1 : 0; I < A->Len; ++I)
      if (!Body(arrayAt(A, I), I, Result))
        return Result;
    return Value();
  }
  case Kind::Tuple: {
    Tuple *T = It.T;
    for (int64_t I = Resume ? Pos + 1 : 0; I < T->Len; ++I)
      if (!Body(T->Elems[I], I, Result))
        return Result;
    return Value();
  }
  case Kind::Str: {
    Str *S = It.S;
    int64_t N = strCharCount(S);
    for (int64_t I = Resume ? Pos + 1 : 0; I < N; ++I)
      if (!Body(Value::str(strCharAt(S, I)), I, Result))
        return Result;
    return Value();
  }
  case Kind::Map: {
    Map *M = It.M;
    for (size_t I = Resume ? static_cast<size_t>(Pos + 1) : 0; I < mapLen(M); ++I) {
      Tuple *KV = newTuple(2);
      KV->Elems[0] = mapKeyAt(M, I);
      KV->Elems[1] = mapValueAt(M, I);
      if (!Body(Value::tuple(KV), static_cast<int64_t>(I), Result))
        return Result;
    }
    return Value();
  }
  default:
    break;
  }
  raiseError(L->Iterable->Site, fmt::format("Type error: cannot iterate over {}", kindName(It.K)));
}

Value Interpreter::evalMatch(Match *M, Frame &F) {
  EVAL(V, M->Scrutinee);
  for (MatchArm &Arm : M->Arms) {
    if (!matchPattern(Arm.Pat, V, F))
      continue;
    if (Arm.Guard) {
      EVAL(G, Arm.Guard);
      if (!G.truthy())
        continue;
    }
    return eval(Arm.Body, F);
  }
  raiseError(M->Site, "No match arm matched the value");
}

Value Interpreter::fieldDefault(const FieldDecl &FD) {
  int32_t NS = P.DefaultsFn->Frame.NumSlots;
  auto *Slots = static_cast<Value *>(alloca(sizeof(Value) * (NS ? NS : 1)));
  std::memset(static_cast<void *>(Slots), 0, sizeof(Value) * (NS ? NS : 1));
  Frame F{Slots, nullptr, P.DefaultsFn};
  return eval(FD.Default, F);
}

Value Interpreter::evalStructLit(StructLit *S, Frame &F) {
  if (!S->Decl)
    raiseError(S->Site, "Undefined struct: " + S->Name);
  size_t NV = S->FieldVals.size();
  // Initializers run in source order, then land in declaration order.
  auto *Vals = static_cast<Value *>(alloca(sizeof(Value) * (NV ? NV : 1)));
  for (size_t I = 0; I < NV; ++I) {
    Value V = eval(S->FieldVals[I], F);
    if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
      return V;
    Vals[I] = V;
  }
  return buildStruct(S, Vals);
}

Value Interpreter::buildStruct(StructLit *S, const Value *Vals) {
  const StructDecl *D = S->Decl;
  StructObj *Obj = newStructObj(D, D->Fields.size());
  for (size_t I = 0; I < D->Fields.size(); ++I)
    Obj->Fields[I] = S->Order[I] >= 0 ? Vals[S->Order[I]] : fieldDefault(D->Fields[I]);
  return Value::structObj(Obj);
}

Value Interpreter::evalFString(FString *S, Frame &F) {
  size_t N = 0;
  for (FormatPiece &Pc : S->Pieces)
    N += Pc.Hole;
  auto *Holes = static_cast<Value *>(alloca(sizeof(Value) * (N ? N : 1)));
  size_t I = 0;
  for (FormatPiece &Pc : S->Pieces) {
    if (!Pc.Hole)
      continue;
    EVAL(V, Pc.Arg);
    Holes[I++] = V;
  }
  return buildFString(S, Holes);
}

// The dispatcher stays small so that its prologue is cheap: the hottest
// leaves (literals, locals) are answered here, everything else is a call to
// an out-of-line function for its kind.
Value Interpreter::eval(Expr *E, Frame &F) {
  switch (E->K) {
  case ExprKind::IntLit:
    return Value::integer(static_cast<IntLit *>(E)->V);
  case ExprKind::FloatLit:
    return Value::real(static_cast<FloatLit *>(E)->V);
  case ExprKind::StrLit:
    return Value::str(static_cast<StrLit *>(E)->Interned);
  case ExprKind::BoolLit:
    return Value::boolean(static_cast<BoolLit *>(E)->V);
  case ExprKind::NilLit:
  case ExprKind::Item:
    return Value();
  case ExprKind::Ident: {
    auto *I = static_cast<Ident *>(E);
    if (RUCHY_LIKELY(I->VK == VarKind::Local))
      return F.Slots[I->Index];
    return evalIdent(I, F);
  }
  case ExprKind::Binary:
    return evalBinary(static_cast<Binary *>(E), F);
  case ExprKind::Assign:
    return evalAssign(static_cast<Assign *>(E), F);
  case ExprKind::Call:
    return evalCall(static_cast<Call *>(E), F);
  case ExprKind::MethodCall:
    return evalMethodCall(static_cast<MethodCall *>(E), F);
  case ExprKind::Block:
    return evalBlock(static_cast<Block *>(E), F);
  case ExprKind::If:
    return evalIf(static_cast<If *>(E), F);
  default:
    return evalOther(E, F);
  }
}

Value Interpreter::evalIf(If *I, Frame &F) {
  EVAL(C, I->Cond);
  if (C.truthy())
    return evalBlock(I->Then, F);
  if (I->Else)
    return eval(I->Else, F);
  return Value();
}

Value Interpreter::evalOther(Expr *E, Frame &F) {
  switch (E->K) {
  case ExprKind::IntLit:
  case ExprKind::FloatLit:
  case ExprKind::StrLit:
  case ExprKind::BoolLit:
  case ExprKind::NilLit:
  case ExprKind::Item:
  case ExprKind::Ident:
  case ExprKind::Binary:
  case ExprKind::Assign:
  case ExprKind::Call:
  case ExprKind::MethodCall:
  case ExprKind::Block:
  case ExprKind::If:
    return eval(E, F);
  case ExprKind::FString:
    return evalFString(static_cast<FString *>(E), F);
  case ExprKind::Path: {
    auto *Pa = static_cast<Path *>(E);
    if (Pa->Fn)
      return Value::func(Pa->Fn->Value);
    std::string Joined;
    for (size_t I = 0; I < Pa->Segments.size(); ++I)
      Joined += (I ? "::" : "") + Pa->Segments[I];
    raiseError(E->Site, "Undefined variable: " + Joined);
  }
  case ExprKind::Unary: {
    auto *U = static_cast<Unary *>(E);
    EVAL(V, U->Operand);
    U->SeenKinds |= 1u << static_cast<unsigned>(V.K);
    if (U->Op == UnaryOp::Not)
      return opNot(V);
    if (V.K == Kind::Int && V.I != INT64_MIN)
      return Value::integer(-V.I);
    if (V.K == Kind::Float)
      return Value::real(-V.F);
    return opNeg(V, E->Site);
  }
  case ExprKind::Logical: {
    auto *L = static_cast<Logical *>(E);
    EVAL(A, L->L);
    if (L->IsAnd ? !A.truthy() : A.truthy())
      return A;
    return eval(L->R, F);
  }
  case ExprKind::RangeExpr: {
    auto *R = static_cast<RangeExpr *>(E);
    Value Lo = Value::integer(0), Hi = Value::integer(INT64_MAX);
    if (R->Lo) {
      Lo = eval(R->Lo, F);
      if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
        return Lo;
    }
    if (R->Hi) {
      Hi = eval(R->Hi, F);
      if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
        return Hi;
    }
    return buildRange(R, Lo, Hi);
  }
  case ExprKind::Field:
    return evalField(static_cast<Field *>(E), F);
  case ExprKind::TupleIndex: {
    auto *T = static_cast<TupleIndex *>(E);
    EVAL(V, T->Obj);
    return tupleField(T, V);
  }
  case ExprKind::Index: {
    auto *I = static_cast<Index *>(E);
    EVAL(Obj, I->Obj);
    EVAL(Idx, I->Idx);
    I->SeenKinds |= 1u << static_cast<unsigned>(Obj.K);
    Value R;
    if (Obj.K == Kind::Array && Idx.K == Kind::Int) {
      I->ElemKinds |= static_cast<uint8_t>(1u << static_cast<unsigned>(Obj.A->EK));
      int64_t J = Idx.I;
      if (RUCHY_LIKELY(normalizeIndex(J, Obj.A->Len)))
        R = arrayAt(Obj.A, J);
      else
        R = opIndexGet(Obj, Idx, E->Site);
    } else {
      R = opIndexGet(Obj, Idx, E->Site);
    }
    I->ResultKinds |= static_cast<uint16_t>(1u << static_cast<unsigned>(R.K));
    return R;
  }
  case ExprKind::Cast: {
    auto *C = static_cast<Cast *>(E);
    EVAL(V, C->Operand);
    return castValue(C, V);
  }
  case ExprKind::ArrayLit: {
    auto *A = static_cast<ArrayLit *>(E);
    Array *Arr = newArray(static_cast<int64_t>(A->Elems.size()));
    Value Result = Value::array(Arr);
    for (Expr *El : A->Elems) {
      EVAL(V, El);
      arrayPush(Arr, V);
    }
    return Result;
  }
  case ExprKind::ArrayRepeat: {
    auto *A = static_cast<ArrayRepeat *>(E);
    EVAL(V, A->Elem);
    EVAL(N, A->Count);
    return buildArrayRepeat(A, V, N);
  }
  case ExprKind::TupleLit: {
    auto *T = static_cast<TupleLit *>(E);
    size_t N = T->Elems.size();
    auto *Elems = static_cast<Value *>(alloca(sizeof(Value) * (N ? N : 1)));
    for (size_t I = 0; I < N; ++I) {
      EVAL(V, T->Elems[I]);
      Elems[I] = V;
    }
    return buildTuple(Elems, N);
  }
  case ExprKind::MapLit: {
    auto *M = static_cast<MapLit *>(E);
    Map *Mp = newMap();
    Value Result = Value::map(Mp);
    for (size_t I = 0; I < M->Keys.size(); ++I) {
      EVAL(K, M->Keys[I]);
      EVAL(V, M->Vals[I]);
      mapInsert(Mp, K, V, M->Keys[I]->Site);
    }
    return Result;
  }
  case ExprKind::StructLit:
    return evalStructLit(static_cast<StructLit *>(E), F);
  case ExprKind::While:
    return evalWhile(static_cast<While *>(E), F);
  case ExprKind::Loop:
    return evalLoop(static_cast<Loop *>(E), F);
  case ExprKind::For:
    return evalFor(static_cast<For *>(E), F);
  case ExprKind::Break: {
    auto *B = static_cast<Break *>(E);
    Value V;
    if (B->Val) {
      V = eval(B->Val, F);
      if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
        return V;
    }
    UnwindKind = Unwind::Break;
    UnwindTarget = B->Target;
    UnwindValue = V;
    return V;
  }
  case ExprKind::Continue:
    UnwindKind = Unwind::Continue;
    UnwindTarget = static_cast<Continue *>(E)->Target;
    return Value();
  case ExprKind::Return: {
    auto *R = static_cast<Return *>(E);
    Value V;
    if (R->Val) {
      V = eval(R->Val, F);
      if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
        return V;
    }
    UnwindKind = Unwind::Return;
    UnwindTarget = nullptr;
    UnwindValue = V;
    return V;
  }
  case ExprKind::Match:
    return evalMatch(static_cast<Match *>(E), F);
  case ExprKind::Closure:
    return makeClosure(static_cast<ClosureExpr *>(E)->Fn, F);
  case ExprKind::Let: {
    auto *L = static_cast<Let *>(E);
    Value V;
    if (L->Init) {
      V = eval(L->Init, F);
      if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
        return V;
    }
    Pattern *Pat = L->Pat;
    if (Pat->K == PatternKind::Binding && Pat->VK == VarKind::Local) {
      L->StoreKinds |= static_cast<uint16_t>(1u << static_cast<unsigned>(V.K));
      F.Slots[Pat->Slot] = V;
    } else
      bindPattern(Pat, V, F, E->Site);
    return Value();
  }
  case ExprKind::Macro:
    return evalMacro(static_cast<Macro *>(E), F);
  }
  return Value();
}
