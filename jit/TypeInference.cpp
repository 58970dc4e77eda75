//===- jit/TypeInference.cpp - Value kinds of locals for Tier 2 ---*- C++ -*-===//
#include "jit/TypeInference.h"

#include "frontend/AstWalk.h"
#include "runtime/Builtins.h"
#include "runtime/Operations.h"

#include <bit>

using namespace ruchy;
using namespace ruchy::jit;
using namespace ruchy::ast;

bool ruchy::jit::singleKind(KindSet S, Kind *K) {
  if (S == 0 || (S & (S - 1)) != 0)
    return false;
  if (K)
    *K = static_cast<Kind>(std::countr_zero(static_cast<unsigned>(S)));
  return true;
}

namespace {

constexpr KindSet BInt = kindBit(Kind::Int), BFloat = kindBit(Kind::Float),
                  BBool = kindBit(Kind::Bool), BStr = kindBit(Kind::Str), BNil = kindBit(Kind::Nil),
                  BArray = kindBit(Kind::Array), BNum = BInt | BFloat;

/// Result kinds for one pair of operand kinds.
KindSet pairResult(BinaryOp Op, Kind L, Kind R) {
  bool Ints = L == Kind::Int && R == Kind::Int;
  bool Nums = (kindBit(L) & BNum) && (kindBit(R) & BNum);
  switch (Op) {
  case BinaryOp::Add:
    if (Ints)
      return BInt;
    if (Nums)
      return BFloat;
    if ((L == Kind::Str && (kindBit(R) & (BStr | BNum | BBool))) ||
        (R == Kind::Str && (kindBit(L) & (BNum | BBool))))
      return BStr;
    if (L == Kind::Array && R == Kind::Array)
      return BArray;
    return 0;
  case BinaryOp::Sub:
  case BinaryOp::Div:
  case BinaryOp::Rem:
    return Ints ? BInt : Nums ? BFloat : 0;
  case BinaryOp::Mul:
    if (L == Kind::Str && R == Kind::Int)
      return BStr;
    return Ints ? BInt : Nums ? BFloat : 0;
  case BinaryOp::Pow:
    // An Int power that overflows or has a negative exponent is a Float.
    return Ints ? (BInt | BFloat) : Nums ? BFloat : 0;
  case BinaryOp::Eq:
  case BinaryOp::Ne:
  case BinaryOp::Lt:
  case BinaryOp::Le:
  case BinaryOp::Gt:
  case BinaryOp::Ge:
    return BBool;
  case BinaryOp::BitAnd:
  case BinaryOp::BitOr:
  case BinaryOp::BitXor:
    return Ints ? BInt : (L == Kind::Bool && R == Kind::Bool) ? BBool : 0;
  case BinaryOp::Shl:
  case BinaryOp::Shr:
    return Ints ? BInt : 0;
  }
  return AnyKind;
}

template <typename F> void forEachKind(KindSet S, F Fn) {
  for (unsigned K = 0; K < NumKinds; ++K)
    if (S & (1u << K))
      Fn(static_cast<Kind>(K));
}

void collectStores(Block *B, std::unordered_set<const Expr *> &Out);

/// True when evaluating E has no effect but its value (or an error, which
/// Tier 0 would raise the same way): reads, arithmetic, comparisons, casts.
bool isPure(Expr *E) {
  switch (E->K) {
  case ExprKind::IntLit:
  case ExprKind::FloatLit:
  case ExprKind::StrLit:
  case ExprKind::BoolLit:
  case ExprKind::NilLit:
  case ExprKind::Ident:
    return true;
  case ExprKind::Unary:
    return isPure(static_cast<Unary *>(E)->Operand);
  case ExprKind::Binary:
    return isPure(static_cast<Binary *>(E)->L) && isPure(static_cast<Binary *>(E)->R);
  case ExprKind::Logical:
    return isPure(static_cast<Logical *>(E)->L) && isPure(static_cast<Logical *>(E)->R);
  case ExprKind::Index:
    return isPure(static_cast<Index *>(E)->Obj) && isPure(static_cast<Index *>(E)->Idx);
  case ExprKind::Field:
    return isPure(static_cast<Field *>(E)->Obj);
  case ExprKind::TupleIndex:
    return isPure(static_cast<TupleIndex *>(E)->Obj);
  case ExprKind::Cast:
    return isPure(static_cast<Cast *>(E)->Operand);
  default:
    return false;
  }
}

/// The element reads of a pure statement value, which may speculate (their
/// resume point is the statement's start); marked by a null-keyed entry.
void collectLoads(Expr *Value, std::unordered_set<const Expr *> &Out) {
  if (!Value || !isPure(Value))
    return;
  forEachExpr(Value, [&](Expr *E) {
    if (E->K == ExprKind::Index)
      Out.insert(E);
  });
}

void collectStmt(Expr *S, std::unordered_set<const Expr *> &Out) {
  switch (S->K) {
  case ExprKind::Let: {
    auto *L = static_cast<Let *>(S);
    if (L->Pat->K == PatternKind::Binding && L->Pat->VK == VarKind::Local) {
      Out.insert(S);
      collectLoads(L->Init, Out);
    }
    return;
  }
  case ExprKind::Assign: {
    auto *A = static_cast<Assign *>(S);
    if (A->Target->K == ExprKind::Ident &&
        static_cast<Ident *>(A->Target)->VK == VarKind::Local) {
      Out.insert(S);
      collectLoads(A->Val, Out);
    } else if (A->Target->K == ExprKind::Index && !A->HasOp && isPure(A->Target) &&
               isPure(A->Val)) {
      // `a[i] = v` with nothing but reads before the store: the store's
      // layout guard resumes at the statement's start, as element reads do.
      Out.insert(A->Target);
      collectLoads(A->Target, Out);
      collectLoads(A->Val, Out);
    }
    return;
  }
  case ExprKind::While:
  case ExprKind::Loop:
    collectStores(static_cast<LoopExpr *>(S)->Body, Out);
    return;
  case ExprKind::For: {
    auto *L = static_cast<For *>(S);
    if (L->Pat->K == PatternKind::Binding && L->Pat->VK == VarKind::Local)
      Out.insert(S);
    collectStores(L->Body, Out);
    return;
  }
  case ExprKind::If: {
    auto *I = static_cast<If *>(S);
    // A pure condition's element reads resume at the `if` itself.
    collectLoads(I->Cond, Out);
    collectStores(I->Then, Out);
    if (I->Else && I->Else->K == ExprKind::Block)
      collectStores(static_cast<Block *>(I->Else), Out);
    else if (I->Else && I->Else->K == ExprKind::If)
      collectStmt(I->Else, Out);
    return;
  }
  default:
    return;
  }
}

void collectStores(Block *B, std::unordered_set<const Expr *> &Out) {
  for (Expr *S : B->Stmts)
    collectStmt(S, Out);
}

/// The kinds Tier 0 saw at site S (stored or read), when S may still
/// speculate on them.
KindSet feedbackKinds(const Expr *S) {
  auto *E = const_cast<Expr *>(S);
  bool *Failed = specFailedFlag(E);
  if (!Failed || *Failed)
    return 0;
  switch (S->K) {
  case ExprKind::Let:
    return static_cast<Let *>(E)->StoreKinds;
  case ExprKind::Assign:
    return static_cast<Assign *>(E)->StoreKinds;
  case ExprKind::For:
    return static_cast<For *>(E)->StoreKinds;
  default:
    return static_cast<Index *>(E)->ResultKinds;
  }
}

class Inferrer {
public:
  Inferrer(const FunctionDecl *Fn, const ReturnOracle &Oracle, bool Speculate)
      : Fn(Fn), Oracle(Oracle) {
    if (Fn->Body && Speculate)
      collectStores(Fn->Body, Resumable);
  }

