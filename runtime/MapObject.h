//===- runtime/MapObject.h - Insertion-ordered maps --------------*- C++ -*-===//
//
// Map keys are Int, Str, Bool or tuples of them (hashValue/valuesEqual from
// runtime/Operations.h); iteration and printing follow first insertion, so
// every run and every tier prints the same.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_MAPOBJECT_H
#define RUCHY_RUNTIME_MAPOBJECT_H

#include "runtime/Object.h"
#include "runtime/Site.h"

#include <cstddef>

namespace ruchy {

size_t mapLen(const Map *M);
/// Key and value of the I-th live entry in insertion order (I < mapLen).
Value mapKeyAt(const Map *M, size_t I);
Value mapValueAt(const Map *M, size_t I);
/// Looks Key up; returns false when absent.
bool mapFind(const Map *M, Value Key, Value *Out);
/// Inserts or replaces (a replaced key keeps its first position).
/// Raises a type error at Site for keys that are not hashable.
void mapInsert(Map *M, Value Key, Value V, SiteId Site);
/// Removes Key; returns false when absent.
bool mapRemove(Map *M, Value Key, Value *Removed);
void mapClear(Map *M);
Map *mapClone(const Map *M);

} // namespace ruchy

#endif
