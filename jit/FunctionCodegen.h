//===- jit/FunctionCodegen.h - IR generation for one compiled unit -*- C++ -*-===//
//
// Private to jit/: the generator behind generateTier1 and generateTier2
// (jit/Codegen.h). One FunctionCodegen per compiled unit (a function, a
// specialization, an OSR entry or an inlined copy). Values are pairs of i64
// (kind, payload); a kind read from memory is the low byte of its word (C++
// leaves the padding bytes undefined), a kind written is the whole word.
//
// Its methods are defined by concept:
//   FunctionCodegen.cpp   the unit: entry, frame, locals, blocks, dispatch
//   CodegenOperators.cpp  unary, binary and logical operators, assignments
//   CodegenCalls.cpp      calls, the inline call bookkeeping, inlined copies
//   CodegenControl.cpp    if, loops (counted for, OSR entries), match
//   CodegenMemory.cpp     struct fields and array elements
//   CodegenDeopt.cpp      guards and the shared deoptimization exit
//   CodegenPure.cpp       pure variants of recursive scalar functions
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_FUNCTIONCODEGEN_H
#define RUCHY_JIT_FUNCTIONCODEGEN_H

#include "jit/Codegen.h"

#include "frontend/AstPasses.h"
#include "frontend/AstWalk.h"
#include "jit/RuntimeBridge.h"
#include "runtime/Error.h"
#include "runtime/Interrupt.h"
#include "runtime/Object.h"
#include "runtime/TypeSignature.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"

#include <fmt/format.h>

#include <map>
#include <set>

namespace ruchy::jit::codegen {

// The generator is written against LLVM's API throughout; this header is
// included only by its own source files.
using namespace llvm;
using ruchy::Kind;
using ruchy::ast::ExprKind;
using ruchy::ast::PatternKind;
using ruchy::ast::VarKind;

/// What a typed Array local holds before its first store (an empty array in
/// read-only memory) rather than 0: every value of an Array-typed local is
/// then a valid header, which assumeArray tells LLVM. Nothing reads a local
/// before writing it, so nothing sees this one.
inline const Array UnsetArray = {ElemKind::Int, false, 0, 0, nullptr};

inline constexpr uint64_t KNil = static_cast<uint64_t>(Kind::Nil);
inline constexpr uint64_t KBool = static_cast<uint64_t>(Kind::Bool);
inline constexpr uint64_t KInt = static_cast<uint64_t>(Kind::Int);
inline constexpr uint64_t KFloat = static_cast<uint64_t>(Kind::Float);
inline constexpr uint64_t KStr = static_cast<uint64_t>(Kind::Str);
inline constexpr uint64_t KRange = static_cast<uint64_t>(Kind::Range);
inline constexpr uint64_t KFunc = static_cast<uint64_t>(Kind::Func);
inline constexpr uint64_t KUndef = static_cast<uint64_t>(Kind::Undef);

/// A value in registers: kind (i64, 0..255) and payload (i64).
struct CGV {
  llvm::Value *Tag;
  llvm::Value *Pay;
};

/// The LLVM predicate of a comparison operator on Ints (signed) or Floats
/// (ordered, except != which is true for NaN, as Tier 0's !(a == b) is);
/// BAD_*_PREDICATE for other operators.
inline CmpInst::Predicate comparePredicate(BinaryOp Op, bool Float) {
  switch (Op) {
  case BinaryOp::Lt: return Float ? CmpInst::FCMP_OLT : CmpInst::ICMP_SLT;
  case BinaryOp::Le: return Float ? CmpInst::FCMP_OLE : CmpInst::ICMP_SLE;
  case BinaryOp::Gt: return Float ? CmpInst::FCMP_OGT : CmpInst::ICMP_SGT;
  case BinaryOp::Ge: return Float ? CmpInst::FCMP_OGE : CmpInst::ICMP_SGE;
  case BinaryOp::Eq: return Float ? CmpInst::FCMP_OEQ : CmpInst::ICMP_EQ;
  case BinaryOp::Ne: return Float ? CmpInst::FCMP_UNE : CmpInst::ICMP_NE;
  default: return Float ? CmpInst::BAD_FCMP_PREDICATE : CmpInst::BAD_ICMP_PREDICATE;
  }
}

/// The kind of V when it is a constant at IR-generation time (literals and
/// Tier 2's typed locals), else -1.
inline int64_t constKind(CGV V) {
  if (auto *C = dyn_cast<ConstantInt>(V.Tag))
    return static_cast<int64_t>(C->getZExtValue());
  return -1;
}

/// True when E (not entering nested functions) contains a break, continue
/// or return: such a subtree cannot be handed to the interpreter, whose
/// unwinding would not reach compiled loops and frames.
inline bool containsControlFlow(ast::Expr *E) {
  bool Found = false;
  ast::forEachExpr(E, [&](ast::Expr *X) {
    if (X->K == ExprKind::Break || X->K == ExprKind::Continue || X->K == ExprKind::Return)
      Found = true;
  });
  return Found;
}

/// The function attribute that marks a pure variant and its copies.
inline constexpr const char *PureAttr = "ruchy-pure";

/// Tier 2 (jit/CodegenPure.cpp): when Req asks for it and Fn qualifies,
/// a pure variant of Fn's specialization named Name in M; otherwise null,
/// with Why saying why when a variant was attempted and failed.
Function *emitPureVariant(Module &M, ast::FunctionDecl *Fn, const Tier2Request &Req, const std::string &Name,
                          ruchy::Value *Globals, std::string &Why);
/// The specialization's raw entry Name when it has a pure variant: calls
/// Pure, and Checked again when Pure bails.
Function *emitPureEntry(Module &M, Function *Pure, Function *Checked, const std::string &Name);

class FunctionCodegen {
public:
  FunctionCodegen(LLVMContext &Ctx, Module &M, ast::FunctionDecl *Fn, ast::LoopExpr *OsrLoop,
                  ruchy::Value *GlobalsArray, const Tier2Request *Spec = nullptr)
      : Ctx(Ctx), M(M), B(Ctx), Fn(Fn), OsrLoop(OsrLoop), GlobalsArray(GlobalsArray),
        Spec(Spec) {
    I8 = Type::getInt8Ty(Ctx);
    I32 = Type::getInt32Ty(Ctx);
    I64 = Type::getInt64Ty(Ctx);
    I1 = Type::getInt1Ty(Ctx);
    Ptr = PointerType::getUnqual(Ctx);
    ValTy = StructType::get(Ctx, {I64, I64});
    FrameTy = StructType::get(Ctx, {Ptr, Ptr, Ptr});
  }

