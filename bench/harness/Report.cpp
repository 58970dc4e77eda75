//===- bench/harness/Report.cpp - Tables, JSON, Markdown and SVG -*- C++ -*-===//
#include "bench/harness/Report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

using namespace ruchy::bench;

std::optional<double> ruchy::bench::ratioTo(const ProgramResult &P, const std::string &Id,
                                            const std::string &Ref) {
  const RunnerResult *A = P.find(Id), *B = P.find(Ref);
  if (!A || !B || A->Failed || B->Failed || A->S.Median <= 0 || B->S.Median <= 0)
    return std::nullopt;
  return A->S.Median / B->S.Median;
}

std::optional<double> ruchy::bench::fastestPeerMedian(const ProgramResult &P) {
  std::optional<double> Best;
  for (const RunnerResult &R : P.Runners)
    if (R.R.IsPeer && R.R.Id != "c" && !R.Failed && R.S.Median > 0 &&
        (!Best || R.S.Median < *Best))
      Best = R.S.Median;
  return Best;
}

namespace {

std::string seconds(double S) {
  if (S >= 10)
    return fmt::format("{:.1f} s", S);
  if (S >= 1)
    return fmt::format("{:.2f} s", S);
  return fmt::format("{:.1f} ms", S * 1000);
}

std::string ratioText(std::optional<double> R) {
  if (!R)
    return "-";
  return *R >= 10 ? fmt::format("{:.0f}x", *R) : fmt::format("{:.2f}x", *R);
}

std::optional<double> ratioToBestPeer(const ProgramResult &P, const RunnerResult &R) {
  auto Best = fastestPeerMedian(P);
  if (!Best || R.Failed || R.S.Median <= 0)
    return std::nullopt;
  return R.S.Median / *Best;
}

/// Geometric mean of a runner's time ratio to C over the programs where both ran.
std::optional<double> geomeanVsC(const SuiteResult &S, const std::string &Id) {
  std::vector<double> Rs;
  for (const ProgramResult &P : S.Programs)
    if (auto R = ratioTo(P, Id, "c"))
      Rs.push_back(*R);
  if (Rs.empty())
    return std::nullopt;
  return geometricMean(Rs);
}

} // namespace

std::string ruchy::bench::xmlEscape(const std::string &S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '<': Out += "&lt;"; break;
    case '>': Out += "&gt;"; break;
    case '&': Out += "&amp;"; break;
    case '"': Out += "&quot;"; break;
    default: Out += C;
    }
  }
  return Out;
}

std::string ruchy::bench::renderTable(const SuiteResult &S) {
  std::string Out;
  for (const ProgramResult &P : S.Programs) {
    Out += fmt::format("\n{}{}{}\n", P.P.Name, P.P.Description.empty() ? "" : ": ",
                       P.P.Description);
    Out += fmt::format("  {:<14} {:>10} {:>10} {:>10} {:>7} {:>8} {:>7} {:>7} {:>9}  {}\n",
                       "runner", "median", "min", "max", "spread", "peak MB", "vs t0", "vs C",
                       "vs peer", "checksum");
    for (const RunnerResult &R : P.Runners) {
      if (R.Failed) {
        Out += fmt::format("  {:<14} FAILED: {}\n", R.R.Label, R.Failure);
        continue;
      }
      std::string Spread = fmt::format("{:.1f}%{}", R.S.RelMad * 100, trusted(R.S) ? "" : "!");
      Out += fmt::format("  {:<14} {:>10} {:>10} {:>10} {:>7} {:>8.1f} {:>7} {:>7} {:>9}  {}\n",
                         R.R.Label, seconds(R.S.Median), seconds(R.S.Min), seconds(R.S.Max),
                         Spread, R.PeakRssKb / 1024.0, ratioText(ratioTo(P, R.R.Id, "t0")),
                         ratioText(ratioTo(P, R.R.Id, "c")), ratioText(ratioToBestPeer(P, R)),
                         R.Checksum);
    }
  }
  std::string Geo;
  for (const Runner &R : S.Runners)
    if (auto G = geomeanVsC(S, R.Id))
      Geo += fmt::format("  {:<14} {}\n", R.Label, ratioText(G));
  if (!Geo.empty())
    Out += "\ngeometric mean of time relative to C:\n" + Geo;
  Out += "\nspread = median absolute deviation / median; '!' marks a spread over " +
         fmt::format("{:.0f}% (or fewer than 3 runs): do not trust that median.\n",
                     MaxTrustedRelMad * 100);
  for (const std::string &W : S.Warnings)
    Out += "warning: " + W + "\n";
  return Out;
}

