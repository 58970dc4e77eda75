//===- runtime/NumberMethods.cpp - Int and Float methods ---------------------===//
//
// `abs pow to_string min max` on Int; `sqrt abs floor ceil round to_int
// powi powf min max` and the usual f64 functions on Float. floor, ceil and
// round return Float; round is half away from zero (C's round, as Rust's).
//
//===----------------------------------------------------------------------===//
#include "runtime/MethodTable.h"
#include "runtime/Methods.h"
#include "runtime/Operations.h"

#include <cmath>

namespace ruchy {

namespace {

double numArg(int Id, Value V, SiteId Site) {
  requireNumber(methodName(Id), V, Site);
  return V.asDouble();
}

/// Float methods that are plain f64 -> f64 functions.
bool floatUnary(int Id, double X, double &Out) {
  switch (Id) {
  case M_sqrt: Out = std::sqrt(X); return true;
  case M_floor: Out = std::floor(X); return true;
  case M_ceil: Out = std::ceil(X); return true;
  case M_round: Out = std::round(X); return true;
  case M_trunc: Out = std::trunc(X); return true;
  case M_fract: Out = X - std::trunc(X); return true;
  case M_sin: Out = std::sin(X); return true;
  case M_cos: Out = std::cos(X); return true;
  case M_tan: Out = std::tan(X); return true;
  case M_asin: Out = std::asin(X); return true;
  case M_acos: Out = std::acos(X); return true;
  case M_atan: Out = std::atan(X); return true;
  case M_ln: Out = std::log(X); return true;
  case M_log10: Out = std::log10(X); return true;
  case M_log2: Out = std::log2(X); return true;
  case M_exp: Out = std::exp(X); return true;
  default: return false;
  }
}

} // namespace


Value callIntMethod(int Id, Value Recv, const Value *Args, size_t N,
                    SiteId Site) {
  int64_t X = Recv.I;
  switch (Id) {
  case M_abs:
    checkMethodArity(Id, N, 0, 0, Site);
    return valueAbs(Recv, "abs", Site);
  case M_pow:
    checkMethodArity(Id, N, 1, 1, Site);
    requireNumber("pow", Args[0], Site);
    return opPow(Recv, Args[0], Site);
  case M_min:
    checkMethodArity(Id, N, 1, 1, Site);
    return valueMin(Recv, Args[0], Site);
  case M_max:
    checkMethodArity(Id, N, 1, 1, Site);
    return valueMax(Recv, Args[0], Site);
  case M_to_float:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::real(static_cast<double>(X));
  case M_to_int:
    checkMethodArity(Id, N, 0, 0, Site);
    return Recv;
  case M_signum:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::integer(X > 0 ? 1 : (X < 0 ? -1 : 0));
  case M_is_positive:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(X > 0);
  case M_is_negative:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(X < 0);
  case M_sqrt:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::real(std::sqrt(static_cast<double>(X)));
  default:
    raiseNoMethod(Id, Recv, Site);
  }
}

Value callFloatMethod(int Id, Value Recv, const Value *Args, size_t N,
                      SiteId Site) {
  double X = Recv.F;
  double Out;
  if (floatUnary(Id, X, Out)) {
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::real(Out);
  }
  switch (Id) {
  case M_abs:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::real(std::fabs(X));
  case M_to_int:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::integer(floatToIntSaturating(X));
  case M_to_float:
    checkMethodArity(Id, N, 0, 0, Site);
    return Recv;
  case M_powi:
  case M_powf:
  case M_pow:
    checkMethodArity(Id, N, 1, 1, Site);
    return Value::real(std::pow(X, numArg(Id, Args[0], Site)));
  case M_log:
    // Rust's f64::log(base); with no argument, the natural logarithm.
    checkMethodArity(Id, N, 0, 1, Site);
    if (N == 0)
      return Value::real(std::log(X));
    return Value::real(std::log(X) / std::log(numArg(Id, Args[0], Site)));
  case M_atan2:
    checkMethodArity(Id, N, 1, 1, Site);
    return Value::real(std::atan2(X, numArg(Id, Args[0], Site)));
  case M_hypot:
    checkMethodArity(Id, N, 1, 1, Site);
    return Value::real(std::hypot(X, numArg(Id, Args[0], Site)));
  case M_min:
    // f64::min ignores a NaN operand; the result is a Float.
    checkMethodArity(Id, N, 1, 1, Site);
    return Value::real(std::fmin(X, numArg(Id, Args[0], Site)));
  case M_max:
    checkMethodArity(Id, N, 1, 1, Site);
    return Value::real(std::fmax(X, numArg(Id, Args[0], Site)));
  case M_signum:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::real(std::isnan(X) ? X : std::copysign(1.0, X));
  case M_is_nan:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(std::isnan(X));
  case M_is_infinite:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(std::isinf(X));
  case M_is_finite:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(std::isfinite(X));
  case M_is_positive:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(X > 0);
  case M_is_negative:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(X < 0);
  default:
    raiseNoMethod(Id, Recv, Site);
  }
}

} // namespace ruchy
