//===- frontend/AstPasses.h - The AST optimizer --------------------*- C++ -*-===//
//
// Source-to-source passes over a parsed (not yet resolved) program, listed in
// AstPasses.def: each rewrites the tree so that the program prints exactly
// what it printed before, and reports what it changed and where. `ruchy-jit
// optimize` runs them and prints the result as Ruchy source (printProgram);
// `ruchy-jit run --ast-passes=...` runs them before the program is resolved,
// so every tier runs the optimized tree.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_FRONTEND_ASTPASSES_H
#define RUCHY_FRONTEND_ASTPASSES_H

#include "frontend/AST.h"

#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

namespace ruchy {

struct AstPassResult {
  std::string Pass;
  unsigned Changes = 0;
  /// One line per change: `12:5: folded 2 * 3 to 6`, and where it is.
  std::vector<std::string> Notes;
  std::vector<ast::Span> Where;
  double Seconds = 0;

  void note(const ast::Span &At, const std::string &What) {
    ++Changes;
    Notes.push_back(std::to_string(At.Line) + ":" + std::to_string(At.Col) + ": " + What);
    Where.push_back(At);
  }
};

#define AST_PASS(Name, Flag, Function, Description) AstPassResult Function(ast::Program &P);
#include "frontend/AstPasses.def"
#undef AST_PASS

struct AstPassInfo {
  const char *Flag;
  const char *Description;
  AstPassResult (*Run)(ast::Program &);
};

/// The passes, in running order.
const std::vector<AstPassInfo> &astPasses();

/// Parses a `--apply`/`--ast-passes` list (`fold,dce`, `all`, `none`) into
/// pass flags in running order; an unknown name is an error (Error set).
std::vector<std::string> parseAstPassList(const std::string &List, std::string &Error);

/// Runs the given passes (flags from parseAstPassList) in order, timing each.
std::vector<AstPassResult> runAstPasses(ast::Program &P, const std::vector<std::string> &Flags);

/// The value of E when it is a constant expression as the fold pass sees
/// them (literals combined by operators, casts and short-circuits), computed
/// by the runtime's own operations: false when it is not constant, would
/// raise, or is not an Int, Float, Bool or Nil. The tree is not changed, so
/// the JIT folds this way while generating a tier's code (--jit-ast-passes-t1
/// and -t2), on any thread. Memo caches results for subtrees (nodes that are
/// not constant), which keeps long operator chains linear; it may be null.
bool constantValue(const ast::Expr *E, Value &Out,
                   std::unordered_set<const ast::Expr *> *NotConstant = nullptr);

/// Every function body of P (top-level, methods, nested functions and
/// closures, at any depth), then the top level as a pseudo-body.
void forEachBody(ast::Program &P, const std::function<void(ast::FunctionDecl *)> &FnCb,
                 const std::function<void(ast::Block *)> &TopCb);

} // namespace ruchy

#endif