std::string ruchy::bench::renderJson(const SuiteResult &S) {
  nlohmann::json Runners = nlohmann::json::array();
  for (const Runner &R : S.Runners)
    Runners.push_back({{"id", R.Id}, {"label", R.Label}, {"peer", R.IsPeer}, {"version", R.Version}});
  nlohmann::json Benchmarks = nlohmann::json::array();
  for (const ProgramResult &P : S.Programs) {
    nlohmann::json Results = nlohmann::json::array();
    for (const RunnerResult &R : P.Runners) {
      nlohmann::json J = {{"runner", R.R.Id},
                          {"failed", R.Failed},
                          {"samples_s", R.Samples},
                          {"median_s", R.S.Median},
                          {"min_s", R.S.Min},
                          {"max_s", R.S.Max},
                          {"rel_mad", R.S.RelMad},
                          {"trusted", trusted(R.S)},
                          {"peak_rss_kb", R.PeakRssKb},
                          {"checksum", R.Checksum}};
      if (R.Failed)
        J["failure"] = R.Failure;
      if (auto X = ratioTo(P, R.R.Id, "t0"))
        J["ratio_t0"] = *X;
      if (auto X = ratioTo(P, R.R.Id, "c"))
        J["ratio_c"] = *X;
      if (auto X = ratioToBestPeer(P, R))
        J["ratio_best_peer"] = *X;
      Results.push_back(J);
    }
    Benchmarks.push_back({{"name", P.P.Name},
                          {"description", P.P.Description},
                          {"expected_checksum", P.ExpectedChecksum},
                          {"results", Results}});
  }
  nlohmann::json Geo = nlohmann::json::object();
  for (const Runner &R : S.Runners)
    if (auto G = geomeanVsC(S, R.Id))
      Geo[R.Id] = *G;
  nlohmann::json J = {{"machine", S.Machine},
                      {"date", S.Date},
                      {"runs", S.Options.Runs},
                      {"warmup", S.Options.Warmup},
                      {"quick", S.Options.Quick},
                      {"runners", Runners},
                      {"benchmarks", Benchmarks},
                      {"geomean_ratio_c", Geo},
                      {"warnings", S.Warnings}};
  return J.dump(2) + "\n";
}

