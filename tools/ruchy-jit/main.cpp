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
#include "tools/ruchy-jit/AnalyzeFlagsCommand.h"
#include "tools/ruchy-jit/BenchCommand.h"
#include "tools/ruchy-jit/OptimizeCommand.h"
#include "tools/ruchy-jit/ProfileCommand.h"
#include "tools/ruchy-jit/SelfExe.h"

#include "frontend/AstPasses.h"
#include "frontend/Frontend.h"
#include "interp/Interpreter.h"
#include "interp/TierStats.h"
#include "jit/TierManager.h"
#include "runtime/Builtins.h"
#include "runtime/Error.h"
#include "runtime/Interrupt.h"
#include "runtime/Object.h"
#include "runtime/Output.h"
#include "runtime/Site.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <gc/gc.h>

#include <pthread.h>

#include <x86intrin.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
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
  /// `ruchy-jit profile`: the run is profiled and these reports written.
  ProfileRequest *Profile = nullptr;
  /// --max-heap: the collected heap's cap, as given (`512M`), and in bytes.
  std::string MaxHeap;
  uint64_t MaxHeapBytes = 0;
  /// --max-time: the run's wall-clock limit, as given (`10s`), and in ms.
  std::string MaxTime;
  int64_t MaxTimeMs = 0;
  /// --jit-ast-passes-t1/-t2, as given (parsed into Jit.AstPassesT1/T2).
  std::string JitAstT1 = "fold,dce", JitAstT2 = "fold,dce";
  /// --ast-passes: AST passes run before the program is resolved.
  std::string AstPasses;
  std::vector<std::string> AstPassFlags;
};

/// When the process started (the profile's whole-process time; moved on by
/// the time the uninstrumented run took, which the profile excludes).
auto ProcessStart = std::chrono::steady_clock::now();

double msSince(std::chrono::steady_clock::time_point T) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - T).count();
}

/// A profiled run in progress, for the runtime-error handler: a program
/// that fails still gets its profile (up to the error).
struct ActiveProfile {
  const RunOptions *Opts;
  Interpreter *Interp;
  profiler::ProfileInputs Inputs;
  std::chrono::steady_clock::time_point RunStart;
  uint64_t TickStart;
};
ActiveProfile *CurrentProfile = nullptr;

/// Writes the profile of the run so far.
bool finishProfile(ActiveProfile &A) {
  A.Interp->chargeTiming();
  double RunMs = msSince(A.RunStart);
  auto *Calls = const_cast<CallProfile *>(A.Inputs.Calls);
  if (RunMs > 0)
    Calls->TicksPerSecond = static_cast<double>(__rdtsc() - A.TickStart) / (RunMs / 1000);
  A.Inputs.RunMs = RunMs;
  A.Inputs.ProcessMs = msSince(ProcessStart);
  return writeProfile(*A.Opts->Profile, A.Inputs);
}

/// The runtime-error handler while profiling: the error as usual, then the
/// profile, built on a thread of its own (the error may be a stack
/// overflow, with the program thread's stack all but used up).
[[noreturn]] void profileErrorHandler(const std::string &Message, SiteId Site) {
  flushOut();
  writeErr(formatRuntimeError(Message, Site));
  if (ActiveProfile *A = CurrentProfile) {
    CurrentProfile = nullptr;
    pthread_attr_t Attr;
    pthread_attr_init(&Attr);
    pthread_attr_setstacksize(&Attr, size_t(1) << 30);
    pthread_t Thread;
    if (pthread_create(
            &Thread, &Attr,
            [](void *Arg) -> void * {
              finishProfile(*static_cast<ActiveProfile *>(Arg));
              return nullptr;
            },
            A) == 0)
      pthread_join(Thread, nullptr);
    pthread_attr_destroy(&Attr);
  }
  flushOut();
  _exit(1);
}

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

/// The program has finished: if a background compile is still running, the
/// process ends here, as main would end it (its output flushed, the
/// program's status), before this thread's end unmaps the stack that holds
/// the interpreter the compile reads (it crashed there, now and then, under
/// load).
void endIfStillCompiling(jit::TierManager &TM, int Exit) {
  if (!TM.stopCompiles())
    return;
  flushOut();
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(Exit);
}

