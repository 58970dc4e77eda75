-- string_build: build a string by appending the decimal text of 1..N, print its length. Argument: N (default 200000).
-- Lua strings are immutable and `..` copies, so Lua programs append to a buffer table.
local n = tonumber(arg[1]) or 200000
local parts = {}
for i = 1, n do parts[#parts + 1] = tostring(i) end
local s = table.concat(parts)
print(string.format("string_build(%d) = %d", n, #s))
