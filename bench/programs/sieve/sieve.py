# sieve: sieve of Eratosthenes over an array. Argument: N (default 10000000).
import sys
def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000000
    composite = [False] * (n + 1)
    i = 2
    while i * i <= n:
        if not composite[i]:
            j = i * i
            while j <= n:
                composite[j] = True
                j += i
        i += 1
    count = 0
    for k in range(2, n + 1):
        if not composite[k]:
            count += 1
    print(f"sieve({n}) = {count}")
main()
