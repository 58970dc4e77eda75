//===- frontend/Lexer.cpp - Ruchy source text to tokens -----------------===//
//
// Implements LANGUAGE.md §2: comments (nesting block comments), numbers with
// ignored type suffixes, strings with escapes, raw strings, char literals
// versus labels, f-strings (holes are recorded as source ranges for the
// parser), macro names, and the newline-before flag on every token.
//
//===----------------------------------------------------------------------===//

#include "frontend/Lexer.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace ruchy {

namespace {
/// The largest code point \u{...} may name (Unicode's limit).
constexpr uint32_t MaxCodePoint = 0x10FFFF;
/// Hex digits allowed in \u{...}: six cover MaxCodePoint.
constexpr unsigned MaxUnicodeEscapeDigits = 6;

struct KeywordEntry {
  const char *Name;
  TokenKind Kind;
};
// `self`, `Self`, `where`, `dyn`, `type`, `unsafe` stay identifiers: they are
// only special in a few positions, and keeping them out of the keyword set
// lets programs use them as ordinary names elsewhere.
constexpr KeywordEntry Keywords[] = {
    {"as", TokenKind::KwAs},         {"break", TokenKind::KwBreak},
    {"const", TokenKind::KwConst},   {"continue", TokenKind::KwContinue},
    {"else", TokenKind::KwElse},     {"enum", TokenKind::KwEnum},
    {"false", TokenKind::KwFalse},   {"fn", TokenKind::KwFn},
    {"fun", TokenKind::KwFn},        {"for", TokenKind::KwFor},
    {"if", TokenKind::KwIf},         {"impl", TokenKind::KwImpl},
    {"in", TokenKind::KwIn},         {"let", TokenKind::KwLet},
    {"loop", TokenKind::KwLoop},     {"match", TokenKind::KwMatch},
    {"move", TokenKind::KwMove},     {"mut", TokenKind::KwMut},
    {"nil", TokenKind::KwNil},       {"pub", TokenKind::KwPub},
    {"return", TokenKind::KwReturn}, {"static", TokenKind::KwStatic},
    {"struct", TokenKind::KwStruct}, {"trait", TokenKind::KwTrait},
    {"true", TokenKind::KwTrue},     {"use", TokenKind::KwUse},
    {"while", TokenKind::KwWhile},
};

bool isDigit(char C) { return C >= '0' && C <= '9'; }
bool isHexDigit(char C) {
  return isDigit(C) || (C >= 'a' && C <= 'f') || (C >= 'A' && C <= 'F');
}
int digitValue(char C) {
  if (isDigit(C))
    return C - '0';
  if (C >= 'a' && C <= 'f')
    return C - 'a' + 10;
  if (C >= 'A' && C <= 'F')
    return C - 'A' + 10;
  return 99;
}

void appendUtf8(std::string &Out, uint32_t CP) {
  if (CP < 0x80) {
    Out += static_cast<char>(CP);
  } else if (CP < 0x800) {
    Out += static_cast<char>(0xC0 | (CP >> 6));
    Out += static_cast<char>(0x80 | (CP & 0x3F));
  } else if (CP < 0x10000) {
    Out += static_cast<char>(0xE0 | (CP >> 12));
    Out += static_cast<char>(0x80 | ((CP >> 6) & 0x3F));
    Out += static_cast<char>(0x80 | (CP & 0x3F));
  } else {
    Out += static_cast<char>(0xF0 | (CP >> 18));
    Out += static_cast<char>(0x80 | ((CP >> 12) & 0x3F));
    Out += static_cast<char>(0x80 | ((CP >> 6) & 0x3F));
    Out += static_cast<char>(0x80 | (CP & 0x3F));
  }
}

/// Length of the UTF-8 sequence starting with lead byte C (1 for ASCII and
/// for stray bytes, which validation has already excluded).
unsigned utf8Length(unsigned char C) {
  if (C < 0xC0)
    return 1;
  if (C < 0xE0)
    return 2;
  if (C < 0xF0)
    return 3;
  return 4;
}

bool isIntSuffix(std::string_view S) {
  static constexpr const char *Suffixes[] = {
      "i8", "i16", "i32", "i64", "i128", "isize",
      "u8", "u16", "u32", "u64", "u128", "usize"};
  for (const char *X : Suffixes)
    if (S == X)
      return true;
  return false;
}
} // namespace

