//===- jit/CodegenControl.cpp - Control flow in IR -------------------*- C++ -*-===//
//
// if, while, loop, for (counted loops on a register in Tier 2) and match,
// with the OSR entries of loops.
//
//===----------------------------------------------------------------------===//
#include "jit/FunctionCodegen.h"

using namespace ruchy::jit::codegen;

CGV FunctionCodegen::emitIf(ast::If *I) {
  bool Truthy;
  if (constantCondition(I->Cond, Truthy)) {
    // (Tier 0 took the same branch every time: an OSR loop is never in
    // the other one.)
    ++AstPruned;
    return Truthy ? emitBlock(I->Then) : I->Else ? emit(I->Else) : nil();
  }
  CGV C = emit(I->Cond);
  AllocaInst *Res = resultSlot();
  BasicBlock *Then = block("if.then"), *Else = block("if.else"), *Done = block("if.done");
  B.CreateCondBr(truthy(C), Then, Else);
  // The kind of the result when every branch that ends here gives the same
  // constant kind (-2: none yet; -1: not one): it keeps flowing as a
  // constant, into a call of a specialization for one (a recursive call
  // whose argument is an `if` went through the runtime).
  int64_t Kind = -2;
  auto Arrive = [&](CGV V) {
    if (terminated())
      return;
    storeValue(Res, V);
    B.CreateBr(Done);
    int64_t K = constKind(V);
    Kind = Kind == -2 || Kind == K ? K : -1;
  };
  B.SetInsertPoint(Then);
  Arrive(emitBlock(I->Then));
  B.SetInsertPoint(Else);
  Arrive(I->Else ? emit(I->Else) : nil());
  B.SetInsertPoint(Done);
  CGV R = loadValue(Res);
  if (Kind >= 0)
    R.Tag = c64(static_cast<uint64_t>(Kind));
  return R;
}

CGV FunctionCodegen::emitWhile(ast::While *W) {
  bool Truthy;
  if (constantCondition(W->Cond, Truthy) && !Truthy) {
    ++AstPruned;
    return nil();
  }
  AllocaInst *Res = resultSlot();
  BasicBlock *Cond = block("while.cond"), *Body = block("while.body"),
             *ExitNil = block("while.end"), *Exit = block("while.exit");
  B.CreateBr(Cond);
  if (W == OsrLoop)
    OsrTarget = Cond;
  B.SetInsertPoint(Cond);
  CGV C = emit(W->Cond);
  B.CreateCondBr(truthy(C), Body, ExitNil);
  B.SetInsertPoint(Body);
  emitLoopBody(W, Cond, Exit, Res);
  B.SetInsertPoint(ExitNil);
  storeValue(Res, nil());
  B.CreateBr(Exit);
  B.SetInsertPoint(Exit);
  return loadValue(Res);
}

CGV FunctionCodegen::emitLoop(ast::Loop *L) {
  AllocaInst *Res = resultSlot();
  BasicBlock *Body = block("loop.body"), *Exit = block("loop.exit");
  B.CreateBr(Body);
  if (L == OsrLoop)
    OsrTarget = Body;
  B.SetInsertPoint(Body);
  emitLoopBody(L, Body, Exit, Res);
  B.SetInsertPoint(Exit);
  return loadValue(Res);
}

