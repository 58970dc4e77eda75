//===- jit/TierManager.cpp - When and what to compile ------------*- C++ -*-===//
#include "jit/TierManager.h"

#include "jit/Engine.h"
#include "jit/RuntimeBridge.h"
#include "jit/Tier1Codegen.h"
#include "frontend/AstWalk.h"
#include "runtime/Output.h"

#include "llvm/Support/Error.h"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

using namespace ruchy;
using namespace ruchy::jit;
using namespace ruchy::ast;

namespace {

/// A symbol-safe spelling of a function's name: "Point::new" -> "Point__new",
/// closures by position.
std::string symbolBase(const FunctionDecl *Fn) {
  if (Fn->IsClosure)
    return fmt::format("closure_L{}C{}", Fn->Loc.Line, Fn->Loc.Col);
  std::string Out;
  for (char C : Fn->QualName) {
    if (std::isalnum(static_cast<unsigned char>(C)) || C == '_')
      Out += C;
    else if (C == ':')
      Out += '_';
    else if (C == '<' || C == '>' || C == '-')
      continue;
    else
      Out += '_';
  }
  return Out.empty() ? "fn" : Out;
}

} // namespace

struct TierManager::Impl {
  Interpreter &Interp;
  Program &P;
  JitOptions Opts;
  std::unique_ptr<Engine> E;
  bool EngineFailed = false;
  std::chrono::steady_clock::time_point Start = std::chrono::steady_clock::now();

  struct FnRecord {
    TierInfo Info;
  };
  std::unordered_map<const FunctionDecl *, FnRecord> Records;
  std::set<std::string> UsedNames;
  std::map<std::string, unsigned> FailureCounts;
  unsigned Units = 0;
  double TotalCompileSeconds = 0;
  double EngineSeconds = 0; ///< creating LLJIT (once, on the first compile)
  /// Guards the records above: the background compiler writes them, the
  /// report reads them.
  mutable std::mutex RecordsMu;

  // Background compilation: one worker thread compiles queued units while
  // the program goes on in the interpreter (a 2-core machine runs both).
  struct Job {
    FunctionDecl *Fn;
    LoopExpr *L;
    std::string Why;
  };
  bool Async = false;
  std::thread Worker;
  std::mutex QueueMu;
  std::condition_variable QueueCV;
  std::deque<Job> Queue;
  bool Stopping = false;

  ruchy::Value *Globals; ///< the interpreter's global slots (permanent)

  Impl(Interpreter &I, Program &P, JitOptions O)
      : Interp(I), P(P), Opts(std::move(O)), Globals(I.globals()) {
    Async = !Opts.Sync && Opts.Mode == TierMode::Auto;
  }

  void enqueue(Job J) {
    {
      std::lock_guard<std::mutex> Lock(QueueMu);
      Queue.push_back(std::move(J));
    }
    if (!Worker.joinable())
      Worker = std::thread([this] { workerLoop(); });
    QueueCV.notify_one();
  }

  void workerLoop() {
    for (;;) {
      Job J;
      {
        std::unique_lock<std::mutex> Lock(QueueMu);
        QueueCV.wait(Lock, [this] { return Stopping || !Queue.empty(); });
        if (Stopping)
          return;
        J = std::move(Queue.front());
        Queue.pop_front();
      }
      publish(J, compile(J.Fn, J.L, J.Why));
    }
  }

  /// Installs a compile's result where the interpreter looks for it.
  static void publish(const Job &J, void *Code) {
    if (J.L) {
      if (Code)
        __atomic_store_n(&J.L->OsrEntry, Code, __ATOMIC_RELEASE);
      else
        __atomic_store_n(&J.L->OsrFailed, true, __ATOMIC_RELEASE);
    } else {
      if (Code)
        __atomic_store_n(&J.Fn->JitCode, Code, __ATOMIC_RELEASE);
      else
        __atomic_store_n(&J.Fn->JitFailed, true, __ATOMIC_RELEASE);
    }
  }

  /// Stops taking work. Returns true when a compile may still be running.
  bool stop() {
    {
      std::lock_guard<std::mutex> Lock(QueueMu);
      Stopping = true;
      Queue.clear();
    }
    QueueCV.notify_all();
    if (!Worker.joinable())
      return false;
    Worker.detach();
    return true;
  }

