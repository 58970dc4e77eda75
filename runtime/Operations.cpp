//===- runtime/Operations.cpp - Every operation's meaning, once --------------===//
//
// LANGUAGE.md §4 in code. Each operator function tests the Int (and Float)
// fast case first and moves everything else out of line, so the call from
// Tier 0 or Tier 1 code stays short. Errors are raised at the caller's site.
//
//===----------------------------------------------------------------------===//
#include "runtime/Operations.h"
#include "runtime/ArrayObject.h"
#include "runtime/Error.h"
#include "runtime/Format.h"
#include "runtime/MapObject.h"
#include "runtime/Object.h"
#include "runtime/StrObject.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace ruchy {

const char *binaryOpSpelling(BinaryOp Op) {
  switch (Op) {
  case BinaryOp::Add: return "+";
  case BinaryOp::Sub: return "-";
  case BinaryOp::Mul: return "*";
  case BinaryOp::Div: return "/";
  case BinaryOp::Rem: return "%";
  case BinaryOp::Pow: return "**";
  case BinaryOp::Eq: return "==";
  case BinaryOp::Ne: return "!=";
  case BinaryOp::Lt: return "<";
  case BinaryOp::Le: return "<=";
  case BinaryOp::Gt: return ">";
  case BinaryOp::Ge: return ">=";
  case BinaryOp::BitAnd: return "&";
  case BinaryOp::BitOr: return "|";
  case BinaryOp::BitXor: return "^";
  case BinaryOp::Shl: return "<<";
  case BinaryOp::Shr: return ">>";
  }
  return "?";
}

