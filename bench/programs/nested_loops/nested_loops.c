/* nested_loops: three nested loops 0..N accumulating (i * j + k) % 7. Argument: N (default 400). */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 400;
  long acc = 0;
  for (long i = 0; i < n; i++)
    for (long j = 0; j < n; j++)
      for (long k = 0; k < n; k++) acc += (i * j + k) % 7;
  printf("nested_loops(%ld) = %ld\n", n, acc);
  return 0;
}
