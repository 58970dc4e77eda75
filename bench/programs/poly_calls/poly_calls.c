/* poly_calls: one hot call site sees Int, Float and Str arguments in turn. Argument: N (default 3000000).
   C has no dynamic values: a tagged union and a switch stand in for the runtime's dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef struct { int kind; long i; double f; const char *s; size_t len; char buf[16]; } Val;
__attribute__((noinline)) static Val twice(Val x) {
  Val r = x;
  switch (x.kind) {
  case 0: r.i = x.i + x.i; break;
  case 1: r.f = x.f + x.f; break;
  default:
    memcpy(r.buf, x.s, x.len); memcpy(r.buf + x.len, x.s, x.len);
    r.len = 2 * x.len; r.s = r.buf; break;
  }
  return r;
}
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 3000000;
  long acc = 0;
  for (long i = 0; i < n; i++) {
    long k = i % 3;
    Val v = {0};
    v.kind = (int)k;
    if (k == 0) v.i = i;
    else if (k == 1) v.f = (double)i * 0.25;
    else { v.s = "xyz"; v.len = 3; }
    Val r = twice(v);
    acc += k == 0 ? r.i % 1000 : k == 1 ? (long)r.f % 1000 : (long)r.len;
  }
  printf("poly_calls(%ld) = %ld\n", n, acc);
  return 0;
}
