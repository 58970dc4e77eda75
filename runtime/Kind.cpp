//===- runtime/Kind.cpp - Kind names -----------------------------------------===//
//
// The names of value kinds as they appear in type errors ("Int", "Str").
//
//===----------------------------------------------------------------------===//
#include "runtime/Value.h"

namespace ruchy {

const char *kindName(Kind K) {
  switch (K) {
  case Kind::Nil:
    return "Nil";
  case Kind::Bool:
    return "Bool";
  case Kind::Int:
    return "Int";
  case Kind::Float:
    return "Float";
  case Kind::Str:
    return "Str";
  case Kind::Array:
    return "Array";
  case Kind::Tuple:
    return "Tuple";
  case Kind::Range:
    return "Range";
  case Kind::Struct:
    return "Struct";
  case Kind::Map:
    return "Map";
  case Kind::Func:
    return "Function";
  case Kind::Undef:
    return "Undefined";
  }
  return "?";
}

} // namespace ruchy
