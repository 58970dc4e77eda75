//===- runtime/MapMethods.cpp - Map methods ----------------------------------===//
//
// The Map methods of LANGUAGE.md §8 with Rust's meaning, except that a
// lookup returns the plain value or Nil instead of an Option.
//
//===----------------------------------------------------------------------===//
#include "runtime/ArrayObject.h"
#include "runtime/MapObject.h"
#include "runtime/MethodTable.h"
#include "runtime/Methods.h"
#include "runtime/Object.h"

namespace ruchy {

namespace {

Value pairsArray(const Map *M) {
  size_t N = mapLen(M);
  Array *Out = newArray(0);
  for (size_t I = 0; I < N; ++I) {
    Tuple *T = newTuple(2);
    T->Elems[0] = mapKeyAt(M, I);
    T->Elems[1] = mapValueAt(M, I);
    arrayPush(Out, Value::tuple(T));
  }
  return Value::array(Out);
}

} // namespace

Value callMapMethod(int Id, Value Recv, const Value *Args, size_t N,
                    SiteId Site) {
  Map *M = Recv.M;
  switch (Id) {
  case M_len:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::integer(static_cast<int64_t>(mapLen(M)));
  case M_is_empty:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(mapLen(M) == 0);
  case M_insert:
    checkMethodArity(Id, N, 2, 2, Site);
    mapInsert(M, Args[0], Args[1], Site);
    return Value::nil();
  case M_get: {
    checkMethodArity(Id, N, 1, 1, Site);
    Value Out;
    return mapFind(M, Args[0], &Out) ? Out : Value::nil();
  }
  case M_contains_key:
  case M_contains:
    checkMethodArity(Id, N, 1, 1, Site);
    return Value::boolean(mapFind(M, Args[0], nullptr));
  case M_remove: {
    checkMethodArity(Id, N, 1, 1, Site);
    Value Out;
    return mapRemove(M, Args[0], &Out) ? Out : Value::nil();
  }
  case M_clear:
    checkMethodArity(Id, N, 0, 0, Site);
    mapClear(M);
    return Value::nil();
  case M_keys:
  case M_values: {
    checkMethodArity(Id, N, 0, 0, Site);
    size_t Len = mapLen(M);
    Array *Out = newArray(0);
    for (size_t I = 0; I < Len; ++I)
      arrayPush(Out, Id == M_keys ? mapKeyAt(M, I) : mapValueAt(M, I));
    return Value::array(Out);
  }
  case M_iter:
  case M_entries:
    checkMethodArity(Id, N, 0, 0, Site);
    return pairsArray(M);
  default:
    raiseNoMethod(Id, Recv, Site);
  }
}

} // namespace ruchy
