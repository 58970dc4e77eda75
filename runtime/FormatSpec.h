//===- runtime/FormatSpec.h - A parsed `{:...}` format spec ------*- C++ -*-===//
//
// The part after the colon of a format hole, as Rust writes it:
// `{:<fill><align><+><0><width>.<precision><?>}`. The parser fills it in from
// macro format strings and f-strings; runtime/Format.cpp applies it.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_FORMATSPEC_H
#define RUCHY_RUNTIME_FORMATSPEC_H

namespace ruchy {

struct FormatSpec {
  char Fill = ' ';
  char Align = 0; ///< 0 (default for the kind), '<', '>', '^'
  bool Plus = false;
  bool ZeroPad = false;
  int Width = -1;     ///< -1: none
  int Precision = -1; ///< -1: none
  bool Debug = false; ///< `{:?}`
};

} // namespace ruchy

#endif
