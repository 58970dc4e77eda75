//===- bench/harness/Harness.cpp - Run a suite, alternating runners -*- C++ -*-===//
#include "bench/harness/Harness.h"

#include "bench/harness/Process.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sys/utsname.h>
#include <thread>

using namespace ruchy::bench;
namespace fs = std::filesystem;

unsigned SuiteResult::failures() const {
  unsigned N = 0;
  for (const ProgramResult &P : Programs)
    for (const RunnerResult &R : P.Runners)
      N += R.Failed;
  return N;
}

std::string ruchy::bench::checksumLine(const std::string &Stdout) {
  size_t End = Stdout.size();
  while (End > 0) {
    while (End > 0 && (Stdout[End - 1] == '\n' || Stdout[End - 1] == '\r' ||
                       Stdout[End - 1] == ' '))
      --End;
    size_t Begin = Stdout.rfind('\n', End ? End - 1 : 0);
    Begin = Begin == std::string::npos ? 0 : Begin + 1;
    if (End > Begin)
      return Stdout.substr(Begin, End - Begin);
    if (Begin == 0)
      break;
    End = Begin;
  }
  return "";
}

namespace {

std::string machineDescription() {
  std::string Cpu;
  std::ifstream In("/proc/cpuinfo");
  std::string Line;
  while (std::getline(In, Line))
    if (Line.rfind("model name", 0) == 0) {
      Cpu = Line.substr(Line.find(':') + 2);
      break;
    }
  struct utsname U;
  uname(&U);
  return fmt::format("{} ({} cores), {} {}", Cpu.empty() ? "unknown CPU" : Cpu,
                     std::thread::hardware_concurrency(), U.sysname, U.release);
}

std::string today() {
  std::time_t T = std::time(nullptr);
  char Buf[32];
  std::strftime(Buf, sizeof(Buf), "%Y-%m-%d %H:%M UTC", std::gmtime(&T));
  return Buf;
}

/// Compiles a C peer once per harness run; returns the binary or an error.
std::string compileC(const Program &P, const HarnessOptions &Opts, const std::string &Gcc,
                     std::string &Error) {
  static std::map<std::string, std::string> Cache;
  const std::string &Src = P.Sources.at(".c");
  if (auto It = Cache.find(Src); It != Cache.end())
    return It->second;
  fs::create_directories(Opts.WorkDir);
  std::string Bin = (fs::path(Opts.WorkDir) / (P.Name + "-c")).string();
  ProcessResult R = runProcess({Gcc, "-O2", "-o", Bin, Src, "-lm"}, 120);
  if (R.ExitStatus != 0) {
    Error = fmt::format("gcc failed: {}", R.Stderr.substr(0, 300));
    return "";
  }
  Cache[Src] = Bin;
  return Bin;
}

} // namespace

ProcessResult ruchy::bench::runOnce(const Runner &R, const Program &P, const std::string &SizeArg,
                                    const HarnessOptions &Opts, std::string &Error) {
  std::vector<std::string> Argv;
  const std::string &Src = P.Sources.at(R.Ext);
  if (!R.IsPeer) {
    std::string Tier = R.Id.substr(0, 1) == "t" ? R.Id.substr(1) : R.Id;
    Argv = {R.Exe, "run", "--tier=" + Tier, Src};
  } else if (R.Id == "c") {
    std::string Bin = compileC(P, Opts, R.Exe, Error);
    if (Bin.empty())
      return ProcessResult();
    Argv = {Bin};
  } else {
    Argv = {R.Exe, Src};
  }
  if (!SizeArg.empty())
    Argv.push_back(SizeArg);
  Argv.insert(Argv.end(), P.Args.begin(), P.Args.end());
  return runProcess(Argv, Opts.TimeoutSeconds);
}

