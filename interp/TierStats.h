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

#include <string>

namespace ruchy {

std::string tierStatsTable(const ast::Program &P);
std::string tierStatsJson(const ast::Program &P);

} // namespace ruchy

#endif