void *runProgram(void *Arg) {
  auto *T = static_cast<ProgramThread *>(Arg);
  const RunOptions &Opts = *T->Opts;

  setStackBoundsOfThisThread(StackGuardMarginBytes);

  setSourceFileName(Opts.File);
  setProgramArguments(Opts.Args);
  std::vector<Diagnostic> Errors;
  FrontendTimes Times;
  ast::Program *P = parseProgram(Opts.File, T->Source, Errors, &Times);
  if (Errors.empty() && !Opts.AstPassFlags.empty()) {
    std::vector<AstPassResult> Passes = runAstPasses(*P, Opts.AstPassFlags);
    for (const AstPassResult &R : Passes)
      Times.AstPassSeconds += R.Seconds;
  }
  if (Errors.empty()) {
    auto ResolveStart = std::chrono::steady_clock::now();
    resolveProgram(*P, Errors);
    Times.ResolveSeconds = msSince(ResolveStart) / 1000;
  }
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
  // `--dump-ir=FUNC` naming nothing would dump nothing, silently (a path
  // meant for --dump-dir, a typo).
  if (const std::string &Want = Opts.Jit.DumpIrFilter; Opts.Jit.DumpIr && !Want.empty() &&
      std::none_of(P->AllFunctions.begin(), P->AllFunctions.end(),
                   [&](const ast::FunctionDecl *Fn) { return Opts.Jit.dumpsIrOf(*Fn); })) {
    writeErr(fmt::format("ruchy-jit: --dump-ir={}: {} has no function named '{}' (--dump-dir DIR writes "
                         "the dumps as files)\n",
                         Want, Opts.File, Want));
    T->Exit = 2;
    return nullptr;
  }
  Interpreter Interp(*P);
  setActiveInterpreter(&Interp);
  jit::TierManager TM(Interp, *P, Opts.Jit);
  TM.install();
  if (Opts.Stats != StatsFormat::None)
    Interp.enableTiming();
  if (!Opts.Profile) {
    T->Exit = Interp.run();
    flushOut();
    writeStats(Opts, *P, TM);
    endIfStillCompiling(TM, T->Exit);
    return nullptr;
  }
  CallProfile Calls;
  Interp.enableProfiling(&Calls);
  ActiveProfile A{&Opts, &Interp, {}, std::chrono::steady_clock::now(), __rdtsc()};
  A.Inputs.Program = P;
  A.Inputs.Calls = &Calls;
  A.Inputs.Tiers = &TM;
  A.Inputs.Frontend = Times;
  A.Inputs.Mode = Opts.Tier;
  A.Inputs.Hot = Opts.Profile->Hot;
  CurrentProfile = &A;
  setErrorHandler(profileErrorHandler);
  A.RunStart = std::chrono::steady_clock::now();
  A.TickStart = __rdtsc();
  T->Exit = Interp.run();
  CurrentProfile = nullptr;
  setErrorHandler(nullptr);
  flushOut();
  if (!finishProfile(A))
    T->Exit = 2;
  writeStats(Opts, *P, TM);
  endIfStillCompiling(TM, T->Exit);
  return nullptr;
}

/// The options `run` and `profile` share: the program, its arguments, the
/// tier mode and every tunable.
void addEngineOptions(CLI::App *Sub, RunOptions &Opts) {
  Sub->add_option("file", Opts.File, "The .ruchy program to run")->required();
  Sub->add_option("args", Opts.Args, "Arguments for the program");
  Sub->add_option("--tier", Opts.Tier,
                  "Execution tiers: 0 = interpreter only, 1 = every function compiled to "
                  "Tier 1 at its first call, 2 = every function specialized for the argument "
                  "kinds of its first call, auto = tiered by the thresholds (default)")
      ->check(CLI::IsMember({"0", "1", "2", "auto"}));
  unsigned NumTunables = 0;
  const jit::TunableInfo *Tunables = jit::tunableTable(NumTunables);
  for (unsigned I = 0; I < NumTunables; ++I) {
    const jit::TunableInfo &T = Tunables[I];
    Sub->add_option(std::string("--") + T.Flag, Opts.Jit.T.*T.Member,
                    fmt::format("{} (default {})", T.Reason, T.Default));
  }
  Sub->add_flag("--jit-sync", Opts.Jit.Sync,
                "Compile synchronously, for deterministic tier transitions in tests");
  Sub->add_option("--ast-passes", Opts.AstPasses,
                  "AST optimizer passes to run on the program before it runs (every tier): a "
                  "comma-separated list of fold, inline, dce, tco, or all / none (default none; "
                  "docs/optimizer.md)");
  Sub->add_option("--jit-ast-passes-t1", Opts.JitAstT1,
                  "AST passes run while generating Tier 1 code, without changing the program "
                  "Tier 0 runs: fold, dce, all or none (default fold,dce; docs/optimizer.md)");
  Sub->add_option("--jit-ast-passes-t2", Opts.JitAstT2,
                  "AST passes run while generating Tier 2 code: fold, dce, all or none "
                  "(default fold,dce)");
  Sub->add_option("--jit-t2-passes", Opts.Jit.T2Passes,
                  "Tier 2's LLVM IR pipeline for function specializations in opt's -passes= "
                  "syntax, in place of the default pipeline of --jit-opt-t2: 'default<O2>', "
                  "'function(sroa,instcombine<no-verify-fixpoint>,gvn)' (docs/tiers.md)");
  Sub->add_option("--jit-osr-passes", Opts.Jit.OsrPasses,
                  "Tier 2's LLVM IR pipeline for OSR entries, whose loop waits in Tier 0 for the "
                  "compile ('' or 'default<O3>': as specializations; docs/tiers.md)")
      ->capture_default_str();
  Sub->add_option("--max-heap", Opts.MaxHeap,
                  "Cap the program's heap (bytes, or with K, M, G: 512M): past it the program ends "
                  "with 'Error: Out of memory' instead of being killed");
  Sub->add_option("--max-time", Opts.MaxTime,
                  "Limit the run's wall-clock time (seconds, or with ms, s, m: 500ms, 2.5s, 1m): "
                  "past it the program ends with 'Error: Time limit exceeded', output so far kept");
  Sub->add_flag("--perf-map", Opts.Jit.PerfMap,
                "Name compiled functions for perf in /tmp/perf-PID.map (docs/profiling.md)");
  Sub->add_flag("--gdb-jit", Opts.Jit.GdbJit,
                "Register compiled code with gdb's JIT interface, so that gdb shows compiled "
                "functions by name in backtraces (docs/profiling.md)");
}