  std::string Failure;
  Function *generate(const std::string &Name);
  /// The tier's AST passes (JitAstPass mask), and what they did.
  void setAstPasses(unsigned Mask) { AstPasses = Mask; }
  unsigned astFolded() const { return AstFolded; }
  unsigned astPruned() const { return AstPruned; }

private:
  LLVMContext &Ctx;
  Module &M;
  IRBuilder<> B;
  ast::FunctionDecl *Fn;
  ast::LoopExpr *OsrLoop;
  ruchy::Value *GlobalsArray;
  /// Tier 2: the signature and the inferred slot kinds; null for Tier 1.
  const Tier2Request *Spec;
  unsigned AstPasses = 0;
  unsigned AstFolded = 0, AstPruned = 0;
  /// Subtrees found not constant (constantValue's memo).
  std::unordered_set<const ast::Expr *> NotConstant;
  /// fold: E's value when it is a constant expression (an operator, cast
  /// or short-circuit over literals); dce: the same test for conditions.
  bool foldedValue(const ast::Expr *E, CGV &Out);
  bool constantCondition(const ast::Expr *Cond, bool &Truthy);
  /// Tier 2: slots of a single kind, kept unboxed (payload only; the kind
  /// is a constant, so LLVM folds every test of it).
  std::map<int32_t, std::pair<AllocaInst *, uint64_t>> Typed;
  /// Tier 2: where the statement being generated sits (for resume points),
  /// and the store being generated (guarded when speculative).
  std::vector<ResumeStep> Path;
  const ast::Expr *CurStore = nullptr;
  void emitDeopt(int32_t Slot, CGV V, Kind Expected, const std::vector<ResumeStep> &RPath);
  void emitDeoptExit();
  BasicBlock *DeoptBB = nullptr;
  PHINode *DeoptRP = nullptr, *DeoptSlot = nullptr, *DeoptTag = nullptr, *DeoptPay = nullptr;
  /// A Tier 2 counted `for` loop: position and upper bound (OSR resumes
  /// them), and the lower bound when it is a constant (the position never
  /// goes below it, which lets LLVM drop negative-index handling).
  struct CountedLoop {
    AllocaInst *Pos;
    AllocaInst *Hi;
    llvm::ConstantInt *Lo;
  };
  std::map<const ast::For *, CountedLoop> Counted;
  void emitOsrUnbox(llvm::Value *In);
  std::set<int32_t> liveSlotsAtLoop();
  std::map<int32_t, llvm::ConstantInt *> runningLoopVariableBounds();
  /// True when Inner is inside Outer's body.
  static bool encloses(const ast::For *Outer, const ast::Expr *Inner);

