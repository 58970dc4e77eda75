// poly_calls: one hot call site sees Int, Float and Str arguments in turn. Argument: N (default 3000000).
function twice(x) { return x + x; }
const n = process.argv.length > 2 ? parseInt(process.argv[2]) : 3000000;
let acc = 0;
for (let i = 0; i < n; i++) {
  const k = i % 3;
  const v = k === 0 ? i : k === 1 ? i * 0.25 : "xyz";
  const r = twice(v);
  acc += k === 0 ? r % 1000 : k === 1 ? Math.trunc(r) % 1000 : r.length;
}
console.log(`poly_calls(${n}) = ${acc}`);
