#!/usr/bin/env bash
# `ruchy-jit profile`: exact call counts and signatures in every tier mode,
# every output format well formed, a failing program still profiled, and the
# time the profile accounts for within 10% of the run's wall time on every
# benchmark program (quick sizes).
#   run_profile_tests.sh BINARY
set -u
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ruchy-profile.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

fib=$root/bench/programs/fib/fib.ruchy
# fib(20) makes 21,891 calls of fib, all with signature (Int), whichever tier runs them.
for mode in 0 1 2 auto; do
  if "$bin" profile --tier=$mode --no-overhead --jit-t1-calls=100 "$fib" 20 --json "$tmp/f.json" \
       --report "$tmp/report.txt" >"$tmp/out" 2>"$tmp/err" &&
     python3 - "$tmp/f.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["functions"] if x["name"] == "fib"][0]
assert f["calls"]["total"] == 21891, f["calls"]
assert f["signatures"] == [{"signature": "(Int)", "count": 21891}], f["signatures"]
assert f["stability_class"] == "monomorphic" and f["stability"] == 1.0
assert f["hot"], f
assert sum(f["calls"][t] for t in ("t0", "t1", "t2")) == 21891
sites = [s for s in d["call_sites"] if s["function"] == "fib"]
assert len(sites) == 2 and all(s["targets"] == ["fib(Int)"] for s in sites), sites
PY
  then ok; else bad "fib-calls-tier-$mode: $(head -c 300 "$tmp/err")"; fi
done
grep -q 'fib(20) = 6765' "$tmp/out" && ok || bad "program-output"

# Every format, from one run, with the overhead measured.
if "$bin" profile "$fib" 22 --json "$tmp/p.json" --markdown "$tmp/p.md" --folded "$tmp/p.folded" \
     --speedscope "$tmp/p.speedscope.json" --svg "$tmp/p.svg" >"$tmp/out" 2>"$tmp/err"; then ok
else bad "all-formats: $(head -c 300 "$tmp/err")"; fi
grep -q 'profiling overhead [0-9.]*x' "$tmp/err" && ok || bad "overhead-stated: $(head -3 "$tmp/err")"
grep -q '^| fib \* |' "$tmp/p.md" && grep -q '^## Phases' "$tmp/p.md" && ok || bad "markdown"
grep -Eq '^<top-level>;main;fib(;fib)* [0-9]+$' "$tmp/p.folded" && ok || bad "folded: $(head -3 "$tmp/p.folded")"
python3 - "$tmp" <<'PY' && ok || bad "svg/speedscope/json well formed"
import json, sys, xml.etree.ElementTree as ET
t = sys.argv[1]
svg = ET.parse(t + "/p.svg").getroot()
texts = [e.text for e in svg.iter("{http://www.w3.org/2000/svg}text")]
assert "fib" in texts and "main" in texts, texts[:10]
s = json.load(open(t + "/p.speedscope.json"))
names = [f["name"] for f in s["shared"]["frames"]]
assert "fib" in names and s["profiles"][0]["type"] == "sampled"
assert len(s["profiles"][0]["samples"]) == len(s["profiles"][0]["weights"]) > 0
d = json.load(open(t + "/p.json"))
assert d["overhead"] > 0 and d["baseline_ms"] > 0
assert [p["phase"] for p in d["phases"]][:4] == ["lex", "parse", "resolve", "AST passes"]
PY

# A program that fails is profiled up to its error; the error and status are unchanged.
printf 'fun f(n) { if n == 0 { 1 / 0 } else { f(n - 1) } }\nfun main() { println("x"); f(5) }\n' > "$tmp/err.ruchy"
"$bin" profile --no-overhead "$tmp/err.ruchy" --folded "$tmp/e.folded" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q '^Error: Division by zero' "$tmp/err" && grep -q '^f ' "$tmp/err" &&
  grep -q 'main;f;f;f;f;f;f ' "$tmp/e.folded" && ok || bad "runtime-error-profiled: rc $rc $(head -c 300 "$tmp/err")"
# A runaway recursion: Stack overflow, and a flame graph of bounded size.
printf 'fun f(n) { f(n + 1) + 1 }\nfun main() { f(0) }\n' > "$tmp/so.ruchy"
"$bin" profile --no-overhead "$tmp/so.ruchy" --folded "$tmp/so.folded" --svg "$tmp/so.svg" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q '^Error: Stack overflow' "$tmp/err" && grep -q 'deeper frames' "$tmp/so.folded" &&
  [ "$(stat -c %s "$tmp/so.folded")" -lt 1000000 ] && ok || bad "stack-overflow-profiled: rc $rc"
