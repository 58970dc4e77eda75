//===- jit/Tier1Codegen.cpp - LLVM IR for Tier 1 -----------------*- C++ -*-===//
//
// One FunctionCodegen per compiled unit. Values are pairs of i64 (kind,
// payload); a kind read from memory is the low byte of its word (C++ leaves
// the padding bytes undefined), a kind written is the whole word.
//
//===----------------------------------------------------------------------===//
#include "jit/Tier1Codegen.h"

#include "frontend/AstWalk.h"
#include "interp/Constructors.h"
#include "jit/RuntimeBridge.h"
#include "runtime/Error.h"
#include "runtime/Object.h"
#include "runtime/TypeSignature.h"
#include "runtime/Operations.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"

#include <fmt/format.h>

#include <bit>
#include <cstddef>
#include <cstring>
#include <map>

using namespace llvm;
using namespace ruchy;
using namespace ruchy::jit;
using ruchy::ast::ExprKind;
using ruchy::ast::PatternKind;
using ruchy::ast::VarKind;

namespace {

/// What a typed Array local holds before its first store (an empty array in
/// read-only memory) rather than 0: every value of an Array-typed local is
/// then a valid header, which assumeArray tells LLVM. Nothing reads a local
/// before writing it, so nothing sees this one.
const Array UnsetArray = {ElemKind::Int, 0, 0, nullptr};

constexpr uint64_t KNil = static_cast<uint64_t>(Kind::Nil);
constexpr uint64_t KBool = static_cast<uint64_t>(Kind::Bool);
constexpr uint64_t KInt = static_cast<uint64_t>(Kind::Int);
constexpr uint64_t KFloat = static_cast<uint64_t>(Kind::Float);
constexpr uint64_t KStr = static_cast<uint64_t>(Kind::Str);
constexpr uint64_t KRange = static_cast<uint64_t>(Kind::Range);
constexpr uint64_t KFunc = static_cast<uint64_t>(Kind::Func);
constexpr uint64_t KUndef = static_cast<uint64_t>(Kind::Undef);

/// A value in registers: kind (i64, 0..255) and payload (i64).
struct CGV {
  llvm::Value *Tag;
  llvm::Value *Pay;
};

/// The LLVM predicate of a comparison operator on Ints (signed) or Floats
/// (ordered, except != which is true for NaN, as Tier 0's !(a == b) is);
/// BAD_*_PREDICATE for other operators.
CmpInst::Predicate comparePredicate(BinaryOp Op, bool Float) {
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
int64_t constKind(CGV V) {
  if (auto *C = dyn_cast<ConstantInt>(V.Tag))
    return static_cast<int64_t>(C->getZExtValue());
  return -1;
}

/// True when E (not entering nested functions) contains a break, continue
/// or return: such a subtree cannot be handed to the interpreter, whose
/// unwinding would not reach compiled loops and frames.
bool containsControlFlow(ast::Expr *E) {
  bool Found = false;
  ast::forEachExpr(E, [&](ast::Expr *X) {
    if (X->K == ExprKind::Break || X->K == ExprKind::Continue || X->K == ExprKind::Return)
      Found = true;
  });
  return Found;
}

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

private:
  LLVMContext &Ctx;
  Module &M;
  IRBuilder<> B;
  ast::FunctionDecl *Fn;
  ast::LoopExpr *OsrLoop;
  ruchy::Value *GlobalsArray;
  /// Tier 2: the signature and the inferred slot kinds; null for Tier 1.
  const Tier2Request *Spec;
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
  /// Tier 2 counted `for` loops: position and upper bound (OSR resumes them).
  std::map<const ast::For *, std::pair<AllocaInst *, AllocaInst *>> Counted;
  void emitOsrUnbox(llvm::Value *In);

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
  /// A plain local's value, wherever this unit keeps it.
  CGV loadLocal(int32_t Slot) {
    auto It = Typed.find(Slot);
    if (It != Typed.end())
      return cgv(It->second.second, B.CreateLoad(I64, It->second.first));
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
      B.CreateStore(V.Pay, It->second.first);
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
  // Element kinds (runtime/Object.h): 0 Int, 1 Float, 2 Mixed (Values),
  // 3 Bool; all but Mixed store 8-byte words.
  static constexpr uint64_t EKMixed = 2, EKBool = 3;
  /// The value kind of a word array's elements (EK an i64, not Mixed).
  llvm::Value *elemTag(llvm::Value *EK) {
    return B.CreateSelect(B.CreateICmpEQ(EK, c64(EKBool)), c64(KBool), B.CreateAdd(EK, c64(KInt)));
  }
  /// True when V goes into an array of element kind EK (as i64) as a raw
  /// word: an Int into Int storage, a Float into Float storage, a Bool into
  /// Bool storage.
  llvm::Value *isWordOfArray(CGV V, llvm::Value *EK) {
    return B.CreateAnd(B.CreateICmpNE(EK, c64(EKMixed)), B.CreateICmpEQ(V.Tag, elemTag(EK)));
  }
  /// V's word in a word array (a Bool's payload is only its low byte).
  llvm::Value *elemWord(CGV V) {
    llvm::Value *AsBool = B.CreateZExt(B.CreateICmpNE(B.CreateAnd(V.Pay, c64(0xff)), c64(0)), I64);
    return B.CreateSelect(isTag(V, KBool), AsBool, V.Pay);
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
  /// Tier 2: the raw entry of Target specialized for the argument values'
  /// kinds when they are all constants (and such code exists), else null.
  llvm::Value *specializedCallee(ast::FunctionDecl *Target, const std::vector<CGV> &Args);
  Function *inlineCopy(ast::FunctionDecl *Target, const std::vector<CGV> &Args);
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
  /// A loop's body: `continue` goes to Continue (which the body also falls
  /// into), `break` stores its value in Result and goes to Exit.
  void emitLoopBody(const ast::LoopExpr *L, BasicBlock *Continue, BasicBlock *Exit,
                    llvm::Value *Result) {
    Loops.push_back({L, Continue, Exit, Result});
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
        AllocaInst *A = B.CreateAlloca(I64, nullptr, fmt::format("local{}.{}", S, kindName(K)));
        if (K == Kind::Array) {
          if (!UnsetArrayStated) {
            emitArrayAssume(B, c64(reinterpret_cast<uintptr_t>(&UnsetArray)));
            UnsetArrayStated = true;
          }
          B.CreateStore(c64(reinterpret_cast<uintptr_t>(&UnsetArray)), A);
        } else {
          B.CreateStore(c64(0), A);
        }
        Typed[S] = {A, static_cast<uint64_t>(K)};
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
    B.CreateRet(toRet(R));
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
void FunctionCodegen::emitOsrUnbox(llvm::Value *In) {
  // Slot addresses live in the entry block: make them before it branches.
  for (auto &[L, St] : Counted) {
    slotPtr(L->IterSlot);
    slotPtr(L->IndexSlot);
  }
  BasicBlock *Decline = block("osr.decline");
  for (auto &[Slot, TA] : Typed) {
    auto [A, K] = TA;
    CGV V = loadValue(B.CreateInBoundsGEP(ValTy, In, c64(static_cast<uint64_t>(Slot))));
    BasicBlock *Ok = block("osr.ok");
    B.CreateCondBr(B.CreateOr(isTag(V, K), isTag(V, KNil)), Ok, Decline);
    B.SetInsertPoint(Ok);
    if (K == static_cast<uint64_t>(Kind::Array)) {
      llvm::Value *P = B.CreateSelect(isTag(V, K), V.Pay, c64(reinterpret_cast<uintptr_t>(&UnsetArray)));
      assumeArray(P);
      B.CreateStore(P, A);
    } else {
      B.CreateStore(B.CreateSelect(isTag(V, K), V.Pay, c64(0)), A);
    }
  }
  for (auto &[L, St] : Counted) {
    CGV It = loadValue(slotPtr(L->IterSlot));
    CGV Pos = loadValue(slotPtr(L->IndexSlot));
    BasicBlock *Resume = block("osr.for"), *Next = block("osr.next");
    B.CreateCondBr(B.CreateAnd(isTag(It, KRange), isTag(Pos, KInt)), Resume, Next);
    B.SetInsertPoint(Resume);
    llvm::Value *R = B.CreateIntToPtr(It.Pay, Ptr);
    B.CreateStore(B.CreateLoad(I64, B.CreateConstInBoundsGEP1_64(I8, R, 8)), St.second);
    B.CreateStore(Pos.Pay, St.first);
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
  for (size_t I = 0; I < Bl->Stmts.size(); ++I) {
    Path.back().Index = static_cast<int32_t>(I);
    Last = emit(Bl->Stmts[I]);
    if (!Failure.empty())
      break;
  }
  Path.pop_back();
  return Failure.empty() ? Last : nil();
}

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

// A failed guard: every local goes back into the frame in Tier 0's layout
// (the value that failed into its own slot, the state of counted loops into
// their hidden slots), and Tier 0 runs the rest of the call, whose result
// this code returns.
void FunctionCodegen::emitDeopt(int32_t Slot, CGV V, Kind Expected,
                                const std::vector<ResumeStep> &RPath) {
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
    storeValue(slotPtr(S), cgv(TA.second, B.CreateLoad(I64, TA.first)));
  BasicBlock *Store = block("deopt.store"), *Loops = block("deopt.loops");
  B.CreateCondBr(B.CreateIsNotNull(DeoptSlot), Store, Loops);
  B.SetInsertPoint(Store);
  storeValue(DeoptSlot, {DeoptTag, DeoptPay});
  B.CreateBr(Loops);
  B.SetInsertPoint(Loops);
  for (auto &[Fo, St] : Counted) {
    llvm::Value *Pos = B.CreateLoad(I64, St.first);
    llvm::Value *Hi = B.CreateLoad(I64, St.second);
    auto *R = static_cast<const ast::RangeExpr *>(Fo->Iterable);
    CGV Range = callValueFn("rt_rangeValue", {I64, I64, I64},
                            {Pos, Hi, c64(R->Hi && R->Inclusive ? 1 : 0)});
    storeValue(slotPtr(Fo->IterSlot), Range);
    storeValue(slotPtr(Fo->IndexSlot), cgv(KInt, Pos));
  }
  B.CreateRet(toRet(callValueFn("rt_deopt", {Ptr, Ptr}, {DeoptRP, framePtr()})));
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

// Both operand kinds known while generating IR: the operation without kind
// tests, with a constant result kind, so that the kinds keep flowing (into
// calls of specializations, for one). The error cases call the runtime,
// which raises exactly as Tier 0 does, and never come back.
bool FunctionCodegen::emitTypedBinary(BinaryOp Op, CGV L, CGV R, SiteId Site, CGV &Out) {
  int64_t LK = constKind(L), RK = constKind(R);
  auto Raise = [&](llvm::Value *Bad) {
    BasicBlock *Err = block("bin.raise"), *Ok = block("bin.ok");
    B.CreateCondBr(Bad, Err, Ok, MDBuilder(Ctx).createBranchWeights(1, 1 << 20));
    B.SetInsertPoint(Err);
    callValueFn("rt_binary", {I32, I64, I64, I64, I64, I32},
                {c32(static_cast<uint32_t>(Op)), L.Tag, L.Pay, R.Tag, R.Pay, c32(Site)});
    B.CreateUnreachable();
    B.SetInsertPoint(Ok);
  };
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
    BasicBlock *Err = block("neg.raise"), *Ok = block("neg.ok");
    B.CreateCondBr(B.CreateICmpEQ(V.Pay, c64(static_cast<uint64_t>(INT64_MIN))), Err, Ok);
    B.SetInsertPoint(Err);
    callValueFn("rt_neg", {I64, I64, I32}, {V.Tag, V.Pay, c32(U->Site)});
    B.CreateUnreachable();
    B.SetInsertPoint(Ok);
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
      if (Raw && Raw != F)
        if (Function *Copy = inlineCopy(C->Target, Vals))
          Raw = Copy;
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
    return callValueFn("rt_callBuiltin", {I32, Ptr, I64, I32},
                       {c32(static_cast<uint32_t>(C->BuiltinId)), Arr, c64(N), c32(C->Site)});
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
Function *FunctionCodegen::inlineCopy(ast::FunctionDecl *Target, const std::vector<CGV> &Args) {
  if (!Spec->Inline)
    return nullptr;
  std::vector<Kind> Kinds;
  for (const CGV &A : Args)
    Kinds.push_back(static_cast<Kind>(constKind(A)));
  std::string Name = fmt::format("{}.inl", Target->QualName);
  for (Kind K : Kinds)
    Name += std::string(".") + kindName(K);
  if (Function *Existing = M.getFunction(Name))
    return Existing;
  std::unique_ptr<Tier2Request> Req = Spec->Inline(Target, Kinds);
  if (!Req)
    return nullptr;
  FunctionCodegen G(Ctx, M, Target, nullptr, GlobalsArray, Req.get());
  Function *Copy = G.generate(Name);
  if (!Copy) {
    if (Function *Partial = M.getFunction(Name))
      Partial->eraseFromParent();
    return nullptr;
  }
  Copy->setLinkage(GlobalValue::InternalLinkage);
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
  if (Target == Fn && Kinds == Spec->ArgKinds)
    return F; // recursion: a direct call of this very function
  void *Code = Spec->Callee ? Spec->Callee(Target, Kinds) : nullptr;
  return Code ? cptr(Code) : nullptr;
}

// A call of a known function whose arity matches. When the callee has
// compiled code (and no report is timing calls), the call is made here with
// the bookkeeping Interpreter::callFunction would do, inline: native stack
// check, shadow call stack push, call counts and signature feedback. Any
// other case, including every error, goes through callFunction itself.
CGV FunctionCodegen::emitDirectCall(ast::FunctionDecl *Target, llvm::Value *Args, size_t N,
                                    SiteId Site, ast::CallSiteFeedback *SiteFeedback, llvm::Value *Raw,
                                    const std::vector<CGV> *RawArgs) {
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
    for (unsigned E = PolyEntries; E-- > 0;) {
      llvm::Value *Hit = B.CreateAnd(B.CreateICmpUGT(NSpecs, B.getInt32(E)),
                                     B.CreateICmpEQ(B.CreateLoad(I64, cptr(&Target->Specs[E].Sig)), Sig));
      Code = B.CreateSelect(Hit, B.CreateLoad(Ptr, cptr(&Target->Specs[E].Entry)), Code);
      IsSpec = B.CreateOr(IsSpec, Hit);
    }
    B.CreateCondBr(B.CreateAnd(B.CreateIsNotNull(Code), NotTiming), Fast, Slow);
  } else {
    B.CreateCondBr(NotTiming, Fast, Slow);
  }

  B.SetInsertPoint(Fast);
  // The stack limit and the call stack's array are set once, before
  // anything is compiled: constants here.
  llvm::Value *FrameAddr = B.CreateIntrinsic(Intrinsic::frameaddress, {Ptr}, {B.getInt32(0)});
  llvm::Value *DepthP = cptr(CallStack::depthAddress());
  llvm::Value *Depth = CurDepth ? CurDepth : B.CreateLoad(I32, DepthP);
  llvm::Value *StackOk = B.CreateICmpUGT(B.CreatePtrToInt(FrameAddr, I64),
                                         c64(reinterpret_cast<uintptr_t>(StackLimit)));
  llvm::Value *DepthOk = B.CreateICmpULT(Depth, B.getInt32(CallStack::MaxDepth));
  B.CreateCondBr(B.CreateAnd(StackOk, DepthOk), Go, Slow);

  B.SetInsertPoint(Go);
  llvm::Value *Calls = cptr(*CallStack::callsAddress());
  llvm::Value *Entry = B.CreateInBoundsGEP(
      I8, Calls, B.CreateMul(B.CreateZExt(Depth, I64), c64(sizeof(ActiveCall))));
  B.CreateStore(cptr(Target->QualName.c_str()), Entry);
  B.CreateStore(c32(Site), B.CreateConstInBoundsGEP1_64(I8, Entry, offsetof(ActiveCall, CallSite)));
  llvm::Value *Inner = B.CreateAdd(Depth, B.getInt32(1));
  // Code with Tier 1's convention reads the depth from the global; a raw
  // callee takes it as an argument.
  if (!Raw)
    B.CreateStore(Inner, DepthP);
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
               *NotWord = block("push.notword"), *Mixed = block("push.mixed"),
               *Grow = block("push.grow"), *Pushed = block("push.done");
    B.CreateCondBr(B.CreateICmpSLT(Len, Cap), Room, Grow);
    B.SetInsertPoint(Room);
    llvm::Value *Data = loadHeader(Ptr, A, 24);
    B.CreateCondBr(isWordOfArray(V, EK), Word, NotWord);
    B.SetInsertPoint(Word);
    storeWord(elemWord(V), Data, Len);
    storeHeader(B.CreateAdd(Len, c64(1)), A, 8);
    B.CreateBr(Pushed);
    B.SetInsertPoint(NotWord);
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

CGV FunctionCodegen::emitIf(ast::If *I) {
  CGV C = emit(I->Cond);
  AllocaInst *Res = resultSlot();
  BasicBlock *Then = block("if.then"), *Else = block("if.else"), *Done = block("if.done");
  B.CreateCondBr(truthy(C), Then, Else);
  B.SetInsertPoint(Then);
  CGV TV = emitBlock(I->Then);
  if (!terminated()) {
    storeValue(Res, TV);
    B.CreateBr(Done);
  }
  B.SetInsertPoint(Else);
  CGV EV = I->Else ? emit(I->Else) : nil();
  if (!terminated()) {
    storeValue(Res, EV);
    B.CreateBr(Done);
  }
  B.SetInsertPoint(Done);
  return loadValue(Res);
}

CGV FunctionCodegen::emitWhile(ast::While *W) {
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
// out of the frame, since Tier 2 code is never entered by OSR.
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
  Counted[L] = {Idx, HiA};
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
    llvm::Value *Done = Inclusive ? B.CreateICmpEQ(P, H) : B.CreateICmpSGE(B.CreateAdd(P, c64(1)), H);
    B.CreateCondBr(Done, ExitNil, NextBB);
    B.SetInsertPoint(NextBB);
    B.CreateStore(B.CreateAdd(P, c64(1)), Idx);
    B.CreateBr(Body);
  };
  Step(Latch);
  if (L == OsrLoop)
    OsrTarget = osrStepEntry(Step);
  B.SetInsertPoint(ExitNil);
  storeValue(Res, nil());
  B.CreateBr(Exit);
  B.SetInsertPoint(Exit);
  return loadValue(Res);
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
  Step(Latch);
  if (L == OsrLoop)
    OsrTarget = osrStepEntry(Step);

  B.SetInsertPoint(ExitNil);
  storeValue(Res, nil());
  B.CreateBr(Exit);
  B.SetInsertPoint(Exit);
  return loadValue(Res);
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
  BasicBlock *Words = block("idx.words"), *Mixed = block("idx.mixed");
  B.CreateCondBr(B.CreateICmpEQ(EK, ConstantInt::get(I8, EKMixed)), Mixed, Words);
  B.SetInsertPoint(Words);
  llvm::Value *Word = loadWord(Data, J);
  storeValue(Res, {elemTag(B.CreateZExt(EK, I64)), Word});
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
    Out = cgv(static_cast<uint64_t>(Want), loadWord(Data, J));
  }
  return true;
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
             *Mixed = block("idxset.mixed");
  // A word array takes a value of its own kind as a raw word; anything else
  // widens the array, which the runtime does.
  B.CreateCondBr(isWordOfArray(V, EK), Word, NotWord);
  B.SetInsertPoint(Word);
  storeWord(elemWord(V), Data, J);
  B.CreateBr(Done);
  B.SetInsertPoint(NotWord);
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

CGV FunctionCodegen::emit(ast::Expr *E) {
  if (!Failure.empty())
    return nil();
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
    B.CreateRet(toRet(V));
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

} // namespace

Tier1Module ruchy::jit::generateTier2(ast::FunctionDecl *Fn, const Tier2Request &Req,
                                      const std::string &Name, ruchy::Value *Globals,
                                      ast::LoopExpr *OsrLoop) {
  Tier1Module Out;
  Out.Ctx = std::make_unique<LLVMContext>();
  Out.M = std::make_unique<Module>(Name, *Out.Ctx);
  Out.EntryName = OsrLoop ? Name : Name + ".entry";
  FunctionCodegen G(*Out.Ctx, *Out.M, Fn, OsrLoop, Globals, &Req);
  Function *Raw = G.generate(Name);
  if (!Raw) {
    Out.Failure = G.Failure.empty() ? "code generation failed" : G.Failure;
    return Out;
  }
  if (OsrLoop)
    return Out;
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

Tier1Module ruchy::jit::generateTier1(ast::FunctionDecl *Fn, ast::LoopExpr *OsrLoop,
                                      const std::string &EntryName, ruchy::Value *Globals) {
  Tier1Module Out;
  Out.Ctx = std::make_unique<LLVMContext>();
  Out.M = std::make_unique<Module>(EntryName, *Out.Ctx);
  Out.EntryName = EntryName;
  FunctionCodegen G(*Out.Ctx, *Out.M, Fn, OsrLoop, Globals);
  if (!G.generate(EntryName))
    Out.Failure = G.Failure.empty() ? "code generation failed" : G.Failure;
  return Out;
}
