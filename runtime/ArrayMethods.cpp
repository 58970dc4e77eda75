//===- runtime/ArrayMethods.cpp - Array methods ------------------------------===//
//
// The Array methods of LANGUAGE.md §8, Rust's meaning where Rust has the
// method: sort and reverse work in place and return Nil, pop/first/last/get
// return the element or Nil, map/filter return new arrays. Higher-order
// methods call Ruchy functions through callFunctionValue and re-read the
// array's length every step, so a callback that mutates the array cannot
// make them read out of bounds.
//
//===----------------------------------------------------------------------===//
#include "runtime/ArrayObject.h"
#include "runtime/Call.h"
#include "runtime/Format.h"
#include "runtime/MethodTable.h"
#include "runtime/Methods.h"
#include "runtime/Object.h"
#include "runtime/Operations.h"

#include <gc/gc_allocator.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace ruchy {

namespace {

using ValueVector = std::vector<Value, gc_allocator<Value>>;

int64_t intArg(int Id, const Value *Args, size_t I, SiteId Site) {
  requireKind(methodName(Id), Args[I], Kind::Int, "an Int", Site);
  return Args[I].I;
}

const Array *arrayArg(int Id, const Value *Args, size_t I, SiteId Site) {
  requireKind(methodName(Id), Args[I], Kind::Array, "an Array", Site);
  return Args[I].A;
}

Value call1(Value Fn, Value A, SiteId Site) {
  return callFunctionValue(Fn, &A, 1, Site);
}

Value call2(Value Fn, Value A, Value B, SiteId Site) {
  Value Args[2] = {A, B};
  return callFunctionValue(Fn, Args, 2, Site);
}

/// Sorts A in place: numbers numerically (Int and Float together), strings
/// by bytes, arrays and tuples lexicographically; incomparable kinds are a
/// type error (the array is left unchanged).
void sortArray(Array *A, SiteId Site) {
  if (A->Len < 2)
    return;
  if (A->EK == ElemKind::Int) {
    std::sort(A->ints(), A->ints() + A->Len);
    return;
  }
  if (A->EK == ElemKind::Float) {
    // NaN sorts last, so the order is total.
    std::sort(A->floats(), A->floats() + A->Len, [](double X, double Y) {
      return X < Y || (!std::isnan(X) && std::isnan(Y));
    });
    return;
  }
  // Sort a copy in collected memory: the array keeps every element
  // reachable meanwhile, and stays intact if a comparison raises. (Read and
  // written element by element: Bool arrays hold bytes, not Values.)
  ValueVector Copy;
  Copy.reserve(static_cast<size_t>(A->Len));
  for (int64_t I = 0; I < A->Len; ++I)
    Copy.push_back(arrayAt(A, I));
  std::stable_sort(Copy.begin(), Copy.end(), [Site](Value X, Value Y) {
    return compareValues(X, Y, "<", Site) < 0;
  });
  for (int64_t I = 0; I < A->Len; ++I)
    arraySetAt(A, I, Copy[static_cast<size_t>(I)]);
}

void reverseArray(Array *A) {
  for (int64_t I = 0, J = A->Len - 1; I < J; ++I, --J) {
    Value X = arrayAt(A, I);
    arraySetAt(A, I, arrayAt(A, J));
    arraySetAt(A, J, X);
  }
}

/// `sum` and `product`: checked Int arithmetic, Float as soon as a Float
/// appears; anything but numbers is a type error.
Value fold(const Array *A, Value Init, BinaryOp Op, const char *Spelling,
           SiteId Site) {
  Value Acc = Init;
  for (int64_t I = 0; I < A->Len; ++I) {
    Value E = arrayAt(A, I);
    if (!E.isNumber())
      raiseTypeError(Site, Spelling, Acc, E);
    Acc = opBinary(Op, Acc, E, Site);
  }
  return Acc;
}

int64_t clampIndex(int64_t I, int64_t Len) {
  if (I < 0)
    I += Len;
  return std::clamp<int64_t>(I, 0, Len);
}

} // namespace

