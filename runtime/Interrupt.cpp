//===- runtime/Interrupt.cpp - Stopping a running program cleanly ----------===//
//
// The flag, the step budget and the --max-time watchdog thread.
//
//===----------------------------------------------------------------------===//
#include "runtime/Interrupt.h"
#include "runtime/Error.h"

#include <limits>
#include <thread>
#include <unistd.h>

namespace ruchy {

std::atomic<uint8_t> PendingInterrupt{0};
uint64_t StepBudget = std::numeric_limits<uint64_t>::max();

namespace {
bool PollsEnabled = false;
} // namespace

void setStepBudget(uint64_t Steps) {
  StepBudget = Steps ? Steps : std::numeric_limits<uint64_t>::max();
}

void setInterruptPolls(bool On) { PollsEnabled = On; }
bool interruptPollsEnabled() { return PollsEnabled; }

void requestInterrupt(InterruptReason R) {
  PendingInterrupt.store(static_cast<uint8_t>(R), std::memory_order_relaxed);
}

void resetInterrupt() {
  PendingInterrupt.store(0, std::memory_order_relaxed);
  StepBudget = std::numeric_limits<uint64_t>::max();
}

void raiseInterrupt(SiteId Site) {
  auto R = static_cast<InterruptReason>(PendingInterrupt.load(std::memory_order_relaxed));
  if (R == InterruptReason::TimeLimit)
    raiseError(Site, "Time limit exceeded");
  // The budget ran out. Leave one step, so that the next poll raises again
  // if a handler hands control back (the fuzz targets' handler throws, and
  // code between the throw and the catch may still poll).
  StepBudget = 1;
  raiseError(Site, "Step limit exceeded");
}

void startTimeLimit(std::chrono::milliseconds Limit) {
  auto Deadline = std::chrono::steady_clock::now() + Limit;
  // Detached: the process ends (through _exit) whenever the program does,
  // whatever the watchdog is doing.
  std::thread([Deadline] {
    std::this_thread::sleep_until(Deadline);
    requestInterrupt(InterruptReason::TimeLimit);
    std::this_thread::sleep_for(std::chrono::milliseconds(InterruptGraceMs));
    static const char Msg[] = "Error: Time limit exceeded\n";
    ssize_t Ignored = ::write(2, Msg, sizeof(Msg) - 1);
    (void)Ignored;
    _exit(1);
  }).detach();
}

} // namespace ruchy