// A compiled `for` keeps its state in the loop's two hidden slots (the
// iterated value and the position), exactly where Tier 0 leaves them when
// it hands the loop over: a Range iterates its Int values inline, anything
// else goes through rt_forLength/rt_forElement, re-reading the length every
// iteration as Tier 0 does.
// Tier 2's `for i in lo..hi` with Int bounds: a counted loop on a register.
// No range object is made (nothing can observe it) and the position stays
// out of the frame: an OSR entry takes it from the loop's hidden slots and
// a deopt puts it back there.
CGV FunctionCodegen::emitCountedFor(ast::For *L, llvm::Value *Lo, llvm::Value *Hi, bool Inclusive) {
  AllocaInst *Res = resultSlot();
  AllocaInst *Idx = entryAlloca(I64, "for.i");
  AllocaInst *HiA = entryAlloca(I64, "for.hi");
  {
    // Defined from the start: a deopt spills every counted loop's state.
    IRBuilder<> EB(EntryBB);
    EB.CreateStore(c64(0), Idx);
    EB.CreateStore(c64(0), HiA);
  }
  Counted[L] = {Idx, HiA, llvm::dyn_cast<llvm::ConstantInt>(Lo)};
  BasicBlock *Body = block("for.body"), *Latch = block("for.latch"),
             *ExitNil = block("for.end"), *Exit = block("for.exit");
  B.CreateStore(Lo, Idx);
  B.CreateStore(Hi, HiA);
  B.CreateCondBr(Inclusive ? B.CreateICmpSGT(Lo, Hi) : B.CreateICmpSGE(Lo, Hi), ExitNil, Body);
  B.SetInsertPoint(Body);
  storePattern(L->Pat, cgv(KInt, B.CreateLoad(I64, Idx)), L->Site);
  emitLoopBody(L, Latch, Exit, Res);
  // The step: the next position, or the exit. Emitted at the latch and, in
  // an OSR unit, once more as the entry (see osrStepEntry).
  auto Step = [&](BasicBlock *At) {
    B.SetInsertPoint(At);
    BasicBlock *NextBB = block("for.next");
    llvm::Value *P = B.CreateLoad(I64, Idx);
    llvm::Value *H = B.CreateLoad(I64, HiA);
    // Inclusive ranges stop at hi itself, so hi = Int max does not overflow.
    // The position stays within lo..=hi, so where the loop goes on P < hi
    // and P + 1 cannot wrap (nsw: what lets LLVM bound the position).
    llvm::Value *Done = Inclusive ? B.CreateICmpEQ(P, H)
                                  : B.CreateICmpSGE(B.CreateAdd(P, c64(1), "", false, true), H);
    B.CreateCondBr(Done, ExitNil, NextBB);
    B.SetInsertPoint(NextBB);
    B.CreateStore(B.CreateAdd(P, c64(1), "", false, true), Idx);
    B.CreateBr(Body);
  };
  return finishFor(L, Step, Latch, ExitNil, Exit, Res);
}

// The length a `for` loop iterates to, re-read every iteration: an array's
// inline, anything else's through the runtime (which rejects what cannot be
// iterated).
llvm::Value *FunctionCodegen::emitForLength(CGV It, SiteId Site) {
  BasicBlock *Arr = block("for.array.len"), *Other = block("for.other.len"),
             *Done = block("for.len");
  B.CreateCondBr(isTag(It, static_cast<uint64_t>(Kind::Array)), Arr, Other);
  B.SetInsertPoint(Arr);
  llvm::Value *ArrLen =
      B.CreateLoad(I64, B.CreateConstInBoundsGEP1_64(I8, B.CreateIntToPtr(It.Pay, Ptr), 8));
  B.CreateBr(Done);
  B.SetInsertPoint(Other);
  llvm::Value *OtherLen =
      B.CreateCall(rtFn("rt_forLength", I64, {I64, I64, I32}), {It.Tag, It.Pay, c32(Site)});
  B.CreateBr(Done);
  B.SetInsertPoint(Done);
  PHINode *N = B.CreatePHI(I64, 2, "for.n");
  N->addIncoming(ArrLen, Arr);
  N->addIncoming(OtherLen, Other);
  return N;
}

