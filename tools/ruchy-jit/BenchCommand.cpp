//===- tools/ruchy-jit/BenchCommand.cpp - `ruchy-jit bench` ------*- C++ -*-===//
//
// The benchmark harness on the command line: which programs, which tier
// modes and peers, how many runs, and where the reports go. See
// docs/benchmarks.md.
//
//===----------------------------------------------------------------------===//
#include "tools/ruchy-jit/BenchCommand.h"

#include "bench/harness/Harness.h"
#include "bench/harness/Report.h"
#include "tools/ruchy-jit/SelfExe.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <unistd.h>

using namespace ruchy;
using namespace ruchy::bench;
namespace fs = std::filesystem;

namespace {

struct BenchArgs {
  std::vector<std::string> Paths;
  std::string Modes;
  bool Peers = false;
  std::string OnlyPeers;
  int Runs = -1, Warmup = -1;
  bool Quick = false;
  double Timeout = 120;
  std::string Json, Markdown, Svg, Baseline, WriteBaseline;
  double Tolerance = 0.25;
  bool Quiet = false;
  /// compare-modes: the program's own arguments.
  std::vector<std::string> ProgramArgs;
};

std::vector<std::string> splitList(const std::string &S) {
  std::vector<std::string> Out;
  std::stringstream SS(S);
  std::string Item;
  while (std::getline(SS, Item, ','))
    if (!Item.empty())
      Out.push_back(Item);
  return Out;
}

/// bench/programs of the source tree: from the current directory, or from
/// the binary's location (build/bin/ruchy-jit).
std::string defaultProgramsDir() {
  if (fs::is_directory("bench/programs"))
    return "bench/programs";
  fs::path FromExe = fs::path(selfExe()).parent_path() / ".." / ".." / "bench" / "programs";
  if (fs::is_directory(FromExe))
    return FromExe.lexically_normal().string();
  return "bench/programs";
}

bool writeFile(const std::string &Path, const std::string &Text) {
  std::ofstream Out(Path, std::ios::binary);
  Out << Text;
  if (!Out) {
    std::cerr << "ruchy-jit bench: cannot write '" << Path << "'\n";
    return false;
  }
  return true;
}

int runBench(const BenchArgs &A) {
  std::vector<std::string> Errors;
  std::vector<std::string> Paths = A.Paths;
  if (Paths.empty())
    Paths.push_back(defaultProgramsDir());
  std::vector<Program> Programs = loadPrograms(Paths, Errors);
  for (const std::string &E : Errors)
    std::cerr << "ruchy-jit bench: " << E << "\n";
  if (!Errors.empty())
    return 2;
  if (Programs.empty()) {
    std::cerr << "ruchy-jit bench: no benchmark programs found\n";
    return 2;
  }
  for (Program &P : Programs)
    P.Args = A.ProgramArgs;

  HarnessOptions O;
  O.Modes = A.Modes.empty() ? availableModes() : splitList(A.Modes);
  for (const std::string &M : O.Modes)
    if (M != "t0" && M != "t1" && M != "t2" && M != "auto") {
      std::cerr << "ruchy-jit bench: unknown mode '" << M << "' (modes: t0, t1, t2, auto)\n";
      return 2;
    }
  O.Peers = A.Peers || !A.OnlyPeers.empty() || !A.Baseline.empty() || !A.WriteBaseline.empty();
  O.OnlyPeers = splitList(A.OnlyPeers);
  if (!A.Peers && A.OnlyPeers.empty() && O.Peers)
    O.OnlyPeers = {"c"}; // baselines are ratios to C
  O.Quick = A.Quick;
  O.Runs = A.Runs >= 0 ? A.Runs : (A.Quick ? 1 : 5);
  O.Warmup = A.Warmup >= 0 ? A.Warmup : (A.Quick ? 0 : 1);
  if (O.Runs == 0) {
    std::cerr << "ruchy-jit bench: --runs must be at least 1\n";
    return 2;
  }
  O.TimeoutSeconds = A.Timeout;
  O.EngineExe = selfExe();
  O.WorkDir = (fs::temp_directory_path() / fmt::format("ruchy-bench-{}", getpid())).string();
  if (!A.Quiet)
    O.Log = [](const std::string &S) { std::cerr << S << "\n"; };

  SuiteResult S = runSuite(Programs, O);
  std::error_code EC;
  fs::remove_all(O.WorkDir, EC);

  std::cout << renderTable(S);
  bool Ok = S.failures() == 0;
  if (!A.Json.empty())
    Ok &= writeFile(A.Json, renderJson(S));
  if (!A.Markdown.empty())
    Ok &= writeFile(A.Markdown, renderMarkdown(S));
  if (!A.Svg.empty())
    Ok &= writeFile(A.Svg, renderSvg(S));
  if (!A.WriteBaseline.empty())
    Ok &= writeFile(A.WriteBaseline, renderBaseline(S, A.Tolerance));
  if (!A.Baseline.empty()) {
    std::ifstream In(A.Baseline, std::ios::binary);
    if (!In) {
      std::cerr << "ruchy-jit bench: cannot read baseline '" << A.Baseline << "'\n";
      return 2;
    }
    std::stringstream SS;
    SS << In.rdbuf();
    BaselineCheck C = checkBaseline(S, SS.str());
    std::cout << "\n" << C.Report;
    Ok &= C.Ok;
  }
  if (S.failures())
    std::cout << fmt::format("\n{} runner(s) failed (see FAILED above)\n", S.failures());
  return Ok ? 0 : 1;
}

} // namespace

