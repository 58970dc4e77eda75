//===- jit/CodegenOperators.cpp - Operators and assignments in IR ----*- C++ -*-===//
//
// Unary, binary and logical operators: inline Int and Float fast paths in
// Tier 1, operations on known kinds without tests in Tier 2; everything else
// calls the runtime's operator, which raises exactly as Tier 0 does.
//
//===----------------------------------------------------------------------===//
#include "jit/FunctionCodegen.h"

#include "runtime/Operations.h"

using namespace ruchy::jit::codegen;

// Both operand kinds known while generating IR (or, for a comparison with
// nil, one of them): the operation without kind tests, with a constant
// result kind, so that the kinds keep flowing (into calls of
// specializations, for one). The error cases call the runtime, which raises
// exactly as Tier 0 does, and never come back.
bool FunctionCodegen::emitTypedBinary(BinaryOp Op, CGV L, CGV R, SiteId Site, CGV &Out) {
  int64_t LK = constKind(L), RK = constKind(R);
  auto Raise = [&](llvm::Value *Bad) {
    raiseIf(Bad, "bin.raise", [&] {
      callValueFn("rt_binary", {I32, I64, I64, I64, I64, I32},
                  {c32(static_cast<uint32_t>(Op)), L.Tag, L.Pay, R.Tag, R.Pay, c32(Site)});
    });
  };
  // `x == nil` (`x != nil`): a value equals nil only if it is nil, whatever
  // else it may be (binary_trees' `t.left == nil` went through the runtime).
  if ((Op == BinaryOp::Eq || Op == BinaryOp::Ne) &&
      (LK == static_cast<int64_t>(KNil) || RK == static_cast<int64_t>(KNil))) {
    llvm::Value *IsNil = isTag(LK == static_cast<int64_t>(KNil) ? R : L, KNil);
    Out = boolValue(Op == BinaryOp::Eq ? IsNil : B.CreateNot(IsNil));
    return true;
  }
  if (LK == static_cast<int64_t>(KInt) && RK == static_cast<int64_t>(KInt)) {
    llvm::Value *X = L.Pay, *Y = R.Pay;
    auto Overflowing = [&](Intrinsic::ID ID) {
      llvm::Value *Res = B.CreateBinaryIntrinsic(ID, X, Y);
      Raise(B.CreateExtractValue(Res, 1));
      return cgv(KInt, B.CreateExtractValue(Res, 0));
    };
    llvm::Value *Min = c64(static_cast<uint64_t>(INT64_MIN));
    switch (Op) {
    case BinaryOp::Add: Out = Overflowing(Intrinsic::sadd_with_overflow); return true;
    case BinaryOp::Sub: Out = Overflowing(Intrinsic::ssub_with_overflow); return true;
    case BinaryOp::Mul: Out = Overflowing(Intrinsic::smul_with_overflow); return true;
    case BinaryOp::Div:
      Raise(B.CreateOr(B.CreateICmpEQ(Y, c64(0)),
                       B.CreateAnd(B.CreateICmpEQ(Y, c64(~0ull)), B.CreateICmpEQ(X, Min))));
      Out = cgv(KInt, B.CreateSDiv(X, Y));
      return true;
    case BinaryOp::Rem: {
      Raise(B.CreateICmpEQ(Y, c64(0)));
      // x % -1 is 0 (and must not trap on INT64_MIN).
      llvm::Value *MinusOne = B.CreateICmpEQ(Y, c64(~0ull));
      llvm::Value *Safe = B.CreateSelect(MinusOne, c64(1), Y);
      Out = cgv(KInt, B.CreateSelect(MinusOne, c64(0), B.CreateSRem(X, Safe)));
      return true;
    }
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge:
    case BinaryOp::Eq:
    case BinaryOp::Ne:
      Out = boolValue(B.CreateICmp(comparePredicate(Op, false), X, Y));
      return true;
    case BinaryOp::BitAnd: Out = cgv(KInt, B.CreateAnd(X, Y)); return true;
    case BinaryOp::BitOr: Out = cgv(KInt, B.CreateOr(X, Y)); return true;
    case BinaryOp::BitXor: Out = cgv(KInt, B.CreateXor(X, Y)); return true;
    case BinaryOp::Shl: Out = cgv(KInt, B.CreateShl(X, B.CreateAnd(Y, c64(63)))); return true;
    case BinaryOp::Shr: Out = cgv(KInt, B.CreateAShr(X, B.CreateAnd(Y, c64(63)))); return true;
    case BinaryOp::Pow: return false;
    }
    return false;
  }
  bool LNum = LK == static_cast<int64_t>(KInt) || LK == static_cast<int64_t>(KFloat);
  bool RNum = RK == static_cast<int64_t>(KInt) || RK == static_cast<int64_t>(KFloat);
  if (LNum && RNum) {
    bool BothFloat = LK == static_cast<int64_t>(KFloat) && RK == static_cast<int64_t>(KFloat);
    Type *D = Type::getDoubleTy(Ctx);
    auto AsDouble = [&](CGV V, int64_t K) {
      return K == static_cast<int64_t>(KFloat) ? B.CreateBitCast(V.Pay, D)
                                               : B.CreateSIToFP(V.Pay, D);
    };
    llvm::Value *X = AsDouble(L, LK), *Y = AsDouble(R, RK);
    auto Num = [&](llvm::Value *V) { return cgv(KFloat, B.CreateBitCast(V, I64)); };
    switch (Op) {
    case BinaryOp::Add: Out = Num(B.CreateFAdd(X, Y)); return true;
    case BinaryOp::Sub: Out = Num(B.CreateFSub(X, Y)); return true;
    case BinaryOp::Mul: Out = Num(B.CreateFMul(X, Y)); return true;
    case BinaryOp::Div: Out = Num(B.CreateFDiv(X, Y)); return true;
    default:
      break;
    }
    // Comparisons of an Int with a Float are exact in the runtime (not a
    // conversion to double), so only Float/Float ones are inline.
    CmpInst::Predicate P = comparePredicate(Op, true);
    if (!BothFloat || P == CmpInst::BAD_FCMP_PREDICATE)
      return false;
    Out = boolValue(B.CreateFCmp(P, X, Y));
    return true;
  }
  if (LK == static_cast<int64_t>(KBool) && RK == static_cast<int64_t>(KBool)) {
    llvm::Value *X = B.CreateAnd(L.Pay, c64(0xff)), *Y = B.CreateAnd(R.Pay, c64(0xff));
    llvm::Value *XB = B.CreateICmpNE(X, c64(0)), *YB = B.CreateICmpNE(Y, c64(0));
    switch (Op) {
    case BinaryOp::Eq: Out = boolValue(B.CreateICmpEQ(XB, YB)); return true;
    case BinaryOp::Ne: Out = boolValue(B.CreateICmpNE(XB, YB)); return true;
    case BinaryOp::BitAnd: Out = boolValue(B.CreateAnd(XB, YB)); return true;
    case BinaryOp::BitOr: Out = boolValue(B.CreateOr(XB, YB)); return true;
    case BinaryOp::BitXor: Out = boolValue(B.CreateXor(XB, YB)); return true;
    default:
      return false;
    }
  }
  return false;
}

