//===- runtime/Object.h - Heap object layouts --------------------*- C++ -*-===//
//
// The layouts of Ruchy's heap objects and the functions that create them.
// Every object lives in the Boehm-Demers-Weiser collected heap: memory is
// reclaimed when nothing points at it, native stacks (interpreter frames and,
// later, JIT frames) are scanned conservatively, so no code needs stack maps.
//
// Rule for everyone touching the runtime: a pointer to a heap object may only
// be stored in memory the collector scans: another GC object, a native stack,
// static data, or a container using gc_allocator (runtime/GcAlloc.h). Memory
// from plain new/malloc is invisible to the collector.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_OBJECT_H
#define RUCHY_RUNTIME_OBJECT_H

#include "runtime/Value.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ruchy {

namespace ast {
struct StructDecl;
struct FunctionDecl;
} // namespace ast

/// The growable byte buffer behind strings. Several Str objects may share one
/// buffer: each sees its own prefix of it. A concatenation whose left operand
/// ends exactly at the buffer's used length appends in place, which makes
/// `s = s + t` in a loop amortized linear instead of quadratic.
struct StrBuf {
  int64_t Used;
  int64_t Cap;
  char Data[];
};

/// Immutable UTF-8 text.
struct Str {
  int64_t Len;
  StrBuf *Buf;
  /// 1 when every byte is ASCII, 0 when not, -1 when not yet computed; lets
  /// character indexing skip UTF-8 decoding for ASCII text.
  int32_t Ascii;
  const char *data() const { return Buf->Data; }
  std::string_view view() const { return {Buf->Data, static_cast<size_t>(Len)}; }
};

/// Array element kinds, as in V8: an array of only Ints (or only Floats)
/// stores raw machine words, 8 bytes per element, which Tier 2 can load and
/// store directly. Storing another kind widens the array to Mixed.
/// How an array stores its elements: raw 8-byte words for Int and Float
/// arrays, one byte (0 or 1) per element for Bool arrays, Values for Mixed
/// ones. Compiled code knows these numbers (jit/FunctionCodegen.h).
enum class ElemKind : uint8_t { Int, Float, Mixed, Bool };

/// The one kind of value an Int, Float or Bool layout holds; Nil for Mixed,
/// which holds any.
inline Kind layoutKind(ElemKind EK) {
  switch (EK) {
  case ElemKind::Int:
    return Kind::Int;
  case ElemKind::Float:
    return Kind::Float;
  case ElemKind::Bool:
    return Kind::Bool;
  case ElemKind::Mixed:
    break;
  }
  return Kind::Nil;
}

struct Array {
  ElemKind EK;
  /// Data is a large block of Int, Float or Bool storage outside the
  /// collected heap (allocExternal), freed with the array or when replaced.
  bool External;
  int64_t Len;
  int64_t Cap;
  /// int64_t[] for Int, double[] for Float, Value[] for Mixed.
  void *Data;
  int64_t *ints() const { return static_cast<int64_t *>(Data); }
  /// Bool arrays hold one byte (0 or 1) per element.
  uint8_t *bools() const { return static_cast<uint8_t *>(Data); }
  double *floats() const { return static_cast<double *>(Data); }
  Value *values() const { return static_cast<Value *>(Data); }
};

struct Tuple {
  int64_t Len;
  Value Elems[];
};

struct Range {
  int64_t Lo;
  int64_t Hi;
  bool Inclusive;
};

/// An instance of a user struct. Fields are in declaration order.
struct StructObj {
  const ast::StructDecl *Decl;
  Value Fields[];
};

/// A captured variable shared by a closure and the frame that declared it.
struct Cell {
  Value V;
};

/// A function value: a named function (no captures) or a closure.
struct Closure {
  const ast::FunctionDecl *Fn;
  int32_t NumCaptures;
  Cell *Captures[];
};

/// The struct's declared name and number of fields, read from its
/// ast::StructDecl (defined in runtime/Format.cpp, the one runtime file
/// that includes the AST).
const char *structName(const StructObj *S);
size_t structFieldCount(const StructObj *S);

struct MapImpl;
/// An insertion-ordered hash map (runtime/MapObject.cpp).
struct Map {
  MapImpl *Impl;
};

//===-- Allocation --------------------------------------------------------===//

/// Starts the collector; call once before any allocation, on the main thread.
void initHeap();
/// Bytes allocated on the collected heap since the start (never decreases).
uint64_t heapBytesAllocated();
/// Caps the collected heap (--max-heap; 0: no cap). An allocation the
/// collector cannot fit under the cap ends the program with
/// `Error: Out of memory` (exit status 1), output printed so far flushed.
void setMaxHeapBytes(uint64_t Bytes);

/// Storage of a large array that never holds pointers, outside the
/// collected heap: grown in place by realloc (for large blocks the kernel
/// moves pages instead of copying them) and freed when the array is
/// collected. Counts toward --max-heap, heapBytesAllocated and the
/// collector's schedule. Never returns null.
void *allocExternal(size_t Bytes);
void *reallocExternal(void *P, size_t OldBytes, size_t NewBytes);
void freeExternal(void *P, size_t Bytes);
/// Frees A's external storage when A is collected (once per array).
void freeExternalWithArray(Array *A);

/// Allocates scanned (may hold pointers) / atomic (never holds pointers)
/// memory in the collected heap. Never returns null: exhaustion is fatal.
void *gcAlloc(size_t Bytes);
void *gcAllocAtomic(size_t Bytes);
/// Scanned memory that is never collected: for values the AST or static
/// tables hold (string literals, named-function values).
void *gcAllocPermanent(size_t Bytes);
/// Frees permanent memory (a process that runs many programs releases
/// each one's roots: the fuzz targets).
void gcFreePermanent(void *P);
/// Frees a permanent string from newPermanentStr (its buffer is collected).
void freePermanentStr(Str *S);

Str *newStr(std::string_view Text);
/// A string that lives as long as the program (literals in the AST).
Str *newPermanentStr(std::string_view Text);
Array *newArray(int64_t Capacity = 0);
Tuple *newTuple(int64_t Len);
Range *newRange(int64_t Lo, int64_t Hi, bool Inclusive);
StructObj *newStructObj(const ast::StructDecl *Decl, size_t NumFields);
Cell *newCell(Value V);
Closure *newClosure(const ast::FunctionDecl *Fn, int32_t NumCaptures);
Map *newMap();

/// Bytes and objects allocated so far (for the profiler and --tier-stats).
struct HeapStats {
  uint64_t Objects = 0;
  uint64_t Bytes = 0;
};
const HeapStats &heapStats();

} // namespace ruchy

#endif
