//===- runtime/StrObject.h - String operations -------------------*- C++ -*-===//
//
// Concatenation (in place when the left string owns the end of its buffer,
// so building a string in a loop is linear), character counting and
// character indexing for UTF-8 text.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_STROBJECT_H
#define RUCHY_RUNTIME_STROBJECT_H

#include "runtime/Object.h"

#include <string_view>

namespace ruchy {

Str *strConcat(const Str *L, std::string_view R);
/// Number of characters (code points).
int64_t strCharCount(const Str *S);
/// Byte offset of character I (I may equal the count: the end).
int64_t strCharOffset(const Str *S, int64_t I);
/// Character I as a one-character string (I already normalized, checked).
Str *strCharAt(const Str *S, int64_t I);

/// True when every byte is ASCII (cached in S->Ascii).
bool strIsAscii(const Str *S);
/// A new string holding bytes [ByteLo, ByteHi) of S.
Str *strSliceBytes(const Str *S, int64_t ByteLo, int64_t ByteHi);
/// `s * n`: S repeated N times (N <= 0 gives "").
Str *strRepeat(const Str *S, int64_t N);

} // namespace ruchy

#endif