bool isIdentStart(unsigned char C) {
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || C == '_' || C >= 0x80;
}
bool isIdentContinue(unsigned char C) { return isIdentStart(C) || isDigit(C); }

size_t findInvalidUtf8(std::string_view S) {
  size_t I = 0, N = S.size();
  while (I < N) {
    unsigned char C = S[I];
    if (C < 0x80) {
      ++I;
      continue;
    }
    unsigned Len;
    uint32_t CP;
    if (C >= 0xC2 && C <= 0xDF) {
      Len = 2;
      CP = C & 0x1F;
    } else if (C >= 0xE0 && C <= 0xEF) {
      Len = 3;
      CP = C & 0x0F;
    } else if (C >= 0xF0 && C <= 0xF4) {
      Len = 4;
      CP = C & 0x07;
    } else {
      return I;
    }
    if (I + Len > N)
      return I;
    for (unsigned K = 1; K < Len; ++K) {
      unsigned char D = S[I + K];
      if ((D & 0xC0) != 0x80)
        return I;
      CP = (CP << 6) | (D & 0x3F);
    }
    // Overlong forms, surrogates and code points past Unicode's range.
    if ((Len == 3 && CP < 0x800) || (Len == 4 && CP < 0x10000) ||
        (CP >= 0xD800 && CP <= 0xDFFF) || CP > MaxCodePoint)
      return I;
    I += Len;
  }
  return N;
}

bool lookupKeyword(const std::string &Name, TokenKind &Out) {
  for (const KeywordEntry &E : Keywords)
    if (Name == E.Name) {
      Out = E.Kind;
      return true;
    }
  return false;
}

const char *tokenKindSpelling(TokenKind K) {
  switch (K) {
  case TokenKind::Eof: return "end of file";
  case TokenKind::Ident: return "identifier";
  case TokenKind::Int: return "integer literal";
  case TokenKind::Float: return "float literal";
  case TokenKind::Str: return "string literal";
  case TokenKind::FStr: return "f-string";
  case TokenKind::Label: return "label";
  case TokenKind::Macro: return "macro";
  case TokenKind::Underscore: return "'_'";
  case TokenKind::KwAs: return "'as'";
  case TokenKind::KwBreak: return "'break'";
  case TokenKind::KwConst: return "'const'";
  case TokenKind::KwContinue: return "'continue'";
  case TokenKind::KwElse: return "'else'";
  case TokenKind::KwEnum: return "'enum'";
  case TokenKind::KwFalse: return "'false'";
  case TokenKind::KwFn: return "'fn'";
  case TokenKind::KwFor: return "'for'";
  case TokenKind::KwIf: return "'if'";
  case TokenKind::KwImpl: return "'impl'";
  case TokenKind::KwIn: return "'in'";
  case TokenKind::KwLet: return "'let'";
  case TokenKind::KwLoop: return "'loop'";
  case TokenKind::KwMatch: return "'match'";
  case TokenKind::KwMove: return "'move'";
  case TokenKind::KwMut: return "'mut'";
  case TokenKind::KwNil: return "'nil'";
  case TokenKind::KwPub: return "'pub'";
  case TokenKind::KwReturn: return "'return'";
  case TokenKind::KwStatic: return "'static'";
  case TokenKind::KwStruct: return "'struct'";
  case TokenKind::KwTrait: return "'trait'";
  case TokenKind::KwTrue: return "'true'";
  case TokenKind::KwUse: return "'use'";
  case TokenKind::KwWhile: return "'while'";
  case TokenKind::LParen: return "'('";
  case TokenKind::RParen: return "')'";
  case TokenKind::LBracket: return "'['";
  case TokenKind::RBracket: return "']'";
  case TokenKind::LBrace: return "'{'";
  case TokenKind::RBrace: return "'}'";
  case TokenKind::Comma: return "','";
  case TokenKind::Semi: return "';'";
  case TokenKind::Colon: return "':'";
  case TokenKind::ColonColon: return "'::'";
  case TokenKind::Dot: return "'.'";
  case TokenKind::DotDot: return "'..'";
  case TokenKind::DotDotEq: return "'..='";
  case TokenKind::DotDotDot: return "'...'";
  case TokenKind::Arrow: return "'->'";
  case TokenKind::FatArrow: return "'=>'";
  case TokenKind::Eq: return "'='";
  case TokenKind::EqEq: return "'=='";
  case TokenKind::NotEq: return "'!='";
  case TokenKind::Lt: return "'<'";
  case TokenKind::Le: return "'<='";
  case TokenKind::Gt: return "'>'";
  case TokenKind::Ge: return "'>='";
  case TokenKind::Plus: return "'+'";
  case TokenKind::Minus: return "'-'";
  case TokenKind::Star: return "'*'";
  case TokenKind::Slash: return "'/'";
  case TokenKind::Percent: return "'%'";
  case TokenKind::StarStar: return "'**'";
  case TokenKind::PlusEq: return "'+='";
  case TokenKind::MinusEq: return "'-='";
  case TokenKind::StarEq: return "'*='";
  case TokenKind::SlashEq: return "'/='";
  case TokenKind::PercentEq: return "'%='";
  case TokenKind::AmpEq: return "'&='";
  case TokenKind::PipeEq: return "'|='";
  case TokenKind::CaretEq: return "'^='";
  case TokenKind::ShlEq: return "'<<='";
  case TokenKind::ShrEq: return "'>>='";
  case TokenKind::Bang: return "'!'";
  case TokenKind::Amp: return "'&'";
  case TokenKind::AmpAmp: return "'&&'";
  case TokenKind::Pipe: return "'|'";
  case TokenKind::PipePipe: return "'||'";
  case TokenKind::Caret: return "'^'";
  case TokenKind::Shl: return "'<<'";
  case TokenKind::Shr: return "'>>'";
  case TokenKind::Question: return "'?'";
  case TokenKind::Hash: return "'#'";
  case TokenKind::At: return "'@'";
  case TokenKind::Dollar: return "'$'";
  }
  return "token";
}

