//===- frontend/Token.h - Lexical tokens of Ruchy ----------------*- C++ -*-===//
//
// The tokens the lexer produces and the parser consumes. A token carries its
// span, whether a newline precedes it (Ruchy's newline rules, LANGUAGE.md §2,
// depend on it), and its decoded payload: the value of a number, the text of
// a string after escape processing, or the pieces of an f-string.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_FRONTEND_TOKEN_H
#define RUCHY_FRONTEND_TOKEN_H

#include <cstdint>
#include <string>
#include <vector>

namespace ruchy {

enum class TokenKind : uint8_t {
  Eof,
  Ident,   ///< a name (also `self`, `Self`); Text holds it
  Int,     ///< IntVal holds the value
  Float,   ///< FloatVal holds the value
  Str,     ///< "..." r"..." and 'c'; Text holds the decoded text
  FStr,    ///< f"..."; Parts holds the pieces
  Label,   ///< 'outer / 'a / 'static; Text holds the name without quote
  Macro,   ///< `name!` directly followed by `(` or `[`; Text holds the name
  Underscore,

  // Keywords.
  KwAs, KwBreak, KwConst, KwContinue, KwElse, KwEnum, KwFalse, KwFn, KwFor,
  KwIf, KwImpl, KwIn, KwLet, KwLoop, KwMatch, KwMove, KwMut, KwNil, KwPub,
  KwReturn, KwStatic, KwStruct, KwTrait, KwTrue, KwUse, KwWhile,

  // Punctuation.
  LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  Comma, Semi, Colon, ColonColon, Dot, DotDot, DotDotEq, DotDotDot,
  Arrow,    ///< ->
  FatArrow, ///< =>
  Eq, EqEq, NotEq, Lt, Le, Gt, Ge,
  Plus, Minus, Star, Slash, Percent, StarStar,
  PlusEq, MinusEq, StarEq, SlashEq, PercentEq,
  AmpEq, PipeEq, CaretEq, ShlEq, ShrEq,
  Bang, Amp, AmpAmp, Pipe, PipePipe, Caret, Shl, Shr,
  Question, Hash, At, Dollar,
};

/// One piece of an f-string as the lexer sees it: literal text (escapes
/// decoded, `{{`/`}}` folded), or a hole whose expression and optional spec
/// are byte ranges of the source, parsed later by the parser.
struct FStrPart {
  bool IsHole = false;
  std::string Text;          ///< literal text (IsHole false)
  uint32_t ExprBegin = 0;    ///< hole: source range of the expression
  uint32_t ExprEnd = 0;
  uint32_t ExprLine = 0;     ///< hole: line and column of ExprBegin
  uint32_t ExprCol = 0;
  bool HasSpec = false;
  std::string SpecText;      ///< text after the top-level `:`
  uint32_t SpecBegin = 0;    ///< source offset of SpecText, for errors
  uint32_t SpecLine = 0, SpecCol = 0;
};

struct Token {
  TokenKind Kind = TokenKind::Eof;
  bool NewlineBefore = false; ///< a newline (in whitespace or a comment) precedes it
  /// An Int literal equal to 2^63: only valid right after a prefix `-`.
  bool IntIsMinMagnitude = false;
  uint32_t Begin = 0, End = 0; ///< byte offsets
  uint32_t Line = 0, Col = 0;  ///< 1-based
  int64_t IntVal = 0;
  double FloatVal = 0;
  std::string Text;
  std::vector<FStrPart> Parts;
};

/// How a token kind is written (`'}'`, `'let'`), for error messages.
const char *tokenKindSpelling(TokenKind K);

/// Whether a name is a keyword, and which.
bool lookupKeyword(const std::string &Name, TokenKind &Out);

} // namespace ruchy

#endif