CGV FunctionCodegen::emitBinaryOp(BinaryOp Op, CGV L, CGV R, SiteId Site) {
  CGV Typed;
  if (emitTypedBinary(Op, L, R, Site, Typed))
    return Typed;
  BasicBlock *Done = block("bin.done");
  BasicBlock *Slow = block("bin.slow");
  SmallVector<std::pair<BasicBlock *, CGV>, 4> Incoming;

  // Which operators Tier 0 also does inline (the rest go to the runtime).
  bool IntInline = Op != BinaryOp::Pow;
  bool FloatInline = Op == BinaryOp::Add || Op == BinaryOp::Sub || Op == BinaryOp::Mul ||
                     Op == BinaryOp::Div || Op == BinaryOp::Lt || Op == BinaryOp::Le ||
                     Op == BinaryOp::Gt || Op == BinaryOp::Ge;

  BasicBlock *NotInt = block("bin.notint");
  if (IntInline) {
    BasicBlock *IntBB = block("bin.int");
    B.CreateCondBr(B.CreateAnd(isTag(L, KInt), isTag(R, KInt)), IntBB, NotInt);
    B.SetInsertPoint(IntBB);
    llvm::Value *X = L.Pay, *Y = R.Pay;
    auto Overflowing = [&](Intrinsic::ID ID) {
      llvm::Value *Res = B.CreateBinaryIntrinsic(ID, X, Y);
      BasicBlock *NoOvf = block("bin.noovf");
      B.CreateCondBr(B.CreateExtractValue(Res, 1), Slow, NoOvf);
      B.SetInsertPoint(NoOvf);
      Incoming.push_back({NoOvf, cgv(KInt, B.CreateExtractValue(Res, 0))});
      B.CreateBr(Done);
    };
    auto Compare = [&](CmpInst::Predicate P) {
      CGV V = boolValue(B.CreateICmp(P, X, Y));
      Incoming.push_back({B.GetInsertBlock(), V});
      B.CreateBr(Done);
    };
    auto Simple = [&](llvm::Value *V) {
      Incoming.push_back({B.GetInsertBlock(), cgv(KInt, V)});
      B.CreateBr(Done);
    };
    auto Guarded = [&](llvm::Value *Bad, auto Make) {
      BasicBlock *Ok = block("bin.ok");
      B.CreateCondBr(Bad, Slow, Ok);
      B.SetInsertPoint(Ok);
      Simple(Make());
    };
    llvm::Value *Min = c64(static_cast<uint64_t>(INT64_MIN));
    switch (Op) {
    case BinaryOp::Add:
      Overflowing(Intrinsic::sadd_with_overflow);
      break;
    case BinaryOp::Sub:
      Overflowing(Intrinsic::ssub_with_overflow);
      break;
    case BinaryOp::Mul:
      Overflowing(Intrinsic::smul_with_overflow);
      break;
    case BinaryOp::Div:
      Guarded(B.CreateOr(B.CreateICmpEQ(Y, c64(0)),
                         B.CreateAnd(B.CreateICmpEQ(Y, c64(~0ull)), B.CreateICmpEQ(X, Min))),
              [&] { return B.CreateSDiv(X, Y); });
      break;
    case BinaryOp::Rem:
      Guarded(B.CreateOr(B.CreateICmpEQ(Y, c64(0)), B.CreateICmpEQ(Y, c64(~0ull))),
              [&] { return B.CreateSRem(X, Y); });
      break;
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge:
    case BinaryOp::Eq:
    case BinaryOp::Ne:
      Compare(comparePredicate(Op, false));
      break;
    case BinaryOp::BitAnd:
      Simple(B.CreateAnd(X, Y));
      break;
    case BinaryOp::BitOr:
      Simple(B.CreateOr(X, Y));
      break;
    case BinaryOp::BitXor:
      Simple(B.CreateXor(X, Y));
      break;
    case BinaryOp::Shl:
      Simple(B.CreateShl(X, B.CreateAnd(Y, c64(63))));
      break;
    case BinaryOp::Shr:
      Simple(B.CreateAShr(X, B.CreateAnd(Y, c64(63))));
      break;
    case BinaryOp::Pow:
      B.CreateBr(Slow);
      break;
    }
  } else {
    B.CreateBr(NotInt);
  }

  B.SetInsertPoint(NotInt);
  if (FloatInline) {
    BasicBlock *FloatBB = block("bin.float");
    B.CreateCondBr(B.CreateAnd(isTag(L, KFloat), isTag(R, KFloat)), FloatBB, Slow);
    B.SetInsertPoint(FloatBB);
    Type *D = Type::getDoubleTy(Ctx);
    llvm::Value *X = B.CreateBitCast(L.Pay, D), *Y = B.CreateBitCast(R.Pay, D);
    CGV V;
    switch (Op) {
    case BinaryOp::Add:
      V = cgv(KFloat, B.CreateBitCast(B.CreateFAdd(X, Y), I64));
      break;
    case BinaryOp::Sub:
      V = cgv(KFloat, B.CreateBitCast(B.CreateFSub(X, Y), I64));
      break;
    case BinaryOp::Mul:
      V = cgv(KFloat, B.CreateBitCast(B.CreateFMul(X, Y), I64));
      break;
    case BinaryOp::Div:
      V = cgv(KFloat, B.CreateBitCast(B.CreateFDiv(X, Y), I64));
      break;
    default: // the four ordered comparisons (FloatInline)
      V = boolValue(B.CreateFCmp(comparePredicate(Op, true), X, Y));
      break;
    }
    Incoming.push_back({B.GetInsertBlock(), V});
    B.CreateBr(Done);
  } else {
    B.CreateBr(Slow);
  }

  B.SetInsertPoint(Slow);
  CGV S = callValueFn("rt_binary", {I32, I64, I64, I64, I64, I32},
                      {c32(static_cast<uint32_t>(Op)), L.Tag, L.Pay, R.Tag, R.Pay, c32(Site)});
  Incoming.push_back({B.GetInsertBlock(), S});
  B.CreateBr(Done);

  B.SetInsertPoint(Done);
  PHINode *Tag = B.CreatePHI(I64, Incoming.size(), "tag");
  PHINode *Pay = B.CreatePHI(I64, Incoming.size(), "pay");
  for (auto &[BB, V] : Incoming) {
    Tag->addIncoming(V.Tag, BB);
    Pay->addIncoming(V.Pay, BB);
  }
  return {Tag, Pay};
}

