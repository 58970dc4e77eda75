//===- interp/CallProfile.h - The calling-context tree of a profiled run -*- C++ -*-===//
//
// `ruchy-jit profile` measures by instrumentation: with timing on, every
// call, from every tier, goes through Interpreter::callFunction (compiled
// code takes its runtime call path, see jit/CodegenCalls.cpp), which moves
// along this tree, one node per distinct call path, and charges the
// time-stamp-counter ticks and heap allocations since the last switch to the
// node (and tier) running. The tree is exact, not sampled: call counts are
// the program's, and a flame graph is the tree itself. What the
// instrumentation costs is measured by the profiler (profiler/) against an
// uninstrumented run and reported.
//
// The profiler reads it; nothing else depends on it.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_INTERP_CALLPROFILE_H
#define RUCHY_INTERP_CALLPROFILE_H

#include "frontend/AST.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ruchy {

struct ProfileNode {
  const ast::FunctionDecl *Fn = nullptr; ///< null: the root (the process)
  ProfileNode *Parent = nullptr;
  uint64_t Calls = 0;
  uint64_t Ticks[3] = {0, 0, 0}; ///< self time in Tier 0, 1 and 2
  uint64_t AllocObjects = 0, AllocBytes = 0; ///< heap allocations in its own code
  std::vector<std::unique_ptr<ProfileNode>> Children;

  /// The node of a call of Fn from this one (made on the first such call).
  ProfileNode *child(const ast::FunctionDecl *Callee) {
    // Few distinct callees per context: a linear search beats hashing.
    for (auto &C : Children)
      if (C->Fn == Callee)
        return C.get();
    Children.push_back(std::make_unique<ProfileNode>());
    ProfileNode *C = Children.back().get();
    C->Fn = Callee;
    C->Parent = this;
    return C;
  }
  uint64_t selfTicks() const { return Ticks[0] + Ticks[1] + Ticks[2]; }
};

struct CallProfile {
  ProfileNode Root;
  /// Time-stamp-counter ticks per second, measured over the run by whoever
  /// reads the profile (it may be read before the run ends, at an error).
  double TicksPerSecond = 0;
  /// Ticks the program thread spent in synchronous compiles (excluded from
  /// every function's time).
  uint64_t CompileTicks = 0;
};

} // namespace ruchy

#endif