Value callArrayMethod(int Id, Value Recv, const Value *Args, size_t N,
                      SiteId Site) {
  Array *A = Recv.A;
  switch (Id) {
  case M_len:
  case M_count:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::integer(A->Len);
  case M_is_empty:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::boolean(A->Len == 0);
  case M_push:
    checkMethodArity(Id, N, 1, 1, Site);
    arrayPush(A, Args[0]);
    return Value::nil();
  case M_pop:
    checkMethodArity(Id, N, 0, 0, Site);
    return arrayPop(A);
  case M_get: {
    checkMethodArity(Id, N, 1, 1, Site);
    int64_t I = intArg(Id, Args, 0, Site);
    return I >= 0 && I < A->Len ? arrayAt(A, I) : Value::nil();
  }
  case M_first:
    checkMethodArity(Id, N, 0, 0, Site);
    return A->Len ? arrayAt(A, 0) : Value::nil();
  case M_last:
    checkMethodArity(Id, N, 0, 0, Site);
    return A->Len ? arrayAt(A, A->Len - 1) : Value::nil();
  case M_contains:
    checkMethodArity(Id, N, 1, 1, Site);
    for (int64_t I = 0; I < A->Len; ++I)
      if (valuesEqual(arrayAt(A, I), Args[0]))
        return Value::boolean(true);
    return Value::boolean(false);
  case M_index_of:
    checkMethodArity(Id, N, 1, 1, Site);
    for (int64_t I = 0; I < A->Len; ++I)
      if (valuesEqual(arrayAt(A, I), Args[0]))
        return Value::integer(I);
    return Value::nil();
  case M_position:
    checkMethodArity(Id, N, 1, 1, Site);
    for (int64_t I = 0; I < A->Len; ++I)
      if (call1(Args[0], arrayAt(A, I), Site).truthy())
        return Value::integer(I);
    return Value::nil();
  case M_reverse:
    checkMethodArity(Id, N, 0, 0, Site);
    reverseArray(A);
    return Value::nil();
  case M_rev: {
    checkMethodArity(Id, N, 0, 0, Site);
    Array *R = arrayClone(A);
    reverseArray(R);
    return Value::array(R);
  }
  case M_sort:
  case M_sort_unstable:
    checkMethodArity(Id, N, 0, 0, Site);
    sortArray(A, Site);
    return Value::nil();
  case M_sum:
    checkMethodArity(Id, N, 0, 0, Site);
    if (A->EK == ElemKind::Int) {
      int64_t S = 0;
      for (int64_t I = 0; I < A->Len; ++I)
        if (__builtin_add_overflow(S, A->ints()[I], &S))
          raiseError(Site, "Integer overflow in addition");
      return Value::integer(S);
    }
    return fold(A, Value::integer(0), BinaryOp::Add, "+", Site);
  case M_product:
    checkMethodArity(Id, N, 0, 0, Site);
    return fold(A, Value::integer(1), BinaryOp::Mul, "*", Site);
  case M_min:
  case M_max: {
    checkMethodArity(Id, N, 0, 0, Site);
    if (A->Len == 0)
      return Value::nil();
    Value Best = arrayAt(A, 0);
    for (int64_t I = 1; I < A->Len; ++I)
      Best = Id == M_min ? valueMin(Best, arrayAt(A, I), Site)
                         : valueMax(Best, arrayAt(A, I), Site);
    return Best;
  }
  case M_join: {
    checkMethodArity(Id, N, 0, 1, Site);
    std::string_view Sep;
    if (N == 1) {
      requireKind("join", Args[0], Kind::Str, "a Str", Site);
      Sep = Args[0].S->view();
    }
    std::string Out;
    for (int64_t I = 0; I < A->Len; ++I) {
      if (I)
        Out.append(Sep);
      appendText(Out, arrayAt(A, I), TextStyle::Display);
    }
    return Value::str(newStr(Out));
  }
  case M_iter:
  case M_collect:
  case M_copied:
  case M_cloned:
    checkMethodArity(Id, N, 0, 0, Site);
    return Recv;
  case M_to_vec:
    checkMethodArity(Id, N, 0, 0, Site);
    return Value::array(arrayClone(A));
  case M_enumerate: {
    checkMethodArity(Id, N, 0, 0, Site);
    Array *Out = newArray(0);
    for (int64_t I = 0; I < A->Len; ++I) {
      Tuple *T = newTuple(2);
      T->Elems[0] = Value::integer(I);
      T->Elems[1] = arrayAt(A, I);
      arrayPush(Out, Value::tuple(T));
    }
    return Value::array(Out);
  }
  case M_zip: {
    checkMethodArity(Id, N, 1, 1, Site);
    Value Other = Args[0];
    if (Other.K == Kind::Range)
      Other = Value::array(arrayFromRange(Other.R));
    const Array *B = arrayArg(Id, &Other, 0, Site);
    Array *Out = newArray(0);
    for (int64_t I = 0; I < A->Len && I < B->Len; ++I) {
      Tuple *T = newTuple(2);
      T->Elems[0] = arrayAt(A, I);
      T->Elems[1] = arrayAt(B, I);
      arrayPush(Out, Value::tuple(T));
    }
    return Value::array(Out);
  }
  case M_map: {
    checkMethodArity(Id, N, 1, 1, Site);
    Array *Out = newArray(0);
    for (int64_t I = 0; I < A->Len; ++I)
      arrayPush(Out, call1(Args[0], arrayAt(A, I), Site));
    return Value::array(Out);
  }
  case M_for_each:
    checkMethodArity(Id, N, 1, 1, Site);
    for (int64_t I = 0; I < A->Len; ++I)
      call1(Args[0], arrayAt(A, I), Site);
    return Value::nil();
  case M_filter: {
    checkMethodArity(Id, N, 1, 1, Site);
    Array *Out = newArray(0);
    for (int64_t I = 0; I < A->Len; ++I) {
      Value E = arrayAt(A, I);
      if (call1(Args[0], E, Site).truthy())
        arrayPush(Out, E);
    }
    return Value::array(Out);
  }
  case M_reduce: {
    checkMethodArity(Id, N, 1, 1, Site);
    if (A->Len == 0)
      return Value::nil();
    Value Acc = arrayAt(A, 0);
    for (int64_t I = 1; I < A->Len; ++I)
      Acc = call2(Args[0], Acc, arrayAt(A, I), Site);
    return Acc;
  }
  case M_fold: {
    checkMethodArity(Id, N, 2, 2, Site);
    Value Acc = Args[0];
    for (int64_t I = 0; I < A->Len; ++I)
      Acc = call2(Args[1], Acc, arrayAt(A, I), Site);
    return Acc;
  }
  case M_any:
    checkMethodArity(Id, N, 1, 1, Site);
    for (int64_t I = 0; I < A->Len; ++I)
      if (call1(Args[0], arrayAt(A, I), Site).truthy())
        return Value::boolean(true);
    return Value::boolean(false);
  case M_all:
    checkMethodArity(Id, N, 1, 1, Site);
    for (int64_t I = 0; I < A->Len; ++I)
      if (!call1(Args[0], arrayAt(A, I), Site).truthy())
        return Value::boolean(false);
    return Value::boolean(true);
  case M_find:
    checkMethodArity(Id, N, 1, 1, Site);
    for (int64_t I = 0; I < A->Len; ++I) {
      Value E = arrayAt(A, I);
      if (call1(Args[0], E, Site).truthy())
        return E;
    }
    return Value::nil();
  case M_slice: {
    checkMethodArity(Id, N, 1, 2, Site);
    int64_t Lo = clampIndex(intArg(Id, Args, 0, Site), A->Len);
    int64_t Hi = N == 2 ? clampIndex(intArg(Id, Args, 1, Site), A->Len) : A->Len;
    return Value::array(arraySlice(A, Lo, std::max(Lo, Hi)));
  }
  case M_take: {
    checkMethodArity(Id, N, 1, 1, Site);
    int64_t K = std::clamp<int64_t>(intArg(Id, Args, 0, Site), 0, A->Len);
    return Value::array(arraySlice(A, 0, K));
  }
  case M_skip: {
    checkMethodArity(Id, N, 1, 1, Site);
    int64_t K = std::clamp<int64_t>(intArg(Id, Args, 0, Site), 0, A->Len);
    return Value::array(arraySlice(A, K, A->Len));
  }
  case M_step_by: {
    checkMethodArity(Id, N, 1, 1, Site);
    int64_t Step = intArg(Id, Args, 0, Site);
    if (Step <= 0)
      raiseError(Site, "step_by expects a positive step, got " +
                           std::to_string(Step));
    Array *Out = newArray(0);
    for (int64_t I = 0; I < A->Len; I += Step)
      arrayPush(Out, arrayAt(A, I));
    return Value::array(Out);
  }
  case M_concat:
    checkMethodArity(Id, N, 1, 1, Site);
    return Value::array(arrayConcat(A, arrayArg(Id, Args, 0, Site)));
  case M_extend: {
    checkMethodArity(Id, N, 1, 1, Site);
    Value Other = Args[0];
    if (Other.K == Kind::Range)
      Other = Value::array(arrayFromRange(Other.R));
    arrayExtend(A, arrayArg(Id, &Other, 0, Site));
    return Value::nil();
  }
  case M_insert: {
    checkMethodArity(Id, N, 2, 2, Site);
    int64_t I = intArg(Id, Args, 0, Site);
    if (I < 0 || I > A->Len)
      raiseIndexError(Site, I, A->Len);
    arrayInsert(A, I, Args[1]);
    return Value::nil();
  }
  case M_remove: {
    checkMethodArity(Id, N, 1, 1, Site);
    int64_t I = intArg(Id, Args, 0, Site);
    int64_t J = I;
    if (!normalizeIndex(J, A->Len))
      raiseIndexError(Site, I, A->Len);
    return arrayRemove(A, J);
  }
  case M_swap: {
    checkMethodArity(Id, N, 2, 2, Site);
    int64_t I = intArg(Id, Args, 0, Site), J = intArg(Id, Args, 1, Site);
    int64_t NI = I, NJ = J;
    if (!normalizeIndex(NI, A->Len))
      raiseIndexError(Site, I, A->Len);
    if (!normalizeIndex(NJ, A->Len))
      raiseIndexError(Site, J, A->Len);
    Value X = arrayAt(A, NI);
    arraySetAt(A, NI, arrayAt(A, NJ));
    arraySetAt(A, NJ, X);
    return Value::nil();
  }
  default:
    raiseNoMethod(Id, Recv, Site);
  }
}

} // namespace ruchy
