//===- runtime/Call.h - Calling Ruchy functions from the runtime -*- C++ -*-===//
//
// Builtins such as `map`, `filter` and `sort` call Ruchy function values.
// The runtime does not know how functions run (that is the tiers' business);
// the execution engine installs the entry point here.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_CALL_H
#define RUCHY_RUNTIME_CALL_H

#include "runtime/Site.h"
#include "runtime/Value.h"

#include <cstddef>

namespace ruchy {

/// Calls function value Fn with N arguments. Raises a type error at Site if
/// Fn is not a function, and the usual arity error if N does not match.
using CallFunctionHook = Value (*)(Value Fn, const Value *Args, size_t N, SiteId Site);
void setCallFunctionHook(CallFunctionHook Hook);
Value callFunctionValue(Value Fn, const Value *Args, size_t N, SiteId Site);

} // namespace ruchy

#endif
