//===- test/fuzz/targets/FuzzSupport.h - What the fuzz targets share -*- C++ -*-===//
//
// libFuzzer calls a target on its main thread, whose 8 MiB stack the
// parser's and the interpreter's recursion (bounded by the parser's nesting
// limit and the Ruchy call depth, not by 8 MiB) would overrun under ASan.
// The engine runs programs on a thread with a large stack; so do the
// targets, one thread per input. Runtime errors throw instead of ending the
// process, and each input's syntax tree is freed (ast::NodePool).
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_TEST_FUZZ_FUZZSUPPORT_H
#define RUCHY_TEST_FUZZ_FUZZSUPPORT_H

#include "runtime/Error.h"

#include <gc.h>
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define RUCHY_FUZZ_ASAN 1
#endif
#endif

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <pthread.h>

namespace ruchy::fuzz {

/// The input thread's stack: room for the deepest nesting the parser allows
/// in an input of MaxInputBytes and for Tier 0 recursion up to the native
/// stack check, with ASan's larger frames. Reserved, touched only as used.
constexpr size_t InputStackBytes = size_t(256) << 20;
/// Left below the stack check for raising the error (as the engine does).
constexpr size_t StackGuardMarginBytes = size_t(16) << 20;

/// The low end of the input thread's stack.
inline thread_local char *InputStackLow = nullptr;

/// After an exception left a deep recursion: ASan does not clear the
/// poisoned redzones of the frames it unwound when they span more than its
/// limit (64 MiB; it warns "ignoring requested __asan_handle_no_return"), and
/// the next deep run would trip over them. The stack below this frame is
/// unused: clear it.
[[gnu::noinline]] inline void unpoisonUnusedStack() {
#ifdef RUCHY_FUZZ_ASAN
  char *Here = static_cast<char *>(__builtin_frame_address(0));
  if (InputStackLow && Here > InputStackLow)
    __asan_unpoison_memory_region(InputStackLow, static_cast<size_t>(Here - InputStackLow));
#endif
}

[[noreturn]] inline void throwingHandler(const std::string &Message, SiteId Site) {
  throw RuchyError{Message, Site};
}

/// Runs Body on a thread with an InputStackBytes stack, known to the
/// collector (gc.h routes pthread_create through it), with the native stack
/// check set for that thread.
inline void runOnProgramStack(const std::function<void()> &Body) {
  struct Arg {
    const std::function<void()> *Body;
  } A{&Body};
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setstacksize(&Attr, InputStackBytes);
  pthread_t T;
  auto Start = [](void *P) -> void * {
    InputStackLow = const_cast<char *>(setStackBoundsOfThisThread(StackGuardMarginBytes));
    (*static_cast<Arg *>(P)->Body)();
    return nullptr;
  };
  if (pthread_create(&T, &Attr, Start, &A) != 0) {
    std::fprintf(stderr, "fuzz target: cannot create the input thread\n");
    std::abort();
  }
  pthread_attr_destroy(&Attr);
  pthread_join(T, nullptr);
}

} // namespace ruchy::fuzz

#endif
