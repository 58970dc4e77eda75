//===- interp/Resume.cpp - Tier 0 taking over a running call ------*- C++ -*-===//
//
// Deoptimization's other half. When specialized code finds a value of a kind
// it did not speculate on, it writes every local back into the frame (in
// Tier 0's layout) and asks the interpreter to run the rest of the call from
// the statement after the one it just completed. The path says where that is:
// the blocks from the function's body inward, each entered through a loop
// body or an `if` branch that is a statement of the block before it. The
// interpreter finishes the innermost block, then each enclosing construct
// (an `if` is done; a loop goes on with its next iteration, its state in the
// frame), then the rest of each enclosing block, up to the function's end.
//
//===----------------------------------------------------------------------===//
#include "interp/EvalMacros.h"
#include "interp/Interpreter.h"
#include "runtime/Error.h"

using namespace ruchy;
using namespace ruchy::ast;

Value Interpreter::resumeAt(const ResumeStep *Path, size_t N, Frame &F) {
  Value R = resumeBlock(Path, N, F);
  if (UnwindKind != Unwind::None) {
    // Only a return can leave a function.
    R = UnwindValue;
    UnwindKind = Unwind::None;
  }
  return R;
}

Value Interpreter::resumeBlock(const ResumeStep *Path, size_t N, Frame &F) {
  Block *B = Path[0].Blk;
  int32_t I = Path[0].Index;
  Value Result;
  if (N > 1) {
    Result = finishStatement(B->Stmts[static_cast<size_t>(I)], Path + 1, N - 1, F);
    if (UnwindKind != Unwind::None)
      return Result;
  }
  for (size_t K = static_cast<size_t>(I + 1); K < B->Stmts.size(); ++K) {
    Result = eval(B->Stmts[K], F);
    if (RUCHY_UNLIKELY(UnwindKind != Unwind::None))
      return Result;
  }
  return Result;
}

// S is a statement whose body or branch is Path[0].Blk, half run: finish
// that block, then S itself.
Value Interpreter::finishStatement(Expr *S, const ResumeStep *Path, size_t N, Frame &F) {
  switch (S->K) {
  case ExprKind::If: {
    auto *I = static_cast<If *>(S);
    if (I->Else && I->Else->K == ExprKind::If && I->Then != Path[0].Blk &&
        I->Else != Path[0].Blk)
      return finishStatement(I->Else, Path, N, F); // an `else if` chain
    return resumeBlock(Path, N, F);
  }
  case ExprKind::While:
  case ExprKind::Loop:
  case ExprKind::For: {
    auto *L = static_cast<LoopExpr *>(S);
    Value R = resumeBlock(Path, N, F);
    if (RUCHY_UNLIKELY(UnwindKind != Unwind::None) && loopShouldExit(L, R))
      return R;
    // The iteration is over: the loop goes on from its next one.
    if (S->K == ExprKind::While)
      return evalWhile(static_cast<While *>(S), F);
    if (S->K == ExprKind::Loop)
      return evalLoop(static_cast<Loop *>(S), F);
    auto *Fo = static_cast<For *>(S);
    Value Pos = F.Slots[Fo->IndexSlot];
    return iterateFor(Fo, F, F.Slots[Fo->IterSlot], Pos.I, true);
  }
  default:
    raiseError(S->Site, "internal error: no resume point in this statement");
  }
}
