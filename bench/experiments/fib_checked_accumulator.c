/* fib_checked_accumulator: how fast fib can be made under Ruchy's semantics,
 * as C. gcc -O2 runs the plain fib.c (fib(38)) in 0.055 s by turning one of
 * the two recursive calls into a loop with an accumulator and inlining the
 * other recursively, 9 levels deep. Reassociating the additions that way is
 * only sound for Ruchy's checked Int additions under guards: every value
 * added must be non-negative (then each partial sum stays below the final
 * one, so an overflow happens exactly when the original order overflows),
 * the call depth the original would reach is tracked, and any failed guard
 * re-runs the original from the start of that call (fib is pure). This is
 * that transformation written by hand, with the shadow call stack's write
 * per call that backtraces need, compiled by gcc -O2 -fno-inline so that the
 * call per level stays (a JIT's specialization calls itself):
 *
 *   gcc -O2 -fno-inline bench/experiments/fib_checked_accumulator.c -o /tmp/fca
 *   /tmp/fca 38      # 0.14 s on the 2-core test machine; gcc's fib.c: 0.055 s
 *
 * 2.5x gcc's time: within 1.3x of gcc needs the unchecked recursive inlining
 * too. See docs/benchmarks.md ("Against C"). */
#include <stdio.h>
#include <stdlib.h>

enum { MaxDepth = 1000000 };
static struct { const char *Name; int Site; } Calls[MaxDepth];
static long Bailouts;

/* The original: additions in Ruchy's order (the overflow check is the
 * compiler's builtin, as Ruchy's checked add). */
__attribute__((noinline)) static long fibOriginal(int Depth, long N) {
  if (N < 2)
    return N;
  long R;
  if (__builtin_add_overflow(fibOriginal(Depth + 1, N - 1), fibOriginal(Depth + 1, N - 2), &R))
    abort(); /* Ruchy raises "Integer overflow" here */
  return R;
}

/* fib(n) = fib(n-1) + fib(n-2): the second call becomes the loop. */
__attribute__((noinline)) static long fibAccumulated(int Depth, long N) {
  long Acc = 0, N0 = N;
  int Virtual = Depth;
  for (;;) {
    if (N < 2) {
      long R;
      if (N < 0 || __builtin_add_overflow(Acc, N, &R))
        goto Bail;
      return R;
    }
    if (Virtual >= MaxDepth)
      goto Bail;
    Calls[Virtual].Name = "fib";
    Calls[Virtual].Site = 12;
    long A = fibAccumulated(Virtual + 1, N - 1);
    if (A < 0 || __builtin_add_overflow(Acc, A, &Acc))
      goto Bail;
    N -= 2;
    ++Virtual;
  }
Bail:
  ++Bailouts;
  return fibOriginal(Depth, N0);
}

int main(int argc, char **argv) {
  long N = argc > 1 ? atol(argv[1]) : 35;
  long R = fibAccumulated(0, N);
  printf("fib(%ld) = %ld (%ld bail-outs)\n", N, R, Bailouts);
  return 0;
}