std::string ruchy::bench::renderMarkdown(const SuiteResult &S) {
  std::string Out = fmt::format("Machine: {}. Date: {}. {} measured runs per cell after {} "
                                "warm-up, medians; `~` marks a spread over {:.0f}%.\n\n",
                                S.Machine, S.Date, S.Options.Runs, S.Options.Warmup,
                                MaxTrustedRelMad * 100);
  Out += "| benchmark |";
  std::string Rule = "|---|";
  for (const Runner &R : S.Runners) {
    Out += " " + R.Label + " |";
    Rule += "---:|";
  }
  Out += "\n" + Rule + "\n";
  for (const ProgramResult &P : S.Programs) {
    Out += "| " + P.P.Name + " |";
    for (const Runner &Rn : S.Runners) {
      const RunnerResult *R = P.find(Rn.Id);
      if (!R) {
        Out += " |";
        continue;
      }
      if (R->Failed) {
        Out += " FAIL |";
        continue;
      }
      std::string Cell = seconds(R->S.Median);
      if (auto X = ratioTo(P, Rn.Id, "c"); X && Rn.Id != "c")
        Cell += " (" + ratioText(X) + ")";
      if (!trusted(R->S))
        Cell = "~" + Cell;
      Out += " " + Cell + " |";
    }
    Out += "\n";
  }
  Out += "| **geomean vs C** |";
  for (const Runner &R : S.Runners)
    Out += " " + ratioText(geomeanVsC(S, R.Id)) + " |";
  Out += "\n\nCells: median wall time of the whole process (start-up included), and in parentheses "
         "the time ratio to the C version (gcc -O2).\n";
  for (const Runner &R : S.Runners)
    if (!R.Version.empty())
      Out += fmt::format("\n- {}: {}", R.Label, R.Version);
  Out += "\n";
  return Out;
}

std::string ruchy::bench::renderSvg(const SuiteResult &S) {
  // Horizontal bars, one group per benchmark, one bar per runner, on a log
  // scale of time relative to the fastest runner of that benchmark.
  static const char *Colors[] = {"#d62728", "#ff7f0e", "#bcbd22", "#e377c2", "#1f77b4",
                                 "#2ca02c", "#9467bd", "#17becf", "#8c564b", "#7f7f7f"};
  const double Left = 150, BarH = 14, Gap = 14, ChartW = 600, Decades = 4;
  size_t NR = S.Runners.size();
  double GroupH = NR * BarH + Gap;
  double Top = 60 + 18 * ((NR + 3) / 4);
  double Height = Top + S.Programs.size() * GroupH + 40;
  double Width = Left + ChartW + 120;
  std::string Out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">ruchy-jit benchmarks: "
      "time relative to the fastest runner (log scale, shorter is faster)</text>\n"
      "<text x=\"10\" y=\"38\" fill=\"#555\">{}; {}; medians of {} runs</text>\n",
      Width, Height, xmlEscape(S.Machine), xmlEscape(S.Date), S.Options.Runs);
  for (size_t I = 0; I < NR; ++I) {
    double X = 10 + (I % 4) * 170, Y = 52 + 18 * (I / 4);
    Out += fmt::format("<rect x=\"{:.0f}\" y=\"{:.0f}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
                       "<text x=\"{:.0f}\" y=\"{:.0f}\">{}</text>\n",
                       X, Y, Colors[I % 10], X + 16, Y + 10, xmlEscape(S.Runners[I].Label));
  }
  for (int D = 0; D <= Decades; ++D) {
    double X = Left + ChartW * D / Decades;
    Out += fmt::format("<line x1=\"{0:.0f}\" y1=\"{1:.0f}\" x2=\"{0:.0f}\" y2=\"{2:.0f}\" "
                       "stroke=\"#ddd\"/><text x=\"{0:.0f}\" y=\"{3:.0f}\" fill=\"#555\" "
                       "text-anchor=\"middle\">{4}x</text>\n",
                       X, Top - 6, Height - 30, Height - 16, static_cast<int>(std::pow(10, D)));
  }
  double Y = Top;
  for (const ProgramResult &P : S.Programs) {
    double Best = 0;
    for (const RunnerResult &R : P.Runners)
      if (!R.Failed && R.S.Median > 0 && (Best == 0 || R.S.Median < Best))
        Best = R.S.Median;
    Out += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" text-anchor=\"end\" "
                       "font-weight=\"bold\">{}</text>\n",
                       Left - 8, Y + NR * BarH / 2 + 4, xmlEscape(P.P.Name));
    for (size_t I = 0; I < NR; ++I) {
      const RunnerResult *R = P.find(S.Runners[I].Id);
      double BY = Y + I * BarH;
      if (!R)
        continue;
      if (R->Failed || Best == 0) {
        Out += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" fill=\"#a00\">failed</text>\n", Left + 4,
                           BY + BarH - 3);
        continue;
      }
      double Rel = std::log10(R->S.Median / Best);
      double W = std::max(2.0, ChartW * std::min(Rel, Decades) / Decades);
      Out += fmt::format("<rect x=\"{:.0f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.0f}\" "
                         "fill=\"{}\"><title>{} {}: {}</title></rect>"
                         "<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#333\">{}{}</text>\n",
                         Left, BY, W, BarH - 2, Colors[I % 10], xmlEscape(P.P.Name),
                         xmlEscape(R->R.Label), seconds(R->S.Median), Left + W + 4, BY + BarH - 4,
                         seconds(R->S.Median), trusted(R->S) ? "" : " (noisy)");
    }
    Y += GroupH;
  }
  Out += "</svg>\n";
  return Out;
}

