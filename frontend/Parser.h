//===- frontend/Parser.h - Tokens to the Ruchy syntax tree -------*- C++ -*-===//
//
// A recursive-descent parser for the whole of LANGUAGE.md: items, statements,
// expressions (precedence climbing over the table in §4), patterns, types
// (parsed and dropped), macros and f-strings. It is internal to frontend/;
// the public entry point is parseProgram in Frontend.h.
//
// Errors are appended to a diagnostics vector, never thrown. After an error
// the parser is "panicking": further errors are suppressed and loops bail
// out until a statement boundary resynchronizes it, so one mistake gives one
// message and parsing continues with the next statement.
//
// The implementation is split by concern: Parser.cpp (program, statements,
// items), ParseExpr.cpp, ParsePattern.cpp, ParseType.cpp, FormatString.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_FRONTEND_PARSER_H
#define RUCHY_FRONTEND_PARSER_H

#include "frontend/AST.h"
#include "frontend/Diagnostic.h"
#include "frontend/Token.h"

#include <string>
#include <string_view>
#include <vector>

namespace ruchy {

/// Syntax errors reported per run before the parser gives up: enough to fix
/// several mistakes at once, few enough that a cascade stays readable.
constexpr size_t MaxSyntaxErrors = 20;

/// Syntactic nesting depth (parentheses, blocks, unary operators, patterns,
/// types) past which the parser reports `expression nested too deeply`
/// instead of recursing further. The parser runs on the program thread's
/// 4 GiB stack, where 100,000 levels use well under a tenth of it.
constexpr unsigned MaxNestingDepth = 100000;

class Parser {
public:
  /// Src must outlive the tree (it is the Program's own copy). Errors is
  /// shared with the lexer and with sub-parsers of f-string holes.
  Parser(std::string_view Src, std::vector<Token> Toks, std::vector<Diagnostic> &Errors,
         bool LexerHitEof);

  /// program := (item | statement)* EOF
  void parseProgramInto(ast::Program &P);

  /// Parses the whole token stream as one expression (an f-string hole).
  ast::Expr *parseStandaloneExpr(unsigned OuterDepth);

private:
  std::string_view Src;
  std::vector<Token> Toks;
  size_t Pos = 0;
  std::vector<Diagnostic> &Errors;
  /// The lexer already reported an error that ran to the end of the input;
  /// "found end of file" errors would only repeat it.
  bool LexerHitEof;
  bool Panicking = false;
  unsigned Depth = 0;
  /// True in `if`/`while`/`match` heads and `for` iterables, where
  /// `Name {` starts the body, not a struct literal (as in Rust).
  bool NoStruct = false;

  //===-- Token access (Parser.cpp) --------------------------------------===//
  const Token &cur() const { return Toks[Pos]; }
  const Token &peekTok(size_t Ahead) const {
    return Toks[Pos + Ahead < Toks.size() ? Pos + Ahead : Toks.size() - 1];
  }
  bool at(TokenKind K) const { return cur().Kind == K; }
  bool atIdent(const char *Name) const {
    return cur().Kind == TokenKind::Ident && cur().Text == Name;
  }
  void next() {
    if (Pos + 1 < Toks.size())
      ++Pos;
  }
  bool accept(TokenKind K) {
    if (!at(K))
      return false;
    next();
    return true;
  }
  /// Consumes K or reports "expected <What>, found <token>".
  bool expect(TokenKind K, const char *What = nullptr);
  uint32_t prevEnd() const { return Pos > 0 ? Toks[Pos - 1].End : 0; }

  //===-- Errors and recovery (Parser.cpp) -------------------------------===//
  void errorAt(const Token &T, std::string Msg);
  void errorAtSpan(const ast::Span &S, std::string Msg);
  void errorExpected(const char *What);
  std::string describe(const Token &T) const;
  bool tooManyErrors() const { return Errors.size() >= MaxSyntaxErrors; }
  /// Skips to the next statement start: past a `;`, or before a token that
  /// begins a line, or before the `}` that closes the current block.
  void synchronize();
  /// Skips a balanced `{ ... }` (Pos at the `{`).
  /// Skips a balanced Open ... Close group starting at the current token.
  void skipBalanced(TokenKind Open, TokenKind Close, const char *CloseText);
  void skipBraces();
  /// Counts one nesting level; false (after reporting) past MaxNestingDepth.
  bool enterNesting();
  void leaveNesting() { --Depth; }

  //===-- Spans ----------------------------------------------------------===//
  ast::Span spanFrom(size_t StartTok) const;
  static ast::Span joinSpans(const ast::Span &A, const ast::Span &B);
  template <typename T> T *finish(T *N, size_t StartTok) {
    N->Loc = spanFrom(StartTok);
    return N;
  }
  ast::Expr *errorNode();

