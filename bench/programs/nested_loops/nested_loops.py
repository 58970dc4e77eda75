# nested_loops: three nested loops 0..N accumulating (i * j + k) % 7. Argument: N (default 400).
import sys
def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    acc = 0
    for i in range(n):
        for j in range(n):
            for k in range(n):
                acc += (i * j + k) % 7
    print(f"nested_loops({n}) = {acc}")
main()
