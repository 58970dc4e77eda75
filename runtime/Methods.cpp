//===- runtime/Methods.cpp - Method lookup and dispatch ----------------------===//
//
// Numbers method names once (the resolver calls lookupMethod) and dispatches
// calls on the receiver's kind to StrMethods.cpp, ArrayMethods.cpp,
// MapMethods.cpp and NumberMethods.cpp. Methods every kind shares (the
// Option-like unwrap family, to_string, clone) and the small Tuple, Range
// and Struct method sets live here, with the argument checks and number
// helpers that builtin functions share.
//
//===----------------------------------------------------------------------===//
#include "runtime/Methods.h"
#include "runtime/ArrayObject.h"
#include "runtime/Format.h"
#include "runtime/MapObject.h"
#include "runtime/MethodTable.h"
#include "runtime/Object.h"
#include "runtime/Operations.h"
#include "runtime/StrObject.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace ruchy {

namespace {

const char *const MethodNames[] = {
#define RUCHY_METHOD_NAME(N) #N,
    RUCHY_METHODS(RUCHY_METHOD_NAME)
#undef RUCHY_METHOD_NAME
};

std::string arityText(size_t N, int Min, int Max) {
  std::string Expect = Min == Max ? std::to_string(Min)
                       : Max < 0  ? "at least " + std::to_string(Min)
                                  : std::to_string(Min) + " to " + std::to_string(Max);
  return " expects " + Expect + " arguments, got " + std::to_string(N);
}

/// Number of elements of a range (0 when empty), saturating.
int64_t rangeLen(const Range *R) {
  int64_t Hi = R->Hi;
  if (R->Inclusive ? R->Lo > Hi : R->Lo >= Hi)
    return 0;
  uint64_t Count = static_cast<uint64_t>(Hi) - static_cast<uint64_t>(R->Lo) +
                   (R->Inclusive ? 1 : 0);
  return Count > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
             ? std::numeric_limits<int64_t>::max()
             : static_cast<int64_t>(Count);
}

Value callTupleMethod(int Id, Value Recv, const Value *Args, size_t N,
                      SiteId Site) {
  switch (Id) {
  case M_len:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::integer(Recv.T->Len);
  case M_contains:
    checkMethodArity(Id, N, 1, 1, Site);
    for (int64_t I = 0; I < Recv.T->Len; ++I)
      if (valuesEqual(Recv.T->Elems[I], Args[0]))
        return Value::boolean(true);
    return Value::boolean(false);
  default:
    raiseNoMethod(Id, Recv, Site);
  }
}

Value callRangeMethod(int Id, Value Recv, const Value *Args, size_t N,
                      SiteId Site) {
  const Range *R = Recv.R;
  switch (Id) {
  case M_len:
  case M_count:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::integer(rangeLen(R));
  case M_is_empty:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(rangeLen(R) == 0);
  case M_contains: {
    checkMethodArity(Id, N, 1, 1, Site);
    Value X = Args[0];
    if (!X.isNumber())
      return Value::boolean(false);
    Value Lo = Value::integer(R->Lo), Hi = Value::integer(R->Hi);
    bool Above = compareValues(X, Lo, "<", Site) >= 0;
    int C = compareValues(X, Hi, "<", Site);
    return Value::boolean(Above && (R->Inclusive ? C <= 0 : C < 0));
  }
  case M_iter:
    checkMethodArity(Id, N, 0, 0, Site);
    return Recv;
  default:
    // Every other method sees the range as the array of its elements:
    // (0..n).map(f), (0..n).rev(), (1..=5).sum(), ...
    return callArrayMethod(Id, Value::array(arrayFromRange(R)), Args, N, Site);
  }
}

Value callStructMethod(int Id, Value Recv, const Value *, size_t,
                       SiteId Site) {
  raiseNoMethod(Id, Recv, Site);
}

} // namespace

int lookupMethod(std::string_view Name) {
  for (int I = 0; I < NumMethodIds; ++I)
    if (Name == MethodNames[I])
      return I;
  return -1;
}

const char *methodName(int Id) {
  return Id >= 0 && Id < NumMethodIds ? MethodNames[Id] : "?";
}

void raiseNoMethod(int Id, Value Recv, SiteId Site) {
  const char *KindText = Recv.K == Kind::Struct ? structName(Recv.St)
                                                : kindName(Recv.K);
  raiseError(Site, std::string("Type error: ") + KindText + " has no method '" +
                       methodName(Id) + "'");
}

void checkMethodArity(int Id, size_t N, int Min, int Max, SiteId Site) {
  if (N < static_cast<size_t>(Min) || (Max >= 0 && N > static_cast<size_t>(Max)))
    raiseArity("Method", methodName(Id), N, Min, Max, Site);
}

void raiseArity(const char *What, const char *Name, size_t N, int Min, int Max,
                SiteId Site) {
  raiseError(Site, std::string(What) + " " + Name + arityText(N, Min, Max));
}

void raiseArgKind(const char *Name, const char *Expected, Value Got,
                  SiteId Site) {
  raiseError(Site, std::string("Type error: ") + Name + " expects " + Expected +
                       ", got " + kindName(Got.K));
}

Value valueMax(Value A, Value B, SiteId Site) {
  return compareValues(B, A, "max", Site) >= 0 ? B : A;
}

