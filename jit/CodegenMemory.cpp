//===- jit/CodegenMemory.cpp - Struct fields and array elements in IR ---*- C++ -*-===//
//
// Field access through the site's inline cache, array reads and writes with
// bounds checks on the runtime's layouts, and Tier 2's element reads
// speculated on one layout.
//
//===----------------------------------------------------------------------===//
#include "jit/FunctionCodegen.h"

#include <bit>

using namespace ruchy::jit::codegen;

// Struct fields through the site's inline cache (the struct type last seen
// there and the field's index, kept up to date by the runtime): a hit is a
// compare and a load; a miss asks the runtime, which refills the cache.
// Struct layout (runtime/Object.h): the declaration pointer at 0, then one
// 16-byte Value per field.
llvm::Value *FunctionCodegen::emitFieldPtr(ast::Field *Fd, CGV Obj) {
  AllocaInst *Res = entryAlloca(Ptr, "fieldp");
  BasicBlock *Check = block("field.check"), *Hit = block("field.hit"), *Miss = block("field.miss"),
             *Done = block("field.done");
  B.CreateCondBr(isTag(Obj, static_cast<uint64_t>(Kind::Struct)), Check, Miss);
  B.SetInsertPoint(Check);
  llvm::Value *S = B.CreateIntToPtr(Obj.Pay, Ptr);
  llvm::Value *Decl = B.CreateLoad(Ptr, S);
  llvm::Value *Cached = B.CreateLoad(Ptr, cptr(&Fd->CachedDecl));
  B.CreateCondBr(B.CreateICmpEQ(Decl, Cached), Hit, Miss);
  B.SetInsertPoint(Hit);
  llvm::Value *Idx = B.CreateSExt(B.CreateLoad(I32, cptr(&Fd->CachedIndex)), I64);
  B.CreateStore(B.CreateInBoundsGEP(ValTy, B.CreateConstInBoundsGEP1_64(I8, S, 8), Idx), Res);
  B.CreateBr(Done);
  B.SetInsertPoint(Miss);
  B.CreateStore(B.CreateCall(rtFn("rt_fieldSlot", Ptr, {Ptr, I64, I64}), {cptr(Fd), Obj.Tag, Obj.Pay}),
                Res);
  B.CreateBr(Done);
  B.SetInsertPoint(Done);
  return B.CreateLoad(Ptr, Res);
}

// Array layout (runtime/Object.h): element kind (u8) at 0, length at 8,
// capacity at 16, data pointer at 24; Int and Float arrays hold raw 8-byte
// words, Mixed arrays 16-byte Values.
FunctionCodegen::ArrayAccess FunctionCodegen::arrayBoundsCheck(CGV Obj, CGV Idx, BasicBlock *InBounds, BasicBlock *Slow,
                                  BasicBlock *OutOfBounds) {
  if (!knownArrayIndex(Obj, Idx)) {
    BasicBlock *Check = block("idx.check");
    B.CreateCondBr(B.CreateAnd(isTag(Obj, static_cast<uint64_t>(Kind::Array)), isTag(Idx, KInt)),
                   Check, Slow);
    B.SetInsertPoint(Check);
  }
  llvm::Value *A = B.CreateIntToPtr(Obj.Pay, Ptr);
  llvm::Value *Len = loadHeader(I64, A, 8);
  // A negative index counts from the end (LANGUAGE.md §8).
  llvm::Value *J = B.CreateSelect(B.CreateICmpSLT(Idx.Pay, c64(0)), B.CreateAdd(Idx.Pay, Len),
                                  Idx.Pay);
  // The whole header is read here, before the branch, so that in a loop
  // over an array the loop does not write, LICM can hoist all of it (a load
  // after the bounds check is conditional, and not known to be safe).
  llvm::Value *EK = loadHeader(I8, A, 0);
  llvm::Value *Data = loadHeader(Ptr, A, 24);
  B.CreateCondBr(B.CreateICmpULT(J, Len), InBounds, OutOfBounds);
  return {A, J, EK, Data};
}

