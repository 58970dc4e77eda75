//===- frontend/Lexer.h - Ruchy source text to tokens ------------*- C++ -*-===//
//
// Turns source bytes into tokens (LANGUAGE.md §2). The lexer works on a byte
// range of the whole file so that f-string holes can be re-lexed in place
// and their tokens keep spans relative to the file (errors point at the
// right line and column). Lexical errors are appended to the diagnostics
// and lexing continues; the token stream always ends with one Eof token.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_FRONTEND_LEXER_H
#define RUCHY_FRONTEND_LEXER_H

#include "frontend/Diagnostic.h"
#include "frontend/Token.h"

#include <string_view>
#include <vector>

namespace ruchy {

class Lexer {
public:
  /// Lexes Source[Begin, End), whose first byte is at Line:Col.
  Lexer(std::string_view Source, uint32_t Begin, uint32_t End, uint32_t Line,
        uint32_t Col, std::vector<Diagnostic> &Errors);
  /// Lexes the whole file (skipping a `#!` first line).
  Lexer(std::string_view Source, std::vector<Diagnostic> &Errors);

  std::vector<Token> lexAll();

  /// True when an error consumed the input up to its end (an unterminated
  /// string or comment), so "found end of file" errors would only repeat it.
  bool hitEofInError() const { return EofInError; }

private:
  std::string_view Src;
  uint32_t Pos, Limit;
  uint32_t Line, LineStart; ///< LineStart may be "virtual" for sub-lexers
  std::vector<Diagnostic> &Errors;
  bool EofInError = false;
  bool WholeFile = false; ///< validate UTF-8 once, for the whole file only
  bool SawNewline = false;
  TokenKind PrevKind = TokenKind::Eof;
  bool HavePrev = false;
  uint32_t LastEndLine = 1, LastEndCol = 1; ///< where the last token ended

  char peek(uint32_t Ahead = 0) const {
    return Pos + Ahead < Limit ? Src[Pos + Ahead] : '\0';
  }
  bool atEnd() const { return Pos >= Limit; }
  uint32_t col() const { return Pos - LineStart + 1; }
  void advance();
  void error(uint32_t At, uint32_t AtLine, uint32_t AtCol, std::string Msg);

  void skipTrivia();
  bool lexToken(Token &T);
  void lexNumber(Token &T);
  void lexString(Token &T);
  void lexRawString(Token &T);
  void lexQuote(Token &T);
  void lexFString(Token &T);
  void lexIdentOrKeyword(Token &T);
  void lexPunct(Token &T);
  /// Decodes one escape after a backslash (Pos at the char after `\`) and
  /// appends it to Out. Returns false (after reporting) on a bad escape.
  bool lexEscape(std::string &Out);
  /// Skips a string literal inside an f-string hole (Pos at its quote).
  bool skipNestedString();
};

/// True for bytes that may start an identifier (ASCII letters, `_`, and any
/// non-ASCII byte: the source is valid UTF-8 by then).
bool isIdentStart(unsigned char C);
bool isIdentContinue(unsigned char C);

/// Offset of the first invalid UTF-8 sequence in S, or S.size() if valid.
size_t findInvalidUtf8(std::string_view S);

} // namespace ruchy

#endif
