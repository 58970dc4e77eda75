-- calls: N calls of a tiny add(a, b) in a loop. Argument: N (default 100000000).
local function add(a, b) return a + b end
local n = tonumber(arg[1]) or 100000000
local acc = 0
for i = 0, n - 1 do acc = add(acc, i) % 1000003 end
print(string.format("calls(%d) = %d", n, acc))