CGV FunctionCodegen::emitFor(ast::For *L) {
  if (Spec && L->Iterable->K == ExprKind::RangeExpr) {
    auto *R = static_cast<ast::RangeExpr *>(L->Iterable);
    CGV Lo = R->Lo ? emit(R->Lo) : cgv(KInt, c64(0));
    CGV Hi = R->Hi ? emit(R->Hi) : cgv(KInt, c64(static_cast<uint64_t>(INT64_MAX)));
    // A range of anything but Ints raises when it is made, so one test
    // before the loop is all the counted loop needs.
    if (constKind(Lo) != static_cast<int64_t>(KInt) || constKind(Hi) != static_cast<int64_t>(KInt)) {
      BasicBlock *Bad = block("range.raise"), *Ok = block("range.ok");
      B.CreateCondBr(B.CreateAnd(isTag(Lo, KInt), isTag(Hi, KInt)), Ok, Bad);
      B.SetInsertPoint(Bad);
      callValueFn("rt_range", {Ptr, I64, I64, I64, I64}, {cptr(R), Lo.Tag, Lo.Pay, Hi.Tag, Hi.Pay});
      B.CreateUnreachable();
      B.SetInsertPoint(Ok);
    }
    return emitCountedFor(L, Lo.Pay, Hi.Pay, R->Hi && R->Inclusive);
  }
  AllocaInst *Res = resultSlot();
  llvm::Value *ItSlot = slotPtr(L->IterSlot), *IdxSlot = slotPtr(L->IndexSlot);
  BasicBlock *RangeInit = block("for.range.init"), *GenInit = block("for.gen.init"),
             *Body = block("for.body"), *Latch = block("for.latch"),
             *ExitNil = block("for.end"), *Exit = block("for.exit");
  SiteId ItSite = L->Iterable->Site;

  CGV It = emit(L->Iterable);
  storeValue(ItSlot, It);
  B.CreateCondBr(isTag(It, KRange), RangeInit, GenInit);

  auto RangeFields = [&](CGV R) {
    llvm::Value *P = B.CreateIntToPtr(R.Pay, Ptr);
    llvm::Value *Lo = B.CreateLoad(I64, P);
    llvm::Value *Hi = B.CreateLoad(I64, B.CreateConstInBoundsGEP1_64(I8, P, 8));
    llvm::Value *Incl =
        B.CreateICmpNE(B.CreateLoad(I8, B.CreateConstInBoundsGEP1_64(I8, P, 16)), ConstantInt::get(I8, 0));
    return std::make_tuple(Lo, Hi, Incl);
  };

  B.SetInsertPoint(RangeInit);
  {
    auto [Lo, Hi, Incl] = RangeFields(It);
    llvm::Value *Empty = B.CreateSelect(Incl, B.CreateICmpSGT(Lo, Hi), B.CreateICmpSGE(Lo, Hi));
    storeValue(IdxSlot, cgv(KInt, Lo));
    B.CreateCondBr(Empty, ExitNil, Body);
  }

  B.SetInsertPoint(GenInit);
  {
    llvm::Value *N = emitForLength(It, ItSite);
    storeValue(IdxSlot, cgv(KInt, c64(0)));
    B.CreateCondBr(B.CreateICmpSLE(N, c64(0)), ExitNil, Body);
  }

  B.SetInsertPoint(Body);
  {
    CGV Cur = loadValue(ItSlot);
    llvm::Value *P = loadValue(IdxSlot).Pay;
    BasicBlock *RangeElem = block("for.range.elem"), *GenElem = block("for.gen.elem"),
               *Bind = block("for.bind");
    AllocaInst *Elem = entryAlloca(ValTy, "elem");
    B.CreateCondBr(isTag(Cur, KRange), RangeElem, GenElem);
    B.SetInsertPoint(RangeElem);
    storeValue(Elem, cgv(KInt, P));
    B.CreateBr(Bind);
    B.SetInsertPoint(GenElem);
    BasicBlock *ArrElem = block("for.array.elem"), *OtherElem = block("for.other.elem");
    B.CreateCondBr(isTag(Cur, static_cast<uint64_t>(Kind::Array)), ArrElem, OtherElem);
    B.SetInsertPoint(ArrElem);
    storeValue(Elem, emitIndexGet(Cur, cgv(KInt, P), ItSite));
    B.CreateBr(Bind);
    B.SetInsertPoint(OtherElem);
    storeValue(Elem, callValueFn("rt_forElement", {I64, I64, I64}, {Cur.Tag, Cur.Pay, P}));
    B.CreateBr(Bind);
    B.SetInsertPoint(Bind);
    CurStore = L;
    storePattern(L->Pat, loadValue(Elem), L->Site);
    CurStore = nullptr;
    emitLoopBody(L, Latch, Exit, Res);
  }

  auto Step = [&](BasicBlock *At) {
    B.SetInsertPoint(At);
    BasicBlock *RangeStep = block("for.range.step"), *GenStep = block("for.gen.step");
    CGV Cur = loadValue(ItSlot);
    B.CreateCondBr(isTag(Cur, KRange), RangeStep, GenStep);
    B.SetInsertPoint(RangeStep);
    llvm::Value *P = loadValue(IdxSlot).Pay;
    auto [Lo, Hi, Incl] = RangeFields(Cur);
    (void)Lo;
    llvm::Value *Next = B.CreateAdd(P, c64(1));
    llvm::Value *Done = B.CreateSelect(Incl, B.CreateICmpEQ(P, Hi), B.CreateICmpSGE(Next, Hi));
    BasicBlock *RangeNext = block("for.range.next");
    B.CreateCondBr(Done, ExitNil, RangeNext);
    B.SetInsertPoint(RangeNext);
    storeValue(IdxSlot, cgv(KInt, Next));
    B.CreateBr(Body);

    B.SetInsertPoint(GenStep);
    llvm::Value *GP = loadValue(IdxSlot).Pay;
    llvm::Value *GNext = B.CreateAdd(GP, c64(1));
    llvm::Value *N = emitForLength(Cur, ItSite);
    BasicBlock *GenNext = block("for.gen.next");
    B.CreateCondBr(B.CreateICmpSGE(GNext, N), ExitNil, GenNext);
    B.SetInsertPoint(GenNext);
    storeValue(IdxSlot, cgv(KInt, GNext));
    B.CreateBr(Body);
  };
  return finishFor(L, Step, Latch, ExitNil, Exit, Res);
}

