//===- runtime/TypeSignature.cpp - Signature text --------------------------===//
//
// Renders a packed argument-kind signature for reports: "(Int, Float)".
//
//===----------------------------------------------------------------------===//
#include "runtime/TypeSignature.h"

namespace ruchy {

std::string signatureText(uint64_t Sig) {
  if (Sig == TooLongSig)
    return "(...)";
  size_t N = Sig & 0xF;
  std::string Out = "(";
  for (size_t I = 0; I < N; ++I) {
    if (I)
      Out += ", ";
    Kind K = signatureArgKind(Sig, I);
    Out += static_cast<unsigned>(K) < NumKinds ? kindName(K) : "?";
  }
  Out += ")";
  return Out;
}

} // namespace ruchy