Lexer::Lexer(std::string_view Source, uint32_t Begin, uint32_t End, uint32_t Line,
             uint32_t Col, std::vector<Diagnostic> &Errors)
    : Src(Source), Pos(Begin), Limit(End), Line(Line), LineStart(Begin + 1 - Col),
      Errors(Errors) {}

Lexer::Lexer(std::string_view Source, std::vector<Diagnostic> &Errors)
    : Src(Source), Pos(0), Limit(static_cast<uint32_t>(Source.size())), Line(1),
      LineStart(0), Errors(Errors), WholeFile(true) {
  // A `#!` first line is an interpreter line, unless it is an inner
  // attribute `#![...]`.
  if (Src.size() >= 2 && Src[0] == '#' && Src[1] == '!') {
    size_t I = 2;
    while (I < Src.size() && (Src[I] == ' ' || Src[I] == '\t'))
      ++I;
    if (I >= Src.size() || Src[I] != '[')
      while (Pos < Limit && Src[Pos] != '\n')
        ++Pos;
  }
}

void Lexer::advance() {
  if (Src[Pos] == '\n') {
    ++Line;
    LineStart = Pos + 1;
  }
  ++Pos;
}

void Lexer::error(uint32_t At, uint32_t AtLine, uint32_t AtCol, std::string Msg) {
  Diagnostic D;
  D.Message = "Syntax error: " + std::move(Msg);
  D.Loc.Begin = At;
  D.Loc.End = At + 1;
  D.Loc.Line = AtLine;
  D.Loc.Col = AtCol;
  Errors.push_back(std::move(D));
}

void Lexer::skipTrivia() {
  while (!atEnd()) {
    char C = peek();
    if (C == '\n') {
      SawNewline = true;
      advance();
    } else if (C == ' ' || C == '\t' || C == '\r') {
      advance();
    } else if (C == '/' && peek(1) == '/') {
      while (!atEnd() && peek() != '\n')
        advance();
    } else if (C == '/' && peek(1) == '*') {
      uint32_t StartPos = Pos, StartLine = Line, StartCol = col();
      unsigned Depth = 0; // a counter, not recursion: nesting is unbounded
      do {
        if (peek() == '/' && peek(1) == '*') {
          ++Depth;
          advance();
          advance();
        } else if (peek() == '*' && peek(1) == '/') {
          --Depth;
          advance();
          advance();
        } else {
          if (peek() == '\n')
            SawNewline = true;
          advance();
        }
      } while (Depth > 0 && !atEnd());
      if (Depth > 0) {
        error(StartPos, StartLine, StartCol, "unterminated block comment");
        EofInError = true;
      }
    } else {
      return;
    }
  }
}

