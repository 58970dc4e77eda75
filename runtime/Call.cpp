//===- runtime/Call.cpp - The function-call hook ---------------------------===//
//
// The execution engine installs how function values run; builtins such as
// `map` call through it without knowing which tier runs the callee.
//
//===----------------------------------------------------------------------===//
#include "runtime/Call.h"
#include "runtime/Error.h"

namespace ruchy {

namespace {
CallFunctionHook Hook = nullptr;
}

void setCallFunctionHook(CallFunctionHook H) { Hook = H; }

Value callFunctionValue(Value Fn, const Value *Args, size_t N, SiteId Site) {
  if (Fn.K != Kind::Func)
    raiseError(Site, std::string("Type error: ") + kindName(Fn.K) +
                         " is not a function");
  if (!Hook)
    raiseError(Site, "Internal error: no function-call hook installed");
  return Hook(Fn, Args, N, Site);
}

} // namespace ruchy