std::function<int()> ruchy::addBenchCommand(CLI::App &App, CLI::App *&Sub) {
  auto A = std::make_shared<BenchArgs>();
  Sub = App.add_subcommand("bench", "Run the benchmark suite in each tier mode and peer runtime");
  Sub->add_option("paths", A->Paths,
                  "Benchmark programs: .ruchy files or directories (default: bench/programs)");
  Sub->add_option("--modes", A->Modes, "Tier modes to run, comma-separated: t0,t1,t2,auto "
                                       "(default: every mode this build has)");
  Sub->add_flag("--peers", A->Peers,
                "Also run the installed peers: C (gcc -O2), node, lua5.4, luajit, python3, pypy3");
  Sub->add_option("--only-peers", A->OnlyPeers, "Run only these peers, comma-separated (c,node,...)");
  Sub->add_option("--runs", A->Runs, "Measured runs per program and runner (default 5; 1 with --quick)");
  Sub->add_option("--warmup", A->Warmup, "Unmeasured runs first (default 1; 0 with --quick)");
  Sub->add_flag("--quick", A->Quick, "Small sizes: the whole suite in under a minute (checks checksums)");
  Sub->add_option("--timeout", A->Timeout, "Seconds before a run is killed (default 120)");
  Sub->add_option("--json", A->Json, "Write all results as JSON to FILE");
  Sub->add_option("--markdown", A->Markdown, "Write a Markdown table to FILE");
  Sub->add_option("--svg", A->Svg, "Write an SVG bar chart to FILE");
  Sub->add_option("--baseline", A->Baseline,
                  "Compare ratios (never absolute times) with a baseline file; exit 1 on regression");
  Sub->add_option("--write-baseline", A->WriteBaseline, "Write this run's ratios as a baseline file");
  Sub->add_option("--tolerance", A->Tolerance,
                  "Relative change of a ratio allowed by --write-baseline files (default 0.25)");
  Sub->add_flag("--quiet", A->Quiet, "No progress lines on stderr");
  return [A] { return runBench(*A); };
}

std::function<int()> ruchy::addCompareModesCommand(CLI::App &App, CLI::App *&Sub) {
  auto A = std::make_shared<BenchArgs>();
  A->Paths.resize(1);
  Sub = App.add_subcommand("compare-modes",
                           "Run one program in every tier mode (and peers with --peers), alternating "
                           "runs, and report medians, spread and speedups");
  Sub->add_option("file", A->Paths[0], "The .ruchy program (peers: same name, other extension, beside it)")
      ->required();
  Sub->add_option("args", A->ProgramArgs, "Arguments for the program");
  Sub->add_option("--modes", A->Modes, "Tier modes, comma-separated: t0,t1,t2,auto (default: all)");
  Sub->add_flag("--peers", A->Peers, "Also run the peer versions beside the file (C, JavaScript, Lua, Python)");
  Sub->add_option("--runs", A->Runs, "Measured runs per mode (default 5)");
  Sub->add_option("--warmup", A->Warmup, "Unmeasured runs first (default 1)");
  Sub->add_option("--timeout", A->Timeout, "Seconds before a run is killed (default 120)");
  Sub->add_option("--json", A->Json, "Write the results as JSON to FILE");
  Sub->add_option("--markdown", A->Markdown, "Write a Markdown table to FILE");
  Sub->add_option("--svg", A->Svg, "Write an SVG bar chart to FILE");
  Sub->add_flag("--quiet", A->Quiet, "No progress lines on stderr");
  return [A] { return runBench(*A); };
}
