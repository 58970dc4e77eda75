//===- runtime/Output.h - Buffered program output ----------------*- C++ -*-===//
//
// Program stdout is block-buffered (a large buffer, flushed at exit and before
// any error is printed) because printing is the hottest builtin of many
// programs; stderr is written through at once.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_OUTPUT_H
#define RUCHY_RUNTIME_OUTPUT_H

#include <string>
#include <string_view>

namespace ruchy {

void writeOut(std::string_view Text);
void writeErr(std::string_view Text);
void flushOut();
/// Tests capture stdout into a string instead of the real stream.
void captureOutput(std::string *Sink);

} // namespace ruchy

#endif
