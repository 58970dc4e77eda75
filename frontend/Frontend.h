//===- frontend/Frontend.h - Source text to a resolved program ---*- C++ -*-===//
//
// The frontend's public interface: lex and parse a file into the AST, then
// resolve names to frame slots. Both stages collect every error they can
// recover from instead of stopping at the first.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_FRONTEND_FRONTEND_H
#define RUCHY_FRONTEND_FRONTEND_H

#include "frontend/AST.h"
#include "frontend/Diagnostic.h"

#include <string>
#include <vector>

namespace ruchy {

/// How long the front end's phases took (for `ruchy-jit profile`).
struct FrontendTimes {
  double LexSeconds = 0, ParseSeconds = 0, ResolveSeconds = 0;
  double AstPassSeconds = 0; ///< --ast-passes
};

/// Parses a whole program. On syntax errors, returns a partial tree and
/// fills Errors (the caller must not run it). Times, if given, gets the
/// lexing and parsing times.
ast::Program *parseProgram(std::string FileName, std::string Source,
                           std::vector<Diagnostic> &Errors, FrontendTimes *Times = nullptr);

/// Resolves names, labels, struct literals and call targets, assigns frame
/// slots and registers sites. Undefined names are not errors here: they
/// become runtime errors where they run (LANGUAGE.md §4). Errors are only
/// reported for things no run could give meaning to (a `break` outside a
/// loop, an unknown struct in a literal, a duplicate function).
void resolveProgram(ast::Program &P, std::vector<Diagnostic> &Errors);

/// Writes the tree as an S-expression, for parser tests and `--dump-ast`.
std::string dumpAst(const ast::Program &P);

/// Writes the program as Ruchy source that parses back to the same tree
/// (`ruchy-jit optimize`). Works on a parsed or a resolved tree.
std::string printProgram(const ast::Program &P);

} // namespace ruchy

#endif