namespace {

[[noreturn]] __attribute__((noinline, cold)) void overflow(SiteId Site,
                                                           const char *What) {
  raiseError(Site, std::string("Integer overflow in ") + What);
}

[[noreturn]] __attribute__((noinline, cold)) void divisionByZero(SiteId Site) {
  raiseError(Site, "Division by zero");
}

/// Both numbers, at least one Float: the Float operands.
inline bool bothNumbers(Value L, Value R) { return L.isNumber() && R.isNumber(); }

/// Plain text of a Str/Int/Float/Bool operand of string concatenation;
/// false for any other kind.
bool concatText(Value V, std::string &Out) {
  switch (V.K) {
  case Kind::Int:
  case Kind::Bool:
    appendText(Out, V, TextStyle::Plain);
    return true;
  case Kind::Float:
    appendFloatPlain(Out, V.F);
    return true;
  case Kind::Str:
    Out.append(V.S->view());
    return true;
  default:
    return false;
  }
}

__attribute__((noinline)) Value addSlow(Value L, Value R, SiteId Site) {
  if (bothNumbers(L, R))
    return Value::real(L.asDouble() + R.asDouble());
  if (L.K == Kind::Str) {
    if (R.K == Kind::Str)
      return Value::str(strConcat(L.S, R.S->view()));
    std::string T;
    if (concatText(R, T))
      return Value::str(strConcat(L.S, T));
  } else if (R.K == Kind::Str) {
    std::string T;
    if (concatText(L, T)) {
      T.append(R.S->view());
      return Value::str(newStr(T));
    }
  } else if (L.K == Kind::Array && R.K == Kind::Array) {
    return Value::array(arrayConcat(L.A, R.A));
  }
  raiseTypeError(Site, "+", L, R);
}

/// -1, 0, 1 comparing an Int with a Float exactly; 2 when F is NaN.
int compareIntFloat(int64_t I, double F) {
  if (std::isnan(F))
    return 2;
  // 2^63 is exactly representable; every Int is below it.
  if (F >= 9223372036854775808.0)
    return -1;
  if (F < -9223372036854775808.0)
    return 1;
  double T = std::trunc(F);
  int64_t TI = static_cast<int64_t>(T);
  if (I < TI)
    return -1;
  if (I > TI)
    return 1;
  if (F > T)
    return -1;
  if (F < T)
    return 1;
  return 0;
}

/// Numeric comparison: -1, 0, 1, or 2 for unordered (NaN).
int compareNumbers(Value L, Value R) {
  if (L.K == Kind::Int && R.K == Kind::Int)
    return L.I < R.I ? -1 : (L.I > R.I ? 1 : 0);
  if (L.K == Kind::Int)
    return compareIntFloat(L.I, R.F);
  if (R.K == Kind::Int) {
    int C = compareIntFloat(R.I, L.F);
    return C == 2 ? 2 : -C;
  }
  if (L.F < R.F)
    return -1;
  if (L.F > R.F)
    return 1;
  if (L.F == R.F)
    return 0;
  return 2;
}

int compareBytes(const Str *L, const Str *R) {
  size_t N = static_cast<size_t>(std::min(L->Len, R->Len));
  int C = N ? std::memcmp(L->data(), R->data(), N) : 0;
  if (C != 0)
    return C < 0 ? -1 : 1;
  return L->Len < R->Len ? -1 : (L->Len > R->Len ? 1 : 0);
}

/// Full comparison with NaN reported as 2 (unordered).
int compareOrdered(Value L, Value R, const char *Op, SiteId Site);

int compareSequences(const Value *LV, int64_t LN, const Value *RV, int64_t RN,
                     const char *Op, SiteId Site) {
  int64_t N = std::min(LN, RN);
  for (int64_t I = 0; I < N; ++I) {
    int C = compareOrdered(LV[I], RV[I], Op, Site);
    if (C != 0)
      return C;
  }
  return LN < RN ? -1 : (LN > RN ? 1 : 0);
}

int compareArrays(const Array *L, const Array *R, const char *Op, SiteId Site) {
  int64_t N = std::min(L->Len, R->Len);
  for (int64_t I = 0; I < N; ++I) {
    int C = compareOrdered(arrayAt(L, I), arrayAt(R, I), Op, Site);
    if (C != 0)
      return C;
  }
  return L->Len < R->Len ? -1 : (L->Len > R->Len ? 1 : 0);
}

int compareOrdered(Value L, Value R, const char *Op, SiteId Site) {
  if (bothNumbers(L, R))
    return compareNumbers(L, R);
  if (L.K == R.K) {
    switch (L.K) {
    case Kind::Str:
      return compareBytes(L.S, R.S);
    case Kind::Bool:
      return static_cast<int>(L.B) - static_cast<int>(R.B);
    case Kind::Nil:
      return 0;
    case Kind::Array:
      return compareArrays(L.A, R.A, Op, Site);
    case Kind::Tuple:
      return compareSequences(L.T->Elems, L.T->Len, R.T->Elems, R.T->Len, Op,
                              Site);
    case Kind::Struct:
      if (L.St->Decl == R.St->Decl) {
        int64_t N = static_cast<int64_t>(structFieldCount(L.St));
        return compareSequences(L.St->Fields, N, R.St->Fields, N, Op, Site);
      }
      break;
    default:
      break;
    }
  }
  raiseTypeError(Site, Op, L, R);
}

inline bool compareResult(BinaryOp Op, int C) {
  if (C == 2)
    return false; // NaN: every ordering comparison is false
  switch (Op) {
  case BinaryOp::Lt: return C < 0;
  case BinaryOp::Le: return C <= 0;
  case BinaryOp::Gt: return C > 0;
  case BinaryOp::Ge: return C >= 0;
  default: return false;
  }
}

/// Int ** Int with a non-negative exponent; false on overflow.
bool intPow(int64_t Base, int64_t Exp, int64_t &Out) {
  int64_t Result = 1;
  int64_t B = Base;
  while (true) {
    if (Exp & 1)
      if (__builtin_mul_overflow(Result, B, &Result))
        return false;
    Exp >>= 1;
    if (!Exp)
      break;
    if (__builtin_mul_overflow(B, B, &B))
      return false;
  }
  Out = Result;
  return true;
}

} // namespace

//===-- Arithmetic ---------------------------------------------------------===//

Value opAdd(Value L, Value R, SiteId Site) {
  if (__builtin_expect(L.K == Kind::Int && R.K == Kind::Int, 1)) {
    int64_t Out;
    if (__builtin_add_overflow(L.I, R.I, &Out))
      overflow(Site, "addition");
    return Value::integer(Out);
  }
  if (L.K == Kind::Float && R.K == Kind::Float)
    return Value::real(L.F + R.F);
  return addSlow(L, R, Site);
}

