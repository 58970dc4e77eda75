#!/usr/bin/env bash
# Command-line behaviour and robustness of ruchy-jit: exit statuses, error
# format, hostile inputs (deep nesting, huge lines, bad UTF-8, empty files),
# deep recursion and the --tier-stats report.
#   run_cli_tests.sh BINARY
set -u
bin=$1
golden=$(cd "$(dirname "$0")/../golden" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ruchy-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

# check NAME EXPECTED_STATUS COMMAND...: runs COMMAND (stdout to $tmp/out,
# stderr to $tmp/err) and checks its exit status.
check() {
  local name=$1 want=$2; shift 2
  timeout -k 5 60 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local rc=$?
  if [ "$rc" -eq "$want" ]; then
    last_ok=1
  else
    echo "FAIL $name: exit status $rc, expected $want; stderr: $(head -c 300 "$tmp/err")"
    last_ok=0
  fi
}
# expect_in FILE TEXT NAME: FILE must contain TEXT (fixed string).
expect_in() {
  if [ "$last_ok" = 1 ] && ! grep -qF -- "$2" "$1"; then
    echo "FAIL $3: '$2' not found in $(basename "$1"): $(head -c 300 "$1")"
    last_ok=0
  fi
}
done_test() { if [ "$last_ok" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi; }

check help 0 "$bin" --help; expect_in "$tmp/out" "run" help; done_test
check run-help 0 "$bin" run --help; expect_in "$tmp/out" "--tier-stats" run-help; done_test
check version 0 "$bin" --version; expect_in "$tmp/out" "ruchy-jit" version; done_test
check no-args 2 "$bin"; done_test
check unknown-flag 2 "$bin" run --no-such-flag x.ruchy; done_test
check missing-file 2 "$bin" run "$tmp/does-not-exist.ruchy"; done_test
printf 'println(1)\n' > "$tmp/one.ruchy"
check bad-tier 2 "$bin" run --tier=7 "$tmp/one.ruchy"; done_test

printf 'println("start")\nfun f(x) {\n    x +\n}\nlet = 5\n' > "$tmp/syntax.ruchy"
check syntax-error 1 "$bin" run "$tmp/syntax.ruchy"
expect_in "$tmp/err" "Error: Syntax error" syntax-error
expect_in "$tmp/err" " --> $tmp/syntax.ruchy:4:1" syntax-error-location
done_test
check syntax-nothing-runs 1 "$bin" run "$tmp/syntax.ruchy"
if [ -s "$tmp/out" ]; then echo "FAIL syntax-nothing-runs: stdout not empty"; last_ok=0; fi; done_test
check several-syntax-errors 1 "$bin" run "$tmp/syntax.ruchy"
if [ "$(grep -c '^Error: ' "$tmp/err")" -lt 2 ]; then echo "FAIL several-syntax-errors: $(cat "$tmp/err")"; last_ok=0; fi; done_test

# 10,000 nested parentheses parse and run.
{ printf 'println('; for i in $(seq 10000); do printf '('; done; printf '1'; for i in $(seq 10000); do printf ')'; done; printf ')\n'; } > "$tmp/nested.ruchy"
check nested-parens 0 "$bin" run "$tmp/nested.ruchy"; expect_in "$tmp/out" "1" nested-parens; done_test

printf 'println("never")\nlet s = "unterminated\n' > "$tmp/unterminated.ruchy"
check unterminated-string 1 "$bin" run "$tmp/unterminated.ruchy"
expect_in "$tmp/err" "Error: Syntax error" unterminated-string; done_test

{ printf 'let s = "'; head -c 1000000 /dev/zero | tr '\0' 'a'; printf '"\nprintln(s.len())\n'; } > "$tmp/longline.ruchy"
check one-megabyte-line 0 "$bin" run "$tmp/longline.ruchy"; expect_in "$tmp/out" "1000000" one-megabyte-line; done_test

{ printf 'println(0'; for i in $(seq 200000); do printf ' + 1'; done; printf ')\n'; } > "$tmp/longexpr.ruchy"
check long-expression-line 0 "$bin" run "$tmp/longexpr.ruchy"; expect_in "$tmp/out" "200000" long-expression-line; done_test

# Deep nesting inside a function that the JIT compiles, in every tier: 10,000
# nested parentheses, an if/else-if chain and blocks 1,000 deep, a 2,000-term
# sum (checked additions: thousands of blocks for the code generator), just
# under --jit-max-nodes; past the parser's limit a syntax error, not a crash.
python3 - "$tmp" <<'EOF_NEST'
import sys
d = sys.argv[1]
body = 'fun f(a) {\n    let p = ' + '(' * 10000 + 'a' + ')' * 10000 + '\n'
body += '    let c = a' + ' + 1' * 2000 + '\n'
body += '    let b = ' + '{ ' * 1000 + 'a' + ' }' * 1000 + '\n'
body += '    let i = ' + ' '.join('if a == %d { %d } else' % (k, k) for k in range(1000)) + ' { -1 }\n'
body += '    p + c + b + i\n}\n'
body += 'fun main() {\n    let mut s = 0\n    for k in 0..30 { s = s + f(k) }\n    println(s)\n}\n'
open(d + '/nest-jit.ruchy', 'w').write(body)
open(d + '/nest-limit.ruchy', 'w').write('fun f(a) { ' + '[' * 100001 + 'a' + ']' * 100001 + ' }\nprintln(f(1))\n')
EOF_NEST
for mode in 0 1 2 auto; do
  check "nesting-jit-$mode" 0 "$bin" run --tier=$mode --jit-sync --jit-t1-calls=2 --trace-tiers "$tmp/nest-jit.ruchy"
  expect_in "$tmp/out" 61740 "nesting-jit-$mode"
  case $mode in 1) expect_in "$tmp/err" "f: t0 -> t1" "nesting-jit-$mode" ;;
                2) expect_in "$tmp/err" "f (Int): -> t2" "nesting-jit-$mode" ;; esac
  done_test
