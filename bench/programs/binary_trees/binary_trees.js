// binary_trees: allocate and walk binary trees (the benchmarks-game shape). Argument: max depth (default 16).
function bottomUp(depth) {
  return depth === 0 ? { left: null, right: null }
                     : { left: bottomUp(depth - 1), right: bottomUp(depth - 1) };
}
function check(t) { return t.left === null ? 1 : 1 + check(t.left) + check(t.right); }
const n = process.argv.length > 2 ? parseInt(process.argv[2]) : 16;
const minDepth = 4, maxDepth = minDepth + 2 > n ? minDepth + 2 : n;
let total = check(bottomUp(maxDepth + 1));
const longLived = bottomUp(maxDepth);
for (let depth = minDepth; depth <= maxDepth; depth += 2) {
  const iterations = 1 << (maxDepth - depth + minDepth);
  for (let i = 0; i < iterations; i++) total += check(bottomUp(depth));
}
total += check(longLived);
console.log(`binary_trees(${n}) = ${total}`);
