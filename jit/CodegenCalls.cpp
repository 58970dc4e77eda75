//===- jit/CodegenCalls.cpp - Calls in IR ----------------------------*- C++ -*-===//
//
// Calls of known functions (the call bookkeeping inline, the method-cache
// check, raw calls between specializations, inlined copies of small
// callees), value calls and method calls, and the shadow call stack's depth.
//
//===----------------------------------------------------------------------===//
#include "jit/FunctionCodegen.h"

#include "runtime/Builtins.h"

#include <algorithm>

using namespace ruchy::jit::codegen;

// Tier 2 keeps its shadow-stack depth in a register (CurDepth). The runtime
// reads CallStack's global (to push a call it makes, to print a backtrace,
// for Tier 0 to resume after a deopt), so the global is set just before
// every call into the runtime, and, where Tier 1's convention returns to
// the interpreter (OSR entries), before returning. Raw calls between
// specializations touch no global at all.
void FunctionCodegen::syncDepth() {
  if (!CurDepth)
    return;
  llvm::Value *DepthP = cptr(CallStack::depthAddress());
  for (BasicBlock &BB : *F)
    for (Instruction &I : BB) {
      if (auto *C = dyn_cast<CallInst>(&I)) {
        Function *Callee = C->getCalledFunction();
        if (Callee && Callee->getName().starts_with("rt_"))
          new StoreInst(CurDepth, DepthP, C);
      } else if (isa<ReturnInst>(I) && !RawEntry) {
        new StoreInst(CurDepth, DepthP, &I);
      }
    }
}

llvm::Value *FunctionCodegen::emitArgs(const std::vector<ast::Expr *> &Args, size_t Extra,
                                       bool &Failed, CGV *First, std::vector<CGV> *Out,
                                       bool Store) {
  size_t N = Args.size() + Extra;
  AllocaInst *Arr = entryAlloca(ValTy, "args", static_cast<unsigned>(N ? N : 1));
  if (First)
    storeValue(Arr, *First);
  for (size_t I = 0; I < Args.size(); ++I) {
    CGV V = emit(Args[I]);
    if (!Failure.empty()) {
      Failed = true;
      return Arr;
    }
    if (Store)
      storeValue(B.CreateInBoundsGEP(ValTy, Arr, c64(I + Extra)), V);
    if (Out)
      Out->push_back(V);
  }
  return Arr;
}