done
check nesting-limit 1 "$bin" run --tier=2 "$tmp/nest-limit.ruchy"
expect_in "$tmp/err" "nested too deeply" nesting-limit; done_test

printf 'println("ok")\nlet s = "\xff\xfe"\n' > "$tmp/badutf8.ruchy"
check invalid-utf8 1 "$bin" run "$tmp/badutf8.ruchy"
expect_in "$tmp/err" "Error: Syntax error" invalid-utf8; done_test

: > "$tmp/empty.ruchy"
check empty-file 0 "$bin" run "$tmp/empty.ruchy"
if [ -s "$tmp/out" ]; then echo "FAIL empty-file: printed output"; last_ok=0; fi; done_test

printf 'fun depth(n) { if n == 0 { 0 } else { 1 + depth(n - 1) } }\nprintln(depth(100000))\n' > "$tmp/deep.ruchy"
check recursion-100000 0 "$bin" run "$tmp/deep.ruchy"; expect_in "$tmp/out" "100000" recursion-100000; done_test

printf 'fun down(n) { 1 + down(n + 1) }\nprintln("start")\ndown(0)\n' > "$tmp/overflow.ruchy"
check stack-overflow 1 "$bin" run "$tmp/overflow.ruchy"
expect_in "$tmp/err" "Error: Stack overflow" stack-overflow
expect_in "$tmp/out" "start" stack-overflow-keeps-output
expect_in "$tmp/err" "  at down (" stack-overflow-backtrace; done_test

printf 'fun ratio(a, b) {\n    a / b\n}\nprintln(ratio(1, 0))\n' > "$tmp/runtime.ruchy"
check runtime-error-format 1 "$bin" run "$tmp/runtime.ruchy"
expect_in "$tmp/err" "Error: Division by zero" runtime-error-format
expect_in "$tmp/err" " --> $tmp/runtime.ruchy:2:5" runtime-error-location
expect_in "$tmp/err" "  at ratio ($tmp/runtime.ruchy:2)" runtime-error-backtrace
expect_in "$tmp/err" "  at <top-level> ($tmp/runtime.ruchy:4)" runtime-error-backtrace-top; done_test

# A call site that sees three argument kinds: a polymorphic inline cache in
# the report, and one specialization per signature (bounded by
# --jit-max-specs) instead of generic code.
cat > "$tmp/poly.ruchy" <<'EOF_POLY'
fun twice(x) { x + x }
fun main() {
    let mut n = 0
    for i in 0..3000 {
        let v = if i % 3 == 0 { i } else if i % 3 == 1 { 0.5 } else { "ab" }
        let r = twice(v)
        n += if i % 3 == 2 { r.len() } else { 1 }
    }
    println(n)
}
EOF_POLY
check poly-site-stats 0 "$bin" run --tier=auto --jit-sync --jit-t1-calls=100 --jit-osr-loops=100 --tier-stats "$tmp/poly.ruchy"
expect_in "$tmp/out" "6000" poly-site-output
expect_in "$tmp/err" "call site main:6:" poly-site-line
expect_in "$tmp/err" "poly (3 targets): twice(Int) twice(Float) twice(Str)" poly-site-targets
expect_in "$tmp/err" "specialized: (Int) (Float) (Str)" poly-site-specializations; done_test
check poly-site-bounded 0 "$bin" run --tier=auto --jit-sync --jit-t1-calls=100 --jit-max-specs=2 --tier-stats "$tmp/poly.ruchy"
if [ "$last_ok" = 1 ] && grep "^twice " "$tmp/err" | grep -q "specialized:"; then
  echo "FAIL poly-site-bounded: three signatures specialized past --jit-max-specs=2: $(grep twice "$tmp/err")"
  last_ok=0
fi
done_test

# The method cache's bound: with one entry, a specialization is evicted while
# its frame runs (worker calls helpers that get hot) and freed only once it
# has returned; the output is unchanged and the report counts evictions.
cat > "$tmp/evict.ruchy" <<'EOF_EVICT'
fun f1(x) { x + 1 }
fun f2(x) { x + 2 }
fun f3(x) { x + 3 }
fun worker(n) {
    let mut t = 0
    for i in 0..n { t = t + f1(i) + f2(i) + f3(i) }
    t
}
fun main() {
    let mut s = 0
    for k in 0..8 { s = s + worker(k * 3) }
    println(s)
}
EOF_EVICT
check cache-evict 0 "$bin" run --tier=auto --jit-sync --jit-t1-calls=4 --jit-osr-loops=0 --jit-cache-size=1 \
  --trace-tiers --tier-stats "$tmp/evict.ruchy"
expect_in "$tmp/out" "2268" cache-evict-output
expect_in "$tmp/err" "worker (Int): evicted from the method cache" cache-evict-running
expect_in "$tmp/err" "worker (Int): code freed" cache-evict-freed-later
expect_in "$tmp/err" "evicted, " cache-evict-summary
if [ "$last_ok" = 1 ]; then
  # Freed after it was evicted, with other units' traffic between: the
  # frame running it kept it.
  ev=$(grep -n "worker (Int): evicted" "$tmp/err" | head -1 | cut -d: -f1)
  fr=$(grep -n "worker (Int): code freed" "$tmp/err" | head -1 | cut -d: -f1)
  if [ $((fr - ev)) -lt 3 ]; then echo "FAIL cache-evict-running: worker freed at once ($ev, $fr)"; last_ok=0; fi
fi
done_test
check cache-unbounded 0 "$bin" run --tier=auto --jit-sync --jit-t1-calls=4 --jit-osr-loops=0 --jit-cache-size=0 \
  --tier-stats=json "$tmp/evict.ruchy"
expect_in "$tmp/err" '"evicted": 0' cache-unbounded; done_test

