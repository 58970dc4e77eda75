//===- interp/TierStats.h - The --tier-stats report --------------*- C++ -*-===//
//
// After a run, one row per function that ran: calls, loop iterations
// (back-edges), the argument-type signatures seen with their counts, and the
// inline-cache states of its call sites. Text table for people, JSON for
// tools and tests.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_INTERP_TIERSTATS_H
#define RUCHY_INTERP_TIERSTATS_H

#include "frontend/AST.h"

#include <functional>
#include <string>
#include <vector>

namespace ruchy {

/// What the tier manager knows about a function (compiled code, compile
/// time, why a compile failed); empty when no JIT ran.
struct TierInfo {
  unsigned Tier = 0;          ///< highest tier its code reached
  unsigned Units = 0;         ///< compiled units (function body, OSR entries)
  double CompileSeconds = 0;  ///< total, all units
  double CompileSecondsT2 = 0; ///< Tier 2 specializations only
  std::vector<std::string> Specializations; ///< signatures with Tier 2 code
  unsigned Recompiles = 0; ///< speculations given up (specializations dropped)
  unsigned Evicted = 0;    ///< specializations evicted from the full method cache
  uint64_t CodeBytes = 0;  ///< machine code of its Tier 2 units
  std::string Failure;        ///< why compiling failed, if it did
};
using TierInfoFn = std::function<TierInfo(const ast::FunctionDecl *)>;

/// The argument signatures a function was called with and how often, most
/// frequent first.
std::vector<std::pair<uint64_t, uint64_t>> signatureCounts(const ast::FunctionFeedback &FB);

/// The report; Info (optional) adds the JIT columns. Footer is printed
/// below the table (compile totals, failure reasons).
std::string tierStatsTable(const ast::Program &P, const TierInfoFn &Info = {},
                           const std::string &Footer = "");
std::string tierStatsJson(const ast::Program &P, const TierInfoFn &Info = {});

} // namespace ruchy

#endif
