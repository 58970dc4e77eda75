/* fib_pure_shared_calls: the shape of Tier 2's pure variant of fib, as C.
 * Ruchy's Int addition is checked (an overflow raises), so gcc's trick for
 * the plain fib.c (reassociating the additions into an accumulator loop)
 * is not open to Tier 2. What is: fib is pure. The variant below writes no
 * call-stack entry, passes the call depth as an argument, and answers every
 * failure (overflow, depth) with a bail marker that its callers pass on;
 * the real engine then runs the call again in the checked code, which
 * raises as Tier 0 does. Declared `const` (LLVM: memory(none)), the two
 * calls of fib(n-3) that one unrolled level makes are one call, and fib(n)
 * costs about 1.47^n calls instead of 1.62^n:
 *
 *   clang -O2 bench/experiments/fib_pure_shared_calls.c -o /tmp/fps
 *   /tmp/fps 38      # 5 ms on the 2-core test machine; gcc -O2 fib.c: 55 ms
 *
 * gcc -O2 does the same to a C fib written with __builtin_saddl_overflow
 * (3 ms). See docs/tiers.md ("Pure variants") and docs/benchmarks.md. */
#include <stdio.h>
#include <stdlib.h>

enum { MaxDepth = 1000000 };

typedef struct {
  long Value;
  long Bailed;
} Result;

__attribute__((const, noinline)) Result fibPure(unsigned Depth, long N);
static inline __attribute__((always_inline, const)) Result fibLevel(unsigned Depth, long N);

/* fib's body; Call is the callee of its recursive calls (a constant once
 * inlined). */
typedef Result (*Callee)(unsigned, long);
static inline __attribute__((always_inline)) Result fibBody(unsigned Depth, long N, Callee Call) {
  if (N < 2)
    return (Result){N, 0};
  if (Depth >= MaxDepth)
    return (Result){0, 1};
  Result A = Call(Depth + 1, N - 1);
  if (A.Bailed)
    return A;
  Result B = Call(Depth + 1, N - 2);
  if (B.Bailed)
    return B;
  long Sum;
  if (__builtin_saddl_overflow(A.Value, B.Value, &Sum))
    return (Result){0, 1};
  return (Result){Sum, 0};
}

/* The unrolled level: a copy of the body, always inlined, calling the
 * variant; the variant's body calls the level. */
static inline Result fibLevel(unsigned Depth, long N) { return fibBody(Depth, N, fibPure); }

Result fibPure(unsigned Depth, long N) { return fibBody(Depth, N, fibLevel); }

int main(int argc, char **argv) {
  long N = argc > 1 ? atol(argv[1]) : 35;
  Result R = fibPure(0, N);
  if (R.Bailed) {
    fprintf(stderr, "bailed: the checked code would run this call again and raise\n");
    return 1;
  }
  printf("fib(%ld) = %ld\n", N, R.Value);
  return 0;
}
