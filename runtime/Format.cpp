//===- runtime/Format.cpp - Display text and formatting ----------------------===//
//
// LANGUAGE.md §7 byte for byte: display, debug, plain and f-string text of
// every kind, the float rendering (shortest round-trip digits, never an
// exponent), Rust format specs, and the println() function-form rules.
//
//===----------------------------------------------------------------------===//
#include "runtime/Format.h"
#include "runtime/ArrayObject.h"
#include "runtime/MapObject.h"
#include "runtime/Object.h"
#include "runtime/StrObject.h"

#include "frontend/AST.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>

namespace ruchy {

namespace {

/// Containers nested deeper than this print as "..." instead of recursing:
/// a container that contains itself (possible with reference semantics)
/// must not crash the printer.
constexpr int MaxFormatDepth = 256;

/// Renders D (finite) from its shortest round-trip digits, positionally.
void appendFloatImpl(std::string &Out, double D, bool Plain) {
  if (std::isnan(D)) {
    Out += "NaN";
    return;
  }
  if (std::isinf(D)) {
    Out += D > 0 ? "inf" : "-inf";
    return;
  }
  char Buf[64];
  auto Res = std::to_chars(Buf, Buf + sizeof Buf, D, std::chars_format::scientific);
  const char *P = Buf;
  const char *End = Res.ptr;
  if (*P == '-') {
    Out += '-';
    ++P;
  }
  // Mantissa digits without the point, then the decimal exponent.
  char Digits[32];
  int NumDigits = 0;
  while (P < End && *P != 'e') {
    if (*P != '.')
      Digits[NumDigits++] = *P;
    ++P;
  }
  int Exp = 0;
  if (P < End && *P == 'e')
    std::from_chars(P + 1 + (P[1] == '+' ? 1 : 0), End, Exp);
  // Strip trailing zeros of the mantissa ("0e+00" -> "0").
  while (NumDigits > 1 && Digits[NumDigits - 1] == '0')
    --NumDigits;
  int Point = Exp + 1; // digits before the decimal point
  if (Point <= 0) {
    Out += "0.";
    Out.append(static_cast<size_t>(-Point), '0');
    Out.append(Digits, static_cast<size_t>(NumDigits));
  } else if (Point >= NumDigits) {
    Out.append(Digits, static_cast<size_t>(NumDigits));
    Out.append(static_cast<size_t>(Point - NumDigits), '0');
    if (!Plain)
      Out += ".0";
  } else {
    Out.append(Digits, static_cast<size_t>(Point));
    Out += '.';
    Out.append(Digits + Point, static_cast<size_t>(NumDigits - Point));
  }
}

void appendInt(std::string &Out, int64_t I) {
  char Buf[24];
  auto Res = std::to_chars(Buf, Buf + sizeof Buf, I);
  Out.append(Buf, Res.ptr);
}

/// Rust's escape_debug for a string's characters, inside double quotes.
void appendQuoted(std::string &Out, std::string_view S) {
  Out += '"';
  for (unsigned char C : S) {
    switch (C) {
    case '"': Out += "\\\""; break;
    case '\\': Out += "\\\\"; break;
    case '\n': Out += "\\n"; break;
    case '\r': Out += "\\r"; break;
    case '\t': Out += "\\t"; break;
    case '\0': Out += "\\0"; break;
    default:
      if (C < 0x20 || C == 0x7f) {
        Out += fmt::format("\\u{{{:x}}}", static_cast<unsigned>(C));
      } else {
        Out += static_cast<char>(C);
      }
    }
  }
  Out += '"';
}

void appendValue(std::string &Out, Value V, TextStyle Style, bool Nested,
                 int Depth);

void appendElem(std::string &Out, Value V, TextStyle Style, int Depth) {
  appendValue(Out, V, Style, true, Depth + 1);
}

void appendValue(std::string &Out, Value V, TextStyle Style, bool Nested,
                 int Depth) {
  switch (V.K) {
  case Kind::Nil:
    Out += "nil";
    return;
  case Kind::Undef:
    Out += "<undefined>";
    return;
  case Kind::Bool:
    Out += V.B ? "true" : "false";
    return;
  case Kind::Int:
    appendInt(Out, V.I);
    return;
  case Kind::Float:
    appendFloatImpl(Out, V.F, Style == TextStyle::Plain && !Nested);
    return;
  case Kind::Str:
    if (Style == TextStyle::Debug || (Nested && Style != TextStyle::FString))
      appendQuoted(Out, V.S->view());
    else
      Out.append(V.S->view());
    return;
  case Kind::Func:
    Out += "<function>";
    return;
  case Kind::Range:
    appendInt(Out, V.R->Lo);
    Out += V.R->Inclusive ? "..=" : "..";
    appendInt(Out, V.R->Hi);
    return;
  default:
    break;
  }
  if (Depth >= MaxFormatDepth) {
    Out += "...";
    return;
  }
  switch (V.K) {
  case Kind::Array: {
    const Array *A = V.A;
    Out += '[';
    // Re-read Len each step: nothing here mutates, but keep it robust.
    for (int64_t I = 0; I < A->Len; ++I) {
      if (I)
        Out += ", ";
      appendElem(Out, arrayAt(A, I), Style, Depth);
    }
    Out += ']';
    return;
  }
  case Kind::Tuple: {
    const Tuple *T = V.T;
    Out += '(';
    for (int64_t I = 0; I < T->Len; ++I) {
      if (I)
        Out += ", ";
      appendElem(Out, T->Elems[I], Style, Depth);
    }
    if (T->Len == 1)
      Out += ',';
    Out += ')';
    return;
  }
  case Kind::Struct: {
    const StructObj *S = V.St;
    const ast::StructDecl *D = S->Decl;
    Out += D->Name;
    if (D->Fields.empty())
      return;
    Out += " { ";
    for (size_t I = 0; I < D->Fields.size(); ++I) {
      if (I)
        Out += ", ";
      Out += D->Fields[I].Name;
      Out += ": ";
      appendElem(Out, S->Fields[I], Style, Depth);
    }
    Out += " }";
    return;
  }
  case Kind::Map: {
    const Map *M = V.M;
    size_t N = mapLen(M);
    Out += '{';
    for (size_t I = 0; I < N; ++I) {
      if (I)
        Out += ", ";
      appendElem(Out, mapKeyAt(M, I), Style, Depth);
      Out += ": ";
      appendElem(Out, mapValueAt(M, I), Style, Depth);
    }
    Out += '}';
    return;
  }
  default:
    return;
  }
}

size_t charCount(std::string_view S) {
  size_t N = 0;
  for (unsigned char C : S)
    N += (C & 0xC0) != 0x80;
  return N;
}

/// Fixed notation with Prec decimals, rounding like Rust (exact decimal
/// value, ties to even); inf and NaN as display text.
void appendFixed(std::string &Out, double D, int Prec) {
  if (!std::isfinite(D)) {
    appendFloatImpl(Out, D, false);
    return;
  }
  fmt::format_to(std::back_inserter(Out), "{:.{}f}", D, Prec);
}

} // namespace

const char *structName(const StructObj *S) { return S->Decl->Name.c_str(); }
size_t structFieldCount(const StructObj *S) { return S->Decl->Fields.size(); }

void appendFloat(std::string &Out, double D) { appendFloatImpl(Out, D, false); }
void appendFloatPlain(std::string &Out, double D) {
  appendFloatImpl(Out, D, true);
}

void appendText(std::string &Out, Value V, TextStyle Style) {
  appendValue(Out, V, Style, false, 0);
}

std::string toText(Value V, TextStyle Style) {
  std::string Out;
  appendValue(Out, V, Style, false, 0);
  return Out;
}

void appendFormatted(std::string &Out, Value V, const FormatSpec &Spec,
                     TextStyle Style) {
  bool IsNumber = V.isNumber();
  if (Spec.Width < 0 && Spec.Precision < 0 && !Spec.Plus) {
    appendValue(Out, V, Spec.Debug ? TextStyle::Debug : Style, false, 0);
    return;
  }
  std::string Body;
  // {:.N} gives a Float N decimals. In f-strings an Int gets them too
  // (f"{7:.1}" is 7.0); in the macros, as in Rust, it is ignored for an Int.
  if (Spec.Precision >= 0 &&
      (V.K == Kind::Float || (IsNumber && Style == TextStyle::FString))) {
    appendFixed(Body, V.asDouble(), Spec.Precision);
  } else {
    appendValue(Body, V, Spec.Debug ? TextStyle::Debug : Style, false, 0);
    if (Spec.Precision >= 0 && V.K == Kind::Str && !Spec.Debug) {
      // Rust truncates a string to Precision characters.
      size_t Chars = 0, Byte = 0;
      while (Byte < Body.size() && Chars < static_cast<size_t>(Spec.Precision)) {
        ++Byte;
        while (Byte < Body.size() &&
               (static_cast<unsigned char>(Body[Byte]) & 0xC0) == 0x80)
          ++Byte;
        ++Chars;
      }
      Body.resize(Byte);
    }
  }
  if (Spec.Plus && IsNumber && !Body.empty() && Body[0] != '-')
    Body.insert(Body.begin(), '+');
  size_t Len = charCount(Body);
  if (Spec.Width < 0 || Len >= static_cast<size_t>(Spec.Width)) {
    Out += Body;
    return;
  }
  size_t Pad = static_cast<size_t>(Spec.Width) - Len;
  if (Spec.ZeroPad && IsNumber) {
    // Sign-aware: the sign stays in front of the zeros.
    size_t SignLen = (!Body.empty() && (Body[0] == '-' || Body[0] == '+')) ? 1 : 0;
    Out.append(Body, 0, SignLen);
    Out.append(Pad, '0');
    Out.append(Body, SignLen, std::string::npos);
    return;
  }
  char Align = Spec.Align ? Spec.Align : (IsNumber ? '>' : '<');
  size_t Left = Align == '>' ? Pad : (Align == '^' ? Pad / 2 : 0);
  size_t Right = Pad - Left;
  Out.append(Left, Spec.Fill);
  Out += Body;
  Out.append(Right, Spec.Fill);
}

std::string formatPrintArgs(const Value *Args, size_t N) {
  std::string Out;
  if (N == 0)
    return Out;
  if (Args[0].K == Kind::Str) {
    std::string_view Fmt = Args[0].S->view();
    if (Fmt.find("{}") != std::string_view::npos) {
      size_t Next = 1;
      size_t Pos = 0;
      while (Pos < Fmt.size()) {
        size_t Hole = Fmt.find("{}", Pos);
        if (Hole == std::string_view::npos || Next >= N) {
          Out.append(Fmt.substr(Pos));
          break;
        }
        Out.append(Fmt.substr(Pos, Hole - Pos));
        appendValue(Out, Args[Next++], TextStyle::Display, false, 0);
        Pos = Hole + 2;
      }
      return Out;
    }
  }
  for (size_t I = 0; I < N; ++I) {
    if (I)
      Out += ' ';
    appendValue(Out, Args[I], TextStyle::Display, false, 0);
  }
  return Out;
}

} // namespace ruchy
