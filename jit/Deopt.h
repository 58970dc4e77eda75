//===- jit/Deopt.h - Where specialized code hands a call to Tier 0 -*- C++ -*-===//
//
// A speculation that failed at run time (a value of another kind than Tier 0
// had seen at a store) sends the rest of the call to the interpreter: the
// compiled code writes its locals into the frame and calls rt_deopt with the
// point to resume at. One ResumePoint per guarded store of a compiled unit,
// kept by the tier manager for the life of the process (compiled code
// points at it).
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_DEOPT_H
#define RUCHY_JIT_DEOPT_H

#include "frontend/AST.h"
#include "interp/Interpreter.h"

#include <cstdint>
#include <vector>

namespace ruchy::jit {

struct ResumePoint {
  ast::FunctionDecl *Fn = nullptr;
  uint64_t Sig = 0;        ///< the specialization's signature
  ast::LoopExpr *Osr = nullptr; ///< the loop of an OSR entry (not in the method cache)
  std::vector<ResumeStep> Path;
  ast::Expr *Store = nullptr; ///< the Let, Assign or For whose guard failed
  int32_t Slot = -1;          ///< the slot it stores to
  Kind Expected = Kind::Nil;  ///< the kind it speculated on
  uint64_t Count = 0;         ///< times the guard failed
};

/// Called by rt_deopt before Tier 0 resumes (counting, tracing, and giving
/// up the speculation after repeated failures).
using DeoptHandler = void (*)(ResumePoint &RP, Value Got, void *Ctx);
void setDeoptHandler(DeoptHandler H, void *Ctx);

} // namespace ruchy::jit

#endif