  InferredTypes run(const std::vector<Kind> &ArgKinds) {
    InferredTypes Out;
    Slots.assign(static_cast<size_t>(Fn->Frame.NumSlots), 0);
    for (size_t I = 0; I < Fn->Frame.ParamSlots.size(); ++I) {
      int32_t S = Fn->Frame.ParamSlots[I];
      bool Cell = I < Fn->Frame.ParamIsCell.size() && Fn->Frame.ParamIsCell[I];
      if (S >= 0 && static_cast<size_t>(S) < Slots.size())
        Slots[S] = Cell ? AnyKind : I < ArgKinds.size() ? kindBit(ArgKinds[I]) : AnyKind;
    }
    // Each round can only add kinds to slots, so this ends: at worst every
    // slot reaches AnyKind.
    do {
      Changed = false;
      RetKinds = 0;
      RetKinds |= type(Fn->Body);
      ++Out.Rounds;
    } while (Changed);
    Out.Slots = Slots;
    Out.Return = RetKinds;
    Out.Speculated = Speculated;
    Out.SpeculatedLoads = LoadKinds;
    Out.SpeculatedStores = StoreLayouts;
    return Out;
  }

private:
  const FunctionDecl *Fn;
  const ReturnOracle &Oracle;
  std::vector<KindSet> Slots;
  KindSet RetKinds = 0;
  bool Changed = false;
  std::unordered_set<const Expr *> Resumable, Speculated;
  std::unordered_map<const Expr *, Kind> LoadKinds;
  std::unordered_map<const Expr *, ElemKind> StoreLayouts;

