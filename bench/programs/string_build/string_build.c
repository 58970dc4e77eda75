/* string_build: build a string by appending the decimal text of 1..N, print its length. Argument: N (default 200000). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000;
  size_t len = 0, cap = 16;
  char *s = malloc(cap);
  char digits[32];
  for (long i = 1; i <= n; i++) {
    int d = snprintf(digits, sizeof(digits), "%ld", i);
    if (len + d + 1 > cap) { while (len + d + 1 > cap) cap *= 2; s = realloc(s, cap); }
    memcpy(s + len, digits, d);
    len += d;
  }
  s[len] = 0;
  printf("string_build(%ld) = %zu\n", n, strlen(s));
  free(s);
  return 0;
}
