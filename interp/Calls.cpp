//===- interp/Calls.cpp - Tier 0 calls, methods and macros -------*- C++ -*-===//
//
// Every way Tier 0 enters a function: direct calls resolved at compile time,
// calls of function values, struct methods (inline-cached per site) and
// builtins. This is also where the per-function feedback the tier manager
// needs is recorded: call counts, argument signatures and call-site
// inline-cache states.
//
//===----------------------------------------------------------------------===//
#include "interp/Constructors.h"
#include "interp/EvalMacros.h"
#include "interp/Interpreter.h"

#include "runtime/Builtins.h"
#include "runtime/Error.h"
#include "runtime/Format.h"
#include "runtime/Methods.h"
#include "runtime/Object.h"
#include "runtime/Output.h"
#include "runtime/TypeSignature.h"

#include <fmt/format.h>

#include <alloca.h>
#include <cstring>

using namespace ruchy;
using namespace ruchy::ast;

/// Records one more call with signature Sig. The last signature is kept
/// apart, so a monomorphic function pays one compare per call.
void ruchy::recordSignature(FunctionFeedback &FB, uint64_t Sig) {
  if (RUCHY_LIKELY(Sig == FB.LastSig)) {
    ++FB.LastSigCount;
    return;
  }
  if (FB.LastSigCount) {
    bool Found = false;
    for (auto &[S, N] : FB.Signatures)
      if (S == FB.LastSig) {
        N += FB.LastSigCount;
        Found = true;
        break;
      }
    if (!Found)
      FB.Signatures.emplace_back(FB.LastSig, FB.LastSigCount);
  }
  FB.LastSig = Sig;
  FB.LastSigCount = 1;
}

/// Updates a call site's inline-cache state with the target just called.
void ruchy::recordCallTarget(CallSiteFeedback &FB, const FunctionDecl *Target, uint64_t Sig) {
  ++FB.Count;
  if (FB.State == ICState::Megamorphic)
    return;
  for (unsigned I = 0; I < FB.NumTargets; ++I)
    if (FB.Targets[I] == Target && FB.Sigs[I] == Sig)
      return;
  if (FB.NumTargets == MaxPolymorphicTargets) {
    FB.State = ICState::Megamorphic;
    return;
  }
  FB.Targets[FB.NumTargets] = Target;
  FB.Sigs[FB.NumTargets++] = Sig;
  FB.State = FB.NumTargets == 1 ? ICState::Monomorphic : ICState::Polymorphic;
}

Value Interpreter::callFunction(const FunctionDecl *Fn, Cell *const *Captures, const Value *Args,
                                size_t N, SiteId Site, CallSiteFeedback *SiteFB) {
  size_t NP = Fn->Params.size();
  if (RUCHY_UNLIKELY(N != NP)) {
    size_t Self = Fn->HasSelf ? 1 : 0;
    raiseError(Site, fmt::format("Function {} expects {} arguments, got {}", Fn->QualName,
                                 NP - Self, N >= Self ? N - Self : N));
  }
  checkNativeStack(Site);
  pollInterrupt(Site);
  auto *MutFn = const_cast<FunctionDecl *>(Fn);
  auto &FB = MutFn->Feedback;
  ++FB.Calls;
  uint64_t Sig = makeSignature(Args, N);
  recordSignature(FB, Sig);
  if (SiteFB)
    recordCallTarget(*SiteFB, Fn, Sig);
  void *Spec = useSpecialization(MutFn, Sig);
  if (RUCHY_UNLIKELY(++FB.Hotness >= TierUpCalls) && !Spec) {
    FB.Hotness = 0;
    if (Hooks && !Fn->JitPending &&
        (Hooks->wantsSpecialization(MutFn, Sig) ||
         (!loadPublished(Fn->JitCode) && !loadPublished(Fn->JitFailed)))) {
      compileNow(MutFn, nullptr);
      Spec = useSpecialization(MutFn, Sig);
    }
  }
  CallStack::push(Fn->QualName.c_str(), Site);
  uint64_t *PrevAccount = nullptr;
  if (Spec) {
    ++FB.CallsT2;
    if (RUCHY_UNLIKELY(Timing))
      PrevAccount = enterAccount(Fn, &FB.TicksT2);
    Value R = reinterpret_cast<CompiledFn>(Spec)(Args, Captures);
    if (RUCHY_UNLIKELY(Timing))
      leaveAccount(PrevAccount);
    CallStack::pop();
    return R;
  }
  void *Code = loadPublished(Fn->JitCode);
  if (RUCHY_UNLIKELY(Timing))
    PrevAccount = enterAccount(Fn, Code ? &FB.TicksT1 : &FB.TicksT0);
  if (Code) {
    ++FB.CallsT1;
    Value R = reinterpret_cast<CompiledFn>(Code)(Args, Captures);
    if (RUCHY_UNLIKELY(Timing))
      leaveAccount(PrevAccount);
    CallStack::pop();
    return R;
  }

  int32_t NS = Fn->Frame.NumSlots;
  auto *Slots = static_cast<Value *>(alloca(sizeof(Value) * (NS ? NS : 1)));
  std::memset(static_cast<void *>(Slots), 0, sizeof(Value) * (NS ? NS : 1));
  Frame NF{Slots, Captures, Fn};
  for (size_t I = 0; I < N; ++I) {
    int32_t Slot = Fn->Frame.ParamSlots[I];
    Pattern *Pat = Fn->Params[I].Pat;
    if (Pat->K != PatternKind::Binding) {
      Slots[Slot] = Args[I];
      bindPattern(Pat, Args[I], NF, Site);
    } else if (Fn->Frame.ParamIsCell[I]) {
      Slots[Slot] = cellSlotValue(newCell(Args[I]));
    } else {
      Slots[Slot] = Args[I];
    }
  }
  Value R = evalBlock(Fn->Body, NF);
  if (UnwindKind != Unwind::None) {
    // Only a return can leave a function (the resolver rejects stray
    // break/continue).
    R = UnwindValue;
    UnwindKind = Unwind::None;
  }
  if (RUCHY_UNLIKELY(Timing))
    leaveAccount(PrevAccount);
  CallStack::pop();
  return R;
}

