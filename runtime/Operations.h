//===- runtime/Operations.h - Every operation's meaning, once ----*- C++ -*-===//
//
// The semantics of Ruchy's operators (LANGUAGE.md §4), written once. Tier 0
// calls these; JIT tiers call the same functions (exported as symbols) for
// every case they do not inline, so every tier computes the same result and
// raises the same error at the same site.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_OPERATIONS_H
#define RUCHY_RUNTIME_OPERATIONS_H

#include "runtime/Site.h"
#include "runtime/Value.h"

#include <cstdint>

namespace ruchy {

enum class UnaryOp : uint8_t { Neg, Not };

enum class BinaryOp : uint8_t {
  Add, Sub, Mul, Div, Rem, Pow,
  Eq, Ne, Lt, Le, Gt, Ge,
  BitAnd, BitOr, BitXor, Shl, Shr,
};

/// The operator as written ("+", "<=", ...).
const char *binaryOpSpelling(BinaryOp Op);

Value opAdd(Value L, Value R, SiteId Site);
Value opSub(Value L, Value R, SiteId Site);
Value opMul(Value L, Value R, SiteId Site);
Value opDiv(Value L, Value R, SiteId Site);
Value opRem(Value L, Value R, SiteId Site);
Value opPow(Value L, Value R, SiteId Site);
Value opBitAnd(Value L, Value R, SiteId Site);
Value opBitOr(Value L, Value R, SiteId Site);
Value opBitXor(Value L, Value R, SiteId Site);
Value opShl(Value L, Value R, SiteId Site);
Value opShr(Value L, Value R, SiteId Site);
/// `<` `<=` `>` `>=` as a Bool: exact Int/Float comparison, false whenever
/// a NaN is involved, type error for incomparable kinds.
Value opCompare(BinaryOp Op, Value L, Value R, SiteId Site);
/// Any binary operator (dispatches to the functions above).
Value opBinary(BinaryOp Op, Value L, Value R, SiteId Site);

Value opNeg(Value V, SiteId Site);
Value opNot(Value V);

/// `==`: never an error; Int and Float compare numerically; containers
/// element-wise; other objects by identity (functions) or contents.
bool valuesEqual(Value L, Value R);
/// `<` etc.: negative, zero or positive; a type error for incomparable
/// kinds, reported with the operator's spelling. A NaN compares as zero
/// here (use opCompare for the operators: it makes NaN comparisons false).
int compareValues(Value L, Value R, const char *OpSpelling, SiteId Site);

/// `a[i]` for arrays, strings (char index or range slice), maps, tuples.
Value opIndexGet(Value Obj, Value Idx, SiteId Site);
/// `a[i] = v` for arrays and maps.
void opIndexSet(Value Obj, Value Idx, Value V, SiteId Site);

/// `x as f64`, `x as i64` (Float truncates toward zero, saturating).
Value opCastToFloat(Value V, SiteId Site);
Value opCastToInt(Value V, SiteId Site);
/// Float to Int truncating toward zero, saturating; NaN gives 0.
int64_t floatToIntSaturating(double D);

/// Hash consistent with valuesEqual, for map keys (Int, Str, Bool, tuples).
uint64_t hashValue(Value V);

} // namespace ruchy

#endif
