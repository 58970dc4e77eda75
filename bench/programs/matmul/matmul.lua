-- matmul: N x N float matrix multiply over nested arrays. Argument: N (default 200).
local function make(n, seed)
  local m = {}
  for i = 0, n - 1 do
    local row = {}
    for j = 0, n - 1 do row[j + 1] = ((i * j + seed) % 7) / 7.0 end
    m[i + 1] = row
  end
  return m
end
local n = tonumber(arg[1]) or 200
local a, b = make(n, 1), make(n, 3)
local c = {}
for i = 1, n do
  local ai, ci = a[i], {}
  for j = 1, n do
    local s = 0.0
    for k = 1, n do s = s + ai[k] * b[k][j] end
    ci[j] = s
  end
  c[i] = ci
end
local total = 0.0
for i = 1, n do for j = 1, n do total = total + c[i][j] end end
print(string.format("matmul(%d) = %.6f", n, total))
