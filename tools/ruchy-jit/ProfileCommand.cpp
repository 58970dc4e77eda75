//===- tools/ruchy-jit/ProfileCommand.cpp - `ruchy-jit profile` --*- C++ -*-===//
//
// Options and outputs of the profile command; main.cpp runs the program.
// See docs/profiling.md.
//
//===----------------------------------------------------------------------===//
#include "tools/ruchy-jit/ProfileCommand.h"

#include "bench/harness/Process.h"
#include "profiler/Analyze.h"
#include "runtime/Output.h"

#include <fmt/format.h>

#include <fstream>

using namespace ruchy;

void ruchy::addProfileOptions(CLI::App *Sub, ProfileRequest &R) {
  Sub->add_option("--report", R.Report, "Write the terminal report to FILE instead of stderr");
  Sub->add_option("--json", R.Json, "Write the profile as JSON to FILE");
  Sub->add_option("--markdown", R.Markdown, "Write the profile as Markdown to FILE");
  Sub->add_option("--folded", R.Folded,
                  "Write the flame graph as folded stacks to FILE (microseconds of self time)");
  Sub->add_option("--speedscope", R.Speedscope,
                  "Write the flame graph as speedscope JSON to FILE (https://www.speedscope.app)");
  Sub->add_option("--svg", R.Svg, "Write the flame graph as a self-contained SVG to FILE");
  Sub->add_option("--hot-time-share", R.Hot.TimeShare,
                  "Percent of the self time from which a function is hot (default 10)")
      ->check(CLI::Range(0.0, 100.0));
  Sub->add_option("--hot-call-share", R.Hot.CallShare,
                  "Percent of all calls from which a function is hot (default 10)")
      ->check(CLI::Range(0.0, 100.0));
  Sub->add_option("--hot-loop-share", R.Hot.LoopShare,
                  "Percent of all loop iterations from which a loop is hot (default 10)")
      ->check(CLI::Range(0.0, 100.0));
  Sub->add_flag("!--no-overhead", R.MeasureOverhead,
                "Do not run the program a second time without instrumentation to measure the "
                "profiler's overhead");
}

void ruchy::addAnalyzeOptions(CLI::App *Sub, ProfileRequest &R) {
  R.Analyze = true;
  R.MeasureOverhead = false;
  Sub->add_option("--report", R.Report, "Write the terminal report to FILE instead of stderr");
  Sub->add_option("--json", R.Json, "Write the opportunities as JSON to FILE");
  Sub->add_option("--markdown", R.Markdown, "Write the opportunities as Markdown to FILE");
}

double ruchy::measureBaseline(const std::vector<std::string> &RunArgv) {
  bench::ProcessResult R = bench::runProcess(RunArgv, 3600);
  return R.Started && !R.TimedOut ? R.Seconds * 1000 : 0;
}

namespace {

bool writeFile(const std::string &Path, const std::string &Text) {
  std::ofstream Out(Path, std::ios::binary);
  Out << Text;
  if (!Out) {
    writeErr(fmt::format("ruchy-jit: cannot write '{}'\n", Path));
    return false;
  }
  return true;
}

} // namespace

bool ruchy::writeProfile(const ProfileRequest &R, const profiler::ProfileInputs &In) {
  profiler::Profile P = profiler::buildProfile(In);
  P.BaselineMs = R.BaselineMs;
  bool Ok = true;
  // The terminal report: stderr, or --report's file.
  auto Report = [&](const std::string &Text) {
    if (R.Report.empty()) {
      flushOut();
      writeErr(Text);
    } else {
      Ok &= writeFile(R.Report, Text);
    }
  };
  if (R.Analyze) {
    profiler::Analysis A = profiler::analyzeProgram(P, *In.Program);
    Report(profiler::renderAnalysisText(A));
    if (!R.Json.empty())
      Ok &= writeFile(R.Json, profiler::renderAnalysisJson(A));
    if (!R.Markdown.empty())
      Ok &= writeFile(R.Markdown, profiler::renderAnalysisMarkdown(A));
    return Ok;
  }
  Report(profiler::renderText(P));
  if (!R.Json.empty())
    Ok &= writeFile(R.Json, profiler::renderJson(P));
  if (!R.Markdown.empty())
    Ok &= writeFile(R.Markdown, profiler::renderMarkdown(P));
  if (!R.Folded.empty())
    Ok &= writeFile(R.Folded, profiler::foldedStacks(P));
  if (!R.Speedscope.empty())
    Ok &= writeFile(R.Speedscope, profiler::speedscopeJson(P));
  if (!R.Svg.empty())
    Ok &= writeFile(R.Svg, profiler::flameGraphSvg(P));
  return Ok;
}
