// string_build: build a string by appending the decimal text of 1..N, print its length. Argument: N (default 200000).
const n = process.argv.length > 2 ? parseInt(process.argv[2]) : 200000;
let s = "";
for (let i = 1; i <= n; i++) s = s + i;
console.log(`string_build(${n}) = ${s.length}`);
