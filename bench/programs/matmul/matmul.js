// matmul: N x N float matrix multiply over nested arrays. Argument: N (default 200).
function make(n, seed) {
  const m = [];
  for (let i = 0; i < n; i++) {
    const row = [];
    for (let j = 0; j < n; j++) row.push(((i * j + seed) % 7) / 7.0);
    m.push(row);
  }
  return m;
}
const n = process.argv.length > 2 ? parseInt(process.argv[2]) : 200;
const a = make(n, 1), b = make(n, 3);
const c = [];
for (let i = 0; i < n; i++) c.push(new Array(n).fill(0.0));
for (let i = 0; i < n; i++)
  for (let j = 0; j < n; j++) {
    let s = 0.0;
    for (let k = 0; k < n; k++) s += a[i][k] * b[k][j];
    c[i][j] = s;
  }
let total = 0.0;
for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) total += c[i][j];
console.log(`matmul(${n}) = ${total.toFixed(6)}`);
