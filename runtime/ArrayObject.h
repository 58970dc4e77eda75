//===- runtime/ArrayObject.h - Arrays with element kinds ---------*- C++ -*-===//
//
// Operations on Array objects that keep the element-kind invariant
// (runtime/Object.h): an Int array holds raw int64_t, a Float array raw
// double, anything else widens the array to Mixed. An empty array takes the
// kind of its first element.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_ARRAYOBJECT_H
#define RUCHY_RUNTIME_ARRAYOBJECT_H

#include "runtime/Object.h"
#include "runtime/Site.h"

namespace ruchy {

/// Element I (0 <= I < Len, unchecked).
inline Value arrayAt(const Array *A, int64_t I) {
  switch (A->EK) {
  case ElemKind::Int:
    return Value::integer(A->ints()[I]);
  case ElemKind::Float:
    return Value::real(A->floats()[I]);
  case ElemKind::Bool:
    return Value::boolean(A->bools()[I] != 0);
  case ElemKind::Mixed:
    break;
  }
  return A->values()[I];
}
/// Stores V at I (0 <= I < Len, unchecked), widening the kind if needed.
void arraySetAt(Array *A, int64_t I, Value V);
void arrayPush(Array *A, Value V);
/// Whether large Int/Float/Bool storage may live outside the collected
/// heap (on by default; the fuzz targets, whose leak checker cannot see
/// the collected heap, turn it off).
void setExternalArrayStorage(bool On);
/// Appends Count copies of V (the same value each time: an Array V is
/// shared, not cloned), growing the storage once.
void arrayPushCopies(Array *A, Value V, int64_t Count);
/// Removes and returns the last element (Nil when empty).
Value arrayPop(Array *A);
void arrayInsert(Array *A, int64_t I, Value V); ///< 0 <= I <= Len, unchecked
Value arrayRemove(Array *A, int64_t I);         ///< 0 <= I < Len, unchecked
void arrayReserve(Array *A, int64_t Cap);
/// A new array with elements [Lo, Hi) of A (clamped by the caller).
Array *arraySlice(const Array *A, int64_t Lo, int64_t Hi);
Array *arrayClone(const Array *A);
/// A new array holding Elems[0..N) (array literals), with the narrowest
/// element kind that holds them.
Array *newArrayFrom(const Value *Elems, int64_t N);
/// `[V; N]`: N copies of V (N < 0 counts as 0). An array V is cloned
/// (deeply: nested arrays too) for every element but the first, as Rust's
/// vec![v; n] clones, so the rows of `[[0; 3]; 3]` are independent.
Array *arrayRepeat(Value V, int64_t N);
/// `a + b` and `a.concat(b)`: a new array.
Array *arrayConcat(const Array *A, const Array *B);
/// `a.extend(b)`: appends B's elements to A in place (B may be A).
void arrayExtend(Array *A, const Array *B);
/// The elements of a Range as a new Int array (for `.rev()`, `.map()`, ...).
Array *arrayFromRange(const Range *R);
/// Normalizes a Ruchy index (negative counts from the end). Returns false
/// when out of bounds.
inline bool normalizeIndex(int64_t &I, int64_t Len) {
  if (I < 0)
    I += Len;
  return I >= 0 && I < Len;
}
/// `Index 5 out of bounds for array of length 3`.
[[noreturn]] void raiseIndexError(SiteId Site, int64_t Index, int64_t Len);

} // namespace ruchy

#endif
