//===- interp/Constructors.h - Value-building halves of expressions -*- C++ -*-===//
//
// For the expression kinds that build a value from evaluated children
// (f-strings, formatting macros, ranges, casts, tuple fields, array, tuple
// and map literals), the part after the children are evaluated. Tier 0
// evaluates the children and calls these; compiled code evaluates them in IR
// and calls the same functions through the runtime bridge, so both tiers
// build the same value and raise the same error at the same site.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_INTERP_CONSTRUCTORS_H
#define RUCHY_INTERP_CONSTRUCTORS_H

#include "frontend/AST.h"
#include "runtime/Value.h"

#include <cstddef>

namespace ruchy {

/// The string of f"..." given its holes' values, in order.
Value buildFString(const ast::FString *S, const Value *Holes);

/// How many of a macro's inline holes (`{name}` pieces with an expression)
/// are evaluated before its format raises: all of them, unless a positional
/// hole names a missing argument, where formatting stops with an error.
size_t macroInlineHoles(const ast::Macro *M);
/// Runs a macro whose arguments (Args, N) and first macroInlineHoles(M)
/// inline holes (Holes) are evaluated: prints, formats, asserts or panics.
Value finishMacro(const ast::Macro *M, const Value *Args, size_t N, const Value *Holes);

/// `lo..hi` / `lo..=hi`; an absent bound is passed as 0 / Int max.
Value buildRange(const ast::RangeExpr *R, Value Lo, Value Hi);
/// `t.0`
Value tupleField(const ast::TupleIndex *T, Value V);
/// `v as T`
Value castValue(const ast::Cast *C, Value V);
/// `[v; n]`: n copies (arrays deep-copied per element, as Rust's vec! clones).
Value buildArrayRepeat(const ast::ArrayRepeat *A, Value Elem, Value Count);
/// `[a, b, c]` and `(a, b, c)` from their evaluated elements.
Value buildArray(const Value *Elems, size_t N);
Value buildTuple(const Value *Elems, size_t N);

} // namespace ruchy

#endif