# --max-heap: a program that fills memory ends with `Error: Out of memory`
# (status 1) in every tier, with what it printed before intact.
printf 'fun main() {\n    println("start")\n    let mut a = []\n    let mut i = 0\n    loop {\n        a.push([i, i, i, i])\n        i += 1\n    }\n}\n' > "$tmp/oom.ruchy"
for mode in 0 2 auto; do
  check "max-heap-$mode" 1 "$bin" run --tier=$mode --max-heap=64M "$tmp/oom.ruchy"
  expect_in "$tmp/err" "Error: Out of memory" "max-heap-$mode"
  [ "$last_ok" = 1 ] && [ "$(cat "$tmp/out")" != start ] && { echo "FAIL max-heap-$mode: stdout '$(cat "$tmp/out")'"; last_ok=0; }
  done_test
done
check max-heap-bad 2 "$bin" run --max-heap=12Q "$tmp/oom.ruchy"; expect_in "$tmp/err" "--max-heap" max-heap-bad; done_test
# Large Int/Float/Bool arrays keep their storage outside the collected
# heap (runtime/ArrayObject.cpp): it counts toward --max-heap, and storage
# of dropped arrays is freed, so that a loop making and dropping 8 MB
# arrays runs under a 64 MB cap while one array that outgrows it does not.
printf 'fun main() {\n    println("start")\n    let mut a = []\n    loop {\n        a.push(1.5)\n    }\n}\n' > "$tmp/oom-flat.ruchy"
printf 'fun main() {\n    let mut total = 0\n    for round in 0..100 {\n        let mut a = []\n        let mut i = 0\n        while i < 1000000 {\n            a.push(i)\n            i += 1\n        }\n        total += a.len()\n    }\n    println(total)\n}\n' > "$tmp/churn.ruchy"
for mode in 0 auto; do
  check "max-heap-flat-$mode" 1 "$bin" run --tier=$mode --max-heap=64M "$tmp/oom-flat.ruchy"
  expect_in "$tmp/err" "Error: Out of memory" "max-heap-flat-$mode"
  [ "$last_ok" = 1 ] && [ "$(cat "$tmp/out")" != start ] && { echo "FAIL max-heap-flat-$mode: stdout '$(cat "$tmp/out")'"; last_ok=0; }
  done_test
  check "max-heap-churn-$mode" 0 "$bin" run --tier=$mode --max-heap=64M "$tmp/churn.ruchy"
  [ "$last_ok" = 1 ] && [ "$(cat "$tmp/out")" != 100000000 ] && { echo "FAIL max-heap-churn-$mode: stdout '$(cat "$tmp/out")'"; last_ok=0; }
  done_test
done

# --max-time: a program that loops or recurses forever ends with `Error:
# Time limit exceeded` (status 1) in every tier, its output kept, where it was
# running (the loop's line); runs without a limit have no poll in compiled code.
printf 'fun spin(n) {\n    let mut i = 0\n    while true { i = i + n }\n    i\n}\nfun fib(n: i64) -> i64 { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nfun main() {\n    println("start")\n    if args().len() > 0 { println(fib(90)) }\n    spin(1)\n}\n' > "$tmp/forever.ruchy"
for mode in 0 1 2 auto; do
  check "max-time-$mode" 1 "$bin" run --tier=$mode --max-time=200ms "$tmp/forever.ruchy"
  expect_in "$tmp/err" "Error: Time limit exceeded" "max-time-$mode"
  expect_in "$tmp/err" "forever.ruchy:3:5" "max-time-$mode"
  [ "$last_ok" = 1 ] && [ "$(cat "$tmp/out")" != start ] && { echo "FAIL max-time-$mode: stdout '$(cat "$tmp/out")'"; last_ok=0; }
  done_test
  check "max-time-rec-$mode" 1 "$bin" run --tier=$mode --max-time=0.2s "$tmp/forever.ruchy" x
  expect_in "$tmp/err" "Error: Time limit exceeded" "max-time-rec-$mode"
  expect_in "$tmp/err" "at fib (" "max-time-rec-$mode"; done_test
done
printf 'fun fib(n: i64) -> i64 { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nfun main() { println(fib(20)) }\n' > "$tmp/limit-ok.ruchy"
check max-time-ok 0 "$bin" run --tier=2 --max-time=1m --dump-ir=fib "$tmp/limit-ok.ruchy"
expect_in "$tmp/out" 6765 max-time-ok; expect_in "$tmp/err" "rt_interrupted" max-time-ok; done_test
check max-time-no-polls 0 "$bin" run --tier=2 --dump-ir=fib "$tmp/limit-ok.ruchy"
if [ "$last_ok" = 1 ] && grep -q rt_interrupted "$tmp/err"; then
  echo "FAIL max-time-no-polls: compiled code polls without a limit"; last_ok=0; fi
done_test
check max-time-bad 2 "$bin" run --max-time=soon "$tmp/forever.ruchy"; expect_in "$tmp/err" "--max-time" max-time-bad; done_test
check max-time-zero 2 "$bin" run --max-time=0 "$tmp/forever.ruchy"; expect_in "$tmp/err" "--max-time" max-time-zero; done_test

