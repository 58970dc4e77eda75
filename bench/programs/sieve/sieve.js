// sieve: sieve of Eratosthenes over an array. Argument: N (default 10000000).
const n = process.argv.length > 2 ? parseInt(process.argv[2]) : 10000000;
const composite = new Array(n + 1).fill(false);
for (let i = 2; i * i <= n; i++)
  if (!composite[i]) for (let j = i * i; j <= n; j += i) composite[j] = true;
let count = 0;
for (let k = 2; k <= n; k++) if (!composite[k]) count++;
console.log(`sieve(${n}) = ${count}`);