  Type *I8, *I32, *I64, *I1;
  PointerType *Ptr;
  StructType *ValTy, *FrameTy;

  Function *F = nullptr;
  BasicBlock *EntryBB = nullptr;
  llvm::Value *Slots = nullptr;    ///< [NumSlots x {i64, i64}]
  llvm::Value *FramePtrV = nullptr; ///< Frame {Slots, Captures, Fn}, made on demand
  llvm::Value *Captures = nullptr; ///< Cell* const*
  /// Tier 2: this call's depth on the shadow call stack (the index its
  /// callees' records go to), kept in a register rather than in
  /// CallStack's global: raw calls pass it as an argument, and the global
  /// is written only before calls into the runtime (see syncDepth), which
  /// may read it. Null in Tier 1, which keeps the global exact.
  llvm::Value *CurDepth = nullptr;
  bool RawEntry = false;
  BasicBlock *OsrTarget = nullptr;
  bool UnsetArrayStated = false;
  /// The OSR entry of a `for` loop: a second copy of the loop's step
  /// (EmitStep(At) emits it at At), branching to the body. Entering
  /// at the latch itself would give the loop a second entry, and LLVM does
  /// not optimize such (irreducible) cycles as loops: no LICM, no
  /// unrolling, no vectorization in the hottest loop.
  template <typename StepFn> BasicBlock *osrStepEntry(StepFn &&EmitStep) {
    IRBuilderBase::InsertPointGuard G(B);
    BasicBlock *Entry = block("osr.step");
    EmitStep(Entry);
    return Entry;
  }
  /// The end of a `for` loop: its step at Latch (and as the OSR entry when
  /// the unit enters at this loop), then the exit, whose value is nil
  /// unless a `break` gave one.
  template <typename StepFn>
  CGV finishFor(const ast::For *L, StepFn &&EmitStep, BasicBlock *Latch, BasicBlock *ExitNil,
                BasicBlock *Exit, AllocaInst *Res) {
    EmitStep(Latch);
    if (L == OsrLoop)
      OsrTarget = osrStepEntry(EmitStep);
    B.SetInsertPoint(ExitNil);
    storeValue(Res, nil());
    B.CreateBr(Exit);
    B.SetInsertPoint(Exit);
    return loadValue(Res);
  }

  struct LoopCtx {
    const ast::LoopExpr *L;
    BasicBlock *Continue, *Exit;
    llvm::Value *Result;
  };
  std::vector<LoopCtx> Loops;

  //===-- Small helpers -------------------------------------------------===//

  ConstantInt *c64(uint64_t V) { return B.getInt64(V); }
  ConstantInt *c32(uint32_t V) { return B.getInt32(V); }
  llvm::Value *cptr(const void *P) {
    return ConstantExpr::getIntToPtr(c64(reinterpret_cast<uintptr_t>(P)), Ptr);
  }
  CGV cgv(uint64_t Tag, llvm::Value *Pay) { return {c64(Tag), Pay}; }
  CGV nil() { return {c64(KNil), c64(0)}; }

