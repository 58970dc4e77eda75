# binary_trees: allocate and walk binary trees (the benchmarks-game shape). Argument: max depth (default 16).
import sys
def bottom_up(depth):
    if depth == 0:
        return (None, None)
    return (bottom_up(depth - 1), bottom_up(depth - 1))
def check(t):
    if t[0] is None:
        return 1
    return 1 + check(t[0]) + check(t[1])
def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    min_depth = 4
    max_depth = min_depth + 2 if min_depth + 2 > n else n
    total = check(bottom_up(max_depth + 1))
    long_lived = bottom_up(max_depth)
    for depth in range(min_depth, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + min_depth)
        for _ in range(iterations):
            total += check(bottom_up(depth))
    total += check(long_lived)
    print(f"binary_trees({n}) = {total}")
main()
