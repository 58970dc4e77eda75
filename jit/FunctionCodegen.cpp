//===- jit/FunctionCodegen.cpp - One compiled unit: entry, frame, locals, dispatch ---*- C++ -*-===//
//
// The unit's function and entry block (arguments, typed locals, the OSR
// entry), locals and blocks, the expression dispatcher, and the two entry
// points of jit/Codegen.h.
//
//===----------------------------------------------------------------------===//
#include "jit/FunctionCodegen.h"

#include "interp/Constructors.h"
#include "runtime/Operations.h"

#include <cstring>

using namespace ruchy::jit::codegen;

Function *FunctionCodegen::generate(const std::string &Name) {
  // Tier 2 takes each argument's payload in a register: the signature
  // fixes every argument's kind.
  // (An OSR entry takes the interpreter's frame instead, in any tier.)
  bool RawArgs = Spec && !OsrLoop;
  RawEntry = RawArgs;
  FunctionType *FT = RawArgs ? rawType(Fn->Params.size()) : FunctionType::get(ValTy, {Ptr, Ptr}, false);
  F = Function::Create(FT, Function::ExternalLinkage, Name, M);
  // Frame pointers: error backtraces and the profiler walk mixed frames.
  F->addFnAttr("frame-pointer", "all");
  if (pure())
    F->addFnAttr(PureAttr);
  llvm::Value *Arg0 = RawArgs ? nullptr : F->getArg(0);
  Captures = F->getArg(RawArgs ? 0 : 1);
  if (Arg0)
    Arg0->setName(OsrLoop ? "slots.in" : "args");
  Captures->setName("captures");

  EntryBB = BasicBlock::Create(Ctx, "entry", F);
  B.SetInsertPoint(EntryBB);
  if (RawArgs) {
    CurDepth = F->getArg(1);
    CurDepth->setName("depth");
  } else if (Spec) {
    CurDepth = B.CreateLoad(I32, cptr(CallStack::depthAddress()), "depth");
  }
  int32_t NS = Fn->Frame.NumSlots;
  uint64_t SlotBytes = 16ull * static_cast<uint64_t>(NS ? NS : 1);
  Slots = B.CreateAlloca(ValTy, c64(NS ? NS : 1), "slots");
  if (Spec) {
    for (int32_t S = 0; S < NS; ++S) {
      Kind K;
      if (static_cast<size_t>(S) < Spec->SlotKinds.size() && singleKind(Spec->SlotKinds[S], &K)) {
        AllocaInst *A = B.CreateAlloca(K == Kind::Float ? B.getDoubleTy() : I64, nullptr,
                                       fmt::format("local{}.{}", S, kindName(K)));
        if (K == Kind::Array) {
          if (!UnsetArrayStated) {
            emitArrayAssume(B, c64(reinterpret_cast<uintptr_t>(&UnsetArray)));
            UnsetArrayStated = true;
          }
          B.CreateStore(c64(reinterpret_cast<uintptr_t>(&UnsetArray)), A);
        }
        Typed[S] = {A, static_cast<uint64_t>(K)};
        if (K != Kind::Array)
          storeTyped(Typed[S], c64(0));
      }
    }
  }

  if (OsrLoop) {
    // The interpreter's frame becomes ours; the loop resumes at its header.
    B.CreateMemCpy(Slots, Align(8), Arg0, Align(8), SlotBytes);
  } else {
    B.CreateMemSet(Slots, ConstantInt::get(I8, 0), SlotBytes, Align(8));
  }
  BasicBlock *Body = block("body");
  BasicBlock *EntryEnd = B.GetInsertBlock();
  B.SetInsertPoint(Body);

  if (!OsrLoop) {
    // Recursion without loops reaches a poll point too.
    emitInterruptPoll(Fn->Body->Site);
    for (size_t I = 0; I < Fn->Params.size(); ++I) {
      CGV A = Spec ? cgv(static_cast<uint64_t>(Spec->ArgKinds[I]), F->getArg(static_cast<unsigned>(I + 2)))
                   : loadValue(B.CreateInBoundsGEP(ValTy, Arg0, c64(I)));
      ast::Pattern *Pat = Fn->Params[I].Pat;
      int32_t Slot = Fn->Frame.ParamSlots[I];
      if (Pat->K != PatternKind::Binding) {
        storeValue(slotPtr(Slot), A);
        storePattern(Pat, A, /*Site=*/0);
      } else if (Fn->Frame.ParamIsCell[I]) {
        llvm::Value *Cell = B.CreateCall(rtFn("rt_newCellFor", Ptr, {I64, I64}), {A.Tag, A.Pay});
        storeValue(slotPtr(Slot), cgv(KUndef, B.CreatePtrToInt(Cell, I64)));
      } else {
        storeLocal(Slot, A);
      }
    }
  }
  CGV R = emitBlock(Fn->Body);
  if (!terminated())
    emitReturn(R);
  if (RetBB) {
    B.SetInsertPoint(RetBB);
    B.CreateRet(toRet({B.CreateLoad(I64, RetTag), B.CreateLoad(I64, RetPay)}));
  }
  if (!Failure.empty())
    return nullptr;
  emitDeoptExit();
  syncDepth();

  B.SetInsertPoint(EntryEnd);
  if (OsrLoop) {
    if (!OsrTarget) {
      Failure = "OSR loop not found in the function";
      return nullptr;
    }
    if (Spec)
      emitOsrUnbox(Arg0);
    B.CreateBr(OsrTarget);
  } else {
    B.CreateBr(Body);
  }
  return F;
}