/// `ruchy-jit run` with Opts' engine settings, for the profile's
/// uninstrumented run.
std::vector<std::string> runArgv(const RunOptions &Opts) {
  std::vector<std::string> Argv{selfExe(), "run", "--tier=" + Opts.Tier};
  unsigned NumTunables = 0;
  const jit::TunableInfo *Tunables = jit::tunableTable(NumTunables);
  for (unsigned I = 0; I < NumTunables; ++I)
    Argv.push_back(fmt::format("--{}={}", Tunables[I].Flag, Opts.Jit.T.*Tunables[I].Member));
  if (Opts.Jit.Sync)
    Argv.push_back("--jit-sync");
  if (!Opts.MaxHeap.empty())
    Argv.push_back("--max-heap=" + Opts.MaxHeap);
  if (!Opts.MaxTime.empty())
    Argv.push_back("--max-time=" + Opts.MaxTime);
  Argv.push_back("--jit-ast-passes-t1=" + Opts.JitAstT1);
  Argv.push_back("--jit-ast-passes-t2=" + Opts.JitAstT2);
  // (Flag and value apart: CLI11 reads `--flag=` with nothing after the
  // '=' as a flag whose value is the next argument.)
  for (auto [Flag, Passes] : {std::pair{"--jit-t2-passes", &Opts.Jit.T2Passes},
                              std::pair{"--jit-osr-passes", &Opts.Jit.OsrPasses}}) {
    Argv.push_back(Flag);
    Argv.push_back(*Passes);
  }
  if (!Opts.AstPasses.empty())
    Argv.push_back("--ast-passes=" + Opts.AstPasses);
  // (--perf-map and --gdb-jit are left out: the uninstrumented run is only
  // timed.)
  Argv.push_back(Opts.File);
  for (const std::string &A : Opts.Args)
    Argv.push_back(A);
  return Argv;
}

