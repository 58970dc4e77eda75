//===- runtime/Error.cpp - Raising and reporting runtime errors ------------===//
//
// One place raises every runtime error, whatever tier failed: it formats the
// §9 report (message, site, Ruchy backtrace from the shadow call stack) and
// hands it to the installed handler. The default handler flushes stdout,
// writes the report to stderr and ends the process with status 1.
//
//===----------------------------------------------------------------------===//
#include "runtime/Error.h"
#include "runtime/Output.h"

#include <cstdlib>
#include <pthread.h>
#include <unistd.h>

namespace ruchy {

ActiveCall *CallStack::Calls = nullptr;
uint32_t CallStack::Depth = 0;
const char *StackLimit = nullptr;
const char *StackTop = nullptr;

namespace {

/// A runaway recursion has up to CallStack::MaxDepth active calls; printing
/// them all would bury the message. Keep the innermost and outermost calls.
constexpr uint32_t MaxBacktraceInner = 40;
constexpr uint32_t MaxBacktraceOuter = 10;

[[noreturn]] void defaultHandler(const std::string &Message, SiteId Site) {
  flushOut();
  writeErr(formatRuntimeError(Message, Site));
  _exit(1);
}

// Per thread: the program thread's handler (a test's, the profiler's) is not
// disturbed by a background compile that evaluates constant expressions
// with a handler of its own (frontend/ConstantFolding.cpp).
thread_local ErrorHandler Handler = defaultHandler;

} // namespace

void initCallStack() {
  if (CallStack::Calls)
    return;
  // Holds no GC pointers (names are AST strings), so plain malloc is fine;
  // untouched pages cost nothing.
  CallStack::Calls = static_cast<ActiveCall *>(
      std::malloc(sizeof(ActiveCall) * CallStack::MaxDepth));
  if (!CallStack::Calls)
    raiseOutOfMemory();
  CallStack::Depth = 0;
}

void setStackLimit(const char *Limit) { StackLimit = Limit; }
void setStackTop(const char *Top) { StackTop = Top; }

const char *setStackBoundsOfThisThread(size_t MarginBytes) {
  pthread_attr_t Attr;
  void *Low = nullptr;
  size_t Size = 0;
  if (pthread_getattr_np(pthread_self(), &Attr) != 0)
    return nullptr;
  pthread_attr_getstack(&Attr, &Low, &Size);
  pthread_attr_destroy(&Attr);
  setStackLimit(static_cast<const char *>(Low) + MarginBytes);
  setStackTop(static_cast<const char *>(Low) + Size);
  return static_cast<const char *>(Low);
}

ErrorHandler setErrorHandler(ErrorHandler H) {
  ErrorHandler Prev = Handler == defaultHandler ? nullptr : Handler;
  Handler = H ? H : defaultHandler;
  return Prev;
}

std::string formatRuntimeError(const std::string &Message, SiteId Site) {
  std::string Out = "Error: " + Message + "\n";
  const std::string &File = sourceFileName();
  SiteInfo Info = siteInfo(Site);
  if (Site != 0)
    Out += " --> " + File + ":" + std::to_string(Info.Line) + ":" +
           std::to_string(Info.Col) + "\n";
  uint32_t Depth = CallStack::depth();
  // Innermost first. A frame's current line is the error site for the
  // innermost frame, else the call site recorded by the frame inside it.
  for (uint32_t K = 0; K < Depth; ++K) {
    uint32_t I = Depth - 1 - K;
    if (K == MaxBacktraceInner && Depth > MaxBacktraceInner + MaxBacktraceOuter) {
      uint32_t Skipped = Depth - MaxBacktraceInner - MaxBacktraceOuter;
      Out += "  ... " + std::to_string(Skipped) + " more calls\n";
      K += Skipped - 1;
      continue;
    }
    const ActiveCall &Call = CallStack::at(I);
    bool Innermost = I + 1 == Depth;
    std::string Where = File;
    // Site 0 (out of memory) has no line: the innermost frame shows its file.
    if (!Innermost || Site != 0)
      Where += ":" + std::to_string(Innermost ? Info.Line
                                              : siteInfo(CallStack::at(I + 1).CallSite).Line);
    Out += std::string("  at ") + (Call.Name ? Call.Name : "<unknown>") + " (" + Where + ")\n";
  }
  return Out;
}

void raiseError(SiteId Site, const std::string &Message) {
  Handler(Message, Site);
  // A handler that returns has nowhere to go back to.
  defaultHandler(Message, Site);
}

void raiseOutOfMemory() {
  if (Handler != defaultHandler)
    Handler("Out of memory", 0);
  // The allocation that failed has no site; formatting a backtrace would
  // also need memory. One fixed line, written without allocating.
  flushOut();
  static const char Msg[] = "Error: Out of memory\n";
  ssize_t Ignored = ::write(2, Msg, sizeof(Msg) - 1);
  (void)Ignored;
  _exit(1);
}

void raiseTypeError(SiteId Site, const char *Op, Value L, Value R) {
  raiseError(Site, std::string("Type error: cannot apply '") + Op + "' to " +
                       kindName(L.K) + " and " + kindName(R.K));
}

void raiseUnaryTypeError(SiteId Site, const char *Op, Value V) {
  raiseError(Site, std::string("Type error: cannot apply '") + Op + "' to " +
                       kindName(V.K));
}

} // namespace ruchy
