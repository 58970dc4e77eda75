//===- runtime/StrMethods.cpp - Str methods ----------------------------------===//
//
// The Str methods of LANGUAGE.md §8. `len` counts bytes (as Rust's
// String::len); character-based methods (chars, char_at) decode UTF-8. Case
// mapping and trimming handle ASCII; other characters pass through.
//
//===----------------------------------------------------------------------===//
#include "runtime/ArrayObject.h"
#include "runtime/MethodTable.h"
#include "runtime/Methods.h"
#include "runtime/Object.h"
#include "runtime/StrObject.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <clocale>
#include <cwctype>
#include <locale.h>
#include <string>
#include <wctype.h>

namespace ruchy {

namespace {

bool isSpace(unsigned char C) {
  return C == ' ' || C == '\t' || C == '\n' || C == '\r' || C == '\v' ||
         C == '\f';
}

/// Rust's char::is_whitespace (Unicode White_Space) for the code point CP.
bool isUnicodeSpace(uint32_t CP) {
  return (CP >= 0x09 && CP <= 0x0D) || CP == 0x20 || CP == 0x85 ||
         CP == 0xA0 || CP == 0x1680 || (CP >= 0x2000 && CP <= 0x200A) ||
         CP == 0x2028 || CP == 0x2029 || CP == 0x202F || CP == 0x205F ||
         CP == 0x3000;
}

/// Byte length of the UTF-8 character starting at I, or 0 if it is not white
/// space (as trim sees it).
size_t spaceAt(std::string_view S, size_t I) {
  unsigned char C = static_cast<unsigned char>(S[I]);
  if (C < 0x80)
    return isSpace(C) ? 1 : 0;
  size_t Len = C >= 0xF0 ? 4 : C >= 0xE0 ? 3 : C >= 0xC0 ? 2 : 0;
  if (Len == 0 || I + Len > S.size())
    return 0;
  uint32_t CP = C & (0xFF >> (Len + 1));
  for (size_t K = 1; K < Len; ++K)
    CP = (CP << 6) | (static_cast<unsigned char>(S[I + K]) & 0x3F);
  return isUnicodeSpace(CP) ? Len : 0;
}

/// Byte length of the white-space character ending just before Hi, or 0.
size_t spaceBefore(std::string_view S, size_t Hi) {
  size_t I = Hi - 1;
  while (I > 0 && (static_cast<unsigned char>(S[I]) & 0xC0) == 0x80 && Hi - I < 4)
    --I;
  size_t Len = spaceAt(S, I);
  return I + Len == Hi ? Len : 0;
}

std::string_view strArg(int Id, const Value *Args, size_t I, SiteId Site) {
  requireKind(methodName(Id), Args[I], Kind::Str, "a Str", Site);
  return Args[I].S->view();
}

Value strVal(std::string_view S) { return Value::str(newStr(S)); }

/// Maps the case of every character of S (Rust's to_uppercase/to_lowercase
/// for one-to-one mappings). Malformed UTF-8 bytes pass through unchanged.
std::string mapCase(std::string_view S, bool Upper) {
  static locale_t Utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
  std::string Out;
  Out.reserve(S.size());
  size_t I = 0;
  while (I < S.size()) {
    unsigned char C = static_cast<unsigned char>(S[I]);
    if (C < 0x80) {
      Out += static_cast<char>(Upper ? std::toupper(C) : std::tolower(C));
      ++I;
      continue;
    }
    size_t Len = C >= 0xF0 ? 4 : C >= 0xE0 ? 3 : C >= 0xC0 ? 2 : 1;
    if (Len == 1 || I + Len > S.size() || !Utf8) {
      Out.append(S.substr(I, Len == 1 ? 1 : std::min(Len, S.size() - I)));
      I += Len == 1 ? 1 : std::min(Len, S.size() - I);
      continue;
    }
    uint32_t CP = C & (0xFF >> (Len + 1));
    for (size_t K = 1; K < Len; ++K)
      CP = (CP << 6) | (static_cast<unsigned char>(S[I + K]) & 0x3F);
    uint32_t M = static_cast<uint32_t>(
        Upper ? towupper_l(static_cast<wint_t>(CP), Utf8)
              : towlower_l(static_cast<wint_t>(CP), Utf8));
    if (M < 0x80)
      Out += static_cast<char>(M);
    else if (M < 0x800) {
      Out += static_cast<char>(0xC0 | (M >> 6));
      Out += static_cast<char>(0x80 | (M & 0x3F));
    } else if (M < 0x10000) {
      Out += static_cast<char>(0xE0 | (M >> 12));
      Out += static_cast<char>(0x80 | ((M >> 6) & 0x3F));
      Out += static_cast<char>(0x80 | (M & 0x3F));
    } else {
      Out += static_cast<char>(0xF0 | (M >> 18));
      Out += static_cast<char>(0x80 | ((M >> 12) & 0x3F));
      Out += static_cast<char>(0x80 | ((M >> 6) & 0x3F));
      Out += static_cast<char>(0x80 | (M & 0x3F));
    }
    I += Len;
  }
  return Out;
}

/// Appends S's characters as one-character strings.
void pushChars(Array *Out, std::string_view S) {
  size_t I = 0;
  while (I < S.size()) {
    size_t J = I + 1;
    while (J < S.size() && (static_cast<unsigned char>(S[J]) & 0xC0) == 0x80)
      ++J;
    arrayPush(Out, strVal(S.substr(I, J - I)));
    I = J;
  }
}

Value splitWhitespace(std::string_view S) {
  Array *Out = newArray(0);
  size_t I = 0;
  while (I < S.size()) {
    while (I < S.size() && isSpace(static_cast<unsigned char>(S[I])))
      ++I;
    size_t J = I;
    while (J < S.size() && !isSpace(static_cast<unsigned char>(S[J])))
      ++J;
    if (J > I)
      arrayPush(Out, strVal(S.substr(I, J - I)));
    I = J;
  }
  return Value::array(Out);
}

Value split(std::string_view S, std::string_view Sep) {
  Array *Out = newArray(0);
  if (Sep.empty()) {
    // Rust: "ab".split("") gives ["", "a", "b", ""].
    arrayPush(Out, strVal(""));
    pushChars(Out, S);
    arrayPush(Out, strVal(""));
    return Value::array(Out);
  }
  size_t Pos = 0;
  while (true) {
    size_t Hit = S.find(Sep, Pos);
    if (Hit == std::string_view::npos) {
      arrayPush(Out, strVal(S.substr(Pos)));
      break;
    }
    arrayPush(Out, strVal(S.substr(Pos, Hit - Pos)));
    Pos = Hit + Sep.size();
  }
  return Value::array(Out);
}

Value lines(std::string_view S) {
  Array *Out = newArray(0);
  size_t Pos = 0;
  while (Pos < S.size()) {
    size_t End = S.find('\n', Pos);
    size_t Next = End == std::string_view::npos ? S.size() : End + 1;
    if (End == std::string_view::npos)
      End = S.size();
    size_t LineEnd = End;
    if (LineEnd > Pos && S[LineEnd - 1] == '\r')
      --LineEnd;
    arrayPush(Out, strVal(S.substr(Pos, LineEnd - Pos)));
    Pos = Next;
  }
  return Value::array(Out);
}

std::string replaceAll(std::string_view S, std::string_view From,
                       std::string_view To) {
  std::string Out;
  if (From.empty()) {
    // Rust inserts To before every character and at the end.
    size_t I = 0;
    Out.append(To);
    while (I < S.size()) {
      size_t J = I + 1;
      while (J < S.size() && (static_cast<unsigned char>(S[J]) & 0xC0) == 0x80)
        ++J;
      Out.append(S.substr(I, J - I));
      Out.append(To);
      I = J;
    }
    return Out;
  }
  size_t Pos = 0;
  while (true) {
    size_t Hit = S.find(From, Pos);
    if (Hit == std::string_view::npos) {
      Out.append(S.substr(Pos));
      return Out;
    }
    Out.append(S.substr(Pos, Hit - Pos));
    Out.append(To);
    Pos = Hit + From.size();
  }
}

} // namespace

Value callStrMethod(int Id, Value Recv, const Value *Args, size_t N,
                    SiteId Site) {
  const Str *S = Recv.S;
  std::string_view T = S->view();
  switch (Id) {
  case M_len:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::integer(S->Len);
  case M_is_empty:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(S->Len == 0);
  case M_to_uppercase:
  case M_to_lowercase: {
    checkMethodArity(Id, N, 0, 0, Site);
    return strVal(mapCase(T, Id == M_to_uppercase));
  }
  case M_trim:
  case M_trim_start:
  case M_trim_end: {
    checkMethodArity(Id, N, 0, 0, Site);
    size_t Lo = 0, Hi = T.size();
    if (Id != M_trim_end)
      while (Lo < Hi) {
        size_t L = spaceAt(T, Lo);
        if (L == 0)
          break;
        Lo += L;
      }
    if (Id != M_trim_start)
      while (Hi > Lo) {
        size_t L = spaceBefore(T, Hi);
        if (L == 0 || Hi - L < Lo)
          break;
        Hi -= L;
      }
    if (Lo == 0 && Hi == T.size())
      return Recv;
    return strVal(T.substr(Lo, Hi - Lo));
  }
  case M_chars: {
    checkMethodArity(Id, N, 0, 0, Site);
    Array *Out = newArray(0);
    pushChars(Out, T);
    return Value::array(Out);
  }
  case M_bytes: {
    checkMethodArity(Id, N, 0, 0, Site);
    Array *Out = newArray(static_cast<int64_t>(T.size()));
    for (unsigned char C : T)
      arrayPush(Out, Value::integer(C));
    return Value::array(Out);
  }
  case M_lines:
    checkMethodArity(Id, N, 0, 0, Site);
    return lines(T);
  case M_split:
    checkMethodArity(Id, N, 0, 1, Site);
    if (N == 0)
      return splitWhitespace(T);
    return split(T, strArg(Id, Args, 0, Site));
  case M_split_whitespace:
    checkMethodArity(Id, N, 0, 0, Site);
    return splitWhitespace(T);
  case M_contains:
    checkMethodArity(Id, N, 1, 1, Site);
    return Value::boolean(T.find(strArg(Id, Args, 0, Site)) !=
                          std::string_view::npos);
  case M_starts_with:
    checkMethodArity(Id, N, 1, 1, Site);
    return Value::boolean(T.starts_with(strArg(Id, Args, 0, Site)));
  case M_ends_with:
    checkMethodArity(Id, N, 1, 1, Site);
    return Value::boolean(T.ends_with(strArg(Id, Args, 0, Site)));
  case M_find: {
    checkMethodArity(Id, N, 1, 1, Site);
    size_t Hit = T.find(strArg(Id, Args, 0, Site));
    return Hit == std::string_view::npos
               ? Value::nil()
               : Value::integer(static_cast<int64_t>(Hit));
  }
  case M_replace:
    checkMethodArity(Id, N, 2, 2, Site);
    return strVal(
        replaceAll(T, strArg(Id, Args, 0, Site), strArg(Id, Args, 1, Site)));
  case M_repeat:
    checkMethodArity(Id, N, 1, 1, Site);
    requireKind("repeat", Args[0], Kind::Int, "an Int", Site);
    return Value::str(strRepeat(S, Args[0].I));
  case M_char_at: {
    checkMethodArity(Id, N, 1, 1, Site);
    requireKind("char_at", Args[0], Kind::Int, "an Int", Site);
    int64_t Count = strCharCount(S);
    int64_t I = Args[0].I;
    if (!normalizeIndex(I, Count))
      raiseError(Site, "Index " + std::to_string(Args[0].I) +
                           " out of bounds for string of length " +
                           std::to_string(Count));
    return Value::str(strCharAt(S, I));
  }
  case M_parse: {
    checkMethodArity(Id, N, 0, 0, Site);
    int64_t I;
    if (parseIntText(T, I))
      return Value::integer(I);
    double D;
    if (parseFloatText(T, D))
      return Value::real(D);
    raiseParseError(T, "a number", Site);
  }
  case M_as_str:
    checkMethodArity(Id, N, 0, 0, Site);
    return Recv;
  default:
    raiseNoMethod(Id, Recv, Site);
  }
}

} // namespace ruchy