std::vector<Token> Lexer::lexAll() {
  std::vector<Token> Toks;
  // Only the whole-file lexer validates: sub-lexers see already-checked text.
  if (WholeFile) {
    size_t Bad = findInvalidUtf8(Src.substr(0, Limit));
    if (Bad < Limit) {
      uint32_t L = 1, LS = 0;
      for (size_t I = 0; I < Bad; ++I)
        if (Src[I] == '\n') {
          ++L;
          LS = static_cast<uint32_t>(I + 1);
        }
      error(static_cast<uint32_t>(Bad), L, static_cast<uint32_t>(Bad) - LS + 1,
            "invalid UTF-8 in source");
      Token E;
      E.Begin = E.End = Limit;
      E.Line = L;
      E.Col = 1;
      Toks.push_back(E);
      EofInError = true;
      return Toks;
    }
  }
  while (true) {
    Token T;
    bool More = lexToken(T);
    if (!More) {
      T.Kind = TokenKind::Eof;
      T.Begin = T.End = Pos;
      T.Line = Line;
      T.Col = col();
      T.NewlineBefore = true;
      // "found end of file" is reported just after the last token, on a line
      // the snippet can show, rather than on an empty last line.
      if (!Toks.empty()) {
        T.Begin = T.End = Toks.back().End;
        T.Line = LastEndLine;
        T.Col = LastEndCol;
      }
      Toks.push_back(std::move(T));
      return Toks;
    }
    if (T.Kind == TokenKind::Eof) // a skipped bad character
      continue;
    PrevKind = T.Kind;
    HavePrev = true;
    LastEndLine = Line;
    LastEndCol = col();
    Toks.push_back(std::move(T));
  }
}

bool Lexer::lexToken(Token &T) {
  skipTrivia();
  if (atEnd())
    return false;
  T.Begin = Pos;
  T.Line = Line;
  T.Col = col();
  T.NewlineBefore = SawNewline;
  SawNewline = false;
  char C = peek();
  if (isDigit(C)) {
    lexNumber(T);
  } else if (C == '"') {
    lexString(T);
  } else if (C == 'r' && (peek(1) == '"' || (peek(1) == '#' && (peek(2) == '"' || peek(2) == '#')))) {
    lexRawString(T);
  } else if (C == 'f' && peek(1) == '"') {
    lexFString(T);
  } else if (C == '\'') {
    lexQuote(T);
  } else if (isIdentStart(static_cast<unsigned char>(C))) {
    lexIdentOrKeyword(T);
  } else {
    lexPunct(T);
  }
  T.End = Pos;
  return true;
}