  //===-- Statements and items (Parser.cpp) ------------------------------===//
  /// block := '{' statement* '}'
  ast::Block *parseBlock();
  /// statement-list until '}' (or EOF at the top level).
  void parseStatements(ast::Block *B, ast::Program *Top);
  /// statement := item | let | const | expr-statement   [';']
  void parseStatement(ast::Block *B, ast::Program *Top);
  /// let := 'let' pattern [':' type] ['=' expr]
  ast::Expr *parseLet();
  /// const := ('const' | 'static' ['mut']) NAME [':' type] '=' expr
  ast::Expr *parseConst();
  /// fn := ('fn'|'fun') NAME [generics] '(' params ')' ['->' type] [where] block
  ast::FunctionDecl *parseFunction(bool IsMethod);
  /// params := param (',' param)* [','];  param := self-receiver | pattern [':' type]
  void parseParams(ast::FunctionDecl *F, TokenKind Close, bool AllowSelf);
  /// struct := 'struct' NAME [generics] [where] '{' (field | fn)* '}' | ';'
  ast::StructDecl *parseStruct();
  /// impl := 'impl' [generics] type ['for' type] [where] '{' fn* '}'
  ast::ImplDecl *parseImpl();
  void skipTrait();
  void skipUse();
  void skipAttribute();
  void skipVisibility();
  /// generics := '<' ... '>' (skipped, balanced)
  void skipGenericParams();
  /// where-clause := 'where' ... up to '{' or ';' (skipped)
  void skipWhereClause();
  bool atItemStart() const;

  //===-- Expressions (ParseExpr.cpp) ------------------------------------===//
  ast::Expr *parseExpr();
  /// Parses an expression with the struct-literal restriction set as given.
  ast::Expr *parseExprRestricted(bool Restrict);
  ast::Expr *parseAssignFrom(ast::Expr *Lhs);
  ast::Expr *parseBinary(int MinPrec);
  ast::Expr *parseBinaryFrom(ast::Expr *L, int MinPrec);
  ast::Expr *parseUnary();
  ast::Expr *parsePostfix(ast::Expr *E);
  ast::Expr *parsePrimary();
  /// An expression statement, applying the block-like rule of §2.
  ast::Expr *parseStatementExpr();
  bool atBlockLikeStart() const;
  bool canStartExpr(const Token &T) const;
  ast::Expr *parseParenOrTuple();
  ast::Expr *parseArrayLit();
  ast::Expr *parseBraceExpr();
  bool mapLiteralAhead() const;
  ast::Expr *parseMapLit();
  bool structLiteralAhead() const;
  ast::Expr *parseStructLit();
  ast::Expr *parsePathOrIdent();
  ast::Expr *parseIf();
  ast::Expr *parseWhile(std::string Label, size_t StartTok);
  ast::Expr *parseFor(std::string Label, size_t StartTok);
  ast::Expr *parseLoop(std::string Label, size_t StartTok);
  ast::Expr *parseLabelled();
  ast::Expr *parseMatch();
  ast::Expr *parseClosure();
  ast::Expr *parseAnonFn();
  ast::Expr *parseBreak();
  ast::Expr *parseContinue();
  ast::Expr *parseReturn();
  /// Arguments up to Close. Named, when given, gets per argument whether it
  /// is written `name = value` (a format macro's named argument; a
  /// parenthesized assignment `(x = v)` is not one).
  std::vector<ast::Expr *> parseCallArgs(TokenKind Close, std::vector<bool> *Named = nullptr);
  ast::Expr *parseMacro();
  ast::Expr *parseFString();
  bool checkAssignTarget(ast::Expr *&Target);
  ast::Block *wrapInBlock(ast::Expr *E);

  //===-- Patterns (ParsePattern.cpp) ------------------------------------===//
  /// pattern := ['|'] atom ('|' atom)*   (alternatives only when AllowOr)
  ast::Pattern *parsePattern(bool AllowOr);
  ast::Pattern *parsePatternAtom();
  ast::Expr *parsePatternLiteral();

  //===-- Types (ParseType.cpp) ------------------------------------------===//
  /// Parses a type and returns its source text (types are otherwise ignored).
  std::string parseType(bool AllowGenerics = true);
  void skipType(bool AllowGenerics);
  void skipTypeBounds();
  void skipGenericArgs();
  /// Consumes one `>` even when it is the first half of `>>`, `>=`, `>>=`.
  bool acceptCloseAngle();
  /// `::<T>` after a path segment or method name (skipped).
  void skipTurbofish();

  //===-- Format strings (FormatString.cpp) ------------------------------===//
  /// Splits a macro's format string into Pieces, checking argument indexes.
  void buildMacroFormat(ast::Macro *M, const ast::StrLit *Fmt,
                        const std::vector<std::string> &ArgNames);
  ast::Expr *parseFStringHole(const FStrPart &Part);
};

/// Parses `[[fill]align][+][0][width][.precision][?]`. Returns false and
/// sets Err on a malformed spec.
bool parseFormatSpec(std::string_view Text, FormatSpec &Out, std::string &Err);

/// How `x as <type>` converts, from the type's text.
ast::CastKind castKindForType(std::string_view TypeText);

} // namespace ruchy

#endif