Value valueMin(Value A, Value B, SiteId Site) {
  return compareValues(B, A, "min", Site) < 0 ? B : A;
}

Value valueAbs(Value V, const char *Name, SiteId Site) {
  if (V.K == Kind::Int) {
    if (V.I == std::numeric_limits<int64_t>::min())
      raiseError(Site, "Integer overflow in negation");
    return Value::integer(V.I < 0 ? -V.I : V.I);
  }
  if (V.K == Kind::Float)
    return Value::real(std::fabs(V.F));
  raiseArgKind(Name, "a number", V, Site);
}

bool parseIntText(std::string_view Text, int64_t &Out) {
  const char *P = Text.data();
  const char *End = P + Text.size();
  if (P < End && *P == '+')
    ++P;
  if (P == End)
    return false;
  auto Res = std::from_chars(P, End, Out);
  return Res.ec == std::errc() && Res.ptr == End;
}

bool parseFloatText(std::string_view Text, double &Out) {
  const char *P = Text.data();
  const char *End = P + Text.size();
  bool Neg = false;
  if (P < End && (*P == '+' || *P == '-')) {
    Neg = *P == '-';
    ++P;
  }
  if (P == End)
    return false;
  std::string_view Rest(P, static_cast<size_t>(End - P));
  // Rust accepts inf, infinity and NaN in any case.
  auto eqNoCase = [](std::string_view A, const char *B) {
    size_t L = std::strlen(B);
    if (A.size() != L)
      return false;
    for (size_t I = 0; I < L; ++I)
      if (std::tolower(static_cast<unsigned char>(A[I])) != B[I])
        return false;
    return true;
  };
  if (eqNoCase(Rest, "inf") || eqNoCase(Rest, "infinity")) {
    Out = Neg ? -INFINITY : INFINITY;
    return true;
  }
  if (eqNoCase(Rest, "nan")) {
    Out = NAN;
    return true;
  }
  // from_chars rejects a leading sign (handled) but accepts "1." and ".5",
  // as Rust does.
  double D;
  auto Res = std::from_chars(P, End, D, std::chars_format::general);
  if (Res.ec == std::errc::result_out_of_range) {
    Out = 0; // handled below by strtod semantics: overflow gives inf
    std::string Copy(Text);
    Out = std::strtod(Copy.c_str(), nullptr);
    return true;
  }
  if (Res.ec != std::errc() || Res.ptr != End)
    return false;
  Out = Neg ? -D : D;
  return true;
}

void raiseParseError(std::string_view Text, const char *As, SiteId Site) {
  std::string Quoted = toText(Value::str(newStr(Text)), TextStyle::Debug);
  raiseError(Site, "Cannot parse " + Quoted + " as " + As);
}

Value callMethod(int Id, Value Recv, const Value *Args, size_t N, SiteId Site) {
  // Methods every kind has.
  switch (Id) {
  case M_to_string:
    checkMethodArity(Id, N, 0, 0, Site);
    if (Recv.K == Kind::Str)
      return Recv;
    return Value::str(newStr(toText(Recv, TextStyle::Plain)));
  case M_clone:
  case M_to_owned:
    checkMethodArity(Id, N, 0, 0, Site);
    switch (Recv.K) {
    case Kind::Array:
      return Value::array(arrayClone(Recv.A));
    case Kind::Map:
      return Value::map(mapClone(Recv.M));
    case Kind::Struct: {
      size_t NF = structFieldCount(Recv.St);
      StructObj *S = newStructObj(Recv.St->Decl, NF);
      for (size_t I = 0; I < NF; ++I)
        S->Fields[I] = Recv.St->Fields[I];
      return Value::structObj(S);
    }
    default:
      return Recv; // immutable values are their own copies
    }
  case M_unwrap:
    checkMethodArity(Id, N, 0, 0, Site);
    if (Recv.isNil())
      raiseError(Site, "Called unwrap on nil");
    return Recv;
  case M_expect:
    checkMethodArity(Id, N, 1, 1, Site);
    if (Recv.isNil())
      raiseError(Site, toText(Args[0], TextStyle::Display));
    return Recv;
  case M_unwrap_or:
    checkMethodArity(Id, N, 1, 1, Site);
    return Recv.isNil() ? Args[0] : Recv;
  case M_is_some:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(!Recv.isNil());
  case M_is_none:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(Recv.isNil());
  default:
    break;
  }
  switch (Recv.K) {
  case Kind::Int:
    return callIntMethod(Id, Recv, Args, N, Site);
  case Kind::Float:
    return callFloatMethod(Id, Recv, Args, N, Site);
  case Kind::Str:
    return callStrMethod(Id, Recv, Args, N, Site);
  case Kind::Array:
    return callArrayMethod(Id, Recv, Args, N, Site);
  case Kind::Map:
    return callMapMethod(Id, Recv, Args, N, Site);
  case Kind::Tuple:
    return callTupleMethod(Id, Recv, Args, N, Site);
  case Kind::Range:
    return callRangeMethod(Id, Recv, Args, N, Site);
  case Kind::Struct:
    return callStructMethod(Id, Recv, Args, N, Site);
  default:
    raiseNoMethod(Id, Recv, Site);
  }
}

} // namespace ruchy
