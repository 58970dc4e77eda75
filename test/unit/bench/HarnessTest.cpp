//===- test/unit/bench/HarnessTest.cpp - Benchmark harness tests ---------===//
//
// The harness must not report numbers it has no right to: statistics on
// fixed inputs, checksum mismatches, failing runs and baseline regressions.
//
//===----------------------------------------------------------------------===//
#include "bench/harness/Harness.h"
#include "bench/harness/Process.h"
#include "bench/harness/Report.h"
#include "bench/harness/Stats.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace ruchy::bench;
namespace fs = std::filesystem;

TEST(Stats, MedianMinMaxOnFixedInputs) {
  Summary S = summarize({5, 1, 3, 2, 4});
  EXPECT_EQ(S.Count, 5u);
  EXPECT_DOUBLE_EQ(S.Median, 3);
  EXPECT_DOUBLE_EQ(S.Min, 1);
  EXPECT_DOUBLE_EQ(S.Max, 5);
  EXPECT_DOUBLE_EQ(S.Mean, 3);
  // Deviations from 3: 2 2 0 1 1 -> median 1 -> relative 1/3.
  EXPECT_DOUBLE_EQ(S.RelMad, 1.0 / 3);
  EXPECT_DOUBLE_EQ(S.RelRange, 4.0 / 3);
}

TEST(Stats, EvenCountMedianAndTrust) {
  Summary S = summarize({1.0, 1.02, 0.99, 1.01});
  EXPECT_DOUBLE_EQ(S.Median, 1.005);
  EXPECT_TRUE(trusted(S));
  EXPECT_FALSE(trusted(summarize({1.0, 2.0, 3.0})));
  EXPECT_FALSE(trusted(summarize({1.0, 1.0}))); // too few runs
}

TEST(Stats, GeometricMean) {
  EXPECT_DOUBLE_EQ(geometricMean({2, 8}), 4);
  EXPECT_DOUBLE_EQ(geometricMean({}), 0);
}

TEST(Harness, ChecksumIsLastNonEmptyLine) {
  EXPECT_EQ(checksumLine("a\nb\n\n"), "b");
  EXPECT_EQ(checksumLine("only"), "only");
  EXPECT_EQ(checksumLine(""), "");
}

TEST(Process, ReportsExitStatusAndOutput) {
  ProcessResult R = runProcess({"sh", "-c", "echo hi; echo err >&2; exit 3"}, 10);
  EXPECT_TRUE(R.Started);
  EXPECT_EQ(R.ExitStatus, 3);
  EXPECT_EQ(R.Stdout, "hi\n");
  EXPECT_EQ(R.Stderr, "err\n");
  EXPECT_GT(R.PeakRssKb, 0);
}

TEST(Process, KillsOnTimeout) {
  ProcessResult R = runProcess({"sleep", "5"}, 0.2);
  EXPECT_TRUE(R.TimedOut);
  EXPECT_LT(R.Seconds, 2);
}

namespace {
/// A throwaway suite directory with a fake "engine" script standing in for
/// ruchy-jit: it prints the file's first line, or fails for files named
/// fail.ruchy.
struct FakeSuite {
  fs::path Dir;
  FakeSuite() {
    Dir = fs::temp_directory_path() / ("ruchy-harness-test-" + std::to_string(getpid()));
    fs::create_directories(Dir);
    write("engine.sh", "#!/bin/sh\n# args: run --tier=N FILE [SIZE]\n"
                       "case \"$3\" in *fail.ruchy) echo boom >&2; exit 1;; esac\n"
                       "head -n 1 \"$3\"\n");
    fs::permissions(Dir / "engine.sh", fs::perms::owner_all);
  }
  ~FakeSuite() { fs::remove_all(Dir); }
  void write(const std::string &Name, const std::string &Text) {
    std::ofstream(Dir / Name) << Text;
  }
  HarnessOptions options() {
    HarnessOptions O;
    O.Modes = {"t0"};
    O.Runs = 3;
    O.Warmup = 0;
    O.EngineExe = (Dir / "engine.sh").string();
    O.WorkDir = (Dir / "work").string();
    return O;
  }
};
} // namespace