void Lexer::lexNumber(Token &T) {
  T.Kind = TokenKind::Int;
  uint32_t StartLine = Line, StartCol = col();
  // After `.` only a plain integer: `t.0.1` is two tuple indexes.
  if (HavePrev && PrevKind == TokenKind::Dot) {
    uint64_t V = 0;
    bool Overflow = false;
    while (!atEnd() && isDigit(peek())) {
      uint64_t D = static_cast<uint64_t>(peek() - '0');
      if (V > (UINT64_MAX - D) / 10)
        Overflow = true;
      else
        V = V * 10 + D;
      advance();
    }
    if (Overflow || V > static_cast<uint64_t>(INT64_MAX))
      error(T.Begin, StartLine, StartCol, "tuple index is too large");
    T.IntVal = static_cast<int64_t>(V & INT64_MAX);
    return;
  }

  unsigned Radix = 10;
  if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X'))
    Radix = 16;
  else if (peek() == '0' && (peek(1) == 'b' || peek(1) == 'B'))
    Radix = 2;
  else if (peek() == '0' && (peek(1) == 'o' || peek(1) == 'O'))
    Radix = 8;
  if (Radix != 10) {
    advance();
    advance();
  }

  std::string Digits; // without `_` separators
  auto IsRadixDigit = [&](char D) {
    return Radix == 16 ? isHexDigit(D) : (isDigit(D) && digitValue(D) < static_cast<int>(Radix));
  };
  while (!atEnd() && (IsRadixDigit(peek()) || peek() == '_')) {
    if (peek() != '_')
      Digits += peek();
    advance();
  }
  if (Digits.empty()) {
    error(T.Begin, StartLine, StartCol, "expected digits in number literal");
    return;
  }

  bool IsFloat = false;
  if (Radix == 10) {
    // `1.5` is a float; `1.` and `1..5` and `1.max(2)` are not.
    if (peek() == '.' && isDigit(peek(1))) {
      IsFloat = true;
      Digits += '.';
      advance();
      while (!atEnd() && (isDigit(peek()) || peek() == '_')) {
        if (peek() != '_')
          Digits += peek();
        advance();
      }
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))))) {
      IsFloat = true;
      Digits += 'e';
      advance();
      if (peek() == '+' || peek() == '-') {
        Digits += peek();
        advance();
      }
      while (!atEnd() && (isDigit(peek()) || peek() == '_')) {
        if (peek() != '_')
          Digits += peek();
        advance();
      }
    }
  }

  // A type suffix (`10i32`, `5usize`, `1f64`) is accepted and ignored,
  // except that a float suffix makes the literal a Float.
  if (!atEnd() && isIdentStart(static_cast<unsigned char>(peek()))) {
    uint32_t SufStart = Pos;
    while (!atEnd() && isIdentContinue(static_cast<unsigned char>(peek())))
      advance();
    std::string_view Suffix = Src.substr(SufStart, Pos - SufStart);
    if ((Suffix == "f64" || Suffix == "f32") && Radix == 10)
      IsFloat = true;
    else if (IsFloat || !isIntSuffix(Suffix))
      error(SufStart, StartLine, StartCol + (SufStart - T.Begin),
            fmt::format("invalid suffix '{}' on number literal", Suffix));
  }

  if (IsFloat) {
    T.Kind = TokenKind::Float;
    double V = 0;
    auto R = std::from_chars(Digits.data(), Digits.data() + Digits.size(), V);
    if (R.ec == std::errc::result_out_of_range) {
      // from_chars leaves V unset on overflow/underflow; IEEE semantics want
      // inf or 0, as Rust gives.
      V = (Digits.find('-') != std::string::npos) ? 0.0 : HUGE_VAL;
    }
    T.FloatVal = V;
    return;
  }

  uint64_t V = 0;
  bool Overflow = false;
  for (char D : Digits) {
    uint64_t Dv = static_cast<uint64_t>(digitValue(D));
    if (V > (UINT64_MAX - Dv) / Radix) {
      Overflow = true;
      break;
    }
    V = V * Radix + Dv;
  }
  if (!Overflow && V == static_cast<uint64_t>(INT64_MAX) + 1) {
    // Only valid after a prefix `-`; the parser checks.
    T.IntIsMinMagnitude = true;
    T.IntVal = INT64_MIN;
    return;
  }
  if (Overflow || V > static_cast<uint64_t>(INT64_MAX)) {
    error(T.Begin, StartLine, StartCol, "integer literal is too large");
    T.IntVal = 0;
    return;
  }
  T.IntVal = static_cast<int64_t>(V);
}

bool Lexer::lexEscape(std::string &Out) {
  uint32_t EscPos = Pos - 1, EscLine = Line, EscCol = col() - 1;
  if (atEnd())
    return false;
  char C = peek();
  advance();
  switch (C) {
  case 'n': Out += '\n'; return true;
  case 't': Out += '\t'; return true;
  case 'r': Out += '\r'; return true;
  case '\\': Out += '\\'; return true;
  case '"': Out += '"'; return true;
  case '\'': Out += '\''; return true;
  case '0': Out += '\0'; return true;
  case '\n':
    // A backslash at the end of a line continues the string without the
    // newline and the next line's indentation, as in Rust.
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      advance();
    return true;
  case 'x': {
    if (isHexDigit(peek()) && isHexDigit(peek(1))) {
      int V = digitValue(peek()) * 16 + digitValue(peek(1));
      advance();
      advance();
      if (V < 0x80) {
        Out += static_cast<char>(V);
        return true;
      }
    }
    error(EscPos, EscLine, EscCol, "invalid '\\x' escape (expected two hex digits up to 7F)");
    return false;
  }
  case 'u': {
    if (peek() != '{') {
      error(EscPos, EscLine, EscCol, "invalid unicode escape (expected '\\u{...}')");
      return false;
    }
    advance();
    uint32_t CP = 0;
    unsigned NumDigits = 0;
    while (!atEnd() && (isHexDigit(peek()) || peek() == '_')) {
      if (peek() != '_') {
        CP = CP * 16 + static_cast<uint32_t>(digitValue(peek()));
        ++NumDigits;
      }
      advance();
      if (NumDigits > MaxUnicodeEscapeDigits)
        break;
    }
    if (peek() != '}' || NumDigits == 0 || NumDigits > MaxUnicodeEscapeDigits ||
        CP > MaxCodePoint || (CP >= 0xD800 && CP <= 0xDFFF)) {
      error(EscPos, EscLine, EscCol, "invalid unicode escape");
      while (!atEnd() && peek() != '}' && peek() != '"' && peek() != '\n')
        advance();
      if (peek() == '}')
        advance();
      return false;
    }
    advance();
    appendUtf8(Out, CP);
    return true;
  }
  default: {
    std::string Ch(1, C);
    if (static_cast<unsigned char>(C) >= 0x80) {
      // Print the whole character, not one byte of it.
      uint32_t Start = Pos - 1;
      unsigned Len = utf8Length(static_cast<unsigned char>(C));
      while (Pos < Limit && Pos < Start + Len)
        advance();
      Ch = std::string(Src.substr(Start, Pos - Start));
    }
    error(EscPos, EscLine, EscCol, fmt::format("unknown escape sequence '\\{}'", Ch));
    return false;
  }
  }
}

