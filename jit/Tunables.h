//===- jit/Tunables.h - The tiered engine's thresholds -----------*- C++ -*-===//
//
// The values of the table in Tunables.def, with their defaults, reasons and
// flags, for the command line and the reports.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_JIT_TUNABLES_H
#define RUCHY_JIT_TUNABLES_H

#include <cstdint>

namespace ruchy::jit {

struct Tunables {
#define TUNABLE(Name, Flag, Default, Reason) int64_t Name = Default;
#include "jit/Tunables.def"
#undef TUNABLE
};

struct TunableInfo {
  const char *Name;
  const char *Flag;
  int64_t Default;
  const char *Reason;
  int64_t Tunables::*Member;
};

/// Every tunable, in table order.
const TunableInfo *tunableTable(unsigned &Count);

} // namespace ruchy::jit

#endif
