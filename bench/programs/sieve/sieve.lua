-- sieve: sieve of Eratosthenes over an array. Argument: N (default 10000000).
local n = tonumber(arg[1]) or 10000000
local composite = {}
for i = 0, n do composite[i] = false end
local i = 2
while i * i <= n do
  if not composite[i] then
    for j = i * i, n, i do composite[j] = true end
  end
  i = i + 1
end
local count = 0
for k = 2, n do if not composite[k] then count = count + 1 end end
print(string.format("sieve(%d) = %d", n, count))
