//===- tools/ruchy-jit/main.cpp - The ruchy-jit command line -----*- C++ -*-===//
//
// `ruchy-jit run FILE` and friends. Exit status: 0 success, 1 program error
// (syntax or runtime), 2 bad command line.
//
// The program (parsing included) runs on a thread of its own with a large
// stack: deep recursion in Ruchy code and deeply nested source both recurse
// natively, and the stack guard turns the end of that stack into the Ruchy
// error `Stack overflow` instead of a crash.
//
//===----------------------------------------------------------------------===//
#include "tools/ruchy-jit/BenchCommand.h"

#include "frontend/Frontend.h"
#include "interp/Interpreter.h"
#include "interp/TierStats.h"
#include "jit/TierManager.h"
#include "runtime/Builtins.h"
#include "runtime/Error.h"
#include "runtime/Output.h"
#include "runtime/Site.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <gc/gc.h>

#include <pthread.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace ruchy;

namespace {

/// Size of the program thread's stack. Reserved, not committed: pages are
/// touched only as deep as the program recurses. 100,000 nested Tier 0
/// calls of a simple function need a few hundred MiB.
constexpr size_t ProgramStackBytes = size_t(4) << 30;
/// Room kept free below the stack guard for the runtime's own work after the
/// guard fires (formatting the error, printing the backtrace).
constexpr size_t StackGuardMarginBytes = size_t(16) << 20;

enum class StatsFormat { None, Table, Json };

struct RunOptions {
  std::string File;
  std::vector<std::string> Args;
  std::string Tier = "auto";
  jit::JitOptions Jit;
  StatsFormat Stats = StatsFormat::None;
  std::string StatsFile;
  bool DumpAst = false;
};

struct ProgramThread {
  const RunOptions *Opts;
  std::string Source;
  int Exit = 0;
};

void writeStats(const RunOptions &Opts, const ast::Program &P, const jit::TierManager &TM) {
  if (Opts.Stats == StatsFormat::None)
    return;
  TierInfoFn Info = [&TM](const ast::FunctionDecl *Fn) { return TM.info(Fn); };
  std::string Text = Opts.Stats == StatsFormat::Json ? tierStatsJson(P, Info)
                                                     : tierStatsTable(P, Info, TM.summary());
  if (Opts.StatsFile.empty()) {
    flushOut();
    writeErr(Text);
    return;
  }
  std::ofstream Out(Opts.StatsFile, std::ios::binary);
  Out << Text;
  if (!Out)
    writeErr(fmt::format("ruchy-jit: cannot write '{}'\n", Opts.StatsFile));
}

void *runProgram(void *Arg) {
  auto *T = static_cast<ProgramThread *>(Arg);
  const RunOptions &Opts = *T->Opts;

  pthread_attr_t Attr;
  void *StackLow = nullptr;
  size_t StackSize = 0;
  if (pthread_getattr_np(pthread_self(), &Attr) == 0) {
    pthread_attr_getstack(&Attr, &StackLow, &StackSize);
    pthread_attr_destroy(&Attr);
    setStackLimit(static_cast<const char *>(StackLow) + StackGuardMarginBytes);
    setStackTop(static_cast<const char *>(StackLow) + StackSize);
  }

  setSourceFileName(Opts.File);
  setProgramArguments(Opts.Args);
  std::vector<Diagnostic> Errors;
  ast::Program *P = parseProgram(Opts.File, T->Source, Errors);
  if (Errors.empty())
    resolveProgram(*P, Errors);
  if (!Errors.empty()) {
    std::string Text;
    for (const Diagnostic &D : Errors)
      Text += renderDiagnostic(D, Opts.File, T->Source);
    writeErr(Text);
    T->Exit = 1;
    return nullptr;
  }
  if (Opts.DumpAst) {
    writeOut(dumpAst(*P));
    flushOut();
    return nullptr;
  }
  Interpreter Interp(*P);
  setActiveInterpreter(&Interp);
  jit::TierManager TM(Interp, *P, Opts.Jit);
  TM.install();
  if (Opts.Stats != StatsFormat::None)
    Interp.enableTiming();
  T->Exit = Interp.run();
  flushOut();
  writeStats(Opts, *P, TM);
  return nullptr;
}

int runCommand(RunOptions &Opts) {
  if (Opts.Tier == "0")
    Opts.Jit.Mode = jit::TierMode::Interpreter;
  else if (Opts.Tier == "1")
    Opts.Jit.Mode = jit::TierMode::Tier1;
  else if (Opts.Tier == "2")
    Opts.Jit.Mode = jit::TierMode::Tier2;
  else
    Opts.Jit.Mode = jit::TierMode::Auto;
  std::ifstream In(Opts.File, std::ios::binary);
  if (!In) {
    std::cerr << "ruchy-jit: cannot read '" << Opts.File << "': " << std::strerror(errno) << "\n";
    return 2;
  }
  std::ostringstream SS;
  SS << In.rdbuf();

  initRuntime();
  ProgramThread T;
  T.Opts = &Opts;
  T.Source = SS.str();
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setstacksize(&Attr, ProgramStackBytes);
  pthread_t Thread;
  // gc.h (with GC_THREADS) routes this through the collector, which then
  // scans the program thread's stack.
  if (pthread_create(&Thread, &Attr, runProgram, &T) != 0) {
    std::cerr << "ruchy-jit: cannot start the program thread\n";
    return 1;
  }
  pthread_attr_destroy(&Attr);
  pthread_join(Thread, nullptr);
  flushOut();
  return T.Exit;
}

} // namespace

