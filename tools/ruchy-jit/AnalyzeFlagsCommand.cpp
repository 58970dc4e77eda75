//===- tools/ruchy-jit/AnalyzeFlagsCommand.cpp - `analyze-flags` -*- C++ -*-===//
//
// Tier 2 at each LLVM optimization level (-O0 ... -O3, -Os, -Oz) on one
// program: compile time and machine-code size (from one run with
// --tier-stats=json, which times every call), and run time (whole process,
// uninstrumented runs alternating between the levels; median and spread),
// with a recommendation stated from those numbers. Every level must print
// the same output. See docs/cli.md.
//
//===----------------------------------------------------------------------===//
#include "tools/ruchy-jit/AnalyzeFlagsCommand.h"

#include "bench/harness/Process.h"
#include "tools/ruchy-jit/SelfExe.h"
#include "bench/harness/Stats.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

using namespace ruchy;
namespace fs = std::filesystem;

namespace {

struct Args {
  std::string File;
  std::vector<std::string> ProgramArgs;
  int Runs = 5;
  std::string Json, Markdown;
};

struct Level {
  std::string Name; ///< "-O3"
  int Value;        ///< --jit-opt-t2
  double CompileMs = 0;
  uint64_t CodeBytes = 0;
  unsigned Units = 0;
  std::vector<double> Samples;
  bench::Summary S;
  std::string Output;
};

std::vector<std::string> runArgv(const Args &A, const Level &L, const std::string &StatsFile) {
  std::vector<std::string> V{selfExe(), "run", "--tier=2", fmt::format("--jit-opt-t2={}", L.Value)};
  if (!StatsFile.empty()) {
    V.push_back("--tier-stats=json");
    V.push_back("--stats-file=" + StatsFile);
  }
  V.push_back(A.File);
  V.insert(V.end(), A.ProgramArgs.begin(), A.ProgramArgs.end());
  return V;
}

int analyzeFlags(const Args &A) {
  if (!std::ifstream(A.File)) {
    std::cerr << "ruchy-jit: cannot read '" << A.File << "'\n";
    return 2;
  }
  std::vector<Level> Levels = {{"-O0", 0}, {"-O1", 1}, {"-O2", 2}, {"-O3", 3}, {"-Os", 4}, {"-Oz", 5}};
  std::string Stats = (fs::temp_directory_path() / fmt::format("ruchy-flags-{}.json", getpid())).string();
  for (Level &L : Levels) {
    bench::ProcessResult R = bench::runProcess(runArgv(A, L, Stats), 3600);
    if (!R.Started || R.TimedOut) {
      std::cerr << "ruchy-jit analyze-flags: the " << L.Name << " run did not finish\n";
      return 1;
    }
    std::ifstream In(Stats);
    nlohmann::json J = nlohmann::json::parse(In, nullptr, /*allow_exceptions=*/false);
    if (J.is_discarded()) {
      std::cerr << "ruchy-jit analyze-flags: no statistics from the " << L.Name << " run (exit "
                << R.ExitStatus << ")\n";
      return 1;
    }
    for (const auto &F : J["functions"]) {
      L.CompileMs += F["jit"].value("compile_ms_t2", 0.0);
      L.CodeBytes += F["jit"].value("code_bytes_t2", uint64_t(0));
      L.Units += static_cast<unsigned>(F["jit"]["specializations"].size());
    }
  }
  fs::remove(Stats);
  // Timed runs without instrumentation, alternating levels round by round.
  for (int Round = 0; Round <= A.Runs; ++Round)
    for (Level &L : Levels) {
      bench::ProcessResult R = bench::runProcess(runArgv(A, L, ""), 3600);
      if (!R.Started || R.TimedOut) {
        std::cerr << "ruchy-jit analyze-flags: a " << L.Name << " run did not finish\n";
        return 1;
      }
      if (Round == 0) {
        L.Output = R.Stdout + "\n" + std::to_string(R.ExitStatus);
        continue; // warm-up: the page cache, LLVM's code
      }
      L.Samples.push_back(R.Seconds * 1000);
    }
  bool Same = true;
  for (Level &L : Levels) {
    L.S = bench::summarize(L.Samples);
    Same &= L.Output == Levels[3].Output;
  }
  const Level &O3 = Levels[3];
  std::string Table = fmt::format("{:<5} {:>11} {:>11} {:>7} {:>12} {:>8} {:>13} {:>9}\n", "level",
                                  "compile ms", "code bytes", "units", "run ms (med)", "spread",
                                  "run - compile", "vs -O3");
  for (const Level &L : Levels)
    Table += fmt::format("{:<5} {:>11.2f} {:>11} {:>7} {:>12.2f} {:>7.1f}% {:>13.2f} {:>8.2f}x\n", L.Name,
                         L.CompileMs, L.CodeBytes, L.Units, L.S.Median, L.S.RelMad * 100,
                         L.S.Median - L.CompileMs, L.S.Median / O3.S.Median);
  // The recommendation: the fastest whole run, unless it is within the
  // noise of -O3 (the default), with the trade-offs that decide it.
  const Level *Best = &Levels[0];
  for (const Level &L : Levels)
    if (L.S.Median < Best->S.Median)
      Best = &L;
  const Level *Smallest = &Levels[0], *Quickest = &Levels[0];
  for (const Level &L : Levels) {
    if (L.CodeBytes < Smallest->CodeBytes)
      Smallest = &L;
    if (L.CompileMs < Quickest->CompileMs)
      Quickest = &L;
  }
  double Noise = std::max({Best->S.RelMad, O3.S.RelMad, 0.02});
  std::string Advice;
  if (Best == &O3 || Best->S.Median > O3.S.Median * (1 - 2 * Noise))
    Advice = fmt::format("keep -O3 (the default): {} runs {:.1f}% faster, within twice the spread "
                         "({:.1f}%); no level is measurably better here.",
                         Best->Name, (1 - Best->S.Median / O3.S.Median) * 100, Noise * 100);
  else
    Advice = fmt::format("use --jit-opt-t2={} ({}): the whole run takes {:.2f} ms against {:.2f} ms at -O3 "
                         "({:.1f}% faster, beyond twice the spread of {:.1f}%).",
                         Best->Value, Best->Name, Best->S.Median, O3.S.Median,
                         (1 - Best->S.Median / O3.S.Median) * 100, Noise * 100);
  Advice += fmt::format(" Fastest compile: {} ({:.2f} ms of Tier 2 compiles against {:.2f} ms at -O3); "
                        "smallest code: {} ({} bytes against {}).",
                        Quickest->Name, Quickest->CompileMs, O3.CompileMs, Smallest->Name,
                        Smallest->CodeBytes, O3.CodeBytes);
  std::cout << fmt::format("Tier 2 optimization levels on {} (--tier=2, {} timed runs each, alternating)\n",
                           A.File, A.Runs)
            << Table << "\nrecommendation: " << Advice << "\n";
  if (!Same)
    std::cout << "WARNING: the levels' outputs differ\n";
  bool Ok = Same;
  if (!A.Json.empty()) {
    nlohmann::json J;
    J["file"] = A.File;
    J["runs"] = A.Runs;
    for (const Level &L : Levels)
      J["levels"].push_back({{"level", L.Name},
                             {"jit_opt_t2", L.Value},
                             {"compile_ms", L.CompileMs},
                             {"code_bytes", L.CodeBytes},
                             {"units", L.Units},
                             {"run_ms_median", L.S.Median},
                             {"run_ms_min", L.S.Min},
                             {"run_ms_max", L.S.Max},
                             {"spread", L.S.RelMad}});
    J["recommendation"] = Advice;
    J["outputs_identical"] = Same;
    std::ofstream(A.Json) << J.dump(2) << "\n";
  }
  if (!A.Markdown.empty()) {
    std::string Md = fmt::format("# Tier 2 optimization levels: `{}`\n\n| level | compile ms | code bytes | "
                                 "units | run ms (median) | spread | vs -O3 |\n|---|---:|---:|---:|---:|---:|---:|\n",
                                 A.File);
    for (const Level &L : Levels)
      Md += fmt::format("| {} | {:.2f} | {} | {} | {:.2f} | {:.1f}% | {:.2f}x |\n", L.Name, L.CompileMs,
                        L.CodeBytes, L.Units, L.S.Median, L.S.RelMad * 100, L.S.Median / O3.S.Median);
    Md += "\n**Recommendation:** " + Advice + "\n";
    std::ofstream(A.Markdown) << Md;
  }
  return Ok ? 0 : 1;
}

} // namespace

std::function<int()> ruchy::addAnalyzeFlagsCommand(CLI::App &App, CLI::App *&Sub) {
  auto A = std::make_shared<Args>();
  Sub = App.add_subcommand("analyze-flags", "Tier 2 at -O0, -O1, -O2, -O3, -Os, -Oz on one program: compile "
                                            "time, code size, run time, and a recommendation");
  Sub->add_option("file", A->File, "The .ruchy program")->required();
  Sub->add_option("args", A->ProgramArgs, "Arguments for the program");
  Sub->add_option("--runs", A->Runs, "Timed runs per level (default 5)")->check(CLI::Range(1, 1000));
  Sub->add_option("--json", A->Json, "Write the measurements as JSON to FILE");
  Sub->add_option("--markdown", A->Markdown, "Write a Markdown table to FILE");
  return [A] { return analyzeFlags(*A); };
}
