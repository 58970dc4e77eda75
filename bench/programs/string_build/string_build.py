# string_build: build a string by appending the decimal text of 1..N, print its length. Argument: N (default 200000).
import sys
n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
s = ""
for i in range(1, n + 1):
    s = s + str(i)
print(f"string_build({n}) = {len(s)}")