CGV FunctionCodegen::emitCall(ast::Call *C) {
  bool Failed = false;
  size_t N = C->Args.size();
  switch (C->CK) {
  case ast::CallKind::Direct: {
    std::vector<CGV> Vals;
    llvm::Value *Arr = emitArgs(C->Args, 0, Failed, nullptr, &Vals, /*Store=*/!Spec);
    if (N == C->Target->Params.size()) {
      llvm::Value *Raw = Spec && !Failed ? specializedCallee(C->Target, Vals) : nullptr;
      // A small callee is copied in whether or not its own specialization
      // is compiled yet, once it has run (in --tier=auto the compile queue
      // takes a loop's OSR request first: calls' main used to be compiled
      // before `add`, calling it through the runtime, 1.4x slower).
      bool KnownKinds = Spec && !Failed && std::all_of(Vals.begin(), Vals.end(), [](const CGV &V) {
        return isa<ConstantInt>(V.Tag);
      });
      // A call of this very function with its own kinds gets a copy too
      // (Spec->RecursionUnroll levels): the calls and frames of the levels
      // copied are saved (fib(38) 0.30 -> 0.18 s with one level).
      bool SelfCall = Raw && C->Target == Fn && !OsrLoop && Spec->ArgKinds.size() == Vals.size() &&
                      std::equal(Vals.begin(), Vals.end(), Spec->ArgKinds.begin(),
                                 [](const CGV &V, Kind K) { return constKind(V) == static_cast<int64_t>(K); });
      if (KnownKinds && (SelfCall || C->Target != Fn) &&
          (Raw || __atomic_load_n(&C->Target->Feedback.Calls, __ATOMIC_RELAXED) > 0))
        if (Function *Copy = inlineCopy(C->Target, Vals, SelfCall))
          Raw = Copy;
      // A pure variant calls only pure code: its own entry, a copy of
      // itself, a pure copy of a small callee.
      if (pure()) {
        auto *RF = dyn_cast_or_null<Function>(Raw);
        if (!RF || !RF->hasFnAttribute(PureAttr)) {
          Failure = fmt::format("a pure variant calls {}, which is not pure", C->Target->QualName);
          return nil();
        }
      }
      if (Spec && !Raw)
        storeArgs(Arr, Vals);
      if (Raw) {
        CGV R = emitDirectCall(C->Target, Arr, N, C->Site, &C->Feedback, Raw, &Vals);
        // Inference proved what this specialization returns: a single kind
        // keeps flowing as a constant.
        std::vector<Kind> Kinds;
        for (const CGV &V : Vals)
          Kinds.push_back(static_cast<Kind>(constKind(V)));
        Kind K;
        if (Spec->Returns && singleKind(Spec->Returns(C->Target, Kinds), &K))
          R.Tag = c64(static_cast<uint64_t>(K));
        return R;
      }
      return emitDirectCall(C->Target, Arr, N, C->Site, &C->Feedback);
    }
    if (Spec)
      storeArgs(Arr, Vals);
    return callValueFn("rt_callFunction", {Ptr, Ptr, I64, I32, Ptr},
                       {cptr(C->Target), Arr, c64(N), c32(C->Site), cptr(&C->Feedback)});
  }
  case ast::CallKind::Builtin: {
    llvm::Value *Arr = emitArgs(C->Args, 0, Failed);
    CGV R = callValueFn("rt_callBuiltin", {I32, Ptr, I64, I32},
                        {c32(static_cast<uint32_t>(C->BuiltinId)), Arr, c64(N), c32(C->Site)});
    // A builtin that always returns one kind (`parse_int`, `args`,
    // `println`): its kind is a constant, as type inference assumed.
    Kind K;
    if (singleKind(static_cast<KindSet>(builtinResultKinds(C->BuiltinId) & AnyKind), &K))
      R.Tag = c64(static_cast<uint64_t>(K));
    return R;
  }
  case ast::CallKind::Value:
    break;
  }
  // Undefined callees raise in the interpreter, with its message.
  if ((C->Callee->K == ExprKind::Ident &&
       static_cast<ast::Ident *>(C->Callee)->VK == VarKind::Undefined) ||
      (C->Callee->K == ExprKind::Path && !static_cast<ast::Path *>(C->Callee)->Fn))
    return emitFallback(C);
  CGV Callee = emit(C->Callee);
  llvm::Value *Arr = emitArgs(C->Args, 0, Failed);
  return callValueFn("rt_callValue", {I64, I64, Ptr, I64, I32, Ptr},
                     {Callee.Tag, Callee.Pay, Arr, c64(N), c32(C->Site), cptr(&C->Feedback)});
}