# --jit-ast-passes-t1/-t2: fold and dce while generating a tier's code (not
# in the tree Tier 0 runs): the trace counts them, output is unchanged, and
# inline/tco are refused (they change the shape Tier 0 shares).
printf 'fun f(x) {\n    let k = 60 * 60 * 24\n    if 1 > 2 { println("never") }\n    while false { println("no") }\n    x * k + (2 ** 10) - (7 as f64 / 2.0) as i64\n}\nfun main() {\n    let mut s = 0\n    for i in 0..3000 { s = s + f(i) }\n    println(s)\n}\n' > "$tmp/jitfold.ruchy"
for mode in 1 2; do
  check "jit-ast-passes-$mode" 0 "$bin" run --tier=$mode --trace-tiers "$tmp/jitfold.ruchy"
  expect_in "$tmp/out" 388673463000 "jit-ast-passes-$mode"
  expect_in "$tmp/err" "AST fold 3 expressions, dce 2 branches" "jit-ast-passes-$mode"; done_test
  check "jit-ast-passes-none-$mode" 0 "$bin" run --tier=$mode --trace-tiers --jit-ast-passes-t$mode=none "$tmp/jitfold.ruchy"
  expect_in "$tmp/out" 388673463000 "jit-ast-passes-none-$mode"
  if [ "$last_ok" = 1 ] && grep -q "AST fold" "$tmp/err"; then echo "FAIL jit-ast-passes-none-$mode: folded"; last_ok=0; fi
  done_test
done
check jit-ast-passes-bad 2 "$bin" run --jit-ast-passes-t2=inline "$tmp/jitfold.ruchy"
expect_in "$tmp/err" "--ast-passes" jit-ast-passes-bad; done_test

# --jit-warmup=1: in --tier=auto the background compiler warms LLVM up at
# start-up (a throw-away unit) before the first real compile; off by default. A program that ends while the warm-up runs still exits cleanly.
printf 'fun main() {\n    let mut s = 0\n    for i in 0..3000000 { s = (s + i * 7) %% 1000003 }\n    println(s)\n}\n' > "$tmp/warm.ruchy"
check jit-warmup 0 "$bin" run --jit-warmup=1 --trace-tiers --tier-stats "$tmp/warm.ruchy"
expect_in "$tmp/err" "LLVM warmed up in" jit-warmup
expect_in "$tmp/err" "warming it up (background)" jit-warmup
expect_in "$tmp/err" "OSR entry at loop line 3" jit-warmup; done_test
check jit-warmup-off 0 "$bin" run --trace-tiers "$tmp/warm.ruchy"
expect_in "$tmp/err" "OSR entry at loop line 3" jit-warmup-off
if [ "$last_ok" = 1 ] && grep -q "warmed up" "$tmp/err"; then echo "FAIL jit-warmup-off: warmed up"; last_ok=0; fi
done_test
printf 'println("hello")\n' > "$tmp/hello.ruchy"
for i in $(seq 20); do
  check "jit-warmup-exit-$i" 0 "$bin" run --jit-warmup=1 "$tmp/hello.ruchy"; expect_in "$tmp/out" hello "jit-warmup-exit-$i"
  [ "$last_ok" = 1 ] || break
done
done_test

# JIT code memory is never writable and executable at once: while compiled
# code runs, the process has anonymous executable mappings and no rwx one.
printf 'fun spin(n) {\n    let mut s = 0\n    for i in 0..n { s = (s + i * 7) %% 1000003 }\n    s\n}\nfun main() {\n    let mut t = 0\n    for k in 0..100000 { t = t + spin(3000000) }\n    println(t)\n}\n' > "$tmp/spin.ruchy"
"$bin" run --tier=2 "$tmp/spin.ruchy" >/dev/null 2>&1 &
spin=$!
jit_x=0
for i in $(seq 50); do
  if grep -qE ' r-xp 00000000 00:00 0 *$' "/proc/$spin/maps" 2>/dev/null; then jit_x=1; break; fi
  sleep 0.1
done
rwx=$(grep -c ' rwxp ' "/proc/$spin/maps" 2>/dev/null)
kill "$spin" 2>/dev/null; wait "$spin" 2>/dev/null
if [ "$jit_x" = 1 ] && [ "${rwx:-1}" = 0 ]; then pass=$((pass + 1)); else
  echo "FAIL jit-w-xor-x: executable JIT mapping seen: $jit_x, rwx mappings: ${rwx:-?}"; fail=$((fail + 1)); fi

# The whole backtrace, not just its first line, is the same in every tier:
# a raise three specialized calls deep (raw calls between specializations
# keep the call-stack depth in a register).
cat > "$tmp/deep.ruchy" <<'EOF_DEEP'
fun c(a, i) { a[i] }
fun b(a, i) { c(a, i + 1) + 1 }
fun a2(a, i) { let x = b(a, i); x }
fun main() {
    let arr = [1, 2, 3]
    let mut s = 0
    for k in 0..30000 { s += a2(arr, k % 2) }
    println(s)
    println(a2(arr, 2))
}
EOF_DEEP
# And an overflow raised in a small callee whose copy LLVM inlined into a
# hot loop (the callee's frame record must still be written).
cat > "$tmp/inlined.ruchy" <<'EOF_INL'
fun add(a: i64, b: i64) -> i64 {
    a + b
}

fun main() {
    let mut acc = 0
    let mut i = 0
    while i < 100000 {
        acc = add(acc, i) % 1000003
        if i > 90000 { acc = add(acc, 9223372036854775000) }
        i += 1
    }
    println(acc)
}
EOF_INL
# And a raise in generic code called from a specialization (a Tier 2
# caller's feedback call reset the depth its callee's record was under).
cat > "$tmp/generic.ruchy" <<'EOF_GEN'
fun f(a) {
    a * 2.5
}
fun d(a, b) { a + b }
fun main() {
    for i in 0..20 { f(i) }
    for i in 0..20 { f(0.5) }
    println(d(1, 2), d(1.5, 2), d(1, 2.5), d("a", 2), d("a", "b"))
    f("s")
}
EOF_GEN
check backtrace-generic-tier0 1 "$bin" run --tier=0 "$tmp/generic.ruchy"
cp "$tmp/err" "$tmp/generic.err0"
expect_in "$tmp/err" "  at f ($tmp/generic.ruchy:2)" backtrace-generic-tier0; done_test
check backtrace-tier0 1 "$bin" run --tier=0 "$tmp/deep.ruchy"
cp "$tmp/err" "$tmp/deep.err0"
expect_in "$tmp/err" "  at a2 ($tmp/deep.ruchy:3)" backtrace-tier0; done_test
check backtrace-inlined-tier0 1 "$bin" run --tier=0 "$tmp/inlined.ruchy"
cp "$tmp/err" "$tmp/inlined.err0"
expect_in "$tmp/err" "  at add ($tmp/inlined.ruchy:2)" backtrace-inlined-tier0; done_test
for prog in deep inlined generic; do
  for mode in "--tier=1" "--tier=2" "--tier=auto" "--tier=auto --jit-sync --jit-t1-calls=1"; do
    # shellcheck disable=SC2086
    check "backtrace $prog $mode" 1 "$bin" run $mode "$tmp/$prog.ruchy"
    if [ "$last_ok" = 1 ] && ! cmp -s "$tmp/err" "$tmp/$prog.err0"; then
      echo "FAIL backtrace $prog $mode: stderr differs from Tier 0's: $(cat "$tmp/err")"
      last_ok=0
    fi
    done_test
  done
