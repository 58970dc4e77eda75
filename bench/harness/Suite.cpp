//===- bench/harness/Suite.cpp - Benchmark programs and runners --*- C++ -*-===//
#include "bench/harness/Suite.h"

#include "bench/harness/Process.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace ruchy::bench;
namespace fs = std::filesystem;

namespace {

const char *const PeerExts[] = {".c", ".js", ".lua", ".py"};

void addSiblingSources(Program &P, const fs::path &RuchyFile) {
  P.Sources[".ruchy"] = RuchyFile.string();
  for (const char *Ext : PeerExts) {
    fs::path Sib = RuchyFile;
    Sib.replace_extension(Ext);
    if (fs::exists(Sib))
      P.Sources[Ext] = Sib.string();
  }
}

void loadManifest(const fs::path &Dir, std::vector<Program> &Out,
                  std::vector<std::string> &Errors) {
  std::ifstream In(Dir / "manifest.json");
  nlohmann::json J;
  try {
    In >> J;
  } catch (const std::exception &E) {
    Errors.push_back(fmt::format("{}: {}", (Dir / "manifest.json").string(), E.what()));
    return;
  }
  if (J.is_object() && J.contains("benchmarks"))
    J = J["benchmarks"];
  if (!J.is_array()) {
    Errors.push_back(fmt::format("{}: expected a list of benchmarks", (Dir / "manifest.json").string()));
    return;
  }
  for (const auto &E : J) {
    Program P;
    P.Name = E.value("name", "");
    P.Description = E.value("description", "");
    P.FullSize = E.value("full", "");
    P.QuickSize = E.value("quick", P.FullSize);
    P.ChecksumFull = E.value("checksum_full", "");
    P.ChecksumQuick = E.value("checksum_quick", "");
    fs::path File = Dir / P.Name / (P.Name + ".ruchy");
    if (!fs::exists(File))
      File = Dir / (P.Name + ".ruchy");
    if (P.Name.empty() || !fs::exists(File)) {
      Errors.push_back(fmt::format("{}: no program for benchmark '{}'", Dir.string(), P.Name));
      continue;
    }
    addSiblingSources(P, File);
    Out.push_back(std::move(P));
  }
}

std::string firstLine(const std::string &S) { return S.substr(0, S.find('\n')); }

std::string versionOf(const std::vector<std::string> &Argv) {
  ProcessResult R = runProcess(Argv, 10);
  std::string Text = R.Stdout.empty() ? R.Stderr : R.Stdout;
  return firstLine(Text);
}

} // namespace

std::vector<Program> ruchy::bench::loadPrograms(const std::vector<std::string> &Paths,
                                                std::vector<std::string> &Errors) {
  std::vector<Program> Out;
  for (const std::string &PathText : Paths) {
    fs::path Path(PathText);
    std::error_code EC;
    if (fs::is_directory(Path, EC)) {
      if (fs::exists(Path / "manifest.json")) {
        loadManifest(Path, Out, Errors);
        continue;
      }
      std::vector<fs::path> Files;
      for (const auto &Entry : fs::directory_iterator(Path, EC)) {
        if (Entry.is_directory()) {
          fs::path F = Entry.path() / (Entry.path().filename().string() + ".ruchy");
          if (fs::exists(F))
            Files.push_back(F);
        } else if (Entry.path().extension() == ".ruchy") {
          Files.push_back(Entry.path());
        }
      }
      std::sort(Files.begin(), Files.end());
      for (const fs::path &F : Files) {
        Program P;
        P.Name = F.stem().string();
        addSiblingSources(P, F);
        Out.push_back(std::move(P));
      }
    } else if (fs::exists(Path, EC) && Path.extension() == ".ruchy") {
      Program P;
      P.Name = Path.stem().string();
      addSiblingSources(P, Path);
      Out.push_back(std::move(P));
    } else {
      Errors.push_back(fmt::format("{}: not a .ruchy file or a directory", PathText));
    }
  }
  return Out;
}

std::vector<std::string> ruchy::bench::availableModes() {
  return {"t0", "t1", "t2", "auto"};
}

Runner ruchy::bench::engineRunner(const std::string &Mode, const std::string &EngineExe) {
  Runner R;
  R.Id = Mode;
  R.Label = "ruchy " + Mode;
  R.Ext = ".ruchy";
  R.Exe = EngineExe;
  return R;
}

std::vector<Runner> ruchy::bench::installedPeers() {
  struct PeerDef {
    const char *Id, *Label, *Exe, *Ext, *VersionFlag;
  };
  static const PeerDef Defs[] = {
      {"c", "C (gcc -O2)", "gcc", ".c", "--version"},
      {"node", "node", "node", ".js", "--version"},
      {"lua5.4", "Lua 5.4", "lua5.4", ".lua", "-v"},
      {"luajit", "LuaJIT", "luajit", ".lua", "-v"},
      {"python3", "CPython", "python3", ".py", "--version"},
      {"pypy3", "PyPy", "pypy3", ".py", "--version"},
  };
  std::vector<Runner> Out;
  for (const PeerDef &D : Defs) {
    std::string Exe = findInPath(D.Exe);
    if (Exe.empty())
      continue;
    if (std::string(D.Ext) == ".py") {
      // Version managers put shell-script shims first in PATH, which cost
      // ~100 ms per start: run the interpreter the shim would have run.
      ProcessResult Real = runProcess({Exe, "-c", "import sys; print(sys.executable)"}, 10);
      std::string Path = firstLine(Real.Stdout);
      if (Real.ExitStatus == 0 && !Path.empty())
        Exe = Path;
    }
    Runner R;
    R.Id = D.Id;
    R.Label = D.Label;
    R.IsPeer = true;
    R.Ext = D.Ext;
    R.Exe = Exe;
    R.Version = versionOf({Exe, D.VersionFlag});
    Out.push_back(std::move(R));
  }
  return Out;
}
