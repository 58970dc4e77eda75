-- array_sum: push N ints into an array, then sum it in a loop. Argument: N (default 10000000).
local n = tonumber(arg[1]) or 10000000
local values = {}
for i = 0, n - 1 do values[#values + 1] = i end
local total = 0
for _, v in ipairs(values) do total = total + v end
print(string.format("array_sum(%d) = %d", n, total))