SuiteResult ruchy::bench::runSuite(const std::vector<Program> &Programs,
                                   const HarnessOptions &Opts) {
  SuiteResult Suite;
  Suite.Options = Opts;
  Suite.Machine = machineDescription();
  Suite.Date = today();
  auto Log = [&](const std::string &S) {
    if (Opts.Log)
      Opts.Log(S);
  };

  std::vector<Runner> Runners;
  std::vector<std::string> Available = availableModes();
  for (const std::string &M : Opts.Modes) {
    if (std::find(Available.begin(), Available.end(), M) == Available.end()) {
      Suite.Warnings.push_back(fmt::format("mode {} is not available in this build: skipped", M));
      continue;
    }
    Runners.push_back(engineRunner(M, Opts.EngineExe));
  }
  if (Opts.Peers)
    for (Runner &R : installedPeers())
      if (Opts.OnlyPeers.empty() ||
          std::find(Opts.OnlyPeers.begin(), Opts.OnlyPeers.end(), R.Id) != Opts.OnlyPeers.end())
        Runners.push_back(std::move(R));
  Suite.Runners = Runners;

  for (const Program &P : Programs) {
    ProgramResult PR;
    PR.P = P;
    std::string Size = Opts.Quick ? P.QuickSize : P.FullSize;
    PR.ExpectedChecksum = Opts.Quick ? P.ChecksumQuick : P.ChecksumFull;
    for (const Runner &R : Runners)
      if (P.Sources.count(R.Ext)) {
        RunnerResult RR;
        RR.R = R;
        PR.Runners.push_back(std::move(RR));
      }
    size_t NR = PR.Runners.size();
    unsigned Total = Opts.Warmup + Opts.Runs;
    for (unsigned Round = 0; Round < Total; ++Round) {
      bool Measured = Round >= Opts.Warmup;
      // Rotate the order every round so no runner always goes first.
      for (size_t K = 0; K < NR; ++K) {
        RunnerResult &RR = PR.Runners[(K + Round) % NR];
        if (RR.Failed)
          continue;
        std::string Error;
        ProcessResult Res = runOnce(RR.R, P, Size, Opts, Error);
        std::string Sum = checksumLine(Res.Stdout);
        if (!Error.empty()) {
          RR.Failed = true;
          RR.Failure = Error;
        } else if (!Res.Started) {
          RR.Failed = true;
          RR.Failure = "could not start";
        } else if (Res.TimedOut) {
          RR.Failed = true;
          RR.Failure = fmt::format("timed out after {:.0f} s", Opts.TimeoutSeconds);
        } else if (Res.ExitStatus != 0) {
          RR.Failed = true;
          std::string Err = Res.Stderr.substr(0, Res.Stderr.find('\n'));
          RR.Failure = fmt::format("exit status {}{}{}", Res.ExitStatus, Err.empty() ? "" : ": ", Err);
        } else if (!PR.ExpectedChecksum.empty() && Sum != PR.ExpectedChecksum) {
          RR.Failed = true;
          RR.Failure = fmt::format("checksum mismatch: got '{}', expected '{}'", Sum,
                                   PR.ExpectedChecksum);
        }
        if (RR.Checksum.empty())
          RR.Checksum = Sum;
        if (RR.Failed) {
          Log(fmt::format("  {} {}: FAILED ({})", P.Name, RR.R.Label, RR.Failure));
          continue;
        }
        RR.PeakRssKb = std::max(RR.PeakRssKb, Res.PeakRssKb);
        if (Measured)
          RR.Samples.push_back(Res.Seconds);
        Log(fmt::format("  {} {} run {}/{}: {:.3f} s{}", P.Name, RR.R.Label, Round + 1, Total,
                        Res.Seconds, Measured ? "" : " (warm-up)"));
      }
    }
    // Without an expected checksum, every runner must agree with the first
    // one that completed.
    if (PR.ExpectedChecksum.empty()) {
      std::string Ref;
      for (RunnerResult &RR : PR.Runners)
        if (!RR.Failed && Ref.empty())
          Ref = RR.Checksum;
      for (RunnerResult &RR : PR.Runners)
        if (!RR.Failed && RR.Checksum != Ref) {
          RR.Failed = true;
          RR.Failure = fmt::format("checksum mismatch: got '{}', others printed '{}'",
                                   RR.Checksum, Ref);
        }
    }
    for (RunnerResult &RR : PR.Runners)
      RR.S = summarize(RR.Samples);
    Suite.Programs.push_back(std::move(PR));
  }
  return Suite;
}