  /// True in a pure variant (jit/CodegenPure.cpp) and its copies.
  bool pure() const { return Spec && Spec->Pure; }
  /// A pure variant's answer to any failure: the bail marker (an Undef
  /// value) back to its caller, which passes it on up to the variant's
  /// entry; the call then runs again in the checked specialization.
  void emitBail() { emitReturn(cgv(KUndef, c64(0))); }
  /// Returns V. A pure unit returns through one block, its value in two
  /// locals: once it is inlined, SROA turns them into a phi per field,
  /// where LLVM threads the bail tests (a phi of {kind, payload} pairs hid
  /// from it that a path cannot have bailed, and kept fib's two calls of
  /// fib(n-3) apart).
  void emitReturn(CGV V) {
    if (!pure()) {
      B.CreateRet(toRet(V));
      return;
    }
    if (!RetBB) {
      RetBB = block("return");
      RetTag = entryAlloca(I64, "ret.tag");
      RetPay = entryAlloca(I64, "ret.pay");
    }
    B.CreateStore(V.Tag, RetTag);
    B.CreateStore(V.Pay, RetPay);
    B.CreateBr(RetBB);
  }
  BasicBlock *RetBB = nullptr;
  AllocaInst *RetTag = nullptr, *RetPay = nullptr;
  /// A failure the checked code raises with Raise() where Bad holds; a pure
  /// variant bails there instead.
  template <typename RaiseFn> void raiseIf(llvm::Value *Bad, const char *Name, RaiseFn &&Raise) {
    BasicBlock *Err = block(Name), *Ok = block("ok");
    B.CreateCondBr(Bad, Err, Ok, MDBuilder(Ctx).createBranchWeights(1, 1 << 20));
    B.SetInsertPoint(Err);
    if (pure()) {
      emitBail();
    } else {
      Raise();
      B.CreateUnreachable();
    }
    B.SetInsertPoint(Ok);
  }

  /// The interp::Frame for runtime helpers that need the slots. Made only
  /// when first needed: once the slots' address is stored anywhere, LLVM can
  /// no longer keep the locals in registers.
  llvm::Value *framePtr() {
    if (!FramePtrV) {
      IRBuilder<> EB(EntryBB);
      FramePtrV = EB.CreateAlloca(FrameTy, nullptr, "frame");
      EB.CreateStore(Slots, EB.CreateStructGEP(FrameTy, FramePtrV, 0));
      EB.CreateStore(Captures, EB.CreateStructGEP(FrameTy, FramePtrV, 1));
      EB.CreateStore(cptr(Fn), EB.CreateStructGEP(FrameTy, FramePtrV, 2));
    }
    return FramePtrV;
  }

  bool terminated() { return B.GetInsertBlock()->getTerminator() != nullptr; }
  /// After a branch or return, code that follows (dead in source order) goes
  /// into a fresh block without predecessors, which LLVM removes.
  void startDeadBlock() { B.SetInsertPoint(BasicBlock::Create(Ctx, "dead", F)); }
  BasicBlock *block(const char *Name) { return BasicBlock::Create(Ctx, Name, F); }

  /// An alloca in the entry block (so mem2reg/SROA can promote it).
  AllocaInst *entryAlloca(Type *T, const char *Name, unsigned Count = 1) {
    IRBuilder<> EB(EntryBB, EntryBB->begin());
    return EB.CreateAlloca(T, Count > 1 ? c64(Count) : nullptr, Name);
  }

