//===- runtime/Output.cpp - Buffered stdout, direct stderr -----------------===//
//
// Program stdout goes through one large buffer written with write(2) when it
// fills, before stderr output, before an error report and at exit. An
// interactive stdout (a terminal) is written through so the REPL shows
// output at once.
//
//===----------------------------------------------------------------------===//
#include "runtime/Output.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace ruchy {

namespace {

/// Large enough that print-heavy programs make few system calls, small
/// enough to be irrelevant for memory.
constexpr size_t OutBufferSize = 1 << 16;

char OutBuffer[OutBufferSize];
size_t OutUsed = 0;
std::string *Sink = nullptr;
int Interactive = -1; ///< -1: not yet known

void writeAll(int Fd, const char *P, size_t N) {
  while (N > 0) {
    ssize_t W = ::write(Fd, P, N);
    if (W < 0) {
      if (errno == EINTR)
        continue;
      return; // Nowhere to report a broken stdout/stderr.
    }
    P += W;
    N -= static_cast<size_t>(W);
  }
}

void initOnce() {
  Interactive = ::isatty(1) ? 1 : 0;
  std::atexit(flushOut);
}

} // namespace

void writeOut(std::string_view Text) {
  if (Sink) {
    Sink->append(Text);
    return;
  }
  if (__builtin_expect(Interactive < 0, 0))
    initOnce();
  if (OutUsed + Text.size() > OutBufferSize) {
    flushOut();
    if (Text.size() >= OutBufferSize) {
      writeAll(1, Text.data(), Text.size());
      return;
    }
  }
  std::memcpy(OutBuffer + OutUsed, Text.data(), Text.size());
  OutUsed += Text.size();
  if (Interactive)
    flushOut();
}

void writeErr(std::string_view Text) {
  // Keep the relative order of stdout and stderr when both reach one file.
  flushOut();
  writeAll(2, Text.data(), Text.size());
}

void flushOut() {
  if (OutUsed == 0)
    return;
  size_t N = OutUsed;
  OutUsed = 0;
  writeAll(1, OutBuffer, N);
}

void captureOutput(std::string *S) {
  flushOut();
  Sink = S;
}

} // namespace ruchy
