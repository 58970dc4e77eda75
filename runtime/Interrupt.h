//===- runtime/Interrupt.h - Stopping a running program cleanly --*- C++ -*-===//
//
// Limits that end a program from outside (`--max-time`) cannot stop the
// program thread where it stands: it may be half way through writing its
// output buffer or linking a heap object. Instead they raise a flag, and the
// program thread stops itself at its next poll point with an ordinary
// runtime error (`Error: Time limit exceeded`): stdout keeps everything the
// program printed, and the backtrace shows where it was.
//
// Poll points: Tier 0 polls at every call and loop iteration (always: one
// load and a branch). Compiled code polls at function entries and loop
// iterations only when a limit is set before anything is compiled
// (interruptPollsEnabled), so that runs without a limit keep loops free of
// the load, which would stop LLVM from vectorizing them.
//
// Tier 0 also counts its poll points against a step budget, which the
// in-process fuzz target uses as a deterministic limit.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHY_RUNTIME_INTERRUPT_H
#define RUCHY_RUNTIME_INTERRUPT_H

#include "runtime/Site.h"

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ruchy {

enum class InterruptReason : uint8_t { None = 0, TimeLimit = 1, StepLimit = 2 };

/// Non-zero (an InterruptReason) when the program thread must stop at its
/// next poll point. One byte, so compiled code tests it with one load.
extern std::atomic<uint8_t> PendingInterrupt;

/// Tier 0 poll points left before `Step limit exceeded`; counts down from
/// "never" unless setStepBudget set it. Program thread only.
extern uint64_t StepBudget;
void setStepBudget(uint64_t Steps);

/// Whether compiled code polls. Set before the first compile.
void setInterruptPolls(bool On);
bool interruptPollsEnabled();

/// Asks the program thread to stop at its next poll point (any thread).
void requestInterrupt(InterruptReason R);
/// Clears a pending interrupt and the step budget (the fuzz target runs
/// many programs in one process).
void resetInterrupt();

/// Raises the runtime error for the pending interrupt (or the exhausted step
/// budget) at Site.
[[noreturn]] void raiseInterrupt(SiteId Site);

/// Tier 0's poll point.
inline void pollInterrupt(SiteId Site) {
  if (__builtin_expect(--StepBudget == 0 || PendingInterrupt.load(std::memory_order_relaxed) != 0,
                       0))
    raiseInterrupt(Site);
}

/// Starts --max-time's watchdog: a detached thread that requests a
/// TimeLimit interrupt when Limit has passed. If the program thread has not
/// stopped InterruptGraceMs later (stuck where nothing polls, such as one
/// very long string or array operation), the watchdog ends the process
/// itself with the same error line (output still buffered is then lost).
void startTimeLimit(std::chrono::milliseconds Limit);

/// How long the watchdog waits for the program thread to reach a poll point
/// before ending the process itself. Poll points are at most one loop
/// iteration or one call apart, so only a single huge native operation (a
/// sort or a string of hundreds of megabytes) takes this long.
constexpr int InterruptGraceMs = 2000;

} // namespace ruchy

#endif
