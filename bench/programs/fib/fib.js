// fib: naive recursive Fibonacci. Argument: n (default 35).
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
const n = process.argv.length > 2 ? parseInt(process.argv[2]) : 35;
console.log(`fib(${n}) = ${fib(n)}`);
