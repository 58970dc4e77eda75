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
#include <vector>

namespace ruchy {

/// Arguments that fit in a signature word; longer calls get TooLongSig.
constexpr size_t MaxSignatureArgs = 15;
constexpr uint64_t TooLongSig = ~0ULL - 1;

/// The 4 bits of argument I's kind in a signature word (bits 0-3 hold the
/// argument count).
inline uint64_t signatureArg(size_t I, Kind K) {
  return static_cast<uint64_t>(K) << (4 * (I + 1));
}
inline Kind signatureArgKind(uint64_t Sig, size_t I) {
  return static_cast<Kind>((Sig >> (4 * (I + 1))) & 0xF);
}

inline uint64_t makeSignature(const Value *Args, size_t N) {
  if (N > MaxSignatureArgs)
    return TooLongSig;
  uint64_t Sig = N;
  for (size_t I = 0; I < N; ++I)
    Sig |= signatureArg(I, Args[I].K);
  return Sig;
}

/// The signature of arguments of these kinds, and back.
inline uint64_t signatureOfKinds(const std::vector<Kind> &Kinds) {
  if (Kinds.size() > MaxSignatureArgs)
    return TooLongSig;
  uint64_t Sig = Kinds.size();
  for (size_t I = 0; I < Kinds.size(); ++I)
    Sig |= signatureArg(I, Kinds[I]);
  return Sig;
}
inline std::vector<Kind> signatureKinds(uint64_t Sig) {
  std::vector<Kind> Kinds(Sig & 0xF);
  for (size_t I = 0; I < Kinds.size(); ++I)
    Kinds[I] = signatureArgKind(Sig, I);
  return Kinds;
}

/// "(Int, Float)".
std::string signatureText(uint64_t Sig);

} // namespace ruchy

#endif
