# float_loop: Mandelbrot escape counts over an N x N grid, at most 50 iterations. Argument: N (default 1000).
import sys
def escape(x0, y0):
    x = 0.0
    y = 0.0
    it = 0
    while it < 50:
        xx = x * x
        yy = y * y
        if xx + yy > 4.0:
            break
        y = 2.0 * x * y + y0
        x = xx - yy + x0
        it += 1
    return it
def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    total = 0
    for py in range(n):
        y0 = -1.5 + 3.0 * py / n
        for px in range(n):
            total += escape(-2.0 + 3.0 * px / n, y0)
    print(f"float_loop({n}) = {total}")
main()
