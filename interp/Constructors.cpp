//===- interp/Constructors.cpp - Value-building halves of expressions -*- C++ -*-===//
#include "interp/Constructors.h"

#include "runtime/ArrayObject.h"
#include "runtime/Builtins.h"
#include "runtime/Error.h"
#include "runtime/Format.h"
#include "runtime/Object.h"
#include "runtime/Operations.h"
#include "runtime/Output.h"
#include "runtime/StrObject.h"

#include <fmt/format.h>

using namespace ruchy;
using namespace ruchy::ast;

Value ruchy::buildFString(const FString *S, const Value *Holes) {
  std::string Out;
  for (const FormatPiece &Pc : S->Pieces) {
    if (!Pc.Hole) {
      Out += Pc.Text;
      continue;
    }
    Value V = *Holes++;
    if (Pc.HasSpec)
      appendFormatted(Out, V, Pc.Spec, TextStyle::FString);
    else
      appendText(Out, V, TextStyle::FString);
  }
  return Value::str(newStr(Out));
}

size_t ruchy::macroInlineHoles(const Macro *M) {
  size_t Count = 0;
  for (const FormatPiece &Pc : M->Pieces) {
    if (!Pc.Hole)
      continue;
    if (Pc.Arg)
      ++Count;
    else if (Pc.ArgIndex < 0 || static_cast<size_t>(Pc.ArgIndex) >= M->Args.size())
      break;
  }
  return Count;
}

Value ruchy::finishMacro(const Macro *M, const Value *Args, size_t N, const Value *Holes) {
  switch (M->MK) {
  case MacroKind::Assert:
    return callBuiltin(lookupBuiltin("assert"), Args, N, M->Site);
  case MacroKind::AssertEq:
    return callBuiltin(lookupBuiltin("assert_eq"), Args, N, M->Site);
  case MacroKind::Dbg:
    return callBuiltin(lookupBuiltin("dbg"), Args, N, M->Site);
  default:
    break;
  }
  std::string Out;
  for (const FormatPiece &Pc : M->Pieces) {
    if (!Pc.Hole) {
      Out += Pc.Text;
      continue;
    }
    Value V;
    if (Pc.Arg)
      V = *Holes++;
    else if (Pc.ArgIndex >= 0 && static_cast<size_t>(Pc.ArgIndex) < N)
      V = Args[Pc.ArgIndex];
    else
      raiseError(M->Site, fmt::format("Format string refers to argument {}, but only {} given",
                                      Pc.ArgIndex, N));
    if (Pc.HasSpec)
      appendFormatted(Out, V, Pc.Spec, TextStyle::Display);
    else
      appendText(Out, V, TextStyle::Display);
  }
  switch (M->MK) {
  case MacroKind::Println:
    Out += '\n';
    writeOut(Out);
    return Value();
  case MacroKind::Print:
    writeOut(Out);
    return Value();
  case MacroKind::Eprintln:
    Out += '\n';
    writeErr(Out);
    return Value();
  case MacroKind::Eprint:
    writeErr(Out);
    return Value();
  case MacroKind::Format:
    return Value::str(newStr(Out));
  case MacroKind::Panic:
    raiseError(M->Site, Out.empty() ? std::string("explicit panic") : Out);
  default:
    break;
  }
  return Value();
}

Value ruchy::buildRange(const RangeExpr *R, Value Lo, Value Hi) {
  if (Lo.K != Kind::Int || Hi.K != Kind::Int)
    raiseTypeError(R->Site, R->Inclusive ? "..=" : "..", Lo, Hi);
  return Value::range(newRange(Lo.I, Hi.I, R->Hi ? R->Inclusive : false));
}

Value ruchy::tupleField(const TupleIndex *T, Value V) {
  if (V.K != Kind::Tuple)
    raiseError(T->Site, fmt::format("Type error: {} has no field '{}'", kindName(V.K), T->Index));
  if (T->Index >= V.T->Len)
    raiseError(T->Site,
               fmt::format("Index {} out of bounds for tuple of length {}", T->Index, V.T->Len));
  return V.T->Elems[T->Index];
}

Value ruchy::castValue(const Cast *C, Value V) {
  switch (C->CK) {
  case CastKind::ToFloat:
    return opCastToFloat(V, C->Site);
  case CastKind::ToInt:
    return opCastToInt(V, C->Site);
  case CastKind::Identity:
    return V;
  }
  return V;
}

Value ruchy::buildArrayRepeat(const ArrayRepeat *A, Value Elem, Value Count) {
  if (Count.K != Kind::Int || Count.I < 0)
    raiseError(A->Count->Site,
               fmt::format("Type error: array repeat count must be a non-negative Int, got {}",
                           displayText(Count)));
  return Value::array(arrayRepeat(Elem, Count.I));
}

Value ruchy::buildArray(const Value *Elems, size_t N) {
  Array *Arr = newArray(static_cast<int64_t>(N));
  for (size_t I = 0; I < N; ++I)
    arrayPush(Arr, Elems[I]);
  return Value::array(Arr);
}

Value ruchy::buildTuple(const Value *Elems, size_t N) {
  Tuple *Tup = newTuple(static_cast<int64_t>(N));
  for (size_t I = 0; I < N; ++I)
    Tup->Elems[I] = Elems[I];
  return Value::tuple(Tup);
}
