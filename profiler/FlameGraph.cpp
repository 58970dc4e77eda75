//===- profiler/FlameGraph.cpp - Flame graphs of a profile -------*- C++ -*-===//
//
// The calling-context tree is already what a flame graph draws: each node's
// width is its subtree's time, its children sit on it. Three outputs:
// folded stacks (one line per call path with self time, for flamegraph.pl,
// inferno or speedscope), speedscope's own JSON format, and an SVG that
// needs nothing else: a tooltip per frame (<title>), colours by the tier
// that ran the frame's own time (Tier 0 red, Tier 1 orange, Tier 2 green),
// root at the bottom.
//
//===----------------------------------------------------------------------===//
#include "profiler/Profile.h"

#include "bench/harness/Report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>

using namespace ruchy;
using namespace ruchy::profiler;
using ruchy::bench::xmlEscape;

namespace {

/// Frames deeper than this are merged into one `[deeper frames]` frame on
/// top of the last one kept: a runaway recursion a million calls deep
/// would otherwise make a folded line per depth, each as long as its depth
/// (quadratic output), and an SVG a million rows high.
constexpr unsigned MaxFlameDepth = 400;

/// A frame of the drawn tree: the calling-context tree cut at MaxFlameDepth.
struct FlameFrame {
  const ast::FunctionDecl *Fn = nullptr; ///< null: the root, or merged deeper frames
  bool Merged = false;
  uint64_t Ticks[3] = {0, 0, 0};
  uint64_t Calls = 0, Allocs = 0;
  uint64_t Sub = 0; ///< with callees
  std::vector<FlameFrame> Children;
  std::string name() const { return Merged ? "[deeper frames]" : displayName(Fn); }
  uint64_t self() const { return Ticks[0] + Ticks[1] + Ticks[2]; }
};

/// Adds N's whole subtree into F (iteratively: it may be very deep).
void mergeInto(FlameFrame &F, const ProfileNode *N) {
  std::vector<const ProfileNode *> Work{N};
  while (!Work.empty()) {
    const ProfileNode *X = Work.back();
    Work.pop_back();
    for (int T = 0; T < 3; ++T)
      F.Ticks[T] += X->Ticks[T];
    F.Calls += X->Calls;
    F.Allocs += X->AllocObjects;
    for (const auto &C : X->Children)
      Work.push_back(C.get());
  }
}

FlameFrame build(const ProfileNode *N, unsigned Depth) {
  FlameFrame F;
  F.Fn = N->Fn;
  for (int T = 0; T < 3; ++T)
    F.Ticks[T] = N->Ticks[T];
  F.Calls = N->Calls;
  F.Allocs = N->AllocObjects;
  if (Depth >= MaxFlameDepth && !N->Children.empty()) {
    FlameFrame Deeper;
    Deeper.Merged = true;
    for (const auto &C : N->Children)
      mergeInto(Deeper, C.get());
    F.Children.push_back(std::move(Deeper));
  } else {
    for (const auto &C : N->Children)
      F.Children.push_back(build(C.get(), N->Fn ? Depth + 1 : Depth));
  }
  // By name, as flame graphs order frames.
  std::stable_sort(F.Children.begin(), F.Children.end(),
                   [](const FlameFrame &A, const FlameFrame &B) { return A.name() < B.name(); });
  F.Sub = F.self();
  for (const FlameFrame &C : F.Children)
    F.Sub += C.Sub;
  return F;
}

} // namespace

std::string ruchy::profiler::foldedStacks(const Profile &P) {
  std::string Out;
  std::vector<std::string> Path;
  std::function<void(const FlameFrame &)> Visit = [&](const FlameFrame &F) {
    bool Named = F.Fn || F.Merged;
    if (Named)
      Path.push_back(F.name());
    uint64_t Us = P.TicksPerMs > 0 ? static_cast<uint64_t>(F.self() / P.TicksPerMs * 1000 + 0.5) : 0;
    if (Named && Us > 0) {
      std::string Line;
      for (const std::string &S : Path)
        Line += (Line.empty() ? "" : ";") + S;
      Out += fmt::format("{} {}\n", Line, Us);
    }
    for (const FlameFrame &C : F.Children)
      Visit(C);
    if (Named)
      Path.pop_back();
  };
  Visit(build(P.Tree, 0));
  return Out;
}

std::string ruchy::profiler::speedscopeJson(const Profile &P) {
  nlohmann::json Frames = nlohmann::json::array();
  std::map<std::string, size_t> FrameOf;
  nlohmann::json Samples = nlohmann::json::array(), Weights = nlohmann::json::array();
  std::vector<size_t> Stack;
  double Total = 0;
  std::function<void(const FlameFrame &)> Visit = [&](const FlameFrame &F) {
    bool Named = F.Fn || F.Merged;
    if (Named) {
      auto [It, New] = FrameOf.emplace(F.name(), Frames.size());
      if (New) {
        nlohmann::json Fr = {{"name", F.name()}, {"file", P.File}};
        if (F.Fn)
          Fr["line"] = F.Fn->Loc.Line;
        Frames.push_back(Fr);
      }
      Stack.push_back(It->second);
      double Us = P.TicksPerMs > 0 ? F.self() / P.TicksPerMs * 1000 : 0;
      if (Us > 0) {
        Samples.push_back(Stack);
        Weights.push_back(Us);
        Total += Us;
      }
    }
    for (const FlameFrame &C : F.Children)
      Visit(C);
    if (Named)
      Stack.pop_back();
  };
  Visit(build(P.Tree, 0));
  nlohmann::json J;
  J["$schema"] = "https://www.speedscope.app/file-format-schema.json";
  J["shared"] = {{"frames", Frames}};
  J["profiles"] = nlohmann::json::array({{{"type", "sampled"},
                                          {"name", P.File},
                                          {"unit", "microseconds"},
                                          {"startValue", 0},
                                          {"endValue", Total},
                                          {"samples", Samples},
                                          {"weights", Weights}}});
  J["name"] = P.File;
  J["activeProfileIndex"] = 0;
  J["exporter"] = "ruchy-jit profile";
  return J.dump() + "\n";
}

