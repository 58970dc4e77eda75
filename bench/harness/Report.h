//===- bench/harness/Report.h - Tables, JSON, Markdown and SVG ---*- C++ -*-===//
//
// Renders a suite's results for people (terminal table, Markdown, an SVG bar
// chart) and tools (JSON, baseline files). Ratios are time ratios: 2.0x
// "vs C" means twice as slow as the C version, 0.5x "vs t0" twice as fast as
// Tier 0.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_BENCH_REPORT_H
#define RUCHY_BENCH_REPORT_H

#include "bench/harness/Harness.h"

#include <optional>
#include <string>

namespace ruchy::bench {

/// Median of runner Id divided by the median of runner Ref on one program
/// (nullopt when either failed or did not run).
std::optional<double> ratioTo(const ProgramResult &P, const std::string &Id,
                              const std::string &Ref);
/// The fastest non-C peer's median on a program.
std::optional<double> fastestPeerMedian(const ProgramResult &P);

std::string renderTable(const SuiteResult &S);
std::string renderJson(const SuiteResult &S);
std::string renderMarkdown(const SuiteResult &S);
std::string renderSvg(const SuiteResult &S);
/// Text made safe inside SVG/XML text and attribute values.
std::string xmlEscape(const std::string &S);

/// Regression check against a baseline: ratios of every engine mode to C
/// (or, without C, to t0) per benchmark. Tolerance is relative (0.25: a
/// ratio may move by 25%).
std::string renderBaseline(const SuiteResult &S, double Tolerance);
struct BaselineCheck {
  bool Ok = true;
  std::string Report;
};
BaselineCheck checkBaseline(const SuiteResult &S, const std::string &BaselineJson);

} // namespace ruchy::bench

#endif
