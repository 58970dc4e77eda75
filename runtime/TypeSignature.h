//===- runtime/TypeSignature.h - Argument-kind signatures --------*- C++ -*-===//
//
// The kinds of a call's arguments packed into one word, 4 bits per argument
// (up to 15 arguments; longer calls share one "too long" signature). This is
// the key of the method cache and what type feedback records per function.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_TYPESIGNATURE_H
#define RUCHY_RUNTIME_TYPESIGNATURE_H

#include "runtime/Value.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ruchy {

/// Arguments that fit in a signature word; longer calls get TooLongSig.
constexpr size_t MaxSignatureArgs = 15;
constexpr uint64_t TooLongSig = ~0ULL - 1;

inline uint64_t makeSignature(const Value *Args, size_t N) {
  if (N > MaxSignatureArgs)
    return TooLongSig;
  uint64_t Sig = N;
  for (size_t I = 0; I < N; ++I)
    Sig |= static_cast<uint64_t>(Args[I].K) << (4 * (I + 1));
  return Sig;
}

/// "(Int, Float)".
std::string signatureText(uint64_t Sig);

} // namespace ruchy

#endif