TEST(Harness, ChecksumMismatchIsDetected) {
  FakeSuite F;
  F.write("p.ruchy", "result = 41\n");
  std::vector<std::string> Errors;
  std::vector<Program> Ps = loadPrograms({(F.Dir / "p.ruchy").string()}, Errors);
  ASSERT_TRUE(Errors.empty());
  ASSERT_EQ(Ps.size(), 1u);
  Ps[0].ChecksumFull = "result = 42";
  SuiteResult S = runSuite(Ps, F.options());
  ASSERT_EQ(S.Programs[0].Runners.size(), 1u);
  const RunnerResult &R = S.Programs[0].Runners[0];
  EXPECT_TRUE(R.Failed);
  EXPECT_NE(R.Failure.find("checksum mismatch"), std::string::npos);
  EXPECT_EQ(S.failures(), 1u);
}

TEST(Harness, FailingRunIsReported) {
  FakeSuite F;
  F.write("fail.ruchy", "x\n");
  std::vector<std::string> Errors;
  SuiteResult S = runSuite(loadPrograms({(F.Dir / "fail.ruchy").string()}, Errors), F.options());
  const RunnerResult &R = S.Programs[0].Runners[0];
  EXPECT_TRUE(R.Failed);
  EXPECT_NE(R.Failure.find("exit status 1: boom"), std::string::npos);
  EXPECT_NE(renderTable(S).find("FAILED"), std::string::npos);
  EXPECT_NE(renderMarkdown(S).find("FAIL"), std::string::npos);
}

TEST(Harness, SuccessfulRunsAreSummarized) {
  FakeSuite F;
  F.write("ok.ruchy", "sum = 7\n");
  std::vector<std::string> Errors;
  SuiteResult S = runSuite(loadPrograms({(F.Dir / "ok.ruchy").string()}, Errors), F.options());
  const RunnerResult &R = S.Programs[0].Runners[0];
  EXPECT_FALSE(R.Failed) << R.Failure;
  EXPECT_EQ(R.Samples.size(), 3u);
  EXPECT_EQ(R.Checksum, "sum = 7");
  EXPECT_GT(R.S.Median, 0);
  EXPECT_NE(renderJson(S).find("\"median_s\""), std::string::npos);
  EXPECT_NE(renderSvg(S).find("<svg"), std::string::npos);
}

TEST(Report, BaselineFlagsRegressionsOnly) {
  SuiteResult S;
  ProgramResult P;
  P.P.Name = "fib";
  RunnerResult T0, C;
  T0.R.Id = "t0";
  T0.S = summarize({2.0, 2.0, 2.0});
  C.R.Id = "c";
  C.R.IsPeer = true;
  C.S = summarize({0.5, 0.5, 0.5});
  P.Runners = {T0, C};
  S.Programs.push_back(P);
  // Now: t0 / c = 4.0.
  BaselineCheck Same = checkBaseline(S, R"({"tolerance": 0.25, "ratios": {"fib": {"reference": "c", "t0": 3.8}}})");
  EXPECT_TRUE(Same.Ok) << Same.Report;
  BaselineCheck Worse = checkBaseline(S, R"({"tolerance": 0.25, "ratios": {"fib": {"reference": "c", "t0": 2.0}}})");
  EXPECT_FALSE(Worse.Ok);
  EXPECT_NE(Worse.Report.find("REGRESSION"), std::string::npos);
  BaselineCheck Better = checkBaseline(S, R"({"tolerance": 0.25, "ratios": {"fib": {"reference": "c", "t0": 8.0}}})");
  EXPECT_TRUE(Better.Ok);
  EXPECT_NE(Better.Report.find("improvement"), std::string::npos);
}
