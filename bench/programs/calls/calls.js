// calls: N calls of a tiny add(a, b) in a loop. Argument: N (default 100000000).
function add(a, b) { return a + b; }
const n = process.argv.length > 2 ? parseInt(process.argv[2]) : 100000000;
let acc = 0;
for (let i = 0; i < n; i++) acc = add(acc, i) % 1000003;
console.log(`calls(${n}) = ${acc}`);