# Bad command lines.
"$bin" profile "$tmp/missing.ruchy" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "missing-file"
"$bin" profile --hot-time-share=500 "$fib" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "bad-threshold"

# perf names compiled functions (a perf map), internal ones too (fib's pure
# variant, where its time goes), gdb shows them in backtraces.
"$bin" run --perf-map --tier=2 "$fib" 15 > "$tmp/out" 2>&1 &
pid=$!
wait $pid
if grep -Eq '^[0-9a-f]+ [0-9a-f]+ fib\.Int\.t2$' "/tmp/perf-$pid.map" 2>/dev/null &&
   grep -Eq '^[0-9a-f]+ [0-9a-f]+ fib\.Int\.t2\.pure$' "/tmp/perf-$pid.map"; then ok
else bad "perf-map: $(head -3 "/tmp/perf-$pid.map" 2>&1)"; fi
rm -f "/tmp/perf-$pid.map"
# (No inlining: show keeps a frame of its own.)
if command -v gdb >/dev/null; then
  printf 'fun show(n) { println(n) }\nfun walk(n) { if n == 0 { show(42) } else { walk(n - 1) } }\nfun main() { walk(3) }\n' > "$tmp/g.ruchy"
  timeout 120 gdb -batch -ex 'break ruchy::callBuiltin' -ex run -ex 'bt 8' \
    --args "$bin" run --gdb-jit --tier=2 --jit-inline-nodes=0 "$tmp/g.ruchy" > "$tmp/gdb.txt" 2>&1
  grep -Eq '^#1 .* in show\.Int\.t2 ' "$tmp/gdb.txt" && ok || bad "gdb-jit: $(grep '^#' "$tmp/gdb.txt" | head -4)"
fi

# compare-modes: one program in every mode, its arguments passed, the same output.
if "$bin" compare-modes "$fib" 18 --runs 1 --warmup 0 --quiet --json "$tmp/cm.json" >"$tmp/cm.txt" 2>&1 &&
   python3 -c "
import json; d = json.load(open('$tmp/cm.json'))
p = d['benchmarks'][0]
ids = [r['runner'] for r in p['results']]
assert {'t0', 't1', 't2', 'auto'} <= set(ids), ids
assert all(r['checksum'] == 'fib(18) = 2584' and not r['failed'] for r in p['results']), p
" 2>>"$tmp/cm.txt"; then ok; else bad "compare-modes: $(tail -c 400 "$tmp/cm.txt")"; fi
# analyze-flags: every level measured, a recommendation, identical outputs.
if "$bin" analyze-flags "$fib" 15 --runs 1 --json "$tmp/af.json" >"$tmp/af.txt" 2>&1 &&
   python3 -c "
import json; d = json.load(open('$tmp/af.json'))
assert [l['level'] for l in d['levels']] == ['-O0', '-O1', '-O2', '-O3', '-Os', '-Oz']
assert all(l['compile_ms'] > 0 and l['code_bytes'] > 0 and l['run_ms_median'] > 0 for l in d['levels'])
assert d['outputs_identical'] and d['recommendation']
" 2>>"$tmp/af.txt" && grep -q '^recommendation: ' "$tmp/af.txt"; then ok; else bad "analyze-flags: $(tail -c 400 "$tmp/af.txt")"; fi

# The profile accounts for the run's wall time (within 10%) on every benchmark.
for dir in "$root"/bench/programs/*/; do
  b=$(basename "$dir")
  q=$(python3 -c "import json,sys; print([x['quick'] for x in json.load(open('$root/bench/programs/manifest.json'))['benchmarks'] if x['name']=='$b'][0])")
  if "$bin" profile --no-overhead "$dir$b.ruchy" $q --json "$tmp/b.json" --report /dev/null >/dev/null 2>"$tmp/err" &&
     python3 -c "
import json; d = json.load(open('$tmp/b.json'))
r = d['accounted_ms'] / d['run_ms']
assert 0.9 <= r <= 1.1, r" 2>>"$tmp/err"; then ok; else bad "accounting-$b: $(tail -c 300 "$tmp/err")"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
