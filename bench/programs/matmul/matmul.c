/* matmul: N x N float matrix multiply over nested arrays. Argument: N (default 200). */
#include <stdio.h>
#include <stdlib.h>
static double **make(long n, long seed) {
  double **m = malloc(n * sizeof(double *));
  for (long i = 0; i < n; i++) {
    m[i] = malloc(n * sizeof(double));
    for (long j = 0; j < n; j++) m[i][j] = (double)((i * j + seed) % 7) / 7.0;
  }
  return m;
}
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200;
  double **a = make(n, 1), **b = make(n, 3), **c = make(n, 0);
  for (long i = 0; i < n; i++)
    for (long j = 0; j < n; j++) {
      double s = 0.0;
      for (long k = 0; k < n; k++) s += a[i][k] * b[k][j];
      c[i][j] = s;
    }
  double total = 0.0;
  for (long i = 0; i < n; i++)
    for (long j = 0; j < n; j++) total += c[i][j];
  printf("matmul(%ld) = %.6f\n", n, total);
  return 0;
}