void Lexer::lexString(Token &T) {
  T.Kind = TokenKind::Str;
  uint32_t StartLine = Line, StartCol = col();
  advance(); // opening quote
  while (true) {
    if (atEnd()) {
      error(T.Begin, StartLine, StartCol, "unterminated string literal");
      EofInError = true;
      return;
    }
    char C = peek();
    if (C == '"') {
      advance();
      return;
    }
    if (C == '\\') {
      advance();
      lexEscape(T.Text);
      continue;
    }
    T.Text += C;
    advance();
  }
}

void Lexer::lexRawString(Token &T) {
  T.Kind = TokenKind::Str;
  uint32_t StartLine = Line, StartCol = col();
  advance(); // r
  unsigned Hashes = 0;
  while (peek() == '#') {
    ++Hashes;
    advance();
  }
  if (peek() != '"') {
    error(T.Begin, StartLine, StartCol, "expected '\"' after 'r#' in raw string");
    return;
  }
  advance();
  while (true) {
    if (atEnd()) {
      error(T.Begin, StartLine, StartCol, "unterminated raw string literal");
      EofInError = true;
      return;
    }
    if (peek() == '"') {
      unsigned K = 0;
      while (K < Hashes && peek(1 + K) == '#')
        ++K;
      if (K == Hashes) {
        for (unsigned I = 0; I <= Hashes; ++I)
          advance();
        return;
      }
    }
    T.Text += peek();
    advance();
  }
}

void Lexer::lexQuote(Token &T) {
  uint32_t StartLine = Line, StartCol = col();
  // 'c' or '\n': a one-character string.
  if (peek(1) == '\\') {
    T.Kind = TokenKind::Str;
    advance();
    advance();
    lexEscape(T.Text);
    if (peek() == '\'') {
      advance();
    } else {
      error(T.Begin, StartLine, StartCol, "unterminated character literal");
    }
    return;
  }
  unsigned Len = Pos + 1 < Limit ? utf8Length(static_cast<unsigned char>(peek(1))) : 1;
  if (Pos + 1 < Limit && peek(1) != '\'' && peek(1) != '\n' && peek(1 + Len) == '\'') {
    T.Kind = TokenKind::Str;
    T.Text = std::string(Src.substr(Pos + 1, Len));
    for (unsigned I = 0; I < Len + 2; ++I)
      advance();
    return;
  }
  // 'outer, 'a, 'static: a label or lifetime.
  if (Pos + 1 < Limit && isIdentStart(static_cast<unsigned char>(peek(1)))) {
    T.Kind = TokenKind::Label;
    advance();
    uint32_t NameStart = Pos;
    while (!atEnd() && isIdentContinue(static_cast<unsigned char>(peek())))
      advance();
    T.Text = std::string(Src.substr(NameStart, Pos - NameStart));
    return;
  }
  advance();
  T.Kind = TokenKind::Eof; // skipped
  error(T.Begin, StartLine, StartCol, "invalid character literal");
}

bool Lexer::skipNestedString() {
  advance(); // opening quote
  while (!atEnd()) {
    char C = peek();
    if (C == '\\') {
      advance();
      if (!atEnd())
        advance();
      continue;
    }
    advance();
    if (C == '"')
      return true;
  }
  return false;
}

