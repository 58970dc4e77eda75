//===- interp/Setup.cpp - Process-wide runtime setup for Tier 0 --*- C++ -*-===//
//
// Connects the runtime to the engine: heap and call-stack initialization and
// the hook through which builtins (map, filter, sort, ...) call Ruchy
// function values.
//
//===----------------------------------------------------------------------===//
#include "interp/Interpreter.h"

#include "runtime/Call.h"
#include "runtime/Error.h"
#include "runtime/Object.h"

using namespace ruchy;

namespace {
Interpreter *ActiveInterpreter = nullptr;

Value callThroughInterpreter(Value Fn, const Value *Args, size_t N, SiteId Site) {
  return ActiveInterpreter->callValue(Fn, Args, N, Site);
}
} // namespace

void ruchy::initRuntime() {
  static bool Done = false;
  if (Done)
    return;
  Done = true;
  initHeap();
  initCallStack();
  setCallFunctionHook(callThroughInterpreter);
}

void ruchy::setActiveInterpreter(Interpreter *I) { ActiveInterpreter = I; }
