//===- frontend/Diagnostic.cpp - Rendering compile-time errors -----------===//
//
// Prints a Diagnostic the way LANGUAGE.md §9 and rustc do: the message, the
// ` --> file:line:col` line, then the source line with a caret under the
// column. The snippet is made safe to print: invalid UTF-8 is replaced and
// very long lines are cut to a window around the column.
//
//===----------------------------------------------------------------------===//

#include "frontend/Diagnostic.h"
#include "frontend/Lexer.h"

#include <fmt/format.h>

namespace ruchy {

namespace {
/// Bytes of a source line shown on each side of the caret; longer lines (a
/// minified 1 MB line) are cut with "..." so the message stays readable.
constexpr size_t SnippetHalfWidth = 80;

/// Replaces invalid UTF-8 with U+FFFD so the snippet is printable.
std::string sanitize(std::string_view S) {
  std::string Out;
  while (!S.empty()) {
    size_t Bad = findInvalidUtf8(S);
    Out.append(S.substr(0, Bad));
    if (Bad == S.size())
      break;
    Out += "\xEF\xBF\xBD";
    S.remove_prefix(Bad + 1);
  }
  return Out;
}
} // namespace

std::string renderDiagnostic(const Diagnostic &D, std::string_view FileName,
                             std::string_view Source) {
  std::string Out = fmt::format("Error: {}\n --> {}:{}:{}\n", D.Message, FileName, D.Loc.Line,
                                D.Loc.Col);
  if (D.Loc.Line == 0)
    return Out;
  // Find the line by number (the offset may be past the end for EOF).
  size_t LineStart = 0;
  for (uint32_t L = 1; L < D.Loc.Line; ++L) {
    size_t NL = Source.find('\n', LineStart);
    if (NL == std::string_view::npos)
      return Out;
    LineStart = NL + 1;
  }
  size_t LineEnd = Source.find('\n', LineStart);
  if (LineEnd == std::string_view::npos)
    LineEnd = Source.size();
  std::string_view Line = Source.substr(LineStart, LineEnd - LineStart);
  if (!Line.empty() && Line.back() == '\r')
    Line.remove_suffix(1);

  size_t Col = D.Loc.Col > 0 ? D.Loc.Col - 1 : 0; // 0-based byte column
  if (Col > Line.size())
    Col = Line.size();
  std::string_view Prefix = Line.substr(0, Col);
  std::string_view Shown = Line;
  std::string Lead, Trail;
  if (Col > SnippetHalfWidth) {
    size_t Cut = Col - SnippetHalfWidth;
    while (Cut < Col && (static_cast<unsigned char>(Line[Cut]) & 0xC0) == 0x80)
      ++Cut; // do not split a character
    Shown = Line.substr(Cut);
    Prefix = Line.substr(Cut, Col - Cut);
    Lead = "...";
  }
  if (Shown.size() - Prefix.size() > SnippetHalfWidth) {
    size_t Keep = Prefix.size() + SnippetHalfWidth;
    while (Keep < Shown.size() && (static_cast<unsigned char>(Shown[Keep]) & 0xC0) == 0x80)
      ++Keep;
    Shown = Shown.substr(0, Keep);
    Trail = "...";
  }

  // The caret line repeats tabs so it lines up, and counts one column per
  // character, not per byte.
  std::string Pad = Lead.empty() ? "" : "   ";
  for (char C : Prefix) {
    if (C == '\t')
      Pad += '\t';
    else if ((static_cast<unsigned char>(C) & 0xC0) != 0x80)
      Pad += ' ';
  }

  std::string Num = std::to_string(D.Loc.Line);
  std::string Gutter(Num.size(), ' ');
  Out += fmt::format("{} |\n", Gutter);
  Out += fmt::format("{} | {}{}{}\n", Num, Lead, sanitize(Shown), Trail);
  Out += fmt::format("{} | {}^\n", Gutter, Pad);
  return Out;
}

} // namespace ruchy
