//===- runtime/Builtins.h - Builtin functions --------------------*- C++ -*-===//
//
// The builtin functions of LANGUAGE.md §8 (`len`, `push`, `sqrt`, `println`,
// `HashMap::new`, ...), looked up by name once by the resolver and called by
// number, so a call never hashes a name at run time.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_BUILTINS_H
#define RUCHY_RUNTIME_BUILTINS_H

#include "runtime/Site.h"
#include "runtime/Value.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ruchy {

/// The builtin's number, or -1. Names include paths: "HashMap::new",
/// "String::from", "String::new".
int lookupBuiltin(std::string_view Name);
const char *builtinName(int Id);
/// The kinds builtin Id can return, as bits 1 << Kind (`parse_int`: Int;
/// `println`: Nil), or 0 when they depend on its arguments (`min`, `pop`).
/// Type inference and compiled code rely on it.
uint32_t builtinResultKinds(int Id);
/// Calls builtin Id. Wrong argument counts or kinds raise errors at Site.
Value callBuiltin(int Id, const Value *Args, size_t N, SiteId Site);

/// The program's own arguments, returned by the `args()` builtin.
void setProgramArguments(std::vector<std::string> Args);
const std::vector<std::string> &programArguments();

} // namespace ruchy

#endif
