//===- runtime/Format.h - Display text and formatting ------------*- C++ -*-===//
//
// How values become text (LANGUAGE.md §7): display text (println, `{}`),
// debug text (`{:?}`), plain text (to_string, str(), Str + number), the
// f-string flavour (strings inside containers unquoted), Rust format specs
// for the macros, and the println/print function-form rules.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_FORMAT_H
#define RUCHY_RUNTIME_FORMAT_H

#include "runtime/FormatSpec.h"
#include "runtime/Value.h"

#include <string>

namespace ruchy {

enum class TextStyle : uint8_t {
  Display, ///< println(x), `{}`: strings raw at top level, quoted inside containers
  Debug,   ///< `{:?}`: strings quoted (with escapes) everywhere
  FString, ///< f"{x}": like Display but strings inside containers unquoted
  Plain,   ///< to_string()/str()/concatenation: like Display, but a whole
           ///< Float prints without ".0" (`3.0` -> "3")
};

void appendText(std::string &Out, Value V, TextStyle Style);
std::string toText(Value V, TextStyle Style);
inline std::string displayText(Value V) { return toText(V, TextStyle::Display); }

/// Shortest round-trip text of a double, never in exponent form, with ".0"
/// on whole numbers: 0.1, 3.0, 1152921504606847000.0, inf, -inf, NaN.
void appendFloat(std::string &Out, double D);
/// The plain form: like appendFloat but whole numbers have no ".0".
void appendFloatPlain(std::string &Out, double D);

/// Applies a macro/f-string format spec (precision, width, alignment, fill,
/// zero padding, debug) to a value. Style is Display for macros and FString
/// for f-strings (it decides how nested strings print).
void appendFormatted(std::string &Out, Value V, const FormatSpec &Spec, TextStyle Style);

/// The println()/print() function form (LANGUAGE.md §7): `{}` substitution
/// when the first argument is a Str containing `{}`, else space-joined.
std::string formatPrintArgs(const Value *Args, size_t N);

} // namespace ruchy

#endif
