# calls: N calls of a tiny add(a, b) in a loop. Argument: N (default 100000000).
import sys
def add(a, b):
    return a + b
def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000000
    acc = 0
    i = 0
    while i < n:
        acc = add(acc, i) % 1000003
        i += 1
    print(f"calls({n}) = {acc}")
main()
