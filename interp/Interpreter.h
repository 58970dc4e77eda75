//===- interp/Interpreter.h - Tier 0: the AST interpreter --------*- C++ -*-===//
//
// Tier 0 runs every function first. It walks the resolved AST with locals in
// frame slots (no name lookups), never allocates for Int/Float arithmetic,
// and records what the tier manager and the profiler need: calls and
// argument-type signatures per function, back-edges per loop, operand kinds
// per operation site and inline-cache states per call site (the counters
// live in the AST nodes, see frontend/AST.h).
//
// Control flow (break/continue/return) unwinds by a status flag checked after
// each evaluated child, not by C++ exceptions, so it costs a predictable
// branch and no unwinding tables. Runtime errors end the program through
// runtime/Error.h.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_INTERP_INTERPRETER_H
#define RUCHY_INTERP_INTERPRETER_H

#include "frontend/AST.h"
#include "interp/CallProfile.h"
#include "runtime/Interrupt.h"
#include "runtime/Value.h"

#include <cstddef>

namespace ruchy {
struct Cell;

/// One activation of a function: its slots and, for closures, its captures.
/// Compiled code keeps the same slot layout, which is what lets it fall back
/// to the interpreter for a subtree and enter at a loop header (OSR).
struct Frame {
  Value *Slots;
  Cell *const *Captures;
  const ast::FunctionDecl *Fn;
};

/// Entry points of compiled code (jit/). A whole function takes its
/// arguments; an OSR entry takes the interpreter's frame at a loop header
/// and runs the rest of the function.
using CompiledFn = Value (*)(const Value *Args, Cell *const *Captures);
using OsrFn = Value (*)(Value *Slots, Cell *const *Captures);

/// What the interpreter asks of the tier manager (installed by jit/; the
/// interpreter itself knows nothing of LLVM).
class TierHooks {
public:
  virtual ~TierHooks() = default;
  /// Fn reached the call threshold: compile it (set Fn->JitCode) or mark
  /// it failed (Fn->JitFailed).
  virtual void onHotFunction(ast::FunctionDecl *Fn) = 0;
  /// Loop L of Fn reached the back-edge threshold: return an OSR entry or
  /// null (and mark L->OsrFailed).
  virtual OsrFn onHotLoop(ast::FunctionDecl *Fn, ast::LoopExpr *L) = 0;
  /// True when a hot call of Fn with signature Sig should be compiled as a
  /// Tier 2 specialization (onHotFunction then makes it).
  /// Loop L reached the back-edge threshold: true to compile its OSR entry
  /// now, false to stay in Tier 0 for now (asked again at later back-edges).
  /// Slots: the running frame's (the loops' positions and bounds).
  virtual bool osrWorthIt(ast::FunctionDecl *Fn, ast::LoopExpr *L, const Value *Slots) {
    (void)Fn;
    (void)L;
    (void)Slots;
    return true;
  }
  virtual bool wantsSpecialization(ast::FunctionDecl *Fn, uint64_t Sig) {
    (void)Fn;
    (void)Sig;
    return false;
  }
};

/// The method-cache slot of Fn for argument signature Sig, or -1.
inline int specializationSlot(const ast::FunctionDecl *Fn, uint64_t Sig) {
  uint32_t N = __atomic_load_n(&Fn->NumSpecs, __ATOMIC_ACQUIRE);
  for (uint32_t I = 0; I < N; ++I)
    if (Fn->Specs[I].Sig == Sig)
      return static_cast<int>(I);
  return -1;
}

/// Fn's Tier 2 code for argument signature Sig, or null.
inline void *findSpecialization(const ast::FunctionDecl *Fn, uint64_t Sig) {
  int I = specializationSlot(Fn, Sig);
  return I < 0 ? nullptr : Fn->Specs[I].Entry;
}

/// The method cache's clock: advanced (by the program's thread only) at
/// every call through the cache, stamped on the entry called. Direct calls
/// between specializations do not tick it: a callee linked into compiled
/// code stays in the cache as long as that code does.
inline uint64_t SpecUseClock = 0;

/// findSpecialization for a call about to be made: stamps the entry used.
inline void *useSpecialization(ast::FunctionDecl *Fn, uint64_t Sig) {
  int I = specializationSlot(Fn, Sig);
  if (I < 0)
    return nullptr;
  __atomic_store_n(&SpecUseClock, SpecUseClock + 1, __ATOMIC_RELAXED);
  __atomic_store_n(&Fn->Specs[I].LastUse, SpecUseClock, __ATOMIC_RELAXED);
  return Fn->Specs[I].Entry;
}

enum class Unwind : uint8_t { None, Break, Continue, Return };

/// One level of a point where Tier 0 takes over a running call from
/// compiled code (deoptimization): statement Index of block Blk has just
/// completed (-1: none yet). A path lists the blocks from the function's body
/// inward; each block after the first is the body of a loop or a branch of
/// an `if` that is a statement of the block before it.
struct ResumeStep {
  ast::Block *Blk;
  int32_t Index;
};

class Interpreter {
public:
  explicit Interpreter(ast::Program &P);