void Lexer::lexFString(Token &T) {
  T.Kind = TokenKind::FStr;
  uint32_t StartLine = Line, StartCol = col();
  advance(); // f
  advance(); // "
  FStrPart Lit;
  auto FlushLit = [&] {
    if (!Lit.Text.empty())
      T.Parts.push_back(std::move(Lit));
    Lit = FStrPart();
  };
  auto Unterminated = [&] {
    error(T.Begin, StartLine, StartCol, "unterminated f-string");
    EofInError = true;
  };
  while (true) {
    if (atEnd()) {
      Unterminated();
      FlushLit();
      return;
    }
    char C = peek();
    if (C == '"') {
      advance();
      FlushLit();
      return;
    }
    if (C == '\\') {
      advance();
      lexEscape(Lit.Text);
      continue;
    }
    if (C == '{' && peek(1) == '{') {
      Lit.Text += '{';
      advance();
      advance();
      continue;
    }
    if (C == '}' && peek(1) == '}') {
      Lit.Text += '}';
      advance();
      advance();
      continue;
    }
    if (C == '}') {
      error(Pos, Line, col(), "unmatched '}' in f-string (write '}}' for a literal brace)");
      advance();
      continue;
    }
    if (C != '{') {
      Lit.Text += C;
      advance();
      continue;
    }
    // A hole: find its end, skipping nested brackets and string literals.
    FlushLit();
    uint32_t HolePos = Pos, HoleLine = Line, HoleCol = col();
    advance();
    FStrPart Hole;
    Hole.IsHole = true;
    Hole.ExprBegin = Pos;
    Hole.ExprLine = Line;
    Hole.ExprCol = col();
    unsigned Depth = 0;
    bool Closed = false;
    while (!atEnd()) {
      char H = peek();
      if (H == '"') {
        if (!skipNestedString())
          break;
        continue;
      }
      if (H == '\'') {
        // A char literal 'x' or '\n' inside a hole; a lone quote is a label.
        if (peek(1) == '\\') {
          advance();
          advance();
          while (!atEnd() && peek() != '\'' && peek() != '"')
            advance();
          if (peek() == '\'')
            advance();
          continue;
        }
        unsigned Len = utf8Length(static_cast<unsigned char>(peek(1)));
        if (peek(1 + Len) == '\'') {
          for (unsigned I = 0; I < Len + 2 && !atEnd(); ++I)
            advance();
          continue;
        }
        advance();
        continue;
      }
      if (H == '(' || H == '[' || H == '{') {
        ++Depth;
      } else if (H == ')' || H == ']') {
        if (Depth > 0)
          --Depth;
      } else if (H == '}') {
        if (Depth == 0) {
          Closed = true;
          break;
        }
        --Depth;
      } else if (H == ':' && Depth == 0 && !Hole.HasSpec && peek(1) != ':' &&
                 Pos > Hole.ExprBegin && Src[Pos - 1] != ':') {
        Hole.HasSpec = true;
        Hole.ExprEnd = Pos;
        advance();
        Hole.SpecBegin = Pos;
        Hole.SpecLine = Line;
        Hole.SpecCol = col();
        while (!atEnd() && peek() != '}' && peek() != '"')
          advance();
        Hole.SpecText = std::string(Src.substr(Hole.SpecBegin, Pos - Hole.SpecBegin));
        if (peek() == '}')
          Closed = true;
        break;
      }
      advance();
    }
    if (!Closed) {
      if (atEnd()) {
        // Most likely the hole's `}` is missing (a quote inside the hole
        // then opened a string that ran to the end).
        error(HolePos, HoleLine, HoleCol, "unterminated '{' in f-string");
        EofInError = true;
        return;
      }
      error(HolePos, HoleLine, HoleCol, "unterminated '{' in f-string");
      continue; // Pos is at the closing quote of the f-string
    }
    if (!Hole.HasSpec)
      Hole.ExprEnd = Pos;
    advance(); // }
    T.Parts.push_back(std::move(Hole));
  }
}

void Lexer::lexIdentOrKeyword(Token &T) {
  uint32_t Start = Pos;
  while (!atEnd() && isIdentContinue(static_cast<unsigned char>(peek()))) {
    if (static_cast<unsigned char>(peek()) >= 0x80) {
      unsigned Len = utf8Length(static_cast<unsigned char>(peek()));
      for (unsigned I = 0; I < Len && !atEnd(); ++I)
        advance();
    } else {
      advance();
    }
  }
  T.Text = std::string(Src.substr(Start, Pos - Start));
  if (T.Text == "_") {
    T.Kind = TokenKind::Underscore;
    return;
  }
  if (lookupKeyword(T.Text, T.Kind))
    return;
  T.Kind = TokenKind::Ident;
  // `name!(` / `name![`: a macro invocation.
  if (peek() == '!' && (peek(1) == '(' || peek(1) == '[')) {
    T.Kind = TokenKind::Macro;
    advance();
  }
}