// A small callee's specialization, emitted once per module as an internal
// function beside the code that calls it: LLVM's inliner then sees its body
// (a call of another module's code is opaque to it). Null when the tier
// manager does not want Target inlined or its copy cannot be generated.
Function *FunctionCodegen::inlineCopy(ast::FunctionDecl *Target, const std::vector<CGV> &Args,
                                      bool Recursive) {
  // Copies inline nothing but the next level of a recursion.
  if (!Spec->Inline || (Spec->RecursionLevel > 0 && !Recursive) ||
      (Recursive && Spec->RecursionLevel >= Spec->RecursionUnroll))
    return nullptr;
  std::vector<Kind> Kinds;
  for (const CGV &A : Args)
    Kinds.push_back(static_cast<Kind>(constKind(A)));
  unsigned Level = Recursive ? Spec->RecursionLevel + 1 : 0;
  std::string Name = fmt::format("{}{}.inl{}", Target->QualName, pure() ? ".pure" : "",
                                 Level > 1 ? std::to_string(Level) : "");
  for (Kind K : Kinds)
    Name += std::string(".") + kindName(K);
  if (Function *Existing = M.getFunction(Name))
    return Existing;
  std::unique_ptr<Tier2Request> Req = Spec->Inline(Target, Kinds);
  if (!Req)
    return nullptr;
  Req->Pure = pure();
  Req->Copy = !Recursive;
  if (Recursive) {
    Req->RecursionUnroll = Spec->RecursionUnroll;
    Req->RecursionLevel = Level;
    Req->RecursionEntry = Level == 1 ? F->getName().str() : Spec->RecursionEntry;
    Req->Inline = Spec->Inline;
  }
  FunctionCodegen G(Ctx, M, Target, nullptr, GlobalsArray, Req.get());
  G.setAstPasses(AstPasses);
  Function *Copy = G.generate(Name);
  AstFolded += G.astFolded();
  AstPruned += G.astPruned();
  if (!Copy) {
    if (Function *Partial = M.getFunction(Name))
      Partial->eraseFromParent();
    return nullptr;
  }
  Copy->setLinkage(GlobalValue::InternalLinkage);
  // The copy calls its caller back, and LLVM's inliner left such a callee
  // alone (fib's copy stayed a call): the unrolled level is what it is for.
  if (Recursive)
    Copy->addFnAttr(Attribute::AlwaysInline);
  return Copy;
}

llvm::Value *FunctionCodegen::specializedCallee(ast::FunctionDecl *Target,
                                               const std::vector<CGV> &Args) {
  std::vector<Kind> Kinds;
  for (const CGV &A : Args) {
    auto *C = dyn_cast<ConstantInt>(A.Tag);
    if (!C)
      return nullptr;
    Kinds.push_back(static_cast<Kind>(C->getZExtValue()));
  }
  // Recursion: a direct call of this very function. (Not from an OSR
  // unit, whose function takes the interpreter's frame: its recursive calls
  // go to the function's specialization like any other call.)
  // A recursive callee's copy in its caller's module calls the callee's
  // own specialization when there is one, whose recursion is unrolled
  // and which may have a pure variant (in --tier=2 main's copy of fib
  // recursed into itself: 6x slower).
  if (Target == Fn && Kinds == Spec->ArgKinds && !OsrLoop) {
    if (Spec->Copy && !pure() && Spec->Callee)
      if (void *Code = Spec->Callee(Target, Kinds))
        return cptr(Code);
    return Spec->RecursionEntry.empty() ? F : M.getFunction(Spec->RecursionEntry);
  }
  void *Code = Spec->Callee ? Spec->Callee(Target, Kinds) : nullptr;
  return Code ? cptr(Code) : nullptr;
}

// Room for one more call: the native stack is above its limit and the
// call stack below its depth (the stack limit and the call stack's array
// are set once, before anything is compiled: constants here).
llvm::Value *FunctionCodegen::roomForCall(llvm::Value *Depth) {
  llvm::Value *FrameAddr = B.CreateIntrinsic(Intrinsic::frameaddress, {Ptr}, {B.getInt32(0)});
  llvm::Value *StackOk = B.CreateICmpUGT(B.CreatePtrToInt(FrameAddr, I64),
                                         c64(reinterpret_cast<uintptr_t>(StackLimit)));
  llvm::Value *DepthOk = B.CreateICmpULT(Depth, B.getInt32(CallStack::MaxDepth));
  return B.CreateAnd(StackOk, DepthOk);
}

// A call inside a pure variant: no call-stack entry, no counts. A call
// that would overflow either stack, and a callee that bailed, bail.
CGV FunctionCodegen::emitPureCall(llvm::Value *Callee, const std::vector<CGV> &Args) {
  BasicBlock *Go = block("call.go"), *Deep = block("call.deep");
  B.CreateCondBr(roomForCall(CurDepth), Go, Deep, MDBuilder(Ctx).createBranchWeights(1 << 20, 1));
  B.SetInsertPoint(Deep);
  emitBail();
  B.SetInsertPoint(Go);
  std::vector<llvm::Value *> Ops{ConstantPointerNull::get(Ptr), B.CreateAdd(CurDepth, B.getInt32(1))};
  for (const CGV &A : Args)
    Ops.push_back(A.Pay);
  CGV R = fromRet(B.CreateCall(rawType(Args.size()), Callee, Ops));
  raiseIf(isTag(R, KUndef), "call.bailed", [] {});
  return R;
}