int runCommand(RunOptions &Opts) {
  std::string PassError;
  Opts.AstPassFlags = parseAstPassList(Opts.AstPasses, PassError);
  if (!PassError.empty()) {
    std::cerr << "ruchy-jit: --ast-passes: " << PassError << "\n";
    return 2;
  }
  for (auto [List, Mask, Flag] : {std::tuple{&Opts.JitAstT1, &Opts.Jit.AstPassesT1, "t1"},
                                 std::tuple{&Opts.JitAstT2, &Opts.Jit.AstPassesT2, "t2"}}) {
    *Mask = jit::parseJitAstPasses(*List, PassError);
    if (!PassError.empty()) {
      std::cerr << "ruchy-jit: --jit-ast-passes-" << Flag << ": " << PassError << "\n";
      return 2;
    }
  }
  for (auto [Passes, Flag] : {std::pair{&Opts.Jit.T2Passes, "t2"}, std::pair{&Opts.Jit.OsrPasses, "osr"}}) {
    std::string Why = Passes->empty() ? "" : jit::checkPassPipeline(*Passes);
    if (!Why.empty()) {
      std::cerr << "ruchy-jit: --jit-" << Flag << "-passes: " << Why << "\n";
      return 2;
    }
  }
  if (!Opts.MaxHeap.empty()) {
    // A number with an optional K/M/G suffix (powers of 1024).
    size_t End = 0;
    unsigned long long N = 0;
    try {
      N = std::stoull(Opts.MaxHeap, &End);
    } catch (...) {
      End = 0;
    }
    std::string Unit = Opts.MaxHeap.substr(End);
    int Shift = Unit.empty() ? 0 : Unit == "K" || Unit == "k" ? 10 : Unit == "M" || Unit == "m" ? 20
                               : Unit == "G" || Unit == "g" ? 30 : -1;
    if (End == 0 || Shift < 0 || N == 0 || N > (~0ULL >> Shift)) {
      std::cerr << "ruchy-jit: --max-heap: '" << Opts.MaxHeap
                << "' is not a size (bytes, or a number with K, M or G)\n";
      return 2;
    }
    Opts.MaxHeapBytes = N << Shift;
  }
  if (!Opts.MaxTime.empty()) {
    // A decimal number with an optional ms/s/m unit (seconds by default).
    size_t End = 0;
    double N = 0;
    try {
      N = std::stod(Opts.MaxTime, &End);
    } catch (...) {
      End = 0;
    }
    std::string Unit = Opts.MaxTime.substr(End);
    double Scale = Unit.empty() || Unit == "s" ? 1000 : Unit == "ms" ? 1 : Unit == "m" ? 60000 : -1;
    double Ms = N * Scale;
    if (End == 0 || Scale < 0 || !(Ms >= 1) || Ms > 1e12) {
      std::cerr << "ruchy-jit: --max-time: '" << Opts.MaxTime
                << "' is not a duration (seconds, or a number with ms, s or m, at least 1ms)\n";
      return 2;
    }
    Opts.MaxTimeMs = static_cast<int64_t>(Ms);
  }
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
  setMaxHeapBytes(Opts.MaxHeapBytes);
  if (Opts.MaxTimeMs) {
    // Compiled code polls only when a limit is set (runtime/Interrupt.h).
    setInterruptPolls(true);
    startTimeLimit(std::chrono::milliseconds(Opts.MaxTimeMs));
  }
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
  addEngineOptions(Run, Opts);
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

  RunOptions ProfOpts;
  ProfileRequest Prof;
  CLI::App *ProfileCmd = App.add_subcommand(
      "profile", "Run a program with the profiler: per-function calls, times per tier and "
                 "allocations, compile phases, type stability, hot functions and loops, flame graphs");
  addEngineOptions(ProfileCmd, ProfOpts);
  ProfileCmd->add_flag("--trace-tiers", ProfOpts.Jit.TraceTiers,
                       "Print each tier transition as it happens (stderr)");
  addProfileOptions(ProfileCmd, Prof);

  RunOptions AnalyzeOpts;
  ProfileRequest AnalyzeReq;
  CLI::App *AnalyzeCmd = App.add_subcommand(
      "analyze", "Run a program with the profiler and report optimization opportunities: constant "
                 "expressions, pure calls with constant arguments, inlining candidates, tail recursion, "
                 "loop-invariant expressions, dead code, type-unstable call sites");
  addEngineOptions(AnalyzeCmd, AnalyzeOpts);
  addAnalyzeOptions(AnalyzeCmd, AnalyzeReq);

  CLI::App *Bench = nullptr;
  std::function<int()> RunBench = addBenchCommand(App, Bench);
  CLI::App *Optimize = nullptr;
  std::function<int()> RunOptimize = addOptimizeCommand(App, Optimize);
  CLI::App *Compare = nullptr;
  std::function<int()> RunCompare = addCompareModesCommand(App, Compare);
  CLI::App *Flags = nullptr;
  std::function<int()> RunFlags = addAnalyzeFlagsCommand(App, Flags);

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
  if (AnalyzeCmd->parsed()) {
    AnalyzeOpts.Profile = &AnalyzeReq;
    int Rc = runCommand(AnalyzeOpts);
    flushOut();
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(Rc);
  }
  if (ProfileCmd->parsed()) {
    ProfOpts.Profile = &Prof;
    if (Prof.MeasureOverhead && std::ifstream(ProfOpts.File)) {
      auto Before = std::chrono::steady_clock::now();
      Prof.BaselineMs = measureBaseline(runArgv(ProfOpts));
      ProcessStart += std::chrono::steady_clock::now() - Before;
    }
    int Rc = runCommand(ProfOpts);
    flushOut();
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(Rc);
  }
  if (Bench->parsed())
    return RunBench();
  if (Optimize->parsed())
    return RunOptimize();
  if (Compare->parsed())
    return RunCompare();
  if (Flags->parsed())
    return RunFlags();
  return 2;
}
