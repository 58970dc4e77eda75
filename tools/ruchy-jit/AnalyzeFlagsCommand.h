//===- tools/ruchy-jit/AnalyzeFlagsCommand.h - `analyze-flags` ---*- C++ -*-===//
#ifndef RUCHY_TOOLS_ANALYZEFLAGSCOMMAND_H
#define RUCHY_TOOLS_ANALYZEFLAGSCOMMAND_H

#include <CLI/CLI.hpp>

#include <functional>

namespace ruchy {

/// Adds `analyze-flags FILE [ARGS]`; the returned function runs it.
std::function<int()> addAnalyzeFlagsCommand(CLI::App &App, CLI::App *&Sub);

} // namespace ruchy

#endif
