//===- frontend/SourceText.h - Spelling values as Ruchy source ---*- C++ -*-===//
//
// How literals and format specs are written in Ruchy source, shared by the
// syntax-tree dump (AstDump.cpp) and the pretty printer (PrettyPrinter.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_FRONTEND_SOURCETEXT_H
#define RUCHY_FRONTEND_SOURCETEXT_H

#include "runtime/FormatSpec.h"

#include <fmt/format.h>

#include <string>

namespace ruchy {

/// A string literal with the escapes the lexer reads back.
inline std::string quoteString(const std::string &S) {
  std::string Out = "\"";
  for (char C : S) {
    switch (C) {
    case '"': Out += "\\\""; break;
    case '\\': Out += "\\\\"; break;
    case '\n': Out += "\\n"; break;
    case '\t': Out += "\\t"; break;
    case '\r': Out += "\\r"; break;
    case '\0': Out += "\\0"; break;
    default:
      if (static_cast<unsigned char>(C) < 0x20 || C == 0x7f)
        Out += fmt::format("\\x{:02X}", static_cast<unsigned char>(C));
      else
        Out += C;
    }
  }
  return Out + "\"";
}

/// A float literal that reads back as the same double (shortest form).
inline std::string floatText(double V) {
  std::string S = fmt::format("{}", V);
  if (S.find_first_of(".eEn") == std::string::npos)
    S += ".0";
  return S;
}

/// `:<fill><align>+0<width>.<precision>?`, as written after a hole's colon.
inline std::string formatSpecText(const FormatSpec &S) {
  std::string Out = ":";
  if (S.Align) {
    if (S.Fill != ' ')
      Out += S.Fill;
    Out += S.Align;
  }
  if (S.Plus)
    Out += '+';
  if (S.ZeroPad)
    Out += '0';
  if (S.Width >= 0)
    Out += std::to_string(S.Width);
  if (S.Precision >= 0)
    Out += "." + std::to_string(S.Precision);
  if (S.Debug)
    Out += '?';
  return Out;
}

} // namespace ruchy

#endif