// A Tier 2 OSR entry takes the interpreter's frame: each typed slot must
// hold its kind (or still be unset, which nothing reads before writing),
// else the entry declines with an Undef value and the loop stays
// interpreted. Counted `for` loops resume from their hidden slots.
namespace {

/// Adds the slots pattern P binds.
void patternSlots(const ruchy::ast::Pattern *P, std::set<int32_t> &Out) {
  if (!P)
    return;
  if (P->K == PatternKind::Binding && P->Slot >= 0)
    Out.insert(P->Slot);
  for (const ruchy::ast::Pattern *S : P->Subs)
    patternSlots(S, Out);
}

/// True when L is E or inside it; Bound then has the slots bound on the way
/// to it by what runs before it on every path: the `let`s before it in each
/// enclosing block, the variables of enclosing loops and match arms.
bool boundOnPathTo(ruchy::ast::Expr *E, const ruchy::ast::LoopExpr *L, std::set<int32_t> &Bound) {
  if (E == L)
    return true;
  switch (E->K) {
  case ExprKind::Block: {
    auto *Bl = static_cast<ruchy::ast::Block *>(E);
    std::set<int32_t> Here = Bound;
    Here.insert(Bl->FunctionSlots.begin(), Bl->FunctionSlots.end());
    for (ruchy::ast::Expr *S : Bl->Stmts) {
      if (boundOnPathTo(S, L, Here)) {
        Bound = std::move(Here);
        return true;
      }
      if (S->K == ExprKind::Let)
        patternSlots(static_cast<ruchy::ast::Let *>(S)->Pat, Here);
    }
    return false;
  }
  case ExprKind::For: {
    auto *F = static_cast<ruchy::ast::For *>(E);
    if (boundOnPathTo(F->Iterable, L, Bound))
      return true;
    std::set<int32_t> Inner = Bound;
    patternSlots(F->Pat, Inner);
    Inner.insert(F->IterSlot);
    Inner.insert(F->IndexSlot);
    if (!boundOnPathTo(F->Body, L, Inner))
      return false;
    Bound = std::move(Inner);
    return true;
  }
  case ExprKind::Match: {
    auto *Mt = static_cast<ruchy::ast::Match *>(E);
    if (boundOnPathTo(Mt->Scrutinee, L, Bound))
      return true;
    for (ruchy::ast::MatchArm &Arm : Mt->Arms) {
      std::set<int32_t> Inner = Bound;
      patternSlots(Arm.Pat, Inner);
      if ((Arm.Guard && boundOnPathTo(Arm.Guard, L, Inner)) || boundOnPathTo(Arm.Body, L, Inner)) {
        Bound = std::move(Inner);
        return true;
      }
    }
    return false;
  }
  default: {
    bool Found = false;
    ruchy::ast::forEachChild(E, [&](ruchy::ast::Expr *C) {
      if (!Found)
        Found = boundOnPathTo(C, L, Bound);
    });
    return Found;
  }
  }
}

} // namespace

// The slots holding a value of the program whenever L's header runs:
// parameters and what boundOnPathTo finds. Every other slot is dead there
// (not yet bound, out of scope, or bound again before its next read: the
// loop's own variable, `let`s in its body).
std::set<int32_t> FunctionCodegen::liveSlotsAtLoop() {
  std::set<int32_t> Live(Fn->Frame.ParamSlots.begin(), Fn->Frame.ParamSlots.end());
  if (Fn->Body)
    boundOnPathTo(Fn->Body, OsrLoop, Live);
  return Live;
}

