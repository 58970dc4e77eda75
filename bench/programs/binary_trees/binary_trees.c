/* binary_trees: allocate and walk binary trees (the benchmarks-game shape). Argument: max depth (default 16). */
#include <stdio.h>
#include <stdlib.h>
typedef struct Node { struct Node *left, *right; } Node;
static Node *bottom_up(long depth) {
  Node *t = malloc(sizeof(Node));
  if (depth == 0) { t->left = t->right = NULL; }
  else { t->left = bottom_up(depth - 1); t->right = bottom_up(depth - 1); }
  return t;
}
static long check(Node *t) { return t->left ? 1 + check(t->left) + check(t->right) : 1; }
static void release(Node *t) { if (t->left) { release(t->left); release(t->right); } free(t); }
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 16;
  long min_depth = 4, max_depth = min_depth + 2 > n ? min_depth + 2 : n;
  Node *stretch = bottom_up(max_depth + 1);
  long total = check(stretch);
  release(stretch);
  Node *long_lived = bottom_up(max_depth);
  for (long depth = min_depth; depth <= max_depth; depth += 2) {
    long iterations = 1L << (max_depth - depth + min_depth);
    for (long i = 0; i < iterations; i++) {
      Node *t = bottom_up(depth);
      total += check(t);
      release(t);
    }
  }
  total += check(long_lived);
  printf("binary_trees(%ld) = %ld\n", n, total);
  return 0;
}