// A call of a known function whose arity matches. When the callee has
// compiled code (and no report is timing calls), the call is made here with
// the bookkeeping Interpreter::callFunction would do, inline: native stack
// check, shadow call stack push, call counts and signature feedback. Any
// other case, including every error, goes through callFunction itself.
CGV FunctionCodegen::emitDirectCall(ast::FunctionDecl *Target, llvm::Value *Args, size_t N,
                                    SiteId Site, ast::CallSiteFeedback *SiteFeedback, llvm::Value *Raw,
                                    const std::vector<CGV> *RawArgs) {
  if (pure())
    return emitPureCall(Raw, *RawArgs);
  AllocaInst *Res = resultSlot();
  BasicBlock *Fast = block("call.fast"), *Go = block("call.go"), *Slow = block("call.slow"),
             *Done = block("call.done");
  // Timing is switched on (by --tier-stats) before anything is compiled, so
  // its value is a constant here.
  llvm::Value *NotTiming = B.getInt1(!*bridgeTimingFlag());
  // The arguments' signature: type feedback, and the key of the method cache.
  llvm::Value *Sig = c64(N);
  if (N > MaxSignatureArgs) {
    Sig = c64(TooLongSig);
  } else {
    for (size_t I = 0; I < N; ++I) {
      llvm::Value *Tag =
          RawArgs ? (*RawArgs)[I].Tag
                  : B.CreateZExt(B.CreateLoad(I8, B.CreateInBoundsGEP(ValTy, Args, c64(I))), I64);
      Sig = B.CreateOr(Sig, B.CreateShl(Tag, c64(4 * (I + 1))));
    }
  }
  llvm::Value *Code = nullptr, *IsSpec = nullptr;
  if (!Raw) {
    // Generic callers look through the first entries of the callee's method
    // cache (a polymorphic inline cache on it, up to PolyEntries kinds of
    // arguments): a specialization for these argument kinds is called in
    // place of the generic code. Entries past NumSpecs are ignored.
    LoadInst *L = B.CreateLoad(Ptr, cptr(&Target->JitCode));
    L->setAtomic(AtomicOrdering::Acquire);
    L->setAlignment(Align(8));
    LoadInst *NSpecs = B.CreateLoad(I32, cptr(&Target->NumSpecs));
    NSpecs->setAtomic(AtomicOrdering::Acquire);
    NSpecs->setAlignment(Align(4));
    constexpr unsigned PolyEntries = 4;
    static_assert(PolyEntries <= ast::FunctionDecl::MaxSpecs);
    Code = L;
    IsSpec = B.getFalse();
    // The entry called is stamped with the method cache's clock (LRU
    // eviction); a call of the generic code stamps a sink.
    static uint64_t UseSink;
    llvm::Value *UseAt = cptr(&UseSink);
    for (unsigned E = PolyEntries; E-- > 0;) {
      llvm::Value *Hit = B.CreateAnd(B.CreateICmpUGT(NSpecs, B.getInt32(E)),
                                     B.CreateICmpEQ(B.CreateLoad(I64, cptr(&Target->Specs[E].Sig)), Sig));
      Code = B.CreateSelect(Hit, B.CreateLoad(Ptr, cptr(&Target->Specs[E].Entry)), Code);
      UseAt = B.CreateSelect(Hit, cptr(&Target->Specs[E].LastUse), UseAt);
      IsSpec = B.CreateOr(IsSpec, Hit);
    }
    llvm::Value *Tick = B.CreateAdd(B.CreateLoad(I64, cptr(&SpecUseClock)), c64(1));
    B.CreateStore(Tick, cptr(&SpecUseClock));
    B.CreateStore(Tick, UseAt);
    B.CreateCondBr(B.CreateAnd(B.CreateIsNotNull(Code), NotTiming), Fast, Slow);
  } else {
    B.CreateCondBr(NotTiming, Fast, Slow);
  }

  B.SetInsertPoint(Fast);
  llvm::Value *DepthP = cptr(CallStack::depthAddress());
  llvm::Value *Depth = CurDepth ? CurDepth : B.CreateLoad(I32, DepthP);
  B.CreateCondBr(roomForCall(Depth), Go, Slow);

  B.SetInsertPoint(Go);
  llvm::Value *Calls = cptr(*CallStack::callsAddress());
  llvm::Value *Entry = B.CreateInBoundsGEP(
      I8, Calls, B.CreateMul(B.CreateZExt(Depth, I64), c64(sizeof(ActiveCall))));
  B.CreateStore(cptr(Target->QualName.c_str()), Entry);
  B.CreateStore(c32(Site), B.CreateConstInBoundsGEP1_64(I8, Entry, offsetof(ActiveCall, CallSite)));
  llvm::Value *Inner = B.CreateAdd(Depth, B.getInt32(1));
  // Signature feedback serves tier-up decisions: a call of a
  // specialization has a known signature and a callee in its last tier.
  // (Calls are counted in every tier: the program's semantics depend on
  // whether main has been called.)
  BasicBlock *Invoke = block("call.invoke");
  if (Raw) {
    // Only main's count matters while nothing reports: whether main has
    // been called decides if the top level calls it.
    if (Target->Name == "main" && !Target->Owner && !Target->IsClosure)
      increment(&Target->Feedback.Calls);
    B.CreateBr(Invoke);
  } else {
    increment(&Target->Feedback.Calls);
    llvm::Value *T2 = B.CreateZExt(IsSpec, I64);
    llvm::Value *P1 = cptr(&Target->Feedback.CallsT1), *P2 = cptr(&Target->Feedback.CallsT2);
    B.CreateStore(B.CreateAdd(B.CreateLoad(I64, P1), B.CreateSub(c64(1), T2)), P1);
    B.CreateStore(B.CreateAdd(B.CreateLoad(I64, P2), T2), P2);
    // Type feedback, as Tier 0 records it: one compare when monomorphic.
    BasicBlock *SameSig = block("call.samesig"), *NewSig = block("call.newsig");
    B.CreateCondBr(B.CreateICmpEQ(B.CreateLoad(I64, cptr(&Target->Feedback.LastSig)), Sig),
                   SameSig, NewSig);
    B.SetInsertPoint(SameSig);
    increment(&Target->Feedback.LastSigCount);
    B.CreateBr(Invoke);
    B.SetInsertPoint(NewSig);
    // A new signature for the callee (the common one is counted inline):
    // recorded for the callee and for this site's inline cache.
    B.CreateCall(rtFn("rt_recordCall", Type::getVoidTy(Ctx), {Ptr, I64, Ptr}),
                 {cptr(Target), Sig, cptr(SiteFeedback)});
    B.CreateBr(Invoke);
  }
  B.SetInsertPoint(Invoke);
  llvm::Value *R;
  if (Raw) {
    std::vector<llvm::Value *> Ops{ConstantPointerNull::get(Ptr), Inner};
    for (const CGV &A : *RawArgs)
      Ops.push_back(A.Pay);
    R = B.CreateCall(rawType(N), Raw, Ops);
  } else {
    // Code with Tier 1's convention reads the depth from the global; a raw
    // callee takes it as an argument. Stored right before the call: in Tier
    // 2 every runtime call before it (the feedback's) sets the global to
    // this frame's depth.
    B.CreateStore(Inner, DepthP);
    FunctionType *CompiledTy = FunctionType::get(ValTy, {Ptr, Ptr}, false);
    R = B.CreateCall(CompiledTy, Code, {Args, ConstantPointerNull::get(Ptr)});
  }
  if (!CurDepth)
    B.CreateStore(Depth, DepthP);
  storeValue(Res, fromRet(R));
  B.CreateBr(Done);

  B.SetInsertPoint(Slow);
  if (Raw)
    storeArgs(Args, *RawArgs);
  storeValue(Res, callValueFn("rt_callFunction", {Ptr, Ptr, I64, I32, Ptr},
                              {cptr(Target), Args, c64(N), c32(Site), cptr(SiteFeedback)}));
  B.CreateBr(Done);
  B.SetInsertPoint(Done);
  return loadValue(Res);
}

