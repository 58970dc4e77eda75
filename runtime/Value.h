//===- runtime/Value.h - The Ruchy value word --------------------*- C++ -*-===//
//
// A Ruchy value is a 16-byte tagged word: a kind tag and a 64-bit payload.
// Int (the full 64-bit range, exact), Float, Bool and Nil live in the payload
// and never allocate; every other kind points at a garbage-collected heap
// object (runtime/Object.h). Sixteen bytes instead of NaN-boxing keeps every
// Int exact without a boxed slow path, and on x86-64 the pair travels in two
// registers, which is what JIT code will pass and return.
//
// This header is deliberately tiny: it is included everywhere, including the
// interpreter's hottest files, and must never pull in LLVM or the heap layout.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_VALUE_H
#define RUCHY_RUNTIME_VALUE_H

#include <cstdint>

namespace ruchy {

struct Obj;
struct Str;
struct Array;
struct Tuple;
struct Range;
struct StructObj;
struct Map;
struct Closure;

/// The kind of a value. The order matters: kinds up to Float are unboxed.
enum class Kind : uint8_t {
  Nil,
  Bool,
  Int,
  Float,
  Str,
  Array,
  Tuple,
  Range,
  Struct,
  Map,
  Func,
  /// Not a Ruchy value: marks a global that has not been assigned yet, so
  /// that reading it raises `Undefined variable`.
  Undef,
};
constexpr unsigned NumKinds = static_cast<unsigned>(Kind::Undef) + 1;

/// The display name of a kind as used in type errors and reports ("Int").
const char *kindName(Kind K);

struct Value {
  Kind K;
  union {
    int64_t I;
    double F;
    bool B;
    Obj *O;
    Str *S;
    Array *A;
    Tuple *T;
    Range *R;
    StructObj *St;
    Map *M;
    Closure *C;
  };

  Value() : K(Kind::Nil), I(0) {}
  static Value nil() { return Value(); }
  static Value undef() {
    Value V;
    V.K = Kind::Undef;
    return V;
  }
  static Value boolean(bool X) {
    Value V;
    V.K = Kind::Bool;
    V.I = 0;
    V.B = X;
    return V;
  }
  static Value integer(int64_t X) {
    Value V;
    V.K = Kind::Int;
    V.I = X;
    return V;
  }
  static Value real(double X) {
    Value V;
    V.K = Kind::Float;
    V.F = X;
    return V;
  }
  static Value object(Kind K, Obj *P) {
    Value V;
    V.K = K;
    V.O = P;
    return V;
  }
  static Value str(Str *P) { return object(Kind::Str, reinterpret_cast<Obj *>(P)); }
  static Value array(Array *P) { return object(Kind::Array, reinterpret_cast<Obj *>(P)); }
  static Value tuple(Tuple *P) { return object(Kind::Tuple, reinterpret_cast<Obj *>(P)); }
  static Value range(Range *P) { return object(Kind::Range, reinterpret_cast<Obj *>(P)); }
  static Value structObj(StructObj *P) { return object(Kind::Struct, reinterpret_cast<Obj *>(P)); }
  static Value map(Map *P) { return object(Kind::Map, reinterpret_cast<Obj *>(P)); }
  static Value func(Closure *P) { return object(Kind::Func, reinterpret_cast<Obj *>(P)); }

  bool isNil() const { return K == Kind::Nil; }
  bool isInt() const { return K == Kind::Int; }
  bool isFloat() const { return K == Kind::Float; }
  bool isNumber() const { return K == Kind::Int || K == Kind::Float; }
  bool isStr() const { return K == Kind::Str; }
  bool isHeap() const { return K >= Kind::Str && K <= Kind::Func; }
  /// Only `false` and `nil` are false (LANGUAGE.md §3).
  bool truthy() const { return !(K == Kind::Nil || (K == Kind::Bool && !B)); }
  double asDouble() const { return K == Kind::Int ? static_cast<double>(I) : F; }
};

static_assert(sizeof(Value) == 16, "Value must stay two machine words");

} // namespace ruchy

#endif