  /// The kinds store S adds: V, or the one kind Tier 0 saw there when V is
  /// not a single kind and S can be guarded.
  KindSet speculate(const Expr *S, KindSet V) {
    if (singleKind(V) || !Resumable.count(S))
      return V;
    KindSet Seen = feedbackKinds(S);
    if (!singleKind(Seen) || !(Seen & V))
      return V;
    if (Speculated.insert(S).second)
      Changed = true;
    if (S->K == ExprKind::Index)
      singleKind(Seen, &LoadKinds[S]);
    return Seen;
  }

  /// `a[i] = v` where Tier 0 only ever stored into arrays of one Int, Float
  /// or Bool layout, and v has the kind that layout holds: the store writes
  /// the raw element behind a layout guard.
  void speculateStore(Index *Ix, KindSet V) {
    if (Ix->SpecFailed || !std::has_single_bit(static_cast<unsigned>(Ix->ElemKinds)))
      return;
    auto EK = static_cast<ElemKind>(std::countr_zero(static_cast<unsigned>(Ix->ElemKinds)));
    Kind Holds = layoutKind(EK);
    if (Holds != Kind::Nil && V == kindBit(Holds))
      StoreLayouts[Ix] = EK;
    else
      StoreLayouts.erase(Ix);
  }

  void addToSlot(int32_t Slot, KindSet K) {
    if (Slot < 0 || static_cast<size_t>(Slot) >= Slots.size())
      return;
    KindSet N = Slots[Slot] | K;
    if (N != Slots[Slot]) {
      Slots[Slot] = N;
      Changed = true;
    }
  }

  /// Binds a pattern to a value of kinds K: a plain binding takes them, a
  /// destructuring pattern's bindings take anything.
  void bind(Pattern *P, KindSet K) {
    if (!P)
      return;
    switch (P->K) {
    case PatternKind::Binding:
      addToSlot(P->Slot, P->VK == VarKind::Local ? K : AnyKind);
      return;
    case PatternKind::Tuple:
    case PatternKind::Or:
      for (Pattern *S : P->Subs)
        bind(S, AnyKind);
      return;
    default:
      return;
    }
  }

  KindSet identType(Ident *I) {
    switch (I->VK) {
    case VarKind::Local:
      return I->Index >= 0 && static_cast<size_t>(I->Index) < Slots.size() ? Slots[I->Index]
                                                                           : AnyKind;
    case VarKind::Function:
      return kindBit(Kind::Func);
    default:
      return AnyKind;
    }
  }

  KindSet typeAll(const std::vector<Expr *> &Es) {
    for (Expr *E : Es)
      type(E);
    return 0;
  }

  /// Kinds the loops' breaks carry, for loop expressions' values.
  KindSet breakKinds(LoopExpr *L) {
    KindSet K = 0;
    forEachExpr(L->Body, [&](Expr *E) {
      if (E->K == ExprKind::Break) {
        auto *Br = static_cast<Break *>(E);
        if (Br->Target == L)
          K |= Br->Val ? 0 : BNil; // the value's kinds are added when it is walked
      }
    });
    return K;
  }