bool FunctionCodegen::encloses(const ast::For *Outer, const ast::Expr *Inner) {
  bool Found = false;
  ast::forEachExpr(Outer->Body, [&](ast::Expr *E) { Found |= E == Inner; });
  return Found;
}

// The variables of the counted loops running at the OSR loop (those around
// it) with a constant lower bound, when their body never assigns them: such
// a variable holds a position of its loop, at or above the bound. Stating it
// at the entry lets LLVM bound it as it bounds the position (`b[k][j]` in a
// `for j in 0..n` needs no negative-index path). Only what the entry tests
// depends on this: a variable assigned some other way fails the test and the
// entry declines, which is slower but still right.
std::map<int32_t, llvm::ConstantInt *> FunctionCodegen::runningLoopVariableBounds() {
  std::map<int32_t, llvm::ConstantInt *> Out;
  for (auto &[L, St] : Counted) {
    if (!St.Lo || L == OsrLoop || !encloses(L, OsrLoop) || !L->Pat ||
        L->Pat->K != PatternKind::Binding || L->Pat->Slot < 0)
      continue;
    bool Assigned = false;
    ast::forEachExpr(L->Body, [&](ast::Expr *E) {
      if (E->K != ExprKind::Assign)
        return;
      auto *T = static_cast<ast::Assign *>(E)->Target;
      Assigned |= T->K == ExprKind::Ident && static_cast<ast::Ident *>(T)->VK == VarKind::Local &&
                  static_cast<ast::Ident *>(T)->Index == L->Pat->Slot;
    });
    if (!Assigned)
      Out[L->Pat->Slot] = St.Lo;
  }
  return Out;
}

void FunctionCodegen::emitOsrUnbox(llvm::Value *In) {
  // Slot addresses live in the entry block: make them before it branches.
  for (auto &[L, St] : Counted) {
    slotPtr(L->IterSlot);
    slotPtr(L->IndexSlot);
  }
  BasicBlock *Decline = block("osr.decline");
  // A live slot must hold its kind. The unit is made for one signature and
  // kept by the loop, so a later call's frame reaches it too: a parameter
  // of another kind (a nil argument included) declines. A dead slot's
  // content is never read: it keeps its unset value.
  std::set<int32_t> Live = liveSlotsAtLoop();
  std::map<int32_t, llvm::ConstantInt *> VarLo = runningLoopVariableBounds();
  for (auto &[Slot, TA] : Typed) {
    if (!Live.count(Slot))
      continue;
    uint64_t K = TA.second;
    CGV V = loadValue(B.CreateInBoundsGEP(ValTy, In, c64(static_cast<uint64_t>(Slot))));
    BasicBlock *Ok = block("osr.ok");
    llvm::Value *Good = isTag(V, K);
    // An enclosing loop's variable holds one of its positions
    // (runningLoopVariableBounds).
    auto Lo = VarLo.find(Slot);
    if (Lo != VarLo.end() && K == KInt)
      Good = B.CreateAnd(Good, B.CreateICmpSGE(V.Pay, Lo->second));
    B.CreateCondBr(Good, Ok, Decline);
    B.SetInsertPoint(Ok);
    if (K == static_cast<uint64_t>(Kind::Array))
      assumeArray(V.Pay);
    storeTyped(TA, V.Pay);
  }
  for (auto &[L, St] : Counted) {
    CGV It = loadValue(slotPtr(L->IterSlot));
    CGV Pos = loadValue(slotPtr(L->IndexSlot));
    BasicBlock *Resume = block("osr.for"), *Next = block("osr.next");
    B.CreateCondBr(B.CreateAnd(isTag(It, KRange), isTag(Pos, KInt)), Resume, Next);
    B.SetInsertPoint(Resume);
    // The running loops (this one and those around it) are at a position
    // Tier 0 produced, at or above a constant lower bound. Saying so, as a
    // test that cannot fail, lets LLVM bound the position in the compiled
    // loop (a `for k in 0..n` index is never negative). Loops not running
    // here keep whatever their slots hold: they start again from lo.
    if (St.Lo && (L == OsrLoop || encloses(L, OsrLoop))) {
      BasicBlock *InRange = block("osr.for.pos");
      B.CreateCondBr(B.CreateICmpSGE(Pos.Pay, St.Lo), InRange, Decline);
      B.SetInsertPoint(InRange);
    }
    llvm::Value *R = B.CreateIntToPtr(It.Pay, Ptr);
    B.CreateStore(B.CreateLoad(I64, B.CreateConstInBoundsGEP1_64(I8, R, 8)), St.Hi);
    B.CreateStore(Pos.Pay, St.Pos);
    B.CreateBr(Next);
    B.SetInsertPoint(Next);
  }
  BasicBlock *Here = B.GetInsertBlock();
  B.SetInsertPoint(Decline);
  B.CreateRet(toRet(cgv(KUndef, c64(0))));
  B.SetInsertPoint(Here);
}

