//===- jit/CodegenDeopt.cpp - Guards and deoptimization in IR --------*- C++ -*-===//
//
// A failed guard hands the rest of the call to Tier 0: locals back into
// the frame in its layout, then rt_deopt. One exit block per unit.
//
//===----------------------------------------------------------------------===//
#include "jit/FunctionCodegen.h"

using namespace ruchy::jit::codegen;

// A failed guard: every local goes back into the frame in Tier 0's layout
// (the value that failed into its own slot, the state of counted loops into
// their hidden slots), and Tier 0 runs the rest of the call, whose result
// this code returns.
void FunctionCodegen::emitDeopt(int32_t Slot, CGV V, Kind Expected,
                                const std::vector<ResumeStep> &RPath) {
  // A pure variant has no guards: it never speculates.
  if (pure()) {
    Failure = "a guard in a pure variant";
    return;
  }
  // Every guard of the function shares one exit block (emitDeoptExit), which
  // is told the resume point and the value to store, if any.
  if (!DeoptBB) {
    DeoptBB = block("deopt");
    IRBuilder<> DB(DeoptBB);
    DeoptRP = DB.CreatePHI(Ptr, 4, "deopt.point");
    DeoptSlot = DB.CreatePHI(Ptr, 4, "deopt.slot");
    DeoptTag = DB.CreatePHI(I64, 4, "deopt.tag");
    DeoptPay = DB.CreatePHI(I64, 4, "deopt.pay");
  }
  if (!Spec->NewResumePoint) {
    Failure = "a guard in code that may not deoptimize (an inlined copy)";
    return;
  }
  void *RP = Spec->NewResumePoint(const_cast<ast::Expr *>(CurStore), Slot, Expected, RPath);
  BasicBlock *From = B.GetInsertBlock();
  DeoptRP->addIncoming(cptr(RP), From);
  DeoptSlot->addIncoming(Slot >= 0 ? slotPtr(Slot) : ConstantPointerNull::get(Ptr), From);
  DeoptTag->addIncoming(V.Tag, From);
  DeoptPay->addIncoming(V.Pay, From);
  B.CreateBr(DeoptBB);
}

// The shared exit of failed guards: every unboxed local goes back into its
// frame slot, then the value whose store failed (if any) into its own, the
// state of every counted loop into its hidden slots (those of loops that
// are not running are never read), and Tier 0 runs the rest of the call.
void FunctionCodegen::emitDeoptExit() {
  if (!DeoptBB)
    return;
  B.SetInsertPoint(DeoptBB);
  for (auto &[S, TA] : Typed)
    storeValue(slotPtr(S), cgv(TA.second, loadTyped(TA)));
  BasicBlock *Store = block("deopt.store"), *Loops = block("deopt.loops");
  B.CreateCondBr(B.CreateIsNotNull(DeoptSlot), Store, Loops);
  B.SetInsertPoint(Store);
  storeValue(DeoptSlot, {DeoptTag, DeoptPay});
  B.CreateBr(Loops);
  B.SetInsertPoint(Loops);
  for (auto &[Fo, St] : Counted) {
    llvm::Value *Pos = B.CreateLoad(I64, St.Pos);
    llvm::Value *Hi = B.CreateLoad(I64, St.Hi);
    auto *R = static_cast<const ast::RangeExpr *>(Fo->Iterable);
    CGV Range = callValueFn("rt_rangeValue", {I64, I64, I64},
                            {Pos, Hi, c64(R->Hi && R->Inclusive ? 1 : 0)});
    storeValue(slotPtr(Fo->IterSlot), Range);
    storeValue(slotPtr(Fo->IndexSlot), cgv(KInt, Pos));
  }
  B.CreateRet(toRet(callValueFn("rt_deopt", {Ptr, Ptr}, {DeoptRP, framePtr()})));
}

// A guard whose failure resumes Tier 0 at the start of the statement being
// emitted, which has done nothing visible yet (TypeInference only
// speculates on element reads in such statements).
void FunctionCodegen::deoptUnlessAtStatement(llvm::Value *Cond, ast::Expr *Site, CGV V, Kind Want) {
  BasicBlock *Ok = block("guard.ok"), *Fail = block("guard.fail");
  B.CreateCondBr(Cond, Ok, Fail, MDBuilder(Ctx).createBranchWeights(1 << 20, 1));
  B.SetInsertPoint(Fail);
  std::vector<ResumeStep> RPath = Path;
  RPath.back().Index -= 1;
  const ast::Expr *Saved = CurStore;
  CurStore = Site;
  emitDeopt(-1, V, Want, RPath);
  CurStore = Saved;
  B.SetInsertPoint(Ok);
}
