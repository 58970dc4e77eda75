/* primes: count primes below N by trial division. Argument: N (default 2000000). */
#include <stdio.h>
#include <stdlib.h>
static int is_prime(long n) {
  if (n < 2) return 0;
  for (long i = 2; i * i <= n; i++)
    if (n % i == 0) return 0;
  return 1;
}
int main(int argc, char **argv) {
  long limit = argc > 1 ? atol(argv[1]) : 2000000;
  long count = 0;
  for (long n = 0; n < limit; n++) count += is_prime(n);
  printf("primes below %ld: %ld\n", limit, count);
  return 0;
}
