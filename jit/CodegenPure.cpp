//===- jit/CodegenPure.cpp - Pure variants of Tier 2 specializations -*- C++ -*-===//
//
// A recursive function that only computes on Int, Float and Bool values
// gives the same result for the same arguments and does nothing else. Its
// specialization's IR does not say so: every call writes a call-stack entry
// and every failure calls into the runtime to raise. So beside it Tier 2
// emits a pure variant (FunctionCodegen in pure mode): no call-stack
// entries, no counts, and every failure (overflow, division by zero, the
// call depth or the native stack running out, an interrupt) returns a bail
// marker that each caller passes on. The variant is checked instruction by
// instruction to touch no memory but its own frame (verifyPure) and then
// marked as such, which lets LLVM treat two calls with equal arguments as
// one: fib's unrolled level calls fib(n-3) twice.
//
// The specialization's name then belongs to a small entry that calls the
// pure variant and, when it bails, runs the call again from its start in
// the checked code (renamed NAME.checked), which raises exactly as before,
// with its call-stack entries. Running it again is unobservable: the pure
// variant did nothing but compute. The checked code's own recursive calls
// stay checked, so a failure deep in a recursion costs one rerun, not one
// per level. A runtime error ends the program, so that happens once.
//
//===----------------------------------------------------------------------===//
#include "jit/FunctionCodegen.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace ruchy::jit::codegen;

namespace {

bool isScalar(ruchy::Kind K) {
  return K == ruchy::Kind::Int || K == ruchy::Kind::Float || K == ruchy::Kind::Bool;
}

/// The pure functions of M: a variant and the copies it made.
std::vector<Function *> pureFunctions(Module &M) {
  std::vector<Function *> Pure;
  for (Function &F : M)
    if (F.hasFnAttribute(PureAttr))
      Pure.push_back(&F);
  return Pure;
}

bool isLocal(const llvm::Value *P) { return isa<AllocaInst>(getUnderlyingObject(P)); }

/// Checks that every pure function of M touches no memory but its own
/// frame (an interrupt poll may read the pending-interrupt flag) and calls
/// only pure functions and intrinsics without side effects; marks them
/// accordingly. False (Why says what) when one does not.
bool verifyPure(Module &M, std::string &Why) {
  llvm::Value *Flag = ConstantExpr::getIntToPtr(
      ConstantInt::get(Type::getInt64Ty(M.getContext()), reinterpret_cast<uintptr_t>(&ruchy::PendingInterrupt)),
      PointerType::getUnqual(M.getContext()));
  bool ReadsFlag = false;
  std::vector<Function *> Pure = pureFunctions(M);
  for (Function *F : Pure)
    for (BasicBlock &BB : *F)
      for (Instruction &I : BB) {
        if (auto *L = dyn_cast<LoadInst>(&I)) {
          if (isLocal(L->getPointerOperand()))
            continue;
          if (L->getPointerOperand() == Flag && L->getOrdering() == AtomicOrdering::Monotonic) {
            ReadsFlag = true;
            continue;
          }
          Why = "reads memory outside its frame";
        } else if (auto *S = dyn_cast<StoreInst>(&I)) {
          if (isLocal(S->getPointerOperand()))
            continue;
          Why = "writes memory outside its frame";
        } else if (auto *C = dyn_cast<CallInst>(&I)) {
          Function *Callee = C->getCalledFunction();
          if (auto *MI = dyn_cast<MemIntrinsic>(C)) {
            auto *MT = dyn_cast<MemTransferInst>(MI);
            if (isLocal(MI->getDest()) && (!MT || isLocal(MT->getSource())))
              continue;
          } else if (Callee && Callee->hasFnAttribute(PureAttr)) {
            continue;
          } else if (Callee && Callee->isIntrinsic() &&
                     (Callee->doesNotAccessMemory() || isa<AssumeInst>(C) ||
                      C->isLifetimeStartOrEnd())) {
            continue;
          }
          Why = fmt::format("calls {}", Callee ? Callee->getName().str() : "a value");
        } else if (!I.mayReadOrWriteMemory()) {
          continue;
        } else {
          Why = fmt::format("{} touches memory", I.getOpcodeName());
        }
        return false;
      }
  for (Function *F : Pure) {
    F->setMemoryEffects(ReadsFlag ? MemoryEffects::readOnly() : MemoryEffects::none());
    F->setDoesNotThrow();
  }
  return true;
}

/// Removes every pure function from M (a variant that did not verify, and
/// the copies it made).
void dropPure(Module &M) {
  std::vector<Function *> Pure = pureFunctions(M);
  for (Function *F : Pure)
    F->dropAllReferences();
  for (Function *F : Pure)
    F->eraseFromParent();
}

} // namespace

Function *ruchy::jit::codegen::emitPureVariant(Module &M, ast::FunctionDecl *Fn, const Tier2Request &Req,
                                              const std::string &Name, ruchy::Value *Globals,
                                              std::string &Why) {
  // Reports that time calls (--tier-stats, the profiler) see every call.
  // A variant pays for its compile only through recursion: a call that is
  // not recursive is inlined instead.
  if (!Req.PureVariant || *bridgeTimingFlag() || ast::directSelfCalls(Fn) == 0 ||
      !std::all_of(Req.ArgKinds.begin(), Req.ArgKinds.end(), isScalar))
    return nullptr;
  Kind RK;
  if (!Req.Returns || !singleKind(Req.Returns(Fn, Req.ArgKinds), &RK) || !isScalar(RK))
    return nullptr;
  Tier2Request P = Req;
  P.Pure = true;
  P.PureVariant = false;
  P.NewResumePoint = nullptr;
  FunctionCodegen G(M.getContext(), M, Fn, nullptr, Globals, &P);
  G.setAstPasses(Req.AstPasses);
  Function *PF = G.generate(Name);
  if (!PF)
    Why = G.Failure.empty() ? "code generation failed" : G.Failure;
  if (!PF || !verifyPure(M, Why)) {
    dropPure(M);
    return nullptr;
  }
  PF->setLinkage(GlobalValue::InternalLinkage);
  return PF;
}

Function *ruchy::jit::codegen::emitPureEntry(Module &M, Function *Pure, Function *Checked,
                                            const std::string &Name) {
  // The checked code runs only after a bail: LLVM need not make it fast.
  Checked->addFnAttr(Attribute::Cold);
  Function *Entry = Function::Create(Checked->getFunctionType(), GlobalValue::ExternalLinkage, Name, M);
  Entry->addFnAttr("frame-pointer", "all");
  LLVMContext &C = M.getContext();
  IRBuilder<> B(BasicBlock::Create(C, "entry", Entry));
  std::vector<llvm::Value *> Args;
  for (Argument &A : Entry->args())
    Args.push_back(&A);
  CallInst *R = B.CreateCall(Pure, Args);
  BasicBlock *Done = BasicBlock::Create(C, "done", Entry), *Again = BasicBlock::Create(C, "bailed", Entry);
  llvm::Value *Tag = B.CreateAnd(B.CreateExtractValue(R, 0), B.getInt64(0xff));
  B.CreateCondBr(B.CreateICmpEQ(Tag, B.getInt64(KUndef)), Again, Done,
                 MDBuilder(C).createBranchWeights(1, 1 << 20));
  B.SetInsertPoint(Done);
  B.CreateRet(R);
  B.SetInsertPoint(Again);
  B.CreateRet(B.CreateCall(Checked, Args));
  return Entry;
}
