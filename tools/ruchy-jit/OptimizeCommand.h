//===- tools/ruchy-jit/OptimizeCommand.h - `ruchy-jit optimize` --*- C++ -*-===//
#ifndef RUCHY_TOOLS_OPTIMIZECOMMAND_H
#define RUCHY_TOOLS_OPTIMIZECOMMAND_H

#include <CLI/CLI.hpp>

#include <functional>

namespace ruchy {

/// Adds the `optimize` subcommand to App; the returned function runs it
/// after parsing and returns the exit status.
std::function<int()> addOptimizeCommand(CLI::App &App, CLI::App *&Sub);

} // namespace ruchy

#endif
