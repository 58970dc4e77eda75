//===- bench/harness/Harness.h - Run a suite, alternating runners -*- C++ -*-===//
//
// The harness proper: for every program, run every runner (tier modes and
// peers) as whole processes, alternating runners run by run so that drift on
// a noisy machine spreads evenly over them, check each run's checksum line,
// and summarize the timings.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_BENCH_HARNESS_H
#define RUCHY_BENCH_HARNESS_H

#include "bench/harness/Stats.h"
#include "bench/harness/Suite.h"

#include <functional>
#include <string>
#include <vector>

namespace ruchy::bench {

struct HarnessOptions {
  std::vector<std::string> Modes; ///< engine modes to run ("t0", ...)
  bool Peers = false;             ///< also run the installed peer runtimes
  std::vector<std::string> OnlyPeers; ///< restrict peers to these ids (empty: all)
  unsigned Runs = 5;
  unsigned Warmup = 1;
  bool Quick = false;             ///< quick sizes (CI smoke test)
  double TimeoutSeconds = 120;
  std::string EngineExe;          ///< the ruchy-jit binary
  std::string WorkDir;            ///< where compiled C peers go
  /// Progress lines (may be null).
  std::function<void(const std::string &)> Log;
};

/// The measurements of one runner on one program.
struct RunnerResult {
  Runner R;
  std::vector<double> Samples; ///< seconds, one per measured run
  long PeakRssKb = 0;          ///< maximum over runs
  Summary S;
  bool Failed = false;
  std::string Failure;         ///< why (exit status, checksum, time-out)
  std::string Checksum;        ///< the last output line of the first run
};

struct ProgramResult {
  Program P;
  std::string ExpectedChecksum; ///< from the manifest (may be empty)
  std::vector<RunnerResult> Runners;
  const RunnerResult *find(const std::string &Id) const {
    for (const RunnerResult &R : Runners)
      if (R.R.Id == Id)
        return &R;
    return nullptr;
  }
};

struct SuiteResult {
  std::vector<ProgramResult> Programs;
  std::vector<Runner> Runners; ///< every runner that took part, in order
  std::string Machine;         ///< CPU model, cores, OS
  std::string Date;
  HarnessOptions Options;
  std::vector<std::string> Warnings;
  /// Number of failed runs (checksum mismatches, crashes, time-outs).
  unsigned failures() const;
};

SuiteResult runSuite(const std::vector<Program> &Programs, const HarnessOptions &Opts);

/// The last non-empty line of a program's output: its checksum.
std::string checksumLine(const std::string &Stdout);

/// Runs one runner once on a program (compiling C first when needed) and
/// returns the process result; the command it ran goes to Command.
struct ProcessResult;
ProcessResult runOnce(const Runner &R, const Program &P, const std::string &SizeArg,
                      const HarnessOptions &Opts, std::string &Error);

} // namespace ruchy::bench

#endif
