//===- runtime/Builtins.cpp - Builtin functions ------------------------------===//
//
// The builtin functions of LANGUAGE.md §8, in one table of name, accepted
// argument counts and implementation. The resolver looks a name up once;
// calls go by number. Builtins that duplicate a method (len, push, sort, ...)
// call the method so the two forms cannot drift apart.
//
//===----------------------------------------------------------------------===//
#include "runtime/Builtins.h"
#include "runtime/ArrayObject.h"
#include "runtime/Format.h"
#include "runtime/MapObject.h"
#include "runtime/MethodTable.h"
#include "runtime/Methods.h"
#include "runtime/Object.h"
#include "runtime/Operations.h"
#include "runtime/Output.h"
#include "runtime/StrObject.h"

#include <cmath>
#include <string>

namespace ruchy {

namespace {

using BuiltinFn = Value (*)(const Value *Args, size_t N, SiteId Site);

/// A variadic builtin's MaxArgs.
constexpr int Variadic = -1;

struct BuiltinInfo {
  const char *Name;
  int MinArgs;
  int MaxArgs;
  BuiltinFn Fn;
  /// The kinds it can return (bits 1 << Kind), 0 when it depends on its
  /// arguments' kinds. Compiled code relies on it (builtinResultKinds): it
  /// must hold for every call that returns.
  uint32_t Results = 0;
};

constexpr uint32_t kinds(Kind K) { return 1u << static_cast<unsigned>(K); }
constexpr uint32_t RNil = kinds(Kind::Nil), RInt = kinds(Kind::Int), RFloat = kinds(Kind::Float),
                   RStr = kinds(Kind::Str), RArray = kinds(Kind::Array), RMap = kinds(Kind::Map);

//===-- Printing -----------------------------------------------------------===//

Value printLine(const Value *Args, size_t N, SiteId) {
  std::string Text = formatPrintArgs(Args, N);
  Text += '\n';
  writeOut(Text);
  return Value::nil();
}

Value print(const Value *Args, size_t N, SiteId) {
  writeOut(formatPrintArgs(Args, N));
  return Value::nil();
}

Value errPrintLine(const Value *Args, size_t N, SiteId) {
  std::string Text = formatPrintArgs(Args, N);
  Text += '\n';
  writeErr(Text);
  return Value::nil();
}

Value errPrint(const Value *Args, size_t N, SiteId) {
  writeErr(formatPrintArgs(Args, N));
  return Value::nil();
}

/// `dbg(x)`: the debug text on stderr; returns its argument (several
/// arguments: a tuple of them, as Rust's dbg!).
Value dbg(const Value *Args, size_t N, SiteId) {
  std::string Text = "[dbg]";
  for (size_t I = 0; I < N; ++I) {
    Text += ' ';
    appendText(Text, Args[I], TextStyle::Debug);
  }
  Text += '\n';
  writeErr(Text);
  if (N == 0)
    return Value::nil();
  if (N == 1)
    return Args[0];
  Tuple *T = newTuple(static_cast<int64_t>(N));
  for (size_t I = 0; I < N; ++I)
    T->Elems[I] = Args[I];
  return Value::tuple(T);
}

//===-- Collections --------------------------------------------------------===//

Value method(MethodId Id, Value Recv, const Value *Args, size_t N, SiteId Site) {
  return callMethod(Id, Recv, Args, N, Site);
}

Value len(const Value *Args, size_t, SiteId Site) {
  Value V = Args[0];
  switch (V.K) {
  case Kind::Str:
  case Kind::Array:
  case Kind::Map:
  case Kind::Tuple:
  case Kind::Range:
    return method(M_len, V, nullptr, 0, Site);
  default:
    raiseArgKind("len", "a Str, Array, Map, Tuple or Range", V, Site);
  }
}

Value push(const Value *Args, size_t, SiteId Site) {
  requireKind("push", Args[0], Kind::Array, "an Array", Site);
  arrayPush(Args[0].A, Args[1]);
  return Value::nil();
}

Value pop(const Value *Args, size_t, SiteId Site) {
  requireKind("pop", Args[0], Kind::Array, "an Array", Site);
  return arrayPop(Args[0].A);
}

/// `sort(a)` sorts in place like a.sort() and returns the array, so both
/// `sort(a)` and `let b = sort(a)` read naturally.
Value sort(const Value *Args, size_t, SiteId Site) {
  requireKind("sort", Args[0], Kind::Array, "an Array", Site);
  method(M_sort, Args[0], nullptr, 0, Site);
  return Args[0];
}

/// `reverse(a)` reverses an array in place and returns it; on a string it
/// returns the reversed string.
Value reverse(const Value *Args, size_t, SiteId Site) {
  Value V = Args[0];
  if (V.K == Kind::Str) {
    Value Chars = method(M_chars, V, nullptr, 0, Site);
    std::string Out;
    for (int64_t I = Chars.A->Len - 1; I >= 0; --I)
      Out.append(arrayAt(Chars.A, I).S->view());
    return Value::str(newStr(Out));
  }
  requireKind("reverse", V, Kind::Array, "an Array or Str", Site);
  method(M_reverse, V, nullptr, 0, Site);
  return V;
}

/// range(n), range(a, b), range(a, b, step): an Array of Ints.
Value range(const Value *Args, size_t N, SiteId Site) {
  for (size_t I = 0; I < N; ++I)
    requireKind("range", Args[I], Kind::Int, "Int arguments", Site);
  int64_t Lo = N == 1 ? 0 : Args[0].I;
  int64_t Hi = N == 1 ? Args[0].I : Args[1].I;
  int64_t Step = N == 3 ? Args[2].I : 1;
  if (Step == 0)
    raiseError(Site, "range step must not be zero");
  Array *Out = newArray(0);
  if (Step > 0) {
    for (int64_t V = Lo; V < Hi;) {
      arrayPush(Out, Value::integer(V));
      if (__builtin_add_overflow(V, Step, &V))
        break;
    }
  } else {
    for (int64_t V = Lo; V > Hi;) {
      arrayPush(Out, Value::integer(V));
      if (__builtin_add_overflow(V, Step, &V))
        break;
    }
  }
  return Value::array(Out);
}

//===-- Numbers ------------------------------------------------------------===//

Value abs(const Value *Args, size_t, SiteId Site) {
  return valueAbs(Args[0], "abs", Site);
}

Value min(const Value *Args, size_t N, SiteId Site) {
  if (N == 1) {
    requireKind("min", Args[0], Kind::Array, "two values or an Array", Site);
    return method(M_min, Args[0], nullptr, 0, Site);
  }
  Value Best = Args[0];
  for (size_t I = 1; I < N; ++I)
    Best = valueMin(Best, Args[I], Site);
  return Best;
}

Value max(const Value *Args, size_t N, SiteId Site) {
  if (N == 1) {
    requireKind("max", Args[0], Kind::Array, "two values or an Array", Site);
    return method(M_max, Args[0], nullptr, 0, Site);
  }
  Value Best = Args[0];
  for (size_t I = 1; I < N; ++I)
    Best = valueMax(Best, Args[I], Site);
  return Best;
}

Value pow(const Value *Args, size_t, SiteId Site) {
  requireNumber("pow", Args[0], Site);
  requireNumber("pow", Args[1], Site);
  return opPow(Args[0], Args[1], Site);
}

/// A builtin computing a double function of one number; Name is the
/// builtin's name for error messages.
template <double (*F)(double), const char *Name> struct FloatFn {
  static Value call(const Value *Args, size_t, SiteId Site) {
    requireNumber(Name, Args[0], Site);
    return Value::real(F(Args[0].asDouble()));
  }
};

constexpr char sqrtName[] = "sqrt";
double sqrtD(double X) { return std::sqrt(X); }
constexpr char floorName[] = "floor";
double floorD(double X) { return std::floor(X); }
constexpr char ceilName[] = "ceil";
double ceilD(double X) { return std::ceil(X); }
constexpr char roundName[] = "round";
double roundD(double X) { return std::round(X); }
constexpr char sinName[] = "sin";
double sinD(double X) { return std::sin(X); }
constexpr char cosName[] = "cos";
double cosD(double X) { return std::cos(X); }
constexpr char tanName[] = "tan";
double tanD(double X) { return std::tan(X); }
constexpr char logName[] = "log";
double logD(double X) { return std::log(X); }
constexpr char log10Name[] = "log10";
double log10D(double X) { return std::log10(X); }
constexpr char expName[] = "exp";
double expD(double X) { return std::exp(X); }

//===-- Conversions --------------------------------------------------------===//

Value toInt(const Value *Args, size_t, SiteId Site) {
  Value V = Args[0];
  if (V.K == Kind::Str) {
    int64_t I;
    if (parseIntText(V.S->view(), I))
      return Value::integer(I);
    double D;
    if (parseFloatText(V.S->view(), D))
      return Value::integer(floatToIntSaturating(D));
    raiseParseError(V.S->view(), "Int", Site);
  }
  return opCastToInt(V, Site);
}

Value toFloat(const Value *Args, size_t, SiteId Site) {
  Value V = Args[0];
  if (V.K == Kind::Str) {
    double D;
    if (parseFloatText(V.S->view(), D))
      return Value::real(D);
    raiseParseError(V.S->view(), "Float", Site);
  }
  return opCastToFloat(V, Site);
}

Value toStr(const Value *Args, size_t, SiteId) {
  if (Args[0].K == Kind::Str)
    return Args[0];
  return Value::str(newStr(toText(Args[0], TextStyle::Plain)));
}

Value parseInt(const Value *Args, size_t, SiteId Site) {
  requireKind("parse_int", Args[0], Kind::Str, "a Str", Site);
  int64_t I;
  if (!parseIntText(Args[0].S->view(), I))
    raiseParseError(Args[0].S->view(), "Int", Site);
  return Value::integer(I);
}

Value parseFloat(const Value *Args, size_t, SiteId Site) {
  requireKind("parse_float", Args[0], Kind::Str, "a Str", Site);
  double D;
  if (!parseFloatText(Args[0].S->view(), D))
    raiseParseError(Args[0].S->view(), "Float", Site);
  return Value::real(D);
}

/// The reference interpreter's type names; a struct gives its own name.
Value typeOf(const Value *Args, size_t, SiteId) {
  const char *Name = "unknown";
  switch (Args[0].K) {
  case Kind::Nil: Name = "nil"; break;
  case Kind::Bool: Name = "boolean"; break;
  case Kind::Int: Name = "integer"; break;
  case Kind::Float: Name = "float"; break;
  case Kind::Str: Name = "string"; break;
  case Kind::Array: Name = "array"; break;
  case Kind::Tuple: Name = "tuple"; break;
  case Kind::Range: Name = "range"; break;
  case Kind::Map: Name = "map"; break;
  case Kind::Func: Name = "function"; break;
  case Kind::Struct:
    return Value::str(newStr(structName(Args[0].St)));
  case Kind::Undef: break;
  }
  return Value::str(newStr(Name));
}

//===-- Assertions ---------------------------------------------------------===//

Value assertFn(const Value *Args, size_t N, SiteId Site) {
  if (Args[0].truthy())
    return Value::nil();
  if (N == 2)
    raiseError(Site, "Assertion failed: " + toText(Args[1], TextStyle::Display));
  raiseError(Site, "Assertion failed");
}

Value assertEq(const Value *Args, size_t N, SiteId Site) {
  if (valuesEqual(Args[0], Args[1]))
    return Value::nil();
  std::string Values = "left: " + toText(Args[0], TextStyle::Debug) +
                       ", right: " + toText(Args[1], TextStyle::Debug);
  if (N == 3)
    raiseError(Site, "Assertion failed: " + toText(Args[2], TextStyle::Display) +
                         " (" + Values + ")");
  raiseError(Site, "Assertion failed: " + Values);
}

//===-- Constructors -------------------------------------------------------===//

Value newMapFn(const Value *, size_t, SiteId) { return Value::map(newMap()); }
Value newVecFn(const Value *, size_t, SiteId) { return Value::array(newArray(0)); }
Value vecWithCapacity(const Value *Args, size_t, SiteId Site) {
  requireKind("Vec::with_capacity", Args[0], Kind::Int, "an Int", Site);
  return Value::array(newArray(Args[0].I > 0 ? Args[0].I : 0));
}
Value newStringFn(const Value *, size_t, SiteId) {
  return Value::str(newStr(""));
}
Value stringFrom(const Value *Args, size_t N, SiteId Site) {
  return toStr(Args, N, Site);
}

//===-- Environment --------------------------------------------------------===//

/// `args()`: the arguments given after the program's file name, as Strs
/// (`ruchy-jit run prog.ruchy 100` makes `args()` return `["100"]`).
Value programArgs(const Value *, size_t, SiteId) {
  const std::vector<std::string> &Src = programArguments();
  Array *A = newArray(static_cast<int64_t>(Src.size()));
  for (const std::string &S : Src)
    arrayPush(A, Value::str(newStr(S)));
  return Value::array(A);
}

const BuiltinInfo Builtins[] = {
    {"println", 0, Variadic, printLine, RNil},
    {"print", 0, Variadic, print, RNil},
    {"eprintln", 0, Variadic, errPrintLine, RNil},
    {"eprint", 0, Variadic, errPrint, RNil},
    {"dbg", 0, Variadic, dbg},
    {"len", 1, 1, len, RInt},
    {"push", 2, 2, push, RNil},
    {"pop", 1, 1, pop},
    {"abs", 1, 1, abs},
    {"min", 1, Variadic, min},
    {"max", 1, Variadic, max},
    {"pow", 2, 2, pow},
    {"sqrt", 1, 1, FloatFn<sqrtD, sqrtName>::call, RFloat},
    {"floor", 1, 1, FloatFn<floorD, floorName>::call, RFloat},
    {"ceil", 1, 1, FloatFn<ceilD, ceilName>::call, RFloat},
    {"round", 1, 1, FloatFn<roundD, roundName>::call, RFloat},
    {"sin", 1, 1, FloatFn<sinD, sinName>::call, RFloat},
    {"cos", 1, 1, FloatFn<cosD, cosName>::call, RFloat},
    {"tan", 1, 1, FloatFn<tanD, tanName>::call, RFloat},
    {"log", 1, 1, FloatFn<logD, logName>::call, RFloat},
    {"log10", 1, 1, FloatFn<log10D, log10Name>::call, RFloat},
    {"exp", 1, 1, FloatFn<expD, expName>::call, RFloat},
    {"int", 1, 1, toInt, RInt},
    {"float", 1, 1, toFloat, RFloat},
    {"str", 1, 1, toStr, RStr},
    {"type_of", 1, 1, typeOf, RStr},
    {"parse_int", 1, 1, parseInt, RInt},
    {"parse_float", 1, 1, parseFloat, RFloat},
    {"range", 1, 3, range, RArray},
    {"assert", 1, 2, assertFn, RNil},
    {"assert_eq", 2, 3, assertEq, RNil},
    {"sort", 1, 1, sort, RArray},
    {"reverse", 1, 1, reverse, RStr | RArray},
    {"HashMap::new", 0, 0, newMapFn, RMap},
    {"Vec::new", 0, 0, newVecFn, RArray},
    {"Vec::with_capacity", 1, 1, vecWithCapacity, RArray},
    {"String::new", 0, 0, newStringFn, RStr},
    {"String::from", 1, 1, stringFrom, RStr},
    {"args", 0, 0, programArgs, RArray},
    {"std::env::args", 0, 0, programArgs, RArray},
};

constexpr int NumBuiltins = sizeof(Builtins) / sizeof(Builtins[0]);

} // namespace

int lookupBuiltin(std::string_view Name) {
  for (int I = 0; I < NumBuiltins; ++I)
    if (Name == Builtins[I].Name)
      return I;
  return -1;
}

uint32_t builtinResultKinds(int Id) {
  return Id >= 0 && Id < NumBuiltins ? Builtins[Id].Results : 0;
}

const char *builtinName(int Id) {
  return Id >= 0 && Id < NumBuiltins ? Builtins[Id].Name : "?";
}

namespace {
std::vector<std::string> &argumentStore() {
  static std::vector<std::string> Args;
  return Args;
}
} // namespace

void setProgramArguments(std::vector<std::string> Args) { argumentStore() = std::move(Args); }
const std::vector<std::string> &programArguments() { return argumentStore(); }

Value callBuiltin(int Id, const Value *Args, size_t N, SiteId Site) {
  const BuiltinInfo &B = Builtins[Id];
  if (N < static_cast<size_t>(B.MinArgs) ||
      (B.MaxArgs != Variadic && N > static_cast<size_t>(B.MaxArgs)))
    raiseArity("Function", B.Name, N, B.MinArgs, B.MaxArgs, Site);
  return B.Fn(Args, N, Site);
}

} // namespace ruchy