namespace {
/// The reference runner for baseline ratios: C when it ran, else t0.
std::string baselineReference(const ProgramResult &P) {
  const RunnerResult *C = P.find("c");
  return C && !C->Failed ? "c" : "t0";
}
} // namespace

std::string ruchy::bench::renderBaseline(const SuiteResult &S, double Tolerance) {
  nlohmann::json Ratios = nlohmann::json::object();
  for (const ProgramResult &P : S.Programs) {
    std::string Ref = baselineReference(P);
    nlohmann::json Row = {{"reference", Ref}};
    for (const RunnerResult &R : P.Runners)
      if (!R.R.IsPeer)
        if (auto X = ratioTo(P, R.R.Id, Ref))
          Row[R.R.Id] = *X;
    Ratios[P.P.Name] = Row;
  }
  nlohmann::json J = {{"machine", S.Machine},
                      {"date", S.Date},
                      {"quick", S.Options.Quick},
                      {"tolerance", Tolerance},
                      {"ratios", Ratios}};
  return J.dump(2) + "\n";
}

BaselineCheck ruchy::bench::checkBaseline(const SuiteResult &S, const std::string &BaselineJson) {
  BaselineCheck C;
  nlohmann::json B;
  try {
    B = nlohmann::json::parse(BaselineJson);
  } catch (const std::exception &E) {
    C.Ok = false;
    C.Report = fmt::format("baseline: not valid JSON: {}\n", E.what());
    return C;
  }
  double Tol = B.value("tolerance", 0.25);
  const nlohmann::json &Ratios = B["ratios"];
  unsigned Checked = 0;
  for (const ProgramResult &P : S.Programs) {
    if (!Ratios.contains(P.P.Name))
      continue;
    const nlohmann::json &Row = Ratios[P.P.Name];
    std::string Ref = Row.value("reference", "c");
    for (const RunnerResult &R : P.Runners) {
      if (R.R.IsPeer || !Row.contains(R.R.Id))
        continue;
      double Old = Row[R.R.Id].get<double>();
      auto Now = ratioTo(P, R.R.Id, Ref);
      if (!Now) {
        C.Ok = false;
        C.Report += fmt::format("  {} {}: no measurement (failed or reference missing)\n",
                                P.P.Name, R.R.Id);
        continue;
      }
      ++Checked;
      double Change = *Now / Old - 1;
      if (std::fabs(Change) > Tol) {
        if (Change > 0)
          C.Ok = false;
        C.Report += fmt::format("  {} {}: ratio to {} {:.3f} -> {:.3f} ({:+.0f}%): {}\n", P.P.Name,
                                R.R.Id, Ref, Old, *Now, Change * 100,
                                Change > 0 ? "REGRESSION" : "improvement (update the baseline)");
      }
    }
  }
  C.Report = fmt::format("baseline check: {} ratios compared, tolerance {:.0f}%: {}\n", Checked,
                         Tol * 100, C.Ok ? "ok" : "REGRESSED") +
             C.Report;
  return C;
}
