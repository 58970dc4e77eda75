//===- test/fuzz/targets/ParserFuzzer.cpp - libFuzzer: the front end ------===//
//
// Any bytes through the lexer, the parser and the resolver: no crash, no
// hang, no leak, no sanitizer report, and diagnostics render. For programs
// that parse, two properties the tools rely on:
//  - the pretty printer's source parses, and prints again as the same text
//    (`ruchy-jit optimize` writes programs with it);
//  - the AST optimizer's passes (fold, inline, dce, tco) leave a program
//    that prints and parses back.
// A broken property aborts, so libFuzzer saves the input.
//
//===----------------------------------------------------------------------===//
#include "frontend/AstPasses.h"
#include "frontend/Frontend.h"
#include "test/fuzz/targets/FuzzSupport.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace ruchy;

namespace {

constexpr const char *FileName = "fuzz.ruchy";

[[noreturn]] void propertyBroken(const char *What, const std::string &Source,
                                 const std::string &Printed) {
  std::fprintf(stderr, "ParserFuzzer: %s\n--- input ---\n%s\n--- printed ---\n%s\n", What,
               Source.c_str(), Printed.c_str());
  std::abort();
}

ast::Program *parse(const std::string &Source, std::vector<Diagnostic> &Errors) {
  Errors.clear();
  return parseProgram(FileName, Source, Errors);
}

void checkInput(const std::string &Source) {
  resetSites();
  ast::NodePool Pool;
  std::vector<Diagnostic> Errors;
  ast::Program *P = parse(Source, Errors);
  for (const Diagnostic &D : Errors)
    (void)renderDiagnostic(D, FileName, Source);
  if (!Errors.empty())
    return;
  // The resolver, on a copy of its own (it annotates the tree). Programs it
  // rejects (a duplicate struct, `break` outside a loop) cannot run, and the
  // printer's normalization of them (duplicate definitions grouped) is not
  // meant to be stable: the properties below are for the rest.
  ast::Program *Resolved = parse(Source, Errors);
  resolveProgram(*Resolved, Errors);
  for (const Diagnostic &D : Errors)
    (void)renderDiagnostic(D, FileName, Source);
  if (!Errors.empty())
    return;

  // The printer's output parses, and printing that again gives the same
  // text. (The printer normalizes: items first, methods in one impl, no
  // type annotations. That it keeps the meaning is PipelineFuzzer's check:
  // the printed program runs to the same output.)
  std::string Printed = printProgram(*P);
  std::vector<Diagnostic> Errors2;
  ast::Program *P2 = parse(Printed, Errors2);
  if (!Errors2.empty())
    propertyBroken(("printed program does not parse: " + Errors2[0].Message).c_str(), Source,
                   Printed);
  if (printProgram(*P2) != Printed)
    propertyBroken("printing the printed program gives other text", Source, Printed);

  // The AST optimizer on a fresh copy.
  ast::Program *P3 = parse(Source, Errors2);
  std::string PassError;
  runAstPasses(*P3, parseAstPassList("all", PassError));
  std::string Optimized = printProgram(*P3);
  parse(Optimized, Errors2);
  if (!Errors2.empty())
    propertyBroken(("optimized program does not parse: " + Errors2[0].Message).c_str(), Source,
                   Optimized);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  GC_INIT();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Source(reinterpret_cast<const char *>(Data), Size);
  fuzz::runOnProgramStack([&] { checkInput(Source); });
  return 0;
}