CGV FunctionCodegen::emitBlock(ast::Block *Bl) {
  if (!Bl->Functions.empty())
    B.CreateCall(rtFn("rt_bindBlockFunctions", Type::getVoidTy(Ctx), {Ptr, Ptr}),
                 {cptr(Bl), framePtr()});
  CGV Last = nil();
  Path.push_back({Bl, -1});
  // An OSR unit enters at its loop: the statements of the function's body
  // before the one holding the loop never run in it (they ran in Tier 0),
  // so they are not generated. matmul's main called `make` twice there:
  // its inlined copy was optimized before LLVM found it dead.
  size_t First = 0;
  if (OsrLoop && Bl == Fn->Body)
    for (size_t I = 0; I < Bl->Stmts.size(); ++I) {
      bool Holds = false;
      ast::forEachExpr(Bl->Stmts[I], [&](ast::Expr *E) { Holds |= E == OsrLoop; });
      if (Holds) {
        First = I;
        break;
      }
    }
  for (size_t I = First; I < Bl->Stmts.size(); ++I) {
    Path.back().Index = static_cast<int32_t>(I);
    Last = emit(Bl->Stmts[I]);
    if (!Failure.empty())
      break;
  }
  Path.pop_back();
  return Failure.empty() ? Last : nil();
}

llvm::Value *FunctionCodegen::varPtr(ast::Ident *I) {
  switch (I->VK) {
  case VarKind::Local:
    return slotPtr(I->Index);
  case VarKind::LocalCell: {
    CGV Cell = loadValue(slotPtr(I->Index));
    return B.CreateIntToPtr(Cell.Pay, Ptr);
  }
  case VarKind::Capture: {
    llvm::Value *CellPP = B.CreateInBoundsGEP(Ptr, Captures, c64(static_cast<uint64_t>(I->Index)));
    return B.CreateLoad(Ptr, CellPP);
  }
  case VarKind::Global:
    return cptr(GlobalsArray + I->Index);
  default:
    return nullptr;
  }
}

CGV FunctionCodegen::emitIdent(ast::Ident *I) {
  switch (I->VK) {
  case VarKind::Local:
    return loadLocal(I->Index);
  case VarKind::LocalCell:
  case VarKind::Capture:
    return loadValue(varPtr(I));
  case VarKind::Global: {
    CGV V = loadValue(varPtr(I));
    BasicBlock *Bad = block("undef.var"), *Ok = block("var.ok");
    B.CreateCondBr(isTag(V, KUndef), Bad, Ok);
    B.SetInsertPoint(Bad);
    B.CreateCall(rtFn("rt_undefinedVariable", Type::getVoidTy(Ctx), {Ptr}, true), {cptr(I)});
    B.CreateUnreachable();
    B.SetInsertPoint(Ok);
    return V;
  }
  case VarKind::Function:
    return cgv(KFunc, c64(reinterpret_cast<uintptr_t>(I->Fn->Value)));
  default:
    return emitFallback(I);
  }
}

void FunctionCodegen::storeVar(ast::Ident *I, CGV V) {
  if (I->VK == VarKind::Local) {
    storeLocal(I->Index, V);
    return;
  }
  if (llvm::Value *P = varPtr(I)) {
    storeValue(P, V);
    return;
  }
  Failure = "assignment to a name that is not a variable";
}

