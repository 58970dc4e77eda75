//===- tools/ruchy-jit/BenchCommand.h - `ruchy-jit bench` --------*- C++ -*-===//
#ifndef RUCHY_TOOLS_BENCHCOMMAND_H
#define RUCHY_TOOLS_BENCHCOMMAND_H

#include <CLI/CLI.hpp>

#include <functional>

namespace ruchy {

/// Adds the `bench` subcommand to App; the returned function runs it after
/// parsing and returns the exit status.
std::function<int()> addBenchCommand(CLI::App &App, CLI::App *&Sub);

/// `compare-modes FILE [ARGS]`: the harness on one program with its own
/// arguments (docs/cli.md).
std::function<int()> addCompareModesCommand(CLI::App &App, CLI::App *&Sub);

} // namespace ruchy

#endif
