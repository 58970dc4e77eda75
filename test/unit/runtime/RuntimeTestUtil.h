//===- test/unit/runtime/RuntimeTestUtil.h - Runtime test helpers -*- C++ -*-===//
//
// Starts the heap once and installs an error handler that throws RuchyError,
// so runtime errors can be asserted with EXPECT_THROW; small value builders.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_TEST_UNIT_RUNTIME_RUNTIMETESTUTIL_H
#define RUCHY_TEST_UNIT_RUNTIME_RUNTIMETESTUTIL_H

#include "runtime/ArrayObject.h"
#include "runtime/Error.h"
#include "runtime/Format.h"
#include "runtime/Object.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace ruchy::test {

inline void throwingHandler(const std::string &Message, SiteId Site) {
  throw RuchyError{Message, Site};
}

inline void setUpRuntime() {
  static bool Done = false;
  if (!Done) {
    initHeap();
    initCallStack();
    Done = true;
  }
  setErrorHandler(throwingHandler);
}

class RuntimeTest : public ::testing::Test {
protected:
  void SetUp() override { setUpRuntime(); }
};

inline Value I(int64_t X) { return Value::integer(X); }
inline Value F(double X) { return Value::real(X); }
inline Value B(bool X) { return Value::boolean(X); }
inline Value S(const char *X) { return Value::str(newStr(X)); }
inline Value Arr(std::initializer_list<Value> Elems) {
  return Value::array(newArrayFrom(Elems.begin(), static_cast<int64_t>(Elems.size())));
}
inline Value Tup(std::initializer_list<Value> Elems) {
  Tuple *T = newTuple(static_cast<int64_t>(Elems.size()));
  int64_t K = 0;
  for (Value E : Elems)
    T->Elems[K++] = E;
  return Value::tuple(T);
}
inline std::string disp(Value V) { return toText(V, TextStyle::Display); }

/// The message of the error F raises, or "" when it raises none.
template <typename Fn> std::string errorOf(Fn &&F) {
  try {
    F();
  } catch (const RuchyError &E) {
    return E.Message;
  }
  return "";
}

} // namespace ruchy::test

#endif
