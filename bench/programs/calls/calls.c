/* calls: N calls of a tiny add(a, b) in a loop. Argument: N (default 100000000). */
#include <stdio.h>
#include <stdlib.h>
__attribute__((noinline)) static long add(long a, long b) { return a + b; }
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000000;
  long acc = 0;
  for (long i = 0; i < n; i++) acc = add(acc, i) % 1000003;
  printf("calls(%ld) = %ld\n", n, acc);
  return 0;
}