  /// Runs the top level, then `main()` if the top level did not call it.
  /// Returns the process exit status (runtime errors do not return).
  int run();

  /// Calls a function value (closure or named function) with arguments;
  /// SiteFB, when given, is the calling site's inline cache to record in.
  Value callValue(Value Fn, const Value *Args, size_t N, SiteId Site,
                  ast::CallSiteFeedback *SiteFB = nullptr);

  ast::Program &program() { return P; }

  /// Installs the tier manager: functions are offered for compilation at
  /// their CallThreshold-th call, loops for OSR at BackEdgeThreshold
  /// back-edges (UINT64_MAX: never).
  void setTierHooks(TierHooks *H, uint64_t CallThreshold, uint64_t BackEdgeThreshold) {
    Hooks = H;
    TierUpCalls = CallThreshold;
    OsrBackEdges = BackEdgeThreshold;
  }

  /// Measures self time per function and tier (for --tier-stats): two
  /// time-stamp-counter reads per call while enabled, none otherwise.
  void enableTiming() { Timing = true; }
  /// Timing, plus the calling-context tree of every call in every tier
  /// (`ruchy-jit profile`); Out must outlive the run.
  void enableProfiling(CallProfile *Out) {
    Timing = true;
    Profile = Out;
  }
  /// Charges the time since the last account switch (a profile read before
  /// the run ends, at a runtime error).
  void chargeTiming() {
    if (Timing)
      chargeTime();
  }
  /// Compiled code takes its inline call path only while this is false.
  const bool *timingFlag() const { return &Timing; }

  //===-- For compiled code (jit/RuntimeBridge.cpp) -----------------------===//
  Value *globals() { return Globals; }
  /// Frees the program's permanent heap roots (globals, function values),
  /// after which nothing may run: for a process that runs many programs
  /// (the fuzz targets). The engine keeps them to the end.
  void releaseHeapRoots();
  Unwind &unwindKind() { return UnwindKind; }
  const ast::LoopExpr *unwindTarget() const { return UnwindTarget; }
  Value unwindValue() const { return UnwindValue; }
  /// Evaluates a subtree in Tier 0 on a compiled function's frame.
  Value evalIn(ast::Expr *E, Frame &F) { return eval(E, F); }
  /// Runs the rest of F's function from a resume point and returns the
  /// function's result (interp/Resume.cpp).
  Value resumeAt(const ResumeStep *Path, size_t N, Frame &F);
  void bindPatternIn(ast::Pattern *Pat, Value V, Frame &F, SiteId Site) {
    bindPattern(Pat, V, F, Site);
  }
  bool matchPatternIn(ast::Pattern *Pat, Value V, Frame &F) { return matchPattern(Pat, V, F); }
  Value makeClosureIn(const ast::FunctionDecl *Fn, Frame &F) { return makeClosure(Fn, F); }
  void bindBlockFunctionsIn(ast::Block *B, Frame &F) { bindBlockFunctions(B, F); }
  Value callFunctionIn(const ast::FunctionDecl *Fn, Cell *const *Captures, const Value *Args,
                       size_t N, SiteId Site, ast::CallSiteFeedback *SiteFB = nullptr) {
    return callFunction(Fn, Captures, Args, N, Site, SiteFB);
  }
  Value callMethodIn(ast::MethodCall *M, const Value *ArgsWithRecv);
  Value *fieldSlotIn(ast::Field *Fd, Value Obj) { return fieldSlot(Fd, Obj); }
  /// A struct literal's object from its initializers' values (source order);
  /// omitted fields take their declared defaults.
  Value buildStruct(ast::StructLit *S, const Value *Vals);

private:
  bool Timing = false;
  uint64_t LastTick = 0;
  uint64_t *CurTicks = nullptr; ///< the account time is charged to now
  /// Charges the time since the last switch to the current account.
  void chargeTime();
  /// Switches the account (returns the previous one).
  uint64_t *switchAccount(uint64_t *To) {
    chargeTime();
    uint64_t *Prev = CurTicks;
    CurTicks = To;
    return Prev;
  }
  /// A call of Fn starts: its account To (one of its tiers'), and when
  /// profiling its node of the calling-context tree.
  uint64_t *enterAccount(const ast::FunctionDecl *Fn, uint64_t *To) {
    uint64_t *Prev = switchAccount(To);
    if (Profile) {
      CurNode = CurNode->child(Fn);
      ++CurNode->Calls;
    }
    return Prev;
  }
  /// The call entered by enterAccount returns.
  void leaveAccount(uint64_t *Prev) {
    switchAccount(Prev);
    if (Profile)
      CurNode = CurNode->Parent;
  }
  CallProfile *Profile = nullptr;
  ProfileNode *CurNode = nullptr;
  uint64_t LastAllocObjects = 0, LastAllocBytes = 0;

