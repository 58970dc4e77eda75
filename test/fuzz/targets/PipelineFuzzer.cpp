//===- test/fuzz/targets/PipelineFuzzer.cpp - libFuzzer: parse and run ----===//
//
// Short inputs through the whole Tier 0 pipeline: lex, parse, resolve, run
// in the interpreter with its runtime (every builtin, method, operator,
// formatting and error path), and again as the pretty printer and the AST
// optimizer (all passes) rewrite the program, which must run the same. A
// step budget (Tier 0's poll points: calls
// and loop iterations) and a heap cap keep every input short and bounded;
// runtime errors are the program's business, not findings. Findings are
// crashes, hangs, leaks and sanitizer reports. The compiled tiers are
// checked against this interpreter by the differential fuzzer
// (test/fuzz/differential.py), on the engine binary.
//
//===----------------------------------------------------------------------===//
#include "frontend/AstPasses.h"
#include "frontend/Frontend.h"
#include "interp/Interpreter.h"
#include "runtime/ArrayObject.h"
#include "runtime/Builtins.h"
#include "runtime/Interrupt.h"
#include "runtime/Object.h"
#include "runtime/Output.h"
#include "test/fuzz/targets/FuzzSupport.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace ruchy;

namespace {

/// Tier 0 poll points (calls and loop iterations) an input may run.
constexpr uint64_t StepBudgetPerInput = 10000;
/// The collected heap's cap: `[0; 1000000000]` is an error, not an OOM kill.
constexpr uint64_t MaxHeapBytesPerInput = uint64_t(256) << 20;
/// Longer inputs are rejected (not added to the corpus): short programs
/// run many times a second and minimize well.
constexpr size_t MaxInputBytes = 4096;

/// What one run printed and how it ended.
struct RunResult {
  bool Ran = false;  ///< it parsed and resolved
  std::string Out;   ///< stdout
  std::string Error; ///< the runtime error's message, empty when none
};

RunResult runSource(const std::string &Source) {
  RunResult R;
  std::vector<Diagnostic> Errors;
  ast::Program *P = parseProgram("fuzz.ruchy", Source, Errors);
  if (Errors.empty())
    resolveProgram(*P, Errors);
  if (!Errors.empty())
    return R;
  R.Ran = true;
  captureOutput(&R.Out);
  resetInterrupt();
  setStepBudget(StepBudgetPerInput);
  {
    Interpreter Interp(*P);
    setActiveInterpreter(&Interp);
    try {
      Interp.run();
    } catch (const RuchyError &E) {
      R.Error = E.Message;
      fuzz::unpoisonUnusedStack();
      (void)formatRuntimeError(E.Message, E.Site);
    }
    CallStack::truncate(0);
    flushOut();
    setActiveInterpreter(nullptr);
    Interp.releaseHeapRoots();
  }
  captureOutput(nullptr);
  resetInterrupt();
  return R;
}

/// Errors whose point depends on more than the program's meaning (call
/// depth, heap size, steps), which the printer and the passes may change.
bool endedByLimit(const RunResult &R) {
  return R.Error == "Step limit exceeded" || R.Error == "Stack overflow" ||
         R.Error == "Out of memory";
}

/// The source text of Source after Passes (none: just printed).
std::string rewrite(const std::string &Source, const std::vector<std::string> &Passes) {
  std::vector<Diagnostic> Errors;
  ast::Program *P = parseProgram("fuzz.ruchy", Source, Errors);
  if (!Passes.empty())
    runAstPasses(*P, Passes);
  return printProgram(*P);
}

void checkSame(const char *What, const std::string &Source, const std::string &Rewritten,
               const RunResult &Want, const RunResult &Got) {
  if (endedByLimit(Want) || endedByLimit(Got))
    return;
  if (Got.Ran && Got.Out == Want.Out && Got.Error == Want.Error)
    return;
  std::fprintf(stderr,
               "PipelineFuzzer: the %s program runs differently\n--- input ---\n%s\n--- %s ---\n%s\n"
               "--- input printed (error '%s') ---\n%s\n--- %s printed (error '%s') ---\n%s\n",
               What, Source.c_str(), What, Rewritten.c_str(), Want.Error.c_str(),
               Want.Out.c_str(), What, Got.Error.c_str(), Got.Out.c_str());
  std::abort();
}

/// Runs the input, then the same program as the pretty printer writes it
/// and as the AST optimizer rewrites it (all passes): both must print the
/// same and end with the same error (`ruchy-jit optimize` relies on it).
void runInput(const std::string &Source) {
  setErrorHandler(fuzz::throwingHandler); // (per thread: this input's)
  resetSites();
  ast::NodePool Pool;
  RunResult Want = runSource(Source);
  if (!Want.Ran)
    return;
  std::string Printed = rewrite(Source, {});
  checkSame("printed", Source, Printed, Want, runSource(Printed));
  std::string PassError;
  std::string Optimized = rewrite(Source, parseAstPassList("all", PassError));
  checkSame("optimized", Source, Optimized, Want, runSource(Optimized));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  initRuntime();
  setMaxHeapBytes(MaxHeapBytesPerInput);
  // LeakSanitizer does not scan the collected heap, so storage held only
  // by a dead array not yet collected would be reported as a leak.
  setExternalArrayStorage(false);
  setSourceFileName("fuzz.ruchy");
  setProgramArguments({});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size > MaxInputBytes)
    return -1;
  std::string Source(reinterpret_cast<const char *>(Data), Size);
  fuzz::runOnProgramStack([&] { runInput(Source); });
  return 0;
}