// `a.len()` and `a.push(v)` on arrays, the methods loops call most, skip the
// method dispatch; every other receiver and method takes the runtime's path.
CGV FunctionCodegen::emitMethodCall(ast::MethodCall *MC) {
  CGV Recv = emit(MC->Recv);
  bool Failed = false;
  llvm::Value *Arr = emitArgs(MC->Args, 1, Failed, &Recv);
  bool IsLen = MC->Name == "len" && MC->Args.empty();
  bool IsPush = MC->Name == "push" && MC->Args.size() == 1;
  if (!IsLen && !IsPush)
    return callValueFn("rt_callMethod", {Ptr, Ptr}, {cptr(MC), Arr});
  AllocaInst *Res = resultSlot();
  BasicBlock *Fast = block("method.array"), *Slow = block("method.slow"),
             *Done = block("method.done");
  B.CreateCondBr(isTag(Recv, static_cast<uint64_t>(Kind::Array)), Fast, Slow);
  B.SetInsertPoint(Fast);
  llvm::Value *A = B.CreateIntToPtr(Recv.Pay, Ptr);
  if (IsLen) {
    storeValue(Res, cgv(KInt, loadHeader(I64, A, 8)));
  } else {
    // Room left and a value the storage takes as it is: store and count
    // inline; growing and widening are the runtime's.
    CGV V = loadValue(B.CreateInBoundsGEP(ValTy, Arr, c64(1)));
    llvm::Value *Len = loadHeader(I64, A, 8);
    llvm::Value *Cap = loadHeader(I64, A, 16);
    llvm::Value *EK = B.CreateZExt(loadHeader(I8, A, 0), I64);
    BasicBlock *Room = block("push.room"), *Word = block("push.word"),
               *NotWord = block("push.notword"), *Byte = block("push.bool"),
               *NotBool = block("push.notbool"), *Mixed = block("push.mixed"),
               *Grow = block("push.grow"), *Pushed = block("push.done");
    B.CreateCondBr(B.CreateICmpSLT(Len, Cap), Room, Grow);
    B.SetInsertPoint(Room);
    llvm::Value *Data = loadHeader(Ptr, A, 24);
    B.CreateCondBr(isWordOfArray(V, EK), Word, NotWord);
    B.SetInsertPoint(Word);
    storeWord(V.Pay, Data, Len);
    storeHeader(B.CreateAdd(Len, c64(1)), A, 8);
    B.CreateBr(Pushed);
    B.SetInsertPoint(NotWord);
    B.CreateCondBr(isBoolOfArray(V, EK), Byte, NotBool);
    B.SetInsertPoint(Byte);
    storeByte(boolByte(V), Data, Len);
    storeHeader(B.CreateAdd(Len, c64(1)), A, 8);
    B.CreateBr(Pushed);
    B.SetInsertPoint(NotBool);
    B.CreateCondBr(B.CreateICmpEQ(EK, c64(EKMixed)), Mixed, Grow);
    B.SetInsertPoint(Mixed);
    storeValue(B.CreateInBoundsGEP(ValTy, Data, Len), V);
    storeHeader(B.CreateAdd(Len, c64(1)), A, 8);
    B.CreateBr(Pushed);
    B.SetInsertPoint(Grow);
    B.CreateCall(rtFn("rt_arrayPush", Type::getVoidTy(Ctx), {Ptr, I64, I64}), {A, V.Tag, V.Pay});
    B.CreateBr(Pushed);
    B.SetInsertPoint(Pushed);
    storeValue(Res, nil());
  }
  B.CreateBr(Done);
  B.SetInsertPoint(Slow);
  storeValue(Res, callValueFn("rt_callMethod", {Ptr, Ptr}, {cptr(MC), Arr}));
  B.CreateBr(Done);
  B.SetInsertPoint(Done);
  return loadValue(Res);
}
