//===- profiler/Analyze.h - Optimization discovery ---------------*- C++ -*-===//
//
// `ruchy-jit analyze FILE`: optimization opportunities found in the program's
// syntax tree, ranked by what a profiled run says they are worth. Each has a
// kind, a location, the evidence (counts from the run, time shares), an
// estimated gain in milliseconds of that run, a confidence and what to do.
// The AST passes (frontend/AstPasses.h) find the constant expressions, the
// dead code and the tail recursion on a fresh parse of the program; the rest
// is found here on the resolved tree with its Tier 0 feedback.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_PROFILER_ANALYZE_H
#define RUCHY_PROFILER_ANALYZE_H

#include "profiler/Profile.h"

#include <string>
#include <vector>

namespace ruchy::profiler {

struct Opportunity {
  std::string Kind;     ///< `constant expression`, `inlining candidate`, ...
  std::string Function; ///< where it is
  unsigned Line = 0, Col = 0;
  std::string Code;     ///< the source text concerned (shortened)
  std::string Evidence;
  double GainMs = 0;    ///< estimated, in the profiled run
  double GainShare = 0; ///< of the profiled run's time
  std::string Confidence; ///< high, medium, low
  std::string Suggestion;
};

struct Analysis {
  std::string File;
  double RunMs = 0;
  std::vector<Opportunity> Items; ///< largest estimated gain first
};

/// Finds the opportunities of a profiled run's program (P built from it).
Analysis analyzeProgram(const Profile &P, const ast::Program &Prog);

std::string renderAnalysisText(const Analysis &A);
std::string renderAnalysisMarkdown(const Analysis &A);
std::string renderAnalysisJson(const Analysis &A);

} // namespace ruchy::profiler

#endif