CGV FunctionCodegen::emitUnary(ast::Unary *U) {
  CGV V = emit(U->Operand);
  if (U->Op == UnaryOp::Not)
    return boolValue(B.CreateNot(truthy(V)));
  if (constKind(V) == static_cast<int64_t>(KFloat))
    return cgv(KFloat, B.CreateBitCast(B.CreateFNeg(B.CreateBitCast(V.Pay, B.getDoubleTy())), I64));
  if (constKind(V) == static_cast<int64_t>(KInt)) {
    raiseIf(B.CreateICmpEQ(V.Pay, c64(static_cast<uint64_t>(INT64_MIN))), "neg.raise",
            [&] { callValueFn("rt_neg", {I64, I64, I32}, {V.Tag, V.Pay, c32(U->Site)}); });
    return cgv(KInt, B.CreateSub(c64(0), V.Pay));
  }
  AllocaInst *Res = resultSlot();
  BasicBlock *IntBB = block("neg.int"), *NotInt = block("neg.notint"), *FloatBB = block("neg.float"),
             *Slow = block("neg.slow"), *Done = block("neg.done");
  B.CreateCondBr(B.CreateAnd(isTag(V, KInt),
                             B.CreateICmpNE(V.Pay, c64(static_cast<uint64_t>(INT64_MIN)))),
                 IntBB, NotInt);
  B.SetInsertPoint(IntBB);
  storeValue(Res, cgv(KInt, B.CreateSub(c64(0), V.Pay)));
  B.CreateBr(Done);
  B.SetInsertPoint(NotInt);
  B.CreateCondBr(isTag(V, KFloat), FloatBB, Slow);
  B.SetInsertPoint(FloatBB);
  Type *D = Type::getDoubleTy(Ctx);
  storeValue(Res, cgv(KFloat, B.CreateBitCast(B.CreateFNeg(B.CreateBitCast(V.Pay, D)), I64)));
  B.CreateBr(Done);
  B.SetInsertPoint(Slow);
  storeValue(Res, callValueFn("rt_neg", {I64, I64, I32}, {V.Tag, V.Pay, c32(U->Site)}));
  B.CreateBr(Done);
  B.SetInsertPoint(Done);
  return loadValue(Res);
}