void FunctionCodegen::storePattern(ast::Pattern *Pat, CGV V, SiteId Site) {
  if (Pat->K == PatternKind::Binding) {
    switch (Pat->VK) {
    case VarKind::Local:
      storeLocal(Pat->Slot, V);
      return;
    case VarKind::LocalCell: {
      llvm::Value *Cell = B.CreateCall(rtFn("rt_newCellFor", Ptr, {I64, I64}), {V.Tag, V.Pay});
      storeValue(slotPtr(Pat->Slot), cgv(KUndef, B.CreatePtrToInt(Cell, I64)));
      return;
    }
    case VarKind::Global:
      storeValue(cptr(GlobalsArray + Pat->Slot), V);
      if (Pat->AliasSlot >= 0)
        storeValue(cptr(GlobalsArray + Pat->AliasSlot), V);
      return;
    default:
      break;
    }
  }
  B.CreateCall(rtFn("rt_bindPattern", Type::getVoidTy(Ctx), {Ptr, I64, I64, Ptr, I32}),
               {cptr(Pat), V.Tag, V.Pay, framePtr(), c32(Site)});
}

CGV FunctionCodegen::emitLet(ast::Let *L) {
  CGV V = L->Init ? emit(L->Init) : nil();
  CurStore = L;
  storePattern(L->Pat, V, L->Site);
  CurStore = nullptr;
  return nil();
}

CGV FunctionCodegen::emitFallback(ast::Expr *E) {
  if (Spec) {
    // The interpreter would read and write the frame's slots, where typed
    // locals are not kept. Only error paths come here.
    Failure = fmt::format("construct at line {} raises in Tier 0; not specialized", E->Loc.Line);
    return nil();
  }
  if (containsControlFlow(E)) {
    Failure = fmt::format("break/continue/return inside an expression Tier 1 does not compile "
                          "(line {})",
                          E->Loc.Line);
    return nil();
  }
  return callValueFn("rt_evalFallback", {Ptr, Ptr}, {cptr(E), framePtr()});
}

bool FunctionCodegen::foldedValue(const ast::Expr *E, CGV &Out) {
  switch (E->K) {
  case ExprKind::Unary:
  case ExprKind::Binary:
  case ExprKind::Cast:
  case ExprKind::Logical:
    break;
  default:
    return false; // literals are already values; nothing else is constant
  }
  ruchy::Value V;
  if (!constantValue(E, V, &NotConstant))
    return false;
  switch (V.K) {
  case Kind::Int: Out = cgv(KInt, c64(static_cast<uint64_t>(V.I))); break;
  case Kind::Float: {
    uint64_t Bits;
    std::memcpy(&Bits, &V.F, sizeof(Bits));
    Out = cgv(KFloat, c64(Bits));
    break;
  }
  case Kind::Bool: Out = cgv(KBool, c64(V.B ? 1 : 0)); break;
  default: Out = nil(); break;
  }
  ++AstFolded;
  return true;
}

bool FunctionCodegen::constantCondition(const ast::Expr *Cond, bool &Truthy) {
  ruchy::Value V;
  if (!(AstPasses & JitAstDce) || !constantValue(Cond, V, &NotConstant))
    return false;
  Truthy = V.truthy();
  return true;
}

