//===- bench/micro/RuntimeMicro.cpp - Hot runtime primitives -----*- C++ -*-===//
//
// Google Benchmark micro-benchmarks of the primitives every tier leans on:
// making and reading values, arithmetic through the generic runtime path,
// struct method lookup (cache miss) against the per-site inline cache (hit),
// and one interpreter loop iteration. Run: build/bin/ruchy-micro-bench.
//
//===----------------------------------------------------------------------===//
#include "frontend/Frontend.h"
#include "interp/Interpreter.h"
#include "runtime/Object.h"
#include "runtime/Operations.h"
#include "runtime/Output.h"

#include <benchmark/benchmark.h>

using namespace ruchy;

namespace {

void BM_ValueBoxUnboxInt(benchmark::State &State) {
  int64_t X = 1;
  for (auto _ : State) {
    Value V = Value::integer(X);
    benchmark::DoNotOptimize(V);
    X = V.I + 1;
  }
}
BENCHMARK(BM_ValueBoxUnboxInt);

void BM_ValueBoxUnboxFloat(benchmark::State &State) {
  double X = 1;
  for (auto _ : State) {
    Value V = Value::real(X);
    benchmark::DoNotOptimize(V);
    X = V.asDouble() + 1;
  }
}
BENCHMARK(BM_ValueBoxUnboxFloat);

void BM_GenericAddInt(benchmark::State &State) {
  Value A = Value::integer(1), B = Value::integer(2);
  for (auto _ : State) {
    benchmark::DoNotOptimize(A);
    Value C = opAdd(A, B, 0);
    benchmark::DoNotOptimize(C);
  }
}
BENCHMARK(BM_GenericAddInt);

void BM_GenericAddFloatInt(benchmark::State &State) {
  Value A = Value::real(1.5), B = Value::integer(2);
  for (auto _ : State) {
    benchmark::DoNotOptimize(A);
    Value C = opAdd(A, B, 0);
    benchmark::DoNotOptimize(C);
  }
}
BENCHMARK(BM_GenericAddFloatInt);

void BM_GenericAddStr(benchmark::State &State) {
  initRuntime();
  Value A = Value::str(newStr("ab")), B = Value::str(newStr("cd"));
  for (auto _ : State) {
    Value C = opAdd(A, B, 0);
    benchmark::DoNotOptimize(C);
  }
}
BENCHMARK(BM_GenericAddStr);

/// A parsed, resolved program (parsing is not what is measured).
ast::Program *load(const std::string &Source) {
  initRuntime();
  std::vector<Diagnostic> Errors;
  ast::Program *P = parseProgram("micro.ruchy", Source, Errors);
  resolveProgram(*P, Errors);
  return Errors.empty() ? P : nullptr;
}

const char *StructSource = "struct P { a: i64, b: i64, c: i64, d: i64 }\n"
                           "impl P { fun f1(&self) { 1 } fun f2(&self) { 2 } fun f3(&self) { 3 }\n"
                           "         fun get(&self) { self.d } }\n";

void BM_MethodLookupMiss(benchmark::State &State) {
  ast::Program *P = load(StructSource);
  const ast::StructDecl *D = P->Structs[0];
  std::string Name = "get";
  for (auto _ : State) {
    benchmark::DoNotOptimize(Name);
    ast::FunctionDecl *F = D->method(Name);
    benchmark::DoNotOptimize(F);
  }
}
BENCHMARK(BM_MethodLookupMiss);

void BM_MethodInlineCacheHit(benchmark::State &State) {
  ast::Program *P = load(StructSource);
  const ast::StructDecl *D = P->Structs[0];
  ast::MethodCall Site(nullptr, "get", {});
  Site.CachedDecl = D;
  Site.CachedFn = D->method("get");
  for (auto _ : State) {
    benchmark::DoNotOptimize(D);
    ast::FunctionDecl *F = D == Site.CachedDecl ? Site.CachedFn : D->method(Site.Name);
    benchmark::DoNotOptimize(F);
  }
}
BENCHMARK(BM_MethodInlineCacheHit);

/// Runs a program whose main does N units of work in Tier 0 (no tier
/// manager is installed), reporting the time per unit.
void runInterpreted(benchmark::State &State, const std::string &Source, int64_t N) {
  ast::Program *P = load(Source);
  std::string Sink;
  captureOutput(&Sink);
  for (auto _ : State) {
    // main runs only when nothing called it yet (LANGUAGE.md §1).
    for (ast::FunctionDecl *F : P->AllFunctions)
      F->Feedback.Calls = 0;
    Interpreter I(*P);
    setActiveInterpreter(&I);
    I.run();
  }
  captureOutput(nullptr);
  State.SetItemsProcessed(State.iterations() * N);
}

constexpr int64_t InterpreterWork = 1000000;

/// One iteration of `while i < n { i += 1 }`: three node evaluations
/// (compare, compound assignment, block) plus the loop's own bookkeeping.
void BM_InterpreterLoopIteration(benchmark::State &State) {
  runInterpreted(State,
                 "fun main() { let mut i = 0\n while i < " + std::to_string(InterpreterWork) +
                     " { i += 1 } }\n",
                 InterpreterWork);
}
BENCHMARK(BM_InterpreterLoopIteration)->Unit(benchmark::kMillisecond);

/// One interpreted call of a two-argument function, with its loop iteration.
void BM_InterpreterCall(benchmark::State &State) {
  runInterpreted(State,
                 "fun add(a, b) { a + b }\nfun main() { let mut s = 0\n for i in 0.." +
                     std::to_string(InterpreterWork) + " { s = add(s, 1) } }\n",
                 InterpreterWork);
}
BENCHMARK(BM_InterpreterCall)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