  /// The address of a frame slot, computed once in the entry block: an OSR
  /// entry jumps past everything else, so nothing computed elsewhere may be
  /// used after a loop header.
  llvm::Value *slotPtr(int32_t Slot) {
    llvm::Value *&P = SlotPtrs[Slot];
    if (!P) {
      IRBuilder<> EB(EntryBB);
      P = EB.CreateInBoundsGEP(ValTy, Slots, c64(static_cast<uint64_t>(Slot)));
    }
    return P;
  }
  std::map<int32_t, llvm::Value *> SlotPtrs;
  /// A typed local's payload. Float locals live in `double` variables:
  /// their SSA values (loop-carried sums) stay in FP registers; as i64
  /// bits, a phi that a deopt exit also uses kept them in integer
  /// registers with two moves per iteration on the critical path.
  llvm::Value *loadTyped(const std::pair<AllocaInst *, uint64_t> &TA) {
    if (TA.second == static_cast<uint64_t>(Kind::Float))
      return B.CreateBitCast(B.CreateLoad(B.getDoubleTy(), TA.first), I64);
    return B.CreateLoad(I64, TA.first);
  }
  void storeTyped(const std::pair<AllocaInst *, uint64_t> &TA, llvm::Value *Pay) {
    if (TA.second == static_cast<uint64_t>(Kind::Float))
      Pay = B.CreateBitCast(Pay, B.getDoubleTy());
    B.CreateStore(Pay, TA.first);
  }
  /// A plain local's value, wherever this unit keeps it.
  CGV loadLocal(int32_t Slot) {
    auto It = Typed.find(Slot);
    if (It != Typed.end())
      return cgv(It->second.second, loadTyped(It->second));
    return loadValue(slotPtr(Slot));
  }
  /// Stores into a plain local. Type inference proved that every value
  /// stored into a typed slot has its kind, so only the payload is kept.
  void storeLocal(int32_t Slot, CGV V) {
    auto It = Typed.find(Slot);
    if (It != Typed.end()) {
      uint64_t K = It->second.second;
      if (Spec && CurStore && Spec->Speculated.count(CurStore) &&
          constKind(V) != static_cast<int64_t>(K)) {
        // The kind Tier 0 saw here, checked: anything else hands the rest
        // of the call to Tier 0, right after this store.
        BasicBlock *Ok = block("guard.ok"), *Fail = block("guard.fail");
        B.CreateCondBr(isTag(V, K), Ok, Fail, MDBuilder(Ctx).createBranchWeights(1 << 20, 1));
        B.SetInsertPoint(Fail);
        std::vector<ResumeStep> RPath = Path;
        if (CurStore->K == ExprKind::For)
          RPath.push_back({static_cast<const ast::For *>(CurStore)->Body, -1});
        emitDeopt(Slot, V, static_cast<Kind>(K), RPath);
        B.SetInsertPoint(Ok);
      }
      if (K == static_cast<uint64_t>(Kind::Array))
        assumeArray(V.Pay);
      storeTyped(It->second, V.Pay);
      return;
    }
    storeValue(slotPtr(Slot), V);
  }
  /// Tells LLVM that Pay, from here on, points to an array header (32
  /// bytes, 8-aligned): a typed Array local holds nothing else. LLVM cannot
  /// know it (the pointer is an integer to it), and without it LICM will not
  /// hoist a header load that a loop executes only after some check (a
  /// bounds check, a guard), since the load might then fault.
  void assumeArray(llvm::Value *Pay) {
    if (isa<Constant>(Pay))
      return;
    emitArrayAssume(B, Pay);
  }
  /// The assume itself. llvm-passes/ArrayFacts carries such facts through
  /// phis and selects, which LLVM does not.
  void emitArrayAssume(IRBuilderBase &At, llvm::Value *Pay) {
    llvm::Value *P = At.CreateIntToPtr(Pay, Ptr);
    Function *Assume = Intrinsic::getDeclaration(&M, Intrinsic::assume);
    OperandBundleDef Bundles[] = {
        OperandBundleDef("dereferenceable", std::vector<llvm::Value *>{P, c64(32)}),
        OperandBundleDef("align", std::vector<llvm::Value *>{P, c64(8)})};
    At.CreateCall(Assume, {ConstantInt::getTrue(Ctx)}, Bundles);
  }
  /// Loads a Value from memory laid out as runtime/Value.h says.
  CGV loadValue(llvm::Value *P) {
    llvm::Value *Tag = B.CreateZExt(B.CreateLoad(I8, P), I64);
    llvm::Value *Pay = B.CreateLoad(I64, B.CreateConstInBoundsGEP1_64(I8, P, 8));
    return {Tag, Pay};
  }
  void storeValue(llvm::Value *P, CGV V) {
    B.CreateStore(V.Tag, P);
    B.CreateStore(V.Pay, B.CreateConstInBoundsGEP1_64(I8, P, 8));
  }
  CGV fromRet(llvm::Value *Ret) {
    return {B.CreateAnd(B.CreateExtractValue(Ret, 0), c64(0xff)), B.CreateExtractValue(Ret, 1)};
  }
  llvm::Value *toRet(CGV V) {
    llvm::Value *R = UndefValue::get(ValTy);
    R = B.CreateInsertValue(R, V.Tag, 0);
    return B.CreateInsertValue(R, V.Pay, 1);
  }
  llvm::Value *isTag(CGV V, uint64_t K) { return B.CreateICmpEQ(V.Tag, c64(K)); }
  /// Ruchy truthiness: only nil and false are false.
  llvm::Value *truthy(CGV V) {
    llvm::Value *IsNil = isTag(V, KNil);
    llvm::Value *IsFalse = B.CreateAnd(isTag(V, KBool), B.CreateICmpEQ(
                                                          B.CreateAnd(V.Pay, c64(0xff)), c64(0)));
    return B.CreateNot(B.CreateOr(IsNil, IsFalse));
  }
  /// Type-based alias info for arrays: an array's header (kind, length,
  /// capacity, data pointer) and its word elements are never the same
  /// memory, so a loop that stores elements keeps the header in registers.
  MDNode *TbaaHeader = nullptr, *TbaaWord = nullptr;
  void tbaa(Instruction *I, bool Header) {
    if (!TbaaHeader) {
      MDBuilder MB(Ctx);
      MDNode *Root = MB.createTBAARoot("ruchy arrays");
      MDNode *H = MB.createTBAAScalarTypeNode("array header", Root);
      MDNode *W = MB.createTBAAScalarTypeNode("array word", Root);
      TbaaHeader = MB.createTBAAStructTagNode(H, H, 0);
      TbaaWord = MB.createTBAAStructTagNode(W, W, 0);
    }
    I->setMetadata(LLVMContext::MD_tbaa, Header ? TbaaHeader : TbaaWord);
  }
  /// A field of array A's header: EK (i8) at 0, Len at 8, Cap at 16, Data at 24.
  llvm::Value *loadHeader(Type *T, llvm::Value *A, uint64_t Off) {
    LoadInst *L = B.CreateLoad(T, Off ? B.CreateConstInBoundsGEP1_64(I8, A, Off) : A);
    tbaa(L, true);
    return L;
  }
  void storeHeader(llvm::Value *V, llvm::Value *A, uint64_t Off) {
    tbaa(B.CreateStore(V, B.CreateConstInBoundsGEP1_64(I8, A, Off)), true);
  }
  llvm::Value *loadWord(llvm::Value *Data, llvm::Value *J) {
    LoadInst *L = B.CreateLoad(I64, B.CreateInBoundsGEP(I64, Data, J));
    tbaa(L, false);
    return L;
  }
  void storeWord(llvm::Value *V, llvm::Value *Data, llvm::Value *J) {
    tbaa(B.CreateStore(V, B.CreateInBoundsGEP(I64, Data, J)), false);
  }
  llvm::Value *loadByte(llvm::Value *Data, llvm::Value *J) {
    LoadInst *L = B.CreateLoad(I8, B.CreateInBoundsGEP(I8, Data, J));
    tbaa(L, false);
    return B.CreateZExt(L, I64);
  }
  void storeByte(llvm::Value *V, llvm::Value *Data, llvm::Value *J) {
    tbaa(B.CreateStore(V, B.CreateInBoundsGEP(I8, Data, J)), false);
  }
  // Element kinds (runtime/Object.h): 0 Int, 1 Float (8-byte words),
  // 2 Mixed (Values), 3 Bool (one byte, 0 or 1).
  static constexpr uint64_t EKFloat = 1, EKMixed = 2, EKBool = 3;
  /// The value kind of a word array's elements (EK an i64: Int or Float).
  llvm::Value *wordTag(llvm::Value *EK) { return B.CreateAdd(EK, c64(KInt)); }
  /// True when V goes into an array of element kind EK (as i64) as a raw
  /// word: an Int into Int storage, a Float into Float storage.
  llvm::Value *isWordOfArray(CGV V, llvm::Value *EK) {
    return B.CreateAnd(B.CreateICmpULE(EK, c64(EKFloat)), B.CreateICmpEQ(V.Tag, wordTag(EK)));
  }
  /// True when V is a Bool going into Bool storage.
  llvm::Value *isBoolOfArray(CGV V, llvm::Value *EK) {
    return B.CreateAnd(B.CreateICmpEQ(EK, c64(EKBool)), isTag(V, KBool));
  }
  /// A Bool's byte in Bool storage (its payload's low byte, as 0 or 1).
  llvm::Value *boolByte(CGV V) {
    return B.CreateZExt(B.CreateICmpNE(B.CreateAnd(V.Pay, c64(0xff)), c64(0)), I8);
  }
  CGV boolValue(llvm::Value *Bit) { return cgv(KBool, B.CreateZExt(Bit, I64)); }