void Lexer::lexPunct(Token &T) {
  char C = peek();
  char N = peek(1);
  char N2 = peek(2);
  auto Take = [&](TokenKind K, unsigned Len) {
    T.Kind = K;
    for (unsigned I = 0; I < Len; ++I)
      advance();
  };
  switch (C) {
  case '(': return Take(TokenKind::LParen, 1);
  case ')': return Take(TokenKind::RParen, 1);
  case '[': return Take(TokenKind::LBracket, 1);
  case ']': return Take(TokenKind::RBracket, 1);
  case '{': return Take(TokenKind::LBrace, 1);
  case '}': return Take(TokenKind::RBrace, 1);
  case ',': return Take(TokenKind::Comma, 1);
  case ';': return Take(TokenKind::Semi, 1);
  case '?': return Take(TokenKind::Question, 1);
  case '#': return Take(TokenKind::Hash, 1);
  case '@': return Take(TokenKind::At, 1);
  case '$': return Take(TokenKind::Dollar, 1);
  case ':': return N == ':' ? Take(TokenKind::ColonColon, 2) : Take(TokenKind::Colon, 1);
  case '.':
    if (N == '.' && N2 == '.')
      return Take(TokenKind::DotDotDot, 3);
    if (N == '.' && N2 == '=')
      return Take(TokenKind::DotDotEq, 3);
    if (N == '.')
      return Take(TokenKind::DotDot, 2);
    return Take(TokenKind::Dot, 1);
  case '-':
    if (N == '>')
      return Take(TokenKind::Arrow, 2);
    if (N == '=')
      return Take(TokenKind::MinusEq, 2);
    return Take(TokenKind::Minus, 1);
  case '=':
    if (N == '>')
      return Take(TokenKind::FatArrow, 2);
    if (N == '=')
      return Take(TokenKind::EqEq, 2);
    return Take(TokenKind::Eq, 1);
  case '!': return N == '=' ? Take(TokenKind::NotEq, 2) : Take(TokenKind::Bang, 1);
  case '<':
    if (N == '<' && N2 == '=')
      return Take(TokenKind::ShlEq, 3);
    if (N == '<')
      return Take(TokenKind::Shl, 2);
    if (N == '=')
      return Take(TokenKind::Le, 2);
    return Take(TokenKind::Lt, 1);
  case '>':
    if (N == '>' && N2 == '=')
      return Take(TokenKind::ShrEq, 3);
    if (N == '>')
      return Take(TokenKind::Shr, 2);
    if (N == '=')
      return Take(TokenKind::Ge, 2);
    return Take(TokenKind::Gt, 1);
  case '+': return N == '=' ? Take(TokenKind::PlusEq, 2) : Take(TokenKind::Plus, 1);
  case '*':
    if (N == '*')
      return Take(TokenKind::StarStar, 2);
    if (N == '=')
      return Take(TokenKind::StarEq, 2);
    return Take(TokenKind::Star, 1);
  case '/': return N == '=' ? Take(TokenKind::SlashEq, 2) : Take(TokenKind::Slash, 1);
  case '%': return N == '=' ? Take(TokenKind::PercentEq, 2) : Take(TokenKind::Percent, 1);
  case '&':
    if (N == '&')
      return Take(TokenKind::AmpAmp, 2);
    if (N == '=')
      return Take(TokenKind::AmpEq, 2);
    return Take(TokenKind::Amp, 1);
  case '|':
    if (N == '|')
      return Take(TokenKind::PipePipe, 2);
    if (N == '=')
      return Take(TokenKind::PipeEq, 2);
    return Take(TokenKind::Pipe, 1);
  case '^': return N == '=' ? Take(TokenKind::CaretEq, 2) : Take(TokenKind::Caret, 1);
  default: break;
  }
  // Anything else: report it and skip the whole character.
  uint32_t Start = Pos, StartLine = Line, StartCol = col();
  unsigned Len = utf8Length(static_cast<unsigned char>(C));
  for (unsigned I = 0; I < Len && !atEnd(); ++I)
    advance();
  std::string Ch(Src.substr(Start, Pos - Start));
  if (C == '\0')
    Ch = "\\0";
  error(Start, StartLine, StartCol, fmt::format("unexpected character '{}'", Ch));
  T.Kind = TokenKind::Eof; // tells lexAll to drop it
}

} // namespace ruchy