Value opSub(Value L, Value R, SiteId Site) {
  if (__builtin_expect(L.K == Kind::Int && R.K == Kind::Int, 1)) {
    int64_t Out;
    if (__builtin_sub_overflow(L.I, R.I, &Out))
      overflow(Site, "subtraction");
    return Value::integer(Out);
  }
  if (bothNumbers(L, R))
    return Value::real(L.asDouble() - R.asDouble());
  raiseTypeError(Site, "-", L, R);
}

Value opMul(Value L, Value R, SiteId Site) {
  if (__builtin_expect(L.K == Kind::Int && R.K == Kind::Int, 1)) {
    int64_t Out;
    if (__builtin_mul_overflow(L.I, R.I, &Out))
      overflow(Site, "multiplication");
    return Value::integer(Out);
  }
  if (bothNumbers(L, R))
    return Value::real(L.asDouble() * R.asDouble());
  if (L.K == Kind::Str && R.K == Kind::Int)
    return Value::str(strRepeat(L.S, R.I));
  raiseTypeError(Site, "*", L, R);
}

Value opDiv(Value L, Value R, SiteId Site) {
  if (__builtin_expect(L.K == Kind::Int && R.K == Kind::Int, 1)) {
    if (R.I == 0)
      divisionByZero(Site);
    if (R.I == -1) {
      if (L.I == std::numeric_limits<int64_t>::min())
        overflow(Site, "division");
      return Value::integer(-L.I);
    }
    return Value::integer(L.I / R.I);
  }
  if (bothNumbers(L, R))
    return Value::real(L.asDouble() / R.asDouble());
  raiseTypeError(Site, "/", L, R);
}

Value opRem(Value L, Value R, SiteId Site) {
  if (__builtin_expect(L.K == Kind::Int && R.K == Kind::Int, 1)) {
    if (R.I == 0)
      divisionByZero(Site);
    if (R.I == -1)
      return Value::integer(0); // also avoids the i64::MIN % -1 trap
    return Value::integer(L.I % R.I);
  }
  if (bothNumbers(L, R)) {
    double D = R.asDouble();
    if (D == 0.0)
      divisionByZero(Site);
    return Value::real(std::fmod(L.asDouble(), D));
  }
  raiseTypeError(Site, "%", L, R);
}

Value opPow(Value L, Value R, SiteId Site) {
  if (L.K == Kind::Int && R.K == Kind::Int) {
    int64_t Out;
    if (R.I >= 0 && intPow(L.I, R.I, Out))
      return Value::integer(Out);
    return Value::real(std::pow(static_cast<double>(L.I), static_cast<double>(R.I)));
  }
  if (bothNumbers(L, R))
    return Value::real(std::pow(L.asDouble(), R.asDouble()));
  raiseTypeError(Site, "**", L, R);
}

Value opBitAnd(Value L, Value R, SiteId Site) {
  if (L.K == Kind::Int && R.K == Kind::Int)
    return Value::integer(L.I & R.I);
  if (L.K == Kind::Bool && R.K == Kind::Bool)
    return Value::boolean(L.B && R.B);
  raiseTypeError(Site, "&", L, R);
}

Value opBitOr(Value L, Value R, SiteId Site) {
  if (L.K == Kind::Int && R.K == Kind::Int)
    return Value::integer(L.I | R.I);
  if (L.K == Kind::Bool && R.K == Kind::Bool)
    return Value::boolean(L.B || R.B);
  raiseTypeError(Site, "|", L, R);
}

Value opBitXor(Value L, Value R, SiteId Site) {
  if (L.K == Kind::Int && R.K == Kind::Int)
    return Value::integer(L.I ^ R.I);
  if (L.K == Kind::Bool && R.K == Kind::Bool)
    return Value::boolean(L.B != R.B);
  raiseTypeError(Site, "^", L, R);
}

