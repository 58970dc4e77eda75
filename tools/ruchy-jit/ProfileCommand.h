//===- tools/ruchy-jit/ProfileCommand.h - `ruchy-jit profile` ----*- C++ -*-===//
//
// The profile command runs a program like `run` does, with the calling-
// context profiler on (interp/CallProfile.h), and writes the reports of
// profiler/Profile.h. The overhead of the instrumentation is measured by
// running the same command uninstrumented first (output discarded).
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_TOOLS_PROFILECOMMAND_H
#define RUCHY_TOOLS_PROFILECOMMAND_H

#include "profiler/Profile.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace ruchy {

struct ProfileRequest {
  std::string Report; ///< the terminal report's file (stderr when empty)
  std::string Json, Markdown, Folded, Speedscope, Svg;
  profiler::HotThresholds Hot;
  bool MeasureOverhead = true;
  /// `ruchy-jit analyze`: the reports are the optimization opportunities
  /// (profiler/Analyze.h) instead of the profile.
  bool Analyze = false;
  /// Wall time of the uninstrumented run (ms), 0 when not measured.
  double BaselineMs = 0;
};

/// Adds the profile-only options (outputs, thresholds) to Sub.
void addProfileOptions(CLI::App *Sub, ProfileRequest &R);
/// Adds the analyze command's outputs to Sub.
void addAnalyzeOptions(CLI::App *Sub, ProfileRequest &R);

/// Runs RunArgv (`ruchy-jit run ...` with the profile's engine flags) with
/// its output discarded and returns its wall time in ms (0 on failure).
double measureBaseline(const std::vector<std::string> &RunArgv);

/// Builds the profile and writes every report asked for. Returns false
/// (after saying why on stderr) when a file cannot be written.
bool writeProfile(const ProfileRequest &R, const profiler::ProfileInputs &In);

} // namespace ruchy

#endif