Value Interpreter::callValue(Value Fn, const Value *Args, size_t N, SiteId Site,
                             CallSiteFeedback *SiteFB) {
  if (RUCHY_UNLIKELY(Fn.K != Kind::Func))
    raiseError(Site, fmt::format("Type error: {} is not a function", kindName(Fn.K)));
  Closure *C = Fn.C;
  return callFunction(C->Fn, C->Captures, Args, N, Site, SiteFB);
}

Value Interpreter::evalCall(Call *C, Frame &F) {
  size_t N = C->Args.size();
  Value Callee;
  if (C->CK == CallKind::Value) {
    if (C->Callee->K == ExprKind::Ident &&
        static_cast<Ident *>(C->Callee)->VK == VarKind::Undefined)
      raiseError(C->Site, "Undefined function: " + static_cast<Ident *>(C->Callee)->Name);
    if (C->Callee->K == ExprKind::Path && !static_cast<Path *>(C->Callee)->Fn) {
      std::string Joined;
      for (auto &Seg : static_cast<Path *>(C->Callee)->Segments)
        Joined += (Joined.empty() ? "" : "::") + Seg;
      raiseError(C->Site, "Undefined function: " + Joined);
    }
    Callee = eval(C->Callee, F);
    if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
      return Callee;
  }
  auto *Args = static_cast<Value *>(alloca(sizeof(Value) * (N ? N : 1)));
  for (size_t I = 0; I < N; ++I) {
    Value V = eval(C->Args[I], F);
    if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
      return V;
    Args[I] = V;
  }
  switch (C->CK) {
  case CallKind::Direct:
    return callFunction(C->Target, nullptr, Args, N, C->Site, &C->Feedback);
  case CallKind::Builtin:
    return callBuiltin(C->BuiltinId, Args, N, C->Site);
  case CallKind::Value:
    break;
  }
  return callValue(Callee, Args, N, C->Site, &C->Feedback);
}

Value Interpreter::evalMethodCall(MethodCall *M, Frame &F) {
  size_t N = M->Args.size();
  // Args[0] is the receiver: user methods take it as `self`.
  auto *Args = static_cast<Value *>(alloca(sizeof(Value) * (N + 1)));
  EVAL(Recv, M->Recv);
  Args[0] = Recv;
  for (size_t I = 0; I < N; ++I) {
    Value V = eval(M->Args[I], F);
    if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
      return V;
    Args[I + 1] = V;
  }
  return callMethodIn(M, Args);
}

Value Interpreter::callMethodIn(MethodCall *M, const Value *Args) {
  size_t N = M->Args.size();
  Value Recv = Args[0];
  if (Recv.K == Kind::Struct) {
    const StructDecl *D = Recv.St->Decl;
    FunctionDecl *Fn;
    if (RUCHY_LIKELY(D == M->CachedDecl)) {
      Fn = M->CachedFn;
    } else {
      Fn = D->method(M->Name);
      M->CachedDecl = D;
      M->CachedFn = Fn;
    }
    if (Fn) {
      if (!Fn->HasSelf)
        raiseError(M->Site, fmt::format("Type error: {}::{} is an associated function, not a method",
                                        D->Name, M->Name));
      return callFunction(Fn, nullptr, Args, N + 1, M->Site, &M->Feedback);
    }
    // A field holding a function, called like a method: `self.f(x)`.
    int32_t FieldIdx = D->fieldIndex(M->Name);
    if (FieldIdx >= 0 && Recv.St->Fields[FieldIdx].K == Kind::Func)
      return callValue(Recv.St->Fields[FieldIdx], Args + 1, N, M->Site);
  }
  if (M->MethodId < 0)
    raiseError(M->Site,
               fmt::format("Type error: {} has no method '{}'",
                           Recv.K == Kind::Struct ? Recv.St->Decl->Name : kindName(Recv.K),
                           M->Name));
  return callMethod(M->MethodId, Recv, Args + 1, N, M->Site);
}

Value Interpreter::evalMacro(Macro *M, Frame &F) {
  size_t N = M->Args.size();
  auto *Args = static_cast<Value *>(alloca(sizeof(Value) * (N ? N : 1)));
  for (size_t I = 0; I < N; ++I) {
    EVAL(V, M->Args[I]);
    Args[I] = V;
  }
  size_t NH = macroInlineHoles(M);
  auto *Holes = static_cast<Value *>(alloca(sizeof(Value) * (NH ? NH : 1)));
  size_t I = 0;
  for (FormatPiece &Pc : M->Pieces) {
    if (I == NH)
      break;
    if (!Pc.Hole || !Pc.Arg)
      continue;
    EVAL(V, Pc.Arg);
    Holes[I++] = V;
  }
  return finishMacro(M, Args, N, Holes);
}
