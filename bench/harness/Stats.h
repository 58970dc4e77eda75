//===- bench/harness/Stats.h - Summary statistics of timings -----*- C++ -*-===//
//
// Median, extremes and spread of repeated measurements. The harness reports
// medians (robust to the occasional slow run on a noisy machine) and flags a
// result whose spread is too wide to trust.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_BENCH_STATS_H
#define RUCHY_BENCH_STATS_H

#include <cstddef>
#include <vector>

namespace ruchy::bench {

struct Summary {
  size_t Count = 0;
  double Median = 0, Min = 0, Max = 0, Mean = 0;
  /// Median absolute deviation divided by the median: a relative spread that
  /// one outlier does not dominate.
  double RelMad = 0;
  /// (Max - Min) / Median.
  double RelRange = 0;
};

Summary summarize(std::vector<double> Samples);

/// A result is untrustworthy when its relative MAD exceeds this: on this
/// kind of 2-core machine, quiet runs stay under 3%; 10% means interference.
constexpr double MaxTrustedRelMad = 0.10;
inline bool trusted(const Summary &S) { return S.Count >= 3 && S.RelMad <= MaxTrustedRelMad; }

/// Geometric mean of positive values (0 when empty).
double geometricMean(const std::vector<double> &Values);

} // namespace ruchy::bench

#endif
