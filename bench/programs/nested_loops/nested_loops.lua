-- nested_loops: three nested loops 0..N accumulating (i * j + k) % 7. Argument: N (default 400).
local n = tonumber(arg[1]) or 400
local acc = 0
for i = 0, n - 1 do
  for j = 0, n - 1 do
    for k = 0, n - 1 do acc = acc + (i * j + k) % 7 end
  end
end
print(string.format("nested_loops(%d) = %d", n, acc))