CGV FunctionCodegen::emitMatch(ast::Match *Mt) {
  CGV S = emit(Mt->Scrutinee);
  AllocaInst *Res = resultSlot();
  BasicBlock *Done = block("match.done");
  for (ast::MatchArm &Arm : Mt->Arms) {
    BasicBlock *Next = block("match.next");
    BasicBlock *BodyBB = block("match.arm");
    ast::Pattern *Pat = Arm.Pat;
    if (Pat->K == PatternKind::Wildcard) {
      B.CreateBr(BodyBB);
    } else if (Pat->K == PatternKind::Binding && Pat->VK == VarKind::Local) {
      storeLocal(Pat->Slot, S);
      B.CreateBr(BodyBB);
    } else {
      llvm::Value *M = B.CreateCall(rtFn("rt_matchPattern", I64, {Ptr, I64, I64, Ptr}),
                                    {cptr(Pat), S.Tag, S.Pay, framePtr()});
      B.CreateCondBr(B.CreateICmpNE(M, c64(0)), BodyBB, Next);
    }
    B.SetInsertPoint(BodyBB);
    if (Arm.Guard) {
      CGV G = emit(Arm.Guard);
      BasicBlock *Take = block("match.take");
      B.CreateCondBr(truthy(G), Take, Next);
      B.SetInsertPoint(Take);
    }
    CGV V = emit(Arm.Body);
    if (!terminated()) {
      storeValue(Res, V);
      B.CreateBr(Done);
    }
    B.SetInsertPoint(Next);
  }
  B.CreateCall(rtFn("rt_noMatch", Type::getVoidTy(Ctx), {I32}, true), {c32(Mt->Site)});
  B.CreateUnreachable();
  B.SetInsertPoint(Done);
  return loadValue(Res);
}