CGV FunctionCodegen::emitIndexGet(CGV Obj, CGV Idx, SiteId Site) {
  AllocaInst *Res = resultSlot();
  BasicBlock *InBounds = block("idx.in"), *Slow = block("idx.slow"), *Done = block("idx.done");
  // With the operands' kinds known, the slow path only raises: it does not
  // return into the loop, so loads of the array header stay hoistable.
  bool Raises = knownArrayIndex(Obj, Idx);
  auto [A, J, EK, Data] = arrayBoundsCheck(Obj, Idx, InBounds, Slow, Slow);
  B.SetInsertPoint(InBounds);
  BasicBlock *Words = block("idx.words"), *Bytes = block("idx.bools"), *Mixed = block("idx.mixed");
  SwitchInst *SW = B.CreateSwitch(EK, Words, 2);
  SW->addCase(B.getInt8(EKMixed), Mixed);
  SW->addCase(B.getInt8(EKBool), Bytes);
  B.SetInsertPoint(Words);
  llvm::Value *Word = loadWord(Data, J);
  storeValue(Res, {wordTag(B.CreateZExt(EK, I64)), Word});
  B.CreateBr(Done);
  B.SetInsertPoint(Bytes);
  storeValue(Res, cgv(KBool, loadByte(Data, J)));
  B.CreateBr(Done);
  B.SetInsertPoint(Mixed);
  storeValue(Res, loadValue(B.CreateInBoundsGEP(ValTy, Data, J)));
  B.CreateBr(Done);
  B.SetInsertPoint(Slow);
  if (Raises) {
    B.CreateCall(rtFn("rt_indexGet", ValTy, {I64, I64, I64, I64, I32}),
                 {Obj.Tag, Obj.Pay, Idx.Tag, Idx.Pay, c32(Site)})
        ->setDoesNotReturn();
    B.CreateUnreachable();
  } else {
    storeValue(Res, callValueFn("rt_indexGet", {I64, I64, I64, I64, I32},
                                {Obj.Tag, Obj.Pay, Idx.Tag, Idx.Pay, c32(Site)}));
    B.CreateBr(Done);
  }
  B.SetInsertPoint(Done);
  return loadValue(Res);
}

// An element read Tier 0 always saw on arrays of one layout, giving
// elements of kind Want, in a statement that can be resumed from its start:
// a guard on the layout (hoistable out of a loop that does not store into
// the array) and one load, or for a Mixed array a guard on the element's
// kind. False, emitting nothing, when the two feedbacks disagree.
bool FunctionCodegen::emitSpeculatedElementRead(ast::Index *Ix, CGV Obj, CGV Idx, Kind Want,
                                                CGV &Out) {
  auto EK = static_cast<ElemKind>(std::countr_zero(static_cast<unsigned>(Ix->ElemKinds)));
  if (EK != ElemKind::Mixed && wordKind(EK) != Want)
    return false;
  BasicBlock *InBounds = block("idx.in"), *OutOfBounds = block("idx.oob");
  auto [A, J, EKv, Data] = arrayBoundsCheck(Obj, Idx, InBounds, OutOfBounds, OutOfBounds);
  B.SetInsertPoint(OutOfBounds);
  B.CreateCall(rtFn("rt_indexGet", ValTy, {I64, I64, I64, I64, I32}),
               {Obj.Tag, Obj.Pay, Idx.Tag, Idx.Pay, c32(Ix->Site)})
      ->setDoesNotReturn();
  B.CreateUnreachable();
  B.SetInsertPoint(InBounds);
  deoptUnlessAtStatement(B.CreateICmpEQ(EKv, ConstantInt::get(I8, static_cast<uint64_t>(EK))), Ix,
                         nil(), Want);
  if (EK == ElemKind::Mixed) {
    CGV V = loadValue(B.CreateInBoundsGEP(ValTy, Data, J));
    deoptUnlessAtStatement(isTag(V, static_cast<uint64_t>(Want)), Ix, V, Want);
    Out = cgv(static_cast<uint64_t>(Want), V.Pay);
  } else {
    Out = cgv(static_cast<uint64_t>(Want),
              EK == ElemKind::Bool ? loadByte(Data, J) : loadWord(Data, J));
  }
  return true;
}