CGV FunctionCodegen::emit(ast::Expr *E) {
  if (!Failure.empty())
    return nil();
  CGV Folded;
  if ((AstPasses & JitAstFold) && foldedValue(E, Folded))
    return Folded;
  switch (E->K) {
  case ExprKind::IntLit:
    return cgv(KInt, c64(static_cast<uint64_t>(static_cast<ast::IntLit *>(E)->V)));
  case ExprKind::FloatLit: {
    double D = static_cast<ast::FloatLit *>(E)->V;
    uint64_t Bits;
    std::memcpy(&Bits, &D, sizeof(Bits));
    return cgv(KFloat, c64(Bits));
  }
  case ExprKind::StrLit:
    return cgv(KStr, c64(reinterpret_cast<uintptr_t>(static_cast<ast::StrLit *>(E)->Interned)));
  case ExprKind::BoolLit:
    return cgv(KBool, c64(static_cast<ast::BoolLit *>(E)->V ? 1 : 0));
  case ExprKind::NilLit:
  case ExprKind::Item:
    return nil();
  case ExprKind::Ident:
    return emitIdent(static_cast<ast::Ident *>(E));
  case ExprKind::Unary:
    return emitUnary(static_cast<ast::Unary *>(E));
  case ExprKind::Binary: {
    auto *Bn = static_cast<ast::Binary *>(E);
    CGV L = emit(Bn->L);
    CGV R = emit(Bn->R);
    return emitBinaryOp(Bn->Op, L, R, Bn->Site);
  }
  case ExprKind::Logical:
    return emitLogical(static_cast<ast::Logical *>(E));
  case ExprKind::Assign:
    return emitAssign(static_cast<ast::Assign *>(E));
  case ExprKind::Call:
    return emitCall(static_cast<ast::Call *>(E));
  case ExprKind::MethodCall:
    return emitMethodCall(static_cast<ast::MethodCall *>(E));
  case ExprKind::Field: {
    auto *Fd = static_cast<ast::Field *>(E);
    CGV Obj = emit(Fd->Obj);
    return loadValue(emitFieldPtr(Fd, Obj));
  }
  case ExprKind::Index: {
    auto *Ix = static_cast<ast::Index *>(E);
    CGV Obj = emit(Ix->Obj);
    CGV Idx = emit(Ix->Idx);
    if (Spec) {
      auto It = Spec->SpeculatedLoads.find(Ix);
      if (It != Spec->SpeculatedLoads.end()) {
        if (knownArrayIndex(Obj, Idx) && std::has_single_bit(static_cast<unsigned>(Ix->ElemKinds)))
          if (CGV V; emitSpeculatedElementRead(Ix, Obj, Idx, It->second, V))
            return V;
        CGV V = emitIndexGet(Obj, Idx, Ix->Site);
        if (constKind(V) != static_cast<int64_t>(It->second))
          deoptUnlessAtStatement(isTag(V, static_cast<uint64_t>(It->second)), Ix, V, It->second);
        V.Tag = c64(static_cast<uint64_t>(It->second));
        return V;
      }
    }
    return emitIndexGet(Obj, Idx, Ix->Site);
  }
  case ExprKind::Block: {
    CGV V = emitBlock(static_cast<ast::Block *>(E));
    return V;
  }
  case ExprKind::If:
    return emitIf(static_cast<ast::If *>(E));
  case ExprKind::While:
    return emitWhile(static_cast<ast::While *>(E));
  case ExprKind::Loop:
    return emitLoop(static_cast<ast::Loop *>(E));
  case ExprKind::For:
    return emitFor(static_cast<ast::For *>(E));
  case ExprKind::Break: {
    auto *Br = static_cast<ast::Break *>(E);
    CGV V = Br->Val ? emit(Br->Val) : nil();
    LoopCtx *LC = findLoop(Br->Target);
    if (!LC) {
      Failure = "break target not found";
      return nil();
    }
    storeValue(LC->Result, V);
    B.CreateBr(LC->Exit);
    startDeadBlock();
    return nil();
  }
  case ExprKind::Continue: {
    LoopCtx *LC = findLoop(static_cast<ast::Continue *>(E)->Target);
    if (!LC) {
      Failure = "continue target not found";
      return nil();
    }
    B.CreateBr(LC->Continue);
    startDeadBlock();
    return nil();
  }
  case ExprKind::Return: {
    auto *R = static_cast<ast::Return *>(E);
    CGV V = R->Val ? emit(R->Val) : nil();
    emitReturn(V);
    startDeadBlock();
    return nil();
  }
  case ExprKind::Match:
    return emitMatch(static_cast<ast::Match *>(E));
  case ExprKind::Closure:
    return callValueFn("rt_makeClosure", {Ptr, Ptr},
                       {cptr(static_cast<ast::ClosureExpr *>(E)->Fn), framePtr()});
  case ExprKind::Let:
    return emitLet(static_cast<ast::Let *>(E));
  case ExprKind::StructLit: {
    auto *S = static_cast<ast::StructLit *>(E);
    if (!S->Decl)
      return emitFallback(E);
    bool Failed = false;
    llvm::Value *Vals = emitArgs(S->FieldVals, 0, Failed);
    return callValueFn("rt_buildStruct", {Ptr, Ptr}, {cptr(S), Vals});
  }
  case ExprKind::FString: {
    auto *S = static_cast<ast::FString *>(E);
    std::vector<ast::Expr *> Holes;
    for (ast::FormatPiece &Pc : S->Pieces)
      if (Pc.Hole)
        Holes.push_back(Pc.Arg);
    bool Failed = false;
    llvm::Value *Vals = emitArgs(Holes, 0, Failed);
    return callValueFn("rt_fstring", {Ptr, Ptr}, {cptr(S), Vals});
  }
  case ExprKind::Macro:
    return emitMacro(static_cast<ast::Macro *>(E));
  case ExprKind::Path: {
    auto *Pa = static_cast<ast::Path *>(E);
    if (Pa->Fn)
      return cgv(KFunc, c64(reinterpret_cast<uintptr_t>(Pa->Fn->Value)));
    return emitFallback(E); // raises "Undefined variable"
  }
  case ExprKind::RangeExpr: {
    auto *R = static_cast<ast::RangeExpr *>(E);
    CGV Lo = R->Lo ? emit(R->Lo) : cgv(KInt, c64(0));
    CGV Hi = R->Hi ? emit(R->Hi) : cgv(KInt, c64(static_cast<uint64_t>(INT64_MAX)));
    return callValueFn("rt_range", {Ptr, I64, I64, I64, I64},
                       {cptr(R), Lo.Tag, Lo.Pay, Hi.Tag, Hi.Pay});
  }
  case ExprKind::TupleIndex: {
    auto *T = static_cast<ast::TupleIndex *>(E);
    CGV V = emit(T->Obj);
    return callValueFn("rt_tupleField", {Ptr, I64, I64}, {cptr(T), V.Tag, V.Pay});
  }
  case ExprKind::Cast:
    return emitCast(static_cast<ast::Cast *>(E));
  case ExprKind::ArrayLit:
  case ExprKind::TupleLit: {
    const auto &Elems = E->K == ExprKind::ArrayLit ? static_cast<ast::ArrayLit *>(E)->Elems
                                                    : static_cast<ast::TupleLit *>(E)->Elems;
    bool Failed = false;
    llvm::Value *Vals = emitArgs(Elems, 0, Failed);
    return callValueFn(E->K == ExprKind::ArrayLit ? "rt_arrayLit" : "rt_tupleLit", {Ptr, I64},
                       {Vals, c64(Elems.size())});
  }
  case ExprKind::ArrayRepeat: {
    auto *A = static_cast<ast::ArrayRepeat *>(E);
    CGV V = emit(A->Elem);
    CGV N = emit(A->Count);
    return callValueFn("rt_arrayRepeat", {Ptr, I64, I64, I64, I64},
                       {cptr(A), V.Tag, V.Pay, N.Tag, N.Pay});
  }
  case ExprKind::MapLit: {
    // Pair by pair, as Tier 0 does: an insert that raises comes before the
    // next pair is evaluated.
    auto *Ml = static_cast<ast::MapLit *>(E);
    CGV Map = callValueFn("rt_newMapValue", {}, {});
    AllocaInst *Keep = resultSlot(); // the map stays visible to the GC
    storeValue(Keep, Map);
    for (size_t I = 0; I < Ml->Keys.size(); ++I) {
      CGV K = emit(Ml->Keys[I]);
      CGV V = emit(Ml->Vals[I]);
      B.CreateCall(rtFn("rt_mapInsert", Type::getVoidTy(Ctx), {I64, I64, I64, I64, I64, I32}),
                   {Map.Pay, K.Tag, K.Pay, V.Tag, V.Pay, c32(Ml->Keys[I]->Site)});
    }
    return loadValue(Keep);
  }
  default:
    return emitFallback(E);
  }
}