Value opShl(Value L, Value R, SiteId Site) {
  if (L.K == Kind::Int && R.K == Kind::Int)
    return Value::integer(static_cast<int64_t>(static_cast<uint64_t>(L.I)
                                               << (R.I & 63)));
  raiseTypeError(Site, "<<", L, R);
}

Value opShr(Value L, Value R, SiteId Site) {
  if (L.K == Kind::Int && R.K == Kind::Int)
    return Value::integer(L.I >> (R.I & 63));
  raiseTypeError(Site, ">>", L, R);
}

Value opCompare(BinaryOp Op, Value L, Value R, SiteId Site) {
  if (__builtin_expect(L.K == Kind::Int && R.K == Kind::Int, 1)) {
    switch (Op) {
    case BinaryOp::Lt: return Value::boolean(L.I < R.I);
    case BinaryOp::Le: return Value::boolean(L.I <= R.I);
    case BinaryOp::Gt: return Value::boolean(L.I > R.I);
    case BinaryOp::Ge: return Value::boolean(L.I >= R.I);
    default: break;
    }
  }
  return Value::boolean(
      compareResult(Op, compareOrdered(L, R, binaryOpSpelling(Op), Site)));
}

Value opBinary(BinaryOp Op, Value L, Value R, SiteId Site) {
  switch (Op) {
  case BinaryOp::Add: return opAdd(L, R, Site);
  case BinaryOp::Sub: return opSub(L, R, Site);
  case BinaryOp::Mul: return opMul(L, R, Site);
  case BinaryOp::Div: return opDiv(L, R, Site);
  case BinaryOp::Rem: return opRem(L, R, Site);
  case BinaryOp::Pow: return opPow(L, R, Site);
  case BinaryOp::Eq: return Value::boolean(valuesEqual(L, R));
  case BinaryOp::Ne: return Value::boolean(!valuesEqual(L, R));
  case BinaryOp::Lt:
  case BinaryOp::Le:
  case BinaryOp::Gt:
  case BinaryOp::Ge:
    return opCompare(Op, L, R, Site);
  case BinaryOp::BitAnd: return opBitAnd(L, R, Site);
  case BinaryOp::BitOr: return opBitOr(L, R, Site);
  case BinaryOp::BitXor: return opBitXor(L, R, Site);
  case BinaryOp::Shl: return opShl(L, R, Site);
  case BinaryOp::Shr: return opShr(L, R, Site);
  }
  return Value::nil();
}

Value opNeg(Value V, SiteId Site) {
  if (__builtin_expect(V.K == Kind::Int, 1)) {
    if (V.I == std::numeric_limits<int64_t>::min())
      overflow(Site, "negation");
    return Value::integer(-V.I);
  }
  if (V.K == Kind::Float)
    return Value::real(-V.F);
  raiseUnaryTypeError(Site, "-", V);
}

Value opNot(Value V) { return Value::boolean(!V.truthy()); }

//===-- Comparison ---------------------------------------------------------===//

bool valuesEqual(Value L, Value R) {
  if (L.K != R.K) {
    if (bothNumbers(L, R))
      return compareNumbers(L, R) == 0;
    return false;
  }
  switch (L.K) {
  case Kind::Nil:
  case Kind::Undef:
    return true;
  case Kind::Bool:
    return L.B == R.B;
  case Kind::Int:
    return L.I == R.I;
  case Kind::Float:
    return L.F == R.F;
  case Kind::Str:
    return L.S == R.S || L.S->view() == R.S->view();
  case Kind::Array: {
    const Array *A = L.A, *B = R.A;
    if (A->Len != B->Len)
      return false;
    for (int64_t I = 0; I < A->Len; ++I)
      if (!valuesEqual(arrayAt(A, I), arrayAt(B, I)))
        return false;
    return true;
  }
  case Kind::Tuple: {
    if (L.T->Len != R.T->Len)
      return false;
    for (int64_t I = 0; I < L.T->Len; ++I)
      if (!valuesEqual(L.T->Elems[I], R.T->Elems[I]))
        return false;
    return true;
  }
  case Kind::Range:
    return L.R->Lo == R.R->Lo && L.R->Hi == R.R->Hi &&
           L.R->Inclusive == R.R->Inclusive;
  case Kind::Struct: {
    if (L.St->Decl != R.St->Decl)
      return false;
    size_t N = structFieldCount(L.St);
    for (size_t I = 0; I < N; ++I)
      if (!valuesEqual(L.St->Fields[I], R.St->Fields[I]))
        return false;
    return true;
  }
  case Kind::Map: {
    size_t N = mapLen(L.M);
    if (N != mapLen(R.M))
      return false;
    for (size_t I = 0; I < N; ++I) {
      Value Other;
      if (!mapFind(R.M, mapKeyAt(L.M, I), &Other) ||
          !valuesEqual(mapValueAt(L.M, I), Other))
        return false;
    }
    return true;
  }
  case Kind::Func:
    return L.C == R.C;
  }
  return false;
}

