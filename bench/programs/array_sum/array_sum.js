// array_sum: push N ints into an array, then sum it in a loop. Argument: N (default 10000000).
const n = process.argv.length > 2 ? parseInt(process.argv[2]) : 10000000;
const values = [];
for (let i = 0; i < n; i++) values.push(i);
let total = 0;
for (const v of values) total += v;
console.log(`array_sum(${n}) = ${total}`);
