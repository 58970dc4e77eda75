//===- runtime/StrObject.cpp - String operations -----------------------------===//
//
// Concatenation appends in place when the left string ends exactly where its
// buffer's used bytes end: no other Str can see bytes past Used, so writing
// there changes nothing anyone observes. Otherwise it copies into a new
// buffer, with spare room when the left string was such a tail owner (the
// `s = s + t` loop pattern), so repeated appends are amortized linear.
//
//===----------------------------------------------------------------------===//
#include "runtime/StrObject.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace ruchy {

namespace {

/// Smallest buffer given to a string that is being grown by appends: tiny
/// appends to tiny strings would otherwise reallocate every few steps.
constexpr int64_t MinGrowCapacity = 32;

StrBuf *newBuf(int64_t Cap) {
  auto *Buf = static_cast<StrBuf *>(
      gcAllocAtomic(sizeof(StrBuf) + static_cast<size_t>(Cap) + 1));
  Buf->Used = 0;
  Buf->Cap = Cap;
  return Buf;
}

Str *newStrOn(StrBuf *Buf, int64_t Len) {
  auto *S = static_cast<Str *>(gcAlloc(sizeof(Str)));
  S->Len = Len;
  S->Buf = Buf;
  S->Ascii = -1;
  return S;
}

inline bool isContinuation(unsigned char C) { return (C & 0xC0) == 0x80; }

} // namespace

Str *strConcat(const Str *L, std::string_view R) {
  int64_t RLen = static_cast<int64_t>(R.size());
  int64_t Total = L->Len + RLen;
  StrBuf *Buf = L->Buf;
  bool OwnsTail = L->Len == Buf->Used;
  if (OwnsTail && Total <= Buf->Cap) {
    std::memcpy(Buf->Data + Buf->Used, R.data(), R.size());
    Buf->Used = Total;
    Buf->Data[Total] = '\0';
    Str *S = newStrOn(Buf, Total);
    if (L->Ascii == 1 && RLen == 0)
      S->Ascii = 1;
    return S;
  }
  int64_t Cap = OwnsTail ? std::max(MinGrowCapacity, Total * 2) : Total;
  StrBuf *NB = newBuf(Cap);
  std::memcpy(NB->Data, L->data(), static_cast<size_t>(L->Len));
  std::memcpy(NB->Data + L->Len, R.data(), R.size());
  NB->Used = Total;
  NB->Data[Total] = '\0';
  return newStrOn(NB, Total);
}

bool strIsAscii(const Str *S) {
  if (S->Ascii >= 0)
    return S->Ascii == 1;
  bool Ascii = true;
  const unsigned char *P = reinterpret_cast<const unsigned char *>(S->data());
  for (int64_t I = 0; I < S->Len; ++I)
    if (P[I] >= 0x80) {
      Ascii = false;
      break;
    }
  // A cache of an immutable property: writing it through const is benign.
  const_cast<Str *>(S)->Ascii = Ascii ? 1 : 0;
  return Ascii;
}

int64_t strCharCount(const Str *S) {
  if (strIsAscii(S))
    return S->Len;
  int64_t N = 0;
  const unsigned char *P = reinterpret_cast<const unsigned char *>(S->data());
  for (int64_t I = 0; I < S->Len; ++I)
    N += !isContinuation(P[I]);
  return N;
}

int64_t strCharOffset(const Str *S, int64_t I) {
  if (strIsAscii(S))
    return std::min(I, S->Len);
  const unsigned char *P = reinterpret_cast<const unsigned char *>(S->data());
  int64_t Seen = 0;
  for (int64_t B = 0; B < S->Len; ++B) {
    if (isContinuation(P[B]))
      continue;
    if (Seen == I)
      return B;
    ++Seen;
  }
  return S->Len;
}

Str *strSliceBytes(const Str *S, int64_t ByteLo, int64_t ByteHi) {
  return newStr(std::string_view(S->data() + ByteLo,
                                 static_cast<size_t>(ByteHi - ByteLo)));
}

Str *strCharAt(const Str *S, int64_t I) {
  if (strIsAscii(S))
    return strSliceBytes(S, I, I + 1);
  int64_t Lo = strCharOffset(S, I);
  int64_t Hi = Lo + 1;
  const unsigned char *P = reinterpret_cast<const unsigned char *>(S->data());
  while (Hi < S->Len && isContinuation(P[Hi]))
    ++Hi;
  return strSliceBytes(S, Lo, Hi);
}

Str *strRepeat(const Str *S, int64_t N) {
  if (N <= 0 || S->Len == 0)
    return newStr("");
  int64_t Total;
  // An impossible size fails allocation: the usual out-of-memory error.
  if (__builtin_mul_overflow(S->Len, N, &Total))
    Total = std::numeric_limits<int64_t>::max() / 2;
  StrBuf *Buf = newBuf(Total);
  for (int64_t I = 0; I < N; ++I)
    std::memcpy(Buf->Data + I * S->Len, S->data(), static_cast<size_t>(S->Len));
  Buf->Used = Total;
  Buf->Data[Total] = '\0';
  return newStrOn(Buf, Total);
}

} // namespace ruchy