CGV FunctionCodegen::emitMacro(ast::Macro *Mc) {
  bool Failed = false;
  llvm::Value *Args = emitArgs(Mc->Args, 0, Failed);
  std::vector<ast::Expr *> Holes;
  size_t NH = macroInlineHoles(Mc);
  for (ast::FormatPiece &Pc : Mc->Pieces)
    if (Holes.size() < NH && Pc.Hole && Pc.Arg)
      Holes.push_back(Pc.Arg);
  llvm::Value *HoleVals = emitArgs(Holes, 0, Failed);
  return callValueFn("rt_macro", {Ptr, Ptr, I64, Ptr},
                     {cptr(Mc), Args, c64(Mc->Args.size()), HoleVals});
}

// `i as f64` is the common cast in numeric code: converted inline.
CGV FunctionCodegen::emitCast(ast::Cast *C) {
  CGV V = emit(C->Operand);
  if (C->CK == ast::CastKind::Identity)
    return V;
  if (C->CK != ast::CastKind::ToFloat)
    return callValueFn("rt_cast", {Ptr, I64, I64}, {cptr(C), V.Tag, V.Pay});
  AllocaInst *Res = resultSlot();
  BasicBlock *Fast = block("cast.int"), *Slow = block("cast.slow"), *Done = block("cast.done");
  B.CreateCondBr(isTag(V, KInt), Fast, Slow);
  B.SetInsertPoint(Fast);
  storeValue(Res, cgv(KFloat, B.CreateBitCast(B.CreateSIToFP(V.Pay, B.getDoubleTy()), I64)));
  B.CreateBr(Done);
  B.SetInsertPoint(Slow);
  storeValue(Res, callValueFn("rt_cast", {Ptr, I64, I64}, {cptr(C), V.Tag, V.Pay}));
  B.CreateBr(Done);
  B.SetInsertPoint(Done);
  return loadValue(Res);
}

