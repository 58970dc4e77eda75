//===- bench/harness/Suite.h - Benchmark programs and runners ----*- C++ -*-===//
//
// What the harness runs: benchmark programs (one Ruchy file plus the same
// algorithm for peer runtimes, described by bench/programs/manifest.json)
// and runners (a ruchy-jit tier mode, or a peer runtime such as C, node,
// LuaJIT or PyPy).
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_BENCH_SUITE_H
#define RUCHY_BENCH_SUITE_H

#include <map>
#include <string>
#include <vector>

namespace ruchy::bench {

struct Program {
  std::string Name;
  std::string Description;
  /// Source file by extension: ".ruchy", ".c", ".js", ".lua", ".py".
  std::map<std::string, std::string> Sources;
  std::string FullSize, QuickSize; ///< size arguments (empty: none)
  std::string ChecksumFull, ChecksumQuick; ///< expected last output line
  /// Arguments after the size (`ruchy-jit compare-modes FILE ARGS`).
  std::vector<std::string> Args;
};

/// Loads programs from files and directories. A directory with a
/// manifest.json yields its entries; a directory without one yields every
/// NAME/NAME.ruchy below it and every *.ruchy in it; a .ruchy file yields
/// itself (peers: files with the same stem and another extension beside
/// it). Errors (unreadable manifest, missing files) go to Errors.
std::vector<Program> loadPrograms(const std::vector<std::string> &Paths,
                                  std::vector<std::string> &Errors);

struct Runner {
  std::string Id;    ///< "t0", "auto", "c", "node", "luajit", ...
  std::string Label; ///< as shown in reports: "ruchy t0", "C (gcc -O2)", ...
  bool IsPeer = false;
  std::string Ext;   ///< which source it runs
  std::string Exe;   ///< the program that runs it (ruchy-jit, node, ...)
  std::string Version;
};

/// ruchy-jit tier modes (t0, t1, t2, auto) that this build runs.
std::vector<std::string> availableModes();
Runner engineRunner(const std::string &Mode, const std::string &EngineExe);
/// The peer runtimes installed on this machine (C via gcc, node, lua5.4,
/// luajit, python3, pypy3), with their versions.
std::vector<Runner> installedPeers();

} // namespace ruchy::bench

#endif
