//===- jit/JitAstPasses.h - AST passes while generating a tier --*- C++ -*-===//
//
// The AST optimizer's fold and dce also run inside the JIT, per tier
// (--jit-ast-passes-t1, --jit-ast-passes-t2), while a function's IR is
// generated: they read the tree and change only the code made from it.
// Tier 0, the other tier and deoptimization's resume points (statement
// indices in the tree) see the program as written, and a background compile
// never writes to a tree the interpreter is walking. inline and tco change
// frame slots and statements, so they run only on the whole program, before
// it is resolved (--ast-passes).
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_JITASTPASSES_H
#define RUCHY_JIT_JITASTPASSES_H

#include <string>

namespace ruchy::jit {

/// AST passes that run while a tier's IR is generated (--jit-ast-passes-t1,
/// --jit-ast-passes-t2): they read the tree and change only the code made
/// from it, so Tier 0, the other tier and deoptimization's resume points
/// see the program as written. fold: a constant expression becomes its
/// value; dce: a branch of an `if` whose condition is constant, and a
/// `while` whose condition is constantly false, generate no code.
enum JitAstPass : unsigned { JitAstFold = 1, JitAstDce = 2 };
/// `fold,dce`, `all`, `none` (or empty) to a JitAstPass mask; Error is set
/// for anything else.
unsigned parseJitAstPasses(const std::string &List, std::string &Error);
/// The mask as a list (`fold,dce`, `none`).
std::string jitAstPassText(unsigned Mask);

} // namespace ruchy::jit

#endif
