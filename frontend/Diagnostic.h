//===- frontend/Diagnostic.h - Syntax and resolution errors ------*- C++ -*-===//
//
// A compile-time error with its location, printed as LANGUAGE.md §9 says:
//
//   Error: Syntax error: expected '}', found end of file
//    --> prog.ruchy:9:1
//     |
//   9 | println(broken(1))
//     | ^
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_FRONTEND_DIAGNOSTIC_H
#define RUCHY_FRONTEND_DIAGNOSTIC_H

#include "frontend/AST.h"

#include <string>
#include <string_view>
#include <vector>

namespace ruchy {

struct Diagnostic {
  std::string Message; ///< "Syntax error: expected '}', found end of file"
  ast::Span Loc;
};

/// Renders one diagnostic: the `Error:` line, the ` --> ` line and the source
/// line with a caret under the column.
std::string renderDiagnostic(const Diagnostic &D, std::string_view FileName,
                             std::string_view Source);

} // namespace ruchy

#endif
