//===- runtime/Error.h - Runtime errors and the Ruchy backtrace --*- C++ -*-===//
//
// A program error stops the program (LANGUAGE.md §9): stdout keeps what was
// printed, stderr gets `Error: <message>`, ` --> file:line:col` and one
// `  at <function> (file:line)` line per active Ruchy call, exit status 1.
//
// Errors are raised through one function given a site id, whatever tier
// raises them. The active calls are kept on a shadow call stack that every
// tier pushes to, so the backtrace needs no native unwinding.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_ERROR_H
#define RUCHY_RUNTIME_ERROR_H

#include "runtime/Site.h"
#include "runtime/Value.h"

#include <cstdint>
#include <string>

namespace ruchy {

/// Raises a runtime error at Site. Does not return: the installed handler
/// reports it (by default: print as §9 says, flush stdout, exit 1).
[[noreturn]] void raiseError(SiteId Site, const std::string &Message);

/// `Error: Out of memory`, raised where an allocation failed (no site is
/// known there). The default handler prints just that line and exits 1; an
/// installed handler (a fuzz target's, the profiler's) is called with site 0
/// so an in-process caller can carry on with the next input.
[[noreturn]] void raiseOutOfMemory();
/// `Type error: cannot apply '-' to Str and Int`.
[[noreturn]] void raiseTypeError(SiteId Site, const char *Op, Value L, Value R);
/// `Type error: cannot apply '-' to Str`.
[[noreturn]] void raiseUnaryTypeError(SiteId Site, const char *Op, Value V);

/// One active Ruchy call on the shadow stack.
struct ActiveCall {
  const char *Name; ///< function name as printed in the backtrace
  SiteId CallSite;  ///< where the caller called it (0 for the top level)
};

/// The shadow call stack. Fixed capacity: pushing past it is the
/// `Stack overflow` error (a native stack check catches deep native frames).
class CallStack {
public:
  /// Maximum Ruchy call depth; far above the 100,000 LANGUAGE.md requires,
  /// below what the 4 GiB program stack holds for Tier 0 frames.
  static constexpr uint32_t MaxDepth = 1000000;

  static void push(const char *Name, SiteId CallSite) {
    if (Depth >= MaxDepth)
      raiseError(CallSite, "Stack overflow");
    Calls[Depth++] = {Name, CallSite};
  }
  static void pop() { --Depth; }
  static uint32_t depth() { return Depth; }
  static void truncate(uint32_t D) { Depth = D; }
  static const ActiveCall &at(uint32_t I) { return Calls[I]; }
  /// Where the stack lives, for compiled code that pushes calls inline.
  static ActiveCall **callsAddress() { return &Calls; }
  static uint32_t *depthAddress() { return &Depth; }

private:
  static ActiveCall *Calls;
  static uint32_t Depth;
  friend void initCallStack();
};
void initCallStack();

/// Native stack guard: raises `Stack overflow` when the native stack pointer
/// passes the limit set by setStackLimit (the program thread's stack end
/// plus a safety margin).
void setStackLimit(const char *Limit);
extern const char *StackLimit;
/// The high end of the program thread's stack (null when unknown): freeing
/// compiled code scans the stack between here and the current frame.
void setStackTop(const char *Top);
extern const char *StackTop;
/// Sets both from the calling thread's stack (the thread a program runs
/// on), leaving MarginBytes below the limit for raising the error; returns
/// the stack's low end, or null when the thread's stack is unknown.
const char *setStackBoundsOfThisThread(size_t MarginBytes);
inline void checkNativeStack(SiteId Site) {
  char Probe;
  if (__builtin_expect(&Probe < StackLimit, 0))
    raiseError(Site, "Stack overflow");
}

/// How a raised error is reported. The default prints and exits; tests may
/// install one that throws RuchyError instead.
struct RuchyError {
  std::string Message;
  SiteId Site;
};
using ErrorHandler = void (*)(const std::string &Message, SiteId Site);
/// Installs H (null: the default) for the calling thread; returns the
/// handler it replaces.
ErrorHandler setErrorHandler(ErrorHandler H);
/// The default handler's output, as text (used by it and by tests).
std::string formatRuntimeError(const std::string &Message, SiteId Site);

} // namespace ruchy

#endif
