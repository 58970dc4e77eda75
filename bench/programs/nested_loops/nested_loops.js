// nested_loops: three nested loops 0..N accumulating (i * j + k) % 7. Argument: N (default 400).
const n = process.argv.length > 2 ? parseInt(process.argv[2]) : 400;
let acc = 0;
for (let i = 0; i < n; i++)
  for (let j = 0; j < n; j++)
    for (let k = 0; k < n; k++) acc += (i * j + k) % 7;
console.log(`nested_loops(${n}) = ${acc}`);