ruchy::jit::Tier1Module ruchy::jit::generateTier2(ast::FunctionDecl *Fn, const Tier2Request &Req,
                                      const std::string &Name, ruchy::Value *Globals,
                                      ast::LoopExpr *OsrLoop) {
  Tier1Module Out;
  Out.Ctx = std::make_unique<LLVMContext>();
  Out.M = std::make_unique<Module>(Name, *Out.Ctx);
  Out.EntryName = OsrLoop ? Name : Name + ".entry";
  Function *Pure = OsrLoop ? nullptr
                           : emitPureVariant(*Out.M, Fn, Req, Name + ".pure", Globals, Out.PureFailure);
  // Beside a pure variant, the specialization runs only after a bail: its
  // recursion is not unrolled.
  Tier2Request CheckedReq;
  if (Pure) {
    CheckedReq = Req;
    CheckedReq.RecursionUnroll = 0;
  }
  FunctionCodegen G(*Out.Ctx, *Out.M, Fn, OsrLoop, Globals, Pure ? &CheckedReq : &Req);
  G.setAstPasses(Req.AstPasses);
  Function *Raw = G.generate(Pure ? Name + ".checked" : Name);
  // (The AST passes' counts are the checked code's; a pure variant folds
  // the same expressions again.)
  Out.AstFolded = G.astFolded();
  Out.AstPruned = G.astPruned();
  if (!Raw) {
    Out.Failure = G.Failure.empty() ? "code generation failed" : G.Failure;
    return Out;
  }
  if (OsrLoop)
    return Out;
  if (Pure) {
    Raw = emitPureEntry(*Out.M, Pure, Raw, Name);
    Out.HasPureVariant = true;
  }
  // The entry every caller without static kinds uses (interpreter, Tier 1
  // code, the method cache): Tier 1's calling convention, unpacked.
  LLVMContext &C = *Out.Ctx;
  Type *I64 = Type::getInt64Ty(C);
  PointerType *Ptr = PointerType::getUnqual(C);
  StructType *ValTy = StructType::get(C, {I64, I64});
  Function *Entry = Function::Create(FunctionType::get(ValTy, {Ptr, Ptr}, false),
                                     Function::ExternalLinkage, Out.EntryName, *Out.M);
  Entry->addFnAttr("frame-pointer", "all");
  IRBuilder<> B(BasicBlock::Create(C, "entry", Entry));
  // The depth goes from CallStack's global into the register convention
  // and back: the caller reads the global again after the call.
  llvm::Value *DepthP = B.CreateIntToPtr(B.getInt64(reinterpret_cast<uintptr_t>(CallStack::depthAddress())), Ptr);
  llvm::Value *Depth = B.CreateLoad(B.getInt32Ty(), DepthP, "depth");
  std::vector<llvm::Value *> Ops{Entry->getArg(1), Depth};
  for (size_t I = 0; I < Fn->Params.size(); ++I)
    Ops.push_back(B.CreateLoad(I64, B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Entry->getArg(0),
                                                                  16 * I + 8)));
  llvm::Value *R = B.CreateCall(Raw, Ops);
  B.CreateStore(Depth, DepthP);
  B.CreateRet(R);
  return Out;
}

ruchy::jit::Tier1Module ruchy::jit::generateTier1(ast::FunctionDecl *Fn, ast::LoopExpr *OsrLoop,
                                      const std::string &EntryName, ruchy::Value *Globals,
                                      unsigned AstPasses) {
  Tier1Module Out;
  Out.Ctx = std::make_unique<LLVMContext>();
  Out.M = std::make_unique<Module>(EntryName, *Out.Ctx);
  Out.EntryName = EntryName;
  FunctionCodegen G(*Out.Ctx, *Out.M, Fn, OsrLoop, Globals);
  G.setAstPasses(AstPasses);
  if (!G.generate(EntryName))
    Out.Failure = G.Failure.empty() ? "code generation failed" : G.Failure;
  Out.AstFolded = G.astFolded();
  Out.AstPruned = G.astPruned();
  return Out;
}
