//===- frontend/ParseType.cpp - Type annotations (parsed, then dropped) --===//
//
// LANGUAGE.md §2: type annotations use Rust's whole type grammar and mean
// nothing at run time. The parser still parses them properly (rather than
// skipping tokens) so that a type's end is found exactly: `x: Vec<(i32,
// f64)> = ...`, `|x: i32| ...`, `fn(T) -> U`. Only `as` casts look at the
// type, through castKindForType.
//
//===----------------------------------------------------------------------===//

#include "frontend/Parser.h"

namespace ruchy {

using namespace ast;

CastKind castKindForType(std::string_view T) {
  if (T == "f64" || T == "f32")
    return CastKind::ToFloat;
  static constexpr const char *IntTypes[] = {
      "i8", "i16", "i32", "i64", "i128", "isize",
      "u8", "u16", "u32", "u64", "u128", "usize"};
  for (const char *I : IntTypes)
    if (T == I)
      return CastKind::ToInt;
  return CastKind::Identity;
}

bool Parser::acceptCloseAngle() {
  Token &T = Toks[Pos];
  // Split `>>`, `>=`, `>>=` so that `Vec<Vec<i32>>` closes twice.
  auto Split = [&](TokenKind Rest) {
    T.Kind = Rest;
    ++T.Begin;
    ++T.Col;
    T.NewlineBefore = false;
  };
  switch (T.Kind) {
  case TokenKind::Gt:
    next();
    return true;
  case TokenKind::Shr:
    Split(TokenKind::Gt);
    return true;
  case TokenKind::Ge:
    Split(TokenKind::Eq);
    return true;
  case TokenKind::ShrEq:
    Split(TokenKind::Ge);
    return true;
  default:
    return false;
  }
}

// generic-args := '<' [generic-arg (',' generic-arg)* [',']] '>'
// generic-arg  := LIFETIME | NAME '=' type | type | literal | block
void Parser::skipGenericArgs() {
  if (!accept(TokenKind::Lt))
    return;
  if (!enterNesting())
    return;
  while (!Panicking && !at(TokenKind::Gt) && !at(TokenKind::Shr) && !at(TokenKind::Ge) &&
         !at(TokenKind::ShrEq) && !at(TokenKind::Eof)) {
    if (at(TokenKind::Label)) {
      next();
    } else if (at(TokenKind::Ident) && peekTok(1).Kind == TokenKind::Eq) {
      next(); // Item = T
      next();
      skipType(true);
    } else if (at(TokenKind::Int) || at(TokenKind::Minus) || at(TokenKind::KwTrue) ||
               at(TokenKind::KwFalse)) {
      accept(TokenKind::Minus);
      next(); // const generic argument
    } else if (at(TokenKind::LBrace)) {
      skipBraces();
    } else {
      skipType(true);
    }
    if (!accept(TokenKind::Comma))
      break;
  }
  leaveNesting();
  if (!acceptCloseAngle())
    errorExpected("'>' to close the generic arguments");
}

void Parser::skipTurbofish() {
  if (at(TokenKind::ColonColon) && peekTok(1).Kind == TokenKind::Lt) {
    next();
    skipGenericArgs();
  }
}

// bounds := bound ('+' bound)*;  bound := LIFETIME | ['?'] type
void Parser::skipTypeBounds() {
  do {
    if (at(TokenKind::Label)) {
      next();
      continue;
    }
    accept(TokenKind::Question); // ?Sized
    skipType(true);
  } while (accept(TokenKind::Plus) && !Panicking);
}

// type := '&' [LIFETIME] ['mut'] type | '&&' type | '*' ('const'|'mut') type
//       | '[' type [';' expr] ']' | '(' [type (',' type)* [',']] ')' | '!' | '_'
//       | 'fn' '(' [type,*] ')' ['->' type] | ('impl' | 'dyn') bounds
//       | path [generic-args] ['(' [type,*] ')' ['->' type]]
void Parser::skipType(bool AllowGenerics) {
  if (!enterNesting())
    return;
  switch (cur().Kind) {
  case TokenKind::Amp:
  case TokenKind::AmpAmp:
    next();
    accept(TokenKind::Label);
    accept(TokenKind::KwMut);
    skipType(AllowGenerics);
    break;
  case TokenKind::Star:
    next();
    if (!accept(TokenKind::KwMut) && !accept(TokenKind::KwConst))
      errorExpected("'const' or 'mut' after '*' in a pointer type");
    skipType(AllowGenerics);
    break;
  case TokenKind::LBracket:
    next();
    skipType(true);
    if (accept(TokenKind::Semi))
      parseExpr(); // array length
    expect(TokenKind::RBracket, "']'");
    break;
  case TokenKind::LParen:
    next();
    while (!at(TokenKind::RParen) && !at(TokenKind::Eof) && !Panicking) {
      skipType(true);
      if (!accept(TokenKind::Comma))
        break;
    }
    expect(TokenKind::RParen, "')'");
    break;
  case TokenKind::Bang:
  case TokenKind::Underscore:
    next();
    break;
  case TokenKind::KwFn:
    next();
    if (expect(TokenKind::LParen, "'('")) {
      while (!at(TokenKind::RParen) && !at(TokenKind::Eof) && !Panicking) {
        skipType(true);
        if (!accept(TokenKind::Comma))
          break;
      }
      expect(TokenKind::RParen, "')'");
    }
    if (accept(TokenKind::Arrow))
      skipType(AllowGenerics);
    break;
  case TokenKind::KwImpl:
    next();
    skipTypeBounds();
    break;
  case TokenKind::Ident:
    if (cur().Text == "dyn") {
      next();
      skipTypeBounds();
      break;
    }
    while (true) {
      std::string Seg = cur().Text;
      next();
      if (AllowGenerics && at(TokenKind::Lt))
        skipGenericArgs();
      if ((Seg == "Fn" || Seg == "FnMut" || Seg == "FnOnce") && at(TokenKind::LParen)) {
        next();
        while (!at(TokenKind::RParen) && !at(TokenKind::Eof) && !Panicking) {
          skipType(true);
          if (!accept(TokenKind::Comma))
            break;
        }
        expect(TokenKind::RParen, "')'");
        if (accept(TokenKind::Arrow))
          skipType(AllowGenerics);
      }
      if (at(TokenKind::ColonColon) && peekTok(1).Kind == TokenKind::Ident) {
        next();
        continue;
      }
      if (at(TokenKind::ColonColon) && peekTok(1).Kind == TokenKind::Lt) {
        next();
        skipGenericArgs();
      }
      break;
    }
    break;
  default:
    errorExpected("type");
    break;
  }
  leaveNesting();
}

std::string Parser::parseType(bool AllowGenerics) {
  size_t Start = Pos;
  uint32_t Begin = cur().Begin;
  skipType(AllowGenerics);
  if (Pos == Start)
    return std::string();
  uint32_t End = prevEnd();
  if (End < Begin)
    End = Begin;
  return std::string(Src.substr(Begin, End - Begin));
}

} // namespace ruchy
