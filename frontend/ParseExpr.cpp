//===- frontend/ParseExpr.cpp - Expressions ------------------------------===//
//
// Expressions by precedence climbing over LANGUAGE.md §4's table, with the
// newline rules of §2 (a `(` or `[` that begins a line starts a new
// expression; a block-like statement ends its statement), Rust's
// struct-literal restriction in `if`/`while`/`for`/`match` heads, and the
// map-literal versus block decision for `{`.
//
//===----------------------------------------------------------------------===//

#include "frontend/Parser.h"

#include <fmt/format.h>

namespace ruchy {

using namespace ast;

namespace {

/// Binding power of the binary operators, loosest first (LANGUAGE.md §4).
/// Assignment is handled above this table and prefix/postfix below it.
enum Prec : int {
  PrecNone = 0,
  PrecOr,      // ||
  PrecAnd,     // &&
  PrecBitOr,   // |
  PrecBitXor,  // ^
  PrecBitAnd,  // &
  PrecRange,   // .. ..=
  PrecEquality,// == !=
  PrecCompare, // < <= > >=
  PrecShift,   // << >>
  PrecAdd,     // + -
  PrecMul,     // * / %
  PrecPow,     // **
};

int binaryPrec(TokenKind K) {
  switch (K) {
  case TokenKind::PipePipe: return PrecOr;
  case TokenKind::AmpAmp: return PrecAnd;
  case TokenKind::Pipe: return PrecBitOr;
  case TokenKind::Caret: return PrecBitXor;
  case TokenKind::Amp: return PrecBitAnd;
  case TokenKind::DotDot:
  case TokenKind::DotDotEq: return PrecRange;
  case TokenKind::EqEq:
  case TokenKind::NotEq: return PrecEquality;
  case TokenKind::Lt:
  case TokenKind::Le:
  case TokenKind::Gt:
  case TokenKind::Ge: return PrecCompare;
  case TokenKind::Shl:
  case TokenKind::Shr: return PrecShift;
  case TokenKind::Plus:
  case TokenKind::Minus: return PrecAdd;
  case TokenKind::Star:
  case TokenKind::Slash:
  case TokenKind::Percent: return PrecMul;
  case TokenKind::StarStar: return PrecPow;
  default: return PrecNone;
  }
}

BinaryOp binaryOpFor(TokenKind K) {
  switch (K) {
  case TokenKind::Plus: return BinaryOp::Add;
  case TokenKind::Minus: return BinaryOp::Sub;
  case TokenKind::Star: return BinaryOp::Mul;
  case TokenKind::Slash: return BinaryOp::Div;
  case TokenKind::Percent: return BinaryOp::Rem;
  case TokenKind::StarStar: return BinaryOp::Pow;
  case TokenKind::EqEq: return BinaryOp::Eq;
  case TokenKind::NotEq: return BinaryOp::Ne;
  case TokenKind::Lt: return BinaryOp::Lt;
  case TokenKind::Le: return BinaryOp::Le;
  case TokenKind::Gt: return BinaryOp::Gt;
  case TokenKind::Ge: return BinaryOp::Ge;
  case TokenKind::Amp: return BinaryOp::BitAnd;
  case TokenKind::Pipe: return BinaryOp::BitOr;
  case TokenKind::Caret: return BinaryOp::BitXor;
  case TokenKind::Shl: return BinaryOp::Shl;
  case TokenKind::Shr: return BinaryOp::Shr;
  default: return BinaryOp::Add;
  }
}

/// The operator of a compound assignment token, or false for anything else.
bool compoundAssignOp(TokenKind K, BinaryOp &Op) {
  switch (K) {
  case TokenKind::PlusEq: Op = BinaryOp::Add; return true;
  case TokenKind::MinusEq: Op = BinaryOp::Sub; return true;
  case TokenKind::StarEq: Op = BinaryOp::Mul; return true;
  case TokenKind::SlashEq: Op = BinaryOp::Div; return true;
  case TokenKind::PercentEq: Op = BinaryOp::Rem; return true;
  case TokenKind::AmpEq: Op = BinaryOp::BitAnd; return true;
  case TokenKind::PipeEq: Op = BinaryOp::BitOr; return true;
  case TokenKind::CaretEq: Op = BinaryOp::BitXor; return true;
  case TokenKind::ShlEq: Op = BinaryOp::Shl; return true;
  case TokenKind::ShrEq: Op = BinaryOp::Shr; return true;
  default: return false;
  }
}

bool isUpper(char C) { return C >= 'A' && C <= 'Z'; }

/// Tokens scanned past `{(` looking for the `) :` of a tuple map key. Real
/// keys are short; the cap keeps deeply nested `{(` input linear.
constexpr size_t MaxMapKeyLookahead = 256;

} // namespace

bool Parser::canStartExpr(const Token &T) const {
  switch (T.Kind) {
  case TokenKind::Int: case TokenKind::Float: case TokenKind::Str:
  case TokenKind::FStr: case TokenKind::Ident: case TokenKind::Macro:
  case TokenKind::Label: case TokenKind::KwTrue: case TokenKind::KwFalse:
  case TokenKind::KwNil: case TokenKind::KwIf: case TokenKind::KwMatch:
  case TokenKind::KwWhile: case TokenKind::KwFor: case TokenKind::KwLoop:
  case TokenKind::KwFn: case TokenKind::KwMove: case TokenKind::KwReturn:
  case TokenKind::KwBreak: case TokenKind::KwContinue: case TokenKind::LParen:
  case TokenKind::LBracket: case TokenKind::LBrace: case TokenKind::Minus:
  case TokenKind::Bang: case TokenKind::Amp: case TokenKind::AmpAmp:
  case TokenKind::Star: case TokenKind::Pipe: case TokenKind::PipePipe:
  case TokenKind::DotDot: case TokenKind::DotDotEq:
    return true;
  default:
    return false;
  }
}

Expr *Parser::parseExpr() {
  bool Saved = NoStruct;
  Expr *E = parseAssignFrom(nullptr);
  NoStruct = Saved;
  return E;
}

Expr *Parser::parseExprRestricted(bool Restrict) {
  bool Saved = NoStruct;
  NoStruct = Restrict;
  Expr *E = parseAssignFrom(nullptr);
  NoStruct = Saved;
  return E;
}

bool Parser::checkAssignTarget(Expr *&Target) {
  switch (Target->K) {
  case ExprKind::Ident:
  case ExprKind::Index:
  case ExprKind::Field:
    return true;
  case ExprKind::TupleIndex:
    errorAtSpan(Target->Loc, "cannot assign to a tuple element (tuples are immutable)");
    return false;
  default:
    errorAtSpan(Target->Loc, "invalid assignment target");
    return false;
  }
}

// assign := binary [('=' | op=) assign]        (right associative)
Expr *Parser::parseAssignFrom(Expr *Lhs) {
  Expr *L = Lhs ? parseBinaryFrom(Lhs, PrecOr) : parseBinary(PrecOr);
  BinaryOp Op = BinaryOp::Add;
  bool IsCompound = compoundAssignOp(cur().Kind, Op);
  if (!IsCompound && !at(TokenKind::Eq))
    return L;
  next();
  if (!enterNesting())
    return L;
  Expr *R = parseAssignFrom(nullptr);
  leaveNesting();
  checkAssignTarget(L);
  auto *A = new Assign(L, R, IsCompound, Op);
  A->Loc = joinSpans(L->Loc, R->Loc);
  return A;
}

// binary := unary (binop unary)*   by precedence climbing; a range's bounds
// are optional where the next token cannot start an expression (`s[2..]`).
Expr *Parser::parseBinary(int MinPrec) {
  if ((at(TokenKind::DotDot) || at(TokenKind::DotDotEq)) && MinPrec <= PrecRange) {
    // `..hi` / `..`: a range with no lower bound.
    size_t Start = Pos;
    bool Inclusive = at(TokenKind::DotDotEq);
    next();
    Expr *Hi = nullptr;
    if (canStartExpr(cur()) && !(NoStruct && at(TokenKind::LBrace)))
      Hi = parseBinary(PrecRange + 1);
    Expr *R = finish(new RangeExpr(nullptr, Hi, Inclusive), Start);
    return parseBinaryFrom(R, MinPrec);
  }
  return parseBinaryFrom(parseUnary(), MinPrec);
}

Expr *Parser::parseBinaryFrom(Expr *L, int MinPrec) {
  bool SeenRange = false;
  while (!Panicking) {
    const Token &Op = cur();
    int P = binaryPrec(Op.Kind);
    if (P == PrecNone || P < MinPrec)
      break;
    // `*x += 1` at the start of a line is a dereference beginning a new
    // statement, not a multiplication continuing the previous line.
    if (Op.Kind == TokenKind::Star && Op.NewlineBefore && peekTok(1).Begin == Op.End &&
        peekTok(1).Kind == TokenKind::Ident)
      break;
    TokenKind K = Op.Kind;
    if (P == PrecRange) {
      if (SeenRange)
        break; // ranges do not chain: `a..b..c` is an error upstream
      SeenRange = true;
      next();
      Expr *Hi = nullptr;
      if (canStartExpr(cur()) && !(NoStruct && at(TokenKind::LBrace)))
        Hi = parseBinary(PrecRange + 1);
      auto *R = new RangeExpr(L, Hi, K == TokenKind::DotDotEq);
      R->Loc = Hi ? joinSpans(L->Loc, Hi->Loc) : L->Loc;
      if (!Hi)
        R->Loc.End = prevEnd();
      L = R;
      continue;
    }
    next();
    // `**` takes unary operands and is left associative (`-2 ** 2` is 4,
    // `2 ** 3 ** 2` is 64); every level is left associative.
    Expr *R = parseBinary(P + 1);
    Expr *N;
    if (K == TokenKind::AmpAmp || K == TokenKind::PipePipe)
      N = new Logical(K == TokenKind::AmpAmp, L, R);
    else
      N = new Binary(binaryOpFor(K), L, R);
    N->Loc = joinSpans(L->Loc, R->Loc);
    L = N;
  }
  return L;
}

// unary := ('-' | '!' | '&' ['mut'] | '&&' | '*') unary | postfix
Expr *Parser::parseUnary() {
  if (!enterNesting())
    return errorNode();
  size_t Start = Pos;
  Expr *E;
  switch (cur().Kind) {
  case TokenKind::Minus:
    next();
    if (at(TokenKind::Int) && cur().IntIsMinMagnitude) {
      // -9223372036854775808: the smallest Int, as in Rust.
      next();
      E = parsePostfix(finish(new IntLit(INT64_MIN), Start));
      break;
    }
    E = finish(new Unary(UnaryOp::Neg, parseUnary()), Start);
    break;
  case TokenKind::Bang:
    next();
    E = finish(new Unary(UnaryOp::Not, parseUnary()), Start);
    break;
  case TokenKind::Amp:
  case TokenKind::AmpAmp:
    // `&x`, `&mut x`: every value is already a reference; `&x` means x.
    next();
    accept(TokenKind::KwMut);
    E = parseUnary();
    break;
  case TokenKind::Star:
    next(); // `*x` means x
    E = parseUnary();
    break;
  default:
    E = parsePostfix(parsePrimary());
    break;
  }
  leaveNesting();
  return E;
}

// postfix := primary ( '.' NAME ['::<' types '>'] ['(' args ')'] | '.' INT
//                    | '(' args ')' | '[' expr ']' | 'as' type )*
// A `(` or `[` that begins a line is not a call or an index (§2).
Expr *Parser::parsePostfix(Expr *E) {
  while (!Panicking) {
    const Token &T = cur();
    if (T.Kind == TokenKind::Dot) {
      next();
      if (at(TokenKind::Int)) {
        auto *N = new TupleIndex(E, cur().IntVal);
        next();
        N->Loc = E->Loc;
        N->Loc.End = prevEnd();
        E = N;
        continue;
      }
      if (!at(TokenKind::Ident)) {
        errorExpected("a field or method name after '.'");
        return E;
      }
      std::string Name = cur().Text;
      next();
      skipTurbofish();
      if (at(TokenKind::LParen) && !cur().NewlineBefore) {
        next();
        std::vector<Expr *> Args = parseCallArgs(TokenKind::RParen);
        auto *N = new MethodCall(E, std::move(Name), std::move(Args));
        N->Loc = E->Loc;
        N->Loc.End = prevEnd();
        E = N;
      } else {
        auto *N = new Field(E, std::move(Name));
        N->Loc = E->Loc;
        N->Loc.End = prevEnd();
        E = N;
      }
      continue;
    }
    if (T.Kind == TokenKind::LParen && !T.NewlineBefore) {
      next();
      std::vector<Expr *> Args = parseCallArgs(TokenKind::RParen);
      auto *N = new Call(E, std::move(Args));
      N->Loc = E->Loc;
      N->Loc.End = prevEnd();
      E = N;
      continue;
    }
    if (T.Kind == TokenKind::LBracket && !T.NewlineBefore) {
      next();
      bool Saved = NoStruct;
      NoStruct = false;
      Expr *Idx = parseExpr();
      NoStruct = Saved;
      expect(TokenKind::RBracket, "']'");
      auto *N = new Index(E, Idx);
      N->Loc = E->Loc;
      N->Loc.End = prevEnd();
      E = N;
      continue;
    }
    if (T.Kind == TokenKind::KwAs) {
      next();
      std::string Ty = parseType(/*AllowGenerics=*/false);
      auto *N = new Cast(E, castKindForType(Ty), Ty);
      N->Loc = E->Loc;
      N->Loc.End = prevEnd();
      E = N;
      continue;
    }
    if (T.Kind == TokenKind::Question) {
      errorAt(T, "the '?' operator is not supported");
      return E;
    }
    break;
  }
  return E;
}

// args := [expr (',' expr)* [',']]  close
std::vector<Expr *> Parser::parseCallArgs(TokenKind Close, std::vector<bool> *Named) {
  std::vector<Expr *> Args;
  bool Saved = NoStruct;
  NoStruct = false;
  while (!at(Close) && !at(TokenKind::Eof) && !Panicking) {
    if (Named)
      Named->push_back(at(TokenKind::Ident) && peekTok(1).Kind == TokenKind::Eq);
    Args.push_back(parseExpr());
    if (!accept(TokenKind::Comma))
      break;
  }
  NoStruct = Saved;
  expect(Close, Close == TokenKind::RParen ? "')'" : "']'");
  return Args;
}

bool Parser::atBlockLikeStart() const {
  switch (cur().Kind) {
  case TokenKind::KwIf:
  case TokenKind::KwWhile:
  case TokenKind::KwFor:
  case TokenKind::KwLoop:
  case TokenKind::KwMatch:
    return true;
  case TokenKind::LBrace:
    return !mapLiteralAhead();
  case TokenKind::Label:
    return peekTok(1).Kind == TokenKind::Colon;
  case TokenKind::Ident:
    return cur().Text == "unsafe" && peekTok(1).Kind == TokenKind::LBrace;
  default:
    return false;
  }
}

// expr-statement := block-like ['.' postfix-and-binary-rest] | expr
// A block-like statement (`if`, `while`, `for`, `loop`, `match`, `{}`) ends
// the statement, so a following line `-1` is a statement of its own (§2).
// A method call may still follow (`match x { ... }.len()`), as in Rust.
Expr *Parser::parseStatementExpr() {
  if (!atBlockLikeStart())
    return parseExpr();
  Expr *E = parsePrimary();
  if (at(TokenKind::Dot) && !Panicking)
    return parseAssignFrom(parsePostfix(E));
  return E;
}

// primary := literal | fstring | path | struct-literal | macro | '(' ... ')'
//          | '[' ... ']' | '{' ... '}' | closure | if | match | loops
//          | break | continue | return
Expr *Parser::parsePrimary() {
  size_t Start = Pos;
  const Token &T = cur();
  switch (T.Kind) {
  case TokenKind::Int:
    if (T.IntIsMinMagnitude) {
      errorAt(T, "integer literal is too large");
      next();
      return errorNode();
    }
    next();
    return finish(new IntLit(T.IntVal), Start);
  case TokenKind::Float:
    next();
    return finish(new FloatLit(T.FloatVal), Start);
  case TokenKind::Str: {
    auto *S = new StrLit(T.Text);
    next();
    return finish(S, Start);
  }
  case TokenKind::FStr:
    return parseFString();
  case TokenKind::KwTrue:
  case TokenKind::KwFalse: {
    bool V = T.Kind == TokenKind::KwTrue;
    next();
    return finish(new BoolLit(V), Start);
  }
  case TokenKind::KwNil:
    next();
    return finish(new NilLit(), Start);
  case TokenKind::Ident:
    if (T.Text == "unsafe" && peekTok(1).Kind == TokenKind::LBrace) {
      next();
      Block *B = parseBlock();
      return finish(B, Start);
    }
    return parsePathOrIdent();
  case TokenKind::Macro:
    return parseMacro();
  case TokenKind::LParen:
    return parseParenOrTuple();
  case TokenKind::LBracket:
    return parseArrayLit();
  case TokenKind::LBrace:
    return parseBraceExpr();
  case TokenKind::Pipe:
  case TokenKind::PipePipe:
  case TokenKind::KwMove:
    return parseClosure();
  case TokenKind::KwFn:
    return parseAnonFn();
  case TokenKind::KwIf:
    return parseIf();
  case TokenKind::KwMatch:
    return parseMatch();
  case TokenKind::KwWhile:
    return parseWhile("", Pos);
  case TokenKind::KwFor:
    return parseFor("", Pos);
  case TokenKind::KwLoop:
    return parseLoop("", Pos);
  case TokenKind::Label:
    return parseLabelled();
  case TokenKind::KwBreak:
    return parseBreak();
  case TokenKind::KwContinue:
    return parseContinue();
  case TokenKind::KwReturn:
    return parseReturn();
  default:
    errorExpected("expression");
    return errorNode();
  }
}

// path := NAME ['::<' ... '>'] ('::' NAME ['::<' ... '>'])*
// struct-literal := NAME '{' [field (',' field)* [',']] '}'
Expr *Parser::parsePathOrIdent() {
  size_t Start = Pos;
  std::string Name = cur().Text;
  next();
  if (at(TokenKind::ColonColon)) {
    auto *P = new Path();
    P->Segments.push_back(std::move(Name));
    while (accept(TokenKind::ColonColon)) {
      if (at(TokenKind::Lt)) { // Vec::<i32>::new
        skipGenericArgs();
        continue;
      }
      if (!at(TokenKind::Ident)) {
        errorExpected("a name after '::'");
        break;
      }
      P->Segments.push_back(cur().Text);
      next();
    }
    return finish(P, Start);
  }
  if (at(TokenKind::LBrace) && !NoStruct && isUpper(Name[0])) {
    Pos = Start;
    if (structLiteralAhead())
      return parseStructLit();
    next();
  }
  return finish(new Ident(std::move(Name)), Start);
}

bool Parser::structLiteralAhead() const {
  // At NAME, followed by '{': `}` or `ident :` / `ident ,` / `ident }`.
  const Token &A = peekTok(2);
  if (A.Kind == TokenKind::RBrace)
    return true;
  if (A.Kind != TokenKind::Ident)
    return false;
  TokenKind B = peekTok(3).Kind;
  return B == TokenKind::Colon || B == TokenKind::Comma || B == TokenKind::RBrace;
}

Expr *Parser::parseStructLit() {
  size_t Start = Pos;
  auto *S = new StructLit(cur().Text);
  next(); // name
  next(); // {
  while (!at(TokenKind::RBrace) && !at(TokenKind::Eof) && !Panicking) {
    if (!at(TokenKind::Ident)) {
      errorExpected("a field name");
      break;
    }
    size_t FieldStart = Pos;
    std::string FieldName = cur().Text;
    next();
    Expr *V;
    if (accept(TokenKind::Colon)) {
      V = parseExpr();
    } else {
      V = finish(new Ident(FieldName), FieldStart); // shorthand `P { x }`
    }
    S->FieldNames.push_back(std::move(FieldName));
    S->FieldVals.push_back(V);
    if (!accept(TokenKind::Comma))
      break;
  }
  if (at(TokenKind::DotDot))
    errorAt(cur(), "struct update syntax '..' is not supported");
  expect(TokenKind::RBrace, "'}'");
  return finish(S, Start);
}

// paren := '(' ')' | '(' expr ')' | '(' expr ',' [expr (',' expr)* [',']] ')'
Expr *Parser::parseParenOrTuple() {
  size_t Start = Pos;
  next(); // (
  if (accept(TokenKind::RParen))
    return finish(new NilLit(), Start); // `()` is the unit value
  bool Saved = NoStruct;
  NoStruct = false;
  Expr *First = parseExpr();
  if (!at(TokenKind::Comma)) {
    NoStruct = Saved;
    expect(TokenKind::RParen, "')'");
    return First; // parentheses only group
  }
  std::vector<Expr *> Elems{First};
  while (accept(TokenKind::Comma) && !Panicking) {
    if (at(TokenKind::RParen))
      break;
    Elems.push_back(parseExpr());
  }
  NoStruct = Saved;
  expect(TokenKind::RParen, "')'");
  return finish(new TupleLit(std::move(Elems)), Start);
}

// array := '[' ']' | '[' expr ';' expr ']' | '[' expr (',' expr)* [','] ']'
Expr *Parser::parseArrayLit() {
  size_t Start = Pos;
  next(); // [
  bool Saved = NoStruct;
  NoStruct = false;
  std::vector<Expr *> Elems;
  if (!at(TokenKind::RBracket)) {
    Expr *First = parseExpr();
    if (accept(TokenKind::Semi)) {
      Expr *Count = parseExpr();
      NoStruct = Saved;
      expect(TokenKind::RBracket, "']'");
      return finish(new ArrayRepeat(First, Count), Start);
    }
    Elems.push_back(First);
    while (accept(TokenKind::Comma) && !Panicking) {
      if (at(TokenKind::RBracket))
        break;
      Elems.push_back(parseExpr());
    }
  }
  NoStruct = Saved;
  expect(TokenKind::RBracket, "']'");
  return finish(new ArrayLit(std::move(Elems)), Start);
}

bool Parser::mapLiteralAhead() const {
  // At '{': a map when the first entry is `key :` (not `::`), the key being
  // a literal, a name, a negative number or a parenthesized tuple.
  size_t I = Pos + 1;
  auto Kind = [&](size_t At) {
    return Toks[At < Toks.size() ? At : Toks.size() - 1].Kind;
  };
  switch (Kind(I)) {
  case TokenKind::Str: case TokenKind::Int: case TokenKind::Float:
  case TokenKind::KwTrue: case TokenKind::KwFalse: case TokenKind::KwNil:
  case TokenKind::Ident: case TokenKind::FStr:
    return Kind(I + 1) == TokenKind::Colon;
  case TokenKind::Minus:
    return (Kind(I + 1) == TokenKind::Int || Kind(I + 1) == TokenKind::Float) &&
           Kind(I + 2) == TokenKind::Colon;
  case TokenKind::LParen: {
    unsigned Nest = 0;
    for (size_t J = I; J < Toks.size() && J < I + MaxMapKeyLookahead; ++J) {
      TokenKind K = Toks[J].Kind;
      if (K == TokenKind::LParen || K == TokenKind::LBracket || K == TokenKind::LBrace) {
        ++Nest;
      } else if (K == TokenKind::RParen || K == TokenKind::RBracket || K == TokenKind::RBrace) {
        if (--Nest == 0)
          return Kind(J + 1) == TokenKind::Colon;
      } else if (K == TokenKind::Eof || K == TokenKind::Semi) {
        return false;
      }
    }
    return false;
  }
  default:
    return false;
  }
}

Expr *Parser::parseBraceExpr() {
  if (mapLiteralAhead())
    return parseMapLit();
  return parseBlock();
}

// map := '{' expr ':' expr (',' expr ':' expr)* [','] '}'
Expr *Parser::parseMapLit() {
  size_t Start = Pos;
  next(); // {
  bool Saved = NoStruct;
  NoStruct = false;
  auto *M = new MapLit();
  while (!at(TokenKind::RBrace) && !at(TokenKind::Eof) && !Panicking) {
    M->Keys.push_back(parseExpr());
    expect(TokenKind::Colon, "':'");
    M->Vals.push_back(parseExpr());
    if (!accept(TokenKind::Comma))
      break;
  }
  NoStruct = Saved;
  expect(TokenKind::RBrace, "'}'");
  return finish(M, Start);
}

// if := 'if' expr block ['else' (if | block)]
Expr *Parser::parseIf() {
  size_t Start = Pos;
  next(); // if
  if (at(TokenKind::KwLet)) {
    errorAt(cur(), "'if let' is not supported");
    return errorNode();
  }
  Expr *Cond = parseExprRestricted(true);
  Block *Then = parseBlock();
  Expr *Else = nullptr;
  if (accept(TokenKind::KwElse)) {
    if (at(TokenKind::KwIf)) {
      // An `else if` chain recurses once per link.
      if (!enterNesting())
        return errorNode();
      Else = parseIf();
      leaveNesting();
    } else {
      Else = parseBlock();
    }
  }
  return finish(new If(Cond, Then, Else), Start);
}

// while := [label ':'] 'while' expr block
Expr *Parser::parseWhile(std::string Label, size_t StartTok) {
  next(); // while
  if (at(TokenKind::KwLet)) {
    errorAt(cur(), "'while let' is not supported");
    return errorNode();
  }
  Expr *Cond = parseExprRestricted(true);
  auto *W = new While(Cond);
  W->Label = std::move(Label);
  W->Body = parseBlock();
  return finish(W, StartTok);
}

// for := [label ':'] 'for' pattern 'in' expr block
Expr *Parser::parseFor(std::string Label, size_t StartTok) {
  next(); // for
  Pattern *Pat = parsePattern(false);
  expect(TokenKind::KwIn, "'in'");
  Expr *Iter = parseExprRestricted(true);
  auto *F = new For(Pat, Iter);
  F->Label = std::move(Label);
  F->Body = parseBlock();
  return finish(F, StartTok);
}

// loop := [label ':'] 'loop' block
Expr *Parser::parseLoop(std::string Label, size_t StartTok) {
  next(); // loop
  auto *L = new Loop();
  L->Label = std::move(Label);
  L->Body = parseBlock();
  return finish(L, StartTok);
}

// labelled := LABEL ':' (while | for | loop)
Expr *Parser::parseLabelled() {
  size_t Start = Pos;
  std::string Label = cur().Text;
  next();
  if (!expect(TokenKind::Colon, "':' after the loop label"))
    return errorNode();
  switch (cur().Kind) {
  case TokenKind::KwWhile: return parseWhile(std::move(Label), Start);
  case TokenKind::KwFor: return parseFor(std::move(Label), Start);
  case TokenKind::KwLoop: return parseLoop(std::move(Label), Start);
  default:
    errorExpected("'loop', 'while' or 'for' after a label");
    return errorNode();
  }
}

// match := 'match' expr '{' (pattern ['if' expr] '=>' arm-body [','])* '}'
Expr *Parser::parseMatch() {
  size_t Start = Pos;
  next(); // match
  Expr *Scrut = parseExprRestricted(true);
  auto *M = new Match(Scrut);
  if (!expect(TokenKind::LBrace, "'{'"))
    return finish(M, Start);
  bool Saved = NoStruct;
  NoStruct = false;
  while (!at(TokenKind::RBrace) && !at(TokenKind::Eof)) {
    MatchArm Arm;
    Arm.Pat = parsePattern(true);
    if (at(TokenKind::KwIf)) {
      next();
      Arm.Guard = parseExpr();
    }
    expect(TokenKind::FatArrow, "'=>'");
    // A block-like arm body ends the arm, like a block-like statement.
    Arm.Body = Panicking ? errorNode() : parseStatementExpr();
    M->Arms.push_back(Arm);
    if (Panicking) {
      // Skip to the next arm: past a ',' or to a new line or the '}'.
      unsigned Nest = 0;
      size_t From = Pos;
      while (!at(TokenKind::Eof)) {
        if (Nest == 0 && (at(TokenKind::RBrace) || (cur().NewlineBefore && Pos > From)))
          break;
        if (Nest == 0 && at(TokenKind::Comma)) {
          next();
          break;
        }
        if (at(TokenKind::LBrace) || at(TokenKind::LParen) || at(TokenKind::LBracket))
          ++Nest;
        else if ((at(TokenKind::RBrace) || at(TokenKind::RParen) || at(TokenKind::RBracket)) &&
                 Nest > 0)
          --Nest;
        next();
      }
      Panicking = false;
      if (tooManyErrors())
        break;
      continue;
    }
    accept(TokenKind::Comma);
  }
  NoStruct = Saved;
  expect(TokenKind::RBrace, "'}'");
  return finish(M, Start);
}

Block *Parser::wrapInBlock(Expr *E) {
  if (E->K == ExprKind::Block)
    return static_cast<Block *>(E);
  auto *B = new Block();
  B->Stmts.push_back(E);
  B->Loc = E->Loc;
  return B;
}

// closure := ['move'] ('||' | '|' [param (',' param)*] [','] '|') ['->' type block | expr]
Expr *Parser::parseClosure() {
  size_t Start = Pos;
  accept(TokenKind::KwMove);
  auto *F = new FunctionDecl();
  F->Name = "<closure>";
  F->IsClosure = true;
  if (!accept(TokenKind::PipePipe)) {
    if (!expect(TokenKind::Pipe, "'|'"))
      return errorNode();
    parseParams(F, TokenKind::Pipe, false);
    expect(TokenKind::Pipe, "'|'");
  }
  if (accept(TokenKind::Arrow)) {
    parseType();
    F->Body = parseBlock();
  } else {
    F->Body = wrapInBlock(parseExpr());
  }
  F->Loc = spanFrom(Start);
  auto *C = new ClosureExpr(F);
  F->ClosureExpr = C;
  return finish(C, Start);
}

// anon-fn := ('fn' | 'fun') '(' params ')' ['->' type] block
Expr *Parser::parseAnonFn() {
  size_t Start = Pos;
  next(); // fn
  if (at(TokenKind::Ident)) {
    errorAt(cur(), "a named function is not allowed here (declare it as a statement)");
    return errorNode();
  }
  auto *F = new FunctionDecl();
  F->Name = "<closure>";
  F->IsClosure = true;
  if (!expect(TokenKind::LParen, "'('"))
    return errorNode();
  parseParams(F, TokenKind::RParen, false);
  expect(TokenKind::RParen, "')'");
  if (accept(TokenKind::Arrow))
    parseType();
  F->Body = parseBlock();
  F->Loc = spanFrom(Start);
  auto *C = new ClosureExpr(F);
  F->ClosureExpr = C;
  return finish(C, Start);
}

// break := 'break' [LABEL] [expr]     (the value only on the same line)
Expr *Parser::parseBreak() {
  size_t Start = Pos;
  next();
  auto *B = new Break();
  if (at(TokenKind::Label) && !cur().NewlineBefore) {
    B->Label = cur().Text;
    next();
  }
  if (canStartExpr(cur()) && !cur().NewlineBefore && !(NoStruct && at(TokenKind::LBrace)))
    B->Val = parseExpr();
  return finish(B, Start);
}

// continue := 'continue' [LABEL]
Expr *Parser::parseContinue() {
  size_t Start = Pos;
  next();
  auto *C = new Continue();
  if (at(TokenKind::Label) && !cur().NewlineBefore) {
    C->Label = cur().Text;
    next();
  }
  return finish(C, Start);
}

// return := 'return' [expr]     (the value only on the same line)
Expr *Parser::parseReturn() {
  size_t Start = Pos;
  next();
  auto *R = new Return();
  if (canStartExpr(cur()) && !cur().NewlineBefore && !(NoStruct && at(TokenKind::LBrace)))
    R->Val = parseExpr();
  return finish(R, Start);
}

} // namespace ruchy
