//===- frontend/Parser.cpp - Program, statements and items --------------===//
//
// The parser's entry point (parseProgram), its error reporting and
// recovery, and the statement and item grammar: blocks, let/const, `fn`,
// `struct`, `impl`, and the Rust items that are accepted and skipped (`use`,
// attributes, `trait`). Expressions, patterns, types and format strings are
// in the sibling Parse*.cpp files.
//
//===----------------------------------------------------------------------===//

#include "frontend/Frontend.h"
#include "frontend/Lexer.h"

#include <chrono>
#include "frontend/Parser.h"

#include <algorithm>

#include <fmt/format.h>

namespace ruchy {

using namespace ast;

namespace {
/// Longest token text quoted in "found '...'" before it is shortened.
constexpr size_t MaxQuotedTokenLength = 24;
} // namespace

Parser::Parser(std::string_view Src, std::vector<Token> Toks,
               std::vector<Diagnostic> &Errors, bool LexerHitEof)
    : Src(Src), Toks(std::move(Toks)), Errors(Errors), LexerHitEof(LexerHitEof) {
  if (this->Toks.empty() || this->Toks.back().Kind != TokenKind::Eof) {
    Token E;
    E.Begin = E.End = static_cast<uint32_t>(Src.size());
    this->Toks.push_back(E);
  }
}

//===----------------------------------------------------------------------===//
// Errors and recovery
//===----------------------------------------------------------------------===//

void Parser::errorAtSpan(const Span &S, std::string Msg) {
  // Past the error limit nothing more is reported, but the parser still
  // panics: a loop that recovers only when panicking (match arms, say)
  // would otherwise retry the same token forever.
  if (Panicking || tooManyErrors()) {
    Panicking = true;
    return;
  }
  Panicking = true;
  Diagnostic D;
  D.Message = "Syntax error: " + std::move(Msg);
  D.Loc = S;
  Errors.push_back(std::move(D));
}

void Parser::errorAt(const Token &T, std::string Msg) {
  if (T.Kind == TokenKind::Eof && LexerHitEof) {
    // The lexer already said why the input ended early.
    Panicking = true;
    return;
  }
  Span S;
  S.Begin = T.Begin;
  S.End = T.End;
  S.Line = T.Line;
  S.Col = T.Col;
  errorAtSpan(S, std::move(Msg));
}

std::string Parser::describe(const Token &T) const {
  switch (T.Kind) {
  case TokenKind::Eof:
  case TokenKind::Str:
  case TokenKind::FStr:
    return tokenKindSpelling(T.Kind);
  default: {
    std::string_view Text = Src.substr(T.Begin, T.End - T.Begin);
    if (Text.size() > MaxQuotedTokenLength)
      return fmt::format("'{}...'", Text.substr(0, MaxQuotedTokenLength));
    return fmt::format("'{}'", Text);
  }
  }
}

void Parser::errorExpected(const char *What) {
  errorAt(cur(), fmt::format("expected {}, found {}", What, describe(cur())));
}

bool Parser::expect(TokenKind K, const char *What) {
  if (accept(K))
    return true;
  errorExpected(What ? What : tokenKindSpelling(K));
  return false;
}

void Parser::synchronize() {
  if (tooManyErrors()) {
    Pos = Toks.size() - 1; // stop: the rest would only add noise
    return;
  }
  unsigned Nest = 0;
  while (!at(TokenKind::Eof)) {
    const Token &T = cur();
    if (Nest == 0) {
      if (T.Kind == TokenKind::Semi) {
        next();
        break;
      }
      if (T.Kind == TokenKind::RBrace)
        break;
      if (T.NewlineBefore)
        break;
    }
    if (T.Kind == TokenKind::LBrace || T.Kind == TokenKind::LParen ||
        T.Kind == TokenKind::LBracket)
      ++Nest;
    else if ((T.Kind == TokenKind::RBrace || T.Kind == TokenKind::RParen ||
              T.Kind == TokenKind::RBracket) &&
             Nest > 0)
      --Nest;
    next();
  }
  Panicking = false;
}

void Parser::skipBalanced(TokenKind Open, TokenKind Close, const char *CloseText) {
  unsigned Nest = 0;
  while (!at(TokenKind::Eof)) {
    if (at(Open)) {
      ++Nest;
    } else if (at(Close)) {
      if (--Nest == 0) {
        next();
        return;
      }
    }
    next();
  }
  errorExpected(CloseText);
}

void Parser::skipBraces() { skipBalanced(TokenKind::LBrace, TokenKind::RBrace, "'}'"); }

bool Parser::enterNesting() {
  if (Depth >= MaxNestingDepth) {
    errorAt(cur(), "expression nested too deeply");
    return false;
  }
  ++Depth;
  return true;
}

//===----------------------------------------------------------------------===//
// Spans
//===----------------------------------------------------------------------===//

Span Parser::spanFrom(size_t StartTok) const {
  const Token &T = Toks[StartTok < Toks.size() ? StartTok : Toks.size() - 1];
  Span S;
  S.Begin = T.Begin;
  S.Line = T.Line;
  S.Col = T.Col;
  S.End = Pos > StartTok ? Toks[Pos - 1].End : T.End;
  if (S.End < S.Begin)
    S.End = S.Begin;
  return S;
}

Span Parser::joinSpans(const Span &A, const Span &B) {
  Span S = A;
  if (B.End > S.End)
    S.End = B.End;
  return S;
}

Expr *Parser::errorNode() {
  auto *N = new NilLit();
  N->Loc = spanFrom(Pos);
  return N;
}

//===----------------------------------------------------------------------===//
// Program and statements
//===----------------------------------------------------------------------===//

void Parser::parseProgramInto(Program &P) {
  P.TopLevel = new Block();
  P.TopLevel->Loc = spanFrom(0);
  parseStatements(P.TopLevel, &P);
  if (!at(TokenKind::Eof))
    errorExpected("end of file");
  P.TopLevel->Loc.End = static_cast<uint32_t>(Src.size());
}

Expr *Parser::parseStandaloneExpr(unsigned OuterDepth) {
  Depth = OuterDepth;
  if (at(TokenKind::Eof)) {
    errorAt(cur(), "expected expression in f-string hole, found nothing");
    return errorNode();
  }
  Expr *E = parseExpr();
  if (!at(TokenKind::Eof))
    errorAt(cur(), fmt::format("expected '}}' to end the f-string hole, found {}",
                               describe(cur())));
  return E;
}

// block := '{' statement* '}'
Block *Parser::parseBlock() {
  size_t Start = Pos;
  auto *B = new Block();
  if (!expect(TokenKind::LBrace, "'{'")) {
    B->Loc = spanFrom(Start);
    return B;
  }
  if (!enterNesting()) {
    B->Loc = spanFrom(Start);
    return B;
  }
  bool SavedNoStruct = NoStruct;
  NoStruct = false;
  parseStatements(B, nullptr);
  NoStruct = SavedNoStruct;
  leaveNesting();
  expect(TokenKind::RBrace, "'}'");
  return finish(B, Start);
}

void Parser::parseStatements(Block *B, Program *Top) {
  while (true) {
    if (tooManyErrors()) {
      Pos = Toks.size() - 1;
      return;
    }
    if (at(TokenKind::Eof))
      return;
    if (at(TokenKind::RBrace)) {
      if (!Top)
        return;
      errorAt(cur(), "unexpected '}' (no block to close)");
      next();
      synchronize();
      continue;
    }
    if (accept(TokenKind::Semi))
      continue;
    size_t Before = Pos;
    parseStatement(B, Top);
    if (Panicking)
      synchronize();
    else if (!at(TokenKind::Semi) && !at(TokenKind::RBrace) && !at(TokenKind::Eof) &&
             !cur().NewlineBefore && Pos > Before && Toks[Pos - 1].Kind != TokenKind::RBrace &&
             Toks[Pos - 1].Kind != TokenKind::Semi) {
      // Two statements on one line need a `;` between them (a statement
      // ending in `}` may be followed directly, as in Rust).
      errorAt(cur(), fmt::format("expected ';' or a new line, found {}", describe(cur())));
      synchronize();
    }
    if (Pos == Before)
      next(); // never loop without progress
  }
}

bool Parser::atItemStart() const {
  switch (cur().Kind) {
  case TokenKind::KwFn:
    return peekTok(1).Kind == TokenKind::Ident;
  case TokenKind::KwStruct:
  case TokenKind::KwImpl:
  case TokenKind::KwTrait:
  case TokenKind::KwEnum:
  case TokenKind::KwUse:
  case TokenKind::KwPub:
  case TokenKind::Hash:
    return true;
  case TokenKind::KwConst:
    return peekTok(1).Kind == TokenKind::KwFn;
  case TokenKind::Ident:
    if ((cur().Text == "mod" || cur().Text == "type") && peekTok(1).Kind == TokenKind::Ident)
      return true;
    if (cur().Text == "unsafe" || cur().Text == "async" || cur().Text == "extern")
      return peekTok(1).Kind == TokenKind::KwFn || peekTok(1).Kind == TokenKind::KwImpl ||
             peekTok(1).Kind == TokenKind::KwTrait;
    return false;
  default:
    return false;
  }
}

// statement := item | let | const | expr-statement   [';']
void Parser::parseStatement(Block *B, Program *Top) {
  size_t Start = Pos;
  auto AddFunction = [&](FunctionDecl *F) {
    if (!F)
      return;
    if (Top) {
      Top->Functions.push_back(F);
      return;
    }
    B->Functions.push_back(F);
    B->Stmts.push_back(finish(new ItemStmt(), Start));
  };

  if (atItemStart()) {
    // Modifiers accepted and ignored.
    skipVisibility();
    while (atIdent("unsafe") || atIdent("async") || atIdent("extern") ||
           (at(TokenKind::KwConst) && peekTok(1).Kind == TokenKind::KwFn)) {
      next();
      if (at(TokenKind::Str)) // extern "C"
        next();
    }
    switch (cur().Kind) {
    case TokenKind::Hash:
      skipAttribute();
      return;
    case TokenKind::KwUse:
      skipUse();
      return;
    case TokenKind::KwFn:
      AddFunction(parseFunction(false));
      return;
    case TokenKind::KwStruct: {
      StructDecl *S = parseStruct();
      if (!S)
        return;
      if (Top) {
        Top->Structs.push_back(S);
      } else {
        B->Structs.push_back(S);
        B->Stmts.push_back(finish(new ItemStmt(), Start));
      }
      return;
    }
    case TokenKind::KwImpl: {
      ImplDecl *I = parseImpl();
      if (!I)
        return;
      if (Top) {
        Top->Impls.push_back(I);
      } else {
        B->Impls.push_back(I);
        B->Stmts.push_back(finish(new ItemStmt(), Start));
      }
      return;
    }
    case TokenKind::KwTrait:
      skipTrait();
      return;
    case TokenKind::KwEnum:
      errorAt(cur(), "enums are not supported");
      next();
      while (!at(TokenKind::LBrace) && !at(TokenKind::Eof) && !at(TokenKind::Semi))
        next();
      if (at(TokenKind::LBrace))
        skipBraces();
      return;
    case TokenKind::Ident:
      if (cur().Text == "mod") {
        errorAt(cur(), "modules ('mod') are not supported");
        return;
      }
      if (cur().Text == "type") {
        // `type Alias = T;`: types are ignored, so is an alias.
        next();
        while (!at(TokenKind::Eof) && !at(TokenKind::Semi) && !at(TokenKind::RBrace) &&
               !(cur().NewlineBefore && Pos > Start + 1))
          next();
        accept(TokenKind::Semi);
        return;
      }
      break;
    case TokenKind::KwLet:
    case TokenKind::KwConst:
    case TokenKind::KwStatic:
      // `pub const X`, `pub static X`: a let like any other.
      break;
    default:
      errorExpected("an item after 'pub'");
      return;
    }
  }

  Expr *S;
  switch (cur().Kind) {
  case TokenKind::KwLet:
    S = parseLet();
    break;
  case TokenKind::KwConst:
  case TokenKind::KwStatic:
    S = parseConst();
    break;
  default:
    S = parseStatementExpr();
    break;
  }
  if (S)
    B->Stmts.push_back(S);
  accept(TokenKind::Semi);
}

// let := 'let' pattern [':' type] ['=' expr]
Expr *Parser::parseLet() {
  size_t Start = Pos;
  next(); // let
  Pattern *Pat = parsePattern(false);
  if (accept(TokenKind::Colon))
    parseType();
  Expr *Init = nullptr;
  if (accept(TokenKind::Eq))
    Init = parseExpr();
  if (atIdent("else") || at(TokenKind::KwElse))
    errorAt(cur(), "'let ... else' is not supported");
  return finish(new Let(Pat, Init), Start);
}

// const := ('const' | 'static' ['mut']) NAME [':' type] '=' expr
Expr *Parser::parseConst() {
  size_t Start = Pos;
  bool IsConst = at(TokenKind::KwConst);
  next();
  if (!IsConst)
    accept(TokenKind::KwMut);
  size_t NameTok = Pos;
  auto *Pat = new Pattern(PatternKind::Binding);
  if (at(TokenKind::Ident)) {
    Pat->Name = cur().Text;
    next();
  } else {
    errorExpected("a name");
  }
  Pat->Loc = spanFrom(NameTok);
  if (accept(TokenKind::Colon))
    parseType();
  Expr *Init = nullptr;
  if (expect(TokenKind::Eq, "'='"))
    Init = parseExpr();
  auto *L = finish(new Let(Pat, Init), Start);
  L->IsConst = IsConst;
  return L;
}

void Parser::skipVisibility() {
  if (!accept(TokenKind::KwPub))
    return;
  // pub(crate), pub(super), pub(in path)
  if (at(TokenKind::LParen)) {
    while (!at(TokenKind::RParen) && !at(TokenKind::Eof))
      next();
    accept(TokenKind::RParen);
  }
}

// attribute := '#' ['!'] '[' ... ']'
void Parser::skipAttribute() {
  next(); // #
  accept(TokenKind::Bang);
  if (!at(TokenKind::LBracket)) {
    errorExpected("'[' after '#'");
    return;
  }
  skipBalanced(TokenKind::LBracket, TokenKind::RBracket, "']'");
}

// use := 'use' path-tree [';']
void Parser::skipUse() {
  size_t Start = Pos;
  next(); // use
  unsigned Nest = 0;
  while (!at(TokenKind::Eof)) {
    if (Nest == 0 && (at(TokenKind::Semi) || at(TokenKind::RBrace) ||
                      (cur().NewlineBefore && Pos > Start + 1)))
      break;
    if (at(TokenKind::LBrace))
      ++Nest;
    else if (at(TokenKind::RBrace))
      --Nest;
    next();
  }
  accept(TokenKind::Semi);
}

// trait := 'trait' NAME ... '{' ... '}'   (skipped: traits add nothing here)
void Parser::skipTrait() {
  next();
  while (!at(TokenKind::LBrace) && !at(TokenKind::Eof) && !at(TokenKind::Semi))
    next();
  if (at(TokenKind::LBrace))
    skipBraces();
  else
    accept(TokenKind::Semi);
}

// generics := '<' (lifetime | NAME [':' bounds] [= type] | 'const' NAME ':' type) ,* '>'
void Parser::skipGenericParams() {
  if (!at(TokenKind::Lt))
    return;
  int Nest = 0;
  while (!at(TokenKind::Eof)) {
    switch (cur().Kind) {
    case TokenKind::Lt: ++Nest; break;
    case TokenKind::Gt: --Nest; break;
    case TokenKind::Shr: Nest -= 2; break;
    case TokenKind::LBrace:
    case TokenKind::Semi:
      errorExpected("'>' to close the generic parameters");
      return;
    default: break;
    }
    next();
    if (Nest <= 0)
      return;
  }
  errorExpected("'>'");
}

// where-clause := 'where' (type ':' bounds) ,*   (skipped up to '{' or ';')
void Parser::skipWhereClause() {
  if (!atIdent("where"))
    return;
  while (!at(TokenKind::LBrace) && !at(TokenKind::Semi) && !at(TokenKind::Eof))
    next();
}

// fn := ('fn'|'fun') NAME [generics] '(' params ')' ['->' type] [where] block
FunctionDecl *Parser::parseFunction(bool IsMethod) {
  size_t Start = Pos;
  next(); // fn
  auto *F = new FunctionDecl();
  if (at(TokenKind::Ident)) {
    F->Name = cur().Text;
    next();
  } else {
    errorExpected("a function name");
    return nullptr;
  }
  skipGenericParams();
  if (!expect(TokenKind::LParen, "'('"))
    return nullptr;
  parseParams(F, TokenKind::RParen, IsMethod);
  if (!expect(TokenKind::RParen, "')'"))
    return nullptr;
  if (accept(TokenKind::Arrow))
    parseType();
  skipWhereClause();
  if (at(TokenKind::Semi)) {
    errorAt(cur(), fmt::format("function '{}' has no body", F->Name));
    return nullptr;
  }
  F->Body = parseBlock();
  F->Loc = spanFrom(Start);
  return F;
}

// params := param (',' param)* [',']
// param  := ['&' [lifetime]] ['mut'] 'self' [':' type] | pattern [':' type]
void Parser::parseParams(FunctionDecl *F, TokenKind Close, bool AllowSelf) {
  (void)AllowSelf; // `self` outside a method is left to the resolver
  while (!at(Close) && !at(TokenKind::Eof) && !Panicking) {
    size_t Start = Pos;
    // Receivers: self, &self, &mut self, &'a self, mut self.
    size_t Look = Pos;
    if (Toks[Look].Kind == TokenKind::Amp) {
      ++Look;
      if (Toks[Look].Kind == TokenKind::Label)
        ++Look;
    }
    if (Toks[Look].Kind == TokenKind::KwMut)
      ++Look;
    if (Toks[Look].Kind == TokenKind::Ident && Toks[Look].Text == "self" && F->Params.empty()) {
      Pos = Look;
      next();
      auto *P = new Pattern(PatternKind::Binding);
      P->Name = "self";
      P->Loc = spanFrom(Start);
      if (accept(TokenKind::Colon))
        parseType();
      F->Params.push_back(Param{P, spanFrom(Start)});
      F->HasSelf = true;
    } else {
      Pattern *P = parsePattern(false);
      if (accept(TokenKind::Colon))
        parseType();
      F->Params.push_back(Param{P, spanFrom(Start)});
    }
    if (!accept(TokenKind::Comma))
      break;
  }
}

// struct := 'struct' NAME [generics] [where] ( '{' member* '}' | ';' )
// member := attribute | ['pub'] NAME ':' type ['=' expr] [','] | ['pub'] fn
StructDecl *Parser::parseStruct() {
  size_t Start = Pos;
  next(); // struct
  auto *S = new StructDecl();
  if (!at(TokenKind::Ident)) {
    errorExpected("a struct name");
    return nullptr;
  }
  S->Name = cur().Text;
  next();
  skipGenericParams();
  skipWhereClause();
  if (at(TokenKind::LParen)) {
    errorAt(cur(), fmt::format("tuple structs are not supported (declare '{}' with named fields)",
                               S->Name));
    return nullptr;
  }
  if (accept(TokenKind::Semi) || (cur().NewlineBefore && !at(TokenKind::LBrace))) {
    S->Loc = spanFrom(Start); // unit struct: no fields
    return S;
  }
  if (!expect(TokenKind::LBrace, "'{'"))
    return nullptr;
  while (!at(TokenKind::RBrace) && !at(TokenKind::Eof)) {
    size_t MemberStart = Pos;
    if (at(TokenKind::Hash)) {
      skipAttribute();
    } else if (accept(TokenKind::Comma) || accept(TokenKind::Semi)) {
      continue;
    } else {
      skipVisibility();
      if (at(TokenKind::KwFn)) {
        if (FunctionDecl *F = parseFunction(true))
          S->Methods.push_back(F);
      } else if (at(TokenKind::Ident)) {
        size_t FieldStart = Pos;
        FieldDecl FD;
        FD.Name = cur().Text;
        next();
        if (expect(TokenKind::Colon, "':'")) {
          parseType();
          if (accept(TokenKind::Eq))
            FD.Default = parseExpr();
        }
        FD.Loc = spanFrom(FieldStart);
        S->Fields.push_back(FD);
      } else {
        errorExpected("a field or method");
      }
    }
    if (Panicking) {
      // Skip to the next member: a new line, a ',' or the closing '}'.
      if (Pos == MemberStart && !at(TokenKind::RBrace))
        next();
      while (!at(TokenKind::Eof) && !at(TokenKind::RBrace) && !at(TokenKind::Comma) &&
             !cur().NewlineBefore)
        next();
      Panicking = false;
      if (tooManyErrors())
        return S;
    }
  }
  expect(TokenKind::RBrace, "'}'");
  S->Loc = spanFrom(Start);
  return S;
}

// impl := 'impl' [generics] ['!'] type ['for' type] [where] '{' (attribute | ['pub'] fn)* '}'
ImplDecl *Parser::parseImpl() {
  size_t Start = Pos;
  next(); // impl
  skipGenericParams();
  auto *I = new ImplDecl();
  accept(TokenKind::Bang);
  // The type name is the last segment of the path (`fmt::Display` gives
  // Display; after `for` the implementing type replaces it).
  auto ParseTypeName = [&]() -> std::string {
    std::string Name;
    if (!at(TokenKind::Ident)) {
      errorExpected("a type name");
      return Name;
    }
    while (at(TokenKind::Ident)) {
      Name = cur().Text;
      next();
      if (at(TokenKind::Lt))
        skipGenericArgs();
      if (at(TokenKind::LParen)) // Fn(A) -> B
        skipType(true);
      if (!accept(TokenKind::ColonColon))
        break;
    }
    return Name;
  };
  I->TypeName = ParseTypeName();
  if (accept(TokenKind::KwFor))
    I->TypeName = ParseTypeName();
  skipWhereClause();
  if (Panicking || !expect(TokenKind::LBrace, "'{'"))
    return nullptr;
  while (!at(TokenKind::RBrace) && !at(TokenKind::Eof)) {
    if (at(TokenKind::Hash)) {
      skipAttribute();
      continue;
    }
    if (accept(TokenKind::Semi))
      continue;
    skipVisibility();
    if (at(TokenKind::KwFn)) {
      if (FunctionDecl *F = parseFunction(true))
        I->Methods.push_back(F);
    } else if (atIdent("type")) {
      while (!at(TokenKind::Semi) && !at(TokenKind::RBrace) && !at(TokenKind::Eof))
        next();
    } else {
      errorExpected("'fn' in impl block");
    }
    if (Panicking) {
      // Skip to the next `fn` or the closing brace.
      unsigned Nest = 0;
      while (!at(TokenKind::Eof)) {
        if (Nest == 0 && (at(TokenKind::RBrace) || at(TokenKind::KwFn)))
          break;
        if (at(TokenKind::LBrace))
          ++Nest;
        else if (at(TokenKind::RBrace))
          --Nest;
        next();
      }
      Panicking = false;
      if (tooManyErrors())
        return I;
    }
  }
  expect(TokenKind::RBrace, "'}'");
  I->Loc = spanFrom(Start);
  return I;
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

Program *parseProgram(std::string FileName, std::string Source,
                      std::vector<Diagnostic> &Errors, FrontendTimes *Times) {
  auto Start = std::chrono::steady_clock::now();
  auto *P = new Program();
  P->FileName = std::move(FileName);
  P->Source = std::move(Source);
  std::string_view Src = P->Source;
  size_t FirstNew = Errors.size();
  Lexer L(Src, Errors);
  std::vector<Token> Toks = L.lexAll();
  auto Lexed = std::chrono::steady_clock::now();
  Parser Ps(Src, std::move(Toks), Errors, L.hitEofInError());
  Ps.parseProgramInto(*P);
  if (Times) {
    Times->LexSeconds = std::chrono::duration<double>(Lexed - Start).count();
    Times->ParseSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - Lexed).count();
  }
  // Lexical errors were found first; report everything in source order.
  std::stable_sort(Errors.begin() + static_cast<std::ptrdiff_t>(FirstNew), Errors.end(),
                   [](const Diagnostic &A, const Diagnostic &B) {
                     return A.Loc.Line != B.Loc.Line ? A.Loc.Line < B.Loc.Line
                                                     : A.Loc.Col < B.Loc.Col;
                   });
  return P;
}

} // namespace ruchy