  KindSet type(Expr *E) {
    if (!E)
      return BNil;
    switch (E->K) {
    case ExprKind::IntLit:
      return BInt;
    case ExprKind::FloatLit:
      return BFloat;
    case ExprKind::StrLit:
    case ExprKind::FString:
      forEachChild(E, [&](Expr *C) { type(C); });
      return BStr;
    case ExprKind::BoolLit:
      return BBool;
    case ExprKind::NilLit:
    case ExprKind::Item:
      return BNil;
    case ExprKind::Ident:
      return identType(static_cast<Ident *>(E));
    case ExprKind::Path:
      return static_cast<Path *>(E)->Fn ? kindBit(Kind::Func) : AnyKind;
    case ExprKind::Unary: {
      auto *U = static_cast<Unary *>(E);
      KindSet O = type(U->Operand);
      if (U->Op == UnaryOp::Not)
        return BBool;
      return O & BNum;
    }
    case ExprKind::Binary: {
      auto *Bn = static_cast<Binary *>(E);
      KindSet L = type(Bn->L);
      KindSet R = type(Bn->R);
      return binaryResultKinds(Bn->Op, L, R);
    }
    case ExprKind::Logical: {
      auto *L = static_cast<Logical *>(E);
      return type(L->L) | type(L->R);
    }
    case ExprKind::RangeExpr:
      forEachChild(E, [&](Expr *C) { type(C); });
      return kindBit(Kind::Range);
    case ExprKind::Assign:
      assign(static_cast<Assign *>(E));
      return BNil;
    case ExprKind::Call:
      return callType(static_cast<Call *>(E));
    case ExprKind::MethodCall: {
      auto *MC = static_cast<MethodCall *>(E);
      KindSet R = type(MC->Recv);
      typeAll(MC->Args);
      constexpr KindSet Sized = BArray | BStr | kindBit(Kind::Map) | kindBit(Kind::Tuple);
      if (MC->Name == "len" && MC->Args.empty() && R && (R & ~Sized) == 0)
        return BInt;
      if (MC->Name == "push" && MC->Args.size() == 1 && R == BArray)
        return BNil;
      return AnyKind;
    }
    case ExprKind::Index:
      forEachChild(E, [&](Expr *C) { type(C); });
      return speculate(E, AnyKind);
    case ExprKind::Field:
    case ExprKind::TupleIndex:
      forEachChild(E, [&](Expr *C) { type(C); });
      return AnyKind;
    case ExprKind::Cast: {
      auto *C = static_cast<Cast *>(E);
      KindSet O = type(C->Operand);
      switch (C->CK) {
      case CastKind::ToFloat:
        return BFloat;
      case CastKind::ToInt:
        return BInt;
      case CastKind::Identity:
        return O;
      }
      return AnyKind;
    }
    case ExprKind::ArrayLit:
    case ExprKind::ArrayRepeat:
      forEachChild(E, [&](Expr *C) { type(C); });
      return BArray;
    case ExprKind::TupleLit:
      forEachChild(E, [&](Expr *C) { type(C); });
      return kindBit(Kind::Tuple);
    case ExprKind::MapLit:
      forEachChild(E, [&](Expr *C) { type(C); });
      return kindBit(Kind::Map);
    case ExprKind::StructLit:
      forEachChild(E, [&](Expr *C) { type(C); });
      return kindBit(Kind::Struct);
    case ExprKind::Block: {
      auto *Bl = static_cast<Block *>(E);
      for (int32_t S : Bl->FunctionSlots)
        addToSlot(S, AnyKind);
      KindSet Last = BNil;
      for (Expr *S : Bl->Stmts)
        Last = type(S);
      return Last;
    }
    case ExprKind::If: {
      auto *I = static_cast<If *>(E);
      type(I->Cond);
      return type(I->Then) | (I->Else ? type(I->Else) : BNil);
    }
    case ExprKind::While: {
      auto *W = static_cast<While *>(E);
      type(W->Cond);
      type(W->Body);
      return BNil | breakKinds(W) | BreakVals[W];
    }
    case ExprKind::Loop: {
      auto *L = static_cast<Loop *>(E);
      type(L->Body);
      return breakKinds(L) | BreakVals[L];
    }
    case ExprKind::For: {
      auto *L = static_cast<For *>(E);
      KindSet It = type(L->Iterable);
      KindSet Elem = 0;
      forEachKind(It, [&](Kind K) {
        switch (K) {
        case Kind::Range:
          Elem |= BInt;
          break;
        case Kind::Str:
          Elem |= BStr;
          break;
        case Kind::Map:
          Elem |= kindBit(Kind::Tuple);
          break;
        default:
          Elem |= AnyKind; // array and tuple elements are not tracked
          break;
        }
      });
      // The hidden slots hold the iterated value and the position.
      addToSlot(L->IterSlot, AnyKind);
      addToSlot(L->IndexSlot, AnyKind);
      bind(L->Pat, speculate(L, Elem));
      type(L->Body);
      return BNil | breakKinds(L) | BreakVals[L];
    }
    case ExprKind::Break: {
      auto *Br = static_cast<Break *>(E);
      if (Br->Val) {
        KindSet V = type(Br->Val);
        KindSet &Acc = BreakVals[Br->Target];
        if ((Acc | V) != Acc) {
          Acc |= V;
          Changed = true;
        }
      }
      return 0;
    }
    case ExprKind::Continue:
      return 0;
    case ExprKind::Return: {
      auto *R = static_cast<Return *>(E);
      RetKinds |= R->Val ? type(R->Val) : BNil;
      return 0;
    }
    case ExprKind::Match: {
      auto *M = static_cast<Match *>(E);
      KindSet S = type(M->Scrutinee);
      KindSet Out = 0;
      for (MatchArm &Arm : M->Arms) {
        bind(Arm.Pat, S);
        if (Arm.Guard)
          type(Arm.Guard);
        Out |= type(Arm.Body);
      }
      return Out;
    }
    case ExprKind::Closure:
      return kindBit(Kind::Func);
    case ExprKind::Let: {
      auto *L = static_cast<Let *>(E);
      bind(L->Pat, speculate(L, L->Init ? type(L->Init) : BNil));
      return BNil;
    }
    case ExprKind::Macro: {
      auto *M = static_cast<Macro *>(E);
      forEachChild(E, [&](Expr *C) { type(C); });
      switch (M->MK) {
      case MacroKind::Format:
        return BStr;
      case MacroKind::Dbg:
        return AnyKind;
      default:
        return BNil;
      }
    }
    }
    return AnyKind;
  }

