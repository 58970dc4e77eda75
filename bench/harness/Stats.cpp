//===- bench/harness/Stats.cpp - Summary statistics of timings ---*- C++ -*-===//
#include "bench/harness/Stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace ruchy::bench;

namespace {
double medianOfSorted(const std::vector<double> &V) {
  size_t N = V.size();
  if (N == 0)
    return 0;
  return N % 2 ? V[N / 2] : (V[N / 2 - 1] + V[N / 2]) / 2;
}
} // namespace

Summary ruchy::bench::summarize(std::vector<double> Samples) {
  Summary S;
  S.Count = Samples.size();
  if (Samples.empty())
    return S;
  std::sort(Samples.begin(), Samples.end());
  S.Median = medianOfSorted(Samples);
  S.Min = Samples.front();
  S.Max = Samples.back();
  S.Mean = std::accumulate(Samples.begin(), Samples.end(), 0.0) / Samples.size();
  std::vector<double> Dev;
  Dev.reserve(Samples.size());
  for (double X : Samples)
    Dev.push_back(std::fabs(X - S.Median));
  std::sort(Dev.begin(), Dev.end());
  if (S.Median > 0) {
    S.RelMad = medianOfSorted(Dev) / S.Median;
    S.RelRange = (S.Max - S.Min) / S.Median;
  }
  return S;
}

double ruchy::bench::geometricMean(const std::vector<double> &Values) {
  if (Values.empty())
    return 0;
  double LogSum = 0;
  for (double V : Values)
    LogSum += std::log(V);
  return std::exp(LogSum / Values.size());
}
