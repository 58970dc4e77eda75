//===- tools/ruchy-jit/OptimizeCommand.cpp - `ruchy-jit optimize` -*- C++ -*-===//
//
// Runs the AST passes (frontend/AstPasses.h) on a program and prints the
// result as Ruchy source, with what each pass changed and how long it took;
// --before-after runs the original and the optimized program alternately
// and reports whether they print the same and how their times compare.
// See docs/optimizer.md.
//
//===----------------------------------------------------------------------===//
#include "tools/ruchy-jit/OptimizeCommand.h"

#include "bench/harness/Process.h"
#include "tools/ruchy-jit/SelfExe.h"
#include "bench/harness/Stats.h"
#include "frontend/AstPasses.h"
#include "frontend/Frontend.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

using namespace ruchy;
namespace fs = std::filesystem;

namespace {

struct OptimizeArgs {
  std::string File;
  std::vector<std::string> Args;
  std::string Apply = "all";
  std::string Out;
  bool BeforeAfter = false;
  int Runs = 5;
  std::string Tier = "auto";
};

int beforeAfter(const OptimizeArgs &A, const std::string &Optimized) {
  auto Argv = [&](const std::string &File) {
    std::vector<std::string> V{selfExe(), "run", "--tier=" + A.Tier, File};
    V.insert(V.end(), A.Args.begin(), A.Args.end());
    return V;
  };
  std::vector<double> Before, After;
  std::string OutBefore, OutAfter;
  int StatusBefore = 0, StatusAfter = 0;
  for (int I = 0; I < std::max(A.Runs, 1); ++I) {
    // Alternating runs: a slower or faster spell of the machine hits both.
    bench::ProcessResult B = bench::runProcess(Argv(A.File), 3600);
    bench::ProcessResult O = bench::runProcess(Argv(Optimized), 3600);
    if (!B.Started || !O.Started || B.TimedOut || O.TimedOut) {
      std::cerr << "ruchy-jit optimize: a run did not start or timed out\n";
      return 1;
    }
    if (I == 0) {
      OutBefore = B.Stdout + "\n--stderr--\n" + B.Stderr.substr(0, B.Stderr.find('\n'));
      OutAfter = O.Stdout + "\n--stderr--\n" + O.Stderr.substr(0, O.Stderr.find('\n'));
      StatusBefore = B.ExitStatus;
      StatusAfter = O.ExitStatus;
    }
    Before.push_back(B.Seconds * 1000);
    After.push_back(O.Seconds * 1000);
  }
  bench::Summary SB = bench::summarize(Before), SA = bench::summarize(After);
  bool Same = OutBefore == OutAfter && StatusBefore == StatusAfter;
  std::cerr << fmt::format("before/after ({} runs each, alternating, --tier={}):\n", Before.size(), A.Tier);
  std::cerr << fmt::format("  original   median {:8.2f} ms  (min {:.2f}, max {:.2f}, spread {:.1f}%)\n",
                           SB.Median, SB.Min, SB.Max, SB.RelMad * 100);
  std::cerr << fmt::format("  optimized  median {:8.2f} ms  (min {:.2f}, max {:.2f}, spread {:.1f}%)\n",
                           SA.Median, SA.Min, SA.Max, SA.RelMad * 100);
  std::cerr << fmt::format("  speedup {:.2f}x{}; output {}\n", SA.Median > 0 ? SB.Median / SA.Median : 0,
                           bench::trusted(SB) && bench::trusted(SA) ? "" : " (spread too wide to trust)",
                           Same ? "identical" : "DIFFERS");
  if (!Same) {
    std::cerr << fmt::format("  original exit {}, optimized exit {}\n", StatusBefore, StatusAfter);
    return 1;
  }
  return 0;
}

int runOptimize(const OptimizeArgs &A) {
  std::ifstream In(A.File, std::ios::binary);
  if (!In) {
    std::cerr << "ruchy-jit: cannot read '" << A.File << "'\n";
    return 2;
  }
  std::ostringstream SS;
  SS << In.rdbuf();
  std::string Error;
  std::vector<std::string> Passes = parseAstPassList(A.Apply, Error);
  if (!Error.empty()) {
    std::cerr << "ruchy-jit: --apply: " << Error << "\n";
    return 2;
  }
  std::vector<Diagnostic> Errors;
  ast::Program *P = parseProgram(A.File, SS.str(), Errors);
  if (!Errors.empty()) {
    for (const Diagnostic &D : Errors)
      std::cerr << renderDiagnostic(D, A.File, SS.str());
    return 1;
  }
  std::vector<AstPassResult> Results = runAstPasses(*P, Passes);
  std::string Text = printProgram(*P);
  // The output must read back: a printer bug is reported, not written.
  std::vector<Diagnostic> Again;
  parseProgram(A.File, Text, Again);
  if (!Again.empty()) {
    std::cerr << "ruchy-jit optimize: internal error: the optimized program does not parse: "
              << Again[0].Message << "\n";
    return 1;
  }
  for (const AstPassResult &R : Results) {
    std::cerr << fmt::format("pass {}: {} change(s) in {:.3f} ms\n", R.Pass, R.Changes, R.Seconds * 1000);
    for (const std::string &N : R.Notes)
      std::cerr << fmt::format("  {}:{}\n", A.File, N);
  }
  std::string OutFile = A.Out;
  if (OutFile.empty() && A.BeforeAfter)
    OutFile = (fs::temp_directory_path() / fmt::format("ruchy-optimized-{}.ruchy", getpid())).string();
  if (A.Out.empty() || A.Out == "-") {
    std::cout << Text;
    std::cout.flush();
  }
  if (!OutFile.empty() && OutFile != "-") {
    std::ofstream Out(OutFile, std::ios::binary);
    Out << Text;
    if (!Out) {
      std::cerr << "ruchy-jit: cannot write '" << OutFile << "'\n";
      return 2;
    }
  }
  if (!A.BeforeAfter)
    return 0;
  int Rc = beforeAfter(A, OutFile);
  if (A.Out.empty())
    fs::remove(OutFile);
  return Rc;
}

} // namespace

std::function<int()> ruchy::addOptimizeCommand(CLI::App &App, CLI::App *&Sub) {
  auto A = std::make_shared<OptimizeArgs>();
  std::string Passes;
  for (const AstPassInfo &P : astPasses())
    Passes += fmt::format("\n  {}: {}", P.Flag, P.Description);
  Sub = App.add_subcommand("optimize", "Run the AST optimizer on a program and print the optimized "
                                       "program as Ruchy source, with per-pass statistics (stderr)");
  Sub->add_option("file", A->File, "The .ruchy program")->required();
  Sub->add_option("args", A->Args, "Arguments for the program (--before-after runs)");
  Sub->add_option("--apply", A->Apply, "Passes to run, comma-separated, or all / none (default all):" + Passes);
  Sub->add_option("-o,--output", A->Out, "Write the optimized program to FILE instead of stdout");
  Sub->add_flag("--before-after", A->BeforeAfter,
                "Run the original and the optimized program (alternately, --runs times each) and "
                "report whether they print the same and the speedup");
  Sub->add_option("--runs", A->Runs, "Runs of each program for --before-after (default 5)")
      ->check(CLI::Range(1, 1000));
  Sub->add_option("--tier", A->Tier, "Tier mode of the --before-after runs (default auto)")
      ->check(CLI::IsMember({"0", "1", "2", "auto"}));
  return [A] { return runOptimize(*A); };
}