  double elapsedMs() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - Start)
        .count();
  }

  std::string uniqueName(const std::string &Base) {
    std::string Name = Base;
    for (unsigned N = 2; UsedNames.count(Name); ++N)
      Name = fmt::format("{}.{}", Base, N);
    UsedNames.insert(Name);
    return Name;
  }

  bool wantsDump(const FunctionDecl *Fn) const {
    return Opts.DumpIr && (Opts.DumpIrFilter.empty() || Opts.DumpIrFilter == Fn->QualName ||
                           Opts.DumpIrFilter == Fn->Name);
  }

  void trace(const std::string &Line) {
    if (!Opts.TraceTiers)
      return;
    std::string Text = fmt::format("[tier {:9.3f} ms] {}\n", elapsedMs(), Line);
    if (Async) {
      // Not from the worker: flushing the program's stdout buffer there
      // would race with the program writing it. One write() keeps the line
      // whole.
      ssize_t Ignored = ::write(2, Text.data(), Text.size());
      (void)Ignored;
      return;
    }
    writeErr(Text);
  }

  void emitDump(const std::string &Name, const char *Suffix, const std::string &Text) {
    if (Text.empty())
      return;
    if (!Opts.DumpDir.empty()) {
      std::error_code EC;
      std::filesystem::create_directories(Opts.DumpDir, EC);
      std::ofstream(std::filesystem::path(Opts.DumpDir) / (Name + Suffix)) << Text;
      return;
    }
    flushOut();
    writeErr(fmt::format("; ---- {}{} ----\n{}", Name, Suffix, Text));
  }

  void fail(const FunctionDecl *Fn, const std::string &Reason) {
    std::lock_guard<std::mutex> Lock(RecordsMu);
    Records[Fn].Info.Failure = Reason;
    ++FailureCounts[Reason];
  }

  /// Compiles Fn (or its OSR entry at L); null on failure (recorded).
  void *compile(FunctionDecl *Fn, LoopExpr *L, const std::string &Why) {
    if (EngineFailed)
      return nullptr;
    int64_t Nodes = 0;
    ast::forEachExpr(Fn->Body, [&](ast::Expr *) { ++Nodes; });
    if (Opts.T.MaxNodes > 0 && Nodes > Opts.T.MaxNodes) {
      std::string Reason =
          fmt::format("function too large ({} expressions > --jit-max-nodes)", Nodes);
      fail(Fn, Reason);
      trace(fmt::format("{}: t0 -> t1 failed: {}", Fn->QualName, Reason));
      return nullptr;
    }
    if (!E) {
      auto EngineStart = std::chrono::steady_clock::now();
      auto Created = Engine::create(Opts.T.FastIselT1 != 0);
      if (!Created) {
        EngineFailed = true;
        fail(Fn, "LLVM engine: " + llvm::toString(Created.takeError()));
        return nullptr;
      }
      E = std::move(*Created);
      setBridgeInterpreter(&Interp);
      EngineSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - EngineStart)
                          .count();
      trace(fmt::format("LLVM engine created in {:.2f} ms", EngineSeconds * 1000));
    }
    auto T0 = std::chrono::steady_clock::now();
    std::string Base = symbolBase(Fn) + (L ? fmt::format(".osr{}", L->LoopIndex) : "") + ".t1";
    std::string Name = uniqueName(Base);
    Tier1Module Mod = generateTier1(Fn, L, Name, Globals);
    if (!Mod.Failure.empty()) {
      fail(Fn, Mod.Failure);
      trace(fmt::format("{}{}: t0 -> t1 failed: {}", Fn->QualName,
                        L ? fmt::format(" (loop at line {})", L->Loc.Line) : "", Mod.Failure));
      return nullptr;
    }
    DumpRequest Dump;
    bool D = wantsDump(Fn);
    Dump.IrBefore = Dump.IrAfter = D;
    Dump.Asm = Opts.DumpAsm && (Opts.DumpIrFilter.empty() || D);
    unsigned Opt = static_cast<unsigned>(std::clamp<int64_t>(Opts.T.OptT1, 0, 3));
    auto Unit = E->compile(std::move(Mod.M), std::move(Mod.Ctx), Name, Opt, Dump);
    if (!Unit) {
      std::string Msg = llvm::toString(Unit.takeError());
      fail(Fn, "LLVM: " + Msg.substr(0, 200));
      trace(fmt::format("{}: t0 -> t1 failed in LLVM: {}", Fn->QualName, Msg.substr(0, 200)));
      return nullptr;
    }
    double Secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - T0).count();
    {
      std::lock_guard<std::mutex> Lock(RecordsMu);
      FnRecord &R = Records[Fn];
      R.Info.Tier = 1;
      ++R.Info.Units;
      R.Info.CompileSeconds += Secs;
      ++Units;
      TotalCompileSeconds += Secs;
    }
    emitDump(Name, ".ll", Unit->IrBefore);
    emitDump(Name, ".opt.ll", Unit->IrAfter);
    emitDump(Name, ".s", Unit->Asm);
    trace(fmt::format("{}{}: t0 -> t1 ({}), compiled in {:.2f} ms (LLVM -O{} {:.2f} ms, codegen "
                      "{:.2f} ms)",
                      Fn->QualName,
                      L ? fmt::format(" OSR entry at loop line {}", L->Loc.Line) : "", Why,
                      Secs * 1000, Opt, Unit->OptSeconds * 1000, Unit->CodegenSeconds * 1000));
    return Unit->Entry;
  }
};

