# poly_calls: one hot call site sees Int, Float and Str arguments in turn. Argument: N (default 3000000).
import sys
def twice(x):
    return x + x
def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000000
    acc = 0
    for i in range(n):
        k = i % 3
        v = i if k == 0 else (i * 0.25 if k == 1 else "xyz")
        r = twice(v)
        acc += r % 1000 if k == 0 else (int(r) % 1000 if k == 1 else len(r))
    print(f"poly_calls({n}) = {acc}")
main()
