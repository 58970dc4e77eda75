-- float_loop: Mandelbrot escape counts over an N x N grid, at most 50 iterations. Argument: N (default 1000).
local function escape(x0, y0)
  local x, y, it = 0.0, 0.0, 0
  while it < 50 do
    local xx, yy = x * x, y * y
    if xx + yy > 4.0 then break end
    y = 2.0 * x * y + y0
    x = xx - yy + x0
    it = it + 1
  end
  return it
end
local n = tonumber(arg[1]) or 1000
local total = 0
for py = 0, n - 1 do
  local y0 = -1.5 + 3.0 * py / n
  for px = 0, n - 1 do total = total + escape(-2.0 + 3.0 * px / n, y0) end
end
print(string.format("float_loop(%d) = %d", n, total))
