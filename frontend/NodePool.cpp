//===- frontend/NodePool.cpp - Freeing syntax trees --------------------------===//
//
// The engine never frees a tree; a process that parses many programs (the
// fuzz targets) installs a NodePool around each one. Every node, pattern
// and declaration allocated meanwhile is recorded with its deleter, and
// freed when the pool goes away.
//
//===----------------------------------------------------------------------===//
#include "frontend/AST.h"
#include "runtime/Object.h"

namespace ruchy::ast {

namespace {
thread_local NodePool *CurrentPool = nullptr;
} // namespace

NodePool::NodePool() : Prev(CurrentPool) { CurrentPool = this; }

NodePool::~NodePool() {
  CurrentPool = Prev;
  // Nodes do not own their children, so any order will do.
  for (auto &[P, Destroy] : Nodes)
    Destroy(P);
}

void *NodePool::allocate(size_t Size, void (*Destroy)(void *)) {
  void *P = ::operator new(Size);
  if (CurrentPool)
    CurrentPool->Nodes.push_back({P, Destroy});
  return P;
}

StrLit::~StrLit() {
  if (Interned)
    freePermanentStr(Interned);
}

} // namespace ruchy::ast
