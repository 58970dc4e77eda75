//===- jit/Tunables.cpp - The tiered engine's thresholds ---------*- C++ -*-===//
#include "jit/Tunables.h"

using namespace ruchy::jit;

const TunableInfo *ruchy::jit::tunableTable(unsigned &Count) {
  static const TunableInfo Table[] = {
#define TUNABLE(Name, Flag, Default, Reason) {#Name, Flag, Default, Reason, &Tunables::Name},
#include "jit/Tunables.def"
#undef TUNABLE
  };
  Count = sizeof(Table) / sizeof(Table[0]);
  return Table;
}
