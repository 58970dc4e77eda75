#!/usr/bin/env bash
# The AST optimizer keeps every program's behaviour: each golden and
# conformance program, optimized with `ruchy-jit optimize --apply=PASSES`,
# must print what the original's expected files say (stdout exactly, the
# first stderr line and the exit status of failing programs), in Tier 0 and
# in --tier=2. Also: the optimized source parses back and optimizing it
# again changes nothing more (`all` is a fixpoint); tail-call elimination
# runs a 10,000,000-deep tail recursion; each pass finds what it should.
#   run_optimizer_tests.sh BINARY PASSES
set -u
bin=$1
passes=${2:-all}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ruchy-opt.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0

# Optimized copies of every program, with the expected files beside them.
n=0
for dir in "$root/test/golden" "$root/../shared/conformance"; do
  [ -d "$dir" ] || continue
  while IFS= read -r f; do
    rel=${f#"$dir"/}
    out="$tmp/progs/$(basename "$dir")/${rel%.ruchy}"
    mkdir -p "$(dirname "$out")"
    if ! "$bin" optimize --apply="$passes" "$f" -o "$out.ruchy" 2>"$tmp/opt.err"; then
      # A program the parser rejects stays rejected: same expected error.
      if grep -q 'Syntax error\|error:' "$tmp/opt.err" && [ -f "${f%.ruchy}.err" ]; then
        cp "$f" "$out.ruchy"
      else
        echo "FAIL optimize $f: $(head -c 300 "$tmp/opt.err")"; fail=$((fail + 1)); continue
      fi
    fi
    for ext in out err; do [ -f "${f%.ruchy}.$ext" ] && cp "${f%.ruchy}.$ext" "$out.$ext"; done
    n=$((n + 1))
  done < <(find "$dir" -name '*.ruchy' | LC_ALL=C sort)
done
echo "optimized $n programs with --apply=$passes"
for mode in 0 2; do
  r=$("$root/test/run_golden.sh" "$bin" "$tmp/progs" -- --tier=$mode 2>&1)
  echo "$r" | grep -v '^FAIL' | tail -1 | sed "s/^/--tier=$mode: /"
  echo "$r" | grep '^FAIL' | head -20
  echo "$r" | tail -1 | grep -q ' 0 failed' || fail=$((fail + 1))
done

# Idempotent: a second run over the optimized output changes nothing.
f=$root/bench/programs/matmul/matmul.ruchy
"$bin" optimize --apply=all "$f" -o "$tmp/once.ruchy" 2>/dev/null
"$bin" optimize --apply=all "$tmp/once.ruchy" -o "$tmp/twice.ruchy" 2>/dev/null
cmp -s "$tmp/once.ruchy" "$tmp/twice.ruchy" || { echo "FAIL fixpoint: $(diff "$tmp/once.ruchy" "$tmp/twice.ruchy" | head -5)"; fail=$((fail + 1)); }

if [ "$passes" = all ]; then
  # Tail calls: 10,000,000 calls deep in the original, a loop once optimized.
  printf 'fun count(n, acc) {\n    if n == 0 { acc } else { count(n - 1, acc + 1) }\n}\nfun main() { println(count(10000000, 0)) }\n' > "$tmp/tail.ruchy"
  "$bin" run --tier=0 "$tmp/tail.ruchy" >"$tmp/o" 2>"$tmp/e"
  grep -q 'Stack overflow' "$tmp/e" || { echo "FAIL tail: the original did not overflow"; fail=$((fail + 1)); }
  "$bin" optimize --apply=tco "$tmp/tail.ruchy" -o "$tmp/tail.opt.ruchy" 2>"$tmp/notes"
  grep -q "count.: 1 self call(s) in tail position became a loop" "$tmp/notes" || { echo "FAIL tco note: $(cat "$tmp/notes")"; fail=$((fail + 1)); }
  for mode in 0 1 2 auto; do
    out=$("$bin" run --tier=$mode "$tmp/tail.opt.ruchy" 2>&1)
    [ "$out" = 10000000 ] || { echo "FAIL tail --tier=$mode: $out"; fail=$((fail + 1)); }
  done
  out=$("$bin" run --ast-passes=tco "$tmp/tail.ruchy" 2>&1)
  [ "$out" = 10000000 ] || { echo "FAIL run --ast-passes=tco: $out"; fail=$((fail + 1)); }
  "$bin" run --ast-passes=bogus "$tmp/tail.ruchy" >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL bad --ast-passes"; fail=$((fail + 1)); }
  # Folding and dead code: what each finds, with its location.
  printf 'fun unused() { 1 }\nfun main() {\n    let x = 2 * 3 + 1\n    if 1 < 2 { println(x) } else { println("no") }\n    return\n    println("never")\n}\n' > "$tmp/fold.ruchy"
  "$bin" optimize "$tmp/fold.ruchy" -o "$tmp/fold.opt.ruchy" 2>"$tmp/notes"
  for want in "3:13: folded \`2 * 3\` to \`6\`" "3:13: folded \`6 + 1\` to \`7\`" "4:8: folded \`1 < 2\` to \`true\`" \
              "4:5: \`if\` on a constant condition: kept the then branch" "6:5: 1 unreachable statement(s)" \
              "1:1: function \`unused\` is never referred to: removed"; do
    grep -qF "$want" "$tmp/notes" || { echo "FAIL notes: '$want' not in: $(cat "$tmp/notes")"; fail=$((fail + 1)); }
  done
  grep -q 'let x = 7' "$tmp/fold.opt.ruchy" && ! grep -q 'never\|unused' "$tmp/fold.opt.ruchy" ||
    { echo "FAIL fold output: $(cat "$tmp/fold.opt.ruchy")"; fail=$((fail + 1)); }
  # Inlining: arguments bound in order to renamed parameters; a caller that
  # binds a name the callee reads from outside keeps its call.
  printf 'let K = 10\nfun sq(x) { x * x }\nfun addk(a) { a + K }\nfun g(x, y) { sq(y) - sq(x) }\nfun h(K) { addk(K) }\nfun main() {\n    let x = 3\n    let y = 4\n    println(g(y, x), sq(x + 1), addk(1), h(5))\n}\n' > "$tmp/inl.ruchy"
  "$bin" optimize --apply=inline "$tmp/inl.ruchy" -o "$tmp/inl.opt.ruchy" 2>"$tmp/notes"
  for want in "4:15: inlined \`sq\` (4 expressions)" "9:13: inlined \`g\`" "9:22: inlined \`sq\`" "9:33: inlined \`addk\`"; do
    grep -qF "$want" "$tmp/notes" || { echo "FAIL inline notes: '$want' not in: $(cat "$tmp/notes")"; fail=$((fail + 1)); }
  done
  grep -q 'addk(K)' "$tmp/inl.opt.ruchy" || { echo "FAIL inline kept a shadowed call: $(cat "$tmp/inl.opt.ruchy")"; fail=$((fail + 1)); }
  [ "$("$bin" run "$tmp/inl.opt.ruchy")" = "$("$bin" run "$tmp/inl.ruchy")" ] || { echo "FAIL inline output"; fail=$((fail + 1)); }
  # An operation that would raise is left to raise at run time.
  printf 'fun main() { println(1 / 0) }\n' > "$tmp/raise.ruchy"
  "$bin" optimize "$tmp/raise.ruchy" 2>/dev/null | grep -q '1 / 0' || { echo "FAIL kept raise"; fail=$((fail + 1)); }
  # --before-after: same output, a speedup figure.
  "$bin" optimize "$tmp/fold.ruchy" --before-after --runs 2 >/dev/null 2>"$tmp/ba"
  grep -q 'speedup .*output identical' "$tmp/ba" || { echo "FAIL before-after: $(cat "$tmp/ba")"; fail=$((fail + 1)); }
  "$bin" optimize --apply=nope "$tmp/fold.ruchy" >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL bad --apply"; fail=$((fail + 1)); }
fi
[ $fail -eq 0 ] && echo "optimizer tests passed" || echo "$fail failure(s)"
[ $fail -eq 0 ]
