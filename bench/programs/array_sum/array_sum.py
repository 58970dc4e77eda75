# array_sum: push N ints into an array, then sum it in a loop. Argument: N (default 10000000).
import sys
def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000000
    values = []
    for i in range(n):
        values.append(i)
    total = 0
    for v in values:
        total += v
    print(f"array_sum({n}) = {total}")
main()
