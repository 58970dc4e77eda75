//===- jit/RuntimeBridge.h - Runtime entry points for JIT code ---*- C++ -*-===//
//
// The functions compiled code calls for everything it does not do inline.
// Each is a thin door into the one implementation the interpreter uses
// (runtime/ operations, interp/ calls and patterns), so every tier computes
// the same result and raises the same error at the same site.
//
// ABI: a Value travels as two 64-bit integers (kind byte, payload) and
// returns in two registers, which LLVM IR spells {i64, i64}.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_RUNTIMEBRIDGE_H
#define RUCHY_JIT_RUNTIMEBRIDGE_H

#include "interp/Interpreter.h"

#include <cstdint>
#include <vector>

namespace ruchy::jit {

/// The interpreter compiled code falls back to (one per process).
void setBridgeInterpreter(Interpreter *I);

struct BridgeSymbol {
  const char *Name;
  void *Address;
};
/// Every entry point, by the name IR generation refers to it.
const std::vector<BridgeSymbol> &bridgeSymbols();

namespace rt {
Value binary(int32_t Op, Value L, Value R, SiteId Site);
Value neg(Value V, SiteId Site);
Value evalFallback(ast::Expr *E, Frame *F);
void bindBlockFunctions(ast::Block *B, Frame *F);
Value makeClosure(const ast::FunctionDecl *Fn, Frame *F);
Cell *newCellFor(Value V);
void bindPattern(ast::Pattern *P, Value V, Frame *F, SiteId Site);
int64_t matchPattern(ast::Pattern *P, Value V, Frame *F);
[[noreturn]] void noMatch(SiteId Site);
/// A compiled poll point found an interrupt pending (runtime/Interrupt.h).
[[noreturn]] void interrupted(SiteId Site);
[[noreturn]] void undefinedVariable(ast::Ident *I);
/// Calls from compiled code also record the site's inline cache (FB).
Value callFunction(const ast::FunctionDecl *Fn, const Value *Args, int64_t N, SiteId Site,
                   ast::CallSiteFeedback *FB);
Value callValue(Value Callee, const Value *Args, int64_t N, SiteId Site, ast::CallSiteFeedback *FB);
Value callBuiltin(int32_t Id, const Value *Args, int64_t N, SiteId Site);
Value callMethod(ast::MethodCall *M, const Value *ArgsWithRecv);
Value fieldGet(ast::Field *Fd, Value Obj);
Value *fieldSlot(ast::Field *Fd, Value Obj);
Value indexGet(Value Obj, Value Idx, SiteId Site);
void indexSet(Value Obj, Value Idx, Value V, SiteId Site);
int64_t forLength(Value It, SiteId Site);
Value forElement(Value It, int64_t I);
void recordCall(ast::FunctionDecl *Fn, uint64_t Sig, ast::CallSiteFeedback *FB);
Value buildStruct(ast::StructLit *S, const Value *Vals);
void arrayPush(Array *A, Value V);
Value fstring(ast::FString *S, const Value *Holes);
Value macro(ast::Macro *M, const Value *Args, int64_t N, const Value *Holes);
Value range(ast::RangeExpr *R, Value Lo, Value Hi);
Value tupleField(ast::TupleIndex *T, Value V);
Value cast(ast::Cast *C, Value V);
Value arrayRepeat(ast::ArrayRepeat *A, Value Elem, Value Count);
Value arrayLit(const Value *Elems, int64_t N);
Value tupleLit(const Value *Elems, int64_t N);
Value newMapValue();
void mapInsert(Map *M, Value K, Value V, SiteId Site);
Value deopt(void *ResumePoint, Frame *F);
Value rangeValue(int64_t Lo, int64_t Hi, int64_t Inclusive);
} // namespace rt

/// The interpreter's timing flag (compiled code checks it before its inline
/// call path).
const bool *bridgeTimingFlag();

} // namespace ruchy::jit

#endif
