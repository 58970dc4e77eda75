-- binary_trees: allocate and walk binary trees (the benchmarks-game shape). Argument: max depth (default 16).
local function bottom_up(depth)
  if depth == 0 then return {} end
  return { bottom_up(depth - 1), bottom_up(depth - 1) }
end
local function check(t)
  if t[1] == nil then return 1 end
  return 1 + check(t[1]) + check(t[2])
end
local n = tonumber(arg[1]) or 16
local min_depth = 4
local max_depth = min_depth + 2 > n and min_depth + 2 or n
local total = check(bottom_up(max_depth + 1))
local long_lived = bottom_up(max_depth)
for depth = min_depth, max_depth, 2 do
  local iterations = 2 ^ (max_depth - depth + min_depth)
  for i = 1, iterations do total = total + check(bottom_up(depth)) end
end
total = total + check(long_lived)
print(string.format("binary_trees(%d) = %d", n, total))