  FunctionCallee rtFn(const char *Name, Type *Ret, ArrayRef<Type *> Params, bool NoReturn = false) {
    FunctionCallee C = M.getOrInsertFunction(Name, FunctionType::get(Ret, Params, false));
    if (NoReturn)
      if (auto *Callee = dyn_cast<Function>(C.getCallee()))
        Callee->addFnAttr(Attribute::NoReturn);
    return C;
  }
  CGV callValueFn(const char *Name, ArrayRef<Type *> Params, ArrayRef<llvm::Value *> Args) {
    return fromRet(B.CreateCall(rtFn(Name, ValTy, Params), Args));
  }

  /// A temporary Value slot for a construct's result (if, match, loops).
  AllocaInst *resultSlot() { return entryAlloca(ValTy, "res"); }

  //===-- Expressions ---------------------------------------------------===//

  CGV emit(ast::Expr *E);
  CGV emitBlock(ast::Block *Bl);
  CGV emitIdent(ast::Ident *I);
  CGV emitBinaryOp(BinaryOp Op, CGV L, CGV R, SiteId Site);
  bool emitTypedBinary(BinaryOp Op, CGV L, CGV R, SiteId Site, CGV &Out);
  CGV emitUnary(ast::Unary *U);
  CGV emitLogical(ast::Logical *L);
  CGV emitAssign(ast::Assign *A);
  CGV emitCall(ast::Call *C);
  CGV emitDirectCall(ast::FunctionDecl *Target, llvm::Value *Args, size_t N, SiteId Site,
                     ast::CallSiteFeedback *SiteFeedback,
                     llvm::Value *Raw = nullptr, const std::vector<CGV> *RawArgs = nullptr);
  llvm::Value *roomForCall(llvm::Value *Depth);
  CGV emitPureCall(llvm::Value *Callee, const std::vector<CGV> &Args);
  /// Tier 2: the raw entry of Target specialized for the argument values'
  /// kinds when they are all constants (and such code exists), else null.
  llvm::Value *specializedCallee(ast::FunctionDecl *Target, const std::vector<CGV> &Args);
  /// A copy of Target's specialization for Args in this module (see
  /// CodegenCalls.cpp). Recursive: Target is the function being compiled,
  /// called with its own kinds, and the copy's recursive calls call F.
  Function *inlineCopy(ast::FunctionDecl *Target, const std::vector<CGV> &Args, bool Recursive = false);
  /// Tier 2's raw convention: (captures, shadow-stack depth, payload of
  /// each argument).
  FunctionType *rawType(size_t NumParams) {
    std::vector<Type *> Params(NumParams + 2, I64);
    Params[0] = Ptr;
    Params[1] = I32;
    return FunctionType::get(ValTy, Params, false);
  }
  void syncDepth();
  void increment(const uint64_t *Counter) {
    llvm::Value *P = cptr(Counter);
    B.CreateStore(B.CreateAdd(B.CreateLoad(I64, P), c64(1)), P);
  }
  CGV emitMethodCall(ast::MethodCall *MC);
  CGV emitIf(ast::If *I);
  CGV emitWhile(ast::While *W);
  CGV emitLoop(ast::Loop *L);
  CGV emitFor(ast::For *L);
  llvm::Value *emitForLength(CGV It, SiteId Site);
  CGV emitCountedFor(ast::For *L, llvm::Value *Lo, llvm::Value *Hi, bool Inclusive);
  CGV emitMatch(ast::Match *Mt);
  CGV emitLet(ast::Let *L);
  CGV emitFallback(ast::Expr *E);
  CGV emitMacro(ast::Macro *Mc);
  CGV emitCast(ast::Cast *C);
  CGV emitIndexGet(CGV Obj, CGV Idx, SiteId Site);
  bool emitSpeculatedElementRead(ast::Index *Ix, CGV Obj, CGV Idx, Kind Want, CGV &Out);
  bool emitSpeculatedElementWrite(ast::Index *Ix, CGV Obj, CGV Idx, CGV V);
  void deoptUnlessAtStatement(llvm::Value *Cond, ast::Expr *Site, CGV V, Kind Want);
  /// The kind of a word array's elements.
  static Kind wordKind(ElemKind EK) {
    return EK == ElemKind::Int ? Kind::Int : EK == ElemKind::Float ? Kind::Float : Kind::Bool;
  }
  llvm::Value *emitFieldPtr(ast::Field *Fd, CGV Obj);
  void emitIndexSet(CGV Obj, CGV Idx, CGV V, SiteId Site);
  /// An array element access being emitted: the array, the normalized
  /// index, the element kind (i8) and the data pointer.
  struct ArrayAccess {
    llvm::Value *A, *J, *EK, *Data;
  };
  /// For a[i] fast paths: a branch to InBounds when Obj is an array, Idx an
  /// Int within bounds; otherwise to Slow, or to OutOfBounds when only the
  /// bounds failed.
  ArrayAccess arrayBoundsCheck(CGV Obj, CGV Idx, BasicBlock *InBounds, BasicBlock *Slow,
                               BasicBlock *OutOfBounds);
  /// True when Obj is an array and Idx an Int in every execution (Tier 2's
  /// typed locals): the runtime's slow path can then only raise the
  /// out-of-bounds error.
  static bool knownArrayIndex(CGV Obj, CGV Idx) {
    return constKind(Obj) == static_cast<int64_t>(Kind::Array) &&
           constKind(Idx) == static_cast<int64_t>(Kind::Int);
  }
  void storePattern(ast::Pattern *Pat, CGV V, SiteId Site);
  void storeVar(ast::Ident *I, CGV V);
  llvm::Value *varPtr(ast::Ident *I);
  llvm::Value *emitArgs(const std::vector<ast::Expr *> &Args, size_t Extra, bool &Failed,
                        CGV *First = nullptr, std::vector<CGV> *Out = nullptr,
                        bool Store = true);
  void storeArgs(llvm::Value *Arr, const std::vector<CGV> &Vals) {
    for (size_t I = 0; I < Vals.size(); ++I)
      storeValue(B.CreateInBoundsGEP(ValTy, Arr, c64(I)), Vals[I]);
  }
  /// A poll point (runtime/Interrupt.h): stops the program here with the
  /// pending interrupt's error. Emitted only when a limit is set.
  void emitInterruptPoll(SiteId Site) {
    if (!interruptPollsEnabled())
      return;
    LoadInst *Flag = B.CreateLoad(I8, cptr(&PendingInterrupt));
    Flag->setAtomic(AtomicOrdering::Monotonic);
    Flag->setAlignment(Align(1));
    raiseIf(B.CreateIsNotNull(Flag), "interrupt", [&] {
      B.CreateCall(rtFn("rt_interrupted", Type::getVoidTy(Ctx), {I32}, true), {c32(Site)});
    });
  }
  /// A loop's body: `continue` goes to Continue (which the body also falls
  /// into), `break` stores its value in Result and goes to Exit.
  void emitLoopBody(const ast::LoopExpr *L, BasicBlock *Continue, BasicBlock *Exit,
                    llvm::Value *Result) {
    Loops.push_back({L, Continue, Exit, Result});
    emitInterruptPoll(L->Site);
    // Reports that time the run (the profiler's hot loops) count compiled
    // iterations too; other runs pay nothing (the flag is set before any
    // compile).
    if (*bridgeTimingFlag())
      increment(&L->CompiledIters);
    emitBlock(L->Body);
    Loops.pop_back();
    if (!terminated())
      B.CreateBr(Continue);
  }
  LoopCtx *findLoop(const ast::LoopExpr *L) {
    for (auto It = Loops.rbegin(); It != Loops.rend(); ++It)
      if (It->L == L)
        return &*It;
    return nullptr;
  }
};

} // namespace ruchy::jit::codegen

#endif