done

printf 'fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nfun main() {\n    let mut s = 0\n    for i in 0..1000 { s += i }\n    println(fib(20), s)\n}\n' > "$tmp/stats.ruchy"
check tier-stats 0 "$bin" run --tier=0 --tier-stats "$tmp/stats.ruchy"
expect_in "$tmp/out" "6765 499500" tier-stats-output
if [ "$last_ok" = 1 ] && ! grep -Eq '^fib +1 +[01] +[0-9]+ +[0-9]+ +[0-9]+ +0 .*\(Int\) x21891' "$tmp/err"; then
  echo "FAIL tier-stats: no exact fib row in: $(cat "$tmp/err")"; last_ok=0; fi
if [ "$last_ok" = 1 ] && ! grep -Eq '^main +2 +[01] +[01] +[01] +[01] +1000 ' "$tmp/err"; then
  echo "FAIL tier-stats: no main loop row in: $(cat "$tmp/err")"; last_ok=0; fi
done_test
check tier2-stats 0 "$bin" run --tier=2 --tier-stats "$tmp/stats.ruchy"
expect_in "$tmp/out" "6765 499500" tier2-stats-output
if [ "$last_ok" = 1 ] && ! grep -Eq '^fib +1 +2 +0 +0 +21891 +0 .*\(Int\) x21891; specialized: \(Int\)' "$tmp/err"; then
  echo "FAIL tier2-stats: no specialized fib row in: $(cat "$tmp/err")"; last_ok=0; fi