// `a[i] = v` speculating on the one layout Tier 0 stored into here: a
// bounds check that raises, a guard on the layout that resumes Tier 0 at the
// statement's start (its operands are pure), and the raw element. With no
// call left on the way, LLVM can keep the array's length and storage in
// registers across a loop of such stores (sieve's marking loop).
bool FunctionCodegen::emitSpeculatedElementWrite(ast::Index *Ix, CGV Obj, CGV Idx, CGV V) {
  auto It = Spec->SpeculatedStores.find(Ix);
  if (It == Spec->SpeculatedStores.end() || !knownArrayIndex(Obj, Idx))
    return false;
  ElemKind EK = It->second;
  Kind Holds = layoutKind(EK);
  if (constKind(V) != static_cast<int64_t>(Holds))
    return false;
  BasicBlock *InBounds = block("idxset.in"), *OutOfBounds = block("idxset.oob");
  auto [A, J, EKv, Data] = arrayBoundsCheck(Obj, Idx, InBounds, OutOfBounds, OutOfBounds);
  B.SetInsertPoint(OutOfBounds);
  B.CreateCall(rtFn("rt_indexSet", Type::getVoidTy(Ctx), {I64, I64, I64, I64, I64, I64, I32}),
               {Obj.Tag, Obj.Pay, Idx.Tag, Idx.Pay, V.Tag, V.Pay, c32(Ix->Site)})
      ->setDoesNotReturn();
  B.CreateUnreachable();
  B.SetInsertPoint(InBounds);
  deoptUnlessAtStatement(B.CreateICmpEQ(EKv, ConstantInt::get(I8, static_cast<uint64_t>(EK))), Ix,
                         nil(), Holds);
  if (EK == ElemKind::Bool)
    storeByte(boolByte(V), Data, J);
  else
    storeWord(V.Pay, Data, J);
  return true;
}

void FunctionCodegen::emitIndexSet(CGV Obj, CGV Idx, CGV V, SiteId Site) {
  BasicBlock *InBounds = block("idxset.in"), *Slow = block("idxset.slow"),
             *Done = block("idxset.done");
  // As in emitIndexGet: with known operand kinds a failed bounds check only
  // raises. Widening the array stays a call that returns.
  BasicBlock *OutOfBounds = Slow;
  if (knownArrayIndex(Obj, Idx)) {
    OutOfBounds = block("idxset.oob");
    IRBuilderBase::InsertPointGuard G(B);
    B.SetInsertPoint(OutOfBounds);
    B.CreateCall(rtFn("rt_indexSet", Type::getVoidTy(Ctx), {I64, I64, I64, I64, I64, I64, I32}),
                 {Obj.Tag, Obj.Pay, Idx.Tag, Idx.Pay, V.Tag, V.Pay, c32(Site)})
        ->setDoesNotReturn();
    B.CreateUnreachable();
  }
  auto [A, J, EK8, Data] = arrayBoundsCheck(Obj, Idx, InBounds, Slow, OutOfBounds);
  B.SetInsertPoint(InBounds);
  llvm::Value *EK = B.CreateZExt(EK8, I64);
  BasicBlock *Word = block("idxset.word"), *NotWord = block("idxset.notword"),
             *Byte = block("idxset.bool"), *NotBool = block("idxset.notbool"),
             *Mixed = block("idxset.mixed");
  // An Int or Float array takes a value of its own kind as a raw word, a
  // Bool array a Bool as a byte; anything else widens the array, which the
  // runtime does.
  B.CreateCondBr(isWordOfArray(V, EK), Word, NotWord);
  B.SetInsertPoint(Word);
  storeWord(V.Pay, Data, J);
  B.CreateBr(Done);
  B.SetInsertPoint(NotWord);
  B.CreateCondBr(isBoolOfArray(V, EK), Byte, NotBool);
  B.SetInsertPoint(Byte);
  storeByte(boolByte(V), Data, J);
  B.CreateBr(Done);
  B.SetInsertPoint(NotBool);
  B.CreateCondBr(B.CreateICmpEQ(EK, c64(EKMixed)), Mixed, Slow);
  B.SetInsertPoint(Mixed);
  storeValue(B.CreateInBoundsGEP(ValTy, Data, J), V);
  B.CreateBr(Done);
  B.SetInsertPoint(Slow);
  B.CreateCall(rtFn("rt_indexSet", Type::getVoidTy(Ctx), {I64, I64, I64, I64, I64, I64, I32}),
               {Obj.Tag, Obj.Pay, Idx.Tag, Idx.Pay, V.Tag, V.Pay, c32(Site)});
  B.CreateBr(Done);
  B.SetInsertPoint(Done);
}