  TierHooks *Hooks = nullptr;
  /// Asks the tier manager to compile Fn (L null) or its OSR entry at L.
  OsrFn compileNow(ast::FunctionDecl *Fn, ast::LoopExpr *L);
  uint64_t TierUpCalls = UINT64_MAX;
  uint64_t OsrBackEdges = UINT64_MAX;
  /// At a hot back-edge: enter compiled code for the rest of the function.
  /// True when it ran (Result holds the function's value, unwinding Return).
  bool tryOsr(ast::LoopExpr *L, Frame &F, Value &Result);

  ast::Program &P;
  Value *Globals = nullptr;

  // Unwinding state for break/continue/return.
  Unwind UnwindKind = Unwind::None;
  const ast::LoopExpr *UnwindTarget = nullptr;
  Value UnwindValue;

  Value eval(ast::Expr *E, Frame &F);
  // Out of line on purpose: see Interpreter::eval.
  [[gnu::noinline]] Value evalOther(ast::Expr *E, Frame &F);
  [[gnu::noinline]] Value evalIf(ast::If *I, Frame &F);
  Value evalBlock(ast::Block *B, Frame &F);
  [[gnu::noinline]] Value evalIdent(ast::Ident *I, Frame &F);
  [[gnu::noinline]] Value evalBinary(ast::Binary *B, Frame &F);
  [[gnu::noinline]] Value evalAssign(ast::Assign *A, Frame &F);
  [[gnu::noinline]] Value evalCall(ast::Call *C, Frame &F);
  [[gnu::noinline]] Value evalMethodCall(ast::MethodCall *M, Frame &F);
  [[gnu::noinline]] Value evalField(ast::Field *Fd, Frame &F);
  /// The field's storage in a struct value (inline-cached per site).
  Value *fieldSlot(ast::Field *Fd, Value Obj);
  [[gnu::noinline]] Value evalFor(ast::For *L, Frame &F);
  Value iterateFor(ast::For *L, Frame &F, Value It, int64_t Pos, bool Resume);
  Value resumeBlock(const ResumeStep *Path, size_t N, Frame &F);
  Value finishStatement(ast::Expr *S, const ResumeStep *Path, size_t N, Frame &F);
  [[gnu::noinline]] Value evalWhile(ast::While *L, Frame &F);
  [[gnu::noinline]] Value evalLoop(ast::Loop *L, Frame &F);
  [[gnu::noinline]] Value evalMatch(ast::Match *M, Frame &F);
  [[gnu::noinline]] Value evalStructLit(ast::StructLit *S, Frame &F);
  [[gnu::noinline]] Value evalMacro(ast::Macro *M, Frame &F);
  [[gnu::noinline]] Value evalFString(ast::FString *S, Frame &F);
  Value makeClosure(const ast::FunctionDecl *Fn, Frame &F);
  void bindBlockFunctions(ast::Block *B, Frame &F);

  /// Assigns to a name (locals, cells, captures, globals).
  void storeVar(ast::Ident *I, Value V, Frame &F);
  /// Binds a pattern's variables; returns false when it does not match.
  bool matchPattern(ast::Pattern *Pat, Value V, Frame &F);
  /// Binds an irrefutable pattern (let, for, params): a mismatch is an error.
  void bindPattern(ast::Pattern *Pat, Value V, Frame &F, SiteId Site);
  void storePatternVar(ast::Pattern *Pat, Value V, Frame &F);

  /// Calls a user function. Args has N values; for methods Args[0] is self.
  /// SiteFB: the calling site's inline cache, which records (Fn, signature)
  /// with the signature computed here once.
  Value callFunction(const ast::FunctionDecl *Fn, Cell *const *Captures, const Value *Args,
                     size_t N, SiteId Site, ast::CallSiteFeedback *SiteFB = nullptr);
  /// Calls the struct method Name on Recv, or returns false if it has none.
  bool callUserMethod(ast::MethodCall *M, Value Recv, const Value *Args, size_t N, Frame &F,
                      Value &Result);
  Value fieldDefault(const ast::FieldDecl &FD);

  /// Counts one iteration of L toward its OSR threshold and toward its
  /// function's hotness; returns the loop's back-edge count.
  uint64_t countBackEdge(ast::LoopExpr *L, Frame &F) {
    pollInterrupt(L->Site);
    if (F.Fn)
      ++const_cast<ast::FunctionDecl *>(F.Fn)->Feedback.Hotness;
    return ++L->BackEdges;
  }
  /// Loop bookkeeping after the body ran: true when the loop must stop.
  bool loopShouldExit(const ast::LoopExpr *L, Value &Result);
};

/// Counts one call of a function with argument signature Sig (its type
/// feedback), in whichever tier the call ran.
void recordSignature(ast::FunctionFeedback &FB, uint64_t Sig);
/// Records that call site FB called Target with argument signature Sig.
void recordCallTarget(ast::CallSiteFeedback &FB, const ast::FunctionDecl *Target, uint64_t Sig);

/// Sets up the heap, the call stack and the error handler (once per process).
void initRuntime();
/// The interpreter that builtins call back into (runtime/Call.h).
void setActiveInterpreter(Interpreter *I);

} // namespace ruchy

#endif
