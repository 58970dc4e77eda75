//===- runtime/MethodTable.h - Builtin method numbering (internal) -*- C++ -*-===//
//
// The list of builtin method names, one number per name whatever kinds have
// it, and the per-kind method files' entry points. Internal to runtime/: the
// public interface is runtime/Methods.h. Also the argument checks shared by
// builtin functions and methods.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_METHODTABLE_H
#define RUCHY_RUNTIME_METHODTABLE_H

#include "runtime/Error.h"
#include "runtime/Site.h"
#include "runtime/Value.h"

#include <cstddef>
#include <string>

namespace ruchy {

// Every builtin method name. Order is irrelevant; a name appears once.
#define RUCHY_METHODS(X)                                                       \
  /* shared by several kinds */                                                \
  X(len) X(is_empty) X(to_string) X(clone) X(contains) X(min) X(max)           \
  X(iter) X(get) X(remove) X(insert) X(find) X(unwrap) X(unwrap_or)            \
  X(expect) X(is_some) X(is_none) X(to_owned) X(as_str) X(collect)             \
  X(to_vec) X(copied) X(cloned) X(rev)                                         \
  /* numbers */                                                                \
  X(abs) X(pow) X(sqrt) X(floor) X(ceil) X(round) X(trunc) X(fract)            \
  X(to_int) X(to_float) X(powi) X(powf) X(sin) X(cos) X(tan) X(asin)           \
  X(acos) X(atan) X(atan2) X(ln) X(log) X(log10) X(log2) X(exp) X(signum)      \
  X(is_nan) X(is_infinite) X(is_finite) X(hypot) X(is_positive)                \
  X(is_negative)                                                               \
  /* strings */                                                                \
  X(to_uppercase) X(to_lowercase) X(trim) X(trim_start) X(trim_end) X(chars)   \
  X(lines) X(split) X(split_whitespace) X(starts_with) X(ends_with)            \
  X(replace) X(repeat) X(char_at) X(parse) X(bytes)                            \
  /* arrays */                                                                 \
  X(push) X(pop) X(first) X(last) X(index_of) X(reverse) X(sort)               \
  X(sort_unstable) X(sum) X(product) X(join) X(enumerate) X(map) X(filter)     \
  X(reduce) X(fold) X(any) X(all) X(slice) X(concat) X(extend) X(position)     \
  X(zip) X(take) X(skip) X(swap) X(count) X(for_each) X(step_by)               \
  /* maps */                                                                   \
  X(contains_key) X(keys) X(values) X(clear) X(entries)

enum MethodId : int {
#define RUCHY_METHOD_ENUM(N) M_##N,
  RUCHY_METHODS(RUCHY_METHOD_ENUM)
#undef RUCHY_METHOD_ENUM
  NumMethodIds
};

/// Per-kind method implementations (StrMethods.cpp, ArrayMethods.cpp, ...).
/// Each raises the "has no method" error for ids its kind lacks.
Value callIntMethod(int Id, Value Recv, const Value *Args, size_t N, SiteId Site);
Value callFloatMethod(int Id, Value Recv, const Value *Args, size_t N, SiteId Site);
Value callStrMethod(int Id, Value Recv, const Value *Args, size_t N, SiteId Site);
Value callArrayMethod(int Id, Value Recv, const Value *Args, size_t N, SiteId Site);
Value callMapMethod(int Id, Value Recv, const Value *Args, size_t N, SiteId Site);

/// `Type error: Int has no method 'push'`.
[[noreturn]] void raiseNoMethod(int Id, Value Recv, SiteId Site);

/// `Method push expects 1 arguments, got 2` (Max < 0: no upper bound).
void checkMethodArity(int Id, size_t N, int Min, int Max, SiteId Site);

/// `Function len expects 1 arguments, got 2` / `... expects 1 to 2 ...`.
[[noreturn]] void raiseArity(const char *What, const char *Name, size_t N,
                             int Min, int Max, SiteId Site);

/// `Type error: sqrt expects a number, got Str`.
[[noreturn]] void raiseArgKind(const char *Name, const char *Expected, Value Got,
                               SiteId Site);

inline void requireKind(const char *Name, Value V, Kind K, const char *Expected,
                        SiteId Site) {
  if (__builtin_expect(V.K != K, 0))
    raiseArgKind(Name, Expected, V, Site);
}
inline void requireNumber(const char *Name, Value V, SiteId Site) {
  if (__builtin_expect(!V.isNumber(), 0))
    raiseArgKind(Name, "a number", V, Site);
}

/// Shared semantics used by both builtin functions and methods.
/// `max(a, b)` keeps the winning value's kind (second on ties, as Rust).
Value valueMax(Value A, Value B, SiteId Site);
/// `min(a, b)` keeps the winning value's kind (first on ties, as Rust).
Value valueMin(Value A, Value B, SiteId Site);
/// Absolute value of a number (checked for the smallest Int).
Value valueAbs(Value V, const char *Name, SiteId Site);
/// Parses Text as an Int; false when it is not one.
bool parseIntText(std::string_view Text, int64_t &Out);
/// Parses Text as a Float (Rust's f64 grammar); false when it is not one.
bool parseFloatText(std::string_view Text, double &Out);
/// `Cannot parse "abc" as Int`.
[[noreturn]] void raiseParseError(std::string_view Text, const char *As,
                                  SiteId Site);

} // namespace ruchy

#endif
