#!/usr/bin/env bash
# `ruchy-jit analyze` finds each kind of opportunity, with its location, in
# test/analyze/opportunities.ruchy (written to contain one of each), and the
# program's own output is unchanged.
#   run_analyze_tests.sh BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ruchy-analyze.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
prog=$here/opportunities.ruchy
fail=0
for mode in 0 auto; do
  "$bin" analyze --tier=$mode "$prog" --json "$tmp/a.json" --markdown "$tmp/a.md" --report "$tmp/a.txt" >"$tmp/out" 2>"$tmp/err" ||
    { echo "FAIL analyze --tier=$mode: $(head -c 300 "$tmp/err")"; fail=$((fail + 1)); continue; }
  [ "$(cat "$tmp/out")" = "$("$bin" run --tier=0 "$prog")" ] || { echo "FAIL program output"; fail=$((fail + 1)); }
  python3 - "$tmp/a.json" <<'PY' || fail=$((fail + 1))
import json, sys
d = json.load(open(sys.argv[1]))
found = {(o["kind"], o["line"], o["col"]): o for o in d["opportunities"]}
want = [
    ("constant expression", 18, 37, "60 * 60 * 24"),
    ("pure call with constant arguments", 19, 25, "pure_poly(10)"),
    ("inlining candidate", 2, 1, "fun square"),
    ("tail-recursive function", 8, 1, "fun count_down"),
    ("loop-invariant expression", 20, 30, "limit * scale + 1"),
    ("dead code", 23, 5, "if false"),
    ("dead code", 11, 1, "fun never_called"),
    ("type-unstable function", 12, 1, "fun describe"),
    ("type-unstable call site", 25, 17, "describe("),
]
bad = 0
for kind, line, col, code in want:
    o = found.get((kind, line, col))
    if not o or code not in o["code"] or not o["evidence"] or not o["confidence"]:
        print(f"FAIL missing {kind} at {line}:{col} ({code}); found: {sorted(found)}")
        bad += 1
# Nothing is invented: the loop-invariant finder does not report what the loop changes.
for o in d["opportunities"]:
    if o["kind"] == "loop-invariant expression" and ("total" in o["code"] or o["code"].startswith("i ")):
        print("FAIL variant expression reported:", o["code"]); bad += 1
gains = [o["gain_ms"] for o in d["opportunities"]]
if gains != sorted(gains, reverse=True):
    print("FAIL not ranked by gain"); bad += 1
sys.exit(1 if bad else 0)
PY
  grep -q '^| 1 | ' "$tmp/a.md" && grep -q 'est. gain' "$tmp/a.txt" || { echo "FAIL markdown/text"; fail=$((fail + 1)); }
done
[ $fail -eq 0 ] && echo "analyze tests passed"
[ $fail -eq 0 ]
