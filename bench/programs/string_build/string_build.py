# string_build: build a string by appending the decimal text of 1..N, print its length. Argument: N (default 200000).
# Python strings are immutable and PyPy copies on every `s += t` (CPython's in-place append is an implementation
# accident that PEP 8 says not to rely on), so Python programs append to a list and join it, as the Lua version does.
import sys
def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    parts = []
    for i in range(1, n + 1):
        parts.append(str(i))
    s = "".join(parts)
    print(f"string_build({n}) = {len(s)}")
main()
