#!/usr/bin/env bash
# Runs golden Ruchy programs and compares their behaviour with the expected
# files beside them:
#   NAME.ruchy  the program
#   NAME.out    exact expected stdout
#   NAME.err    (only for programs that must fail) the expected start of the
#               first stderr line; the program must then exit with status 1
#
#   run_golden.sh BINARY DIR|FILE... [-- EXTRA_ARGS...]
#
# Every program runs as `BINARY run EXTRA_ARGS... FILE` with a time limit
# (RUCHY_TEST_TIMEOUT seconds, default 30). Prints one FAIL line per failing
# program and a summary; exit status 0 only when all pass.
set -u
[ $# -ge 2 ] || { echo "usage: $0 BINARY DIR|FILE... [-- EXTRA_ARGS...]" >&2; exit 2; }
bin=$1; shift
targets=(); extra=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; extra=("$@"); break; fi
  targets+=("$1"); shift
done
limit=${RUCHY_TEST_TIMEOUT:-30}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ruchy-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

files=()
for t in "${targets[@]}"; do
  if [ -d "$t" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$t" -type f -name '*.ruchy' | LC_ALL=C sort)
  else
    files+=("$t")
  fi
done

pass=0; fail=0
for f in "${files[@]}"; do
  base=${f%.ruchy}
  ( timeout -k 5 "$limit" "$bin" run ${extra[@]+"${extra[@]}"} "$f" >"$tmp/out" 2>"$tmp/err" </dev/null; exit $? ) 2>/dev/null
  rc=$?
  why=""
  if [ $rc -gt 128 ] || [ $rc -eq 124 ]; then
    why="crashed or timed out (status $rc)"
  elif [ -f "$base.err" ]; then
    want=$(head -n 1 "$base.err")
    got=$(head -n 1 "$tmp/err")
    [ $rc -eq 1 ] || why="exit status $rc, expected 1"
    case "$got" in "$want"*) ;; *) why="${why:+$why; }stderr '$got', expected '$want'";; esac
  elif [ $rc -ne 0 ]; then
    why="exit status $rc, expected 0: $(head -n 1 "$tmp/err")"
  fi
  if [ ! -f "$base.out" ]; then
    why="${why:+$why; }missing $base.out"
  elif ! cmp -s "$base.out" "$tmp/out"; then
    why="${why:+$why; }stdout differs: $(diff "$base.out" "$tmp/out" | head -n 3 | tr '\n' ' ')"
  fi
  if [ -z "$why" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $f: $why"; fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
