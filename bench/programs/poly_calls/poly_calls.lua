-- poly_calls: one hot call site sees Int, Float and Str arguments in turn. Argument: N (default 3000000).
local function twice(x)
  if type(x) == "string" then return x .. x end
  return x + x
end
local n = tonumber(arg[1]) or 3000000
local acc = 0
for i = 0, n - 1 do
  local k = i % 3
  local v
  if k == 0 then v = i elseif k == 1 then v = i * 0.25 else v = "xyz" end
  local r = twice(v)
  if k == 0 then acc = acc + r % 1000
  elseif k == 1 then acc = acc + math.floor(r) % 1000
  else acc = acc + #r end
end
print(string.format("poly_calls(%d) = %d", n, acc))
