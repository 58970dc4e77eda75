//===- profiler/Profile.h - What `ruchy-jit profile` reports -----*- C++ -*-===//
//
// The profiler's public interface. buildProfile turns a profiled run (the
// calling-context tree of interp/CallProfile.h, Tier 0's feedback in the
// AST, the tier manager's compile records and the front end's timings) into
// a Profile: per-function calls and times, compile phases, type stability
// per function and call site, hot functions and loops. The renderers write
// it as a terminal report, Markdown, JSON, and a flame graph as folded
// stacks, speedscope JSON or a self-contained SVG (profiler/FlameGraph.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_PROFILER_PROFILE_H
#define RUCHY_PROFILER_PROFILE_H

#include "frontend/Frontend.h"
#include "interp/CallProfile.h"
#include "jit/TierManager.h"

#include <string>
#include <vector>

namespace ruchy::profiler {

/// Thresholds of what the report calls hot (percent), `--hot-*` options.
struct HotThresholds {
  double TimeShare = 10;  ///< a function with this share of the self time
  double CallShare = 10;  ///< or of all calls
  double LoopShare = 10;  ///< a loop with this share of all loop iterations
};

struct FunctionProfile {
  const ast::FunctionDecl *Fn = nullptr;
  std::string Name; ///< `fib`, `Point::new`, `<closure:3:9>`
  unsigned Line = 0;
  uint64_t Calls = 0, CallsT0 = 0, CallsT1 = 0, CallsT2 = 0;
  double SelfMs = 0, TotalMs = 0; ///< total: with callees, recursion counted once
  double SelfMsTier[3] = {0, 0, 0};
  uint64_t AllocObjects = 0, AllocBytes = 0; ///< in its own code
  /// Argument signatures with their counts, most frequent first.
  std::vector<std::pair<std::string, uint64_t>> Signatures;
  /// Share of its calls made with its most frequent signature (1: stable).
  double Stability = 1;
  std::string StabilityClass; ///< monomorphic, polymorphic (2-4), megamorphic
  unsigned Tier = 0;          ///< highest tier its code reached
  std::vector<std::string> Specializations;
  double CompileMs = 0;
  bool Hot = false;
  std::string HotReason;
};

struct CallSiteProfile {
  std::string Function; ///< the caller
  unsigned Line = 0, Col = 0;
  std::string State; ///< mono, poly, mega
  uint64_t Calls = 0; ///< calls recorded by its inline cache
  std::vector<std::string> Targets; ///< `twice(Int)`
};

struct LoopProfile {
  std::string Function;
  unsigned Line = 0;
  uint64_t Iterations = 0; ///< in every tier
  uint64_t IterationsT0 = 0;
  uint64_t OsrEntries = 0;
  bool Hot = false;
};

struct PhaseTime {
  std::string Name; ///< `lex`, `parse`, `resolve`, `Tier 2 LLVM optimization`, ...
  double Ms = 0;
  unsigned Units = 0; ///< compiled units, for compile phases
};

struct Profile {
  std::string File;
  std::string Mode; ///< the tier mode profiled (`auto`, `0`, ...)
  double RunMs = 0;      ///< the instrumented run, wall clock (program thread)
  double ProcessMs = 0;  ///< the instrumented process from its start to the run's end
  double AccountedMs = 0; ///< the time the profile attributes (functions + sync compiles)
  double SyncCompileMs = 0; ///< compiles on the program thread (excluded from functions)
  /// Wall time of the same program without instrumentation; 0 when not
  /// measured (--no-overhead).
  double BaselineMs = 0;
  uint64_t TotalCalls = 0, TotalLoopIterations = 0;
  uint64_t AllocObjects = 0, AllocBytes = 0;
  HotThresholds Hot;
  std::vector<PhaseTime> Phases;
  std::vector<FunctionProfile> Functions; ///< by self time, most first
  std::vector<CallSiteProfile> Sites;     ///< sites that ran
  std::vector<LoopProfile> Loops;         ///< loops that ran, most iterations first
  const ProfileNode *Tree = nullptr;
  double TicksPerMs = 0;
};

/// Everything a profile is made from.
struct ProfileInputs {
  const ast::Program *Program = nullptr;
  const CallProfile *Calls = nullptr;
  const jit::TierManager *Tiers = nullptr;
  FrontendTimes Frontend;
  std::string Mode;
  double RunMs = 0, ProcessMs = 0;
  HotThresholds Hot;
};

Profile buildProfile(const ProfileInputs &In);

/// The terminal report.
std::string renderText(const Profile &P);
std::string renderMarkdown(const Profile &P);
std::string renderJson(const Profile &P);

/// Flame graphs of the calling-context tree (profiler/FlameGraph.cpp):
/// Brendan Gregg's folded stacks (`main;fib;fib 1234`, microseconds of self
/// time), speedscope's file format, and a self-contained SVG.
std::string foldedStacks(const Profile &P);
std::string speedscopeJson(const Profile &P);
std::string flameGraphSvg(const Profile &P);

/// A function's name as the reports show it.
std::string displayName(const ast::FunctionDecl *Fn);

} // namespace ruchy::profiler

#endif
