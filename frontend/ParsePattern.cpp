//===- frontend/ParsePattern.cpp - Patterns ------------------------------===//
//
// Patterns for `match` arms, `let`, `for` and parameters (LANGUAGE.md §5):
// wildcard, bindings, literals (negative numbers included), Int and char
// ranges, tuples, and or-patterns (in `match` only, where `|` cannot be
// confused with a closure's bars).
//
//===----------------------------------------------------------------------===//

#include "frontend/Parser.h"

#include <fmt/format.h>

namespace ruchy {

using namespace ast;

// pattern := ['|'] atom ('|' atom)*
Pattern *Parser::parsePattern(bool AllowOr) {
  size_t Start = Pos;
  if (AllowOr)
    accept(TokenKind::Pipe);
  Pattern *First = parsePatternAtom();
  if (!AllowOr || !at(TokenKind::Pipe))
    return First;
  auto *Or = new Pattern(PatternKind::Or);
  Or->Subs.push_back(First);
  while (accept(TokenKind::Pipe) && !Panicking)
    Or->Subs.push_back(parsePatternAtom());
  Or->Loc = spanFrom(Start);
  return Or;
}

// literal-pattern := ['-'] (INT | FLOAT) | STRING | 'true' | 'false' | 'nil'
Expr *Parser::parsePatternLiteral() {
  size_t Start = Pos;
  bool Neg = accept(TokenKind::Minus);
  const Token &T = cur();
  switch (T.Kind) {
  case TokenKind::Int: {
    int64_t V = T.IntVal;
    if (T.IntIsMinMagnitude && !Neg) {
      errorAt(T, "integer literal is too large");
      V = 0;
    } else if (Neg && !T.IntIsMinMagnitude) {
      V = -V;
    }
    next();
    return finish(new IntLit(V), Start);
  }
  case TokenKind::Float: {
    double V = Neg ? -T.FloatVal : T.FloatVal;
    next();
    return finish(new FloatLit(V), Start);
  }
  default:
    break;
  }
  if (Neg) {
    errorExpected("a number after '-' in pattern");
    return errorNode();
  }
  switch (T.Kind) {
  case TokenKind::Str: {
    auto *S = new StrLit(T.Text);
    next();
    return finish(S, Start);
  }
  case TokenKind::KwTrue:
  case TokenKind::KwFalse: {
    bool V = T.Kind == TokenKind::KwTrue;
    next();
    return finish(new BoolLit(V), Start);
  }
  case TokenKind::KwNil:
    next();
    return finish(new NilLit(), Start);
  default:
    errorExpected("pattern");
    return errorNode();
  }
}

// atom := '_' | ['mut'] NAME | '&' ['mut'] atom | '(' [pattern (',' pattern)* [',']] ')'
//       | literal [('..' | '..=') literal]
Pattern *Parser::parsePatternAtom() {
  size_t Start = Pos;
  if (!enterNesting())
    return new Pattern(PatternKind::Wildcard);
  Pattern *P = nullptr;
  switch (cur().Kind) {
  case TokenKind::Underscore:
    next();
    P = new Pattern(PatternKind::Wildcard);
    break;
  case TokenKind::KwMut:
  case TokenKind::Ident: {
    accept(TokenKind::KwMut);
    if (atIdent("ref")) {
      next();
      accept(TokenKind::KwMut);
    }
    if (!at(TokenKind::Ident)) {
      errorExpected("a name");
      P = new Pattern(PatternKind::Wildcard);
      break;
    }
    const Token &Next = peekTok(1);
    if (Next.Kind == TokenKind::ColonColon || Next.Kind == TokenKind::LParen) {
      errorAt(cur(), fmt::format("enum and struct patterns are not supported ('{}')", cur().Text));
      P = new Pattern(PatternKind::Wildcard);
      break;
    }
    if (Next.Kind == TokenKind::At) {
      errorAt(Next, "'@' bindings are not supported");
      P = new Pattern(PatternKind::Wildcard);
      break;
    }
    P = new Pattern(PatternKind::Binding);
    P->Name = cur().Text;
    next();
    break;
  }
  case TokenKind::Amp:
  case TokenKind::AmpAmp:
    // `&x`, `&(a, b)`: references are values here.
    next();
    accept(TokenKind::KwMut);
    P = parsePatternAtom();
    leaveNesting();
    return P;
  case TokenKind::LParen: {
    next();
    if (accept(TokenKind::RParen)) {
      P = new Pattern(PatternKind::Literal); // `()` is nil
      P->Lit = finish(new NilLit(), Start);
      break;
    }
    Pattern *First = parsePattern(true);
    if (!at(TokenKind::Comma)) {
      expect(TokenKind::RParen, "')'");
      leaveNesting();
      return First; // parentheses only group
    }
    P = new Pattern(PatternKind::Tuple);
    P->Subs.push_back(First);
    while (accept(TokenKind::Comma) && !Panicking) {
      if (at(TokenKind::RParen))
        break;
      if (at(TokenKind::DotDot)) {
        errorAt(cur(), "rest patterns '..' are not supported");
        break;
      }
      P->Subs.push_back(parsePattern(true));
    }
    expect(TokenKind::RParen, "')'");
    break;
  }
  case TokenKind::LBracket:
    errorAt(cur(), "slice patterns are not supported");
    P = new Pattern(PatternKind::Wildcard);
    break;
  default: {
    Expr *Lo = parsePatternLiteral();
    if (at(TokenKind::DotDotEq) || at(TokenKind::DotDot) || at(TokenKind::DotDotDot)) {
      bool Inclusive = !at(TokenKind::DotDot);
      next();
      P = new Pattern(PatternKind::Range);
      P->Lo = Lo;
      P->Hi = parsePatternLiteral();
      P->Inclusive = Inclusive;
      auto IsBound = [](Expr *E) {
        return E->K == ExprKind::IntLit || E->K == ExprKind::StrLit || E->K == ExprKind::FloatLit;
      };
      if (!Panicking && (!IsBound(Lo) || !IsBound(P->Hi)))
        errorAtSpan(spanFrom(Start), "range pattern bounds must be numbers or characters");
    } else {
      P = new Pattern(PatternKind::Literal);
      P->Lit = Lo;
    }
    break;
  }
  }
  leaveNesting();
  P->Loc = spanFrom(Start);
  return P;
}

} // namespace ruchy