TierManager::TierManager(Interpreter &Interp, Program &P, JitOptions Opts)
    : I(std::make_unique<Impl>(Interp, P, std::move(Opts))) {}

TierManager::~TierManager() {
  // A compile still running belongs to a program that has finished: the
  // process ends without waiting for it (main exits with _Exit), so the
  // state it uses is left alive rather than freed under it.
  if (I->stop()) {
    (void)I.release();
    return;
  }
  if (I->E)
    I->E->reportTimings();
}

void TierManager::install() {
  switch (I->Opts.Mode) {
  case TierMode::Interpreter:
    return;
  case TierMode::Tier1:
    I->Interp.setTierHooks(this, 1, UINT64_MAX);
    return;
  case TierMode::Auto: {
    auto Threshold = [](int64_t V) {
      return V <= 0 ? UINT64_MAX : static_cast<uint64_t>(V);
    };
    I->Interp.setTierHooks(this, Threshold(I->Opts.T.T1Calls), Threshold(I->Opts.T.OsrLoops));
    return;
  }
  }
}

void TierManager::onHotFunction(FunctionDecl *Fn) {
  std::string Why = I->Opts.Mode == TierMode::Tier1
                        ? "--tier=1"
                        : fmt::format("{} calls, {} loop iterations", Fn->Feedback.Calls,
                                      [&] {
                                        uint64_t N = 0;
                                        for (const LoopExpr *L : Fn->Loops)
                                          N += L->BackEdges;
                                        return N;
                                      }());
  Impl::Job J{Fn, nullptr, Why};
  if (I->Async) {
    Fn->JitPending = true;
    I->enqueue(std::move(J));
    return;
  }
  Impl::publish(J, I->compile(Fn, nullptr, Why));
}

OsrFn TierManager::onHotLoop(FunctionDecl *Fn, LoopExpr *L) {
  if (Fn->JitFailed) {
    L->OsrFailed = true;
    return nullptr;
  }
  Impl::Job J{Fn, L, fmt::format("{} loop iterations", L->BackEdges)};
  if (I->Async) {
    L->OsrPending = true;
    I->enqueue(std::move(J));
    return nullptr;
  }
  void *Code = I->compile(Fn, L, J.Why);
  Impl::publish(J, Code);
  return reinterpret_cast<OsrFn>(Code);
}

TierInfo TierManager::info(const FunctionDecl *Fn) const {
  std::lock_guard<std::mutex> Lock(I->RecordsMu);
  auto It = I->Records.find(Fn);
  return It == I->Records.end() ? TierInfo() : It->second.Info;
}

std::string TierManager::summary() const {
  std::lock_guard<std::mutex> Lock(I->RecordsMu);
  std::string Out = fmt::format("compiled {} unit(s) in {:.2f} ms", I->Units,
                                I->TotalCompileSeconds * 1000);
  if (I->Units)
    Out += fmt::format(" (mean {:.3f} ms)", I->TotalCompileSeconds * 1000 / I->Units);
  if (I->EngineSeconds > 0)
    Out += fmt::format(", plus {:.2f} ms creating the LLVM engine", I->EngineSeconds * 1000);
  Out += "\n";
  for (auto &[Reason, N] : I->FailureCounts)
    Out += fmt::format("compile failed {}x: {}\n", N, Reason);
  return Out;
}
