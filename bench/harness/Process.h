//===- bench/harness/Process.h - Run one command and measure it --*- C++ -*-===//
//
// Runs a command as a child process with its stdout captured, a time limit,
// and measures wall time and peak resident memory (from wait4's rusage).
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_BENCH_PROCESS_H
#define RUCHY_BENCH_PROCESS_H

#include <string>
#include <vector>

namespace ruchy::bench {

struct ProcessResult {
  bool Started = false;
  bool TimedOut = false;
  int ExitStatus = -1; ///< exit code, or 128 + signal number
  double Seconds = 0;  ///< wall-clock time
  long PeakRssKb = 0;  ///< maximum resident set size of the child
  std::string Stdout;
  std::string Stderr;
};

/// Runs Argv[0] (looked up in PATH) with the arguments; kills it after
/// TimeoutSeconds.
ProcessResult runProcess(const std::vector<std::string> &Argv, double TimeoutSeconds);

/// Full path of an executable found in PATH, or empty.
std::string findInPath(const std::string &Name);

} // namespace ruchy::bench

#endif