CGV FunctionCodegen::emitLogical(ast::Logical *L) {
  CGV A = emit(L->L);
  AllocaInst *Res = resultSlot();
  storeValue(Res, A);
  BasicBlock *EvalR = block("logic.rhs"), *Done = block("logic.done");
  llvm::Value *T = truthy(A);
  if (L->IsAnd)
    B.CreateCondBr(T, EvalR, Done);
  else
    B.CreateCondBr(T, Done, EvalR);
  B.SetInsertPoint(EvalR);
  CGV R = emit(L->R);
  if (!terminated()) {
    storeValue(Res, R);
    B.CreateBr(Done);
  }
  B.SetInsertPoint(Done);
  return loadValue(Res);
}

CGV FunctionCodegen::emitAssign(ast::Assign *A) {
  ast::Expr *T = A->Target;
  switch (T->K) {
  case ExprKind::Ident: {
    auto *I = static_cast<ast::Ident *>(T);
    if (I->VK != VarKind::Local && I->VK != VarKind::LocalCell && I->VK != VarKind::Capture &&
        I->VK != VarKind::Global)
      return emitFallback(A);
    CGV V = emit(A->Val);
    if (A->HasOp)
      V = emitBinaryOp(A->Op, emitIdent(I), V, A->Site);
    CurStore = A;
    storeVar(I, V);
    CurStore = nullptr;
    return nil();
  }
  case ExprKind::Index: {
    auto *Ix = static_cast<ast::Index *>(T);
    CGV Obj = emit(Ix->Obj);
    CGV Idx = emit(Ix->Idx);
    CGV V = emit(A->Val);
    if (A->HasOp)
      V = emitBinaryOp(A->Op, emitIndexGet(Obj, Idx, Ix->Site), V, A->Site);
    else if (Spec && emitSpeculatedElementWrite(Ix, Obj, Idx, V))
      return nil();
    emitIndexSet(Obj, Idx, V, Ix->Site);
    return nil();
  }
  case ExprKind::Field: {
    auto *Fd = static_cast<ast::Field *>(T);
    CGV Obj = emit(Fd->Obj);
    CGV V = emit(A->Val);
    llvm::Value *P = emitFieldPtr(Fd, Obj);
    if (A->HasOp)
      V = emitBinaryOp(A->Op, loadValue(P), V, A->Site);
    storeValue(P, V);
    return nil();
  }
  default:
    return emitFallback(A);
  }
}
