//===- jit/EngineWarmup.cpp - Compiling a throw-away unit at start -*- C++ -*-===//
//
// The first unit a process compiles pays for LLVM's cold start: the pass
// pipeline's and the code generator's code is paged in from the binary and
// their lazily built tables are made, about 5 ms on top of the unit's own
// time (docs/tiers.md). In --tier=auto the background compiler is idle until
// the first function gets hot, so it spends that time first, on a small
// unit shaped like Tier 2 code (a counted loop over raw words with checked
// Int arithmetic, Float work, a call, a switch), which it then frees. The
// program's first real compile, which the program is waiting on in Tier 0,
// then starts warm.
//
//===----------------------------------------------------------------------===//
#include "jit/Engine.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"

#include <chrono>

using namespace llvm;
using namespace ruchy::jit;

namespace {

/// `i64 ruchy.warmup(ptr a, i64 n)`: sums a[0..n) with overflow checks,
/// mixing in a Float accumulator, a switch and a call of a local function.
std::unique_ptr<Module> warmupModule(LLVMContext &Ctx) {
  auto M = std::make_unique<Module>("ruchy.warmup", Ctx);
  Type *I64 = Type::getInt64Ty(Ctx), *F64 = Type::getDoubleTy(Ctx);
  PointerType *Ptr = PointerType::getUnqual(Ctx);

  // The callee: not inlined, so the call sequence is generated too.
  Function *Mix = Function::Create(FunctionType::get(I64, {I64, I64}, false),
                                   Function::InternalLinkage, "ruchy.warmup.mix", *M);
  Mix->addFnAttr(Attribute::NoInline);
  {
    IRBuilder<> B(BasicBlock::Create(Ctx, "entry", Mix));
    Value *X = Mix->getArg(0), *Y = Mix->getArg(1);
    B.CreateRet(B.CreateXor(B.CreateMul(X, ConstantInt::get(I64, 31)), B.CreateLShr(Y, 3)));
  }

  Function *F = Function::Create(FunctionType::get(I64, {Ptr, I64}, false),
                                 Function::ExternalLinkage, "ruchy.warmup", *M);
  Value *A = F->getArg(0), *N = F->getArg(1);
  BasicBlock *Entry = BasicBlock::Create(Ctx, "entry", F);
  BasicBlock *Loop = BasicBlock::Create(Ctx, "loop", F);
  BasicBlock *Body = BasicBlock::Create(Ctx, "body", F);
  BasicBlock *Odd = BasicBlock::Create(Ctx, "odd", F);
  BasicBlock *Even = BasicBlock::Create(Ctx, "even", F);
  BasicBlock *Latch = BasicBlock::Create(Ctx, "latch", F);
  BasicBlock *Overflow = BasicBlock::Create(Ctx, "overflow", F);
  BasicBlock *Exit = BasicBlock::Create(Ctx, "exit", F);
  IRBuilder<> B(Entry);
  B.CreateBr(Loop);

  B.SetInsertPoint(Loop);
  PHINode *I = B.CreatePHI(I64, 2, "i");
  PHINode *Sum = B.CreatePHI(I64, 2, "sum");
  PHINode *Acc = B.CreatePHI(F64, 2, "acc");
  I->addIncoming(ConstantInt::get(I64, 0), Entry);
  Sum->addIncoming(ConstantInt::get(I64, 0), Entry);
  Acc->addIncoming(ConstantFP::get(F64, 0.0), Entry);
  B.CreateCondBr(B.CreateICmpSLT(I, N), Body, Exit);

  B.SetInsertPoint(Body);
  Value *V = B.CreateLoad(I64, B.CreateInBoundsGEP(I64, A, I));
  Value *Checked = B.CreateBinaryIntrinsic(Intrinsic::sadd_with_overflow, Sum, V);
  Value *NewSum = B.CreateExtractValue(Checked, 0);
  SwitchInst *SW = B.CreateSwitch(B.CreateAnd(V, ConstantInt::get(I64, 3)), Even, 2);
  SW->addCase(ConstantInt::get(Type::getInt64Ty(Ctx), 1), Odd);
  SW->addCase(ConstantInt::get(Type::getInt64Ty(Ctx), 3), Odd);

  B.SetInsertPoint(Odd);
  Value *Scaled = B.CreateFMul(B.CreateSIToFP(V, F64), ConstantFP::get(F64, 0.5));
  B.CreateBr(Latch);
  B.SetInsertPoint(Even);
  Value *Mixed = B.CreateSIToFP(B.CreateCall(Mix, {V, I}), F64);
  B.CreateBr(Latch);

  B.SetInsertPoint(Latch);
  PHINode *D = B.CreatePHI(F64, 2, "d");
  D->addIncoming(Scaled, Odd);
  D->addIncoming(Mixed, Even);
  Value *NewAcc = B.CreateFAdd(Acc, D);
  Value *Next = B.CreateAdd(I, ConstantInt::get(I64, 1), "", false, true);
  I->addIncoming(Next, Latch);
  Sum->addIncoming(NewSum, Latch);
  Acc->addIncoming(NewAcc, Latch);
  B.CreateCondBr(B.CreateExtractValue(Checked, 1), Overflow, Loop);

  B.SetInsertPoint(Overflow);
  B.CreateRet(ConstantInt::get(I64, -1));
  B.SetInsertPoint(Exit);
  B.CreateRet(B.CreateAdd(Sum, B.CreateFPToSI(Acc, I64)));
  return M;
}

} // namespace

Expected<double> Engine::warmUp(unsigned OptLevel) {
  auto Start = std::chrono::steady_clock::now();
  auto Ctx = std::make_unique<LLVMContext>();
  std::unique_ptr<Module> M = warmupModule(*Ctx);
  DumpRequest None;
  auto Unit = compile(std::move(M), std::move(Ctx), "ruchy.warmup", OptLevel, None,
                      /*Specialized=*/true);
  if (!Unit)
    return Unit.takeError();
  remove(Unit->Tracker);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
}
