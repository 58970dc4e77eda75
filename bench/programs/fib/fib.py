# fib: naive recursive Fibonacci. Argument: n (default 35).
import sys
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 35
    print(f"fib({n}) = {fib(n)}")
main()