std::string ruchy::profiler::flameGraphSvg(const Profile &P) {
  // Layout constants (pixels): the classic flame graph's proportions.
  constexpr double Width = 1200, Margin = 10, RowHeight = 17, TitleSpace = 50, CharWidth = 7;
  FlameFrame Root = build(P.Tree, 0);
  unsigned MaxDepth = 0;
  std::function<void(const FlameFrame &, unsigned)> Depth = [&](const FlameFrame &F, unsigned D) {
    MaxDepth = std::max(MaxDepth, D);
    for (const FlameFrame &C : F.Children)
      Depth(C, D + 1);
  };
  Depth(Root, 0);
  uint64_t Total = Root.Sub;
  double Height = TitleSpace + MaxDepth * RowHeight + 2 * Margin + 20;
  double Scale = Total ? (Width - 2 * Margin) / static_cast<double>(Total) : 0;
  auto Ms = [&](uint64_t T) { return P.TicksPerMs > 0 ? T / P.TicksPerMs : 0.0; };
  std::string Out = fmt::format(
      "<?xml version=\"1.0\" standalone=\"no\"?>\n"
      "<svg version=\"1.1\" width=\"{:.0f}\" height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n"
      "<style>text {{ font-family: monospace; font-size: 12px; fill: #000; }} "
      "rect:hover {{ stroke: #000; stroke-width: 1; }} .title {{ font-size: 17px; }}</style>\n"
      "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#f8f8f0\"/>\n"
      "<text class=\"title\" x=\"{:.0f}\" y=\"24\" text-anchor=\"middle\">Flame graph: {}</text>\n"
      "<text x=\"{:.0f}\" y=\"42\">{:.1f} ms profiled; width: time with callees; colour: tier of the "
      "frame's own time (red Tier 0, orange Tier 1, green Tier 2)</text>\n",
      Width, Height, Width, Height, Width / 2, xmlEscape(P.File), Margin, Ms(Total));
  std::function<void(const FlameFrame &, double, unsigned)> Draw = [&](const FlameFrame &F, double X, unsigned D) {
    double W = F.Sub * Scale;
    bool Named = F.Fn || F.Merged;
    if (Named && W >= 0.3) {
      double Y = Height - Margin - D * RowHeight;
      uint64_t Self = F.self();
      // Hue by the tiers of the frame's own time: red (Tier 0) through
      // orange (1) to green (2); grey when it has no time of its own.
      double T1 = Self ? static_cast<double>(F.Ticks[1]) / Self : 0;
      double T2 = Self ? static_cast<double>(F.Ticks[2]) / Self : 0;
      std::string Fill = Self ? fmt::format("hsl({:.0f},70%,62%)", 30 * T1 + 110 * T2)
                              : std::string("hsl(0,0%,78%)");
      std::string Name = F.name();
      std::string Tip = fmt::format("{}{}: {:.3f} ms with callees ({:.1f}%), self {:.3f} ms (Tier 0 {:.3f}, "
                                    "Tier 1 {:.3f}, Tier 2 {:.3f}), {} calls, {} allocations",
                                    Name, F.Fn ? fmt::format(" (line {})", F.Fn->Loc.Line) : "", Ms(F.Sub),
                                    Total ? 100.0 * F.Sub / Total : 0, Ms(Self), Ms(F.Ticks[0]),
                                    Ms(F.Ticks[1]), Ms(F.Ticks[2]), F.Calls, F.Allocs);
      Out += fmt::format("<g><title>{}</title><rect x=\"{:.2f}\" y=\"{:.1f}\" width=\"{:.2f}\" "
                         "height=\"{:.1f}\" fill=\"{}\" rx=\"2\"/>",
                         xmlEscape(Tip), X, Y - RowHeight + 1, W, RowHeight - 1, Fill);
      size_t Fits = W > 6 ? static_cast<size_t>((W - 6) / CharWidth) : 0;
      if (Fits >= 3) {
        std::string Label = Name.size() <= Fits ? Name : Name.substr(0, Fits - 2) + "..";
        Out += fmt::format("<text x=\"{:.2f}\" y=\"{:.1f}\">{}</text>", X + 3, Y - 4, xmlEscape(Label));
      }
      Out += "</g>\n";
    }
    double CX = X;
    for (const FlameFrame &C : F.Children) {
      Draw(C, CX, Named ? D + 1 : D);
      CX += C.Sub * Scale;
    }
  };
  Draw(Root, Margin, 1);
  Out += "</svg>\n";
  return Out;
}