int compareValues(Value L, Value R, const char *OpSpelling, SiteId Site) {
  int C = compareOrdered(L, R, OpSpelling, Site);
  // Unordered (NaN) has no int answer; callers that must get NaN right use
  // opCompare. Report "equal" so sorting stays well-defined.
  return C == 2 ? 0 : C;
}

//===-- Indexing -----------------------------------------------------------===//

namespace {

[[noreturn]] void raiseIndexKind(SiteId Site, Value Obj, Value Idx) {
  raiseError(Site, std::string("Type error: cannot index ") + kindName(Obj.K) +
                       " with " + kindName(Idx.K));
}

/// Resolves a Range index against a length: [Lo, Hi) or an error.
void rangeBounds(const Range *R, int64_t Len, SiteId Site, const char *What,
                 int64_t &Lo, int64_t &Hi) {
  Lo = R->Lo;
  Hi = R->Hi;
  if (R->Inclusive) {
    if (Hi == std::numeric_limits<int64_t>::max())
      raiseError(Site, "Range end out of bounds");
    ++Hi;
  }
  if (Lo < 0 || Hi > Len || Lo > Hi)
    raiseError(Site, std::string("Range ") + std::to_string(R->Lo) +
                         (R->Inclusive ? "..=" : "..") + std::to_string(R->Hi) +
                         " out of bounds for " + What + " of length " +
                         std::to_string(Len));
}

} // namespace

Value opIndexGet(Value Obj, Value Idx, SiteId Site) {
  switch (Obj.K) {
  case Kind::Array: {
    if (__builtin_expect(Idx.K == Kind::Int, 1)) {
      int64_t I = Idx.I;
      if (!normalizeIndex(I, Obj.A->Len))
        raiseIndexError(Site, Idx.I, Obj.A->Len);
      return arrayAt(Obj.A, I);
    }
    if (Idx.K == Kind::Range) {
      int64_t Lo, Hi;
      rangeBounds(Idx.R, Obj.A->Len, Site, "array", Lo, Hi);
      return Value::array(arraySlice(Obj.A, Lo, Hi));
    }
    raiseIndexKind(Site, Obj, Idx);
  }
  case Kind::Str: {
    const Str *S = Obj.S;
    if (Idx.K == Kind::Int) {
      int64_t N = strCharCount(S);
      int64_t I = Idx.I;
      if (!normalizeIndex(I, N))
        raiseError(Site, "Index " + std::to_string(Idx.I) +
                             " out of bounds for string of length " +
                             std::to_string(N));
      return Value::str(strCharAt(S, I));
    }
    if (Idx.K == Kind::Range) {
      int64_t N = strCharCount(S);
      int64_t Lo, Hi;
      rangeBounds(Idx.R, N, Site, "string", Lo, Hi);
      return Value::str(
          strSliceBytes(S, strCharOffset(S, Lo), strCharOffset(S, Hi)));
    }
    raiseIndexKind(Site, Obj, Idx);
  }
  case Kind::Map: {
    Value Out;
    if (mapFind(Obj.M, Idx, &Out))
      return Out;
    raiseError(Site, "Key not found: " + toText(Idx, TextStyle::Debug));
  }
  case Kind::Tuple: {
    if (Idx.K != Kind::Int)
      raiseIndexKind(Site, Obj, Idx);
    int64_t I = Idx.I;
    if (!normalizeIndex(I, Obj.T->Len))
      raiseError(Site, "Index " + std::to_string(Idx.I) +
                           " out of bounds for tuple of length " +
                           std::to_string(Obj.T->Len));
    return Obj.T->Elems[I];
  }
  default:
    raiseIndexKind(Site, Obj, Idx);
  }
}

