# matmul: N x N float matrix multiply over nested arrays. Argument: N (default 200).
import sys
def make(n, seed):
    return [[((i * j + seed) % 7) / 7.0 for j in range(n)] for i in range(n)]
def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    a = make(n, 1)
    b = make(n, 3)
    c = [[0.0] * n for _ in range(n)]
    for i in range(n):
        ai = a[i]
        ci = c[i]
        for j in range(n):
            s = 0.0
            for k in range(n):
                s += ai[k] * b[k][j]
            ci[j] = s
    total = 0.0
    for i in range(n):
        for j in range(n):
            total += c[i][j]
    print(f"matmul({n}) = {total:.6f}")
main()