done_test
# Speculation and deoptimization: a hot function's guard fails when its
# array receives a Float; after --jit-max-deopts failures the speculation is
# given up and the function specialized again without it.
hot="--tier=auto --jit-sync --jit-t1-calls=100 --jit-osr-loops=100 --jit-osr-alloc-bytes=0"
check deopt 0 "$bin" run $hot --tier-stats "$golden/specialize/deopt_array_receives_float.ruchy"
expect_in "$tmp/err" "deopt 3x: total (Array) line 4 speculated Int" deopt-count; done_test
check deopt-given-up 0 "$bin" run $hot --trace-tiers --tier-stats "$golden/specialize/deopt_then_return_from_loop.ruchy"
expect_in "$tmp/err" "speculation at line 4 given up after 8 failed guards" deopt-given-up
expect_in "$tmp/err" "line 4 speculated Int, given up" deopt-given-up-summary; done_test
# A loop that allocates on every iteration and calls nothing of the program
# waits before its OSR compile; a numeric loop does not.
printf 'fun main() {\n    let mut s = ""\n    let mut i = 0\n    while i < 30000 {\n        s = s + i\n        i += 1\n    }\n    println(s.len())\n}\n' > "$tmp/slowloop.ruchy"
check osr-deferred 0 "$bin" run --tier=auto --jit-sync --jit-osr-loops=100 --trace-tiers "$tmp/slowloop.ruchy"
expect_in "$tmp/err" "OSR deferred by" osr-deferred; done_test
printf 'fun main() {\n    let mut s = 0\n    let mut i = 0\n    while i < 30000 {\n        s = s + (i & 7)\n        i += 1\n    }\n    println(s)\n}\n' > "$tmp/fastloop.ruchy"
check osr-not-deferred 0 "$bin" run --tier=auto --jit-sync --jit-osr-loops=100 --trace-tiers "$tmp/fastloop.ruchy"
expect_in "$tmp/err" "main () OSR entry at loop line 4" osr-not-deferred; done_test
# Pushes into a growing array reallocate it at its doublings only (4096
# falls in the 1000 iterations measured after a threshold of 4000): many
# bytes, few allocations, so the loop is compiled at once.
printf 'fun main() {\n    let mut v = []\n    let mut i = 0\n    while i < 30000 {\n        v.push(i)\n        i += 1\n    }\n    println(v.len())\n}\n' > "$tmp/pushloop.ruchy"
check osr-growing-array 0 "$bin" run --tier=auto --jit-sync --jit-osr-loops=4000 --trace-tiers "$tmp/pushloop.ruchy"
expect_in "$tmp/out" "30000" osr-growing-array-output
expect_in "$tmp/err" "main () OSR entry at loop line 4" osr-growing-array; done_test
check osr-growing-array-bytes-only 0 "$bin" run --tier=auto --jit-sync --jit-osr-loops=4000 --jit-osr-alloc-objects-pct=0 --trace-tiers "$tmp/pushloop.ruchy"
expect_in "$tmp/err" "OSR deferred by" osr-growing-array-bytes-only; done_test
# A counted loop nest whose rest is shorter than --jit-osr-min-remaining-ms
# at the threshold stays in Tier 0; a long one is compiled.
printf 'fun main() {\n    let mut s = 0\n    for i in 0..3 {\n        for j in 0..1000 {\n            s += (i + j) & 7\n        }\n    }\n    println(s)\n}\n' > "$tmp/shortnest.ruchy"
check osr-nearly-done 0 "$bin" run --tier=auto --jit-sync --jit-osr-loops=100 --trace-tiers "$tmp/shortnest.ruchy"
expect_in "$tmp/out" "10500" osr-nearly-done-output
expect_in "$tmp/err" "loop at line 4: 1900 iterations left" osr-nearly-done; done_test
printf 'fun main() {\n    let mut s = 0\n    for i in 0..3000 {\n        for j in 0..1000 {\n            s += (i + j) & 7\n        }\n    }\n    println(s)\n}\n' > "$tmp/longnest.ruchy"
check osr-far-from-done 0 "$bin" run --tier=auto --jit-sync --jit-osr-loops=100 --trace-tiers "$tmp/longnest.ruchy"
expect_in "$tmp/out" "10500000" osr-far-from-done-output
expect_in "$tmp/err" "main () OSR entry at loop line 4" osr-far-from-done; done_test
check osr-nearly-done-off 0 "$bin" run --tier=auto --jit-sync --jit-osr-loops=100 --jit-osr-min-remaining-ms=0 --trace-tiers "$tmp/shortnest.ruchy"
expect_in "$tmp/err" "main () OSR entry at loop line 4" osr-nearly-done-off; done_test
# A loop of a function called many times, a few iterations per call: its
# OSR entry would serve what is left of one call.
printf 'fun steps(n: i64) -> i64 {\n    let mut i = 0\n    while i < 3 {\n        i += 1\n    }\n    i + n\n}\n\nfun main() {\n    let mut s = 0\n    for k in 0..20000 {\n        s += steps(k)\n    }\n    println(s)\n}\n' > "$tmp/shortruns.ruchy"
check osr-short-runs 0 "$bin" run --tier=auto --jit-sync --jit-t1-calls=1000000 --jit-osr-loops=1000 --trace-tiers "$tmp/shortruns.ruchy"
expect_in "$tmp/out" "200050000" osr-short-runs-output
expect_in "$tmp/err" "loop at line 3: 667 calls so far, about 3 iterations left" osr-short-runs; done_test
# A function hot through its loop in its first two calls is compiled at
# its third.
printf 'fun fill(n: i64) -> i64 {\n    let mut s = 0\n    for i in 0..n {\n        s += i & 3\n    }\n    s\n}\n\nfun main() {\n    println(fill(5000) + fill(5000) + fill(5000) + fill(5000))\n}\n' > "$tmp/loopheat.ruchy"
check loop-heat-calls 0 "$bin" run --tier=auto --jit-sync --jit-t1-calls=1000 --jit-osr-loops=1000000 --trace-tiers "$tmp/loopheat.ruchy"
expect_in "$tmp/out" "30000" loop-heat-calls-output
expect_in "$tmp/err" "fill: hot through 5000 loop iterations in 2 calls: compiled from call 3 on" loop-heat-calls
expect_in "$tmp/err" "fill (Int): -> t2 (3 calls" loop-heat-calls-third; done_test
check deopt-element-read 1 "$bin" run $hot --trace-tiers "$golden/specialize/deopt_element_read.ruchy"
expect_in "$tmp/err" "dot (Array, Array): deopt at line 6: Float expected for an array element (read or store)" deopt-element-read; done_test
check tier-stats-json 0 "$bin" run --tier-stats=json "$tmp/stats.ruchy"
expect_in "$tmp/err" '"name": "fib"' tier-stats-json
expect_in "$tmp/err" '"signature": "(Int)"' tier-stats-json; done_test
check tier-stats-file 0 "$bin" run --tier-stats=json --stats-file "$tmp/stats.json" "$tmp/stats.ruchy"
expect_in "$tmp/stats.json" '"loop_iterations": 1000' tier-stats-file; done_test

# On-stack replacement: main's hot loop is entered in compiled code.
printf 'fun main() {\n    let mut s = 0\n    let mut i = 0\n    while i < 200000 {\n        s = s + (i & 7)\n        i += 1\n    }\n    println(s)\n}\n' > "$tmp/osr.ruchy"
check osr-entry 0 "$bin" run --tier=auto --jit-sync --jit-osr-loops=100 --jit-osr-alloc-bytes=0 --tier-stats "$tmp/osr.ruchy"
expect_in "$tmp/out" "700000" osr-entry-output
if [ "$last_ok" = 1 ] && ! grep -Eq '^main +1 +[12] +1 +0 +0 +100 +1 ' "$tmp/err"; then
  echo "FAIL osr-entry: no OSR entry for main in: $(cat "$tmp/err")"; last_ok=0; fi
done_test
# An OSR unit inlines a small callee that has run but has no specialization of
# its own yet (add is never hot enough here): its checked addition is in main's
# optimized IR, not only a call through the runtime.
cat > "$tmp/inline.ruchy" <<'EOF_INLINE'
fun add(a: i64, b: i64) -> i64 { a + b }
fun main() {
    let mut acc = 0
    let mut i = 0
    while i < 5000 {
        acc = add(acc, i) % 1000003
        i += 1
    }
    println(acc)
}
EOF_INLINE
check osr-inlines-unspecialized-callee 0 "$bin" run --tier=auto --jit-sync --jit-t1-calls=1000000 \
  --jit-osr-loops=10 --dump-ir=main "$tmp/inline.ruchy"
expect_in "$tmp/out" "497464" osr-inlines-unspecialized-callee
if [ "$last_ok" = 1 ] && ! sed -n '/main.osr0.t2.opt.ll/,$p' "$tmp/err" | grep -q 'llvm.sadd.with.overflow'; then
  echo "FAIL osr-inlines-unspecialized-callee: add not inlined into main's OSR unit"; last_ok=0; fi
