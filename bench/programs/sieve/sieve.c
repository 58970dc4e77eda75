/* sieve: sieve of Eratosthenes over an array. Argument: N (default 10000000). */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000000;
  char *composite = calloc(n + 1, 1);
  for (long i = 2; i * i <= n; i++)
    if (!composite[i])
      for (long j = i * i; j <= n; j += i) composite[j] = 1;
  long count = 0;
  for (long k = 2; k <= n; k++) count += !composite[k];
  printf("sieve(%ld) = %ld\n", n, count);
  free(composite);
  return 0;
}
