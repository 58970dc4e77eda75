/* float_loop: Mandelbrot escape counts over an N x N grid, at most 50 iterations. Argument: N (default 1000). */
#include <stdio.h>
#include <stdlib.h>
static long escape(double x0, double y0) {
  double x = 0.0, y = 0.0;
  long it = 0;
  while (it < 50) {
    double xx = x * x, yy = y * y;
    if (xx + yy > 4.0) break;
    y = 2.0 * x * y + y0;
    x = xx - yy + x0;
    it++;
  }
  return it;
}
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000;
  long total = 0;
  for (long py = 0; py < n; py++) {
    double y0 = -1.5 + 3.0 * (double)py / (double)n;
    for (long px = 0; px < n; px++) {
      double x0 = -2.0 + 3.0 * (double)px / (double)n;
      total += escape(x0, y0);
    }
  }
  printf("float_loop(%ld) = %ld\n", n, total);
  return 0;
}
