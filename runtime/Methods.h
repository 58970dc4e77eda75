//===- runtime/Methods.h - Builtin methods -----------------------*- C++ -*-===//
//
// The methods of Int, Float, Str, Array, Map, Tuple and Range values
// (LANGUAGE.md §8). The resolver turns a method name into a number once;
// the call dispatches on the receiver's kind. User methods on structs are
// the interpreter's business and are looked up first.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_METHODS_H
#define RUCHY_RUNTIME_METHODS_H

#include "runtime/Site.h"
#include "runtime/Value.h"

#include <cstddef>
#include <string_view>

namespace ruchy {

/// The method's number, or -1 when no builtin type has a method by that name.
int lookupMethod(std::string_view Name);
const char *methodName(int Id);
/// Calls method Id on Recv. A receiver kind without that method raises
/// `Type error: Int has no method 'push'` at Site.
Value callMethod(int Id, Value Recv, const Value *Args, size_t N, SiteId Site);

} // namespace ruchy

#endif
