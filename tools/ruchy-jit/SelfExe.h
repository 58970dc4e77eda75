//===- tools/ruchy-jit/SelfExe.h - This binary's path ------------*- C++ -*-===//
//
// The commands that run programs as child processes (profile's overhead run,
// optimize --before-after, compare-modes, analyze-flags, bench) run this
// same binary.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_TOOLS_SELFEXE_H
#define RUCHY_TOOLS_SELFEXE_H

#include <string>
#include <unistd.h>

namespace ruchy {

inline std::string selfExe() {
  char Buf[4096];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof(Buf) - 1);
  return N > 0 ? std::string(Buf, static_cast<size_t>(N)) : std::string("ruchy-jit");
}

} // namespace ruchy

#endif