int main(int Argc, char **Argv) {
  CLI::App App{"ruchy-jit: a tiered JIT runtime for the Ruchy language", "ruchy-jit"};
  App.set_version_flag("--version", std::string("ruchy-jit ") + RUCHY_JIT_VERSION);
  App.require_subcommand(1);

  RunOptions Opts;
  std::string StatsArg;
  CLI::App *Run = App.add_subcommand("run", "Run a Ruchy program");
  Run->add_option("file", Opts.File, "The .ruchy program to run")->required();
  Run->add_option("args", Opts.Args, "Arguments for the program");
  Run->add_option("--tier", Opts.Tier,
                  "Execution tiers: 0 = interpreter only, 1 = every function compiled to "
                  "Tier 1 at its first call, 2 = every function specialized for the argument "
                  "kinds of its first call, auto = tiered by the thresholds (default)")
      ->check(CLI::IsMember({"0", "1", "2", "auto"}));
  unsigned NumTunables = 0;
  const jit::TunableInfo *Tunables = jit::tunableTable(NumTunables);
  for (unsigned I = 0; I < NumTunables; ++I) {
    const jit::TunableInfo &T = Tunables[I];
    Run->add_option(std::string("--") + T.Flag, Opts.Jit.T.*T.Member,
                    fmt::format("{} (default {})", T.Reason, T.Default));
  }
  Run->add_flag("--jit-sync", Opts.Jit.Sync,
                "Compile synchronously, for deterministic tier transitions in tests");
  Run->add_flag("--trace-tiers", Opts.Jit.TraceTiers,
                "Print each tier transition as it happens (stderr)");
  std::string DumpIrArg;
  Run->add_flag("--dump-ir{*}", DumpIrArg,
                "Print the LLVM IR of each compiled function before and after optimization "
                "(--dump-ir=FUNC: only FUNC) to stderr, or to files with --dump-dir");
  Run->add_option("--dump-dir", Opts.Jit.DumpDir,
                  "Write --dump-ir/--dump-asm output as files in DIR (fib.t1.ll, fib.t1.opt.ll, "
                  "fib.t1.s)");
  Run->add_flag("--dump-asm", Opts.Jit.DumpAsm, "Print the machine code of each compiled function");
  Run->add_flag("--tier-stats{table}", StatsArg,
                  "After the run, print per-function tier statistics to stderr "
                  "(--tier-stats or --tier-stats=table; --tier-stats=json for JSON)");
  Run->add_option("--stats-file", Opts.StatsFile, "Write --tier-stats output to FILE");
  Run->add_flag("--dump-ast", Opts.DumpAst, "Print the parsed syntax tree and exit");

  CLI::App *Bench = nullptr;
  std::function<int()> RunBench = addBenchCommand(App, Bench);

  try {
    App.parse(Argc, Argv);
  } catch (const CLI::CallForHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForAllHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForVersion &E) {
    return App.exit(E);
  } catch (const CLI::ParseError &E) {
    App.exit(E);
    return 2;
  }

  if (Run->parsed()) {
    if (Run->count("--dump-ir")) {
      Opts.Jit.DumpIr = true;
      Opts.Jit.DumpIrFilter = DumpIrArg == "*" ? "" : DumpIrArg;
    }
    if (!Opts.Jit.DumpDir.empty() && !Opts.Jit.DumpAsm)
      Opts.Jit.DumpIr = true;
    if (Run->count("--tier-stats")) {
      if (StatsArg.empty() || StatsArg == "table")
        Opts.Stats = StatsFormat::Table;
      else if (StatsArg == "json")
        Opts.Stats = StatsFormat::Json;
      else {
        std::cerr << "ruchy-jit: --tier-stats takes 'table' or 'json', not '" << StatsArg << "'\n";
        return 2;
      }
    }
    int Rc = runCommand(Opts);
    // _Exit: a background compile may still be running inside LLVM, whose
    // static destructors must not run under it.
    flushOut();
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(Rc);
  }
  if (Bench->parsed())
    return RunBench();
  return 2;
}