done_test
# One level of fib's recursion is copied into its specialization: the
# optimized fib.Int.t2 calls itself four times (twice in each copy of the
# level), the copy inlined. --jit-recursion-unroll=0: no copy, two calls.
cat > "$tmp/unroll.ruchy" <<'EOF_UNROLL'
fun fib(n: i64) -> i64 { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
fun main() { println(fib(22)) }
EOF_UNROLL
check recursion-unroll 0 "$bin" run --tier=2 --jit-pure-variants=0 --dump-ir=fib "$tmp/unroll.ruchy"
expect_in "$tmp/out" "17711" recursion-unroll
expect_in "$tmp/err" "define internal { i64, i64 } @fib.inl.Int(" recursion-unroll
if [ "$last_ok" = 1 ] && [ "$(sed -n '/fib.Int.t2.opt.ll/,$p' "$tmp/err" | grep -cE '@fib\.Int\.t2\(ptr poison, i32 %[0-9]+,')" != 4 ]; then
  echo "FAIL recursion-unroll: the optimized fib.Int.t2 does not call itself 4 times"; last_ok=0; fi
done_test
check recursion-unroll-off 0 "$bin" run --tier=2 --jit-pure-variants=0 --jit-recursion-unroll=0 --dump-ir=fib "$tmp/unroll.ruchy"
if [ "$last_ok" = 1 ] && { grep -q 'fib.inl' "$tmp/err" ||
  [ "$(sed -n '/fib.Int.t2.opt.ll/,$p' "$tmp/err" | grep -cE '@fib\.Int\.t2\(ptr poison, i32 %[0-9]+,')" != 2 ]; }; then
  echo "FAIL recursion-unroll-off: fib copied or not calling itself twice"; last_ok=0; fi
done_test
# A recursive function on Ints gets a pure variant (no call-stack entries,
# failures bail): marked memory(none), its unrolled level's two calls of
# fib(n-3) are one, so the optimized variant calls itself 3 times, not 4.
# The specialization's name calls it, and the checked code after a bail.
check pure-variant 0 "$bin" run --tier=2 --trace-tiers --dump-ir=fib "$tmp/unroll.ruchy"
expect_in "$tmp/out" "17711" pure-variant
expect_in "$tmp/err" "fib (Int): -> t2 (called), compiled in" pure-variant
expect_in "$tmp/err" "; pure variant)" pure-variant
expect_in "$tmp/err" "define internal fastcc { i64, i64 } @fib.Int.t2.pure(i32 %depth, i64 %0) unnamed_addr #" pure-variant
expect_in "$tmp/err" "call { i64, i64 } @fib.Int.t2.checked(" pure-variant
if [ "$last_ok" = 1 ] && [ "$(sed -n '/fib.Int.t2.opt.ll/,$p' "$tmp/err" | sed -n '/^define internal fastcc .* @fib\.Int\.t2\.pure(/,/^}/p' |
  grep -cE 'call fastcc \{ i64, i64 \} @fib\.Int\.t2\.pure\(i32 %[0-9]+,')" != 3 ]; then
  echo "FAIL pure-variant: the optimized pure variant does not call itself 3 times"; last_ok=0; fi
if [ "$last_ok" = 1 ] && ! sed -n '/fib.Int.t2.opt.ll/,$p' "$tmp/err" | grep -qE '^attributes #[0-9]+ = \{ .*memory\(none\).*"ruchy-pure"'; then
  echo "FAIL pure-variant: the pure variant is not memory(none)"; last_ok=0; fi
done_test
check pure-variant-off 0 "$bin" run --tier=2 --jit-pure-variants=0 --trace-tiers --dump-ir=fib "$tmp/unroll.ruchy"
if [ "$last_ok" = 1 ] && grep -q 'pure' "$tmp/err"; then
  echo "FAIL pure-variant-off: a pure variant was made"; last_ok=0; fi
done_test
# main's copy of fib (a small callee) calls fib's own specialization, with
# its unrolled level and pure variant, rather than recursing into itself.
check copy-calls-specialization 0 "$bin" run --tier=2 --dump-ir=main "$tmp/unroll.ruchy"
expect_in "$tmp/out" "17711" copy-calls-specialization
if [ "$last_ok" = 1 ] && [ "$(sed -n '/main.t2.ll/,/main.t2.opt.ll/p' "$tmp/err" | grep -c 'call { i64, i64 } @fib\.inl\.Int(')" != 1 ]; then
  echo "FAIL copy-calls-specialization: main's copy of fib calls itself"; last_ok=0; fi
done_test
# A failure inside a pure variant is raised by the checked code after it
# runs the call again: the same message, position and call stack as Tier 0.
# (Under ASan, Tier 0's frames are large enough that its native stack, not
# the call depth, runs out first: the count of calls left out differs.)
stderr_of() {
  if grep -q "ASan is ignoring" "$tmp/t0.err"; then
    grep -v -e '^==[0-9]*==' -e '^False positive' -e '^For details' -e 'more calls$' "$1"
  else cat "$1"; fi
}
for prog in pure_variant_overflow pure_variant_division pure_variant_stack_overflow; do
  "$bin" run --tier=0 "$golden/specialize/$prog.ruchy" > "$tmp/t0.out" 2> "$tmp/t0.err"
  for mode in 2 auto; do
    check "$prog-$mode" 1 "$bin" run --tier=$mode "$golden/specialize/$prog.ruchy"
    if [ "$last_ok" = 1 ] && ! { cmp -s "$tmp/t0.out" "$tmp/out" &&
                                 cmp -s <(stderr_of "$tmp/t0.err") <(stderr_of "$tmp/err"); }; then
      echo "FAIL $prog-$mode: output or error differs from Tier 0's"
      diff <(stderr_of "$tmp/t0.err") <(stderr_of "$tmp/err") | head -5; last_ok=0; fi
    done_test
  done
done
# A function that prints is not pure: the attempt is reported.
cat > "$tmp/impure.ruchy" <<'EOF_IMPURE'
fun walk(n: i64) -> i64 { if n < 1 { println("bottom"); 0 } else { walk(n - 1) + 1 } }
fun main() { println(walk(10)) }
EOF_IMPURE
check pure-variant-impure 0 "$bin" run --tier=2 --trace-tiers "$tmp/impure.ruchy"
expect_in "$tmp/out" "bottom" pure-variant-impure
expect_in "$tmp/err" "; no pure variant: writes memory outside its frame)" pure-variant-impure; done_test
# OSR entries take --jit-osr-passes' pipeline (a short one aimed at loops by
# default), specializations --jit-opt-t2's; --jit-t2-passes replaces the
# latter with a pipeline of one's own.
check osr-passes 0 "$bin" run --tier=auto --jit-sync --jit-osr-loops=10 --trace-tiers "$tmp/inline.ruchy"
expect_in "$tmp/err" "OSR entry at loop line 5: -> t2 (10 loop iterations), compiled in" osr-passes
expect_in "$tmp/err" "(LLVM OSR passes " osr-passes; done_test
check osr-passes-as-specializations 0 "$bin" run --tier=auto --jit-sync --jit-osr-loops=10 --jit-osr-passes "" \
  --trace-tiers "$tmp/inline.ruchy"
expect_in "$tmp/err" "(LLVM -O3 " osr-passes-as-specializations; done_test
check osr-passes-bad 2 "$bin" run --jit-osr-passes='function(sroa' "$tmp/inline.ruchy"
expect_in "$tmp/err" "ruchy-jit: --jit-osr-passes: " osr-passes-bad; done_test
check t2-passes 0 "$bin" run --tier=2 --jit-t2-passes='function(sroa,instcombine,simplifycfg)' --trace-tiers \
  "$tmp/unroll.ruchy"
expect_in "$tmp/out" "17711" t2-passes
expect_in "$tmp/err" "fib (Int): -> t2 (called), compiled in" t2-passes
expect_in "$tmp/err" "(LLVM passes " t2-passes; done_test
check t2-passes-bad 2 "$bin" run --jit-t2-passes='function(no-such-pass)' "$tmp/unroll.ruchy"
expect_in "$tmp/err" "ruchy-jit: --jit-t2-passes: unknown function pass 'no-such-pass'" t2-passes-bad
if [ "$last_ok" = 1 ] && [ -s "$tmp/out" ]; then echo "FAIL t2-passes-bad: the program ran"; last_ok=0; fi
done_test
# A program that ends while its loop's OSR entry is being compiled: the
# process ends on the program's thread with the program's status, before the
# stack holding the interpreter (which the compile reads) goes away.
cat > "$tmp/endrace.ruchy" <<'EOF_ENDRACE'
fun main() {
    let mut t = 0
    let mut i = 0
    while i < 4100 {
        t += i % 7
        i += 1
    }
    println(t)
EOF_ENDRACE
# (statements that never run, but make main's compile take far longer than
# the loop's last 3000 iterations, in any build)
for k in $(seq 300); do
  echo "    if t < 0 { let mut j$k = 0
        while j$k < 3 { t += j$k * $k; j$k += 1 } }" >> "$tmp/endrace.ruchy"
done
echo "}" >> "$tmp/endrace.ruchy"
check exit-while-compiling 0 "$bin" run --tier=auto --jit-osr-loops=100 --tier-stats "$tmp/endrace.ruchy"
expect_in "$tmp/out" "12295" exit-while-compiling
# (still compiling, or still queued when the worker had not started yet)
expect_in "$tmp/err" "main (loop at line 4)" exit-while-compiling
expect_in "$tmp/err" "; at exit " exit-while-compiling; done_test
check trace-tiers 0 "$bin" run --tier=1 --trace-tiers "$tmp/stats.ruchy"
expect_in "$tmp/err" "fib: t0 -> t1 (--tier=1), compiled in" trace-tiers; done_test
check dump-ir 0 "$bin" run --tier=1 --dump-ir=fib "$tmp/stats.ruchy"
expect_in "$tmp/err" "; ---- fib.t1.opt.ll ----" dump-ir
expect_in "$tmp/err" "define { i64, i64 } @fib.t1(" dump-ir; done_test
check dump-ir-unknown-function 2 "$bin" run --tier=1 --dump-ir=/tmp/dumps "$tmp/stats.ruchy"
expect_in "$tmp/err" "--dump-ir=/tmp/dumps: $tmp/stats.ruchy has no function named '/tmp/dumps'" dump-ir-unknown-function
done_test
check dump-dir 0 "$bin" run --tier=1 --dump-dir "$tmp/dumps" --dump-asm "$tmp/stats.ruchy"
if [ "$last_ok" = 1 ] && ! [ -s "$tmp/dumps/fib.t1.s" ]; then
  echo "FAIL dump-dir: no $tmp/dumps/fib.t1.s"; last_ok=0; fi
done_test

# A function Tier 1 does not compile (here: larger than --jit-max-nodes)
# stays in Tier 0, prints the same, and the reason is counted in the report.
printf 'fun f(n) {\n    let mut i = 0\n    loop {\n        i += 1\n        println!("{}", if i > n { break i * 10 } else { i })\n    }\n}\nprintln(f(2))\n' > "$tmp/nocompile.ruchy"
check compile-failure 0 "$bin" run --tier=1 --jit-max-nodes=10 --tier-stats "$tmp/nocompile.ruchy"
expect_in "$tmp/out" "30" compile-failure-output
expect_in "$tmp/err" "compile failed 1x: function too large" compile-failure-reason
if [ "$last_ok" = 1 ] && ! grep -Eq '^f +1 +0 +1 +0 +0 .* failed ' "$tmp/err"; then
  echo "FAIL compile-failure: f not reported as interpreted with a failed compile: $(cat "$tmp/err")"; last_ok=0; fi
done_test

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