void opIndexSet(Value Obj, Value Idx, Value V, SiteId Site) {
  if (Obj.K == Kind::Array) {
    if (Idx.K != Kind::Int)
      raiseIndexKind(Site, Obj, Idx);
    int64_t I = Idx.I;
    if (!normalizeIndex(I, Obj.A->Len))
      raiseIndexError(Site, Idx.I, Obj.A->Len);
    arraySetAt(Obj.A, I, V);
    return;
  }
  if (Obj.K == Kind::Map) {
    mapInsert(Obj.M, Idx, V, Site);
    return;
  }
  raiseError(Site, std::string("Type error: cannot assign to an element of ") +
                       kindName(Obj.K));
}

//===-- Casts --------------------------------------------------------------===//

Value opCastToFloat(Value V, SiteId Site) {
  switch (V.K) {
  case Kind::Int:
    return Value::real(static_cast<double>(V.I));
  case Kind::Float:
    return V;
  case Kind::Bool:
    return Value::real(V.B ? 1.0 : 0.0);
  default:
    raiseError(Site, std::string("Type error: cannot cast ") + kindName(V.K) +
                         " to Float");
  }
}

int64_t floatToIntSaturating(double D) {
  if (std::isnan(D))
    return 0;
  if (D >= 9223372036854775808.0)
    return std::numeric_limits<int64_t>::max();
  if (D <= -9223372036854775808.0)
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(D); // truncates toward zero
}

Value opCastToInt(Value V, SiteId Site) {
  switch (V.K) {
  case Kind::Int:
    return V;
  case Kind::Float:
    return Value::integer(floatToIntSaturating(V.F));
  case Kind::Bool:
    return Value::integer(V.B ? 1 : 0);
  default:
    raiseError(Site, std::string("Type error: cannot cast ") + kindName(V.K) +
                         " to Int");
  }
}

//===-- Hashing ------------------------------------------------------------===//

namespace {
inline uint64_t mix(uint64_t H) {
  // splitmix64 finalizer: cheap and spreads low-entropy keys (0, 1, 2...)
  // across the open-addressing table.
  H ^= H >> 30;
  H *= 0xbf58476d1ce4e5b9ULL;
  H ^= H >> 27;
  H *= 0x94d049bb133111ebULL;
  H ^= H >> 31;
  return H;
}
} // namespace

uint64_t hashValue(Value V) {
  switch (V.K) {
  case Kind::Int:
    return mix(static_cast<uint64_t>(V.I));
  case Kind::Float: {
    // Whole floats hash like the equal Int, since 1 == 1.0.
    if (V.F == std::trunc(V.F) && V.F >= -9223372036854775808.0 &&
        V.F < 9223372036854775808.0)
      return mix(static_cast<uint64_t>(static_cast<int64_t>(V.F)));
    uint64_t Bits;
    std::memcpy(&Bits, &V.F, sizeof Bits);
    return mix(Bits);
  }
  case Kind::Bool:
    return mix(V.B ? 0x9e3779b97f4a7c15ULL : 0x51afd7ed558ccd3ULL);
  case Kind::Str: {
    // FNV-1a over the bytes.
    uint64_t H = 1469598103934665603ULL;
    std::string_view T = V.S->view();
    for (unsigned char C : T) {
      H ^= C;
      H *= 1099511628211ULL;
    }
    return mix(H);
  }
  case Kind::Tuple: {
    uint64_t H = 0x2545F4914F6CDD1DULL + static_cast<uint64_t>(V.T->Len);
    for (int64_t I = 0; I < V.T->Len; ++I)
      H = mix(H ^ hashValue(V.T->Elems[I]));
    return H;
  }
  case Kind::Nil:
    return 0x1234567ULL;
  default:
    return mix(reinterpret_cast<uintptr_t>(V.O));
  }
}

} // namespace ruchy
