/* array_sum: push N ints into a growable array, then sum it. Argument: N (default 10000000). */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000000;
  long len = 0, cap = 8;
  long *values = malloc(cap * sizeof(long));
  for (long i = 0; i < n; i++) {
    if (len == cap) { cap *= 2; values = realloc(values, cap * sizeof(long)); }
    values[len++] = i;
  }
  long total = 0;
  for (long i = 0; i < len; i++) total += values[i];
  printf("array_sum(%ld) = %ld\n", n, total);
  free(values);
  return 0;
}
