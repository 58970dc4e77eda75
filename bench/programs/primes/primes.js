// primes: count primes below N by trial division. Argument: N (default 2000000).
function isPrime(n) {
  if (n < 2) return false;
  for (let i = 2; i * i <= n; i++) if (n % i === 0) return false;
  return true;
}
const limit = process.argv.length > 2 ? parseInt(process.argv[2]) : 2000000;
let count = 0;
for (let n = 0; n < limit; n++) if (isPrime(n)) count++;
console.log(`primes below ${limit}: ${count}`);
