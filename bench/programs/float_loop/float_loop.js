// float_loop: Mandelbrot escape counts over an N x N grid, at most 50 iterations. Argument: N (default 1000).
function escape(x0, y0) {
  let x = 0.0, y = 0.0, it = 0;
  while (it < 50) {
    const xx = x * x, yy = y * y;
    if (xx + yy > 4.0) break;
    y = 2.0 * x * y + y0;
    x = xx - yy + x0;
    it++;
  }
  return it;
}
const n = process.argv.length > 2 ? parseInt(process.argv[2]) : 1000;
let total = 0;
for (let py = 0; py < n; py++) {
  const y0 = -1.5 + 3.0 * py / n;
  for (let px = 0; px < n; px++) total += escape(-2.0 + 3.0 * px / n, y0);
}
console.log(`float_loop(${n}) = ${total}`);
