//===- jit/Codegen.h - LLVM IR for the compiled tiers ------------*- C++ -*-===//
//
// Tier 1 turns a function's resolved AST into generic LLVM IR: values stay
// boxed (a kind and a payload), locals live in a frame with the very layout
// Tier 0 uses, Int and Float arithmetic and comparisons run inline, control
// flow is native, and everything else calls the runtime bridge, down to
// evaluating a whole subtree in the interpreter on the same frame. The code
// is valid for any argument types, so it needs no guards.
//
// The same generator makes OSR entries (a copy of the function whose entry
// block takes the interpreter's frame and jumps to one loop's header) and
// Tier 2's specializations (Tier2Request): typed locals unboxed, guards,
// raw calls. Its implementation is jit/FunctionCodegen.h and the files it
// lists.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_CODEGEN_H
#define RUCHY_JIT_CODEGEN_H

#include "frontend/AST.h"
#include "interp/Interpreter.h"
#include "jit/JitAstPasses.h"
#include "jit/TypeInference.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <functional>
#include <memory>
#include <vector>
#include <string>

namespace ruchy::jit {

struct Tier1Module {
  std::unique_ptr<llvm::LLVMContext> Ctx;
  std::unique_ptr<llvm::Module> M;
  std::string EntryName;
  /// Non-empty when the function cannot be compiled (it stays in Tier 0).
  std::string Failure;
  /// What the tier's AST passes did while generating it.
  unsigned AstFolded = 0, AstPruned = 0;
  /// Tier 2: the module has a pure variant of the specialization, or why
  /// an attempt at one failed.
  bool HasPureVariant = false;
  std::string PureFailure;
};


/// What Tier 2 specializes a function for.
struct Tier2Request {
  std::vector<Kind> ArgKinds;   ///< the argument-kind signature
  unsigned AstPasses = 0;       ///< JitAstPass mask
  std::vector<KindSet> SlotKinds; ///< inferred kinds of the frame slots
  /// The raw entry of Target's specialization for ArgKinds (compiling it if
  /// the mode allows), or null: calls with kinds known at IR-generation time
  /// go straight to it.
  std::function<void *(ast::FunctionDecl *Target, const std::vector<Kind> &ArgKinds)> Callee;
  /// The kinds Target returns for arguments of ArgKinds (type inference).
  std::function<KindSet(ast::FunctionDecl *Target, const std::vector<Kind> &ArgKinds)> Returns;
  /// Stores that speculate on Tier 0's feedback (each gets a guard).
  std::unordered_set<const ast::Expr *> Speculated;
  /// Element reads that speculate, with the kind (a guard each; a failure
  /// resumes Tier 0 at the start of the statement).
  std::unordered_map<const ast::Expr *, Kind> SpeculatedLoads;
  /// Element stores into one array layout (TypeInference's SpeculatedStores).
  std::unordered_map<const ast::Expr *, ElemKind> SpeculatedStores;
  /// Makes a resume point for a guard (a ResumePoint the tier manager keeps):
  /// the store, its slot and speculated kind, and where Tier 0 resumes.
  std::function<void *(ast::Expr *Store, int32_t Slot, Kind Expected,
                       const std::vector<ResumeStep> &Path)>
      NewResumePoint;
  /// The request for a copy of Target specialized for ArgKinds to emit in
  /// this module (where LLVM may inline it), or null when Target is not to
  /// be inlined. Copies do not speculate and inline nothing themselves.
  std::function<std::unique_ptr<Tier2Request>(ast::FunctionDecl *Target,
                                              const std::vector<Kind> &ArgKinds)>
      Inline;
  /// Levels of a small function's recursion unrolled into its
  /// specialization (--jit-recursion-unroll): its calls of itself with its
  /// own kinds call a copy of it, whose calls call a copy of it, up to this
  /// many copies, whose calls call the specialization.
  unsigned RecursionUnroll = 0;
  /// In such a copy: its level (1 for the first) and the name of the
  /// specialization it is copied into.
  unsigned RecursionLevel = 0;
  std::string RecursionEntry;
  /// A small callee's copy in its caller's module (not a recursion level).
  bool Copy = false;
  /// Also emit a pure variant beside the specialization when the function
  /// qualifies (--jit-pure-variants; jit/CodegenPure.cpp).
  bool PureVariant = false;
  /// This unit is a pure variant (or a copy inside one): failures return
  /// the bail marker, calls go to pure code only, nothing is recorded.
  bool Pure = false;
};

/// Tier 2: Fn specialized for Req.ArgKinds. The module defines Name, taking
/// (captures, payload of each argument) and returning a Value, and
/// Name.entry with Tier 1's calling convention (Out.EntryName). With
/// OsrLoop, Name is an OSR entry at that loop instead (Tier 1's OSR
/// convention), which returns an Undef value when the interpreter's frame
/// does not hold the kinds it was specialized for.
Tier1Module generateTier2(ast::FunctionDecl *Fn, const Tier2Request &Req, const std::string &Name,
                          ruchy::Value *Globals, ast::LoopExpr *OsrLoop = nullptr);

/// Generates IR for Fn (OsrLoop null) or for Fn's OSR entry at OsrLoop.
/// EntryName must be unique in the process. Globals is the interpreter's
/// global slot array.
Tier1Module generateTier1(ast::FunctionDecl *Fn, ast::LoopExpr *OsrLoop,
                          const std::string &EntryName, ruchy::Value *Globals,
                          unsigned AstPasses = 0);

} // namespace ruchy::jit

#endif
