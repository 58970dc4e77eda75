# primes: count primes below N by trial division. Argument: N (default 2000000).
import sys
def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True
def main():
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 2000000
    count = 0
    for n in range(limit):
        if is_prime(n):
            count += 1
    print(f"primes below {limit}: {count}")
main()