  void assign(Assign *A) {
    KindSet V = type(A->Val);
    Expr *T = A->Target;
    if (T->K != ExprKind::Ident) {
      forEachChild(T, [&](Expr *C) { type(C); });
      if (T->K == ExprKind::Index && Resumable.count(T))
        speculateStore(static_cast<Index *>(T), V);
      return;
    }
    auto *I = static_cast<Ident *>(T);
    if (I->VK != VarKind::Local)
      return;
    if (A->HasOp)
      V = binaryResultKinds(A->Op, identType(I), V);
    addToSlot(I->Index, speculate(A, V));
  }

  KindSet callType(Call *C) {
    std::vector<KindSet> Args;
    for (Expr *A : C->Args)
      Args.push_back(type(A));
    if (C->CK == CallKind::Value)
      type(C->Callee);
    if (C->CK == CallKind::Builtin) {
      KindSet R = static_cast<KindSet>(builtinResultKinds(C->BuiltinId) & AnyKind);
      return R ? R : AnyKind;
    }
    if (C->CK != CallKind::Direct || !C->Target || Args.size() != C->Target->Params.size())
      return AnyKind;
    std::vector<Kind> ArgKinds;
    for (KindSet A : Args) {
      // An argument with no kind yet (a call of a recursion whose result
      // is still being inferred: tak(tak(..), ..)) makes no call yet.
      if (A == 0)
        return 0;
      Kind K;
      if (!singleKind(A, &K))
        return AnyKind;
      ArgKinds.push_back(K);
    }
    return Oracle(C->Target, ArgKinds);
  }

  std::unordered_map<const LoopExpr *, KindSet> BreakVals;
};

} // namespace

KindSet ruchy::jit::binaryResultKinds(BinaryOp Op, KindSet L, KindSet R) {
  KindSet Out = 0;
  forEachKind(L, [&](Kind LK) { forEachKind(R, [&](Kind RK) { Out |= pairResult(Op, LK, RK); }); });
  return Out;
}

InferredTypes ruchy::jit::inferTypes(const FunctionDecl *Fn, const std::vector<Kind> &ArgKinds,
                                     const ReturnOracle &Oracle, bool Speculate) {
  return Inferrer(Fn, Oracle, Speculate).run(ArgKinds);
}

std::unordered_set<const Expr *> ruchy::jit::resumableStores(const FunctionDecl *Fn) {
  std::unordered_set<const Expr *> Out;
  if (Fn->Body)
    collectStores(Fn->Body, Out);
  return Out;
}

bool *ruchy::jit::specFailedFlag(Expr *Site) {
  switch (Site->K) {
  case ExprKind::Let:
    return &static_cast<Let *>(Site)->SpecFailed;
  case ExprKind::Assign:
    return &static_cast<Assign *>(Site)->SpecFailed;
  case ExprKind::For:
    return &static_cast<For *>(Site)->SpecFailed;
  case ExprKind::Index:
    return &static_cast<Index *>(Site)->SpecFailed;
  default:
    return nullptr;
  }
}
