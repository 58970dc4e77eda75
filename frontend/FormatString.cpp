//===- frontend/FormatString.cpp - Macros, format strings, f-strings -----===//
//
// The macro forms of LANGUAGE.md §7-8 (`println!`, `format!`, `assert!`,
// `vec!`, ...) and the two kinds of format text: a macro's format string
// (Rust's `{}`, `{0}`, `{name}`, `{:spec}`) and an f-string, whose holes are
// expressions re-lexed in place so their spans are the file's own.
//
//===----------------------------------------------------------------------===//

#include "frontend/Lexer.h"
#include "frontend/Parser.h"

#include <fmt/format.h>

namespace ruchy {

using namespace ast;

namespace {
/// Widths and precisions above this are rejected: they could only be typos,
/// and the formatter would otherwise allocate that many padding bytes.
constexpr int MaxFormatWidth = 1 << 16;

bool isDigitChar(char C) { return C >= '0' && C <= '9'; }

bool parseCount(std::string_view S, size_t &I, int &Out) {
  if (I >= S.size() || !isDigitChar(S[I]))
    return false;
  long V = 0;
  while (I < S.size() && isDigitChar(S[I])) {
    V = V * 10 + (S[I] - '0');
    if (V > MaxFormatWidth)
      return false;
    ++I;
  }
  Out = static_cast<int>(V);
  return true;
}

bool isIdentText(std::string_view S) {
  if (S.empty() || !isIdentStart(static_cast<unsigned char>(S[0])))
    return false;
  for (char C : S)
    if (!isIdentContinue(static_cast<unsigned char>(C)))
      return false;
  return true;
}
} // namespace

// spec := [[fill] align] ['+'] ['#'] ['0'] [width] ['.' precision] ['?']
bool parseFormatSpec(std::string_view S, FormatSpec &Out, std::string &Err) {
  Out = FormatSpec();
  size_t I = 0;
  auto IsAlign = [](char C) { return C == '<' || C == '>' || C == '^'; };
  if (S.size() >= 2 && IsAlign(S[1]) && static_cast<unsigned char>(S[0]) < 0x80) {
    Out.Fill = S[0];
    Out.Align = S[1];
    I = 2;
  } else if (!S.empty() && IsAlign(S[0])) {
    Out.Align = S[0];
    I = 1;
  }
  if (I < S.size() && S[I] == '+') {
    Out.Plus = true;
    ++I;
  }
  if (I < S.size() && S[I] == '#') // alternate form: accepted, no effect
    ++I;
  if (I < S.size() && S[I] == '0' && (I + 1 >= S.size() || S[I + 1] != '$')) {
    Out.ZeroPad = true;
    ++I;
  }
  if (I < S.size() && isDigitChar(S[I]) && !parseCount(S, I, Out.Width)) {
    Err = "format width is too large";
    return false;
  }
  if (I < S.size() && S[I] == '.') {
    ++I;
    if (!parseCount(S, I, Out.Precision)) {
      Err = "expected a precision after '.'";
      return false;
    }
  }
  if (I < S.size() && S[I] == '?') {
    Out.Debug = true;
    ++I;
  }
  if (I != S.size()) {
    Err = fmt::format("unsupported format spec '{}'", S);
    return false;
  }
  return true;
}

// macro-format := (text | '{{' | '}}' | '{' [arg] [':' spec] '}')*
// arg := INTEGER | NAME
void Parser::buildMacroFormat(Macro *M, const StrLit *Fmt,
                              const std::vector<std::string> &ArgNames) {
  std::string_view S = Fmt->V;
  std::string Text;
  int NextPositional = 0;
  auto FlushText = [&] {
    if (Text.empty())
      return;
    FormatPiece P;
    P.Text = std::move(Text);
    M->Pieces.push_back(std::move(P));
    Text.clear();
  };
  for (size_t I = 0; I < S.size(); ++I) {
    char C = S[I];
    if (C == '{' && I + 1 < S.size() && S[I + 1] == '{') {
      Text += '{';
      ++I;
      continue;
    }
    if (C == '}') {
      if (I + 1 < S.size() && S[I + 1] == '}') {
        Text += '}';
        ++I;
        continue;
      }
      errorAtSpan(Fmt->Loc, "unmatched '}' in format string (write '}}' for a literal brace)");
      return;
    }
    if (C != '{') {
      Text += C;
      continue;
    }
    size_t Close = S.find('}', I + 1);
    if (Close == std::string_view::npos) {
      errorAtSpan(Fmt->Loc, "unterminated '{' in format string (write '{{' for a literal brace)");
      return;
    }
    std::string_view Inner = S.substr(I + 1, Close - I - 1);
    I = Close;
    FlushText();
    FormatPiece P;
    P.Hole = true;
    size_t Colon = Inner.find(':');
    std::string_view ArgText = Inner.substr(0, Colon);
    if (Colon != std::string_view::npos) {
      std::string Err;
      P.HasSpec = true;
      if (!parseFormatSpec(Inner.substr(Colon + 1), P.Spec, Err)) {
        errorAtSpan(Fmt->Loc, Err);
        return;
      }
    }
    // Trim spaces Rust tolerates around the argument (`{ 0 }` is an error
    // in Rust too, so none are accepted).
    if (ArgText.empty()) {
      P.ArgIndex = NextPositional++;
    } else if (isDigitChar(ArgText[0])) {
      size_t K = 0;
      int Idx = 0;
      if (!parseCount(ArgText, K, Idx) || K != ArgText.size()) {
        errorAtSpan(Fmt->Loc, fmt::format("invalid argument '{}' in format string", ArgText));
        return;
      }
      P.ArgIndex = Idx;
    } else if (isIdentText(ArgText)) {
      for (size_t A = 0; A < ArgNames.size(); ++A)
        if (ArgNames[A] == ArgText)
          P.ArgIndex = static_cast<int>(A);
      if (P.ArgIndex < 0) {
        // `{name}` captures the variable `name` (Rust 2021).
        auto *Id = new Ident(std::string(ArgText));
        Id->Loc = Fmt->Loc;
        P.Arg = Id;
      }
    } else {
      errorAtSpan(Fmt->Loc, fmt::format("invalid argument '{}' in format string", ArgText));
      return;
    }
    if (P.ArgIndex >= static_cast<int>(M->Args.size())) {
      errorAtSpan(Fmt->Loc,
                  fmt::format("format string refers to argument {} but {} argument{} given",
                              P.ArgIndex, M->Args.size(), M->Args.size() == 1 ? " is" : "s are"));
      return;
    }
    M->Pieces.push_back(std::move(P));
  }
  FlushText();
}

// macro := NAME '!' ('(' args ')' | '[' args ']')
// vec! also takes '[' expr ';' expr ']'
Expr *Parser::parseMacro() {
  size_t Start = Pos;
  std::string Name = cur().Text;
  next(); // name!
  TokenKind Close = at(TokenKind::LBracket) ? TokenKind::RBracket : TokenKind::RParen;
  next(); // ( or [

  if (Name == "vec") {
    bool Saved = NoStruct;
    NoStruct = false;
    std::vector<Expr *> Elems;
    if (!at(Close)) {
      Expr *First = parseExpr();
      if (accept(TokenKind::Semi)) {
        Expr *Count = parseExpr();
        NoStruct = Saved;
        expect(Close, Close == TokenKind::RParen ? "')'" : "']'");
        return finish(new ArrayRepeat(First, Count), Start);
      }
      Elems.push_back(First);
      while (accept(TokenKind::Comma) && !Panicking) {
        if (at(Close))
          break;
        Elems.push_back(parseExpr());
      }
    }
    NoStruct = Saved;
    expect(Close, Close == TokenKind::RParen ? "')'" : "']'");
    return finish(new ArrayLit(std::move(Elems)), Start);
  }

  struct MacroInfo {
    const char *Name;
    MacroKind Kind;
    bool Formats;
  };
  static constexpr MacroInfo Known[] = {
      {"println", MacroKind::Println, true},   {"print", MacroKind::Print, true},
      {"eprintln", MacroKind::Eprintln, true}, {"eprint", MacroKind::Eprint, true},
      {"format", MacroKind::Format, true},     {"panic", MacroKind::Panic, true},
      {"assert", MacroKind::Assert, false},    {"assert_eq", MacroKind::AssertEq, false},
      {"assert_ne", MacroKind::Assert, false}, {"dbg", MacroKind::Dbg, false},
      {"unreachable", MacroKind::Panic, true}, {"todo", MacroKind::Panic, true},
      {"unimplemented", MacroKind::Panic, true},
  };
  const MacroInfo *Info = nullptr;
  for (const MacroInfo &K : Known)
    if (Name == K.Name)
      Info = &K;
  if (!Info) {
    errorAt(Toks[Start], fmt::format("unknown macro '{}!'", Name));
    return errorNode();
  }

  std::vector<bool> Named;
  std::vector<Expr *> Args = parseCallArgs(Close, &Named);
  auto *M = new Macro(Info->Kind);
  if (!Info->Formats) {
    if (Name == "assert_ne" && Args.size() >= 2) {
      // assert_ne!(a, b, msg...) checks `a != b` like assert!.
      auto *Ne = new Binary(BinaryOp::Ne, Args[0], Args[1]);
      Ne->Loc = joinSpans(Args[0]->Loc, Args[1]->Loc);
      Args.erase(Args.begin());
      Args[0] = Ne;
    }
    size_t MinArgs = Info->Kind == MacroKind::AssertEq || Name == "assert_ne" ? 2
                     : Info->Kind == MacroKind::Assert                      ? 1
                                                                            : 0;
    if (Args.size() < MinArgs && !Panicking)
      errorAtSpan(spanFrom(Start), fmt::format("'{}!' needs at least {} argument{}", Name,
                                               MinArgs, MinArgs == 1 ? "" : "s"));
    M->Args = std::move(Args);
    return finish(M, Start);
  }

  // unreachable!/todo!/unimplemented! panic with Rust's fixed prefix.
  std::string Prefix;
  if (Name == "unreachable")
    Prefix = "internal error: entered unreachable code";
  else if (Name == "todo")
    Prefix = "not yet implemented";
  else if (Name == "unimplemented")
    Prefix = "not implemented";

  if (Args.empty()) {
    if (!Prefix.empty()) {
      M->HasFormat = true;
      FormatPiece P;
      P.Text = Prefix;
      M->Pieces.push_back(P);
    }
    return finish(M, Start);
  }
  if (Args[0]->K != ExprKind::StrLit) {
    errorAtSpan(Args[0]->Loc, fmt::format("format argument of '{}!' must be a string literal", Name));
    return finish(M, Start);
  }
  auto *Fmt = static_cast<StrLit *>(Args[0]);
  // Named arguments `name = value` after the format string.
  std::vector<std::string> ArgNames;
  for (size_t I = 1; I < Args.size(); ++I) {
    Expr *A = Args[I];
    if (A->K == ExprKind::Assign && I < Named.size() && Named[I]) {
      auto *As = static_cast<Assign *>(A);
      if (!As->HasOp && As->Target->K == ExprKind::Ident) {
        ArgNames.push_back(static_cast<Ident *>(As->Target)->Name);
        M->Args.push_back(As->Val);
        continue;
      }
    }
    ArgNames.push_back(std::string());
    M->Args.push_back(A);
  }
  M->HasFormat = true;
  if (!Prefix.empty()) {
    FormatPiece P;
    P.Text = Prefix + ": ";
    M->Pieces.push_back(P);
  }
  buildMacroFormat(M, Fmt, ArgNames);
  return finish(M, Start);
}

Expr *Parser::parseFStringHole(const FStrPart &Part) {
  if (Part.ExprBegin >= Part.ExprEnd ||
      Src.substr(Part.ExprBegin, Part.ExprEnd - Part.ExprBegin).find_first_not_of(" \t\r\n") ==
          std::string_view::npos) {
    Span S;
    S.Begin = Part.ExprBegin;
    S.End = Part.ExprEnd + 1;
    S.Line = Part.ExprLine;
    S.Col = Part.ExprCol;
    errorAtSpan(S, "empty '{}' in f-string (an f-string hole needs an expression)");
    return errorNode();
  }
  Lexer L(Src, Part.ExprBegin, Part.ExprEnd, Part.ExprLine, Part.ExprCol, Errors);
  std::vector<Token> HoleToks = L.lexAll();
  Parser Sub(Src, std::move(HoleToks), Errors, L.hitEofInError());
  Expr *E = Sub.parseStandaloneExpr(Depth);
  if (Sub.Panicking)
    Panicking = true;
  return E;
}

// fstring := 'f"' (text | '{{' | '}}' | '{' expr [':' spec] '}')* '"'
Expr *Parser::parseFString() {
  size_t Start = Pos;
  auto *F = new FString();
  const Token &T = cur();
  for (const FStrPart &Part : T.Parts) {
    FormatPiece P;
    if (!Part.IsHole) {
      P.Text = Part.Text;
      F->Pieces.push_back(std::move(P));
      continue;
    }
    P.Hole = true;
    P.Arg = parseFStringHole(Part);
    if (Part.HasSpec) {
      std::string Err;
      P.HasSpec = true;
      if (!parseFormatSpec(Part.SpecText, P.Spec, Err)) {
        Span S;
        S.Begin = Part.SpecBegin;
        S.End = Part.SpecBegin + static_cast<uint32_t>(Part.SpecText.size());
        S.Line = Part.SpecLine;
        S.Col = Part.SpecCol;
        errorAtSpan(S, Err);
      }
    }
    F->Pieces.push_back(std::move(P));
  }
  next();
  return finish(F, Start);
}

} // namespace ruchy
