-- primes: count primes below N by trial division. Argument: N (default 2000000).
local function is_prime(n)
  if n < 2 then return false end
  local i = 2
  while i * i <= n do
    if n % i == 0 then return false end
    i = i + 1
  end
  return true
end
local limit = tonumber(arg[1]) or 2000000
local count = 0
for n = 0, limit - 1 do if is_prime(n) then count = count + 1 end end
print(string.format("primes below %d: %d", limit, count))
