//===- test/unit/frontend/LexerTest.cpp - Lexer unit tests ---------------===//
//
// Pins down the lexical rules of LANGUAGE.md §2 that are easy to get wrong:
// numbers next to dots (`t.0.1`, `1..5`, `16.0.sqrt()`), char literals
// versus labels, f-string holes with nested strings, the newline flag, and
// the errors (overflow, unterminated string or comment, invalid UTF-8).
//
//===----------------------------------------------------------------------===//

#include "frontend/Lexer.h"

#include <gtest/gtest.h>

using namespace ruchy;

namespace {

std::vector<Token> lex(const std::string &Src, std::vector<Diagnostic> &Errs) {
  Lexer L(Src, Errs);
  return L.lexAll();
}

std::vector<TokenKind> kinds(const std::string &Src) {
  std::vector<Diagnostic> Errs;
  std::vector<TokenKind> Out;
  for (const Token &T : lex(Src, Errs))
    Out.push_back(T.Kind);
  EXPECT_TRUE(Errs.empty()) << (Errs.empty() ? "" : Errs[0].Message);
  return Out;
}

using K = TokenKind;

TEST(LexerTest, TupleIndexAfterDotIsInteger) {
  EXPECT_EQ(kinds("t.0.1"),
            (std::vector<K>{K::Ident, K::Dot, K::Int, K::Dot, K::Int, K::Eof}));
}

TEST(LexerTest, RangeOfIntegers) {
  EXPECT_EQ(kinds("1..5"), (std::vector<K>{K::Int, K::DotDot, K::Int, K::Eof}));
  EXPECT_EQ(kinds("1..=5"), (std::vector<K>{K::Int, K::DotDotEq, K::Int, K::Eof}));
}

TEST(LexerTest, FloatForms) {
  std::vector<Diagnostic> Errs;
  auto Toks = lex("1.5 1.5e3 2e-4 1e10 16.0.sqrt() 1.max", Errs);
  ASSERT_TRUE(Errs.empty());
  EXPECT_EQ(Toks[0].Kind, K::Float);
  EXPECT_DOUBLE_EQ(Toks[0].FloatVal, 1.5);
  EXPECT_DOUBLE_EQ(Toks[1].FloatVal, 1500.0);
  EXPECT_DOUBLE_EQ(Toks[2].FloatVal, 2e-4);
  EXPECT_EQ(Toks[3].Kind, K::Float);
  EXPECT_DOUBLE_EQ(Toks[3].FloatVal, 1e10);
  EXPECT_EQ(Toks[4].Kind, K::Float); // 16.0
  EXPECT_EQ(Toks[5].Kind, K::Dot);
  EXPECT_EQ(Toks[6].Kind, K::Ident);
  // `1.` is not a float: `1.max` is a method on an Int.
  EXPECT_EQ(Toks[9].Kind, K::Int);
  EXPECT_EQ(Toks[10].Kind, K::Dot);
}

TEST(LexerTest, IntegersWithSuffixesAndHex) {
  std::vector<Diagnostic> Errs;
  auto Toks = lex("10i32 5usize 0xff 0x10 1_000", Errs);
  ASSERT_TRUE(Errs.empty());
  EXPECT_EQ(Toks[0].IntVal, 10);
  EXPECT_EQ(Toks[1].IntVal, 5);
  EXPECT_EQ(Toks[2].IntVal, 255);
  EXPECT_EQ(Toks[3].IntVal, 16);
  EXPECT_EQ(Toks[4].IntVal, 1000);
}

TEST(LexerTest, IntegerOverflow) {
  std::vector<Diagnostic> Errs;
  auto Toks = lex("9223372036854775807 9223372036854775808", Errs);
  EXPECT_TRUE(Errs.empty());
  EXPECT_EQ(Toks[0].IntVal, INT64_MAX);
  EXPECT_TRUE(Toks[1].IntIsMinMagnitude); // the parser decides
  lex("9223372036854775809", Errs);
  ASSERT_EQ(Errs.size(), 1u);
  EXPECT_EQ(Errs[0].Message, "Syntax error: integer literal is too large");
}

TEST(LexerTest, StringEscapes) {
  std::vector<Diagnostic> Errs;
  auto Toks = lex(R"("a\tb\n\\\"\'\0\u{48}\u{e9}" r"raw \n" r#"with "q""#)", Errs);
  ASSERT_TRUE(Errs.empty());
  EXPECT_EQ(Toks[0].Text, std::string("a\tb\n\\\"'\0H\xC3\xA9", 11));
  EXPECT_EQ(Toks[1].Text, "raw \\n");
  EXPECT_EQ(Toks[2].Text, "with \"q\"");
}

TEST(LexerTest, CharLiteralsAndLabels) {
  std::vector<Diagnostic> Errs;
  auto Toks = lex("'c' '\\n' 'outer: &'static 'é'", Errs);
  ASSERT_TRUE(Errs.empty());
  EXPECT_EQ(Toks[0].Kind, K::Str);
  EXPECT_EQ(Toks[0].Text, "c");
  EXPECT_EQ(Toks[1].Kind, K::Str);
  EXPECT_EQ(Toks[1].Text, "\n");
  EXPECT_EQ(Toks[2].Kind, K::Label);
  EXPECT_EQ(Toks[2].Text, "outer");
  EXPECT_EQ(Toks[3].Kind, K::Colon);
  EXPECT_EQ(Toks[5].Kind, K::Label);
  EXPECT_EQ(Toks[5].Text, "static");
  EXPECT_EQ(Toks[6].Kind, K::Str);
  EXPECT_EQ(Toks[6].Text, "é");
}

TEST(LexerTest, CommentsAndShebang) {
  EXPECT_EQ(kinds("#!/usr/bin/env ruchy\n/* a /* nested */ still */ x // c\n/// doc\ny"),
            (std::vector<K>{K::Ident, K::Ident, K::Eof}));
}

TEST(LexerTest, NewlineFlag) {
  std::vector<Diagnostic> Errs;
  auto Toks = lex("a\n(b) /* x\n */ c d", Errs);
  EXPECT_FALSE(Toks[0].NewlineBefore);
  EXPECT_TRUE(Toks[1].NewlineBefore);
  EXPECT_FALSE(Toks[2].NewlineBefore);
  EXPECT_TRUE(Toks[4].NewlineBefore); // the comment spans a newline
  EXPECT_FALSE(Toks[5].NewlineBefore);
}

TEST(LexerTest, Macros) {
  EXPECT_EQ(kinds("println!(x) vec![1] a != b !c"),
            (std::vector<K>{K::Macro, K::LParen, K::Ident, K::RParen, K::Macro, K::LBracket,
                            K::Int, K::RBracket, K::Ident, K::NotEq, K::Ident, K::Bang,
                            K::Ident, K::Eof}));
}

TEST(LexerTest, FStringHolesWithNestedStrings) {
  std::vector<Diagnostic> Errs;
  std::string Src = R"(f"a {["x", "}"]} b {v:.2} {{c}} {m::f()}")";
  auto Toks = lex(Src, Errs);
  ASSERT_TRUE(Errs.empty());
  ASSERT_EQ(Toks[0].Kind, K::FStr);
  const auto &P = Toks[0].Parts;
  ASSERT_EQ(P.size(), 6u);
  EXPECT_EQ(P[0].Text, "a ");
  EXPECT_TRUE(P[1].IsHole);
  EXPECT_EQ(Src.substr(P[1].ExprBegin, P[1].ExprEnd - P[1].ExprBegin), R"(["x", "}"])");
  EXPECT_EQ(P[2].Text, " b ");
  EXPECT_TRUE(P[3].HasSpec);
  EXPECT_EQ(P[3].SpecText, ".2");
  EXPECT_EQ(P[4].Text, " {c} ");
  EXPECT_FALSE(P[5].HasSpec); // `::` is a path, not a spec
  EXPECT_EQ(Src.substr(P[5].ExprBegin, P[5].ExprEnd - P[5].ExprBegin), "m::f()");
}

TEST(LexerTest, UnterminatedString) {
  std::vector<Diagnostic> Errs;
  lex("let s = \"abc", Errs);
  ASSERT_EQ(Errs.size(), 1u);
  EXPECT_EQ(Errs[0].Message, "Syntax error: unterminated string literal");
  EXPECT_EQ(Errs[0].Loc.Line, 1u);
  EXPECT_EQ(Errs[0].Loc.Col, 9u);
  Errs.clear();
  lex("\"", Errs);
  ASSERT_EQ(Errs.size(), 1u);
}

TEST(LexerTest, UnterminatedComment) {
  std::vector<Diagnostic> Errs;
  lex("x /* /* */", Errs);
  ASSERT_EQ(Errs.size(), 1u);
  EXPECT_EQ(Errs[0].Message, "Syntax error: unterminated block comment");
}

TEST(LexerTest, InvalidUtf8) {
  std::vector<Diagnostic> Errs;
  lex("let a = 1\nlet b = \"\xff\"\n", Errs);
  ASSERT_EQ(Errs.size(), 1u);
  EXPECT_EQ(Errs[0].Message, "Syntax error: invalid UTF-8 in source");
  EXPECT_EQ(Errs[0].Loc.Line, 2u);
  EXPECT_EQ(Errs[0].Loc.Col, 10u);
}

TEST(LexerTest, ValidUtf8Accepted) {
  EXPECT_EQ(findInvalidUtf8("h\xC3\xA9llo \xE2\x98\xBA \xF0\x9F\x98\x80"), 15u);
  EXPECT_EQ(findInvalidUtf8("\xC0\xAF"), 0u);     // overlong
  EXPECT_EQ(findInvalidUtf8("a\xED\xA0\x80"), 1u); // surrogate
}

} // namespace
